// Servers: the public list with its filters (GET /api/server/select/, SPEC §2) and the
// owners' management routes (docs/API.md: POST /api/servers/, PATCH/DELETE /api/servers/{id}/).
#include <algorithm>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <filesystem>

#include "api/audit.hpp"
#include "api/community_deps.hpp"
#include "api/community_json.hpp"
#include "api/request_io.hpp"
#include "api/server_caller.hpp"
#include "chat/community_rules.hpp"
#include "chat/permission_cache.hpp"
#include "chat/permissions.hpp"
#include "http/dispatcher.hpp"
#include "http/response.hpp"
#include "util/log.hpp"
#include "util/offload.hpp"

namespace api {
namespace {

// The original's booleans: only "true" is true. Anything but true/false is refused.
std::optional<bool> parse_flag(std::string_view text) {
  if (text == "true") return true;
  if (text == "false") return false;
  return std::nullopt;
}

// A non-empty query parameter (the original ignores empty ones: `if qty:`).
std::optional<std::string> query_param(const http::RequestContext& ctx, std::string_view name) {
  auto value = ctx.query_value(name);
  if (value && value->empty()) return std::nullopt;
  return value;
}

// "visibility": "public" | "private" (SPEC §10); nullopt when absent or refused (the error is
// in fields).
std::optional<bool> read_visibility(FieldReader& fields) {
  auto text = fields.text("visibility", 16, false, false, false);
  if (!text) return std::nullopt;
  if (*text == "public") return false;
  if (*text == "private") return true;
  fields.add_error("visibility", "\"" + *text + "\" is not a valid choice.");
  return std::nullopt;
}

http::Response list_error(std::string message) {
  return http::json_response(http::Status::bad_request,
                             boost::json::value(boost::json::array{boost::json::string(message)}));
}

http::Response server_response(http::Status status, const model::Server& server) {
  return http::json_response(status, boost::json::value(server_json(server)));
}

// Channels hidden by overwrites are absent from the list for those who may not view them
// (SPEC §10); each server's permission data comes from the cache (read once, then shared).
void hide_invisible_channels(store::Store& store, model::Id reader,
                             std::vector<model::Server>& servers) {
  std::vector<model::Id> mine;
  if (reader != 0) mine = store.server_ids_of(reader);
  // The list left out private servers of others already (ServerFilter::visible_to).
  for (auto& server : servers) {
    auto permissions = chat::PermissionCache::load(store, server.id);
    if (!permissions) continue;
    bool member = std::binary_search(mine.begin(), mine.end(), server.id);
    std::erase_if(server.channels, [&](const model::Channel& channel) {
      return !chat::has(chat::channel_permissions(*permissions, channel.id, reader, member),
                        chat::perm::view_channel);
    });
  }
}

http::Task<http::Response> handle_server_list(const CommunityDeps& deps,
                                              http::RequestContext& ctx) {
  store::ServerFilter filter;
  filter.category = query_param(ctx, "category");
  if (auto by_user = query_param(ctx, "by_user")) {
    auto flag = parse_flag(*by_user);
    if (!flag) co_return field_error("by_user", "Must be true or false.");
    if (*flag) {
      if (!ctx.principal) co_return http::credentials_not_provided();
      filter.member_id = ctx.principal->user_id;
    }
  }
  auto server_param = query_param(ctx, "by_serverid");
  if (!server_param) server_param = query_param(ctx, "by_server_id");
  if (server_param) {
    std::int64_t id = 0;
    const auto& text = *server_param;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || end != text.data() + text.size()) {
      co_return list_error("Server value error");
    }
    filter.server_id = id;
  }
  if (auto with_num = query_param(ctx, "with_num_members")) {
    auto flag = parse_flag(*with_num);
    if (!flag) co_return field_error("with_num_members", "Must be true or false.");
    filter.with_num_members = *flag;
  }
  filter.limit = chat::kMaxServersPerList;
  if (auto qty = query_param(ctx, "qty")) {
    auto n = parse_id(*qty);
    if (!n || *n < 1 || *n > chat::kMaxServersPerList) {
      co_return field_error("qty", "Ensure this value is an integer between 1 and 100.");
    }
    filter.limit = static_cast<int>(*n);
  }

  model::Id reader = ctx.principal ? ctx.principal->user_id : 0;
  filter.visible_to = reader;  // private servers only for their members
  auto servers = co_await util::offload(deps.db_pool, [&] {
    auto found = deps.store.list_servers(filter);
    hide_invisible_channels(deps.store, reader, found);
    return found;
  });
  if (filter.server_id && servers.empty()) {
    co_return list_error("Server with id " + *server_param + " not found");
  }
  boost::json::array body;
  body.reserve(servers.size());
  for (const auto& server : servers) body.emplace_back(server_json(server));
  co_return http::json_response(http::Status::ok, boost::json::value(std::move(body)));
}

http::Task<http::Response> handle_server_create(const CommunityDeps& deps,
                                                http::RequestContext& ctx) {
  auto body = read_json_object(ctx.request);
  if (body.error) co_return std::move(*body.error);
  FieldReader fields(body.object);
  auto name = fields.text("name", chat::kMaxServerName, true, false);
  auto category_name = fields.text("category", chat::kMaxCategoryName, true, false);
  auto description = fields.nullable_text("description", chat::kMaxServerDescription);
  auto is_private = read_visibility(fields);
  if (!fields.ok()) co_return fields.error_response();

  auto category = co_await util::offload(
      deps.db_pool, [&] { return deps.store.find_category_by_name(*category_name); });
  if (!category) {
    co_return field_error("category", "Object with name=" + *category_name + " does not exist.");
  }
  store::NewServer server{*name, description.value_or(std::nullopt), ctx.principal->user_id,
                          category->id, is_private.value_or(false)};
  auto created = co_await util::offload(deps.db_pool, [&] {
    auto id = deps.store.create_server(server);
    return deps.store.find_server(id);
  });
  if (!created) co_return http::not_found();  // deleted in between
  util::LogEvent("server.created")
      .add("server_id", created->id)
      .add("owner", created->owner_id)
      .info();
  co_return server_response(http::Status::created, *created);
}

http::Task<http::Response> handle_server_update(const CommunityDeps& deps,
                                                http::RequestContext& ctx) {
  std::int64_t id = 0;
  if (auto refusal = co_await refuse_unless_allowed(deps, ctx, id, chat::perm::manage_guild)) {
    co_return std::move(*refusal);
  }

  auto body = read_json_object(ctx.request);
  if (body.error) co_return std::move(*body.error);
  FieldReader fields(body.object);
  store::ServerPatch patch;
  patch.name = fields.text("name", chat::kMaxServerName, false, false);
  patch.description = fields.nullable_text("description", chat::kMaxServerDescription);
  auto category_name = fields.text("category", chat::kMaxCategoryName, false, false);
  patch.is_private = read_visibility(fields);
  if (!fields.ok()) co_return fields.error_response();
  auto audit = read_audit_reason(ctx.request);
  if (audit.error) co_return std::move(*audit.error);

  if (category_name) {
    auto category = co_await util::offload(
        deps.db_pool, [&] { return deps.store.find_category_by_name(*category_name); });
    if (!category) {
      co_return field_error("category", "Object with name=" + *category_name + " does not exist.");
    }
    patch.category_id = category->id;
  }
  bool was_private = false;
  std::optional<model::MemberServer> shown;
  chat::ServerPermissionsPtr permissions;
  auto user_id = ctx.principal->user_id;
  auto updated = co_await util::offload(deps.db_pool, [&] {
    std::optional<model::Server> now;
    deps.store.transaction([&] {
      auto before = deps.store.find_server(id);
      if (!before) return;
      was_private = before->is_private;
      deps.store.update_server(id, patch);
      now = deps.store.find_server(id);
      if (!now) return;
      auto text = [](const std::optional<std::string>& t) {
        return t ? boost::json::value(*t) : boost::json::value(nullptr);
      };
      auto visibility = [](bool is_private) { return is_private ? "private" : "public"; };
      AuditRecord(id, "server.update", user_id, id, audit.reason)
          .change("name", before->name, now->name)
          .change("description", text(before->description), text(now->description))
          .change("category", before->category_name, now->category_name)
          .change("visibility", visibility(before->is_private), visibility(now->is_private))
          .write(deps.store);
    });
    if (now && now->is_private != was_private) {
      // Who may see the server changed: every node forgets its permission data, and what is
      // read since decides again who may follow it (below).
      chat::forget_permissions(id);
      permissions = chat::PermissionCache::load(deps.store, id);
      shown = deps.store.member_server(id);
    }
    return now;
  });
  if (!updated) co_return http::not_found();
  deps.events.server_updated(*updated);
  // Made private: non-members reading it lose its channel sockets (4003) and member list.
  if (shown && permissions) deps.events.permissions_changed(*shown, permissions);
  co_return server_response(http::Status::ok, *updated);
}

http::Task<http::Response> handle_server_delete(const CommunityDeps& deps,
                                                http::RequestContext& ctx) {
  std::int64_t id = 0;
  // Deleting a server stays its owner's (SPEC §10).
  if (auto refusal = co_await refuse_unless_allowed(deps, ctx, id, 0)) {
    co_return std::move(*refusal);
  }
  std::vector<model::Id> channels;
  bool deleted = co_await util::offload(deps.db_pool, [&] {
    if (auto server = deps.store.find_server(id)) {
      for (const auto& channel : server->channels) channels.push_back(channel.id);
    }
    return deps.store.delete_server(id);
  });
  if (!deleted) co_return http::not_found();
  deps.events.server_deleted(id, channels);
  // The rows are gone; now its uploaded files (every file under media/server/<id>/).
  co_await util::offload(deps.image_pool, [&] {
    std::error_code ec;
    std::filesystem::remove_all(deps.media_root / "server" / std::to_string(id), ec);
  });
  util::LogEvent("server.deleted").add("server_id", id).info();
  co_return http::empty_response(http::Status::no_content);
}

}  // namespace

http::Task<std::optional<http::Response>> refuse_unless_allowed(const CommunityDeps& deps,
                                                                http::RequestContext& ctx,
                                                                std::int64_t& server_id,
                                                                std::uint64_t bit) {
  ServerCaller caller;
  if (auto refusal = co_await refuse_without(deps, ctx, caller, bit)) co_return refusal;
  server_id = caller.server.id;
  co_return std::nullopt;
}

void register_server_routes(http::Router& router, DepsPtr deps) {
  using http::AuthPolicy;
  using http::Verb;
  router.add(Verb::get, "/api/server/select/",
             [deps](http::RequestContext& ctx) { return handle_server_list(*deps, ctx); });
  router.add(Verb::post, "/api/servers/",
             [deps](http::RequestContext& ctx) { return handle_server_create(*deps, ctx); },
             {.auth = AuthPolicy::required});
  router.add(Verb::patch, "/api/servers/{id:int}/",
             [deps](http::RequestContext& ctx) { return handle_server_update(*deps, ctx); },
             {.auth = AuthPolicy::required});
  router.add(Verb::delete_, "/api/servers/{id:int}/",
             [deps](http::RequestContext& ctx) { return handle_server_delete(*deps, ctx); },
             {.auth = AuthPolicy::required});
}

}  // namespace api
