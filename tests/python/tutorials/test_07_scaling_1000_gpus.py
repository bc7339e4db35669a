"""Tutorial 07 · Scaling to 1000 GPUs: it runs, prints what the solvers say, and its answer key is the model's.

Every expected number is computed here with DistributedModel, ReliabilityModel and CheckpointModel on
clusters this test builds itself, never copied from the tutorial's output."""

import math

import mlsysim
import pytest
from mlsysim import CheckpointModel, DistributedModel, ReliabilityModel
from mlsysim.systems import Fleet

KEYS = {"best_split", "speedup_1024", "fleet_mtbf_1024", "checkpoint_interval_1024", "bigger_loss_1024"}
COUNTS = [32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768]
SPLITS = {"tp8-dp128": (8, 1), "tp8-pp4-dp32": (8, 4), "pp32-dp32": (1, 32), "tp32-dp32": (32, 1)}
BATCH = 1024
JOB_HOURS = 720
RESTART_S = 300.0
LLAMA = mlsysim.Models.Language.Llama3_70B
H100 = mlsysim.Hardware.Cloud.H100


@pytest.fixture(scope="module")
def run(tutorial):
    return tutorial("07")


@pytest.fixture(scope="module")
def clusters():
    """DGX H100 clusters on InfiniBand NDR, one per GPU count, built here on their own."""
    node, fabric = mlsysim.Systems.Nodes.DGX_H100, mlsysim.Systems.Fabrics.InfiniBand_NDR
    return {n: Fleet(name=f"test {n}", node=node, count=n // 8, fabric=fabric) for n in [8, *COUNTS]}


def ms(q):
    return q.to("ms").magnitude


def step(fleet, tp, pp):
    dp = fleet.total_accelerators // (tp * pp)
    return DistributedModel().solve(model=LLAMA, fleet=fleet, batch_size=BATCH, precision="fp16", tp_size=tp,
                                    pp_size=pp, microbatch_count=BATCH // dp if pp > 1 else 1, zero_stage=1)


@pytest.fixture(scope="module")
def splits(clusters):
    return {label: step(clusters[1024], tp, pp) for label, (tp, pp) in SPLITS.items()}


@pytest.fixture(scope="module")
def scaling(clusters):
    return {n: step(clusters[n], 8, 4) for n in COUNTS}


@pytest.fixture(scope="module")
def deltas():
    one = CheckpointModel().solve(model=LLAMA, hardware=H100, optimizer="adam", n_writers=1)
    sharded = CheckpointModel().solve(model=LLAMA, hardware=H100, optimizer="adam", n_writers=32)
    return one.write_time_seconds.to("s").magnitude, sharded.write_time_seconds.to("s").magnitude


def reliability(fleet, delta):
    return ReliabilityModel().solve(fleet=fleet, job_duration_hours=JOB_HOURS, checkpoint_time_s=delta,
                                    avg_recovery_time_s=RESTART_S)


def lost(rel, delta):
    m = rel.fleet_mtbf.to("s").magnitude
    tau = rel.optimal_checkpoint_interval.to("s").magnitude
    return delta / tau + tau / (2 * m) + RESTART_S / m


def test_answer_keys(run):
    assert set(run.namespace["quiz"].answers) == KEYS


def test_one_node_cannot_train_it(run, clusters):
    solo = DistributedModel().solve(model=LLAMA, fleet=clusters[8], batch_size=8, tp_size=8, precision="fp16")
    assert not solo.node_profile.feasible
    gb = solo.node_profile.memory_footprint.to("GB").magnitude
    assert f"TP 8 on one node: {gb:.1f} GB per GPU" in run.stdout
    assert f"{LLAMA.parameters.magnitude * 16 / 1e12:.2f} TB" in run.stdout


def test_best_split(run, splits):
    best = min(splits, key=lambda k: splits[k].step_latency_total.magnitude)
    worst = max(splits, key=lambda k: splits[k].step_latency_total.magnitude)
    assert (best, worst) == ("tp8-pp4-dp32", "tp32-dp32")  # the prose explains these two
    assert run.namespace["quiz"].answers["best_split"].actual == best
    for label, r in splits.items():
        assert r.node_profile.feasible
        row = f"{label:<13} {r.node_profile.memory_footprint.to('GB').magnitude:>7.1f}"
        assert row in run.stdout
        assert f"{ms(r.step_latency_total):>6.0f} ms {r.scaling_efficiency:>13.1%}" in run.stdout
    # "the compute column is identical"
    computes = [ms(r.node_profile.latency) for r in splits.values()]
    assert max(computes) == pytest.approx(min(computes), rel=1e-9)
    # the DP payload shrinks with pipeline stages; the deep pipeline idles; TP across nodes is the worst
    assert ms(splits["tp8-dp128"].dp_communication_latency) > 3 * ms(splits[best].dp_communication_latency)
    assert ms(splits["pp32-dp32"].pipeline_bubble_latency) > 0.9 * computes[0]
    assert ms(splits[worst].tp_communication_latency) > 10 * ms(splits[best].tp_communication_latency)


def test_strong_scaling(run, scaling):
    base = scaling[32].step_latency_total.magnitude
    speedup = {n: base / r.step_latency_total.magnitude for n, r in scaling.items()}
    answer = run.namespace["quiz"].answers["speedup_1024"]
    assert math.isclose(answer.actual, speedup[1024], rel_tol=1e-12)
    assert answer.unit == "x"
    for n, r in scaling.items():
        assert r.node_profile.feasible
        assert f"{ms(r.step_latency_total):>7.0f} ms {speedup[n]:>7.1f}x {n // 32:>5}x {r.scaling_efficiency:>13.1%}" \
            in run.stdout
    assert f"speedup {speedup[1024]:.1f}x over 32 GPUs" in run.stdout
    # the prose: the bubble and the DP all-reduce stay nearly flat while compute divides; the speedup bends
    bubbles = [ms(r.pipeline_bubble_latency) for r in scaling.values()]
    assert max(bubbles) < 1.1 * min(bubbles)
    assert ms(scaling[32768].dp_communication_latency) < 1.5 * ms(scaling[128].dp_communication_latency)
    assert all(speedup[n] < n / 32 for n in COUNTS[2:])
    assert scaling[32768].parallelism["dp"] == BATCH  # one sequence per replica at the end of the table


def test_reliability(run, clusters, deltas, scaling):
    delta_one, delta = deltas
    assert f"one writer {delta_one:.1f} s, 32 sharded writers {delta:.2f} s" in run.stdout
    quiz = run.namespace["quiz"]
    rel = {n: reliability(clusters[n], delta) for n in COUNTS}
    rel_one = {n: reliability(clusters[n], delta_one) for n in COUNTS}
    r1k = rel[1024]
    node_h = r1k.node_mtbf.to("h").magnitude
    assert node_h == pytest.approx(1 / (8 / 50_000 + 8 / 150_000))  # redundant PSUs are not in series
    assert round(node_h, -2) == 4700 and round(node_h / 24, -1) == 200  # "about 4,700 hours (some 200 days)"
    mtbf = r1k.fleet_mtbf.to("h").magnitude
    assert mtbf == pytest.approx(node_h / 128)
    assert math.isclose(quiz.answers["fleet_mtbf_1024"].actual, mtbf, rel_tol=1e-12)
    tau_min = r1k.optimal_checkpoint_interval.to("min").magnitude
    assert tau_min == pytest.approx(math.sqrt(2 * delta * mtbf * 3600) / 60)
    assert math.isclose(quiz.answers["checkpoint_interval_1024"].actual, tau_min, rel_tol=1e-12)
    for n in COUNTS:
        r = rel[n]
        row = (f"{n:>6} {r.fleet_mtbf.to('h').magnitude:>9.2f} h {r.expected_failures:>8.1f} "
               f"{r.failure_probability:>7.1%} {r.optimal_checkpoint_interval.to('min').magnitude:>5.1f} min "
               f"{lost(r, delta):>6.2%} {lost(rel_one[n], delta_one):>14.2%} "
               f"{1 - scaling[n].scaling_efficiency:>13.1%}")
        assert row in run.stdout
        # the prose: failures cost less than communication at every size in the table
        assert lost(r, delta) < 1 - scaling[n].scaling_efficiency
        assert lost(rel_one[n], delta_one) < 1 - scaling[n].scaling_efficiency
        if n >= 256:
            assert r.expected_failures > 3  # "from 256 GPUs on, the job should expect several"
    assert quiz.answers["bigger_loss_1024"].actual == "communication"
    assert round(100 * lost(r1k, delta)) == 1  # "about 1 % to failures at 1,024 GPUs"
    assert lost(rel_one[1024], delta_one) < 0.05  # a single writer still loses under 5 %
    # goodput leaves the rework out: at Young's interval it overstates by exactly delta / tau
    tau_s = r1k.optimal_checkpoint_interval.to("s").magnitude
    assert 1 - r1k.goodput_ratio + delta / tau_s == pytest.approx(lost(r1k, delta))


def test_mega_cluster(run, deltas):
    delta_one, delta = deltas
    mega = mlsysim.Systems.Clusters.Mega_100K
    r = reliability(mega, delta)
    restarts = RESTART_S / r.fleet_mtbf.to("s").magnitude
    assert restarts > 0.2  # "the five-minute restarts alone cost more than a fifth of the time"
    assert f"lost {lost(r, delta):.1%} (restarts alone {restarts:.1%})" in run.stdout
    assert f"lost {lost(reliability(mega, delta_one), delta_one):.1%}" in run.stdout


def test_datasheet_inputs_quoted_in_prose():
    assert LLAMA.parameters.magnitude == pytest.approx(70.6e9)
    assert (LLAMA.layers, LLAMA.hidden_dim) == (80, 8192)
    assert H100.compute.peak_flops.to("TFLOP/s").magnitude == pytest.approx(989)
    assert H100.storage.bandwidth.to("GB/s").magnitude == pytest.approx(7)
    node = mlsysim.Systems.Nodes.DGX_H100
    assert node.intra_node_bw.to("GB/s").magnitude == pytest.approx(450)
    assert (node.accelerators_per_node, node.nics_per_node, node.psus_per_node, node.psu_redundancy) == (8, 8, 6, 2)
    ndr = mlsysim.Systems.Fabrics.InfiniBand_NDR
    assert ndr.bandwidth.to("GB/s").magnitude == pytest.approx(50)
    assert ndr.latency.to("us").magnitude == pytest.approx(5)
    assert mlsysim.Systems.Clusters.Mega_100K.total_accelerators == 100_000
