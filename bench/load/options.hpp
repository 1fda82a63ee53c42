// Command-line options of parley-load.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mix.hpp"

namespace parley_load {

struct UserCred {
  std::string name;
  std::string password;
};

// A user whose access token was made elsewhere (--tokens-file), e.g. signed by the bench
// script with the server's --secret-key for users written straight into the database.
struct TokenUser {
  std::string name;
  std::int64_t id = -1;
  std::string token;
};

struct Options {
  std::string mode = "fanout";  // fanout | idle | discover | connect | catchup | storm | flood

  // target
  std::string url = "ws://127.0.0.1:8000";
  std::vector<std::string> node_urls;  // --node: more nodes of one cluster (fanout)
  int senders_node = -1;
  bool allow_remote = false;
  std::int64_t server_id = -1;
  std::int64_t channel_id = -1;
  std::string path_template = "/ws/{s}/{c}";
  bool parley_protocol = true;  // nonce on frames, error frames understood

  // users
  std::vector<UserCred> users;
  std::string users_file;
  std::string tokens_file;
  std::vector<TokenUser> token_users;
  bool do_register = false;
  std::string user_prefix = "loadu";
  int num_users = 0;
  std::string password = "parley-load-pass-1";
  bool join = true;
  std::vector<std::int64_t> extra_join;
  int login_concurrency = 4;
  bool corrupt_token = false;
  bool fetch_user_ids = false;  // set by the modes that need them (the mixed load)

  // fanout
  int connections = -1;  // default depends on mode
  int senders = 1;
  double rate = 5.0;
  bool rate_given = false;
  bool closed_loop = false;
  double duration = 10.0;
  std::uint64_t max_messages = 1000000;
  double grace = 5.0;
  int payload_size = 64;
  double per_user_rate = 10.0;
  double echo_timeout = 5.0;
  int backoff_ms = 200;
  std::uint32_t verify_every = 1000;

  // events (SPEC §6-§7): seq checks, the mixed load, the gateway
  bool events = false;          // --events, --mix or --gateway: frames are event frames
  std::string mix_spec;         // --mix
  Mix mix;                      // parsed --mix (messages only without it)
  bool gateway = false;         // --gateway: sockets are /ws/gateway
  std::int64_t after_seq = -1;  // channel path: ?after_seq=N
  double rest_timeout = 10.0;

  // catchup
  int rounds = 3;
  int page_limit = 500;

  // idle
  double hold = 30.0;

  // storm
  double warmup = 3.0;        // sending before the storm
  double storm_spread = 5.0;  // reconnects spread over this many seconds
  double after_storm = 3.0;   // sending after every socket is back and caught up
  int storm_concurrency = 20000;
  int storm_retries = 3;
  double storm_deadline = 60;  // for every socket to be back
  int resume_skew = 0;         // checks the checker: resume after_seq = newest seen + skew

  // flood
  int half_open = 5000;           // HTTP connections that never finish a request
  int half_open_bytes = 20;       // of a request's header each sends (0: nothing)
  double flood_open_rate = 5000;  // half-open connects per second at most
  int slow_readers = 1000;        // WebSockets on the busy channel that never read
  double probe_rate = 200;        // ordinary requests/s in the probe
  std::string probe_path = "/api/account/me/";
  double phase_seconds = 10;  // each phase: no flood, flood
  int probe_connections = 4;  // keep-alive connections of the probe

  // both
  double settle = 1.0;
  int threads = 1;
  int connect_concurrency = 64;
  double connect_timeout = 10.0;
  std::vector<int> server_pids;
  std::string json_file;
  bool progress = true;

  // discover
  std::string server_name = "Load Test";
  std::string channel_name = "load-1";
  bool channel_id_as_server = false;
};

// Parses argv; on --help prints usage and exits 0; on error throws std::runtime_error.
Options parse_options(int argc, char** argv);
void print_help();

}  // namespace parley_load
