#pragma once
// CompressionModel: quantisation and pruning against a baseline precision
// (Wall 13): size, ratio, the accuracy cost (survey medians) and the
// inference speedup, which depends on the roofline regime and on whether the
// hardware has a fast low-precision path. See docs/solvers/compression.md.
#include <string>

#include "core/precision.hpp"
#include "hardware/hardware_node.hpp"
#include "models/workload.hpp"

namespace mlsysim {

enum class CompressionMethod { Quantization, Pruning };
enum class SparsityType { Unstructured, Structured, NM };

struct CompressionInputs {
  const Workload* model = nullptr;
  const HardwareNode* hardware = nullptr;
  CompressionMethod method = CompressionMethod::Quantization;
  int target_bitwidth = 8;    // >= 1 (quantisation)
  double sparsity = 0.0;      // [0, 1] (pruning)
  SparsityType sparsity_type = SparsityType::Unstructured;
  Precision baseline_precision = Precision::fp32;
};

struct CompressionResult {
  std::string baseline_precision;
  double original_size_bytes = 0;     // weights at the baseline precision
  double compressed_size_bytes = 0;
  double compression_ratio = 1;
  double estimated_accuracy_delta = 0;  // a signed fraction: -0.005 is half a point of accuracy lost
  double memory_savings_pct = 0;        // a percent: 75.0
  double inference_speedup = 1;
};

CompressionResult solve_compression(const CompressionInputs& in);

}  // namespace mlsysim
