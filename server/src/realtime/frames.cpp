#include "realtime/frames.hpp"

#include "codec/event_json.hpp"
#include "codec/json_text.hpp"

namespace realtime {

Delivery event_delivery(const model::Event& event, const model::Message* created,
                        std::string_view nonce_json) {
  Delivery delivery;
  delivery.topic = channel_topic(event.channel_id);
  delivery.channel_id = event.channel_id;
  delivery.seq = event.seq;
  std::string frame = event.frame.empty() && created
                          ? codec::message_create_frame(*created, event.seq)
                          : event.frame;
  if (created && !nonce_json.empty()) frame = codec::with_nonce(frame, nonce_json);
  delivery.parley = text_frame(frame);
  if (created) {
    delivery.message_id = created->id;
    delivery.original = text_frame(codec::original_message_frame(*created));
  }
  return delivery;
}

Delivery typing_delivery(model::Id channel_id, model::Id user_id, std::string_view username) {
  std::string payload = R"({"type":"typing","channel_id":)";
  codec::append_int(payload, channel_id);
  payload.append(R"(,"user":)");
  codec::append_json_string(payload, username);
  payload.append(R"(,"user_id":)");
  codec::append_int(payload, user_id);
  payload.push_back('}');
  Delivery delivery;
  delivery.topic = channel_topic(channel_id);
  delivery.channel_id = channel_id;
  delivery.parley = text_frame(payload);
  delivery.except_user = user_id;
  return delivery;
}

Wire error_frame(std::string_view code, std::string_view detail, std::string_view nonce_json,
                 model::Id channel_id) {
  std::string payload = R"({"type":"error","code":)";
  codec::append_json_string(payload, code);
  payload.append(R"(,"detail":)");
  codec::append_json_string(payload, detail);
  if (!nonce_json.empty()) {
    payload.append(R"(,"nonce":)");
    payload.append(nonce_json);
  }
  if (channel_id != 0) {
    payload.append(R"(,"channel_id":)");
    codec::append_int(payload, channel_id);
  }
  payload.push_back('}');
  return text_frame(payload);
}

Wire resync_required_frame(model::Id channel_id) {
  std::string payload = R"({"type":"resync_required","channel_id":)";
  codec::append_int(payload, channel_id);
  payload.push_back('}');
  return text_frame(payload);
}

}  // namespace realtime
