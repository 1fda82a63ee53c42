// Attachment uploads (SPEC §12): the streamed multipart spool (fed whole and in pieces, which
// must agree), the file name rules, the Content-Disposition built from a name, and libmagic's
// sniffing of the received bytes with the mislabel check.
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "chat/content_sniffing.hpp"
#include "chat/upload_filename.hpp"
#include "fuzz_check.hpp"
#include "http/content_disposition.hpp"
#include "http/multipart_spool.hpp"

namespace {

struct Outcome {
  bool ok = false;
  std::string error;
  bool has_file = false;
  std::uint64_t size = 0;
  std::string filename;
};

const std::filesystem::path& spool_directory() {
  static const std::filesystem::path dir = [] {
    char pattern[] = "/tmp/parley-upload-fuzz-XXXXXX";
    const char* made = mkdtemp(pattern);
    FUZZ_CHECK(made != nullptr);
    return std::filesystem::path(made);
  }();
  return dir;
}

Outcome receive(std::string_view content_type, std::string_view body, std::size_t piece) {
  http::MultipartSpool spool(content_type, {.directory = spool_directory()});
  for (std::size_t at = 0; at < body.size(); at += piece) spool.feed(body.substr(at, piece));
  Outcome out;
  out.ok = spool.finish();
  out.error = spool.error();
  out.has_file = out.ok && spool.has_file();
  if (out.has_file) {
    out.size = spool.file_size();
    out.filename = spool.filename().value_or("");
    FUZZ_CHECK(std::filesystem::file_size(spool.file_path()) == out.size);
  }
  return out;
}

void check_name(std::string_view name) {
  auto problem = chat::filename_problem(name);
  if (problem.empty()) {
    FUZZ_CHECK(!name.empty() && name.size() <= chat::kMaxFilenameBytes);
    FUZZ_CHECK(name.find('/') == std::string_view::npos);
    FUZZ_CHECK(name.find('\\') == std::string_view::npos);
  }
  auto header = http::content_disposition("attachment", name);
  for (unsigned char c : header) FUZZ_CHECK(c >= 0x20 && c < 0x7F);  // never breaks the header
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto newline = input.find('\n');
  if (newline == std::string_view::npos) {
    check_name(input);
    return 0;
  }
  std::string content_type(input.substr(0, newline));
  std::string body(input.substr(newline + 1));
  auto whole = receive(content_type, body, body.size() + 1);
  std::size_t piece = body.empty() ? 1 : 1 + static_cast<unsigned char>(body[0]) % 7;
  auto pieces = receive(content_type, body, piece);
  FUZZ_CHECK(whole.ok == pieces.ok && whole.error == pieces.error);
  FUZZ_CHECK(whole.size == pieces.size && whole.filename == pieces.filename);
  if (whole.has_file) {
    check_name(whole.filename);
    auto type = chat::sniff_content_type(body);
    FUZZ_CHECK(!type.empty() && type.find('/') != std::string::npos);
    chat::mislabel_problem(whole.filename, "image/png", type);
    FUZZ_CHECK(!chat::is_safe_inline("text/html") && !chat::is_safe_inline("image/svg+xml"));
  }
  return 0;
}
