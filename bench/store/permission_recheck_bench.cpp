// parley-permission-bench: the CPU of SPEC §10's recheck after a role change, without sockets:
// rebuild one server's permission data from its rows (what reload_permissions does after the
// read) and decide, for every member, every channel's visibility (what the gateways of all the
// members do between them on the I/O threads). Usage: parley-permission-bench [members] [channels]
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "chat/permission_cache.hpp"
#include "chat/permissions.hpp"

int main(int argc, char** argv) {
  int members = argc > 1 ? std::atoi(argv[1]) : 10000;
  int channels = argc > 2 ? std::atoi(argv[2]) : 50;
  constexpr int kRoles = 20;
  constexpr int kOverwritesPerChannel = 5;
  constexpr model::Id kServer = 1;
  store::ServerPermissionRows rows;
  rows.found = true;
  rows.server_id = kServer;
  rows.owner_id = 2;
  rows.everyone = chat::perm::everyone_default;
  for (int r = 0; r < kRoles; ++r) {
    rows.roles.push_back(
        {1000 + r, kServer, "r", 0, r + 1, chat::perm::send_messages, false, false});
  }
  for (int m = 0; m < members; ++m) {
    rows.member_roles.emplace_back(10 + m, 1000 + m % kRoles);
    rows.member_roles.emplace_back(10 + m, 1000 + (m * 7) % kRoles);
  }
  for (int c = 0; c < channels; ++c) {
    for (int o = 0; o < kOverwritesPerChannel; ++o) {
      bool deny = (c + o) % 2 == 0;
      rows.overwrites.push_back({100000 + c, 1000 + (c + o) % kRoles, false,
                                 deny ? 0 : chat::perm::view_channel,
                                 deny ? chat::perm::view_channel : 0});
    }
  }
  using clock = std::chrono::steady_clock;
  auto started = clock::now();
  auto server = chat::build_server_permissions(rows);
  auto built = clock::now();
  long visible = 0;
  for (int m = 0; m < members; ++m) {
    for (int c = 0; c < channels; ++c) {
      visible += chat::has(chat::channel_permissions(server, 100000 + c, 10 + m, true),
                           chat::perm::view_channel);
    }
  }
  auto decided = clock::now();
  auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  std::printf(
      "members=%d channels=%d overwrites_per_channel=%d build_ms=%.2f recheck_ms=%.2f "
      "decisions=%ld visible=%ld\n",
      members, channels, kOverwritesPerChannel, ms(started, built), ms(built, decided),
      static_cast<long>(members) * channels, visible);
  return 0;
}
