// Message search (SPEC §13): GET /api/servers/{id}/messages/search/ across the channels of a
// server the caller may read, and GET /api/channels/{id}/messages/search/ in one channel or
// DM. Which channels may be searched is decided here, through the permission function, before
// the store is asked; q is only ever text (chat/search_text quotes every token).
#include <algorithm>

#include "api/channel_change.hpp"
#include "api/history.hpp"
#include "api/request_io.hpp"
#include "chat/permission_cache.hpp"
#include "chat/permissions.hpp"
#include "codec/message_json.hpp"
#include "http/response.hpp"
#include "util/offload.hpp"

namespace api {
namespace {

constexpr std::int64_t kMaxLimit = 25;
// Deep pages cost a scan of every match before them; refine the query instead.
constexpr std::int64_t kMaxOffset = 5000;
constexpr std::size_t kMaxQueryChars = 512;

std::size_t utf8_chars(std::string_view text) {
  std::size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

bool has_filter(const store::SearchQuery& query) {
  return query.author_id || query.mentions || query.has_attachment || query.has_link;
}

// The query string's filters and paging, or the 400 to answer. Channels are left to the route.
std::optional<http::Response> read_search_query(const http::RequestContext& ctx,
                                                store::SearchQuery& query,
                                                std::optional<std::int64_t>& channel_id) {
  std::optional<http::Response> error;
  auto q = ctx.query_value("q").value_or("");
  if (utf8_chars(q) > kMaxQueryChars) {
    return field_error("q", "Ensure this field has no more than 512 characters.");
  }
  query.terms = chat::search_terms(q);
  query.author_id = id_param(ctx, "author_id", error);
  channel_id = id_param(ctx, "channel_id", error);
  query.mentions = id_param(ctx, "mentions", error);
  query.before = id_param(ctx, "before", error);
  query.after = id_param(ctx, "after", error);
  auto limit = id_param(ctx, "limit", error);
  auto offset = id_param(ctx, "offset", error);
  if (error) return error;
  if (auto has = ctx.query_value("has"); has && !has->empty()) {
    if (*has == "attachment") {
      query.has_attachment = true;
    } else if (*has == "link") {
      query.has_link = true;
    } else {
      return field_error("has", "\"" + *has + "\" is not a valid choice (attachment, link).");
    }
  }
  if (limit && (*limit < 1 || *limit > kMaxLimit)) {
    return field_error("limit", "Ensure this value is between 1 and 25.");
  }
  if (offset && *offset > kMaxOffset) {
    return field_error("offset", "Ensure this value is less than or equal to 5000.");
  }
  query.limit = static_cast<int>(limit.value_or(kMaxLimit));
  query.offset = static_cast<int>(offset.value_or(0));
  if (q.empty() && !has_filter(query)) {
    return field_error("q", "This field is required unless author_id, mentions or has is given.");
  }
  return std::nullopt;
}

// Text that holds no word (only punctuation, say) and no filter finds nothing, not everything.
bool asks_nothing(const store::SearchQuery& query) {
  return query.terms.empty() && !has_filter(query);
}

http::Response search_response(const store::SearchResult& result) {
  std::string body;
  body.reserve(64 + result.messages.size() * 300);
  body += "{\"total_results\":" + std::to_string(result.total) + ",\"messages\":[";
  for (std::size_t i = 0; i < result.messages.size(); ++i) {
    if (i) body += ',';
    codec::append_message_json(body, result.messages[i]);
  }
  body += "]}";
  return http::json_response(http::Status::ok, std::move(body));
}

// Runs the search unless the text asked for nothing (then the answer is empty).
http::Task<http::Response> run_search(const MessageDeps& deps, store::SearchQuery& query) {
  if (asks_nothing(query)) co_return search_response({});
  auto result =
      co_await util::offload(deps.db_pool, [&] { return deps.store.search_messages(query); });
  co_return search_response(result);
}

http::Task<http::Response> handle_server_search(const MessageDeps& deps,
                                                http::RequestContext& ctx) {
  auto server_id = parse_id(ctx.param("id"));
  if (!server_id) co_return http::not_found();
  store::SearchQuery query;
  std::optional<std::int64_t> channel_filter;
  if (auto error = read_search_query(ctx, query, channel_filter)) co_return std::move(*error);
  auto user_id = ctx.principal->user_id;
  query.reader_id = user_id;
  auto id = *server_id;
  // The server's channels the caller may read: VIEW_CHANNEL and READ_MESSAGE_HISTORY there.
  enum class Found { no_server, ok };
  std::vector<std::int64_t> readable;
  auto found = co_await util::offload(deps.db_pool, [&] {
    auto server = deps.store.find_server(id);
    if (!server) return Found::no_server;
    auto permissions = chat::PermissionCache::load(deps.store, id);
    if (!permissions) return Found::no_server;
    bool member = deps.store.is_member(id, user_id);
    for (const auto& channel : server->channels) {
      auto bits = chat::channel_permissions(*permissions, channel.id, user_id, member);
      if (chat::has(bits, chat::perm::view_channel | chat::perm::read_message_history)) {
        readable.push_back(channel.id);
      }
    }
    return Found::ok;
  });
  if (found == Found::no_server) co_return http::not_found();
  if (readable.empty()) co_return permission_denied();
  if (channel_filter) {
    if (std::find(readable.begin(), readable.end(), *channel_filter) == readable.end()) {
      co_return field_error("channel_id", "Not a channel of this server that you may read.");
    }
    readable = {*channel_filter};
  }
  query.channel_ids = std::move(readable);
  co_return co_await run_search(deps, query);
}

http::Task<http::Response> handle_channel_search(const MessageDeps& deps,
                                                 http::RequestContext& ctx) {
  ChannelCaller caller;
  if (auto refusal = co_await find_channel_caller(deps, ctx, caller)) co_return std::move(*refusal);
  if (!chat::has(caller.access.permissions, chat::perm::read_message_history)) {
    co_return permission_denied();
  }
  store::SearchQuery query;
  std::optional<std::int64_t> channel_filter;
  if (auto error = read_search_query(ctx, query, channel_filter)) co_return std::move(*error);
  if (channel_filter && *channel_filter != caller.channel_id) {
    co_return field_error("channel_id", "This route searches its own channel only.");
  }
  query.reader_id = caller.actor.user_id;
  query.channel_ids = {caller.channel_id};
  co_return co_await run_search(deps, query);
}

}  // namespace

void register_search_routes(http::Router& router, MessageDepsPtr deps) {
  using http::Verb;
  const http::RouteOptions auth{.auth = http::AuthPolicy::required};
  router.add(
      Verb::get, "/api/servers/{id:int}/messages/search/",
      [deps](http::RequestContext& ctx) { return handle_server_search(*deps, ctx); }, auth);
  router.add(
      Verb::get, "/api/channels/{id:int}/messages/search/",
      [deps](http::RequestContext& ctx) { return handle_channel_search(*deps, ctx); }, auth);
}

}  // namespace api
