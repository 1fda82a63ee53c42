// A channel's history a page at a time (SPEC §2, §7): the newest page, older pages with
// `before`, catching up with `after`, jumping with `around`; a Link header names the previous
// page. Shared by /api/messages/ and /api/channels/{id}/messages/.
#pragma once
#include <boost/asio/thread_pool.hpp>
#include <optional>
#include <string>

#include "http/request_context.hpp"
#include "http/types.hpp"
#include "store/store.hpp"

namespace api {

// nullopt when absent or empty; sets error when present but not a non-negative integer.
std::optional<std::int64_t> id_param(const http::RequestContext& ctx, std::string_view name,
                                     std::optional<http::Response>& error);

// link_base: the route's path with its query up to the paging parameters, e.g.
// "/api/messages/?channel_id=3&".
http::Task<http::Response> history_page(store::Store& store, boost::asio::thread_pool& db_pool,
                                        http::RequestContext& ctx, std::int64_t channel_id,
                                        const std::string& link_base);

}  // namespace api
