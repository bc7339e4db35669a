"""Fleet operations from Python and from the CLI (`mlsysim reliability`, `train --job-hours`).

The numbers are reference 0.3.0's for the same inputs; the field-by-field comparison over many cases
is test_reference_diff.py. Here: the reference's call style works (quantities or bare numbers in the
unit each keyword names), results carry its attribute names and units, and bad input is one clear
error.
"""
from __future__ import annotations

import json
import subprocess

import mlsysim
import pytest
from mlsysim.units import Q_

S, L, C = mlsysim.Systems.Clusters, mlsysim.Models.Language, mlsysim.Hardware.Cloud


def test_reliability_frontier():
    r = mlsysim.ReliabilityModel().solve(S.Frontier_8K, job_duration_hours=720)
    assert r.fleet_mtbf.to("hour").magnitude == pytest.approx(4687.5 / 1024, rel=1e-12)
    assert r.expected_failures == pytest.approx(157.2864, rel=1e-12)
    assert r.optimal_checkpoint_interval.to("s").magnitude == pytest.approx(1406.25, rel=1e-12)
    assert r.goodput_ratio == pytest.approx(0.9391288888888889, rel=1e-12)
    assert mlsysim.Systems.Nodes.DGX_H100.series_psus == 0  # 4 + 2 redundant supplies


def test_checkpoint_t06_05():
    r = mlsysim.CheckpointModel().solve(L.Llama3_70B, C.H100, optimizer="adam", checkpoint_interval_hours=1.0)
    assert r.checkpoint_size.to("GB").magnitude == pytest.approx(988.4)
    assert r.write_time_seconds.to("s").magnitude == pytest.approx(141.2)
    assert r.mfu_penalty_pct == pytest.approx(0.0392, abs=1e-4)  # a fraction, as 0.3.0 reports it
    assert r.storage_bottleneck is True


def test_scaling_in_flops_or_accelerator_time():
    r = mlsysim.ScalingModel().solve(Q_(1e23, "flop"))
    assert r.tokens_per_parameter == pytest.approx(20)
    days = mlsysim.ScalingModel().solve(Q_(1000, "day"))
    assert days.compute_budget_flops.to("flop").magnitude == pytest.approx(1000 * 86400 * 989e12 * 0.4)
    assert mlsysim.ScalingModel().solve("5 ZFLOP").compute_budget_flops.to("flop").magnitude == pytest.approx(5e21)
    pinned = mlsysim.ScalingModel().solve(Q_(512 * 989e12 * 30 * 86400 * 0.4, "flop"),
                                          target_model_size=L.Llama3_70B.parameters)
    assert pinned.tokens_per_parameter == pytest.approx(17.554990088998387)


def test_data_and_transformation_t04():
    demand = 256 * Q_("500 KB") / Q_(7.24, "ms")
    d = mlsysim.DataModel().solve(workload_data_rate=demand, hardware=C.A100)
    assert d.utilization == pytest.approx(0.5524861878453039) and d.is_stalled is False
    t = mlsysim.TransformationModel().solve(batch_size=256, sample_size_bytes=Q_("500 KB"),
                                            cpu_throughput=Q_("2 GB/s"), accelerator_step_time=Q_(7.24, "ms"))
    assert t.transform_time.to("ms").magnitude == pytest.approx(64)
    assert t.slowdown_factor == pytest.approx(8.839779005524862)


def test_orchestration_efficiency_responsible():
    o = mlsysim.OrchestrationModel().solve(S.Research_256, arrival_rate_jobs_per_day=0.5, avg_job_duration_days=1)
    assert o.avg_wait_time_days.to("day").magnitude == pytest.approx(0.5) and o.is_stable
    e = mlsysim.EfficiencyModel().solve(L.Llama3_8B, C.H100, workload_type="attention", use_flash_attention=True)
    assert e.mfu == pytest.approx(0.75) and e.overhead_breakdown["memory_stall"] == 0.0
    r = mlsysim.ResponsibleEngineeringModel().solve(Q_(100, "hour"), epsilon=0.5)
    assert r.dp_slowdown_factor == 5.0 and r.effective_training_time.to("hour").magnitude == pytest.approx(500)


@pytest.mark.parametrize("call,needle", [
    (lambda: mlsysim.ReliabilityModel().solve(S.Frontier_8K, job_duration_hours=-1), "job_duration_hours"),
    (lambda: mlsysim.CheckpointModel().solve(L.Llama3_70B, C.H100, n_writers=0), "n_writers must be >= 1"),
    (lambda: mlsysim.CheckpointModel().solve(L.Llama3_70B, C.H100, optimizer="lion"), "accepted: adam, adamw, sgd"),
    (lambda: mlsysim.ScalingModel().solve(Q_(0, "flop")), "compute_budget must be > 0"),
    (lambda: mlsysim.ScalingModel().solve(Q_(1, "GB")), "compute_budget"),
    (lambda: mlsysim.DataModel().solve(workload_data_rate="5 GB/s", hardware=mlsysim.Hardware.Tiny.ESP32_S3),
     "neither a storage bandwidth nor a host link"),
    (lambda: mlsysim.OrchestrationModel().solve(S.Research_256, 1, 0), "avg_job_duration_days must be > 0"),
    (lambda: mlsysim.EfficiencyModel().solve(L.Llama3_8B, C.H100, workload_type="embedding"), "attention, ffn, conv"),
    (lambda: mlsysim.ResponsibleEngineeringModel().solve(Q_(1, "hour"), epsilon=0), "epsilon must be > 0"),
])
def test_bad_input_is_one_clear_error(call, needle):
    with pytest.raises(ValueError) as e:
        call()
    assert needle in str(e.value) and "\n" not in str(e.value)


def cli(cli_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(cli_path), *args], capture_output=True, text=True, timeout=60)


def test_reliability_command(cli_path):
    p = cli(cli_path, "reliability", "Frontier_8K", "--job-hours", "720")
    assert p.returncode == 0 and p.stderr == ""
    for words in ("Node MTBF         4688 h", "Fleet MTBF        4.578 h", "Expected failures 157.3",
                  "Checkpoint every  23.44 min", "Goodput           93.9%"):
        assert words in p.stdout, words
    out = json.loads(cli(cli_path, "reliability", "Frontier_8K", "--job-hours", "720", "--output", "json").stdout)
    assert out["fleet"] == "Frontier_8K" and out["expected_failures"] == pytest.approx(157.2864)


def test_train_with_job_hours(cli_path):
    p = cli(cli_path, "train", "Llama3_70B", "Frontier_8K", "--tp", "8", "--pp", "4", "--job-hours", "720")
    assert p.returncode == 0
    assert "Checkpoint        988.4 GB, written by 1024 nodes" in p.stdout and "Goodput" in p.stdout
    out = json.loads(cli(cli_path, "train", "Llama3_70B", "Frontier_8K", "--tp", "8", "--pp", "4", "--job-hours",
                         "720", "--output", "json").stdout)
    assert out["reliability"]["fleet_mtbf_s"] == pytest.approx(4687.5 / 1024 * 3600)


@pytest.mark.parametrize("args,needle", [
    (("reliability", "Frontier_8K"), "--job-hours is required"),
    (("reliability", "Frontier_8K", "--job-hours", "-5"), "job_duration_hours must be >= 0"),
    (("reliability", "Frontier8K", "--job-hours", "5"), "did you mean"),
    (("reliability", "Frontier_8K", "--job-hours", "5", "--checkpoint-s", "0"), "checkpoint_time_s must be > 0"),
])
def test_reliability_bad_input_one_line_exit_1(cli_path, args, needle):
    p = cli(cli_path, *args)
    assert p.returncode == 1 and p.stdout == "" and p.stderr.count("\n") == 1, p.stderr
    assert needle in p.stderr, p.stderr
