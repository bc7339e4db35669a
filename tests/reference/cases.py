"""Deterministic inputs for the reference diff of SingleNodeModel (no network, fixed seed).

Each case is a dict: ``model`` and ``hardware`` (registry keys, which are the reference's
attribute names) plus the keyword arguments of ``SingleNodeModel().solve``. A float that JSON
cannot carry (nan, inf) is written as a string ("nan", "inf"); both harness sides convert it.

* ``main_cases()``  every model x hardware pair once with seeded random parameters, plus
  targeted cases: the batch sizes 1, 2, 7, 32, 1024, every precision, efficiency 1.0 and tiny
  values, training with ZeRO 0-3 / LoRA / recomputation, memory spill, and the microcontroller
  SRAM-resident, flash and no-SRAM-bandwidth paths. Both sides must agree field by field.
* ``error_cases()`` inputs the reference rejects by raising; ours must fail too (exit != 0).
* ``fp4_cases()``   precision fp4, which the reference rejects and we accept on hardware that
  lists an fp4 rate (a documented deliberate difference; see known_differences.py).
* ``rejected_by_us_cases()`` inputs the reference accepts without complaint and we reject on
  purpose (NaN efficiency, dp_size/seq_len/zero_stage out of range).

* ``fp4_patched_cases()`` the fp4 cases again, marked ``with_fp4`` so that dump_reference.py
  teaches the reference fp4 (0.5 B/element) first; these must then agree field by field.

Run ``python tests/reference/cases.py [main|error|fp4|fp4_patched|rejected|all]`` to print a
list as JSON.
"""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = 20260300

PRECISIONS = ("fp32", "tf32", "bf16", "fp16", "fp8", "int8", "int4")
# log-spread over 1..1024 with the sizes the brief names
BATCHES = (1, 2, 3, 4, 7, 8, 16, 32, 50, 64, 100, 128, 256, 333, 512, 1000, 1024)
SEQ_LENS = (1, 128, 512, 1024, 2048, 4096, 8192, 32768)
DP_SIZES = (1, 2, 3, 8, 64, 512, 4096)
# (0, 1]: 1.0 exactly, the reference's smallest accepted 1e-9, and a spread in between
EFFICIENCIES = (1.0, 1e-9, 1e-6, 0.001, 0.05, 0.1, 0.25, 1 / 3, 0.5, 0.55, 0.7, 0.9, 0.999999)


def _keys(kind: str) -> list[str]:
    """Registry keys of ``data/<kind>/*.json`` in a fixed order (file name, then entry order)."""
    keys: list[str] = []
    for path in sorted((ROOT / "data" / kind).glob("*.json")):
        keys.extend(json.loads(path.read_text(encoding="utf-8"))["entries"].keys())
    return keys


def hardware_keys() -> list[str]:
    return _keys("hardware")


def model_keys() -> list[str]:
    return _keys("models")


def _case(model: str, hardware: str, **kw) -> dict:
    c = {"model": model, "hardware": hardware, "batch_size": 1, "precision": "fp16",
         "efficiency": 0.5, "is_training": False, "seq_len": 2048, "zero_stage": 0,
         "dp_size": 1, "is_lora": False, "activation_recomputation": False}
    c.update(kw)
    return c


def _random_params(rng: random.Random) -> dict:
    p = {
        "batch_size": rng.choice(BATCHES) if rng.random() < 0.7 else rng.randint(1, 1024),
        "precision": rng.choice(PRECISIONS),
        "efficiency": rng.choice(EFFICIENCIES) if rng.random() < 0.5 else rng.uniform(1e-3, 1.0),
        "is_training": rng.random() < 0.35,
    }
    if p["is_training"]:
        p.update(seq_len=rng.choice(SEQ_LENS), zero_stage=rng.randint(0, 3),
                 dp_size=rng.choice(DP_SIZES), is_lora=rng.random() < 0.3,
                 activation_recomputation=rng.random() < 0.4)
    elif rng.random() < 0.2:  # training-only knobs set on an inference solve are ignored
        p.update(seq_len=rng.choice(SEQ_LENS), zero_stage=rng.randint(0, 3),
                 dp_size=rng.choice(DP_SIZES))
    return p


def main_cases() -> list[dict]:
    rng = random.Random(SEED)
    hws, models = hardware_keys(), model_keys()
    cases: list[dict] = []
    # 1. every model on every accelerator, random parameters per pair
    for m in models:
        for h in hws:
            cases.append(_case(m, h, **_random_params(rng)))
    # 2. batch sizes x precisions on a memory-bound and a compute-bound pairing
    for m, h in (("Llama3_8B", "H100"), ("ResNet50", "A100"), ("BERT_Base", "TPUv5p"),
                 ("MobileNetV2", "JetsonOrinNano")):
        for b in (1, 2, 7, 32, 1024):
            for p in PRECISIONS:
                cases.append(_case(m, h, batch_size=b, precision=p))
    # 3. efficiency extremes
    for e in (1.0, 1e-9, 2e-9, 1e-6, 1e-3, 0.999999999):
        for m, h in (("Llama3_8B", "H100"), ("ResNet50", "T4"), ("DS_CNN", "ESP32_S3")):
            cases.append(_case(m, h, efficiency=e, batch_size=32))
    # 4. training: ZeRO stages x dp sizes x LoRA x recomputation, transformer and non-transformer
    for m, h in (("Llama3_8B", "H100"), ("GPT2", "A100"), ("Mixtral_8x7B", "H200"),
                 ("ResNet50", "V100"), ("Mamba_130M", "A100"), ("StableDiffusion_v1_5", "B200"),
                 ("DLRM", "MI300X"), ("OpenVLA_7B", "H100")):
        for z in range(4):
            for dp in (1, 8, 512):
                for lora in (False, True):
                    for ar in (False, True):
                        cases.append(_case(m, h, is_training=True, zero_stage=z, dp_size=dp,
                                           is_lora=lora, activation_recomputation=ar,
                                           batch_size=rng.choice((1, 4, 16)),
                                           seq_len=rng.choice((512, 2048, 8192)),
                                           precision=rng.choice(("fp16", "bf16", "fp32", "fp8"))))
    # 5. spill (infeasible) cases, including the offload bandwidth fallback paths
    for m, h in (("Llama3_70B", "T4"), ("GPT4", "H100"), ("Llama3_405B", "A100"),
                 ("PaLM_540B", "MI300X"), ("DeepSeek_V3", "B200"), ("Llama3_8B", "JetsonOrinNano"),
                 ("GPT3", "TPUv4"), ("Llama2_70B", "Groq_LPU"), ("Llama3_8B", "iPhone15Pro"),
                 ("ResNet50", "nRF52840"), ("Llama3_8B", "Coral")):
        for train in (False, True):
            cases.append(_case(m, h, is_training=train, batch_size=8))
    # 6. microcontrollers: SRAM-resident, flash-resident, STM32F4 (SRAM size, no SRAM bandwidth),
    #    boards without SRAM figures, and models that only just fit / just spill
    tiny_hw = ("ESP32_S3", "HimaxWE1", "LockstepSafetyMCU_Reference", "OuraRing", "STM32F4",
               "nRF52840")
    tiny_models = ("AnomalyDetector", "DS_CNN", "WakeVision", "MobileNetV2_Alpha0_5",
                   "MobileNetV2_Alpha0_5FeatureExtractor", "LeNet1", "YOLOv8_Nano")
    for h in tiny_hw:
        for m in tiny_models:
            for p in ("fp32", "int8", "int4"):
                cases.append(_case(m, h, precision=p, batch_size=rng.choice((1, 2, 7))))
    return cases


def error_cases() -> list[dict]:
    """Inputs where the reference raises; ours must exit non-zero as well."""
    return [
        _case("Llama3_8B", "H100", efficiency=1e-10),
        _case("Llama3_8B", "H100", efficiency=0.0),
        _case("Llama3_8B", "H100", efficiency=-0.5),
        _case("Llama3_8B", "H100", efficiency=1.5),
        _case("Llama3_8B", "H100", efficiency=1.0000001),
        _case("ResNet50", "A100", efficiency="inf"),
        _case("ResNet50", "A100", batch_size=0),
        _case("ResNet50", "A100", batch_size=-3),
        _case("ResNet50", "A100", precision="fp64"),
        _case("ResNet50", "A100", precision="int2"),
        _case("ResNet50", "H100", precision="fp4"),     # no fp4 rate on H100: both reject
        _case("Llama3_70B", "T4", raise_errors=True),    # OOMError; ours exits 2
        _case("GPT4", "H100", raise_errors=True, is_training=True),
        _case("ResNet50", "nRF52840", raise_errors=True),
        _case("Llama3_8B", "H100", is_training=True, zero_stage=1, dp_size=0),  # ZeroDivisionError
    ]


def fp4_cases() -> list[dict]:
    """Precision fp4 on hardware with an fp4 rate: the reference always raises ValueError; we
    accept it (documented in known_differences.py). fp4 on hardware without an fp4 rate is in
    error_cases(): both sides reject it."""
    return [
        _case("Llama3_8B", "B200", precision="fp4"),
        _case("Llama3_70B", "GB200_NVL72", precision="fp4", batch_size=32),
        _case("GPT2", "B200", precision="fp4", batch_size=1024, efficiency=1.0),
        _case("Llama3_8B", "DGX_Spark", precision="fp4", is_training=True, batch_size=4,
              zero_stage=2, dp_size=8, activation_recomputation=True),
    ]


def fp4_patched_cases() -> list[dict]:
    """fp4_cases() again, for the reference taught fp4 at 0.5 B/element: must match exactly."""
    return [{**c, "with_fp4": True} for c in fp4_cases()]


def rejected_by_us_cases() -> list[dict]:
    """Inputs the reference silently accepts (producing nan or nonsense) and we reject."""
    return [
        _case("Llama3_8B", "H100", efficiency="nan"),
        _case("Llama3_8B", "H100", is_training=True, zero_stage=0, dp_size=0),
        _case("Llama3_8B", "H100", is_training=True, zero_stage=3, dp_size=-2),
        _case("Llama3_8B", "H100", is_training=True, seq_len=0),
        _case("Llama3_8B", "H100", is_training=True, seq_len=-5),
        _case("Llama3_8B", "H100", is_training=True, zero_stage=7, dp_size=8),
        _case("Llama3_8B", "H100", is_training=True, zero_stage=-1),
    ]


GROUPS = {"main": main_cases, "error": error_cases, "fp4": fp4_cases,
          "fp4_patched": fp4_patched_cases, "rejected": rejected_by_us_cases}


def all_cases() -> list[dict]:
    """Every group, in GROUPS order (what the reference diff runs in one session)."""
    return [c for fn in GROUPS.values() for c in fn()]


def group_slices() -> dict[str, slice]:
    """Where each group sits in all_cases()."""
    out, start = {}, 0
    for name, fn in GROUPS.items():
        n = len(fn())
        out[name] = slice(start, start + n)
        start += n
    return out


if __name__ == "__main__":
    which = sys.argv[1] if len(sys.argv) > 1 else "main"
    fn = all_cases if which == "all" else GROUPS[which]
    json.dump(fn(), sys.stdout, indent=1)
    sys.stdout.write("\n")
