// The attachment object of SPEC §12 and the URLs it is served at.
#pragma once
#include <string>

#include "model/attachment.hpp"

namespace codec {

// {"id","filename","content_type","size","url","width"?,"height"?,"thumbnail_url"?}
void append_attachment_json(std::string& out, const model::Attachment& attachment);

// /api/attachments/{id}/{token}/{percent-encoded filename}: the token makes it unguessable,
// the name is for people and downloads (the server ignores it).
std::string attachment_url(const model::Attachment& attachment);
// /api/attachments/{id}/{token}/thumbnail/{name}.webp, for images (one segment more than
// the file's URL, so that no file name can be mistaken for it).
std::string attachment_thumbnail_url(const model::Attachment& attachment);

// Every byte outside RFC 3986's unreserved set as %XX.
std::string percent_encode(std::string_view text);

}  // namespace codec
