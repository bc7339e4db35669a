#pragma once
// Which precisions a solver may run at on a given accelerator.
#include "core/precision.hpp"
#include "hardware/hardware_node.hpp"

namespace mlsysim {

// fp4 needs a datasheet fp4 rate (B200, GB200, DGX Spark, ...): the reference has no fp4 at all,
// and falling back to the headline peak would credit 4-bit storage to hardware without 4-bit math.
// Every other precision is accepted everywhere (a missing rate uses the headline peak, with a warning
// where the solver gives one). Throws InputError.
void require_precision_supported(const HardwareNode& hardware, Precision precision);

}  // namespace mlsysim
