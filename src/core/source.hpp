#pragma once
#include <string>

namespace mlsysim {

// Where a registry entry's numbers come from (datasheet, paper, model card).
struct Source {
  std::string kind;      // "datasheet", "literature", "model_card", ...
  std::string ref;       // citation
  std::string url;
  std::string verified;  // date the numbers were last checked
  std::string notes;
};

}  // namespace mlsysim
