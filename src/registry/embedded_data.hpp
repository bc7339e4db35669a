#pragma once
// The data/ files, compiled into the library (see cmake/EmbedData.cmake).
#include <string_view>
#include <vector>

namespace mlsysim::registry {

struct EmbeddedFile {
  std::string_view path;     // "data/hardware/cloud.json"
  std::string_view content;  // the file's JSON text
};

const std::vector<EmbeddedFile>& embedded_files();

}  // namespace mlsysim::registry
