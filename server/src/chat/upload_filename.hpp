// The name an upload is stored and offered for download under (SPEC §12). A name is refused,
// never silently rewritten, when it could steer a path or fool a reader: path separators,
// "." and "..", control characters, bidirectional overrides, invalid UTF-8, or more than
// kMaxFilenameBytes.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace chat {

constexpr std::size_t kMaxFilenameBytes = 255;

// Empty when the name is acceptable; otherwise why not (a sentence for {"file": [...]}).
std::string filename_problem(std::string_view filename);

// The lower-cased extension after the last '.', or empty.
std::string filename_extension(std::string_view filename);

}  // namespace chat
