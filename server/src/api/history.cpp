#include "api/history.hpp"

#include "api/request_io.hpp"
#include "codec/message_json.hpp"
#include "http/response.hpp"
#include "util/offload.hpp"

namespace api {
namespace {

constexpr std::int64_t kDefaultPage = 50;
constexpr std::int64_t kMaxPage = 200;

}  // namespace

std::optional<std::int64_t> id_param(const http::RequestContext& ctx, std::string_view name,
                                     std::optional<http::Response>& error) {
  auto text = ctx.query_value(name);
  if (!text || text->empty()) return std::nullopt;
  auto value = parse_id(*text);
  if (!value && !error) error = field_error(name, "A valid integer is required.");
  return value;
}

http::Task<http::Response> history_page(store::Store& store, boost::asio::thread_pool& db_pool,
                                        http::RequestContext& ctx, std::int64_t channel_id,
                                        const std::string& link_base) {
  std::optional<http::Response> error;
  auto before = id_param(ctx, "before", error);
  auto after = id_param(ctx, "after", error);
  auto around = id_param(ctx, "around", error);
  auto limit = id_param(ctx, "limit", error);
  if (error) co_return std::move(*error);
  if (limit && *limit < 1) {
    co_return field_error("limit", "Ensure this value is greater than or equal to 1.");
  }
  store::MessagePage page;
  page.channel_id = channel_id;
  page.before = before;
  page.after = after;
  page.around = around;
  page.limit = static_cast<int>(std::min(limit.value_or(kDefaultPage), kMaxPage));
  page.reader_id = ctx.principal ? ctx.principal->user_id : 0;

  auto messages = co_await util::offload(db_pool, [&] { return store.messages_page(page); });

  std::string body;
  body.reserve(64 + messages.size() * 260);
  body += '[';
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (i) body += ',';
    codec::append_message_json(body, messages[i]);
  }
  body += ']';
  auto response = http::json_response(http::Status::ok, std::move(body));
  // Older messages may exist when this page is full (or when it answers `after`/`around`).
  if (!messages.empty() &&
      (page.after || page.around || messages.size() == static_cast<std::size_t>(page.limit))) {
    response.set(http::bhttp::field::link,
                 "<" + link_base + "before=" + std::to_string(messages.front().id) +
                     "&limit=" + std::to_string(page.limit) + ">; rel=\"prev\"");
  }
  co_return response;
}

}  // namespace api
