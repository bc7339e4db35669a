"""Registry numbers where the reference (mlsysim 0.3.0) disagrees with the datasheet or paper it
cites, and the value we use instead.

Read by tools/import_reference_registry.py (which writes the corrected value into data/) and by
tests/reference/dump_reference.py (which applies the same values to the reference's objects, so
the differential test still compares formulas field by field). Each one is also a row of
docs/differences.md. Plain data: no mlsysim import, so both environments can load it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Union

Value = Union[str, int, float]


@dataclass(frozen=True)
class Correction:
    path: str         # registry path, e.g. "Hardware.Tiny.ESP32_S3"
    field: str        # dotted field in our data schema, e.g. "memory.sram_capacity"
    reference: Value  # what 0.3.0 has (None when it leaves the field out)
    value: Value      # what we use: "<number> <unit>" for quantities, a number for counts
    source: str       # where the correct value is printed
    why: str


ESP32_S3_DATASHEET = "Espressif ESP32-S3 Series Datasheet, section 1 (Features): 512 KB of internal SRAM"
DEEPSEEK_V3_REPORT = ("DeepSeek-AI (2024), DeepSeek-V3 Technical Report (arXiv:2412.19437), section 4.2: "
                      "128 attention heads, per-head dimension 128, hidden size 7168")
EFFICIENTNET_PAPER = ("Tan & Le (2019), EfficientNet (arXiv:1905.11946), Table 2: 0.39B FLOPS for B0, "
                      "counted as multiply-adds")
TRAINIUM2_GUIDE = ("AWS Neuron documentation, Trainium2 Architecture: 667 BF16/FP16/TF32 TFLOPS, "
                   "1,299 FP8 TFLOPS, 181 FP32 TFLOPS dense; 96 GiB of HBM at 2.9 TB/s")

CORRECTIONS: tuple[Correction, ...] = (
    Correction("Hardware.Tiny.ESP32_S3", "memory.sram_capacity", "520 KiB", "512 KiB", ESP32_S3_DATASHEET,
               "520 KB is the original ESP32's SRAM, not the ESP32-S3's"),
    Correction("Models.Language.DeepSeek_V3", "heads", 56, 128, DEEPSEEK_V3_REPORT,
               "56 = 7168 / 128 is the hidden size over the head width, not the head count"),
    Correction("Models.Language.DeepSeek_V3", "head_dim", None, 128, DEEPSEEK_V3_REPORT,
               "with 128 heads, hidden / heads = 56 is not the head width; the report's is 128"),
    Correction("Models.Vision.EfficientNetB0", "inference_flops", 390000000, 780000000, EFFICIENTNET_PAPER,
               "the registry counts 2 FLOP per multiply-add (EfficientNetB4 8.4 = 2 x 4.2, ResNet-50 8.2); "
               "B0's 0.39 G is the paper's multiply-add count"),
    Correction("Hardware.Cloud.Trainium2", "compute.peak_flops", "380.0 TFLOP/s", "667 TFLOP/s",
               TRAINIUM2_GUIDE, "380 is the first-generation Trainium's INT8 TOPS figure"),
    Correction("Hardware.Cloud.Trainium2", "compute.precision_flops.fp8", "760.0 TFLOP/s", "1299 TFLOP/s",
               TRAINIUM2_GUIDE, "twice the wrong BF16 figure"),
    Correction("Hardware.Cloud.Trainium2", "compute.precision_flops.fp32", None, "181 TFLOP/s",
               TRAINIUM2_GUIDE, "without it fp32 silently ran at the BF16 rate"),
    Correction("Hardware.Cloud.Trainium2", "memory.bandwidth", "2.4 TB/s", "2.9 TB/s", TRAINIUM2_GUIDE,
               "2.9 TB/s is the documented HBM bandwidth"),
)
