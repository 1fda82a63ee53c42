#include "app/djchat_import.hpp"

#include <openssl/rand.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "app/django_time.hpp"
#include "app/import_target_open.hpp"
#include "chat/community_rules.hpp"
#include "chat/image_processing.hpp"
#include "chat/text_rules.hpp"
#include "chat/username.hpp"
#include "store/sqlite/djchat_source.hpp"
#include "util/time.hpp"

namespace app {
namespace fs = std::filesystem;
using store::sqlite::DjchatSource;

namespace {

constexpr std::size_t kExamples = 5;
constexpr std::size_t kMaxMessageCharacters = 4000;

class Refusals {
 public:
  explicit Refusals(DjchatImportReport& report) : report_(report) {}
  void add(const std::string& kind, const std::string& reason, std::int64_t id) {
    auto& group = report_.refused[kind][reason];
    ++group.count;
    if (group.example_ids.size() < kExamples) group.example_ids.push_back(id);
  }

 private:
  DjchatImportReport& report_;
};

// The kind of a Django password hash, for the summary: who can log in with the old password.
std::string hash_kind(const std::string& hash) {
  if (hash.empty() || hash.front() == '!') return "unusable (no password set)";
  auto dollar = hash.find('$');
  return dollar == std::string::npos ? "unknown" : hash.substr(0, dollar);
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = c < 0x80           ? 0
                        : (c >> 5) == 0x6  ? 1
                        : (c >> 4) == 0xE  ? 2
                        : (c >> 3) == 0x1E ? 3
                                           : 9;
    if (extra == 9 || i + extra >= s.size() + (extra == 0)) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += extra + 1;
  }
  return true;
}

std::string random_name() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no randomness");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

// An image the source names, to be re-encoded as the upload path does.
struct ImageJob {
  std::string kind;        // "server icon", "server banner", "category icon"
  std::int64_t owner_id;   // the server or category
  std::string source;      // relative to djchat's MEDIA_ROOT
  fs::path file;           // where it is
  std::string target_dir;  // relative to Parley's media folder: "server/12"
  std::string prefix;      // "icon" / "banner"
  chat::ImageKind image_kind;
  std::optional<std::string> stored;  // the path written, relative to the media folder
  std::string refused;                // why it could not be used
};

// A media path from the database that stays inside the media root.
bool safe_relative(const std::string& path) {
  fs::path p(path);
  if (p.empty() || p.is_absolute()) return false;
  for (const auto& part : p) {
    if (part == "..") return false;
  }
  return true;
}

void run_image_job(ImageJob& job, const fs::path& media_dir) {
  std::ifstream in(job.file, std::ios::binary);
  std::string data;
  if (in) {
    in.seekg(0, std::ios::end);
    auto size = static_cast<std::size_t>(in.tellg());
    if (size > chat::kMaxImageBytes) {
      job.refused = "larger than 5 MB";
      return;
    }
    in.seekg(0);
    data.resize(size);
    in.read(data.data(), static_cast<std::streamsize>(size));
  }
  if (!in) {
    job.refused = "cannot read " + job.file.string();
    return;
  }
  auto processed = chat::process_image(data, job.file.filename().string(), "", job.image_kind);
  if (auto* rejected = std::get_if<chat::ImageRejected>(&processed)) {
    job.refused = rejected->message;
    return;
  }
  auto& image = std::get<chat::EncodedImage>(processed);
  std::string relative =
      job.target_dir + "/" + job.prefix + "-" + random_name() + "." + image.extension;
  fs::create_directories(media_dir / job.target_dir);
  auto final_path = media_dir / relative;
  auto temp_path = final_path;
  temp_path += ".part";
  {
    std::ofstream out(temp_path, std::ios::binary | std::ios::trunc);
    out.write(image.bytes.data(), static_cast<std::streamsize>(image.bytes.size()));
    out.flush();
    if (!out) throw std::runtime_error("cannot write " + temp_path.string());
  }
  fs::rename(temp_path, final_path);
  job.stored = relative;
}

// Removes what a failed import wrote: the re-encoded images and a database it created.
class Cleanup {
 public:
  // created_file: the SQLite file the import made ("" when it made none), removed on failure.
  Cleanup(const fs::path& media_dir, std::string created_file)
      : media_dir_(media_dir), created_file_(std::move(created_file)) {}
  ~Cleanup() {
    if (done_) return;
    std::error_code ec;
    for (const auto& relative : images_) {
      auto path = media_dir_ / relative;
      fs::remove(path, ec);
      fs::remove(path.parent_path(), ec);  // only when empty
    }
    if (!created_file_.empty()) {
      for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        fs::remove(created_file_ + suffix, ec);
      }
    }
  }
  void keep() { done_ = true; }
  void written(const std::string& relative) { images_.push_back(relative); }

 private:
  fs::path media_dir_;
  std::string created_file_;
  bool done_ = false;
  std::vector<std::string> images_;
};

struct PlannedAccount {
  const store::sqlite::DjAccount* row;
  std::string key;
  std::int64_t date_joined;
};

struct PlannedCategory {
  std::int64_t id;
  std::string name;
  std::optional<std::string> description;
  ImageJob* icon = nullptr;
};

struct PlannedServer {
  const store::sqlite::DjServer* row;
  std::int64_t category_id;
  std::optional<std::string> description;
  ImageJob* icon = nullptr;
  ImageJob* banner = nullptr;
};

struct PlannedChannel {
  const store::sqlite::DjChannel* row;
  std::int64_t owner_id;
  std::string topic;
  int position;
};

std::string in_quotes(const std::string& s) {
  return "\"" + s + "\"";
}

}  // namespace

DjchatImportReport import_djchat(const DjchatImportOptions& options,
                                 const ImportProgress& progress) {
  auto report_progress = [&](const std::string& stage, std::int64_t done, std::int64_t total) {
    if (progress) progress(stage, done, total);
  };
  DjchatImportReport report;
  Refusals refuse(report);

  // 1. The source: checked, then read (all but the messages, which are streamed later).
  report_progress("checking the source", 0, 0);
  std::unique_ptr<DjchatSource> source;
  try {
    source = std::make_unique<DjchatSource>(
        options.source_path,
        store::sqlite::SourceCheck{.ignore_unknown_migrations = options.ignore_unknown_migrations});
  } catch (const store::sqlite::SourceError& e) {
    throw ImportError(e.what());
  }
  report.source_migrations = source->migrations();
  std::vector<store::sqlite::DjAccount> accounts;
  std::vector<store::sqlite::DjCategory> categories;
  std::vector<store::sqlite::DjServer> servers;
  std::vector<store::sqlite::DjMember> members;
  std::vector<store::sqlite::DjChannel> channels;
  std::vector<store::sqlite::DjConversation> conversations;
  std::int64_t message_total = 0;
  try {
    accounts = source->accounts();
    categories = source->categories();
    servers = source->servers();
    members = source->members();
    channels = source->channels();
    conversations = source->conversations();
    message_total = source->message_count();
  } catch (const store::sqlite::SourceError& e) {
    throw ImportError(e.what());
  }
  const std::int64_t now = util::now_micros();

  // 2. Judge every row against Parley's rules.
  std::vector<PlannedAccount> planned_accounts;
  std::unordered_map<std::int64_t, std::size_t> account_index;  // source id -> planned
  {
    std::unordered_map<std::string, std::int64_t> by_key;
    std::int64_t unreadable_dates = 0;
    for (const auto& a : accounts) {
      if (auto error = chat::username_error(a.username); !error.empty()) {
        refuse.add("account", "username Parley does not allow: " + error, a.id);
        continue;
      }
      if (chat::is_reserved_username(a.username) && !options.keep_reserved_names) {
        refuse.add("account",
                   "reserved username (admin, root, superuser; --keep-reserved-names imports "
                   "it as it is)",
                   a.id);
        continue;
      }
      auto key = chat::username_key(a.username);
      if (auto it = by_key.find(key); it != by_key.end()) {
        refuse.add("account",
                   "duplicate-looking username: the same as an older account's when case is "
                   "ignored",
                   a.id);
        continue;
      }
      std::int64_t joined = now;
      if (auto parsed = a.date_joined ? parse_django_time(*a.date_joined) : std::nullopt) {
        joined = parsed->micros;
        report.naive_timestamps += parsed->naive;
      } else {
        ++unreadable_dates;
      }
      by_key.emplace(key, a.id);
      account_index.emplace(a.id, planned_accounts.size());
      planned_accounts.push_back({&a, std::move(key), joined});
      ++report.password_algorithms[hash_kind(a.password)];
    }
    if (unreadable_dates > 0) {
      report.notes.push_back(std::to_string(unreadable_dates) +
                             " accounts had no readable join date: set to the import time");
    }
  }
  auto account_ok = [&](std::int64_t id) { return account_index.contains(id); };

  std::vector<std::unique_ptr<ImageJob>> images;
  auto image_job = [&](const std::optional<std::string>& source_path, std::string kind,
                       std::int64_t owner, std::string target_dir, std::string prefix,
                       chat::ImageKind image_kind) -> ImageJob* {
    if (!source_path || source_path->empty()) return nullptr;
    auto job = std::make_unique<ImageJob>();
    job->kind = std::move(kind);
    job->owner_id = owner;
    job->source = *source_path;
    job->target_dir = std::move(target_dir);
    job->prefix = std::move(prefix);
    job->image_kind = image_kind;
    images.push_back(std::move(job));
    return images.back().get();
  };

  std::vector<PlannedCategory> planned_categories;
  std::unordered_map<std::int64_t, std::int64_t> category_target;  // source id -> target id
  {
    std::unordered_map<std::string, std::int64_t> by_name;
    for (const auto& c : categories) {
      auto name = chat::fold_case(c.name);
      if (auto error = chat::text_error(name, chat::kMaxCategoryName, false); !error.empty()) {
        refuse.add("category", "name: " + error, c.id);
        continue;
      }
      if (auto it = by_name.find(name); it != by_name.end()) {
        category_target[c.id] = it->second;
        report.notes.push_back("category " + std::to_string(c.id) + " " + in_quotes(name) +
                               " merged into category " + std::to_string(it->second) +
                               " (the same name; Parley's category names are unique)");
        continue;
      }
      PlannedCategory planned{c.id, name, c.description};
      if (planned.description &&
          chat::character_count(*planned.description) > chat::kMaxCategoryDescription) {
        planned.description.reset();
        report.notes.push_back("category " + std::to_string(c.id) +
                               ": description longer than 1,000 characters dropped");
      }
      planned.icon = image_job(c.icon, "category icon", c.id, "category/" + std::to_string(c.id),
                               "icon", chat::ImageKind::icon);
      by_name.emplace(name, c.id);
      category_target[c.id] = c.id;
      planned_categories.push_back(std::move(planned));
    }
  }

  std::vector<PlannedServer> planned_servers;
  std::unordered_map<std::int64_t, std::int64_t> server_owner;  // accepted server -> owner
  for (const auto& s : servers) {
    if (!account_ok(s.owner_id)) {
      refuse.add("server", "its owner's account was refused or does not exist", s.id);
      continue;
    }
    auto category = category_target.find(s.category_id);
    if (category == category_target.end()) {
      refuse.add("server", "its category was refused or does not exist", s.id);
      continue;
    }
    if (auto error = chat::text_error(s.name, chat::kMaxServerName, false); !error.empty()) {
      refuse.add("server", "name: " + error, s.id);
      continue;
    }
    PlannedServer planned{&s, category->second, s.description};
    if (planned.description &&
        chat::character_count(*planned.description) > chat::kMaxServerDescription) {
      planned.description.reset();
      report.notes.push_back("server " + std::to_string(s.id) +
                             ": description longer than 250 characters dropped");
    }
    auto dir = "server/" + std::to_string(s.id);
    planned.icon = image_job(s.icon, "server icon", s.id, dir, "icon", chat::ImageKind::icon);
    planned.banner =
        image_job(s.banner, "server banner", s.id, dir, "banner", chat::ImageKind::banner);
    server_owner.emplace(s.id, s.owner_id);
    planned_servers.push_back(std::move(planned));
  }

  std::vector<PlannedChannel> planned_channels;
  std::unordered_set<std::int64_t> channel_ok;
  {
    std::unordered_map<std::int64_t, int> next_position;
    std::int64_t reassigned = 0, topics_dropped = 0;
    for (const auto& ch : channels) {
      auto server = server_owner.find(ch.server_id);
      if (server == server_owner.end()) {
        refuse.add("channel", "its server was refused or does not exist", ch.id);
        continue;
      }
      if (auto error = chat::text_error(ch.name, chat::kMaxChannelName, false); !error.empty()) {
        refuse.add("channel", "name: " + error, ch.id);
        continue;
      }
      PlannedChannel planned{&ch, ch.owner_id, ch.topic, next_position[ch.server_id]++};
      if (!account_ok(ch.owner_id)) {
        planned.owner_id = server->second;
        ++reassigned;
      }
      if (chat::character_count(planned.topic) > chat::kMaxChannelTopic) {
        planned.topic.clear();
        ++topics_dropped;
      }
      channel_ok.insert(ch.id);
      planned_channels.push_back(std::move(planned));
    }
    if (reassigned > 0) {
      report.notes.push_back(std::to_string(reassigned) +
                             " channels whose owner was refused now belong to their server's "
                             "owner");
    }
    if (topics_dropped > 0) {
      report.notes.push_back(std::to_string(topics_dropped) +
                             " channel topics longer than 100 characters dropped");
    }
  }

  // Memberships: owners first (Parley's owner is always a member), then djchat's rows.
  std::vector<std::pair<std::int64_t, std::int64_t>> planned_members;
  {
    std::set<std::pair<std::int64_t, std::int64_t>> seen;
    for (const auto& [server, owner] : server_owner) {
      if (seen.emplace(server, owner).second) planned_members.emplace_back(server, owner);
    }
    for (const auto& m : members) {
      if (!server_owner.contains(m.server_id) || !account_ok(m.account_id)) {
        refuse.add("membership", "its server or account was refused or does not exist",
                   m.server_id);
        continue;
      }
      if (seen.emplace(m.server_id, m.account_id).second) {
        planned_members.emplace_back(m.server_id, m.account_id);
      }
    }
    std::sort(planned_members.begin(), planned_members.end());
  }

  // A conversation's channel_id is free text in djchat: it must name an imported channel.
  std::unordered_map<std::int64_t, std::int64_t> conversation_channel;
  std::unordered_map<std::int64_t, std::string> conversation_refusal;
  for (const auto& c : conversations) {
    const auto& text = c.channel_id;
    bool numeric =
        !text.empty() && text.size() <= 18 &&
        std::all_of(text.begin(), text.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    std::int64_t channel = numeric ? std::stoll(text) : 0;
    if (!numeric) {
      conversation_refusal[c.id] = "its conversation names no channel id";
    } else if (!channel_ok.contains(channel)) {
      conversation_refusal[c.id] = "its channel was refused or does not exist";
    } else {
      conversation_channel[c.id] = channel;
    }
  }

  // 3. Media: every file the kept rows name must be there (or be skipped on request).
  {
    std::vector<std::string> missing;
    for (auto& job : images) {
      if (!safe_relative(job->source)) {
        job->refused = "its path leaves the media folder";
        continue;
      }
      if (!options.media_root) {
        missing.push_back(job->source);
        continue;
      }
      job->file = fs::path(*options.media_root) / job->source;
      std::error_code ec;
      if (!fs::is_regular_file(job->file, ec)) missing.push_back(job->source);
    }
    if (!missing.empty() && !options.skip_missing_media) {
      std::string list;
      for (std::size_t i = 0; i < missing.size() && i < kExamples; ++i) {
        list += (i ? ", " : "") + missing[i];
      }
      if (missing.size() > kExamples) list += ", ...";
      throw ImportError(
          std::to_string(missing.size()) + " media files the source names are " +
          (options.media_root ? "missing under " + *options.media_root
                              : std::string("not available (no --media-root given)")) +
          ": " + list +
          ". Pass --media-root DIR (djchat's MEDIA_ROOT), or --skip-missing-media to import "
          "without them.");
    }
    for (auto& job : images) {
      if (job->refused.empty() && (job->file.empty() || !fs::exists(job->file))) {
        job->refused = "the file is missing (--skip-missing-media)";
      }
    }
  }

  // 4. The target: new or empty, or already holding exactly this import.
  auto opened = open_import_target(options.target_database, options.target_label);
  Cleanup cleanup(options.media_dir, opened.created_file);
  auto& target = opened.target;
  if (auto contents = target->contents(); !contents.empty()) {
    std::int64_t matching = 0;
    for (const auto& a : planned_accounts) {
      matching += target->has_account(a.row->id, a.key, a.date_joined);
    }
    cleanup.keep();
    if (!planned_accounts.empty() &&
        matching == static_cast<std::int64_t>(planned_accounts.size())) {
      report.already_imported = true;
      return report;
    }
    std::ostringstream what;
    what << "the target database already holds data (" << contents.accounts << " accounts, "
         << contents.categories << " categories, " << contents.servers << " servers, "
         << contents.channels << " channels, " << contents.messages
         << " messages): import-djchat copies only into an empty Parley database";
    if (matching > 0) {
      what << "; " << matching << " of the " << planned_accounts.size()
           << " accounts to import are there already, so it holds an earlier import of a "
              "source that has changed since, or of another one";
    }
    throw ImportError(what.str());
  }

  // 5. Images, re-encoded on every core, written before the transaction (removed on failure).
  if (!images.empty()) {
    chat::init_image_library();
    std::vector<ImageJob*> todo;
    for (auto& job : images) {
      if (job->refused.empty()) todo.push_back(job.get());
    }
    unsigned workers = std::max(1u, std::thread::hardware_concurrency());
    std::size_t done = 0;
    fs::path media_dir(options.media_dir);
    for (std::size_t start = 0; start < todo.size(); start += workers) {
      std::vector<std::future<void>> batch;
      for (std::size_t i = start; i < std::min(todo.size(), start + workers); ++i) {
        batch.push_back(std::async(
            std::launch::async, [job = todo[i], &media_dir] { run_image_job(*job, media_dir); }));
      }
      for (auto& f : batch) f.get();
      for (std::size_t i = start; i < std::min(todo.size(), start + workers); ++i) {
        if (todo[i]->stored) cleanup.written(*todo[i]->stored);
      }
      done += batch.size();
      report_progress("images", static_cast<std::int64_t>(done),
                      static_cast<std::int64_t>(todo.size()));
    }
    for (auto& job : images) {
      if (job->stored) {
        ++report.images;
      } else {
        refuse.add("image", job->kind + ": " + job->refused + " (imported without it)",
                   job->owner_id);
      }
    }
  }
  auto stored = [](const ImageJob* job) {
    return job && job->stored ? job->stored : std::optional<std::string>();
  };

  // 6. One transaction for everything.
  try {
    target->begin();
    std::int64_t step = 0;
    const auto account_total = static_cast<std::int64_t>(planned_accounts.size());
    for (const auto& a : planned_accounts) {
      target->add_account(a.row->id, a.row->username, a.key, a.row->password, a.row->is_staff,
                          a.row->is_active, a.date_joined);
      if (++step % 5000 == 0 || step == account_total) {
        report_progress("accounts", step, account_total);
      }
    }
    report.accounts = account_total;
    for (const auto& c : planned_categories) {
      target->add_category(c.id, c.name, c.description, stored(c.icon));
    }
    report.categories = static_cast<std::int64_t>(planned_categories.size());
    for (const auto& s : planned_servers) {
      target->add_server(s.row->id, s.row->name, s.description, s.row->owner_id, s.category_id,
                         stored(s.icon), stored(s.banner), now);
    }
    report.servers = static_cast<std::int64_t>(planned_servers.size());
    for (const auto& [server, account] : planned_members) target->add_member(server, account, now);
    report.memberships = static_cast<std::int64_t>(planned_members.size());
    for (const auto& ch : planned_channels) {
      target->add_channel(ch.row->id, ch.row->server_id, ch.owner_id, ch.row->name, ch.topic,
                          ch.position);
    }
    report.channels = static_cast<std::int64_t>(planned_channels.size());

    std::int64_t seen = 0;
    source->for_each_message([&](const store::sqlite::DjMessage& m) {
      if (++seen % 20000 == 0 || seen == message_total) {
        report_progress("messages", seen, message_total);
      }
      if (!account_ok(m.sender_id)) {
        refuse.add("message", "its sender's account was refused or does not exist", m.id);
        return;
      }
      auto channel = conversation_channel.find(m.conversation_id);
      if (channel == conversation_channel.end()) {
        auto why = conversation_refusal.find(m.conversation_id);
        refuse.add(
            "message",
            why == conversation_refusal.end() ? "its conversation does not exist" : why->second,
            m.id);
        return;
      }
      if (!valid_utf8(m.content)) {
        refuse.add("message", "its text is not valid UTF-8", m.id);
        return;
      }
      switch (chat::check_message_text(m.content, kMaxMessageCharacters)) {
        case chat::TextProblem::empty:
          refuse.add("message", "empty or only white space", m.id);
          return;
        case chat::TextProblem::too_long:
          refuse.add("message", "longer than 4,000 characters", m.id);
          return;
        case chat::TextProblem::none:
          break;
      }
      auto when = m.timestamp ? parse_django_time(*m.timestamp) : std::nullopt;
      if (!when) {
        refuse.add("message", "its timestamp is missing or unreadable", m.id);
        return;
      }
      report.naive_timestamps += when->naive;
      target->add_message(m.id, channel->second, m.sender_id, m.content, when->micros);
      ++report.messages;
    });
    target->finish_channels();
    report_progress("committing", 0, 0);
    target->commit();
  } catch (const store::sqlite::SourceError& e) {
    throw ImportError(std::string(e.what()) + " (nothing was imported)");
  } catch (const std::exception& e) {
    throw ImportError(std::string("the import failed and was rolled back: ") + e.what());
  }
  cleanup.keep();
  return report;
}

}  // namespace app
