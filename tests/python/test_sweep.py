"""mlsysim.sweep and Engine.sweep: numpy columns, equal to the solver point by point."""

import itertools
import math

import mlsysim
import pytest

np = pytest.importorskip("numpy")


@pytest.mark.filterwarnings("ignore:Precision .* not in:UserWarning")
def test_every_point_is_the_solve():
    hardware = ["H100", mlsysim.Hardware.Cloud.T4, "B200"]
    s = mlsysim.sweep(["Llama3_8B", "ResNet50"], hardware, batch_size=[1, 3, 64],
                      precision=["fp16", "int8", "fp4"], is_training=[False, True])
    assert s.dims == ("model", "hardware", "batch_size", "precision", "is_training")
    assert s.shape == (2, 3, 3, 3, 2) and s.size == 108
    assert s.coords["hardware"] == ["H100", "T4", "B200"]
    for index in itertools.product(*(range(n) for n in s.shape)):
        point = {d: s.coords[d][i] for d, i in zip(s.dims, index)}
        try:
            want = mlsysim.SingleNodeModel().solve(**point).to_dict()
        except ValueError:
            assert not s.valid[index], point
            assert math.isnan(s.latency_s[index])
            continue
        assert s.valid[index], point
        for key in ("latency_s", "energy_j", "mfu", "hfu", "memory_footprint_bytes", "throughput_per_s"):
            assert s[key][index] == want[key], (point, key)
        assert bool(s.feasible[index]) == want["feasible"]
        assert s.bottleneck[index] == want["bottleneck"]
        spill = s.offload_spill_bytes[index]
        assert (want["offload_spill_bytes"] is None) == bool(np.isnan(spill))
    assert not s.valid.all() and s.valid.any()  # fp4 only on B200


def test_fields_and_arrays():
    s = mlsysim.sweep("Llama3_8B", "H100", batch_size=range(1, 9))
    assert s.dims == ("batch_size",) and s.latency_s.shape == (8,)
    assert s.latency_s.dtype == np.float64 and s.feasible.dtype == np.bool_
    assert set(s.fields) >= {"latency_s", "bottleneck", "valid", "feasible", "mfu"}
    assert np.all(np.diff(s.latency_s) > 0)
    d = s.to_dict()
    assert d["batch_size"] == list(range(1, 9)) and d["latency_s"] is s.latency_s
    with pytest.raises(AttributeError, match="no field 'latency'"):
        s.latency
    with pytest.raises(KeyError):
        s["nope"]


@pytest.mark.parametrize("kwargs, error, message", [
    ({"batch_size": []}, ValueError, "batch_size: an axis needs at least one value"),
    ({"precision": []}, ValueError, "precision: an axis needs at least one value"),
    ({"batch_size": [1, 0]}, ValueError, "batch_size must be >= 1"),
    ({"efficiency": [0.5, 2.0]}, ValueError, "efficiency must be in"),
    ({"is_training": ["false"]}, TypeError, "is_training must be True or False"),
    ({"batch_size": {1, 2}}, TypeError, "order is undefined"),
    ({"precision": ["fp64"]}, ValueError, "fp32, tf32"),
    ({"hardware": ["H100", "H1OO"]}, ValueError, "did you mean 'H100'"),
])
def test_bad_axes_are_clear_errors(kwargs, error, message):
    args = {"model": "Llama3_8B", "hardware": "H100", **kwargs}
    with pytest.raises(error, match=message):
        mlsysim.sweep(**args)


def test_engine_sweep_keeps_the_reference_rows():
    s = mlsysim.Engine.sweep(mlsysim.Models.Language.Llama3_70B, [mlsysim.Hardware.Cloud.A100, "H200"],
                             batch_sizes=[1, 8], precisions=["fp16", "int8"])
    assert isinstance(s, mlsysim.Sweep) and s.dims == ("hardware", "batch_size", "precision")
    rows = list(s)
    assert len(s) == len(rows) == int((s.valid & s.feasible).sum())
    assert [(r["hardware"], r["batch_size"], r["precision"]) for r in rows] == [
        ("NVIDIA A100", 1, "int8"), ("NVIDIA A100", 8, "int8"), ("NVIDIA H200", 1, "fp16"),
        ("NVIDIA H200", 1, "int8"), ("NVIDIA H200", 8, "fp16"), ("NVIDIA H200", 8, "int8")]
    assert rows[0]["profile"].latency.m_as("s") == s.latency_s[0, 0, 1]


@pytest.mark.parametrize("kwargs, error, message", [
    ({"precisions": "fp16"}, TypeError, "precisions must be a list"),
    ({"batch_sizes": 8}, TypeError, "batch_sizes must be a list"),
    ({"batch_sizes": []}, ValueError, "batch_sizes is empty"),
    ({"precisions": []}, ValueError, "precisions is empty"),
])
def test_engine_sweep_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        mlsysim.Engine.sweep("ResNet50", ["A100"], **kwargs)
    with pytest.raises(TypeError, match="hardware_list must be a list"):
        mlsysim.Engine.sweep("ResNet50", "A100")


def test_engine_sweep_rows_match_the_reference(repo_root):
    """0.3.0's Engine.sweep on the same grid: the same rows (its order) and latencies."""
    import json
    import subprocess

    ref = repo_root / ".venv-ref" / "bin" / "python"
    if not ref.exists():
        pytest.skip("reference environment missing (make ref-env)")
    code = ("import json, warnings, mlsysim\nwarnings.simplefilter('ignore')\n"
            "H = mlsysim.Hardware.Cloud\n"
            "rows = mlsysim.Engine.sweep(mlsysim.Models.Language.Llama3_70B, [H.A100, H.H200, H.T4],\n"
            "                            batch_sizes=[1, 8, 64], precisions=['fp16', 'int8', 'int4'])\n"
            "print(json.dumps([[r['hardware'], r['batch_size'], r['precision'], r['profile'].latency.m_as('s')]\n"
            "                  for r in rows]))\n")
    p = subprocess.run([str(ref), "-c", code], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    theirs = json.loads(p.stdout)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # precisions without a listed rate fall back, with a warning
        ours = [[r["hardware"], r["batch_size"], r["precision"], r["profile"].latency.m_as("s")]
                for r in mlsysim.Engine.sweep("Llama3_70B", ["A100", "H200", "T4"], batch_sizes=[1, 8, 64],
                                              precisions=["fp16", "int8", "int4"])]
    assert [r[:3] for r in ours] == [r[:3] for r in theirs]
    for a, b in zip(ours, theirs):
        assert a[3] == pytest.approx(b[3], rel=1e-12)
