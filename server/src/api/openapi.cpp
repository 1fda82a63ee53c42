#include "api/openapi.hpp"

#include <memory>

#include "http/response.hpp"
#include "http/security_headers.hpp"
#include "http/static_files.hpp"

namespace api {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kUiIndex = R"(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Parley API</title>
<link rel="stylesheet" href="swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="swagger-ui-bundle.js"></script>
<script src="parley-init.js"></script>
</body>
</html>
)";

constexpr std::string_view kUiInit = R"(window.ui = SwaggerUIBundle({
  url: "../?format=json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  withCredentials: true,
});
)";

http::Response text_response(std::string_view type, std::string_view body) {
  http::Response response{http::Status::ok, 11};
  response.set(http::bhttp::field::content_type, type);
  response.set(http::bhttp::field::cache_control, "no-cache");
  response.body() = std::string(body);
  response.prepare_payload();
  return response;
}

http::Task<http::Response> handle_schema(http::RequestContext& ctx) {
  auto format = ctx.query_value("format").value_or("yaml");
  if (format == "json") {
    co_return text_response("application/vnd.oai.openapi+json", kOpenApiJson);
  }
  if (format == "yaml" || format.empty()) {
    co_return text_response("application/vnd.oai.openapi; charset=utf-8", kOpenApiYaml);
  }
  co_return http::not_found();
}

http::Response ui_missing() {
  return http::error_response(http::Status::service_unavailable,
                              "Swagger UI is not installed: run scripts/build-docs-ui.");
}

}  // namespace

fs::path find_docs_root(const std::string& configured) {
  if (!configured.empty()) return configured;
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  auto relative = fs::path("server") / "docs-ui" / "node_modules" / "swagger-ui-dist";
  for (fs::path candidate : {exe.parent_path().parent_path() / relative, relative}) {
    if (!ec && fs::exists(candidate / "swagger-ui-bundle.js", ec)) return candidate;
  }
  return {};
}

void register_openapi_routes(http::Router& router, const fs::path& docs_root,
                             boost::asio::thread_pool& file_pool) {
  using http::Verb;
  router.add(Verb::get, "/api/docs/schema/", handle_schema);
  std::shared_ptr<http::StaticFiles> files;
  if (!docs_root.empty()) {
    files = std::make_shared<http::StaticFiles>(
        docs_root, http::StaticFiles::Options{.cache_control = "public, max-age=3600"}, file_pool);
  }
  router.add(Verb::get, "/api/docs/schema/ui/",
             [files](http::RequestContext& ctx) -> http::Task<http::Response> {
               if (!files) co_return ui_missing();
               auto response = text_response("text/html; charset=utf-8", kUiIndex);
               // The web client's policy: the initializer is a file (parley-init.js).
               http::set_security_headers(ctx.request, response);
               co_return response;
             });
  router.add(Verb::get, "/api/docs/schema/ui/{file}",
             [files](http::RequestContext& ctx) -> http::Task<http::Response> {
               if (!files) co_return ui_missing();
               auto file = ctx.param("file");
               if (file == "parley-init.js") {
                 auto init = text_response("text/javascript; charset=utf-8", kUiInit);
                 http::set_security_headers(ctx.request, init);
                 co_return init;
               }
               auto response = co_await files->serve(ctx.request, file);
               http::set_security_headers(ctx.request, response);
               co_return response;
             });
}

}  // namespace api
