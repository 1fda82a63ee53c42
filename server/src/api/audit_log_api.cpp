// GET /api/servers/{id}/audit-log/?before=ID&limit=K (SPEC §10): VIEW_AUDIT_LOG, newest first.
#include <boost/json/parse.hpp>

#include "api/community_deps.hpp"
#include "api/history.hpp"
#include "api/request_io.hpp"
#include "api/server_caller.hpp"
#include "chat/permissions.hpp"
#include "http/response.hpp"
#include "util/offload.hpp"
#include "util/time.hpp"

namespace api {
namespace {

constexpr int kDefaultPage = 50;
constexpr int kMaxPage = 100;

boost::json::value optional_id(const std::optional<model::Id>& id) {
  return id ? boost::json::value(*id) : boost::json::value(nullptr);
}

boost::json::object entry_json(const store::AuditEntry& entry) {
  boost::json::object out;
  out["id"] = entry.id;
  out["action"] = entry.action;
  out["actor_id"] = optional_id(entry.actor_id);
  out["target_id"] = optional_id(entry.target_id);
  out["reason"] = entry.reason ? boost::json::value(*entry.reason) : boost::json::value(nullptr);
  boost::json::value changes = nullptr;
  if (entry.changes) {
    boost::system::error_code ec;
    auto parsed = boost::json::parse(*entry.changes, ec);
    if (!ec) changes = std::move(parsed);  // written by AuditRecord: always an object
  }
  out["changes"] = std::move(changes);
  out["created_at"] = util::iso8601_micros(entry.created_at);
  return out;
}

http::Task<http::Response> handle_list(const CommunityDeps& deps, http::RequestContext& ctx) {
  ServerCaller caller;
  if (auto refusal = co_await refuse_without(deps, ctx, caller, chat::perm::view_audit_log)) {
    co_return std::move(*refusal);
  }
  std::optional<http::Response> error;
  auto before = id_param(ctx, "before", error);
  auto limit = id_param(ctx, "limit", error);
  if (error) co_return std::move(*error);
  if (limit && (*limit < 1 || *limit > kMaxPage)) {
    co_return field_error("limit", "Ensure this value is between 1 and 100.");
  }
  auto server_id = caller.server.id;
  int page_size = limit ? static_cast<int>(*limit) : kDefaultPage;
  auto page = co_await util::offload(
      deps.db_pool, [&] { return deps.store.audit_log(server_id, before, page_size); });
  boost::json::array out;
  for (const auto& entry : page) out.push_back(entry_json(entry));
  co_return http::json_response(http::Status::ok, boost::json::value(std::move(out)));
}

}  // namespace

void register_audit_log_routes(http::Router& router, DepsPtr deps) {
  http::RouteOptions auth{.auth = http::AuthPolicy::required};
  router.add(
      http::Verb::get, "/api/servers/{id:int}/audit-log/",
      [deps](http::RequestContext& c) { return handle_list(*deps, c); }, auth);
}

}  // namespace api
