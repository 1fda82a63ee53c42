#include "ws/chat_endpoint.hpp"
#include "chat/channel_access.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/write.hpp>
#include <thread>

#include <unistd.h>

#include "http/response.hpp"
#include "util/log.hpp"
#include "util/offload.hpp"
#include "util/service_unavailable.hpp"
#include "ws/channel_session.hpp"
#include "ws/gateway_session.hpp"
#include "ws/handshake.hpp"

namespace ws {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

struct ChatEndpoint::Pending {
  beast::tcp_stream stream;
  http::Request request;
  std::string client_address;
};

namespace {

// What the database says about a socket's user and channel (or, for a gateway, servers).
struct Admission {
  bool account_found = false;
  std::string username;
  bool channel_in_server = false;
  bool is_member = false;
  bool is_owner = false;
  std::uint64_t permissions = 0;
  std::int64_t timeout_until = 0;
  std::vector<model::MemberServer> servers;
  std::vector<model::DirectChannel> dms;
};

http::Response plain_refusal(http::Status status, std::string_view detail, unsigned version) {
  http::Response response{status, version};
  response.set(bhttp::field::content_type, "application/json");
  response.body() = std::string(R"({"detail":")") + std::string(detail) + "\"}";
  response.keep_alive(false);
  response.prepare_payload();
  return response;
}

// A channel socket of this shard, started: it writes the 101, then closes with close_code
// or (0) subscribes and reads.
void start_channel_session(const std::shared_ptr<SessionServices>& services,
                           http::tcp::socket socket, SessionInfo info, bool is_owner,
                           std::uint16_t close_code, realtime::Wire response) {
  auto session =
      std::make_shared<ChannelSession>(services, std::move(socket), std::move(info), is_owner);
  session->start(close_code, std::move(response));
}

}  // namespace

ChatEndpoint::ChatEndpoint(std::vector<asio::io_context*> shards, store::Store& store,
                           store::EventWriter& writer, asio::thread_pool& db_pool,
                           const http::Dispatcher& dispatcher, EndpointOptions options,
                           realtime::Bus* bus)
    : dispatcher_(dispatcher),
      store_(store),
      db_pool_(db_pool),
      own_bus_(bus ? nullptr : std::make_unique<realtime::LocalBus>()),
      bus_(bus ? *bus : *own_bus_),
      hub_(shards),
      chat_(writer, bus_, options.chat),
      presence_(*shards.front(), bus_, store, db_pool, options.presence),
      community_events_(bus_, &presence_),
      dm_events_(bus_) {
  hub_.attach(bus_);
  services_ = std::shared_ptr<SessionServices>(
      new SessionServices{hub_, chat_, store_, db_pool_, presence_, options.limits, {}});
  hub_.start_sweeps(options.sweep_interval);
  util::LogEvent("ws.fanout")
      .add("writes", hub_.sends_through_io_uring() ? "io_uring" : "sendmsg")
      .info();
}

ChatEndpoint::~ChatEndpoint() = default;

void ChatEndpoint::handle_upgrade(beast::tcp_stream stream, http::Request request,
                                  std::string client_address) {
  auto executor = stream.get_executor();
  auto* pending = new Pending{std::move(stream), std::move(request), std::move(client_address)};
  // The pending state travels as a raw pointer: GCC 12 double-destroys class-type coroutine
  // arguments built from temporaries.
  asio::co_spawn(executor, handshake(pending), asio::detached);
}

http::Task<void> ChatEndpoint::handshake(Pending* raw) {
  std::unique_ptr<Pending> pending(raw);
  auto self = shared_from_this();  // sessions and this coroutine keep the endpoint alive
  auto& stream = pending->stream;
  auto& request = pending->request;
  beast::error_code ec;
  try {
    auto refuse = [&](http::Status status, std::string_view detail) {
      return plain_refusal(status, detail, request.version());
    };
    std::optional<http::Response> refusal;
    auto target = parse_chat_target(request.target());
    auto version = request[bhttp::field::sec_websocket_version];
    auto key = request[bhttp::field::sec_websocket_key];
    if (!target) {
      refusal = refuse(http::Status::not_found, "Not found.");
    } else if (dispatcher_.origins().is_foreign(request)) {
      refusal = refuse(http::Status::forbidden, "Origin not allowed.");
    } else if (version != "13") {
      refusal = refuse(http::Status::upgrade_required, "WebSocket version 13 required.");
      refusal->set(bhttp::field::sec_websocket_version, "13");
    } else if (key.size() != 24) {
      refusal = refuse(http::Status::bad_request, "Bad Sec-WebSocket-Key.");
    }
    if (refusal) {
      stream.expires_after(std::chrono::seconds(10));
      co_await bhttp::async_write(stream, *refusal, asio::redirect_error(asio::use_awaitable, ec));
      stream.socket().shutdown(http::tcp::socket::shutdown_send, ec);
      co_return;
    }

    http::AuthOutcome outcome;
    if (const auto& authenticate = dispatcher_.authenticator()) {
      outcome = co_await authenticate(request);
    }
    std::uint16_t close_code = 0;
    SessionInfo info;
    info.protocol = target->protocol;
    bool gateway = target->protocol == Protocol::gateway;
    Admission admission;
    if (outcome.kind != http::AuthOutcome::Kind::authenticated) {
      close_code = 4001;
    } else if (!gateway && (!target->server_id || !target->channel_id)) {
      close_code = 4004;
    } else {
      info.user_id = outcome.principal.user_id;
      info.session_id = outcome.principal.session_id;
      if (!gateway) {
        info.server_id = *target->server_id;
        info.channel_id = *target->channel_id;
      }
      auto& store = store_;
      bool direct = target->direct;
      auto admit = [&store, &info, gateway, direct] {
        Admission admission;
        auto account = store.find_account(info.user_id);
        if (!account || !account->is_active) return admission;
        admission.account_found = true;
        admission.username = account->username;
        if (gateway) {
          admission.servers = store.member_servers(info.user_id);
          chat::restrict_to_visible(store, info.user_id, admission.servers);
          admission.dms = store.direct_channels(info.user_id);
          return admission;
        }
        // /ws/@me/{c} names a DM (found only by its recipients), /ws/{s}/{c} a server's channel.
        auto access = chat::resolve_channel_access(store, info.channel_id, info.user_id);
        admission.channel_in_server =
            access.found && access.dm == direct && access.server_id == info.server_id;
        admission.is_member = admission.channel_in_server && access.is_member;
        admission.is_owner = admission.channel_in_server && access.owner_id == info.user_id;
        admission.permissions = admission.channel_in_server ? access.permissions : 0;
        admission.timeout_until = admission.channel_in_server ? access.timeout_until : 0;
        return admission;
      };
      bool unavailable = false;
      try {
        admission = co_await util::offload(db_pool_, admit);
      } catch (const util::ServiceUnavailable& e) {
        util::LogEvent("ws.database_unavailable").add("error", e.what()).warn();
        unavailable = true;
      }
      if (unavailable) {
        // Refused before the upgrade: the client retries as after any 503.
        auto answer = refuse(http::Status::service_unavailable, http::kServiceUnavailable);
        answer.set(bhttp::field::retry_after, "1");
        stream.expires_after(std::chrono::seconds(10));
        co_await bhttp::async_write(stream, answer, asio::redirect_error(asio::use_awaitable, ec));
        stream.socket().shutdown(http::tcp::socket::shutdown_send, ec);
        co_return;
      }
      if (!admission.account_found) {
        close_code = 4001;
      } else if (!gateway && !admission.channel_in_server) {
        close_code = 4004;
      } else {
        info.username = std::move(admission.username);
        info.is_member = admission.is_member;
        info.permissions = admission.permissions;
        info.timeout_until = admission.timeout_until;
        if (target->protocol == Protocol::parley) {
          info.resume_after = target->after;
          info.resume_after_seq = target->after_seq;
        }
      }
    }

    // The session writes the 101 itself, on its own shard, once it is subscribed.
    auto response = std::make_shared<const std::string>(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Accept: " +
        websocket_accept(key) + "\r\n\r\n");
    stream.expires_never();
    auto socket = stream.release_socket();
    if (gateway && close_code == 0) {
      // A gateway follows many channels: it stays on the shard that accepted it.
      auto session =
          std::make_shared<GatewaySession>(services_, std::move(socket), std::move(info),
                                           std::move(admission.servers), std::move(admission.dms));
      session->start(0, std::move(response));
      co_return;
    }
    if (close_code == 0 && &hub_.home_of(info.channel_id) != &socket.get_executor().context()) {
      move_home(std::move(socket), std::move(info), admission.is_owner, std::move(response));
      co_return;
    }
    start_channel_session(services_, std::move(socket), std::move(info), admission.is_owner,
                          close_code, std::move(response));
  } catch (const std::exception& e) {
    util::LogEvent("ws.handshake_failed").add("error", e.what()).warn();
  }
}

// Hands an admitted socket to its channel's shard (Hub::home_of): the file descriptor leaves
// this io_context and joins that one, where its Session lives from then on.
void ChatEndpoint::move_home(http::tcp::socket socket, SessionInfo info, bool is_owner,
                             realtime::Wire response) {
  boost::system::error_code ec;
  auto protocol = socket.local_endpoint(ec).protocol();
  int fd = ec ? -1 : socket.release(ec);
  if (ec || fd < 0) {  // cannot move it: it stays where it is
    return start_channel_session(services_, std::move(socket), std::move(info), is_owner, 0,
                                 std::move(response));
  }
  auto& home = hub_.home_of(info.channel_id);
  asio::post(home, [services = services_, &home, protocol, fd, info = std::move(info), is_owner,
                    response = std::move(response)]() mutable {
    boost::system::error_code error;
    http::tcp::socket moved(home);
    moved.assign(protocol, fd, error);
    if (error) {
      ::close(fd);
      return;
    }
    start_channel_session(services, std::move(moved), std::move(info), is_owner, 0,
                          std::move(response));
  });
}

void ChatEndpoint::shutdown(std::chrono::milliseconds wait) {
  services_->stopping = true;
  hub_.stop_sweeps();
  hub_.close_all(1001);
  auto deadline = std::chrono::steady_clock::now() + wait;
  while (hub_.live() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void ChatEndpoint::close_session(std::int64_t session_id) {
  hub_.close_session(session_id, 4001);
}

}  // namespace ws
