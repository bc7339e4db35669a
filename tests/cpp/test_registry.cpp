#include <gtest/gtest.h>

#include <cstdio>

#include "core/errors.hpp"
#include "registry/registry.hpp"

namespace mlsysim {
namespace {

const Registry& reg() { return Registry::builtin(); }

TEST(Registry, EveryEntryLoadedWithASource) {
  EXPECT_GE(reg().hardware_entries().all().size(), 45u);
  EXPECT_GE(reg().model_entries().all().size(), 33u);
  EXPECT_EQ(reg().grid_entries().all().size(), 12u);
  EXPECT_FALSE(reg().cluster_entries().all().empty());
  for (const auto& h : reg().hardware_entries().all()) EXPECT_FALSE(h->source.ref.empty() && h->source.url.empty()) << h->key;
  for (const auto& m : reg().model_entries().all()) EXPECT_FALSE(m->source.ref.empty() && m->source.url.empty()) << m->key;
}

TEST(Registry, DatasheetNumbers) {
  const HardwareNode& h100 = reg().hardware("H100");
  EXPECT_EQ(h100.memory.capacity_bytes, 80.0 * (1ull << 30));  // 80 GiB
  EXPECT_EQ(h100.memory.bandwidth_bytes_per_s, 3.35e12);
  EXPECT_EQ(h100.compute.peak_flops_per_s, 989e12);
  EXPECT_EQ(h100.compute.peak_for(Precision::fp8), 1979e12);
  EXPECT_EQ(h100.tdp_w.value(), 700);
  const Workload& llama = reg().model("Llama3_8B");
  EXPECT_EQ(llama.parameters.value(), 8.03e9);
  EXPECT_EQ(llama.kv_heads.value(), 8);
  EXPECT_EQ(reg().model("Mixtral_8x7B").kv_heads.value(), 8);
  EXPECT_EQ(reg().grid("Quebec").carbon_intensity_g_per_kwh, 20);
  // Corrected from the reference (docs/differences.md): the datasheet and paper values.
  EXPECT_EQ(reg().hardware("ESP32_S3").memory.sram_capacity_bytes.value(), 512 * 1024.0);
  EXPECT_EQ(reg().model("DeepSeek_V3").heads.value(), 128);
  EXPECT_EQ(reg().hardware("Trainium2").memory.bandwidth_bytes_per_s, 2.9e12);
  const Fleet& frontier = reg().cluster("Frontier_8K");
  EXPECT_EQ(frontier.total_accelerators(), 8192);
  EXPECT_EQ(frontier.node->accelerator, &reg().hardware("H100"));
}

TEST(Registry, NamesResolveByKeyPathAndDisplayNameIgnoringCase) {
  const HardwareNode* a100 = &reg().hardware("A100");
  EXPECT_EQ(&reg().hardware("a100"), a100);
  EXPECT_EQ(&reg().hardware("Hardware.Cloud.A100"), a100);
  EXPECT_EQ(&reg().hardware("hardware.cloud.a100"), a100);
  EXPECT_EQ(&reg().hardware("NVIDIA A100"), a100);
  EXPECT_EQ(&reg().model("Models.Language.Llama3_8B"), &reg().model("llama3_8b"));
}

TEST(Registry, MissSuggestsClosestNames) {
  try {
    reg().model("Llama3-8b");
    FAIL();
  } catch (const UnknownNameError& e) {
    ASSERT_FALSE(e.suggestions().empty());
    EXPECT_EQ(e.suggestions()[0], "Llama3_8B");
  }
  try {
    reg().hardware("H10");
    FAIL();
  } catch (const UnknownNameError& e) {
    EXPECT_NE(std::string(e.what()).find("H100"), std::string::npos);
  }
}

TEST(Registry, UserFileAddsEntries) {
  Registry r = reg();
  r.load_file(MLSYSIM_TEST_DATA_DIR "/user_registry.yaml");
  EXPECT_EQ(r.hardware("MyAccel").memory.capacity_bytes, 24.0 * (1ull << 30));
  EXPECT_EQ(r.hardware("myaccel").compute.peak_for(Precision::int8), 200e12);
  EXPECT_EQ(r.model("TinyLM").kind, WorkloadKind::Transformer);
  EXPECT_THROW(reg().hardware("MyAccel"), UnknownNameError);  // the built-in registry is untouched
}

std::string load_error(const std::string& text, bool yaml = true) {
  Registry r = reg();
  try {
    r.load_text(text, "mine.yaml", yaml);
  } catch (const InputError& e) {
    EXPECT_THROW(r.hardware("Bad"), UnknownNameError);  // nothing was added
    return e.what();
  }
  return "";
}

TEST(Registry, MalformedFilesNameFileEntryAndField) {
  std::string bad_unit = load_error(
      "hardware:\n  Bad:\n    compute: {peak_flops: 1 TFLOP/s}\n    memory: {capacity: 8 parsecs, bandwidth: 1 TB/s}\n"
      "    source: {ref: x}\n");
  EXPECT_NE(bad_unit.find("mine.yaml"), std::string::npos);
  EXPECT_NE(bad_unit.find("'Bad'"), std::string::npos);
  EXPECT_NE(bad_unit.find("memory.capacity"), std::string::npos);

  std::string missing = load_error("hardware:\n  Bad:\n    compute: {peak_flops: 1 TFLOP/s}\n    source: {ref: x}\n");
  EXPECT_NE(missing.find("memory.capacity"), std::string::npos);
  EXPECT_NE(missing.find("required"), std::string::npos);

  std::string no_source = load_error(
      "hardware:\n  Bad:\n    compute: {peak_flops: 1 TFLOP/s}\n    memory: {capacity: 8 GB, bandwidth: 1 TB/s}\n");
  EXPECT_NE(no_source.find("source"), std::string::npos);

  std::string typo = load_error(
      "hardware:\n  Bad:\n    compute: {peak_flops: 1 TFLOP/s}\n    memory: {capacity: 8 GB, bandwidth: 1 TB/s}\n"
      "    tpd: 10 W\n    source: {ref: x}\n");
  EXPECT_NE(typo.find("did you mean 'tdp'"), std::string::npos);

  EXPECT_NE(load_error("hardware: [unclosed\n").find("malformed YAML"), std::string::npos);
  EXPECT_NE(load_error("{\"hardware\": ", false).find("malformed JSON"), std::string::npos);
  EXPECT_NE(load_error("hardwre: {}\n").find("did you mean 'hardware'"), std::string::npos);
  EXPECT_NE(load_error("hardware:\n  Bad:\n    compute: {peak_flops: nan TFLOP/s}\n").find("peak_flops"),
            std::string::npos);
}

TEST(Registry, BuiltInKeysAlwaysResolveToTheBuiltIn) {
  Registry r = reg();
  auto message = [&](const char* text) -> std::string {
    try {
      r.load_text(text, "mine.json", false);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  };
  // Its key, or its display name, would take over the built-in "H100".
  EXPECT_NE(message(R"({"hardware": {"H100": {"compute": {"peak_flops": "1 PFLOP/s"},
                 "memory": {"capacity": "80 GiB", "bandwidth": "4 TB/s"}, "source": {"ref": "what-if"}}}})")
                .find("NVIDIA H100 (Hardware.Cloud.H100, built in)"),
            std::string::npos);
  EXPECT_NE(message(R"({"hardware": {"Faster": {"name": "h100", "compute": {"peak_flops": "1 PFLOP/s"},
                 "memory": {"capacity": "80 GiB", "bandwidth": "4 TB/s"}, "source": {"ref": "what-if"}}}})")
                .find("its name 'h100' is the key of NVIDIA H100"),
            std::string::npos);
  EXPECT_EQ(r.hardware("H100").compute.peak_flops_per_s, 989e12);
  EXPECT_EQ(&r.hardware("h100"), &reg().hardware("H100"));
}

TEST(Registry, ReloadingAUserEntryKeepsSystemsThatUseItValid) {
  Registry r = reg();
  const char* chip = R"({"hardware": {"MyChip": {"compute": {"peak_flops": "%s"},
                 "memory": {"capacity": "80 GiB", "bandwidth": "4 TB/s"}, "source": {"ref": "what-if"}}},
                 "nodes": {"MyNode": {"accelerator": "MyChip", "accelerators_per_node": 8,
                 "intra_node_bw": "900 GB/s", "source": {"ref": "what-if"}}}})";
  char text[1024];
  std::snprintf(text, sizeof text, chip, "1 PFLOP/s");
  r.load_text(text, "mine.json", false);
  const Node* node = &r.node("MyNode");
  std::snprintf(text, sizeof text, chip, "2 PFLOP/s");
  r.load_text(text, "mine.json", false);  // a notebook cell run again
  EXPECT_EQ(r.hardware("MyChip").compute.peak_flops_per_s, 2e15);
  EXPECT_EQ(node->accelerator->compute.peak_flops_per_s, 1e15);  // the node it had, still alive
}

TEST(Registry, MissingFileIsAnInputError) {
  Registry r;
  EXPECT_THROW(r.load_file("/nonexistent/registry.yaml"), InputError);
  EXPECT_THROW(r.load_file(MLSYSIM_TEST_DATA_DIR "/../CMakeLists.txt"), InputError);
}

}  // namespace
}  // namespace mlsysim
