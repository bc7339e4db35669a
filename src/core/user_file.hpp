#pragma once
// Reading a file a user names (a registry file, a plan): everything that can be checked before
// reading is, so /dev/zero or a FIFO is never read and a huge file is refused by its size.
#include <cstddef>
#include <string>

namespace mlsysim {

// The whole file; InputError starting with `what` (e.g. "plan 'x.yaml'") when it is missing,
// not a regular file, larger than `max_bytes`, or unreadable.
std::string read_user_file(const std::string& path, const std::string& what, size_t max_bytes);

}  // namespace mlsysim
