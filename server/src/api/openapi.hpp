// The OpenAPI 3 document (/api/docs/schema/, YAML or ?format=json) and Swagger UI
// (/api/docs/schema/ui/) served from local files.
#pragma once
#include <boost/asio/thread_pool.hpp>
#include <filesystem>
#include <string>
#include <string_view>

#include "http/router.hpp"

namespace api {

// Embedded at build time from server/openapi/parley.yaml (server/openapi/embed.py).
extern const std::string_view kOpenApiYaml;
extern const std::string_view kOpenApiJson;

// The configured directory, else swagger-ui-dist installed in the checkout by
// scripts/build-docs-ui; empty when none is found.
std::filesystem::path find_docs_root(const std::string& configured);

void register_openapi_routes(http::Router& router, const std::filesystem::path& docs_root,
                             boost::asio::thread_pool& file_pool);

}  // namespace api
