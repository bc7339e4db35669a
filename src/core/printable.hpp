#pragma once
// User text echoed in messages: control characters and bytes that are not
// UTF-8 escaped (\n, \x1b, \xff), so an error is always one printable line,
// and long input cut, so a 100,000-character name does not make a
// 100,000-character error.
#include <string>
#include <string_view>

namespace mlsysim {

// `text` escaped and cut to about `limit` characters ("…" marks a cut).
std::string printable(std::string_view text, size_t limit = 64);

// The same in single quotes: 'Llama3_8B'.
std::string in_quotes(std::string_view text, size_t limit = 64);

// A whole message: escaped like printable(), cut at `limit`.
std::string one_line(std::string_view message, size_t limit = 1000);

// Whether `text` is valid UTF-8; when not, `bad_offset` is the first bad byte.
bool valid_utf8(std::string_view text, size_t* bad_offset = nullptr);

}  // namespace mlsysim
