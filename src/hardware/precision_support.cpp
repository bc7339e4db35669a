#include "hardware/precision_support.hpp"

#include "core/errors.hpp"

namespace mlsysim {

void require_precision_supported(const HardwareNode& hw, Precision precision) {
  if (precision == Precision::fp4 && !hw.compute.lists_rate(Precision::fp4))
    throw InputError("precision 'fp4' needs hardware that lists an fp4 rate; " + hw.name +
                     " does not (accepted: fp32, tf32, bf16, fp16, fp8, int8, int4)");
}

}  // namespace mlsysim
