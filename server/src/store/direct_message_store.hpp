// Direct messages in the store (SPEC §9): 1:1 and group channels, their recipients, who may
// reach whom (dm_policy, blocks, shared servers) and finding users to start one with.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.hpp"

namespace store {

// A group holds its creator and at most this many others.
constexpr int kMaxGroupOthers = 9;

struct OpenedDm {
  model::DirectChannel channel;
  bool created = false;  // false: the pair's 1:1 existed already
};

// What decides whether `from` may open a 1:1 with, or add to a group, the user `to`.
struct DmReach {
  model::Id user_id = 0;
  bool exists = false;  // an active account
  std::string username;
  model::DmPolicy policy = model::DmPolicy::shared_servers;
  bool blocks_caller = false;  // `to` has blocked `from`
  bool shares_server = false;  // they are members of a common server
  model::Id existing_dm = 0;   // the pair's 1:1 channel, when there is one
};

class DirectMessageStore {
 public:
  virtual ~DirectMessageStore() = default;

  // The one 1:1 channel of the pair (whichever side asks), created when absent; two callers
  // racing get the same channel.
  virtual OpenedDm open_direct_channel(model::Id caller, model::Id other) = 0;
  // A new group of the owner and the others (distinct, existing, not the owner).
  virtual model::DirectChannel create_group(model::Id owner, const std::vector<model::Id>& others,
                                            std::optional<std::string> name) = 0;
  // nullopt when no DM channel has that id.
  virtual std::optional<model::DirectChannel> find_direct_channel(model::Id channel_id) = 0;
  // The user's DM channels, latest activity first, in a fixed number of statements.
  virtual std::vector<model::DirectChannel> direct_channels(model::Id user_id) = 0;
  // false when there is no such group.
  virtual bool rename_group(model::Id channel_id, std::optional<std::string> name) = 0;
  // false when already a recipient.
  virtual bool add_recipient(model::Id channel_id, model::Id user_id) = 0;
  // false when not a recipient. The owner leaving hands the group to the earliest remaining
  // recipient.
  virtual bool remove_recipient(model::Id channel_id, model::Id user_id) = 0;

  // One answer per target, in the targets' order.
  virtual std::vector<DmReach> dm_reach(model::Id from, const std::vector<model::Id>& targets) = 0;
  virtual model::DmPolicy dm_policy(model::Id user_id) = 0;
  virtual void set_dm_policy(model::Id user_id, model::DmPolicy policy) = 0;

  // Idempotent; false when nothing changed.
  virtual bool block_user(model::Id blocker, model::Id blocked) = 0;
  virtual bool unblock_user(model::Id blocker, model::Id blocked) = 0;
  // The users blocker has blocked, ascending id, at most limit: one range of the primary key.
  virtual std::vector<model::UserRef> blocked_users(model::Id blocker, int limit) = 0;

  // Active users whose case-folded name starts with key_prefix (already case-folded),
  // ascending name, at most limit, leaving out the caller and those who blocked the caller.
  virtual std::vector<model::UserRef> search_users(model::Id caller, std::string_view key_prefix,
                                                   int limit) = 0;
};

}  // namespace store
