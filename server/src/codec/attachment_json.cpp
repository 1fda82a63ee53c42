#include "codec/attachment_json.hpp"

#include "codec/json_text.hpp"

namespace codec {
namespace {

std::string url_base(const model::Attachment& a) {
  return "/api/attachments/" + std::to_string(a.id) + "/" + a.url_token + "/";
}

}  // namespace

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string attachment_url(const model::Attachment& a) {
  return url_base(a) + percent_encode(a.filename);
}

std::string attachment_thumbnail_url(const model::Attachment& a) {
  return url_base(a) + "thumbnail/" + percent_encode(a.filename) + ".webp";
}

void append_attachment_json(std::string& out, const model::Attachment& a) {
  out.append(R"({"id":)");
  append_int(out, a.id);
  out.append(R"(,"filename":)");
  append_json_string(out, a.filename);
  out.append(R"(,"content_type":)");
  append_json_string(out, a.content_type);
  out.append(R"(,"size":)");
  append_int(out, a.size);
  out.append(R"(,"url":)");
  append_json_string(out, attachment_url(a));
  if (a.width && a.height) {
    out.append(R"(,"width":)");
    append_int(out, *a.width);
    out.append(R"(,"height":)");
    append_int(out, *a.height);
  }
  if (a.thumbnail_key) {
    out.append(R"(,"thumbnail_url":)");
    append_json_string(out, attachment_thumbnail_url(a));
  }
  out.push_back('}');
}

}  // namespace codec
