"""Reference cases for ParallelismOptimizer (the TP x PP x DP split that maximises MFU, default
``search="reference"``: 0.3.0's power-of-two space), its accepted differences from mlsysim
0.3.0, and checks of its own. Read by tests/reference/harness.py.

Each case is a dict of ``ParallelismOptimizer().solve`` keyword arguments: ``model`` and
``fleet`` are registry keys (a model and a cluster), the rest plain numbers and flags. 0.3.0
prices every candidate with DistributedModel (~1-2 ms each, up to ~40 per solve), so the lists
stay near 200 cases. Our extra input ``search="full"`` and extra outputs (pareto_front,
feasible_configurations, each candidate's memory_per_gpu) have nothing to compare with and are
left out (the harness skips outputs marked extra).

* ``main_cases()``  every registry cluster with several models (dense and MoE transformers, a
  CNN, an SSM, a diffusion U-Net, DLRM without a parameter count) and batches from a quarter
  of the cluster to 16x it, seeded random precision, efficiency, max_tp / max_pp (None, tight,
  beyond the node), overlap_comm, activation_recomputation and seq_len; plus grids over those
  knobs on two clusters. Both sides must solve; where the batch is smaller than some
  prescreen-passing split's data-parallel degree, the answers may differ
  (``idle-replica-candidates-skipped``).
* ``idle_cases()`` small batches on big clusters with small models (Llama3_8B / GPT2 on
  Frontier_8K at batch 256, ...): 0.3.0 prices the splits whose data-parallel degree exceeds the
  batch with local_batch 1, which inflates their throughput, and picks or lists them; we skip
  them.
* ``idle_only_cases()`` batches so small (1, 2) under a max_pp cap that every split 0.3.0
  keeps has idle replicas: 0.3.0 answers, we raise.
* ``error_cases()`` inputs where 0.3.0 raises: no split fits (GPT3 on Mega_100K, whose 100000
  accelerators allow TP x PP <= 32), out-of-range batch / seq_len / efficiency / max_tp / max_pp
  (0.3.0's DistributedModel rejects every candidate, so it finds none), unknown precisions, fp4
  without an fp4 rate; ours must fail too.
* ``rejected_cases()`` inputs 0.3.0 answers and we reject: max_tp or max_pp 0 (0.3.0's
  ``max_tp or node size`` reads 0 as unset), efficiency NaN.
* ``fp4_cases()`` fp4 on the B200 cluster: 0.3.0 rejects fp4 in every candidate and raises "No
  valid parallelism configuration"; we search at B200's fp4 rate. The ``fp4_patched`` group the
  same, 0.3.0 taught fp4 (``reference_context``): these must agree field by field.
"""
from __future__ import annotations

import random
from functools import partial

from harness import KnownDifference

from cases._checks import (
    assert_agrees_exactly,
    assert_deterministic,
    assert_solves,
    raises_on_both_sides,
    rejected_and_documented,
)
from cases._differences import rejected_difference
from cases._fp4 import assert_fp4_groups, fp4_difference, fp4_groups, fp4_taught
from cases._registry import PRECISIONS, bytes_of, cluster_keys, clusters, hardware_entry, model_entry, nodes
from cases._values import close, is_nan

SOLVER = "ParallelismOptimizer"
SEED = 20260313

SMALL = ("GPT2_Small", "BERT_Base", "GPT2", "Llama3_8B", "Llama2_13B", "OpenVLA_7B")
LARGE = ("Llama3_70B", "Mixtral_8x7B", "GPT3", "Llama3_405B", "DeepSeek_V3", "GPT4")
OTHER = ("ResNet50", "Mamba_130M", "StableDiffusion_v1_5", "DLRM", "ViT_Large", "Mamba_2_8B")
SEQ_LENS = (128, 512, 1024, 2048, 4096, 8192)
MAX_TP = (None, 1, 2, 4, 8, 16)
MAX_PP = (None, 1, 2, 4, 16, 64, 1024)
EFFICIENCIES = (1.0, 0.5, 0.35, 0.1, 1e-3, 1e-9)


# ---------------------------------------------------------------- registry data (no mlsysim)

def cluster_shape(fleet: str) -> tuple[int, int, float]:
    """(accelerators, accelerators per node, HBM bytes per accelerator) of a cluster."""
    c = clusters()[fleet]
    node = nodes()[c["node"]]
    per_node = node["accelerators_per_node"]
    capacity = bytes_of(hardware_entry(node["accelerator"])["memory"]["capacity"])
    return c["count"] * per_node, per_node, capacity


def prescreen_splits(case: dict) -> list[tuple[int, int, int]]:
    """The (tp, pp, dp) that 0.3.0's search prices: power-of-two tp <= max_tp (or the node) and
    pp <= max_pp (or the cluster), tp x pp dividing the cluster, and weights + gradients + Adam
    (12 B/param) sharded by tp x pp within 90 % of one accelerator's memory."""
    n, per_node, capacity = cluster_shape(case["fleet"])
    entry = model_entry(case["model"])
    size = (bytes_of(entry["model_size"]) if entry.get("model_size") else entry["parameters"] * 2.0)
    limit_tp = case.get("max_tp") or per_node   # 0.3.0: `max_tp or gpus_per_node`
    limit_pp = case.get("max_pp") or n
    out = []
    for tp in (2 ** i for i in range(10) if 2 ** i <= limit_tp):
        for pp in (2 ** i for i in range(10) if 2 ** i <= limit_pp):
            if tp * pp > n or n % (tp * pp):
                continue
            weights = size / tp / pp
            optimizer = (entry["parameters"] * 12 / (tp * pp) if entry.get("parameters") else weights * 6.0)
            if weights + weights + optimizer <= capacity * 0.9:
                out.append((tp, pp, n // (tp * pp)))
    return out


def idle_replicas_possible(case: dict) -> bool:
    """Some split 0.3.0 prices has more data-parallel replicas than the batch has samples."""
    return any(dp > case["batch_size"] for _, _, dp in prescreen_splits(case))


def _model_layers(case: dict) -> int:
    return int(model_entry(case["model"]).get("layers") or 10**9)


def stageless_pipeline_possible(case: dict) -> bool:
    """Some split 0.3.0 prices (its batch covering every replica) has more pipeline stages than
    the model has layers."""
    return any(pp > _model_layers(case) and dp <= case["batch_size"] for _, pp, dp in prescreen_splits(case))


def skipped_split_possible(case: dict) -> bool:
    return idle_replicas_possible(case) or stageless_pipeline_possible(case)




# ---------------------------------------------------------------- cases

def _case(model: str, fleet: str, batch_size: int, **kw) -> dict:
    return {"model": model, "fleet": fleet, "batch_size": batch_size, **kw}


def _random_knobs(rng: random.Random, large: bool) -> dict:
    """Random optional inputs; for the largest models no 4-byte precision, no max_pp cap and
    seq_len <= 2048 (else their activations often fit nowhere: error_cases() has such cases)."""
    kw: dict = {}
    if rng.random() < 0.6:
        kw["precision"] = rng.choice(PRECISIONS[2:] if large else PRECISIONS)
    if rng.random() < 0.5:
        kw["efficiency"] = rng.choice(EFFICIENCIES) if rng.random() < 0.5 else round(rng.uniform(0.05, 1.0), 6)
    if rng.random() < 0.35:
        kw["max_tp"] = rng.choice(MAX_TP)
    if rng.random() < 0.35:
        kw["max_pp"] = rng.choice((None, 1024) if large else MAX_PP)
    if rng.random() < 0.4:
        kw["overlap_comm"] = rng.random() < 0.5
    if rng.random() < 0.4:
        kw["activation_recomputation"] = rng.random() < 0.5
    if rng.random() < 0.5:
        kw["seq_len"] = rng.choice(SEQ_LENS[:4] if large else SEQ_LENS)
    return kw


# Drawn cases whose prescreen passes but whose activations fit in no split with a layer per
# stage (0.3.0 then raises too: error_cases() has cases of that kind).
NO_SPLIT_FITS = [
    {"model": "DeepSeek_V3", "fleet": "Training_512_H100", "batch_size": 8192, "efficiency": 1.0, "max_tp": 1,
     "overlap_comm": True, "activation_recomputation": True, "max_pp": 32},
]


def _within_layers(case: dict) -> dict:
    """The case with max_pp at most the model's layer count, so that neither side has a split with
    an empty pipeline stage to skip (stageless_cases() keep them, with their known difference)."""
    layers = _model_layers(case)
    cap = 2 ** (layers.bit_length() - 1)  # the largest power of two <= layers
    if layers < 10**9 and (not case.get("max_pp") or case["max_pp"] > cap):
        return {**case, "max_pp": cap}
    return case


def main_cases() -> list[dict]:
    return [_within_layers(c) for c in _main_cases()]


def stageless_cases() -> list[dict]:
    """Uncapped pipelines: 0.3.0 also prices splits with more stages than layers."""
    return [
        _case("Llama3_70B", "Frontier_8K", 4096),  # same answer (tp 8 pp 2), 16 priced, not 23
        _case("Llama3_405B", "Training_512_H100", 512, max_tp=4),  # 0.3.0 picks pp 128 > 126 layers
        _case("GPT3", "Training_1K", 2048),
        _case("Mixtral_8x7B", "Frontier_8K", 8192),
        _case("Llama3_8B", "Research_256", 256),
    ]


def _main_cases() -> list[dict]:
    rng = random.Random(SEED)
    cases: list[dict] = []
    # 1. every cluster: a small and a large transformer and another workload, batch 1/4 .. 16x
    for f in cluster_keys():
        n = cluster_shape(f)[0]
        for pool in (SMALL, LARGE, OTHER, SMALL + LARGE):
            for _ in range(20):  # redraw until 0.3.0's prescreen admits a split
                m = rng.choice(pool)
                c = _within_layers(_case(m, f, max(1, int(n * rng.choice((0.25, 0.5, 1, 2, 4, 16)))),
                                         **_random_knobs(rng, m in LARGE)))
                if prescreen_splits(c) and c not in NO_SPLIT_FITS:
                    cases.append(c)
                    break
    # 2. the knobs one at a time on two clusters
    base = {"Training_1K": ("Llama3_70B", 2048), "Lab_64_A100": ("Llama3_8B", 256)}
    for f, (m, b) in base.items():
        for p in PRECISIONS:
            cases.append(_case(m, f, b, precision=p))
        for tp in MAX_TP[1:]:
            if (m, tp) != ("Llama3_70B", 1):  # TP 1: no split fits (error_cases())
                cases.append(_case(m, f, b, max_tp=tp))
        for pp in MAX_PP[1:]:
            if (m, pp) != ("Llama3_70B", 1):
                cases.append(_case(m, f, b, max_pp=pp))
        for ov in (False, True):
            for ar in (False, True):
                cases.append(_case(m, f, b, overlap_comm=ov, activation_recomputation=ar))
        for s in (128, 4096, 8192):
            cases.append(_case(m, f, b, seq_len=s, activation_recomputation=True))
        for e in (1.0, 1e-9):
            cases.append(_case(m, f, b, efficiency=e))
    # 3. TP beyond the node (its all-reduces priced over the fabric), a 4-GPU node
    cases += [_case("GPT3", "Research_256", 256, max_tp=64, max_pp=4, activation_recomputation=True),
              _case("Llama3_70B", "Lab_64_H100", 64, max_tp=64, max_pp=1),
              _case("Llama3_70B", "Kempner_H100_384", 768, max_tp=16),
              _case("GPT3", "Kempner_H100_384", 384, max_tp=16, activation_recomputation=True)]
    # 4. the defaults
    cases += [_case("Llama3_8B", "Research_256", 256), _case("Mixtral_8x7B", "Frontier_8K", 8192)]
    return cases


def idle_cases() -> list[dict]:
    return [
        _case("Llama3_8B", "Frontier_8K", 256),
        _case("GPT2", "Frontier_8K", 256),
        _case("GPT2_Small", "Frontier_8K", 1024, seq_len=1024),
        _case("Llama3_8B", "Mega_100K", 4096, activation_recomputation=True),
        _case("Llama3_8B", "Research_256", 64),
        _case("Llama2_13B", "Meta_Llama3_16K_H100", 2048, precision="bf16"),
        _case("ResNet50", "Training_1K_A100", 256),
        _case("Llama3_70B", "Frontier_8K", 256, max_tp=8),
        _case("Mixtral_8x7B", "Meta_GenAI_H100_24K_IB", 1024, activation_recomputation=True),
    ]


def idle_only_cases() -> list[dict]:
    """Every split within the caps has dp > batch: 0.3.0 answers, we find nothing to price."""
    return [_case("Llama3_8B", "Research_256", 1, max_pp=4),
            _case("GPT2", "Lab_64_H100", 2, max_pp=2),
            _case("BERT_Base", "Frontier_8K", 16, max_pp=16, seq_len=512),
            # 10000 = 2^4 x 5^4 accelerators: TP x PP <= 16, so dp >= 625 > 512
            _case("BERT_Base", "Training_10K", 512, seq_len=512, overlap_comm=False)]


def error_cases() -> list[dict]:
    c = partial(_case, "Llama3_8B", "Research_256", batch_size=256)
    return [
        _case("GPT3", "Mega_100K", 4096), _case("GPT4", "Lab_64_H100", 512),
        _case("Llama3_405B", "Lab_64_A100", 64, max_pp=4),
        _case("Llama3_70B", "Lab_64_H100", 64, max_tp=1, max_pp=1),
        _case("Llama3_70B", "Training_1K", 2048, max_tp=1),   # fits the prescreen, not the
        _case("Llama3_70B", "Training_1K", 2048, max_pp=1),   # activations
        _case("GPT4", "Meta_Llama3_16K_H100", 262144, precision="tf32", max_pp=64,
              activation_recomputation=True, seq_len=4096),
        c(batch_size=0), c(batch_size=-4), c(seq_len=0), c(seq_len=-1),
        c(efficiency=0.0), c(efficiency=1.5), c(efficiency=1e-10), c(efficiency=-0.5),
        c(max_tp=-1), c(max_pp=-8),
        c(precision="fp64"), c(precision="int2"), c(precision="fp4"),
        _case("Llama3_8B", "Training_1K_A100", 1024, precision="fp4"),
    ]


def rejected_cases() -> list[dict]:
    c = partial(_case, "Llama3_8B", "Research_256", 256)
    return [c(max_tp=0), c(max_pp=0), c(max_tp=0, max_pp=0), c(efficiency="nan"),
            _case("Llama3_70B", "Training_1K", 2048, max_pp=0, activation_recomputation=True)]


def fp4_cases() -> list[dict]:
    return [_within_layers(_case("Llama3_8B", "Training_1K_B200", 1024, precision="fp4")),
            _within_layers(_case("Llama3_70B", "Training_1K_B200", 2048, precision="fp4",
                                 activation_recomputation=True))]


GROUPS = {"main": main_cases, "idle": idle_cases, "idle_only": idle_only_cases, "stageless": stageless_cases,
          "error": error_cases, "rejected": rejected_cases,
          **fp4_groups(fp4_cases)}


# ---------------------------------------------------------------- in the reference's process

reference_context = fp4_taught  # teaches the reference fp4 for ``_with_fp4`` cases


# ---------------------------------------------------------------- accepted differences

RESULT_FIELDS = ("objective_value", "best_config", "total_searched", "best_mfu", "best_throughput_per_s",
                 "best_step_time_s", "search_space_size", "top_candidates")


def _idle(d) -> bool:
    if d.case.get("_with_fp4") or not idle_replicas_possible(d.case):
        return False
    if d.field == "error":  # 0.3.0 found only idle-replica splits; we found none
        return d.ref == "no error" and "no TP x PP x DP split" in str(d.ours)
    return True


KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    KnownDifference(
        id="idle-replica-candidates-skipped",
        fields=("error", *RESULT_FIELDS),
        status="deliberate",
        reason="a split whose data-parallel degree exceeds the global batch leaves replicas "
               "idle: 0.3.0 still prices it, with local_batch = max(1, batch // dp) = 1 for "
               "every replica, so its throughput counts dp samples per step instead of batch "
               "(Llama3_8B on Frontier_8K at batch 256: 0.3.0 picks tp2 pp1 dp4096, MFU 0.409, "
               "33240 samples/s, 39 searched); we skip such splits (an input our "
               "DistributedModel rejects) and pick tp8 pp4 dp256, MFU 0.104, 7417 samples/s, 26 "
               "searched. So the best split, its MFU, throughput and step "
               "time, the top candidates and total_searched can differ, and where every split "
               "0.3.0 keeps is idle (batch 1 with max_pp 4 on Research_256) we raise. Matches "
               "only cases where some power-of-two split passing 0.3.0's memory prescreen has "
               "dp > batch.",
        matches=_idle,
    ),
    fp4_difference(
        "precision fp4 on a cluster whose accelerator lists an fp4 rate (Training_1K_B200): "
        "0.3.0's DistributedModel rejects fp4 for every candidate, so it raises 'No valid "
        "parallelism configuration'; we search at B200's fp4 rate (9 PFLOP/s) and 0.5 "
        "B/element (Llama3_8B at batch 1024: tp1 pp1 dp1024). The values are checked "
        "against 0.3.0 with fp4 added to its precision map (the fp4_patched group).",
        "ValueError: No valid parallelism"),
    KnownDifference(
        id="stageless-pipeline-candidates-skipped",
        fields=("error", *RESULT_FIELDS),
        status="deliberate",
        reason="a split with more pipeline stages than the model has layers (pp 128 for the 126 "
               "layers of Llama3_405B): 0.3.0 gives every stage max(1, ceil(L / pp)) = 1 layer and "
               "still divides the step over all tp x pp accelerators, so the empty stages make it "
               "look faster (Llama3_405B on Training_512_H100 at batch 512, max_tp 4: 0.3.0 picks "
               "tp4 pp128 dp1, MFU 0.3865, 6 searched); we skip such splits (an input our "
               "DistributedModel rejects) and pick tp4 pp64 dp2, MFU 0.3849, 3 searched. The best "
               "split and its numbers, the top candidates and total_searched can differ. Matches "
               "only cases where a power-of-two split passing 0.3.0's memory prescreen has "
               "pp > layers.",
        matches=lambda d: not d.case.get("_with_fp4") and stageless_pipeline_possible(d.case)
        and (d.field != "error" or (d.ref == "no error" and "no TP x PP x DP split" in str(d.ours))),
    ),
    rejected_difference(
        "parallelism-caps-at-least-one",
        "max_tp = 0 or max_pp = 0: 0.3.0's `max_tp or accelerators_per_node` (and `max_pp or "
        "cluster size`) reads 0 as 'no cap' and searches the default space (Llama3_8B on "
        "Research_256 at batch 256: tp2 pp1 dp128); we reject a cap below 1 (ValueError, CLI "
        "exit 1). Negative caps leave 0.3.0 no split, so both raise (error_cases()).",
        lambda c: c.get("max_tp") == 0 or c.get("max_pp") == 0),
    rejected_difference(
        "nan-efficiency-rejected",
        "efficiency NaN: 0.3.0's range check compares false on NaN, every candidate's MFU is NaN "
        "and max() keeps the first priced (Llama3_8B on Research_256: tp1 pp2 dp128, MFU nan); "
        "we reject it (ValueError, CLI exit 1).",
        lambda c: is_nan(c.get("efficiency"))),
)


# ---------------------------------------------------------------- checks of this solver's run

def check_case_generator_is_deterministic_and_covers_the_inputs(run):
    a = assert_deterministic(run)
    assert set(cluster_keys()) <= {c["fleet"] for c in a} and len(cluster_keys()) >= 18
    assert {"Llama3_8B", "Mixtral_8x7B", "DLRM", "ResNet50"} <= {c["model"] for c in a}
    assert set(PRECISIONS) <= {c.get("precision", "fp16") for c in a}
    assert {None, 1, 2, 4, 8, 16} <= {c.get("max_tp") for c in a}
    assert {None, 1, 64} <= {c.get("max_pp") for c in a}
    assert {True, False} <= {c.get("overlap_comm") for c in a}
    assert {True, False} <= {c.get("activation_recomputation") for c in a}
    assert len(run.cases) <= 250, "0.3.0 takes ~50 ms a solve: keep the lists short"
    assert sum(not skipped_split_possible(c) for c in a) >= 60


def check_main_cases_all_solve_on_both_sides(run):
    assert_solves(run)
    assert_agrees_exactly(run, unless={i for i, c, _, _ in run.outcomes("main") if skipped_split_possible(c)})


check_error_cases_raise_on_both_sides = raises_on_both_sides()
check_rejected_are_documented = rejected_and_documented("parallelism-caps-at-least-one", "nan-efficiency-rejected")


def check_idle_replicas_are_what_differs(run):
    """0.3.0 picks or lists a split with dp > batch; ours never does, and agrees elsewhere."""
    explained = run.explained("idle-replica-candidates-skipped")
    for i, c, o, r in run.outcomes("idle"):
        assert idle_replicas_possible(c) and i in explained, c
        ref_dps = [t["config"]["dp"] for t in r.record["top_candidates"]] + [r.record["best_config"]["dp"]]
        assert any(dp > c["batch_size"] for dp in ref_dps) or (
            r.record["total_searched"] > o.record["total_searched"]), c
        assert all(t["config"]["dp"] <= c["batch_size"] for t in o.record["top_candidates"]), c
        assert o.record["best_config"]["dp"] <= c["batch_size"], c
    for i, c, o, r in run.outcomes("idle_only"):
        assert r.record is not None and r.record["best_config"]["dp"] > c["batch_size"], c
        assert o.error == "input" and i in explained, (c, o.message)
    # every main case whose answers differ could have idle replicas
    for d in run.by_id["idle-replica-candidates-skipped"]:
        assert idle_replicas_possible(run.cases[d.index]), d


def check_idle_cases_price_the_other_splits_alike(run):
    """Where 0.3.0 may price idle-replica splits: the splits both sides list are priced the same,
    the ones only 0.3.0 lists have dp > batch, and ours searched no more than it."""
    compared = 0
    for group in ("main", "idle"):
        for c, o, r in run.records(group):
            if not skipped_split_possible(c):
                continue
            ref_by = {tuple(sorted(t["config"].items())): t for t in r["top_candidates"]}
            our_by = {tuple(sorted(t["config"].items())): t for t in o["top_candidates"]}
            assert o["total_searched"] <= r["total_searched"], c
            for key, t in ref_by.items():
                if key in our_by:
                    compared += 1
                    for f in ("mfu", "throughput_per_s", "step_time_s"):
                        assert close(our_by[key][f], t[f]), (c, key, f)
                else:  # ours ranks the same splits minus the skipped ones: only those can be missing
                    split = dict(key)
                    assert split["dp"] > c["batch_size"] or split["pp"] > _model_layers(c), (c, key)
    assert compared >= 10


def check_fp4_is_a_deliberate_difference(run):
    assert_fp4_groups(run, "ValueError: No valid parallelism")


def check_cases_reach_every_regime(run):
    solved = run.ref_records()
    best = [(c, r["best_config"]) for c, r in solved]
    assert any(b["tp"] > 1 and b["pp"] > 1 for _, b in best)
    assert any(b["tp"] == 1 and b["pp"] == 1 for _, b in best)
    assert any(b["pp"] > 1 and b["tp"] == 1 for _, b in best)
    assert any(b["dp"] == 1 for _, b in best)
    assert any(r["total_searched"] < 5 for _, r in solved) and any(r["total_searched"] >= 30 for _, r in solved)
    assert any(len(r["top_candidates"]) < 5 for _, r in solved)
    assert any(b["tp"] > cluster_shape(c["fleet"])[1] for c, b in best)  # TP over the fabric
    assert any(model_entry(c["model"]).get("parameters") is None for c, _ in solved)  # DLRM
