#include "app/fixture_loader.hpp"

#include <boost/json.hpp>
#include <future>
#include <map>
#include <thread>

#include "auth/password.hpp"
#include "chat/username.hpp"

namespace app {
namespace json = boost::json;
namespace {

constexpr std::size_t kMaxNameLength = 100;
constexpr std::size_t kMaxDescriptionLength = 250;
constexpr std::size_t kMaxMessageLength = 4000;

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw FixtureError(where + ": " + what);
}

std::string entry(std::string_view list, std::size_t index, std::string_view name = {}) {
  std::string out = std::string(list) + "[" + std::to_string(index) + "]";
  if (!name.empty()) out += " \"" + std::string(name) + "\"";
  return out;
}

const json::object& as_object(const json::value& v, const std::string& where) {
  if (!v.is_object()) fail(where, "must be an object");
  return v.get_object();
}

std::string required_string(const json::object& o, std::string_view key, const std::string& where,
                            std::size_t max_length) {
  auto* v = o.if_contains(key);
  if (!v || !v->is_string()) fail(where, "\"" + std::string(key) + "\" must be a string");
  std::string s(v->get_string());
  if (s.empty()) fail(where, "\"" + std::string(key) + "\" must not be empty");
  if (s.size() > max_length) fail(where, "\"" + std::string(key) + "\" is too long");
  return s;
}

std::optional<std::string> optional_string(const json::object& o, std::string_view key,
                                           const std::string& where, std::size_t max_length) {
  auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_string()) fail(where, "\"" + std::string(key) + "\" must be a string");
  std::string s(v->get_string());
  if (s.size() > max_length) fail(where, "\"" + std::string(key) + "\" is too long");
  return s;
}

const json::array& list(const json::object& root, std::string_view key) {
  static const json::array kEmpty;
  auto* v = root.if_contains(key);
  if (!v) return kEmpty;
  if (!v->is_array()) fail(std::string(key), "must be a list");
  return v->get_array();
}

// Hashes the passwords of users that do not exist yet, on every core.
std::map<std::string, std::string> hash_new_passwords(
    const std::vector<std::pair<std::string, std::string>>& users, const Progress& progress) {
  std::map<std::string, std::string> hashes;
  unsigned workers = std::max(1u, std::thread::hardware_concurrency());
  std::size_t done = 0;
  for (std::size_t start = 0; start < users.size(); start += workers) {
    std::vector<std::future<std::string>> batch;
    for (std::size_t i = start; i < std::min(users.size(), start + workers); ++i) {
      batch.push_back(std::async(std::launch::async, [&password = users[i].second] {
        return auth::hash_password(password);
      }));
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
      hashes[users[start + i].first] = batch[i].get();
    }
    done += batch.size();
    if (progress) progress("hashing passwords", done, users.size());
  }
  return hashes;
}

}  // namespace

LoadReport load_fixture(store::Store& store, const std::string& json_text,
                        const Progress& progress) {
  json::value document;
  try {
    document = json::parse(json_text);
  } catch (const std::exception& e) {
    throw FixtureError(std::string("not valid JSON: ") + e.what());
  }
  const auto& root = as_object(document, "the file");
  const auto& users = list(root, "users");
  const auto& categories = list(root, "categories");
  const auto& servers = list(root, "servers");
  const auto& messages = list(root, "messages");

  // Validate users and hash the new ones before the transaction (hashing is slow).
  std::vector<std::pair<std::string, std::string>> new_users;
  std::map<std::string, std::size_t> user_index;
  for (std::size_t i = 0; i < users.size(); ++i) {
    auto where = entry("users", i);
    const auto& o = as_object(users[i], where);
    auto name = required_string(o, "username", where, 1000);
    where = entry("users", i, name);
    if (auto error = chat::username_error(name); !error.empty()) fail(where, error);
    auto password = required_string(o, "password", where, 4096);
    if (auto error = auth::password_error(password); !error.empty())
      fail(where, "password: " + error);
    if (!user_index.emplace(chat::username_key(name), i).second) fail(where, "listed twice");
    if (!store.find_account_by_name(name)) new_users.emplace_back(name, password);
  }
  auto hashes = hash_new_passwords(new_users, progress);

  LoadReport report;
  store.transaction([&] {
    std::map<std::string, store::Id> account_ids;  // by username key
    auto account_id = [&](const std::string& name, const std::string& where) {
      auto key = chat::username_key(name);
      if (auto it = account_ids.find(key); it != account_ids.end()) return it->second;
      auto account = store.find_account_by_name(name);
      if (!account) fail(where, "unknown user \"" + name + "\"");
      account_ids[key] = account->id;
      return account->id;
    };

    for (std::size_t i = 0; i < users.size(); ++i) {
      const auto& o = users[i].get_object();
      std::string name(o.at("username").get_string());
      auto is_staff = o.if_contains("is_staff");
      if (auto it = hashes.find(name); it != hashes.end()) {
        if (!store.create_account(
                {name, it->second, is_staff && is_staff->is_bool() && is_staff->get_bool()})) {
          fail(entry("users", i, name), "username already exists");
        }
        ++report.users_created;
      }
    }

    for (std::size_t i = 0; i < categories.size(); ++i) {
      auto where = entry("categories", i);
      const auto& o = as_object(categories[i], where);
      auto name = required_string(o, "name", where, kMaxNameLength);
      where = entry("categories", i, name);
      auto description = optional_string(o, "description", where, 10000);
      if (!store.find_category_by_name(name)) {
        store.create_category(name, description);
        ++report.categories_created;
      }
    }

    std::map<std::pair<std::string, std::string>, store::Id> channel_ids;  // (server, channel)
    std::map<store::Id, bool> channel_was_empty;
    for (std::size_t i = 0; i < servers.size(); ++i) {
      auto where = entry("servers", i);
      const auto& o = as_object(servers[i], where);
      auto name = required_string(o, "name", where, kMaxNameLength);
      where = entry("servers", i, name);
      auto category_name = required_string(o, "category", where, kMaxNameLength);
      auto category = store.find_category_by_name(category_name);
      if (!category) fail(where, "unknown category \"" + category_name + "\"");
      auto owner = account_id(required_string(o, "owner", where, 1000), where);
      auto description = optional_string(o, "description", where, kMaxDescriptionLength);

      store::Id server_id;
      if (auto existing = store.find_server_by_name(name)) {
        server_id = existing->id;
      } else {
        server_id = store.create_server({name, description, owner, category->id});
        ++report.servers_created;
        ++report.memberships_created;
      }
      if (auto* members = o.if_contains("members")) {
        if (!members->is_array()) fail(where, "\"members\" must be a list");
        for (const auto& member : members->get_array()) {
          if (!member.is_string()) fail(where, "\"members\" must hold usernames");
          if (store.add_member(server_id, account_id(std::string(member.get_string()), where))) {
            ++report.memberships_created;
          }
        }
      }
      if (auto* channels = o.if_contains("channels")) {
        if (!channels->is_array()) fail(where, "\"channels\" must be a list");
        const auto& channel_list = channels->get_array();
        for (std::size_t c = 0; c < channel_list.size(); ++c) {
          auto channel_where = where + " channels[" + std::to_string(c) + "]";
          const auto& co = as_object(channel_list[c], channel_where);
          auto channel_name = required_string(co, "name", channel_where, kMaxNameLength);
          auto topic = optional_string(co, "topic", channel_where, kMaxNameLength).value_or("");
          store::Id channel_id = 0;
          if (auto found = store.find_channel_by_name(server_id, channel_name)) {
            channel_id = found->id;
          } else {
            channel_id = store.create_channel({server_id, owner, channel_name, topic});
            ++report.channels_created;
          }
          channel_ids[{name, channel_name}] = channel_id;
        }
      }
      if (progress && servers.size() > 100 && i % 100 == 99)
        progress("servers", i + 1, servers.size());
    }

    std::vector<model::NewMessage> batch;
    for (std::size_t i = 0; i < messages.size(); ++i) {
      auto where = entry("messages", i);
      const auto& o = as_object(messages[i], where);
      auto server = required_string(o, "server", where, kMaxNameLength);
      auto channel = required_string(o, "channel", where, kMaxNameLength);
      auto it = channel_ids.find({server, channel});
      if (it == channel_ids.end()) {
        fail(where, "unknown channel \"" + channel + "\" of server \"" + server + "\"");
      }
      auto sender = account_id(required_string(o, "sender", where, 1000), where);
      auto content = required_string(o, "content", where, kMaxMessageLength);
      // A channel that had no messages before this load needs no duplicate check.
      auto [was, inserted] = channel_was_empty.try_emplace(it->second, false);
      if (inserted) {
        store::MessagePage newest;
        newest.channel_id = it->second;
        newest.limit = 1;
        was->second = store.messages_page(newest).empty();
      }
      if (!was->second && store.message_exists(it->second, sender, content)) continue;
      model::NewMessage message;
      message.channel_id = it->second;
      message.sender_id = sender;
      message.content = content;
      batch.push_back(std::move(message));
      if (batch.size() == 1000) {
        report.messages_created += static_cast<int>(store.append_messages(batch).size());
        batch.clear();
        if (progress) progress("messages", i + 1, messages.size());
      }
    }
    if (!batch.empty())
      report.messages_created += static_cast<int>(store.append_messages(batch).size());
  });
  return report;
}

}  // namespace app
