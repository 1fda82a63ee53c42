// Conn's side of the reconnect storm: dropping a socket as a network failure would, connecting
// again as a resuming client (the tracker keeps what was seen, so a replay's duplicates and
// gaps are counted), and a resumed gateway's catch-up through the events route (SPEC §6: the
// new ready carries each channel's last_seq; the client reads what it missed through
// GET /api/channels/{c}/events/?after_seq=N and applies the live frames that arrived
// meanwhile after it).
#include <boost/json.hpp>

#include <algorithm>

#include "conn.hpp"
#include "rest_client.hpp"

namespace parley_load {

namespace http = boost::beast::http;
namespace json = boost::json;

namespace {
std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
constexpr std::int64_t kPageLimit = 500;  // the events route's clamp
constexpr int kPageAttempts = 5;          // a failed page is asked again (a client retries)
}  // namespace

void Conn::drop() {
  stop_sending();
  if (catch_up_rest_) {
    catch_up_rest_->close();
    catch_up_rest_.reset();
  }
  catching_up_ = false;
  retry_timer_.cancel();
  held_.clear();
  if (open_) {
    open_ = false;
    st_.live.open.fetch_sub(1, std::memory_order_relaxed);
  }
  kill_socket();
}

void Conn::reconnect(std::string path) {
  path_ = std::move(path);
  attempt_done_ = false;
  open_ = false;
  closing_ = false;
  close_sent_ = false;
  shutdown_after_write_ = false;
  in_message_ = false;
  want_out_ = false;
  got_ready_ = false;
  first_event_seen_ = false;
  close_code_ = 0;
  close_why_.clear();
  rbuf_.clear();
  msg_.clear();
  wq_.clear();
  rd_ = Rd::dead;
  start();
}

void Conn::begin_catch_up(std::int64_t last) {
  catching_up_ = true;
  page_failures_ = 0;
  catch_up_to_ = last;
  ++st_.connect.catch_ups;
  if (!catch_up_rest_)
    catch_up_rest_ = std::make_shared<RestClient>(
        static_cast<boost::asio::io_context&>(stream_.get_executor().context()), node_target(),
        session_.cookie, run_.rest_timeout);
  ask_page();
}

void Conn::ask_page() {
  const std::int64_t after = track_.max_seen();
  const std::int64_t limit = std::min(kPageLimit, catch_up_to_ - after);
  auto self = shared_from_this();
  catch_up_rest_->submit(
      [self, after, limit](RestClient::Request& r) {
        r.verb = http::verb::get;
        r.path = "/api/channels/" + std::to_string(self->run_.channel_id) +
                 "/events/?after_seq=" + std::to_string(after) + "&limit=" + std::to_string(limit);
        return true;
      },
      [self](int status, std::string_view body) { self->on_page(status, body); });
}

void Conn::on_page(int status, std::string_view body) {
  if (!catching_up_) return;  // dropped meanwhile
  ++st_.connect.catch_up_pages;
  if (status != 200) {
    // Counted, then asked again after a pause, as a client would; given up after a few.
    const std::string why =
        status == 0 ? "transport error or timeout" : "http " + std::to_string(status);
    ++st_.connect.catch_up_retries[why];
    if (++page_failures_ >= kPageAttempts) return end_catch_up("gave up after 5 failed pages");
    auto self = shared_from_this();
    retry_timer_.expires_after(std::chrono::seconds(1));
    retry_timer_.async_wait([self](boost::system::error_code ec) {
      if (!ec && self->catching_up_) self->ask_page();
    });
    return;
  }
  boost::system::error_code ec;
  const json::value v = json::parse(body, ec);
  const auto* o = ec ? nullptr : v.if_object();
  const auto* evs = o ? o->if_contains("events") : nullptr;
  if (!evs || !evs->is_array()) return end_catch_up("not an events page");
  const std::int64_t before = track_.max_seen();
  const std::int64_t t = now_ns();
  std::string frame;
  for (const auto& e : evs->get_array()) {
    frame = json::serialize(e);
    const EventScan s = run_.escanner.scan(frame);
    if (!is_event(s.type) || s.channel_id != run_.channel_id) {
      ++st_.other_frames;
      continue;
    }
    ++st_.connect.catch_up_events;
    on_event(s, t);
  }
  if (track_.max_seen() >= catch_up_to_) return end_catch_up(nullptr);
  if (evs->get_array().empty() || track_.max_seen() <= before)
    return end_catch_up("events route gave less than ready's last_seq");
  ask_page();
}

void Conn::end_catch_up(const char* failure) {
  catching_up_ = false;
  const std::int64_t t = now_ns();
  if (failure)
    ++st_.connect.catch_up_failures[failure];
  else
    st_.connect.connect_to_caught_up_ns.record(static_cast<std::uint64_t>(t - t_start_ns_));
  if (catch_up_rest_) {
    catch_up_rest_->close();  // its fd is not needed until the next resume
    catch_up_rest_.reset();
  }
  std::vector<std::string> held;
  held.swap(held_);
  for (const auto& f : held) {
    if (rd_ != Rd::open) break;
    on_event_frame(f, t);
  }
}

}  // namespace parley_load
