// A channel's history, a page at a time (SPEC §2): newest page, older pages with `before`,
// catching up with `after`; a Link header names the previous page.
#include "api/community_deps.hpp"
#include "api/community_json.hpp"
#include "api/request_io.hpp"
#include "http/response.hpp"
#include "util/offload.hpp"

namespace api {
namespace {

constexpr std::int64_t kDefaultPage = 50;
constexpr std::int64_t kMaxPage = 200;

// nullopt when absent or empty; sets error when present but not a non-negative integer.
std::optional<std::int64_t> id_param(const http::RequestContext& ctx, std::string_view name,
                                     std::optional<http::Response>& error) {
  auto text = ctx.query_value(name);
  if (!text || text->empty()) return std::nullopt;
  auto value = parse_id(*text);
  if (!value && !error) error = field_error(name, "A valid integer is required.");
  return value;
}

http::Task<http::Response> handle_messages(const CommunityDeps& deps, http::RequestContext& ctx) {
  std::optional<http::Response> error;
  auto channel_id = id_param(ctx, "channel_id", error);
  auto before = id_param(ctx, "before", error);
  auto after = id_param(ctx, "after", error);
  auto limit = id_param(ctx, "limit", error);
  if (error) co_return std::move(*error);
  if (!channel_id) co_return field_error("channel_id", "This field is required.");
  if (limit && *limit < 1) {
    co_return field_error("limit", "Ensure this value is greater than or equal to 1.");
  }
  store::MessagePage page;
  page.channel_id = *channel_id;
  page.before = before;
  page.after = after;
  page.limit = static_cast<int>(std::min(limit.value_or(kDefaultPage), kMaxPage));

  auto messages =
      co_await util::offload(deps.db_pool, [&] { return deps.store.messages_page(page); });

  std::string body;
  body.reserve(64 + messages.size() * 160);
  body += '[';
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (i) body += ',';
    append_message_json(body, messages[i]);
  }
  body += ']';
  auto response = http::json_response(http::Status::ok, std::move(body));
  // Older messages may exist when this page is full (or when it answers `after`).
  if (!messages.empty() &&
      (page.after || messages.size() == static_cast<std::size_t>(page.limit))) {
    response.set(http::bhttp::field::link,
                 "</api/messages/?channel_id=" + std::to_string(page.channel_id) +
                     "&before=" + std::to_string(messages.front().id) +
                     "&limit=" + std::to_string(page.limit) + ">; rel=\"prev\"");
  }
  co_return response;
}

}  // namespace

void register_message_routes(http::Router& router, DepsPtr deps) {
  router.add(http::Verb::get, "/api/messages/",
             [deps](http::RequestContext& ctx) { return handle_messages(*deps, ctx); },
             {.auth = http::AuthPolicy::required});
}

}  // namespace api
