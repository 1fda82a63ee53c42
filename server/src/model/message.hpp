// A chat message and what hangs off it: the message it answers, mentions, reactions.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "model/attachment.hpp"
#include "model/ids.hpp"

namespace model {

struct NewMessage {
  Id channel_id = 0;
  Id sender_id = 0;
  std::string content;
  std::optional<Id> reply_to;
  bool may_mention_everyone = false;  // decided by the rules before the message is queued
};

// What a reply shows of the message it answers (deleted: only the id is left).
struct ReplyPreview {
  Id id = 0;
  bool deleted = false;
  Id sender_id = 0;
  std::string sender;
  std::string content;  // at most 100 code points
};

// One emoji's reactions on a message.
struct ReactionCount {
  std::string emoji;
  int count = 0;
  bool me = false;  // the reader reacted with it
};

struct Message {
  Id id = 0;
  Id channel_id = 0;
  Id sender_id = 0;
  std::string sender;  // the sender's username
  std::string content;
  Micros timestamp = 0;
  std::optional<Micros> edited_at;
  std::optional<ReplyPreview> reply_to;
  std::vector<Id> mentions;  // ascending, distinct, existing accounts only
  bool mention_everyone = false;
  std::vector<ReactionCount> reactions;  // in the order their emoji were first used
  std::vector<Attachment> attachments;   // in the order the sender listed them
  Id seq = 0;                            // its creation event's seq (0: older than the log)
};

}  // namespace model
