// Categories: the public list (SPEC §2) and staff management (docs/API.md).
#include "api/community_deps.hpp"
#include "api/community_json.hpp"
#include "api/request_io.hpp"
#include "chat/community_rules.hpp"
#include "http/response.hpp"
#include "util/offload.hpp"

namespace api {

http::Task<bool> is_staff(const CommunityDeps& deps, std::int64_t account_id) {
  auto account =
      co_await util::offload(deps.db_pool, [&] { return deps.store.find_account(account_id); });
  co_return account && account->is_staff && account->is_active;
}

namespace {

http::Response category_response(http::Status status, const model::Category& category) {
  return http::json_response(status, boost::json::value(category_json(category)));
}

http::Task<http::Response> handle_category_list(const CommunityDeps& deps, http::RequestContext&) {
  auto categories =
      co_await util::offload(deps.db_pool, [&] { return deps.store.list_categories(); });
  boost::json::array body;
  for (const auto& category : categories) body.emplace_back(category_json(category));
  co_return http::json_response(http::Status::ok, boost::json::value(std::move(body)));
}

http::Task<http::Response> handle_category_create(const CommunityDeps& deps,
                                                  http::RequestContext& ctx) {
  if (!co_await is_staff(deps, ctx.principal->user_id)) co_return permission_denied();
  auto body = read_json_object(ctx.request);
  if (body.error) co_return std::move(*body.error);
  FieldReader fields(body.object);
  auto name = fields.text("name", chat::kMaxCategoryName, true, false);
  auto description = fields.nullable_text("description", chat::kMaxCategoryDescription);
  if (!fields.ok()) co_return fields.error_response();

  auto created = co_await util::offload(deps.db_pool, [&]() -> std::optional<model::Category> {
    auto id = deps.store.create_category(*name, description.value_or(std::nullopt));
    if (!id) return std::nullopt;
    return deps.store.find_category(*id);
  });
  if (!created) co_return field_error("name", "category with this name already exists.");
  co_return category_response(http::Status::created, *created);
}

http::Task<http::Response> handle_category_update(const CommunityDeps& deps,
                                                  http::RequestContext& ctx) {
  if (!co_await is_staff(deps, ctx.principal->user_id)) co_return permission_denied();
  auto id = parse_id(ctx.param("id"));
  if (!id) co_return http::not_found();
  auto body = read_json_object(ctx.request);
  if (body.error) co_return std::move(*body.error);
  FieldReader fields(body.object);
  auto name = fields.text("name", chat::kMaxCategoryName, false, false);
  auto description = fields.nullable_text("description", chat::kMaxCategoryDescription);
  if (!fields.ok()) co_return fields.error_response();

  struct Result {
    store::CategoryChange change = store::CategoryChange::not_found;
    std::optional<model::Category> category;
  };
  auto result = co_await util::offload(deps.db_pool, [&] {
    Result r;
    r.change = deps.store.update_category(*id, name, description);
    r.category = deps.store.find_category(*id);
    return r;
  });
  if (result.change == store::CategoryChange::not_found || !result.category) {
    co_return http::not_found();
  }
  if (result.change == store::CategoryChange::name_taken) {
    co_return field_error("name", "category with this name already exists.");
  }
  co_return category_response(http::Status::ok, *result.category);
}

http::Task<http::Response> handle_category_delete(const CommunityDeps& deps,
                                                  http::RequestContext& ctx) {
  if (!co_await is_staff(deps, ctx.principal->user_id)) co_return permission_denied();
  auto id = parse_id(ctx.param("id"));
  if (!id) co_return http::not_found();
  struct Result {
    store::CategoryChange change = store::CategoryChange::not_found;
    std::optional<model::Category> before;
  };
  auto result = co_await util::offload(deps.db_pool, [&] {
    Result r;
    r.before = deps.store.find_category(*id);
    r.change = deps.store.delete_category(*id);
    return r;
  });
  switch (result.change) {
    case store::CategoryChange::not_found:
      co_return http::not_found();
    case store::CategoryChange::in_use:
      co_return http::json_response(http::Status::conflict,
                                    boost::json::value{{"error", "Category is in use by servers"}});
    default:
      break;
  }
  if (result.before && result.before->icon) {
    auto file = deps.media_root / *result.before->icon;
    co_await util::offload(deps.image_pool, [&] {
      std::error_code ec;
      std::filesystem::remove(file, ec);
    });
  }
  co_return http::empty_response(http::Status::no_content);
}

}  // namespace

void register_category_routes(http::Router& router, DepsPtr deps) {
  using http::AuthPolicy;
  using http::Verb;
  router.add(Verb::get, "/api/server/category/",
             [deps](http::RequestContext& ctx) { return handle_category_list(*deps, ctx); });
  router.add(Verb::post, "/api/server/category/",
             [deps](http::RequestContext& ctx) { return handle_category_create(*deps, ctx); },
             {.auth = AuthPolicy::required});
  router.add(Verb::patch, "/api/server/category/{id:int}/",
             [deps](http::RequestContext& ctx) { return handle_category_update(*deps, ctx); },
             {.auth = AuthPolicy::required});
  router.add(Verb::delete_, "/api/server/category/{id:int}/",
             [deps](http::RequestContext& ctx) { return handle_category_delete(*deps, ctx); },
             {.auth = AuthPolicy::required});
}

}  // namespace api
