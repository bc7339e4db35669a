#include "core/user_file.hpp"

#include <filesystem>
#include <fstream>

#include "core/errors.hpp"

namespace mlsysim {

std::string read_user_file(const std::string& path, const std::string& what, size_t max_bytes) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) throw InputError(what + " cannot be read (no such file)");
  if (!std::filesystem::is_regular_file(status)) throw InputError(what + " is not a regular file");
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw InputError(what + " cannot be read");
  if (size > max_bytes)
    throw InputError(what + " is " + std::to_string(size / (1024 * 1024)) + " MiB; at most " +
                     std::to_string(max_bytes / (1024 * 1024)) + " MiB is read");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(what + " cannot be read");
  std::string text(static_cast<size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  text.resize(static_cast<size_t>(in.gcount()));
  return text;
}

}  // namespace mlsysim
