#pragma once
// JSON Schemas (draft 2020-12) for editors and validators: a plan file (0.3.0's
// mlsys.yaml keys), and a hardware or workload entry of a user registry file
// (the keys the registry loader accepts).
#include <string>

namespace mlsysim {

// type: "plan", "hardware" or "workload" (any case); InputError naming them otherwise.
std::string json_schema(const std::string& type);

}  // namespace mlsysim
