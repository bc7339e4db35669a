"""Tutorial 04, KV-Cache: The Hidden Tax: it runs, prints the model's numbers, and its prose holds.

Every expected number is computed here from the registry and the solvers, independently of the script."""

import math

import mlsysim
import pytest
from mlsysim import ContinuousBatchingModel, ServingModel

CONTEXTS = [1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072]
KEYS = {"kv_per_token", "max_batch", "int8_max_batch", "gqa_advantage", "paged_speedup"}
BYTES = {"fp16": 2, "int8": 1}


def kappa(model, precision):
    """Bytes of KV cache per token per user, from the registry's geometry."""
    kv_heads = model.kv_heads or model.heads
    return 2 * model.layers * kv_heads * (model.hidden_dim // model.heads) * BYTES[precision]


def users_by_formula(model, hardware, seq_len, precision):
    capacity = hardware.memory.capacity.to("B").magnitude
    weights = model.parameters.magnitude * BYTES[precision]
    return math.floor((capacity - weights) / (kappa(model, precision) * seq_len))


def fits(model, hardware, seq_len, batch, precision):
    return ServingModel().solve(model=model, hardware=hardware, seq_len=seq_len, batch_size=batch,
                                precision=precision).feasible


def paged(reg):
    return ContinuousBatchingModel().solve(model=reg["l3"], hardware=reg["gpu"], max_seq_len=8192,
                                           mean_request_tokens=2048, max_batch_size=4096, page_size=16,
                                           precision="fp16")


@pytest.fixture(scope="module")
def reg():
    return {"l3": mlsysim.Models.Language.Llama3_8B, "l2": mlsysim.Models.Language.Llama2_7B,
            "gpu": mlsysim.Hardware.Cloud.H100}


@pytest.fixture(scope="module")
def users(reg):
    table = {
        "l3 fp16": [users_by_formula(reg["l3"], reg["gpu"], s, "fp16") for s in CONTEXTS],
        "l3 int8": [users_by_formula(reg["l3"], reg["gpu"], s, "int8") for s in CONTEXTS],
        "l2 fp16": [users_by_formula(reg["l2"], reg["gpu"], s, "fp16") for s in CONTEXTS],
    }
    return table


def test_formula_matches_the_solver(reg, users):
    """The users table is the memory wall's floor: the solver admits n and refuses n + 1."""
    for name, model, precision in (("l3 fp16", reg["l3"], "fp16"), ("l3 int8", reg["l3"], "int8"),
                                   ("l2 fp16", reg["l2"], "fp16")):
        for s, n in zip(CONTEXTS, users[name]):
            assert n >= 1
            assert fits(model, reg["gpu"], s, n, precision)
            assert not fits(model, reg["gpu"], s, n + 1, precision)
    r = ServingModel().solve(model=reg["l3"], hardware=reg["gpu"], seq_len=2048, batch_size=1, precision="fp16")
    assert r.kv_cache_size.to("B").magnitude == kappa(reg["l3"], "fp16") * 2048


def test_prints_the_models_numbers(tutorial, reg, users):
    out = tutorial("04").stdout
    k = kappa(reg["l3"], "fp16")
    assert f"= {k:,} B = {k / 1024:.0f} KiB" in out
    assert f"2 x {reg['l3'].layers} layers x {reg['l3'].kv_heads} KV heads x 128 x 2 B" in out
    # the users table, row by row
    for i, s in enumerate(CONTEXTS):
        kv_user = k * s / 1e9
        row = f"{s:>8,}  {kv_user:>8.3f} GB  " + "  ".join(f"{users[name][i]:>17,}" for name in users)
        assert row in out, row
    # the batch-8 context sweep: KV, total, fits
    w = reg["l3"].parameters.magnitude * 2 / 1e9
    cap = reg["gpu"].memory.capacity.to("GB").magnitude
    for s in CONTEXTS:
        kv = k * s * 8 / 1e9
        fit = "yes" if w + kv <= cap else "NO"
        assert f"{s:>8,}  {kv:>6.2f} GB  {w:>5.2f} GB  {w + kv:>6.2f} GB  {(w + kv) / cap:>7.1%}  {fit:>4}" in out
    # 128K arithmetic
    assert f"= {(cap - w) / (k * 131072 / 1e9):.2f} -> {users['l3 fp16'][-1]} users" in out
    assert f"= {(cap - w / 2) / (k / 2 * 131072 / 1e9):.2f} -> {users['l3 int8'][-1]} users" in out
    # paging
    c = paged(reg)
    static = math.floor((cap - w) * 1e9 / k / 8192)
    assert c.static_max_active_requests == static
    assert f"static, 8,192  {static:>8}  {0.75:>7.1%}" in out
    assert f"{c.max_active_requests:>8}  {c.paged_internal_fragmentation:>7.1%}" in out
    assert f"{c.speedup_vs_static:>8.2f}x" in out
    fixed = math.floor((cap - w) * 1e9 / k / 4096)
    assert f"static {fixed} requests, paged {fixed} requests, paged waste 0.0%, speedup 1.00x" in out


def test_answers(tutorial, reg, users):
    answers = tutorial("04").namespace["quiz"].answers
    assert set(answers) == KEYS
    assert answers["kv_per_token"].actual == kappa(reg["l3"], "fp16") / 1024
    assert answers["max_batch"].actual == users["l3 fp16"][-1]
    assert answers["int8_max_batch"].actual == users["l3 int8"][-1]
    i = CONTEXTS.index(8192)
    assert answers["gqa_advantage"].actual == pytest.approx(users["l3 fp16"][i] / users["l2 fp16"][i], rel=1e-12)
    c = paged(reg)
    assert answers["paged_speedup"].actual == pytest.approx(c.speedup_vs_static, rel=1e-12)
    for a in answers.values():
        assert a.correct is None  # committed unpredicted


def test_prose_holds(reg, users):
    l3, gpu = reg["l3"], reg["gpu"]
    serving = ServingModel()
    sweep = [serving.solve(model=l3, hardware=gpu, seq_len=s, batch_size=8, precision="fp16") for s in CONTEXTS]
    # "somewhere in the middle the cache overtakes the weights; at the longest context the eight users no longer fit"
    over = [p.kv_cache_size > p.model_weights_size for p in sweep]
    assert not over[0] and over[-1] and 0 < over.index(True) < len(CONTEXTS) - 1
    assert [p.feasible for p in sweep] == [True] * (len(CONTEXTS) - 1) + [False]
    # "a longer context makes every token slower"
    itls = [p.itl.to("ms").magnitude for p in sweep]
    assert itls == sorted(itls) and len(set(itls)) == len(itls)
    # "doubling the context halves the users" (to within whole users); one decade per decade
    for u in users.values():
        for a, b in zip(u, u[1:]):
            assert b in (a // 2, (a + 1) // 2, a // 2 - 1)
    # "int8 more than doubles the users"
    assert all(n8 > 2 * n16 for n8, n16 in zip(users["l3 int8"], users["l3 fp16"]))
    # "grouped-query attention shrinks kappa by the ratio of query heads to KV heads"
    assert kappa(reg["l2"], "fp16") / kappa(l3, "fp16") == l3.heads / l3.kv_heads
    # Llama-2-7B is "a model of similar size" that caches all 32 heads
    assert reg["l2"].kv_heads in (None, 32) and reg["l2"].heads == 32
    # paging: fixed-length requests change nothing; variable lengths fit more; throughput grows less
    batching = ContinuousBatchingModel()
    fixed = batching.solve(model=l3, hardware=gpu, max_seq_len=4096, max_batch_size=4096, page_size=16)
    assert fixed.speedup_vs_static == 1.0 and fixed.max_active_requests == fixed.static_max_active_requests
    runs = {p: batching.solve(model=l3, hardware=gpu, max_seq_len=8192, mean_request_tokens=2048, max_batch_size=4096,
                              page_size=p) for p in (16, 64, 256, 2048)}
    base = runs[16]
    more = base.max_active_requests / base.static_max_active_requests
    assert more > 3  # "several times more requests fit"
    assert base.speedup_vs_static < more / 2  # "throughput grows far less than concurrency"
    assert base.itl > base.static_max_active_requests / base.static_throughput_tokens_per_sec  # the step grows
    frag = [r.paged_internal_fragmentation for r in runs.values()]
    assert frag == sorted(frag)  # bigger pages, emptier last page
    big = runs[2048]
    assert big.paged_internal_fragmentation > 0.3 and big.max_active_requests < 0.7 * base.max_active_requests
    drop_requests = 1 - big.max_active_requests / base.max_active_requests
    drop_throughput = 1 - big.throughput_tokens_per_sec / base.throughput_tokens_per_sec
    assert 0 < drop_throughput < drop_requests  # "throughput suffers less"
