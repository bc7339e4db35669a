// CompressionModel: quantisation and pruning trade-offs.
#include "api/spec_builder.hpp"
#include "solvers/compression.hpp"

namespace mlsysim::api {

namespace {
const ResultSpec& compression_result() {
  static const ResultSpec spec = [] {
    using R = CompressionResult;
    ResultBuilder<R> r("CompressionResult", "Size, accuracy cost and speedup of compressing a model");
    r.field("baseline_precision", &R::baseline_precision, "baseline_precision", "what sizes and ratios are against");
    r.field("original_size_bytes", &R::original_size_bytes, "original_size_gb", "weights at the baseline precision")
        .unit("GB");
    r.field("compressed_size_bytes", &R::compressed_size_bytes, "compressed_size_gb", "weights after compression")
        .unit("GB");
    r.field("compression_ratio", &R::compression_ratio, "compression_ratio", "original / compressed size")
        .dimensionless();
    r.field("estimated_accuracy_delta", &R::estimated_accuracy_delta, "estimated_accuracy_delta",
            "a signed fraction: -0.005 is half a point of accuracy lost")
        .dimensionless();
    r.field("memory_savings_pct", &R::memory_savings_pct, "memory_savings_pct",
            "a percent (75.0), not a fraction: (1 - 1/ratio) x 100")
        .dimensionless();
    r.field("inference_speedup", &R::inference_speedup, "inference_speedup",
            "the ratio when memory-bound; the low-precision rate when compute-bound")
        .dimensionless();
    r.no_constraint_trace();
    return r.build();
  }();
  return spec;
}
}  // namespace

const SolverSpec& spec_CompressionModel() {
  static const SolverSpec spec = [] {
    using In = CompressionInputs;
    SolverBuilder<In, CompressionResult> s("CompressionModel", solve_compression, compression_result(),
                                           "Compression: quantisation and pruning vs accuracy, size and speed");
    s.walls({13});
    s.input("model", &In::model, "model to compress").required("Llama3_8B");
    s.input("hardware", &In::hardware, "accelerator it runs on").required("H100");
    s.choice("method", &In::method,
             {{"quantization", CompressionMethod::Quantization}, {"pruning", CompressionMethod::Pruning}},
             "quantization or pruning");
    s.input("target_bitwidth", &In::target_bitwidth, "bits per weight after quantisation (>= 1)");
    s.input("sparsity", &In::sparsity, "fraction of weights pruned, in [0, 1]");
    s.choice("sparsity_type", &In::sparsity_type,
             {{"unstructured", SparsityType::Unstructured}, {"structured", SparsityType::Structured},
              {"n_m", SparsityType::NM}},
             "pruning pattern: unstructured (storage only), structured, or n_m (2:4)");
    s.input("baseline_precision", &In::baseline_precision, "precision of the uncompressed model");
    return s.build();
  }();
  return spec;
}

}  // namespace mlsysim::api
