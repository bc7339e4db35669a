#include "plan/schema.hpp"

#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "core/precision.hpp"
#include "core/printable.hpp"
#include "core/suggest.hpp"

namespace mlsysim {

namespace {

using json = nlohmann::ordered_json;

json object(json properties, std::vector<std::string> required, const std::string& title) {
  return {{"title", title}, {"type", "object"}, {"additionalProperties", false},
          {"properties", std::move(properties)}, {"required", std::move(required)}};
}
json with_dialect(json s) {
  json out = {{"$schema", "https://json-schema.org/draft/2020-12/schema"}};
  for (auto it = s.begin(); it != s.end(); ++it) out[it.key()] = it.value();
  return out;
}
json text(const std::string& d) { return {{"type", "string"}, {"description", d}}; }
json count(const std::string& d) { return {{"type", "integer"}, {"exclusiveMinimum", 0}, {"description", d}}; }
json number(const std::string& d) { return {{"type", "number"}, {"description", d}}; }
// A quantity: text with a unit ("400 GB/s"), or a bare number in the unit the description names.
json quantity(const std::string& d) { return {{"type", {"string", "number"}}, {"description", d}}; }
json nullable(json j) {
  json types = j["type"].is_array() ? j["type"] : json::array({j["type"]});
  types.push_back("null");
  j["type"] = types;
  return j;
}

json plan_schema() {
  json precisions = json::array();
  for (const char* p : {"fp32", "tf32", "bf16", "fp16", "fp8", "int8", "int4", "fp4"}) precisions.push_back(p);
  json assertion = object({{"metric", text("a scorecard metric by path: feasibility.memory_used_gb, performance.latency, "
                                          "performance.step_latency, macro.tco_usd, macro.carbon_footprint, ...")},
                           {"max", nullable(quantity("fails above this: a number in the metric's unit (ms, GB, 1/s, USD, t) or a quantity (\"20 s\")"))},
                           {"min", nullable(quantity("fails below this"))}},
                          {"metric"}, "AssertionConfig");
  json s = object(
      {{"version", {{"type", {"string", "number"}}, {"description", "plan format version, e.g. \"1.0\""}}},
       {"name", text("the scenario's name")},
       {"workload", object({{"name", text("a model (mlsysim zoo models)")},
                            {"batch_size", count("samples per step (default 1)")},
                            {"seq_len", count("tokens per sample (default 2048)")}},
                           {"name"}, "WorkloadConfig")},
       {"hardware", object({{"name", text("an accelerator (mlsysim zoo hardware)")},
                            {"accelerators", nullable(count("accelerators in all"))},
                            {"node_count", nullable(count("nodes (with accelerators_per_node)"))},
                            {"accelerators_per_node", nullable(count("accelerators per node"))},
                            {"intra_node_bw", nullable(quantity("per-direction link inside a node; a bare number is GB/s (default: the accelerator's NVLink)"))},
                            {"fabric_bandwidth", quantity("network between nodes; a bare number is GB/s (default 50 GB/s)")},
                            {"precision", {{"type", "string"}, {"enum", precisions}, {"description", "numeric precision (default fp16)"}}},
                            {"efficiency", {{"type", "number"}, {"exclusiveMinimum", 0}, {"maximum", 1},
                                            {"description", "achieved fraction of peak compute (default 0.5)"}}}},
                           {"name"}, "HardwareConfig")},
       {"ops", nullable(object({{"region", text("the grid the fleet runs on (mlsysim zoo grids; default US_Avg)")},
                                {"duration_days", {{"type", "number"}, {"exclusiveMinimum", 0},
                                                   {"description", "how long it runs (default 30)"}}}},
                               {}, "OpsConfig"))},
       {"constraints", nullable(object({{"assert", {{"type", "array"}, {"items", assertion}}}}, {}, "ConstraintsConfig"))}},
      {"version", "name", "workload", "hardware"}, "MlsysPlanSchema");
  return with_dialect(std::move(s));
}

json source_schema() {
  return object({{"kind", text("datasheet, paper, industry_report, estimate, illustrative, ...")},
                 {"ref", text("what the numbers come from")}, {"url", nullable(text("where"))},
                 {"verified", text("date checked, YYYY-MM-DD")}, {"notes", text("anything a reader should know")}},
                {}, "Source");
}

json link_schema(const std::string& title) {
  return object({{"name", text("e.g. NVLink 4")}, {"bandwidth", quantity("e.g. \"900 GB/s\"")},
                 {"latency", quantity("e.g. \"1 us\"")}, {"direction", text("per_direction or bidirectional_total")}},
                {"bandwidth"}, title);
}

json hardware_schema() {
  json s = object(
      {{"name", text("display name")},
       {"release_year", {{"type", "integer"}}},
       {"compute", object({{"peak_flops", quantity("headline rate, e.g. \"989 TFLOP/s\"")},
                           {"precision_flops", {{"type", "object"}, {"additionalProperties", {{"type", {"string", "number"}}}},
                                                {"description", "rate per precision key (fp8, int8, fp16_dense, ...)"}}}},
                          {"peak_flops"}, "ComputeCore")},
       {"memory", object({{"capacity", quantity("e.g. \"80 GiB\"")}, {"bandwidth", quantity("e.g. \"3.35 TB/s\"")},
                          {"sram_capacity", quantity("on-chip SRAM")}, {"sram_bandwidth", quantity("")},
                          {"flash_capacity", quantity("")}, {"flash_bandwidth", quantity("")}, {"l2_cache", quantity("")}},
                         {"capacity", "bandwidth"}, "MemoryHierarchy")},
       {"storage", object({{"capacity", quantity("")}, {"bandwidth", quantity("")}, {"latency", quantity("")}}, {},
                          "StorageHierarchy")},
       {"interconnect", link_schema("HostLink")},
       {"nvlink", link_schema("ScaleUpLink")},
       {"tdp", quantity("e.g. \"700 W\"")},
       {"battery_capacity", quantity("")},
       {"unit_cost_usd", number("purchase price")},
       {"embodied_carbon_kg", number("manufacturing carbon")},
       {"dispatch_tax", quantity("per-call overhead, e.g. \"0.3 ms\"")},
       {"accelerator_count", count("accelerators in one unit (an NVL72 rack)")},
       {"source", source_schema()},
       {"notes", text("")}},
      {"name", "compute", "memory"}, "HardwareNode");
  return with_dialect(std::move(s));
}

json workload_schema() {
  json props = {{"type", {{"type", "string"},
                          {"enum", {"workload", "transformer", "sparse_transformer", "cnn", "ssm", "diffusion", "embodied"}}}},
                {"name", text("display name")},
                {"architecture", text("e.g. Transformer, CNN")},
                {"release_year", {{"type", "integer"}}},
                {"parameters", number("parameter count")},
                {"model_size", quantity("weights, e.g. \"16 GB\"")},
                {"inference_flops", quantity("per sample, e.g. \"8.2 GFLOP\"")}};
  for (const char* k : {"layers", "hidden_dim", "heads", "kv_heads", "head_dim", "kv_lora_rank", "qk_rope_head_dim", "experts",
                        "active_experts_per_token", "state_size", "denoising_steps", "resolution", "context_length", "vocab_size"})
    props[k] = count("");
  for (const char* k : {"active_parameters", "training_ops", "training_tokens"}) props[k] = quantity("");
  props["source"] = source_schema();
  props["notes"] = text("");
  json s = object(props, {"name"}, "Workload");
  return with_dialect(std::move(s));
}

}  // namespace

std::string json_schema(const std::string& type) {
  const std::string t = to_lower(type);
  if (t == "plan") return plan_schema().dump(2);
  if (t == "hardware") return hardware_schema().dump(2);
  if (t == "workload") return workload_schema().dump(2);
  const std::vector<std::string> types = {"plan", "hardware", "workload"};
  throw InputError("unknown schema type " + in_quotes(type, 40) + did_you_mean(type, types) + " (accepted: plan, hardware, workload)");
}

}  // namespace mlsysim
