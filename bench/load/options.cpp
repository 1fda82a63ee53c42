#include "options.hpp"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace parley_load {

namespace {

constexpr const char* kHelp =
    R"(parley-load — WebSocket load generator for Parley (and the djchat reference peer)

usage: parley-load [fanout|idle|discover|connect|catchup|storm|flood] [options]

MODES
  fanout (default)  Log users in, open --connections sockets to one channel, let --senders of
                    them send for --duration seconds (paced at --rate total msgs/s, or
                    --closed-loop), drain for up to --grace seconds, report delivery, loss,
                    duplicates, order and latency.
  idle              Open --connections authenticated sockets that send nothing, hold them for
                    --hold seconds (pings are answered while reading), report how many stayed
                    open and, with --server-pid, the server's RSS growth per socket.
  discover          Print "SERVER_ID CHANNEL_ID JOIN_ID" for --server-name/--channel-name,
                    looked up with GET /api/server/select/ (used by the bench scripts).
  connect           Open --connections sockets (with --gateway: /ws/gateway, until each
                    socket's ready frame) --connect-concurrency at a time; report connects/s
                    and the connect-to-101 / to-ready latency, and the ready frame's size.
  catchup           Time a channel's catch-up from seq 0, --rounds times: the events route
                    (GET /api/channels/{c}/events/?after_seq=...&limit=--page-limit, paged to
                    the channel's last_seq over one keep-alive connection) and a channel
                    socket /ws/{s}/{c}?after_seq=0 until its last_seq-th event; checks seqs
                    1..last_seq arrive once each, in order.
  storm             Reconnect storm: --connections sockets (channel sockets, or --gateway)
                    connect cold, --senders more sockets send at --rate for --warmup s, then
                    every receiver drops at once (no close handshake) and comes back at a
                    random moment within --storm-spread s, resuming: a channel socket with
                    ?after_seq=<newest seq it saw>, a gateway by reading the events route
                    from its newest seq to its new ready's last_seq (live frames held
                    meanwhile). Sending goes on for --after-storm s after every socket is back,
                    then a drain of up to --grace s. Reports connect-to-ready (channel: the
                    101, which the server sends after subscribing; gateway: the ready frame)
                    cold and in the storm, refused attempts, drops, and per receiver lost /
                    duplicate / out-of-order events; server CPU and RSS per phase.
  flood             Half-open HTTP connections and WebSockets that never read, against an
                    ordinary-request probe: --phase-seconds of the probe alone, then the
                    same with --half-open connections (each sends --half-open-bytes of a
                    request header, then nothing) and --slow-readers sockets on --channel-id
                    that never read while --senders send at --rate; reports the probe's
                    latency per phase, what the server did to the flooders (closed, 408,
                    1008), and the server's RSS once a second.

TARGET
  --url ws://HOST:PORT    server (default ws://127.0.0.1:8000); HTTP calls go to the same
                          host and port. Only loopback hosts unless --allow-remote.
  --allow-remote          permit a non-loopback host
  --server-id N           server id (required for fanout/idle)
  --channel-id N          channel id (required for fanout/idle)
  --path-style parley|original
                          parley: /ws/{s}/{c} (default; frames carry a "nonce", error frames
                          {"type":"error"} are counted by code); original: /{s}/{c} (the
                          djchat path; no nonce; the server drops bad messages silently)
  --path TEMPLATE         explicit path template, {s} = server id, {c} = channel id, e.g.
                          '/ws/{s}/{c}/' for the djchat peer's second route. Sets the protocol
                          to parley if it starts with /ws/, else original. The last of
                          --path/--path-style wins.

USERS (logged in with POST /api/token/; the access_token cookie is sent on the handshake)
  --user NAME:PASS        a user (repeatable)
  --users-file FILE       one NAME:PASS per line (# comments)
  --tokens-file FILE      one "NAME ID TOKEN" per line: users that exist already, with access
                          tokens made elsewhere (no login; e.g. bench/storm.sh signs them
                          with the server's --secret-key)
  --register              create users first with POST /api/register/ (409 "exists" is fine):
  --users M               ... M users named PREFIX1..PREFIXM
  --user-prefix PREFIX    ... (default loadu)
  --password P            ... all with this password (default parley-load-pass-1)
  --no-join               do not POST /api/membership/{server}/membership/ for sender users
                          (by default every user that sends joins --server-id; 409 is fine)
  --join-server N         also join server N (repeatable; the djchat peer checks membership
                          of the server whose id equals the channel id — a course bug)
  --login-concurrency N   parallel logins (default 4; the server hashes passwords)
  --corrupt-token         test the failure reporting: send a damaged access token (the
                          server should accept and close with 4001)
  Sockets take users round-robin: socket i uses user i mod M; senders are sockets 0..K-1.

FANOUT
  --node URL              another node of the same cluster (repeatable): socket i connects
                          to node i mod (1 + nodes), --url being node 0, so senders spread
                          too; deliveries whose sender is on another node are also reported
                          as "cross-node" latency. REST calls go to --url.
  --senders-node N        with --node: every sender on node N (0: --url), the receivers
                          still spread over all nodes
  --connections N         sockets (default 20)
  --senders K             sockets that send (default 1)
  --rate R                total messages/s over all senders, paced evenly (default 5)
  --closed-loop           instead of --rate: each sender sends its next message as soon as
                          it sees its previous one echoed back (or after --echo-timeout, or
                          --backoff-ms after an error frame for it)
  --per-user-rate R       the server's per-user send limit to warn against (default 10; Parley
                          allows about 10 msgs/s per user with a burst, so --rate 1000 needs at
                          least 100 sending users: --users 100 --senders 100). The djchat peer
                          has no limit.
  --duration S            sending time (default 10)
  --max-messages N        stop sending after N messages in total (default 1000000)
  --grace S               after sending stops, wait up to S seconds for outstanding deliveries
                          (default 5; ends early when everything acknowledged has arrived)
  --payload-size B        message text length (default 64; minimum is the header length)
  --echo-timeout S        closed loop: give up waiting for an echo after S (default 5)
  --backoff-ms MS         closed loop: pause after an error frame (default 200)
  --verify-every N        fully parse every Nth chat frame with Boost.JSON (and the first 64
                          per thread) to check the fast string scanner (default 1000; 0 = off)

EVENTS (v2 event frames, SPEC §6-§7; fanout and connect)
  --events                every frame is an event frame: each socket checks that the tracked
                          channel's (--channel-id) events arrive with seq strictly increasing,
                          without gap or duplicate; the seq before the run is taken from
                          GET /api/channels/{c}/events/ (or, with --gateway, from ready) and the
                          channel's last_seq after the drain decides what is lost. Latency and
                          deliveries are reported per event type.
  --mix SPEC              implies --events; the senders' actions, e.g.
                          messages=70,reactions=20,edits=5,deletes=5 (weights; missing = 0),
                          paced at --rate actions/s in total: messages over the socket;
                          reactions toggled with PUT/DELETE .../messages/{m}/reactions/{e}/@me/
                          on the channel's latest messages; PATCH and DELETE of the sender's own
                          messages (an edit carries a new payload, so it is timed like a
                          message; deletes and reactions are timed from the sender's request).
                          Sender users need their ids (GET /api/account/me/).
  --gateway               implies --events; sockets are /ws/gateway (first frame ready;
                          messages go out as {"type":"message","channel_id":C,...}); every user
                          joins --server-id
  --after-seq N           channel path: add ?after_seq=N (replay from seq N)
  --rest-timeout S        per REST request of the mixed load (default 10)

CATCHUP
  --rounds R              repetitions (default 3)
  --duration S            wait up to S seconds for the socket's replay (default 10)
  --page-limit K          events per page (default 500)

IDLE
  --connections N         sockets (default 100; up to ~19000 here — RLIMIT_NOFILE is raised
                          to its hard limit)
  --hold S                seconds to hold them open (default 30)

STORM
  --connections N         sockets that drop and come back (users K.. of --tokens-file)
  --senders K             further sockets that send and stay (users 0..K-1)
  --rate R                total messages/s (default 5)
  --warmup S              sending before the storm (default 3)
  --storm-spread S        reconnects spread uniformly over S seconds (default 5; 0: all at once)
  --storm-concurrency N   reconnect attempts in flight at most (default 20000: no cap)
  --storm-retries N       a refused attempt is tried again after 1 s, N times (default 3)
  --storm-deadline S      for every socket to be back and caught up (default 60)
  --after-storm S         sending after that (default 3)
  --resume-skew N         check the checks: channel sockets resume with after_seq = newest
                          seq seen + N (N < 0 must show duplicates, N > 0 losses)
  --grace S               drain: until every receiver has every event (default 5)

FLOOD
  --half-open N           HTTP connections that never finish a request (default 5000)
  --half-open-bytes B     of "GET / HTTP/1.1..." each sends first (default 20; 0: nothing)
  --flood-open-rate R     half-open connects per second at most, re-opens included (default
                          5000: the tool shares the machine with the server)
  --slow-readers N        WebSockets on --channel-id that never read (default 1000)
  --senders K --rate R    the busy channel's traffic (default 1 sender, 5 msgs/s)
  --probe-rate R          ordinary requests/s, paced (default 200)
  --probe-path P          GET P with the first user's token (default /api/account/me/)
  --probe-connections N   keep-alive connections the probe spreads over (default 4)
  --phase-seconds S       length of each phase (default 10)

COMMON
  --threads T             io_context threads (default 1; the server needs the other core)
  --connect-concurrency N handshakes in flight (default 64)
  --connect-timeout S     per connection (TCP + handshake) (default 10)
  --settle S              wait after connecting before measuring, to catch sockets the server
                          accepts and then closes (4001 unauthenticated, 4004 unknown channel)
                          (default 1)
  --server-pid PID[,PID]  server process(es): CPU from /proc/PID/stat (utime+stime) over the
                          measured window and VmRSS from /proc/PID/status (summed over PIDs)
  --json FILE             also write machine-readable results
  --quiet                 no progress line (otherwise one per second on stderr)

DISCOVER
  --server-name NAME      (default "Load Test")
  --channel-name NAME     (default load-1)
  --channel-id-as-server  djchat-peer workaround: print the channel whose id equals the named
                          server's id (any server's), and that server as JOIN_ID

MEASUREMENTS
  Payload "PL1.<run>.<sender>.<seq>.<steady_clock ns>.xxx": latency is receipt time minus send
  time at every recipient (sender included), same machine clock. A message counts as
  acknowledged when its sender sees the echo; expected deliveries = acknowledged messages x
  sockets open when sending started; lost = expected - delivered of those. Duplicates: the
  same (sender, seq) twice on one socket. Order: id not above the previous id on a socket, or
  a sender's seq going backwards. Own CPU (getrusage) is reported as CPU-seconds per 100k
  deliveries; server CPU as microseconds per delivered message.
  Everything is bounded: --duration, --max-messages, --grace, --hold, timeouts.
  Access tokens expire (Parley and the peer default to 5 minutes); keep runs shorter.
  On the original path a rate-limited or refused message is dropped silently, so a closed-loop
  sender waits --echo-timeout for it; use the parley path against Parley.

EXIT STATUS
  0 all sockets connected and (fanout) nothing lost, duplicated or misparsed / (idle) all
  stayed open; 3 otherwise; 1 setup failed (no user could log in, discover found nothing);
  2 bad arguments or unreachable/non-loopback target.
  With event frames (--events, --mix, --gateway, connect, catchup) also 3 when an event was
  lost, duplicated or out of order, or a ready frame was malformed.
)";

double to_double(const std::string& opt, const std::string& v) {
  try {
    std::size_t n = 0;
    double d = std::stod(v, &n);
    if (n != v.size()) throw std::invalid_argument(v);
    return d;
  } catch (...) {
    throw std::runtime_error(opt + ": not a number: " + v);
  }
}

std::int64_t to_int(const std::string& opt, const std::string& v) {
  std::int64_t x = 0;
  auto r = std::from_chars(v.data(), v.data() + v.size(), x);
  if (r.ec != std::errc{} || r.ptr != v.data() + v.size())
    throw std::runtime_error(opt + ": not an integer: " + v);
  return x;
}

UserCred parse_cred(const std::string& s) {
  auto c = s.find(':');
  if (c == std::string::npos || c == 0)
    throw std::runtime_error("user must be NAME:PASS, got: " + s);
  return {s.substr(0, c), s.substr(c + 1)};
}

void check_range(const std::string& name, double v, double lo, double hi) {
  if (!(v >= lo && v <= hi))
    throw std::runtime_error(name + " must be in [" + std::to_string(lo) + ", " +
                             std::to_string(hi) + "]");
}

}  // namespace

void print_help() {
  std::fputs(kHelp, stdout);
}

Options parse_options(int argc, char** argv) {
  Options o;
  int i = 1;
  if (i < argc && argv[i][0] != '-') {
    o.mode = argv[i++];
    if (o.mode != "fanout" && o.mode != "idle" && o.mode != "discover" && o.mode != "connect" &&
        o.mode != "storm" && o.mode != "flood" && o.mode != "catchup")
      throw std::runtime_error("unknown mode: " + o.mode +
                               " (fanout, idle, discover, connect, catchup)");
  }
  for (; i < argc; ++i) {
    std::string a = argv[i];
    std::string val;
    bool has_inline = false;
    if (a.rfind("--", 0) == 0) {
      auto eq = a.find('=');
      if (eq != std::string::npos) {
        val = a.substr(eq + 1);
        a = a.substr(0, eq);
        has_inline = true;
      }
    }
    auto next = [&]() -> std::string {
      if (has_inline) return val;
      if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "-h" || a == "--help") {
      print_help();
      std::exit(0);
    } else if (a == "--mode")
      o.mode = next();
    else if (a == "--url")
      o.url = next();
    else if (a == "--node")
      o.node_urls.push_back(next());
    else if (a == "--senders-node")
      o.senders_node = to_int(a, next());
    else if (a == "--allow-remote")
      o.allow_remote = true;
    else if (a == "--server-id")
      o.server_id = to_int(a, next());
    else if (a == "--channel-id")
      o.channel_id = to_int(a, next());
    else if (a == "--path-style") {
      const std::string st = next();
      if (st == "parley")
        o.path_template = "/ws/{s}/{c}";
      else if (st == "original")
        o.path_template = "/{s}/{c}";
      else
        throw std::runtime_error("--path-style must be parley or original");
    } else if (a == "--path")
      o.path_template = next();
    else if (a == "--user")
      o.users.push_back(parse_cred(next()));
    else if (a == "--tokens-file")
      o.tokens_file = next();
    else if (a == "--warmup")
      o.warmup = to_double(a, next());
    else if (a == "--storm-spread")
      o.storm_spread = to_double(a, next());
    else if (a == "--after-storm")
      o.after_storm = to_double(a, next());
    else if (a == "--storm-concurrency")
      o.storm_concurrency = static_cast<int>(to_int(a, next()));
    else if (a == "--storm-retries")
      o.storm_retries = static_cast<int>(to_int(a, next()));
    else if (a == "--resume-skew")
      o.resume_skew = static_cast<int>(to_int(a, next()));
    else if (a == "--storm-deadline")
      o.storm_deadline = to_double(a, next());
    else if (a == "--half-open")
      o.half_open = static_cast<int>(to_int(a, next()));
    else if (a == "--flood-open-rate")
      o.flood_open_rate = to_double(a, next());
    else if (a == "--half-open-bytes")
      o.half_open_bytes = static_cast<int>(to_int(a, next()));
    else if (a == "--slow-readers")
      o.slow_readers = static_cast<int>(to_int(a, next()));
    else if (a == "--probe-rate")
      o.probe_rate = to_double(a, next());
    else if (a == "--probe-path")
      o.probe_path = next();
    else if (a == "--phase-seconds")
      o.phase_seconds = to_double(a, next());
    else if (a == "--probe-connections")
      o.probe_connections = static_cast<int>(to_int(a, next()));
    else if (a == "--users-file")
      o.users_file = next();
    else if (a == "--register")
      o.do_register = true;
    else if (a == "--users")
      o.num_users = static_cast<int>(to_int(a, next()));
    else if (a == "--user-prefix")
      o.user_prefix = next();
    else if (a == "--password")
      o.password = next();
    else if (a == "--no-join")
      o.join = false;
    else if (a == "--join-server")
      o.extra_join.push_back(to_int(a, next()));
    else if (a == "--corrupt-token")
      o.corrupt_token = true;
    else if (a == "--login-concurrency")
      o.login_concurrency = static_cast<int>(to_int(a, next()));
    else if (a == "--connections")
      o.connections = static_cast<int>(to_int(a, next()));
    else if (a == "--senders")
      o.senders = static_cast<int>(to_int(a, next()));
    else if (a == "--rate") {
      o.rate = to_double(a, next());
      o.rate_given = true;
    } else if (a == "--closed-loop")
      o.closed_loop = true;
    else if (a == "--per-user-rate")
      o.per_user_rate = to_double(a, next());
    else if (a == "--duration")
      o.duration = to_double(a, next());
    else if (a == "--max-messages")
      o.max_messages = static_cast<std::uint64_t>(to_int(a, next()));
    else if (a == "--grace")
      o.grace = to_double(a, next());
    else if (a == "--payload-size")
      o.payload_size = static_cast<int>(to_int(a, next()));
    else if (a == "--echo-timeout")
      o.echo_timeout = to_double(a, next());
    else if (a == "--backoff-ms")
      o.backoff_ms = static_cast<int>(to_int(a, next()));
    else if (a == "--verify-every")
      o.verify_every = static_cast<std::uint32_t>(to_int(a, next()));
    else if (a == "--events")
      o.events = true;
    else if (a == "--mix") {
      o.mix_spec = next();
      o.events = true;
    } else if (a == "--gateway") {
      o.gateway = true;
      o.events = true;
    } else if (a == "--after-seq")
      o.after_seq = to_int(a, next());
    else if (a == "--rest-timeout")
      o.rest_timeout = to_double(a, next());
    else if (a == "--rounds")
      o.rounds = static_cast<int>(to_int(a, next()));
    else if (a == "--page-limit")
      o.page_limit = static_cast<int>(to_int(a, next()));
    else if (a == "--hold")
      o.hold = to_double(a, next());
    else if (a == "--settle")
      o.settle = to_double(a, next());
    else if (a == "--threads")
      o.threads = static_cast<int>(to_int(a, next()));
    else if (a == "--connect-concurrency")
      o.connect_concurrency = static_cast<int>(to_int(a, next()));
    else if (a == "--connect-timeout")
      o.connect_timeout = to_double(a, next());
    else if (a == "--server-pid") {
      std::string s = next();
      std::size_t p = 0;
      while (p <= s.size()) {
        auto c = s.find(',', p);
        if (c == std::string::npos) c = s.size();
        if (c > p) o.server_pids.push_back(static_cast<int>(to_int(a, s.substr(p, c - p))));
        p = c + 1;
      }
    } else if (a == "--json")
      o.json_file = next();
    else if (a == "--quiet")
      o.progress = false;
    else if (a == "--server-name")
      o.server_name = next();
    else if (a == "--channel-name")
      o.channel_name = next();
    else if (a == "--channel-id-as-server")
      o.channel_id_as_server = true;
    else
      throw std::runtime_error("unknown option: " + a + " (see --help)");
  }

  if (o.path_template.empty() || o.path_template[0] != '/')
    throw std::runtime_error("--path must start with /");
  if (o.gateway) o.path_template = "/ws/gateway";
  if (o.after_seq >= 0) {
    if (o.gateway) throw std::runtime_error("--after-seq is for channel sockets, not --gateway");
    o.path_template +=
        (o.path_template.find('?') == std::string::npos ? "?after_seq=" : "&after_seq=") +
        std::to_string(o.after_seq);
  }
  o.parley_protocol = o.path_template.rfind("/ws/", 0) == 0;
  if (o.events && !o.parley_protocol)
    throw std::runtime_error("--events/--mix/--gateway need the Parley path (event frames)");
  if (o.mode == "connect" || o.mode == "catchup" || o.mode == "storm") o.events = true;
  if (!o.mix_spec.empty()) o.mix = parse_mix(o.mix_spec);
  if (!o.mix.messages_only()) o.fetch_user_ids = true;

  if (!o.users_file.empty()) {
    std::ifstream in(o.users_file);
    if (!in) throw std::runtime_error("cannot read " + o.users_file);
    std::string line;
    while (std::getline(in, line)) {
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
      if (line.empty() || line[0] == '#') continue;
      o.users.push_back(parse_cred(line));
    }
  }
  if (!o.tokens_file.empty()) {
    std::ifstream in(o.tokens_file);
    if (!in) throw std::runtime_error("cannot read " + o.tokens_file);
    std::string line;
    while (std::getline(in, line)) {
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
      if (line.empty() || line[0] == '#') continue;
      const auto a = line.find(' '), b = line.find(' ', a == std::string::npos ? a : a + 1);
      if (a == std::string::npos || b == std::string::npos || b + 1 >= line.size())
        throw std::runtime_error(o.tokens_file + ": expected NAME ID TOKEN, got: " + line);
      o.token_users.push_back({line.substr(0, a),
                               to_int("--tokens-file id", line.substr(a + 1, b - a - 1)),
                               line.substr(b + 1)});
      if (o.token_users.size() > 100000)
        throw std::runtime_error(o.tokens_file + ": more than 100000 users");
    }
    if (o.token_users.empty()) throw std::runtime_error(o.tokens_file + ": no users");
    if (!o.users.empty() || o.do_register)
      throw std::runtime_error("--tokens-file replaces --user/--users-file/--register");
  }
  if (o.do_register) {
    if (o.num_users <= 0) throw std::runtime_error("--register needs --users M");
    check_range("--users", o.num_users, 1, 100000);
    for (int k = 1; k <= o.num_users; ++k)
      o.users.push_back({o.user_prefix + std::to_string(k), o.password});
  } else if (o.num_users > 0) {
    throw std::runtime_error(
        "--users M only with --register (use --user/--users-file for existing users)");
  }

  if (o.connections < 0) o.connections = o.mode == "idle" ? 100 : 20;
  if (o.mode != "discover") {
    // A gateway needs no channel to connect; everything else names its channel.
    if (!(o.mode == "connect" && o.gateway) && (o.server_id < 0 || o.channel_id < 0))
      throw std::runtime_error("--server-id and --channel-id are required");
    if (o.gateway && o.mode == "fanout" && (o.server_id < 0 || o.channel_id < 0))
      throw std::runtime_error("--gateway fanout needs --server-id (joined) and --channel-id");
    if (o.users.empty() && o.token_users.empty())
      throw std::runtime_error(
          "no users: give --user, --users-file, --tokens-file or --register --users M");
  }
  check_range("--connections", o.connections, 1, 60000);
  check_range("--senders", o.senders, 0, 60000);
  if (o.senders > o.connections) throw std::runtime_error("--senders cannot exceed --connections");
  check_range("--threads", o.threads, 1, 64);
  check_range("--connect-concurrency", o.connect_concurrency, 1, 10000);
  check_range("--connect-timeout", o.connect_timeout, 0.1, 120);
  check_range("--duration", o.duration, 0.1, 3600);
  check_range("--grace", o.grace, 0, 600);
  check_range("--hold", o.hold, 0, 3600);
  check_range("--settle", o.settle, 0, 60);
  check_range("--payload-size", o.payload_size, 1, 4000);
  check_range("--echo-timeout", o.echo_timeout, 0.01, 600);
  check_range("--backoff-ms", o.backoff_ms, 0, 60000);
  check_range("--login-concurrency", o.login_concurrency, 1, 256);
  check_range("--rest-timeout", o.rest_timeout, 0.1, 600);
  check_range("--rounds", o.rounds, 1, 100);
  check_range("--page-limit", o.page_limit, 1, 10000);
  check_range("--warmup", o.warmup, 0, 600);
  check_range("--storm-spread", o.storm_spread, 0, 600);
  check_range("--after-storm", o.after_storm, 0, 600);
  check_range("--storm-concurrency", o.storm_concurrency, 1, 60000);
  check_range("--storm-retries", o.storm_retries, 0, 100);
  check_range("--storm-deadline", o.storm_deadline, 1, 3600);
  check_range("--resume-skew", o.resume_skew, -1000, 1000);
  check_range("--half-open", o.half_open, 0, 60000);
  check_range("--half-open-bytes", o.half_open_bytes, 0, 4000);
  check_range("--flood-open-rate", o.flood_open_rate, 1, 100000);
  check_range("--slow-readers", o.slow_readers, 0, 60000);
  check_range("--probe-rate", o.probe_rate, 1, 100000);
  check_range("--phase-seconds", o.phase_seconds, 1, 3600);
  check_range("--probe-connections", o.probe_connections, 1, 256);
  if (o.probe_path.empty() || o.probe_path[0] != '/')
    throw std::runtime_error("--probe-path must start with /");
  if (o.after_seq < -1) throw std::runtime_error("--after-seq must be >= 0");
  if (o.closed_loop && o.rate_given)
    throw std::runtime_error("give either --rate or --closed-loop");
  if (!o.closed_loop) check_range("--rate", o.rate, 0.001, 1e6);
  if (o.max_messages == 0) throw std::runtime_error("--max-messages must be > 0");
  return o;
}

}  // namespace parley_load
