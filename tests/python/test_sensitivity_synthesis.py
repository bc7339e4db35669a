"""SensitivitySolver and SynthesisSolver from Python and from the CLI.

The numbers are reference 0.3.0's for the same inputs (T09-03, T09-04, TS-26, TS-27 of goldens.md);
the field-by-field comparison over many cases is test_reference_diff.py. Here: the reference's call
style works (registry entries, pint quantities), results carry its attribute names and units, and
bad input is one clear error.
"""
from __future__ import annotations

import json
import subprocess
import warnings

import mlsysim
import pytest
from mlsysim import SensitivitySolver, SynthesisSolver

L, C = mlsysim.Models.Language, mlsysim.Hardware.Cloud


def test_both_places_and_the_references_signatures():
    assert mlsysim.solvers.SensitivitySolver is SensitivitySolver
    assert mlsysim.solvers.SynthesisSolver is SynthesisSolver
    import inspect
    assert list(inspect.signature(SensitivitySolver().solve).parameters) == [
        "model", "hardware", "precision", "perturbation_pct", "efficiency"]
    assert list(inspect.signature(SynthesisSolver().solve).parameters) == [
        "model", "target_latency", "precision", "efficiency"]
    s = inspect.signature(SensitivitySolver().solve).parameters
    assert s["perturbation_pct"].default == 10.0 and s["efficiency"].default == 0.5 and s["precision"].default == "fp16"


def test_t09_03_synthesis_llama3_70b_50ms():
    r = SynthesisSolver().solve(model=L.Llama3_70B, target_latency=mlsysim.Q_("50 ms"), precision="fp16")
    assert r.required_bw.to("TB/s").magnitude == pytest.approx(2.824, rel=1e-12)  # printed 2.82 TB/s
    assert r.required_flops.to("TFLOP/s").magnitude == pytest.approx(5.648, rel=1e-12)  # 5.65 TFLOPs/s
    assert r.required_memory.to("GB").magnitude == pytest.approx(141.2, rel=1e-12)
    assert r.compute_memory_ratio.to("flop/byte").magnitude == pytest.approx(2.0, rel=1e-12)
    assert r.model_size.to("GB").magnitude == pytest.approx(141.2, rel=1e-12)
    assert r.total_ops.to("flop").magnitude == pytest.approx(141.2e9, rel=1e-12)
    assert r.target_latency.to("ms").magnitude == pytest.approx(50)
    assert r.constraint_trace is None  # as 0.3.0: nothing is checked against a limit
    # a bare number is milliseconds; any time unit works
    assert SynthesisSolver().solve(L.Llama3_70B, 50).required_bw.to("GB/s").magnitude == pytest.approx(2824)
    assert SynthesisSolver().solve(L.Llama3_70B, "0.2 s").required_bw.to("TB/s").magnitude == pytest.approx(0.706)


def test_t09_04_generations():
    a100, h100, h200 = (SensitivitySolver().solve(L.Llama3_70B, getattr(C, h), precision="fp16")
                        for h in ("A100", "H100", "H200"))
    assert a100.baseline_latency.to("ms").magnitude == pytest.approx(4854.565, rel=1e-12)  # printed 4,854.6 ms
    assert h100.baseline_latency.to("ms").magnitude == pytest.approx(2427.685, rel=1e-12)  # printed 2427.69ms
    for r in (a100, h100):  # TS-26: the weights spill, capacity binds
        assert r.feasible is False and r.binding_constraint == "memory_capacity"
        assert r.sensitivities == {"peak_flops": 0.0, "memory_bandwidth": 0.0, "memory_capacity": 0.0}
        assert "Memory Wall: FAILED" in r.constraint_trace[0] and "infeasible baseline" in r.constraint_trace[1]
        assert r.perturbation_pct == 10.0
    # 0.3.0's H200 has 141 GiB (151.4 GB): the 141.2 GB fit, so decode is bandwidth-bound
    # (the tutorial's older registry had 141 GB and printed memory_capacity at 2427.69 ms)
    assert h200.feasible is True and h200.binding_constraint == "memory_bandwidth"
    assert h200.baseline_latency.to("ms").magnitude == pytest.approx(33.16833333333334, rel=1e-12)
    assert h200.sensitivities["memory_bandwidth"] == pytest.approx(-0.08868901060248238, rel=1e-9)


def test_ts27_bandwidth_bound_and_the_perturbed_latencies():
    r = SensitivitySolver().solve(L.Llama3_8B, C.H100)
    assert r.feasible is True and r.binding_constraint == "memory_bandwidth"
    assert list(r.sensitivities) == ["peak_flops", "memory_bandwidth", "memory_capacity"]
    assert r.sensitivities["memory_bandwidth"] == pytest.approx(-0.08555523000293008, rel=1e-9)
    assert r.constraint_trace == [
        "Sensitivity: memory_bandwidth is binding (-0.0856 latency change per 10% upgrade)."]
    base = r.baseline_latency.to("ms").magnitude
    assert base == pytest.approx(5.603432835820896, rel=1e-12)
    assert (r.memory_bandwidth_latency.to("ms").magnitude - base) / base == pytest.approx(
        r.sensitivities["memory_bandwidth"], rel=1e-12)
    # a downgrade: positive sensitivities
    down = SensitivitySolver().solve("Llama3_8B", "H100", perturbation_pct=-50.0)
    assert down.sensitivities["memory_bandwidth"] > 0.9 and down.binding_constraint == "memory_bandwidth"


def test_fallback_warning_is_a_python_warning():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = SensitivitySolver().solve("Llama3_8B", "T4", precision="fp8")
    assert len(r.warnings) == 1 and "Precision 'fp8' not in NVIDIA T4" in r.warnings[0]
    assert any("Precision 'fp8' not in NVIDIA T4" in str(w.message) for w in caught)


@pytest.mark.parametrize("call,needle", [
    (lambda: SynthesisSolver().solve(L.Llama3_70B, mlsysim.Q_("0 ms")), "target_latency must be > 0"),
    (lambda: SynthesisSolver().solve(L.Llama3_70B, mlsysim.Q_("-5 ms")), "target_latency must be > 0"),
    (lambda: SynthesisSolver().solve(L.Llama3_70B, "50 ms", efficiency=0), "efficiency must be in"),
    (lambda: SynthesisSolver().solve(L.Llama3_70B, float("nan")), "target_latency"),
    (lambda: SynthesisSolver().solve(L.Llama3_70B, "50 GB"), "target_latency"),
    (lambda: SensitivitySolver().solve(L.Llama3_8B, C.H100, perturbation_pct=0), "perturbation_pct must not be 0"),
    (lambda: SensitivitySolver().solve(L.Llama3_8B, C.H100, perturbation_pct=-100), "perturbation_pct must be > -100"),
    (lambda: SensitivitySolver().solve(L.Llama3_8B, C.H100, perturbation_pct=float("nan")), "finite"),
    (lambda: SensitivitySolver().solve(L.Llama3_8B, C.H100, perturbation_pct=1e300), "too large"),
    (lambda: SensitivitySolver().solve(L.Llama3_8B, C.H100, efficiency=1.5), "efficiency must be in"),
    (lambda: SensitivitySolver().solve(L.Llama3_8B, C.H100, precision="fp4"), "fp4"),
])
def test_bad_input_is_one_clear_error(call, needle):
    with pytest.raises(ValueError) as e:
        call()
    assert needle in str(e.value) and "\n" not in str(e.value)


def test_a_bool_step_is_a_type_error():
    with pytest.raises(TypeError, match="perturbation_pct"):
        SensitivitySolver().solve(L.Llama3_8B, C.H100, perturbation_pct=True)


def _cli(cli_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(cli_path), *args], capture_output=True, text=True, timeout=60)


def test_cli(cli_path):
    p = _cli(cli_path, "solve", "SynthesisSolver", "model=Llama3_70B", "target_latency=50ms", "--output", "json")
    assert p.returncode == 0 and p.stderr == "", p.stderr
    out = json.loads(p.stdout)
    assert out["required_bw_bytes_per_s"] == pytest.approx(2.824e12, rel=1e-12)
    assert out["required_flops_flop_per_s"] == pytest.approx(5.648e12, rel=1e-12)
    assert out["constraint_trace"] is None
    text = _cli(cli_path, "solve", "SensitivitySolver", "model=Llama3_70B", "hardware=A100")
    assert text.returncode == 0 and "binding_constraint          memory_capacity" in text.stdout, text.stdout
    rec = json.loads(_cli(cli_path, "solve", "SensitivitySolver", "model=Llama3_70B", "hardware=A100",
                          "perturbation_pct=25", "-o", "json").stdout)
    assert rec["baseline_latency_s"] == pytest.approx(4.854565, rel=1e-12) and rec["feasible"] is False
    assert rec["perturbation_pct"] == 25.0 and rec["sensitivities"]["memory_capacity"] == 0.0
    bad = _cli(cli_path, "solve", "SynthesisSolver", "model=Llama3_70B", "target_latency=0")
    assert bad.returncode == 1 and bad.stdout == "" and bad.stderr.count("\n") == 1
    assert "target_latency must be > 0" in bad.stderr
