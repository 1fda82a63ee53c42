// Direct message channels as JSON (SPEC §9), for REST bodies and gateway frames alike. A DM
// is shown to one viewer: its "recipients" are everyone but them.
#pragma once
#include <string>

#include "model/direct_message.hpp"

namespace codec {

// {"id","type":"dm"|"group","name","owner","recipients":[{"id","username"}],
//  "last_message_id","last_seq"}; name and owner are null in a 1:1, last_message_id null
// before the first message.
void append_dm_channel(std::string& out, const model::DirectChannel& dm, model::Id viewer_id);
std::string dm_channel_json(const model::DirectChannel& dm, model::Id viewer_id);

// {"type":"dm.create"|"dm.update","channel":<dm channel as the viewer sees it>}
std::string dm_frame(const char* type, const model::DirectChannel& dm, model::Id viewer_id);
// {"type":"dm.delete","channel_id"}: the viewer left or was removed.
std::string dm_delete_frame(model::Id channel_id);

}  // namespace codec
