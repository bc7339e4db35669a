"""Reference cases for TrainingMemoryModel (what one accelerator holds during a training step:
weights, gradients, optimizer state, activations, communication buffers), its accepted differences
from mlsysim 0.3.0, and checks of its own. Read by tests/reference/harness.py.

Each case is a dict of ``TrainingMemoryModel().solve`` keyword arguments: ``model`` and
``hardware`` are registry keys, the rest plain numbers, flags and text. The solver needs no
divisibility (tp, pp, dp, ep are any counts >= 1; the local microbatch and the layers per stage
are ceilings), so the cases roam freely.

* ``main_cases()``  every transformer (dense and MoE) on every accelerator with seeded random
  batch, seq_len, precision (fp32 .. int4), optimizer (also spelled 'ADAM', 'AdamW', 'SGD'),
  activation checkpointing, tp / pp / dp / ep, ZeRO stage, gradient accumulation, trainable and
  buffer fractions and sequence parallelism; plus the golden TG-03 and targeted sweeps: every
  ZeRO stage over dp, every optimizer and checkpointing strategy, sequence parallelism on and off,
  expert parallelism on MoE and dense models, more stages than layers, the ceilings of the local
  microbatch, fractions 0 and 1, every precision.
* ``error_cases()``    inputs the reference rejects by raising (counts < 1, fractions outside
  [0, 1] or infinite, zero_stage outside 0-3, unknown optimizer / checkpointing / precision,
  non-transformers it cannot size: CNNs, DLRM, diffusion, and any model without heads under
  'none'); ours must fail too.
* ``rejected_cases()`` inputs the reference answers and we reject: NaN fractions, and
  non-transformers that happen to carry layers and hidden_dim (Mamba, OpenVLA, Octo, ACT).
* ``checkpointing_case_cases()`` activation_checkpointing spelled in capitals ('Selective',
  'FULL'): 0.3.0 raises, ours accepts.
* ``fp4_cases()`` fp4 on accelerators that list an fp4 rate (the reference has no fp4);
  the ``fp4_patched`` group the same with fp4 taught to the reference: they must then agree.

``tests/reference/print_cases.py training_memory [GROUP|all]`` prints a group's cases as JSON.
"""
from __future__ import annotations

import random
from functools import partial

from harness import KnownDifference

from cases._checks import (
    assert_accepted,
    assert_agrees_exactly,
    assert_deterministic,
    raises_on_both_sides,
    rejected_and_documented,
    solves_on_both_sides,
)
from cases._differences import accepted_difference, rejected_difference
from cases._fp4 import assert_fp4_groups, fp4_difference, fp4_groups, fp4_taught
from cases._registry import PRECISIONS, hardware_keys, model_entry, non_transformer_keys, sparse_keys, transformer_keys
from cases._values import is_nan

SOLVER = "TrainingMemoryModel"
SEED = 20260313

OPTIMIZERS = ("adam", "adamw", "sgd", "none")
SPELLED_OPTIMIZERS = ("ADAM", "AdamW", "SGD", "None")  # 0.3.0 lowercases the optimizer
STRATEGIES = ("none", "selective", "full")
FP4_HARDWARE = ("B200", "GB200_NVL72", "DGX_Spark", "DriveThor")
BATCHES = (1, 2, 3, 7, 8, 16, 32, 64, 256, 1024, 4096)
SEQ_LENS = (1, 2, 128, 512, 1024, 2048, 4096, 8192, 32768, 131072)
TP = (1, 1, 2, 4, 8, 16)
PP = (1, 1, 2, 4, 8, 16, 64)
DP = (1, 1, 2, 3, 8, 64, 512, 4096)
EP = (1, 2, 4, 8, 16, 64, 256)
FRACTIONS = (0.0, 0.001, 0.01, 0.05, 0.1, 0.5, 1.0)


def _case(model: str, hardware: str, **kw) -> dict:
    return {"model": model, "hardware": hardware, "batch_size": 8, **kw}


def _random_case(rng: random.Random, model: str, hardware: str) -> dict:
    kw = {"batch_size": rng.choice(BATCHES) if rng.random() < 0.7 else rng.randint(1, 4096),
          "seq_len": rng.choice(SEQ_LENS) if rng.random() < 0.8 else rng.randint(1, 16384),
          "precision": rng.choice(PRECISIONS)}
    r = rng.random()
    if r < 0.7:
        kw["optimizer"] = rng.choice(OPTIMIZERS)
    elif r < 0.8:
        kw["optimizer"] = rng.choice(SPELLED_OPTIMIZERS)
    if rng.random() < 0.8:
        kw["activation_checkpointing"] = rng.choice(STRATEGIES)
    for key, options, p in (("tp_size", TP, 0.6), ("pp_size", PP, 0.5), ("dp_size", DP, 0.6)):
        if rng.random() < p:
            kw[key] = rng.choice(options)
    if rng.random() < (0.7 if model in sparse_keys() else 0.1):
        kw["ep_size"] = rng.choice(EP)
    if rng.random() < 0.6:
        kw["zero_stage"] = rng.choice((0, 1, 2, 3))
    if rng.random() < 0.3:
        kw["gradient_accumulation_steps"] = rng.choice((1, 2, 3, 4, 8, 16, 64))
    if rng.random() < 0.3:
        kw["trainable_fraction"] = rng.choice(FRACTIONS) if rng.random() < 0.6 else round(rng.random(), 6)
    if rng.random() < 0.3:
        kw["communication_buffer_fraction"] = rng.choice(FRACTIONS) if rng.random() < 0.6 else round(rng.random(), 6)
    if rng.random() < 0.3:
        kw["sequence_parallel"] = rng.random() < 0.5
    return _case(model, hardware, **kw)


def main_cases() -> list[dict]:
    rng = random.Random(SEED)
    # TG-03 first (check_golden_tg03 reads it there)
    cases = [_case("Llama3_8B", "H100", batch_size=8, seq_len=1024, precision="fp16",
                   activation_checkpointing="selective")]
    models = transformer_keys()
    # 1. every transformer on every accelerator, random everything
    for m in models:
        for h in hardware_keys():
            cases.append(_random_case(rng, m, h))
    # 2. every ZeRO stage over dp, dense and MoE
    for m, kw in (("Llama3_70B", {"tp_size": 8, "pp_size": 4}), ("Llama3_8B", {}),
                  ("DeepSeek_V3", {"tp_size": 8, "pp_size": 8, "ep_size": 64}), ("Mixtral_8x7B", {"ep_size": 8})):
        for z in (0, 1, 2, 3):
            for dp in (1, 8, 64, 1024):
                cases.append(_case(m, "H100", batch_size=max(dp, 8), zero_stage=z, dp_size=dp, **kw))
    # 3. every optimizer x checkpointing strategy, with the spellings 0.3.0 lowercases
    for opt in OPTIMIZERS + SPELLED_OPTIMIZERS:
        for s in STRATEGIES:
            cases.append(_case("GPT3", "B200", optimizer=opt, activation_checkpointing=s, tp_size=8, pp_size=16,
                               dp_size=4, zero_stage=1, seq_len=4096, batch_size=64))
    # 4. sequence parallelism with tp 1 (no effect), 2, 8, for every strategy
    for sp in (True, False):
        for tp in (1, 2, 8):
            for s in STRATEGIES:
                cases.append(_case("Llama2_70B", "A100", tp_size=tp, sequence_parallel=sp,
                                   activation_checkpointing=s, batch_size=16))
    # 5. expert parallelism: every MoE, and ep on a dense model (0.3.0 shards it the same way)
    for m in sorted(sparse_keys()):
        for ep in (1, 2, 8, 64, 256):
            cases.append(_case(m, "H200", ep_size=ep, tp_size=8, pp_size=4, batch_size=32))
    cases += [_case("Llama3_8B", "H100", ep_size=4), _case("GPT2", "T4", ep_size=2, dp_size=2, zero_stage=3)]
    # 6. more stages than layers, microbatch ceilings, accumulation
    for pp in (31, 32, 33, 200):
        cases.append(_case("Llama3_8B", "H100", pp_size=pp))
    for b, dp, ga in ((3, 2, 2), (1, 8, 1), (7, 2, 1), (1000, 3, 7), (4096, 4096, 4), (5, 1, 16)):
        cases.append(_case("Llama3_8B", "H100", batch_size=b, dp_size=dp, gradient_accumulation_steps=ga))
    # 7. trainable and buffer fractions at their ends
    for tf in (0.0, 1.0, 0.01):
        for cbf in (0.0, 1.0, 0.05):
            cases.append(_case("Llama3_70B", "MI300X", trainable_fraction=tf, communication_buffer_fraction=cbf,
                               tp_size=8, pp_size=2, batch_size=16))
    # 8. every precision, on a GPU and on an accelerator without rates for most of them
    for p in PRECISIONS:
        for h in ("H100", "TPUv5p", "nRF52840"):
            cases.append(_case("Llama3_8B", h, precision=p, activation_checkpointing="none", batch_size=4))
    # 9. sequence lengths from 1 to 128k
    for s in SEQ_LENS:
        cases.append(_case("Llama3_405B", "GB200_NVL72", seq_len=s, tp_size=8, pp_size=8, batch_size=16,
                           activation_checkpointing="none"))
    return cases


def _answered_by_reference(model: str, strategy: str) -> bool:
    """0.3.0 sizes a non-transformer that carries layers and hidden_dim (and, for 'none', heads)."""
    e = model_entry(model)
    return bool(e.get("layers") and e.get("hidden_dim") and (strategy != "none" or e.get("heads")))


def _non_transformer_cases() -> list[dict]:
    return [_case(m, "H100", activation_checkpointing=s) for m in non_transformer_keys() for s in STRATEGIES]


def error_cases() -> list[dict]:
    c = partial(_case, "Llama3_8B", "H100")
    return [
        c(batch_size=0), c(batch_size=-8), c(seq_len=0), c(seq_len=-1), c(tp_size=0), c(pp_size=0),
        c(dp_size=0), c(dp_size=-2), c(ep_size=0), c(gradient_accumulation_steps=0),
        c(trainable_fraction=-0.1), c(trainable_fraction=1.5), c(trainable_fraction="inf"),
        c(communication_buffer_fraction=-0.01), c(communication_buffer_fraction=2.0),
        c(communication_buffer_fraction="inf"),
        c(zero_stage=4), c(zero_stage=-1),
        c(optimizer="mystery"), c(optimizer="lamb"), c(optimizer=""),
        c(activation_checkpointing="bogus"), c(activation_checkpointing="partial"), c(activation_checkpointing=""),
        c(precision="fp64"), c(precision="int2"), c(precision="fp6"), c(precision="fp4"),  # H100: no fp4 rate
    ] + [x for x in _non_transformer_cases() if not _answered_by_reference(x["model"], x["activation_checkpointing"])]


def rejected_cases() -> list[dict]:
    c = partial(_case, "Llama3_8B", "H100")
    return [c(trainable_fraction="nan"), c(communication_buffer_fraction="nan"),
            c(trainable_fraction="nan", communication_buffer_fraction="nan", zero_stage=3, dp_size=8)] + [
        x for x in _non_transformer_cases() if _answered_by_reference(x["model"], x["activation_checkpointing"])]


def checkpointing_case_cases() -> list[dict]:
    return [_case("Llama3_8B", "H100", activation_checkpointing=s)
            for s in ("Selective", "SELECTIVE", "Full", "FULL", "None", "NONE")]


def fp4_cases() -> list[dict]:
    return [_case("Llama3_8B", h, precision="fp4") for h in FP4_HARDWARE] + [
        _case("Llama3_70B", "B200", precision="fp4", tp_size=8, pp_size=2, dp_size=8, zero_stage=2,
              activation_checkpointing="full", batch_size=64),
        _case("DeepSeek_V3", "GB200_NVL72", precision="fp4", ep_size=64, tp_size=8, batch_size=256,
              activation_checkpointing="none")]


GROUPS = {"main": main_cases, "error": error_cases, "rejected": rejected_cases,
          "checkpointing_case": checkpointing_case_cases, **fp4_groups(fp4_cases)}


# ---------------------------------------------------------------- in the reference's process

reference_context = fp4_taught  # teaches the reference fp4 for ``_with_fp4`` cases


# ---------------------------------------------------------------- accepted differences

def _capitalised_strategy(c: dict) -> bool:
    s = c.get("activation_checkpointing")
    return isinstance(s, str) and s != s.lower() and s.lower() in STRATEGIES


KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    accepted_difference(
        "checkpointing-case-insensitive",
        "activation_checkpointing spelled in capitals ('Selective', 'FULL', 'None'): 0.3.0 "
        "raises ValueError (\"must be 'none', 'selective', or 'full'\") although it "
        "lowercases the optimizer; ours matches the choice case-insensitively and answers as "
        "for the lowercase name (Llama3_8B, H100, batch 8, 'Selective': activations "
        "73,014,444,032 B, total 202,297,444,032 B, the same as 'selective').",
        _capitalised_strategy, lambda message: "activation_checkpointing must be" in message),
    fp4_difference(
        "precision fp4 on an accelerator that lists an fp4 rate (B200, GB200_NVL72, "
        "DGX_Spark, DriveThor): 0.3.0 raises ValueError (fp4 is not in its precision map); "
        "ours sizes weights, gradients and activations at 0.5 B/element (Llama3_8B on a B200: "
        "weights 4,015,000,000 B). The fp4_patched cases, with fp4 added to the reference's "
        "map, agree field by field.",
        where=lambda c: c.get("hardware") in FP4_HARDWARE),
    rejected_difference(
        "nan-fractions-rejected",
        "trainable_fraction or communication_buffer_fraction NaN: 0.3.0's range check compares "
        "false on NaN and lets it through, so gradients, optimizer state, buffers and the total "
        "are NaN and feasible is False (Llama3_8B, H100, batch 8, trainable_fraction NaN: total "
        "NaN GB); we reject them (ValueError: '... must be a finite number').",
        lambda c: is_nan(c.get("trainable_fraction")) or is_nan(c.get("communication_buffer_fraction"))),
    rejected_difference(
        "non-transformer-rejected",
        "a model that is not a transformer: 0.3.0 crashes on most (ResNet50: AttributeError, no "
        "hidden_dim; DLRM, StableDiffusion_v1_5 likewise), but sizes those that carry layers and "
        "hidden_dim as if they were one (Mamba_2_8B on an H100, batch 8: a 'transformer' of 64 "
        "layers of 2560, total 136.35 GB of which 91.27 GB Korthikanti attention activations it "
        "does not have; "
        "OpenVLA_7B, Octo_Base, ACT_ALOHA, Mamba_130M likewise); we reject every non-transformer "
        "(ValueError naming the model's kind), whether or not 0.3.0 happens to crash.",
        lambda c: c["model"] in non_transformer_keys()),
)


# ---------------------------------------------------------------- checks of this solver's run

def check_case_generator_is_deterministic_and_covers_the_inputs(run):
    a = assert_deterministic(run)
    assert {(c["model"], c["hardware"]) for c in a} >= {(m, h) for m in transformer_keys() for h in hardware_keys()}
    assert set(PRECISIONS) == {c.get("precision", "fp16") for c in a}
    assert set(OPTIMIZERS + SPELLED_OPTIMIZERS) <= {c.get("optimizer", "adam") for c in a}
    assert set(STRATEGIES) == {c.get("activation_checkpointing", "selective") for c in a}
    assert {0, 1, 2, 3} == {c.get("zero_stage", 0) for c in a}
    assert {True, False} == {c.get("sequence_parallel", True) for c in a}
    assert any(c.get("ep_size", 1) > 1 and c["model"] in sparse_keys() for c in a)


check_main_cases_all_solve_on_both_sides = solves_on_both_sides()
check_error_cases_raise_on_both_sides = raises_on_both_sides()
check_rejected_are_documented = rejected_and_documented("nan-fractions-rejected", "non-transformer-rejected")


def check_capitalised_checkpointing_equals_lowercase(run):
    """Ours answers 'Selective' exactly as 'selective'; the reference raises."""
    import mlsysim

    assert_accepted(run, ("checkpointing-case-insensitive",), "checkpointing_case")
    for _, c, o, _ in run.outcomes("checkpointing_case"):
        lower = mlsysim._core.solve(SOLVER, {**c, "activation_checkpointing": c["activation_checkpointing"].lower()})
        assert o.record == lower.to_record(), c


def check_fp4(run):
    assert_fp4_groups(run)


def check_golden_tg03(run):
    c, r = run.ref_records()[0]
    assert c["seq_len"] == 1024 and r["feasible"] is False
    for key, want in (("weights_bytes", 16.06e9), ("gradients_bytes", 16.06e9), ("optimizer_state_bytes", 96.36e9),
                      ("activations_bytes", 36.507222016e9), ("communication_buffers_bytes", 0.803e9),
                      ("total_memory_bytes", 165.790222016e9), ("memory_utilization", 1.9300522051751614)):
        assert abs(r[key] / want - 1) < 1e-9, (key, r[key])


def check_main_group_agrees_exactly(run):
    assert_agrees_exactly(run)


def check_cases_reach_every_regime(run):
    solved = run.ref_records()
    assert any(r["feasible"] for _, r in solved) and any(not r["feasible"] for _, r in solved)
    assert any(r["memory_utilization"] > 100 for _, r in solved) and any(r["memory_utilization"] < 0.01
                                                                        for _, r in solved)
    assert any(r["optimizer_state_bytes"] == 0 for _, r in solved)
    assert any(r["gradients_bytes"] == 0 for _, r in solved)
    traces = [line for _, r in solved for line in r["constraint_trace"]]
    assert any(t.startswith("ZeRO-3") for t in traces) and any(t.startswith("MoE memory") for t in traces)
    assert {"none", "selective", "full"} == {r["activation_checkpointing"] for _, r in solved}
    assert {"adam", "adamw", "sgd", "none"} == {r["optimizer"] for _, r in solved}
