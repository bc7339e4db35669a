// `mlsysim serve MODEL HARDWARE`: an LLM request's two phases (ServingModel),
// explained; comma-separated models, hardware or batch sizes print one table.
#include <fmt/format.h>

#include <iostream>

#include "api/door.hpp"
#include "api/text_source.hpp"
#include "commands.hpp"
#include "core/errors.hpp"
#include "core/precision.hpp"
#include "human.hpp"
#include "render.hpp"

namespace mlsysim::cli {

namespace {

struct ServeOptions {
  std::string model, hardware, batch_size = "1", precision = "fp16", efficiency = "0.5", seq_len = "2048";
  std::string decode_hardware, network_bandwidth, draft_model, acceptance_rate, cached_prefix, chunk_tokens;
};

struct Served {
  const Workload* model;
  const HardwareNode* hardware;
  long long seq_len, batch;
  std::string precision;
  double efficiency;
  Record record;
};

Served serve_one(const ServeOptions& o, const Registry& reg, const std::string& model, const std::string& hw,
                 const std::string& batch) {
  const api::SolverSpec& spec = api::find_solver("ServingModel");
  std::vector<std::string> args = {"model=" + model,          "hardware=" + hw,         "seq_len=" + o.seq_len,
                                   "batch_size=" + batch,     "precision=" + o.precision, "efficiency=" + o.efficiency};
  auto optional = [&](const char* name, const std::string& value) {
    if (!value.empty()) args.push_back(std::string(name) + "=" + value);
  };
  optional("decode_hardware", o.decode_hardware);
  optional("network_bandwidth", o.network_bandwidth);
  optional("draft_model", o.draft_model);
  optional("draft_acceptance_rate", o.acceptance_rate);
  optional("cached_prefix_len", o.cached_prefix);
  optional("prefill_chunk_tokens", o.chunk_tokens);
  api::TextSource source(spec, args, reg, "serve");
  auto result = api::run_solver(spec, source);
  return {&reg.model(model),
          &reg.hardware(hw),
          source.integer(spec.input("seq_len")),
          source.integer(spec.input("batch_size")),
          precision_name(source.precision(spec.input("precision"))),
          source.number(spec.input("efficiency")),
          api::to_record(*spec.result, result.get())};
}

const Value& field(const Record& r, const std::string& key) { return *find_path(r, key); }
std::string show(const Record& r, const std::string& key) { return human_field(key, field(r, key)); }
double number(const Record& r, const std::string& key) { return *field(r, key).get_if<double>(); }
bool flag(const Record& r, const std::string& key) { return *field(r, key).get_if<bool>(); }

void print_one(const ServeOptions& o, const Registry& reg, const Served& s) {
  const Record& r = s.record;
  const HardwareNode& decode = o.decode_hardware.empty() ? *s.hardware : reg.hardware(o.decode_hardware);
  fmt::print("Serving {} on {}  (context {}, batch {}, {}, efficiency {})\n", s.model->name,
             o.decode_hardware.empty() ? s.hardware->name : s.hardware->name + " -> " + decode.name, s.seq_len,
             s.batch, s.precision, human_number(s.efficiency));
  const std::string need = show(r, "total_memory_required_bytes") + " (weights " + show(r, "model_weights_size_bytes") +
                           " + KV cache " + show(r, "kv_cache_size_bytes") + ")";
  if (flag(r, "feasible"))
    fmt::print("  Fits in memory    yes: {} of {}\n", need, human_capacity(decode.memory.capacity_bytes));
  else
    fmt::print("  Fits in memory    NO: it needs {}, the {} has {}.\n"
               "                    TTFT and ITL below are what it would take if it fit.\n",
               need, decode.name, human_capacity(decode.memory.capacity_bytes));
  fmt::print("  TTFT (prefill)    {}\n", show(r, "ttft_s"));
  fmt::print("  ITL (decode)      {}\n", show(r, "itl_s"));
  fmt::print("  Tokens/s          {}  (batch / ITL)\n", human_number(number(r, "decode_throughput_tokens_per_s")));
  fmt::print("  KV cache          {}\n", show(r, "kv_cache_size_bytes"));
  fmt::print("  Memory use        {:.1f}%\n", number(r, "memory_utilization") * 100);
  if (!field(r, "decode_stall_bound_s").is_none())
    fmt::print("  Prefill chunks    {} (each stalls decode at most {})\n", *field(r, "prefill_chunks").get_if<long long>(),
               show(r, "decode_stall_bound_s"));
  if (number(r, "prompt_cache_hit_ratio") > 0)
    fmt::print("  Prefix cache      {:.1f}% of the context is cached\n", number(r, "prompt_cache_hit_ratio") * 100);
  for (const auto& line : *field(r, "constraint_trace").get_if<List>())
    fmt::print("  {}\n", human_text(*line.get_if<std::string>()));
}

void print_table(const std::vector<Served>& rows) {
  std::vector<std::vector<std::string>> cells = {
      {"Model", "Hardware", "Batch", "Fits", "TTFT", "ITL", "Tokens/s", "KV cache", "Memory use"}};
  for (const Served& s : rows) {
    const Record& r = s.record;
    cells.push_back({s.model->key, s.hardware->key, std::to_string(s.batch), flag(r, "feasible") ? "yes" : "NO",
                     show(r, "ttft_s"),
                     show(r, "itl_s"), human_number(number(r, "decode_throughput_tokens_per_s")),
                     show(r, "kv_cache_size_bytes"), fmt::format("{:.1f}%", number(r, "memory_utilization") * 100)});
  }
  std::vector<size_t> width(cells[0].size());
  for (const auto& row : cells)
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  for (size_t k = 0; k < cells.size(); ++k) {
    std::string line, rule;
    for (size_t i = 0; i < cells[k].size(); ++i) {
      line += fmt::format("{:<{}}  ", cells[k][i], width[i]);
      rule += std::string(width[i], '-') + "  ";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    while (!rule.empty() && rule.back() == ' ') rule.pop_back();
    std::cout << line << "\n";
    if (k == 0) std::cout << rule << "\n";
  }
  std::cout << "Memory use counts the weights and the KV cache of the whole context and batch.\n";
}

int run_serve(const ServeOptions& o, const Shared& shared) {
  Registry reg = load_registry(shared);
  std::vector<Served> served;
  for (const auto& m : split_list(o.model, "model"))
    for (const auto& h : split_list(o.hardware, "hardware"))
      for (const auto& b : split_list(o.batch_size, "batch_size")) served.push_back(serve_one(o, reg, m, h, b));
  if (shared.output == "json") {
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    for (const Served& s : served) {
      nlohmann::ordered_json j = {{"model", s.model->key}, {"hardware", s.hardware->key}, {"seq_len", s.seq_len},
                                  {"batch_size", s.batch}, {"precision", s.precision}, {"efficiency", s.efficiency}};
      const nlohmann::ordered_json fields = to_json(s.record);
      for (const auto& [k, v] : fields.items()) j[k] = v;
      all.push_back(j);
    }
    print_json(all.size() == 1 ? all[0] : all);
    return kSuccess;
  }
  if (served.size() == 1) print_one(o, reg, served[0]);
  else print_table(served);
  return kSuccess;
}

}  // namespace

Command add_serve(CLI::App& app) {
  auto o = std::make_shared<ServeOptions>();
  auto* serve = app.add_subcommand(
      "serve", "LLM serving: TTFT, ITL, tokens/s, KV cache, memory fit (lists compare: serve Llama3_8B H100,H200 -b 1,8)");
  serve->add_option("model", o->model, "Transformer model name(s), e.g. Llama3_8B")->required();
  serve->add_option("hardware", o->hardware, "Hardware name(s) (the prefill node with --decode-hardware)")->required();
  serve->add_option("-s,--seq-len", o->seq_len, "Context length in tokens")->capture_default_str();
  serve->add_option("-b,--batch-size", o->batch_size, "Concurrent requests, e.g. 1 or 1,8,64")->capture_default_str();
  serve->add_option("-p,--precision", o->precision, "Precision of weights and KV cache")->capture_default_str();
  serve->add_option("-e,--efficiency", o->efficiency, "Achieved fraction of peak compute, (0, 1]")->capture_default_str();
  // An option without its partner would be silently ignored by the solver, so the pair is enforced here.
  auto* decode = serve->add_option("--decode-hardware", o->decode_hardware, "Decode node for disaggregated serving");
  serve->add_option("--network-bandwidth", o->network_bandwidth, "Prefill-to-decode link, e.g. '100 GB/s'")
      ->needs(decode);
  auto* draft = serve->add_option("--draft-model", o->draft_model, "Draft model for speculative decoding");
  serve->add_option("--acceptance-rate", o->acceptance_rate, "Draft tokens accepted per step, [0, 1]")->needs(draft);
  serve->add_option("--cached-prefix", o->cached_prefix, "Prompt tokens already in the KV cache");
  serve->add_option("--prefill-chunk-tokens", o->chunk_tokens, "Chunked prefill: tokens per chunk");
  return {serve, [o](const Shared& shared) { return run_serve(*o, shared); }};
}

}  // namespace mlsysim::cli
