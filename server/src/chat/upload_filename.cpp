#include "chat/upload_filename.hpp"

#include <cctype>
#include <cstdint>

namespace chat {
namespace {

// The next code point of valid UTF-8 at text[i] (advancing i), or -1 when the bytes there
// are not valid UTF-8 (overlong forms and surrogates included).
std::int32_t next_code_point(std::string_view text, std::size_t& i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  int length;
  std::int32_t cp;
  if (lead < 0x80) {
    ++i;
    return lead;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2;
    cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    cp = lead & 0x07;
  } else {
    return -1;
  }
  if (i + static_cast<std::size_t>(length) > text.size()) return -1;
  for (int k = 1; k < length; ++k) {
    unsigned char next = byte(i + static_cast<std::size_t>(k));
    if ((next & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (next & 0x3F);
  }
  static constexpr std::int32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinimum[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  i += static_cast<std::size_t>(length);
  return cp;
}

bool is_control(std::int32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

// Characters that reorder what follows them: "cat\u202Egnp.exe" reads as "catexe.png".
bool is_bidi_control(std::int32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
         cp == 0x200F || cp == 0x061C;
}

}  // namespace

std::string filename_problem(std::string_view filename) {
  if (filename.empty()) return "The file has no name.";
  if (filename.size() > kMaxFilenameBytes) {
    return "Ensure the file name has no more than " + std::to_string(kMaxFilenameBytes) +
           " bytes (it has " + std::to_string(filename.size()) + ").";
  }
  if (filename == "." || filename == "..") return "The file name may not be \".\" or \"..\".";
  for (std::size_t i = 0; i < filename.size();) {
    auto cp = next_code_point(filename, i);
    if (cp < 0) return "The file name is not valid UTF-8.";
    if (cp == '/' || cp == '\\') return "The file name may not contain path separators.";
    if (is_control(cp)) return "The file name may not contain control characters.";
    if (is_bidi_control(cp)) return "The file name may not contain bidirectional controls.";
  }
  return {};
}

std::string filename_extension(std::string_view filename) {
  auto dot = filename.rfind('.');
  if (dot == std::string_view::npos) return {};
  std::string ext(filename.substr(dot + 1));
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

}  // namespace chat
