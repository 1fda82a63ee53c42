// A channel's event log (SPEC §6): GET /api/channels/{id}/events/?after_seq=N&limit=K gives
// the frames the sockets received, oldest first, and the channel's newest seq.
#include "api/channel_change.hpp"
#include "api/history.hpp"
#include "api/request_io.hpp"
#include "chat/permissions.hpp"
#include "codec/json_text.hpp"
#include "http/response.hpp"
#include "util/offload.hpp"

namespace api {
namespace {

constexpr std::int64_t kDefaultEvents = 100;
constexpr std::int64_t kMaxEvents = 500;

http::Task<http::Response> handle_events(const MessageDeps& deps, http::RequestContext& ctx) {
  ChannelCaller caller;
  if (auto refusal = co_await find_channel_caller(deps, ctx, caller)) co_return std::move(*refusal);
  if (!chat::has(caller.access.permissions, chat::perm::read_message_history)) {
    co_return permission_denied();
  }
  std::optional<http::Response> error;
  auto after_seq = id_param(ctx, "after_seq", error);
  auto limit = id_param(ctx, "limit", error);
  if (error) co_return std::move(*error);
  if (limit && *limit < 1) {
    co_return field_error("limit", "Ensure this value is greater than or equal to 1.");
  }
  auto channel_id = caller.channel_id;
  auto after = after_seq.value_or(0);
  int count = static_cast<int>(std::min(limit.value_or(kDefaultEvents), kMaxEvents));
  struct Page {
    store::EventWindow window;
    std::vector<model::Event> events;
  };
  auto page = co_await util::offload(deps.db_pool, [&] {
    Page out;
    out.window = deps.store.event_window(channel_id);
    if (after >= out.window.resumable_after) {
      out.events = deps.store.events_after(channel_id, after, count);
    }
    return out;
  });
  if (!page.window.found) co_return http::not_found();
  if (after < page.window.resumable_after) {
    boost::json::object body{{"detail", "These events are no longer kept; reload the channel."},
                             {"code", "resync_required"}};
    co_return http::json_response(http::Status::gone, boost::json::value(std::move(body)));
  }
  std::string body;
  std::size_t bytes = 64;
  for (const auto& event : page.events) bytes += event.frame.size() + 1;
  body.reserve(bytes);
  body += R"({"events":[)";
  for (std::size_t i = 0; i < page.events.size(); ++i) {
    if (i) body += ',';
    body += page.events[i].frame;
  }
  body += R"(],"last_seq":)";
  // The log may have grown between the two reads: last_seq is never behind what is listed.
  auto last_seq = page.window.last_seq;
  if (!page.events.empty()) last_seq = std::max(last_seq, page.events.back().seq);
  codec::append_int(body, last_seq);
  body += '}';
  co_return http::json_response(http::Status::ok, std::move(body));
}

}  // namespace

void register_event_routes(http::Router& router, MessageDepsPtr deps) {
  router.add(http::Verb::get, "/api/channels/{id:int}/events/",
             [deps](http::RequestContext& ctx) { return handle_events(*deps, ctx); },
             {.auth = http::AuthPolicy::required});
}

}  // namespace api
