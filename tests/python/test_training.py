"""The training family from Python and from the CLI (`mlsysim train`, `mlsysim optimize parallelism`).

The numbers are reference 0.3.0's for the same inputs (TG-03, TG-05, its ParallelismOptimizer answer);
the field-by-field comparison over many cases is test_reference_diff.py. Here: the reference's call
style works unchanged, results carry its attribute names and units, and bad input is one clear error.
"""
from __future__ import annotations

import json
import subprocess

import mlsysim
import pytest

L, S = mlsysim.Models.Language, mlsysim.Systems.Clusters


def ms(q) -> float:
    return q.to("ms").magnitude


# ------------------------------------------------------------------ Python, the reference's way

def test_tg03_training_memory():
    r = mlsysim.TrainingMemoryModel().solve(L.Llama3_8B, mlsysim.Hardware.Cloud.H100, batch_size=8, seq_len=1024,
                                            precision="fp16", activation_checkpointing="selective")
    assert r.feasible is False
    assert r.total_memory.to("GB").magnitude == pytest.approx(165.790222016, rel=1e-9)
    assert r.optimizer_state.to("GB").magnitude == pytest.approx(96.36, rel=1e-9)
    assert r.memory_utilization == pytest.approx(1.9300522051751614, rel=1e-9)
    assert r.parallelism == {"dp": 1, "tp": 1, "pp": 1, "ep": 1}


def test_tg05_distributed_step():
    r = mlsysim.DistributedModel().solve(L.Llama3_8B, S.Research_256, batch_size=1024, seq_len=2048, precision="fp16",
                                         efficiency=0.45, tp_size=8, pp_size=4, microbatch_count=16, zero_stage=1)
    assert ms(r.step_latency_total) == pytest.approx(1392.709736332057, rel=1e-6)
    assert r.bubble_fraction == pytest.approx(3 / 19)
    assert r.parallelism == {"dp": 8, "tp": 8, "pp": 4, "ep": 1}
    assert ms(r.node_profile.latency) == pytest.approx(887.8154330974047, rel=1e-9)
    assert r.node_profile.bottleneck == "Compute"
    assert r.node_profile.constraint_trace[0].startswith("Replica: TP8 x PP4 x EP1 = 32 accelerators")


def test_parallelism_optimizer_reference_answer_and_dict_candidates():
    r = mlsysim.ParallelismOptimizer().solve(L.Llama3_70B, S.Frontier_8K, batch_size=4096)
    assert r.best_config == {"tp": 8, "pp": 2, "dp": 512}
    assert ms(r.best_step_time) == pytest.approx(1211.300362759303, rel=1e-9)
    assert r.total_searched == 16  # 0.3.0: 23, counting 7 splits with more pipeline stages than layers
    top = r.top_candidates[0]  # 0.3.0 gives dicts: both spellings work
    assert top["config"] == r.best_config and top["mfu"] == top.mfu == r.best_mfu


def test_parallelism_optimizer_full_search():
    ref = mlsysim.ParallelismOptimizer().solve(L.Llama3_70B, S.Frontier_8K, batch_size=4096)
    full = mlsysim.ParallelismOptimizer().solve(L.Llama3_70B, S.Frontier_8K, batch_size=4096, search="full")
    assert ms(full.best_step_time) < ms(ref.best_step_time)
    assert full.total_searched > 1000 and full.feasible_configurations <= full.total_searched
    assert set(full.best_config) == {"tp", "pp", "dp", "ep", "v_stages", "microbatch_count", "zero_stage",
                                     "activation_recomputation"}
    front = full.pareto_front
    assert front[-1].step_time == full.best_step_time
    assert all(a.memory_per_gpu <= b.memory_per_gpu for a, b in zip(front, front[1:]))


def test_topology_and_moe_routing_and_network_roofline():
    t = mlsysim.TopologyModel().solve(mlsysim.Systems.Fabrics.InfiniBand_NDR, topology="ring", num_nodes=1)
    assert t.bisection_bw_fraction == 1.0  # 0.3.0: 2.0, twice the link rate
    m = mlsysim.MoERoutingModel().solve(L.Mixtral_8x7B, 8, 2048, ep_size=8, routing_imbalance_factor=1.3,
                                        fleet=S.Research_256)
    assert m.effective_active_experts == pytest.approx(2.6)
    assert ms(m.all_to_all_latency) == pytest.approx(24.777626496, rel=1e-9)
    n = mlsysim.NetworkRooflineModel().solve(L.Llama3_8B, S.Research_256)
    assert n.bottleneck == "Network" and str(n.bottleneck) == "Network Bound"


@pytest.mark.parametrize("call,error,needle", [
    (lambda: mlsysim.DistributedModel().solve(L.Llama3_8B, S.Research_256, batch_size=64), ValueError,
     "smaller than the data-parallel degree 256"),
    (lambda: mlsysim.DistributedModel().solve(L.Llama3_8B, S.Research_256, batch_size=256, tp_size=3), ValueError,
     "must divide"),
    (lambda: mlsysim.DistributedModel().solve(L.Llama3_8B, S.Research_256, batch_size=256, ep_size=2), ValueError,
     "mixture-of-experts"),
    (lambda: mlsysim.DistributedModel().solve(L.Llama3_8B, S.Research_256, batch_size=256, topology_override="mesh"),
     ValueError, "accepted: fat_tree"),
    (lambda: mlsysim.MoERoutingModel().solve(L.Llama3_8B, 8, 2048), ValueError, "not a mixture-of-experts"),
    (lambda: mlsysim.TopologyModel().solve(mlsysim.Systems.Fabrics.InfiniBand_NDR, topology="torus_3d", num_nodes=0),
     ValueError, "num_nodes must be >= 1"),
    (lambda: mlsysim.TrainingMemoryModel().solve(L.Llama3_8B, mlsysim.Hardware.Cloud.H100, batch_size=8,
                                                 optimizer="lion"), ValueError, "adamw"),
    (lambda: mlsysim.ParallelismOptimizer().solve(L.Llama3_70B, S.Frontier_8K, batch_size=4096, search="exhaustive"),
     ValueError, "reference"),
])
def test_bad_input_is_one_clear_error(call, error, needle):
    with pytest.raises(error) as e:
        call()
    assert needle in str(e.value) and "\n" not in str(e.value)


# ------------------------------------------------------------------ CLI

def cli(cli_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(cli_path), *args], capture_output=True, text=True, timeout=60)


def test_train_prints_the_breakdown(cli_path):
    p = cli(cli_path, "train", "Llama3_70B", "Frontier_8K", "--tp", "8", "--pp", "4", "--microbatches", "16")
    assert p.returncode == 0 and p.stderr == ""
    for words in ("DP 256 x TP 8 x PP 4 x EP 1; batch 4096", "Memory per GPU    41.49 GB of 80 GiB: fits",
                  "Step time", "Compute", "DP all-reduce", "TP all-reduce", "Pipeline bubble", "Scaling eff."):
        assert words in p.stdout, words


def test_train_json_is_the_solver_record(cli_path):
    p = cli(cli_path, "train", "Llama3_8B", "Research_256", "-b", "1024", "-e", "0.45", "--tp", "8", "--pp", "4",
            "--microbatches", "16", "--zero-stage", "1", "--output", "json")
    out = json.loads(p.stdout)
    assert out.pop("model") == "Llama3_8B" and out.pop("fleet") == "Research_256" and out.pop("batch_size") == 1024
    case = {"model": "Llama3_8B", "fleet": "Research_256", "batch_size": 1024, "efficiency": 0.45, "tp_size": 8,
            "pp_size": 4, "microbatch_count": 16, "zero_stage": 1}
    assert out == mlsysim._core.solve("DistributedModel", case).to_record()


def test_optimize_parallelism(cli_path):
    p = cli(cli_path, "optimize", "parallelism", "Llama3_70B", "Frontier_8K", "--batch-size", "4096")
    assert p.returncode == 0 and "Best              tp=8 pp=2 dp=512" in p.stdout and "1.211 s" in p.stdout
    p = cli(cli_path, "optimize", "parallelism", "Llama3_70B", "Frontier_8K", "--batch-size", "4096", "--full")
    assert p.returncode == 0 and "Searched" in p.stdout and "Pareto front" in p.stdout
    step = next(line for line in p.stdout.splitlines() if line.startswith("  Step time"))
    assert float(step.split()[-2]) < 1.2113


@pytest.mark.parametrize("args,needle", [
    (("train", "Llama3_70B", "Frontier_8K", "--tp", "3"), "must divide the 8192 accelerators"),
    (("train", "Llama3_70B", "Fronteir_8K", "--tp", "8"), "did you mean 'Frontier_8K'"),
    (("train", "Llama3_70B", "Frontier_8K", "-b", "64"), "smaller than the data-parallel degree"),
    (("train", "Llama3_70B", "Frontier_8K", "--tp", "8", "--microbatches", "0"), "microbatch_count must be >= 1"),
    (("train", "Llama3_70B", "Frontier_8K", "--zero-stage", "4", "-b", "8192"), "zero_stage must be in [0, 3]"),
    (("train", "Llama3_70B", "Frontier_8K", "--topology", "mesh", "-b", "8192"), "accepted: fat_tree"),
    (("optimize", "parallelism", "Llama3_70B", "Frontier_8K"), "--batch-size is required"),
    (("optimize", "parallelism", "Llama3_70B", "Mega_100K", "-b", "16384", "--full"), "divides batch_size 16384"),
])
def test_train_bad_input_one_line_exit_1(cli_path, args, needle):
    p = cli(cli_path, *args)
    assert p.returncode == 1 and p.stdout == ""
    assert p.stderr.startswith("error: ") and p.stderr.count("\n") == 1, p.stderr
    assert needle in p.stderr, p.stderr
