"""The serving family from Python and from the CLI (`mlsysim serve`, `mlsysim optimize batching`).

The numbers are reference 0.3.0's (printed by its own ServingModel, TailLatencyModel and
BatchingOptimizer for these inputs); the field-by-field comparison over thousands of cases is
test_reference_diff.py. Here: the reference's call style works unchanged, results carry its
attribute names and units, and bad input is one clear error.
"""
from __future__ import annotations

import json
import subprocess

import mlsysim
import pytest

L, C = mlsysim.Models.Language, mlsysim.Hardware.Cloud


# ------------------------------------------------------------------ Python, the reference's way

def test_serving_model_as_the_reference_calls_it():
    r = mlsysim.ServingModel().solve(L.Llama2_7B, C.H100, seq_len=2048, batch_size=1)
    assert r.ttft.to("ms").magnitude == pytest.approx(62.4387629, rel=1e-8)
    assert r.itl.to("ms").magnitude == pytest.approx(4.81962443, rel=1e-8)
    assert r.kv_cache_size.to("GB").magnitude == pytest.approx(1.07374182, rel=1e-8)
    assert r.feasible is True


def test_serving_model_that_does_not_fit_still_answers():
    r = mlsysim.ServingModel().solve(L.Llama3_70B, C.H200, seq_len=8192, batch_size=4)
    assert r.feasible is False
    assert r.total_memory_required.to("GB").magnitude == pytest.approx(151.937418, rel=1e-8)
    assert r.ttft.to("ms").magnitude == pytest.approx(10779.6441, rel=1e-8)
    assert r.itl.to("ms").magnitude == pytest.approx(32.4536288, rel=1e-8)


def test_network_bandwidth_takes_a_quantity_text_or_gb_per_s():
    def ttft(**kw):
        return mlsysim.ServingModel().solve(L.Llama2_7B, C.H100, seq_len=2048, decode_hardware=C.H200,
                                            **kw).ttft.to("ms").magnitude
    assert ttft(network_bandwidth=50) == ttft(network_bandwidth="50 GB/s") > ttft()
    assert ttft(network_bandwidth=100) == ttft()


def test_tail_latency_model():
    r = mlsysim.TailLatencyModel().solve(arrival_rate_qps=90, service_latency_ms=10, num_replicas=1)
    assert r.p99_latency.to("ms").magnitude == pytest.approx(459.980967, rel=1e-8)
    assert r.p50_latency.to("ms").magnitude == pytest.approx(68.7786665, rel=1e-8)
    assert r.queue_utilization == pytest.approx(0.9) and r.is_stable is True


def test_unstable_queue_reports_the_offered_load():
    r = mlsysim.TailLatencyModel().solve(arrival_rate_qps=120, service_latency_ms=10)
    assert r.is_stable is False and r.queue_utilization == pytest.approx(1.2)
    assert r.p99_latency.to("ms").magnitude == float("inf")


def test_batching_optimizer():
    r = mlsysim.BatchingOptimizer().solve(model=L.Llama3_8B, hardware=C.H100, seq_len=128,
                                          arrival_rate_qps=2, sla_latency_ms=3000)
    assert r.best_batch_size == 256
    assert r.p99_latency.to("ms").magnitude == pytest.approx(2631.2586, rel=1e-7)


def test_no_sentinels_where_there_is_no_answer():
    cb = mlsysim.ContinuousBatchingModel().solve(L.Llama3_405B, C.H100, max_seq_len=2048)
    assert cb.feasible is False and cb.itl is None  # 0.3.0: 1,000,000 ms
    cap = mlsysim.ServingCapacityModel().solve(L.Llama3_8B, C.H100, qps=1e6, target_p99_latency_ms=10)
    assert cap.feasible is False and cap.required_replicas is None  # 0.3.0: max_replicas
    assert cap.bottleneck == "Base Latency"


@pytest.mark.parametrize("call,error,needle", [
    (lambda: mlsysim.ServingModel().solve(mlsysim.Models.Vision.ResNet50, C.H100, seq_len=128),
     ValueError, "needs a transformer"),
    (lambda: mlsysim.ServingModel().solve(L.Llama2_7B, C.H100, seq_len="2048"), TypeError, "seq_len"),
    (lambda: mlsysim.ServingModel().solve(L.Llama2_7B, C.H100, seq_len=0), ValueError, "seq_len must be >= 1"),
    (lambda: mlsysim.ServingModel().solve(L.Llama2_7B, C.H100, seq_len=128, efficiency=float("nan")),
     ValueError, "finite"),
    (lambda: mlsysim.TailLatencyModel().solve(arrival_rate_qps=-5, service_latency_ms=10), ValueError,
     "arrival_rate_qps"),
    (lambda: mlsysim.WeightStreamingModel().solve(L.Llama3_8B, C.Cerebras_CS3, seq_len=128, phase="train"),
     ValueError, "prefill"),
    (lambda: mlsysim.CompressionModel().solve(L.Llama3_8B, C.H100, method="distillation"), ValueError,
     "quantization"),
])
def test_bad_input_is_one_clear_error(call, error, needle):
    with pytest.raises(error) as e:
        call()
    text = str(e.value)
    assert needle in text and "\n" not in text


# ------------------------------------------------------------------ CLI

def cli(cli_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(cli_path), *args], capture_output=True, text=True, timeout=60)


def test_serve_text(cli_path):
    p = cli(cli_path, "serve", "Llama2_7B", "H100")
    assert p.returncode == 0 and p.stderr == ""
    assert "TTFT (prefill)    62.44 ms" in p.stdout and "ITL (decode)      4.82 ms" in p.stdout
    assert "Fits in memory    yes" in p.stdout


def test_serve_says_when_it_does_not_fit(cli_path):
    p = cli(cli_path, "serve", "Llama3_70B", "H200", "--seq-len", "8192", "-b", "4")
    assert p.returncode == 0
    assert "Fits in memory    NO: it needs 151.9 GB" in p.stdout
    assert "what it would take if it fit" in p.stdout


def test_serve_json_is_the_solver_record(cli_path):
    p = cli(cli_path, "serve", "Llama2_7B", "H100", "--output", "json")
    out = json.loads(p.stdout)
    case = {"model": "Llama2_7B", "hardware": "H100", "seq_len": 2048}
    record = mlsysim._core.solve("ServingModel", case).to_record()
    echoed = {k: out.pop(k) for k in ("model", "hardware", "seq_len", "batch_size", "precision", "efficiency")}
    assert echoed == {"model": "Llama2_7B", "hardware": "H100", "seq_len": 2048, "batch_size": 1,
                      "precision": "fp16", "efficiency": 0.5}
    assert out == record


def test_serve_lists_print_one_table(cli_path):
    p = cli(cli_path, "serve", "Llama3_8B", "H100,MI300X", "-b", "1,32")
    rows = [line for line in p.stdout.splitlines() if line.startswith("Llama3_8B")]
    assert p.returncode == 0 and len(rows) == 4
    j = json.loads(cli(cli_path, "serve", "Llama3_8B", "H100,MI300X", "-b", "1,32", "--output", "json").stdout)
    assert [(x["hardware"], x["batch_size"]) for x in j] == [("H100", 1), ("H100", 32), ("MI300X", 1), ("MI300X", 32)]


def test_optimize_batching(cli_path):
    p = cli(cli_path, "optimize", "batching", "Llama3_8B", "H100", "--qps", "2", "--sla-ms", "3000")
    assert p.returncode == 0 and "Best batch size   256" in p.stdout and "P99 latency       2.631 s" in p.stdout
    p = cli(cli_path, "optimize", "batching", "Llama3_8B", "H100", "--qps", "20", "--sla-ms", "500")
    assert p.returncode == 0 and "No batch size from 1 to 256" in p.stdout


@pytest.mark.parametrize("args,needle", [
    (("serve", "ResNet50", "H100"), "needs a transformer"),
    (("serve", "Llama3_8B", "H20"), "did you mean 'H200'"),
    (("serve", "Llama3_8B", "H100", "-b", "0"), "batch_size must be >= 1"),
    (("serve", "Llama3_8B", "H100", "--seq-len", "abc"), "whole number"),
    (("serve", "Llama3_8B", "H100", "--acceptance-rate", "0.5"), "requires --draft-model"),
    (("serve", "Llama3_8B", "H100", "--network-bandwidth", "10 GB/s"), "requires --decode-hardware"),
    (("serve", "Llama3_8B", "H100", "--decode-hardware", "H200", "--network-bandwidth", "10 ms"), "data rate"),
    (("optimize", "batchin", "Llama3_8B", "H100"), "did you mean 'batching'"),
    (("optimize", "batching", "Llama3_8B", "H100", "--qps", "2"), "--sla-ms is required"),
    (("optimize", "batching", "Llama3_8B", "H100", "--qps", "-1", "--sla-ms", "100"), "arrival_rate_qps"),
    (("serve", "Llama3_8B\x1b[31m", "H100"), "\\x1b"),
])
def test_serve_bad_input_one_line_exit_1(cli_path, args, needle):
    p = cli(cli_path, *args)
    assert p.returncode == 1 and p.stdout == ""
    assert p.stderr.startswith("error: ") and p.stderr.count("\n") == 1, p.stderr
    assert needle in p.stderr, p.stderr
