"""Behaviour of the mlsysim CLI (build/mlsysim, or $MLSYSIM_CLI), run as a subprocess.

Covers the goldens, `eval` and `zoo` output, every class of bad input (one line on stderr,
exit 1, no traceback, a "did you mean" where a name is wrong), raise_errors (exit 2), and
user registry files given with --registry.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI = Path(os.environ.get("MLSYSIM_CLI", ROOT / "build" / "mlsysim"))
REF_PYTHON = Path(os.environ.get("MLSYSIM_REF_PYTHON", ROOT / ".venv-ref" / "bin" / "python"))


def run(*args: str, check_rc: int | None = None) -> subprocess.CompletedProcess:
    if not CLI.exists():
        pytest.fail(f"our CLI is not built ({CLI}); run `make build` (or set MLSYSIM_CLI)")
    p = subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=60)
    if check_rc is not None:
        assert p.returncode == check_rc, (args, p.returncode, p.stdout[-2000:], p.stderr)
    return p


def solve_json(*params: str, registry: str | None = None) -> dict:
    pre = ["--registry", registry] if registry else []
    p = run(*pre, "solve", "SingleNodeModel", *params, "--output", "json", check_rc=0)
    assert p.stderr == ""
    return json.loads(p.stdout)


def assert_one_line_error(p: subprocess.CompletedProcess, rc: int = 1, *needles: str) -> str:
    assert p.returncode == rc, (p.returncode, p.stdout, p.stderr)
    assert p.stdout == "", p.stdout
    err = p.stderr
    assert err.endswith("\n") and err.count("\n") == 1, repr(err)
    assert "Traceback" not in err and "terminate called" not in err
    assert err.startswith("error: "), err
    for n in needles:
        assert n in err, (n, err)
    return err


# ------------------------------------------------------------------ goldens

@pytest.mark.parametrize("model,hardware,latency", [
    ("ResNet50", "A100", 0.0005675641025641026),
    ("Llama3_8B", "H100", 0.005603432835820896),
])
def test_golden_latency(model, hardware, latency):
    out = solve_json(f"model={model}", f"hardware={hardware}", "batch_size=1", "precision=fp16")
    assert out["latency_s"] == pytest.approx(latency, rel=1e-6)
    assert out["solver"] == "SingleNodeModel"
    assert out["feasible"] is True and out["warnings"] == []


def test_solve_json_has_every_field():
    out = solve_json("model=ResNet50", "hardware=A100", "batch_size=1", "precision=fp16",
                     "efficiency=0.5", "is_training=false", "seq_len=2048", "zero_stage=0",
                     "dp_size=1", "is_lora=false", "activation_recomputation=false")
    assert set(out) == {
        "solver", "latency_s", "latency_compute_s", "latency_memory_s", "latency_overhead_s",
        "throughput_per_s", "bottleneck", "arithmetic_intensity_flop_per_byte", "energy_j",
        "memory_footprint_bytes", "peak_flops_actual_flop_per_s", "peak_bw_actual_bytes_per_s",
        "mfu", "hfu", "feasible", "overhead_dominated", "offload_spill_bytes",
        "offload_effective_bw_bytes_per_s", "constraint_trace", "warnings"}
    assert out["bottleneck"] == "compute"
    assert out["offload_spill_bytes"] is None and out["offload_effective_bw_bytes_per_s"] is None
    assert out["constraint_trace"] == [
        "Memory Wall: Passed. Required 0.051114064 GB <= Available 85.89934592 GB on NVIDIA A100."]


def test_solve_text_output():
    p = run("solve", "SingleNodeModel", "model=ResNet50", "hardware=A100", check_rc=0)
    assert "SingleNodeModel" in p.stdout and "latency_s" in p.stdout and "0.5676 ms" in p.stdout
    assert p.stderr == ""


def test_solve_list():
    p = run("solve", "--list", check_rc=0)
    for name in ("SingleNodeModel", "batch_size", "precision", "efficiency", "raise_errors",
                 "is_training", "seq_len", "zero_stage", "dp_size", "is_lora",
                 "activation_recomputation"):
        assert name in p.stdout


def test_solve_describe_text_and_json():
    p = run("solve", "--describe", "singlenodemodel", check_rc=0)
    for needle in ("SingleNodeModel", "parameters:", "batch_size=1", "result: PerformanceProfile",
                   "latency_s", "(.latency, ms)", "walls: 1, 2",
                   "example: mlsysim solve SingleNodeModel model=Llama3_8B hardware=H100"):
        assert needle in p.stdout, needle
    d = json.loads(run("solve", "--describe", "Engine.solve", "-o", "json", check_rc=0).stdout)
    assert d["name"] == "SingleNodeModel" and d["result"] == "PerformanceProfile"
    assert [i["name"] for i in d["inputs"]][:3] == ["model", "hardware", "batch_size"]
    assert {i["name"]: i["default"] for i in d["inputs"]}["efficiency"] == 0.5
    assert {o["key"]: o["attr"] for o in d["outputs"]}["offload_effective_bw_bytes_per_s"] == "offload_effective_bw"
    assert_one_line_error(run("solve", "--describe", "SingleNodeModle"), 1, "did you mean 'SingleNodeModel'")


def test_example_of_every_solver_runs():
    mlsysim = pytest.importorskip("mlsysim")
    for spec in mlsysim._core.solver_specs():
        assert spec["name"] in run("solve", "--list", check_rc=0).stdout
        text = run("solve", "--describe", spec["name"], check_rc=0).stdout
        example = text.rsplit("example: mlsysim ", 1)[1].split()
        assert run(*example, check_rc=0).stdout.startswith(spec["name"])


def test_cli_json_is_the_in_process_record():
    mlsysim = pytest.importorskip("mlsysim")
    for case in ({"model": "ResNet50", "hardware": "A100"}, {"model": "Llama3_70B", "hardware": "T4"},
                 {"model": "Llama3_8B", "hardware": "H100", "is_training": True, "zero_stage": 3, "dp_size": 8},
                 {"model": "ResNet50", "hardware": "A100", "precision": "int4"}):
        args = [f"{k}={str(v).lower() if isinstance(v, bool) else v}" for k, v in case.items()]
        out = solve_json(*args)
        assert out.pop("solver") == "SingleNodeModel"
        assert out == mlsysim._core.solve("SingleNodeModel", case).to_record()


# ------------------------------------------------------------------ eval

def test_eval_text():
    p = run("eval", "ResNet50", "A100", check_rc=0)
    out = p.stdout
    assert "ResNet-50 on NVIDIA A100" in out
    assert "Compute Bound" in out
    assert "0.5676 ms" in out
    assert "Memory Wall: Passed." in out
    assert p.stderr == ""


@pytest.mark.parametrize("where", ["after", "before"])
def test_eval_json(where):
    args = ["eval", "ResNet50", "A100", "-o", "json"] if where == "after" else \
        ["-o", "json", "eval", "ResNet50", "A100"]
    out = json.loads(run(*args, check_rc=0).stdout)
    assert out["model"] == "ResNet50" and out["hardware"] == "A100"
    assert out["batch_size"] == 1 and out["precision"] == "fp16" and out["efficiency"] == 0.5
    assert out["latency_s"] == pytest.approx(0.0005675641025641026, rel=1e-12)
    assert out["bottleneck"] == "compute" and out["feasible"] is True


def test_eval_options_match_solve():
    ev = json.loads(run("eval", "Llama3_8B", "H100", "-b", "32", "-p", "int8", "-e", "0.7",
                        "--training", "--seq-len", "1024", "-o", "json", check_rc=0).stdout)
    so = solve_json("model=Llama3_8B", "hardware=H100", "batch_size=32", "precision=int8",
                    "efficiency=0.7", "is_training=true", "seq_len=1024")
    for k, v in so.items():
        if k != "solver":
            assert ev[k] == v, k


def test_eval_accepts_full_paths():
    a = json.loads(run("eval", "Models.Language.Llama3_8B", "Hardware.Cloud.H100", "-o", "json",
                       check_rc=0).stdout)
    assert a["latency_s"] == pytest.approx(0.005603432835820896, rel=1e-12)


# ------------------------------------------------------------------ zoo

ZOO = {"hardware": {"hardware": 52}, "models": {"models": 42}, "grids": {"grids": 12, "datacenters": 7},
       "systems": {"fabrics": 14, "nodes": 8, "clusters": 18}}


@pytest.mark.parametrize("category", sorted(ZOO))
def test_zoo_category(category):
    text = run("zoo", category, check_rc=0).stdout
    data = json.loads(run("zoo", category, "-o", "json", check_rc=0).stdout)
    assert {k: len(v) for k, v in data.items()} == ZOO[category]
    for _section, entries in data.items():
        assert f"({len(entries)})" in text
        keys = [e["key"] for e in entries]
        assert len(set(keys)) == len(keys)
        for k in keys:
            assert k in text, (category, k)


def test_zoo_all_and_keys():
    data = json.loads(run("zoo", "-o", "json", check_rc=0).stdout)
    assert {k: len(v) for k, v in data.items()} == {k: n for d in ZOO.values()
                                                    for k, n in d.items()}
    hw = {e["key"]: e for e in data["hardware"]}
    assert hw["A100"]["path"] == "Hardware.Cloud.A100"
    assert {e["key"]: e["path"] for e in data["models"]}["Llama3_8B"] == \
        "Models.Language.Llama3_8B"


def test_zoo_unknown_category():
    assert_one_line_error(run("zoo", "hardwre"), 1, "hardware")


# ------------------------------------------------------------------ bad input

BASE = ("solve", "SingleNodeModel", "model=ResNet50", "hardware=A100")


@pytest.mark.parametrize("args,needles", [
    (("solve", "SingleNodeModel", "model=Llama3-8b", "hardware=H100"),
     ("Llama3-8b", "did you mean", "Llama3_8B")),
    (("solve", "SingleNodeModel", "model=ResNet5", "hardware=A100"),
     ("ResNet5", "did you mean", "ResNet50")),
    (("solve", "SingleNodeModel", "model=ResNet50", "hardware=A10O"),
     ("A10O", "did you mean", "A100")),
    (("solve", "SingleNodeModel", "model=ResNet50", "hardware=NoSuchChip"), ("NoSuchChip",)),
    (("eval", "ResNet5", "A100"), ("did you mean", "ResNet50")),
    (("eval", "ResNet50", "H10"), ("did you mean", "H100")),
    (BASE + ("batch_size=0",), ("batch_size",)),
    (BASE + ("batch_size=-3",), ("batch_size",)),
    (BASE + ("batch_size=2.5",), ("batch_size",)),
    (BASE + ("efficiency=1.5",), ("efficiency",)),
    (BASE + ("efficiency=0",), ("efficiency",)),
    (BASE + ("efficiency=-0.1",), ("efficiency",)),
    (BASE + ("efficiency=1e-10",), ("efficiency",)),
    (BASE + ("efficiency=nan",), ("efficiency",)),
    (BASE + ("efficiency=inf",), ("efficiency",)),
    (BASE + ("precision=fp64",), ("fp64",)),
    (("solve", "SingleNodeModel", "model=ResNet50", "hardware=H100", "precision=fp4"), ("fp4",)),
    (("solve", "SingleNodeModl", "model=ResNet50", "hardware=A100"),
     ("SingleNodeModl", "did you mean", "SingleNodeModel")),
    (BASE + ("batchsize=4",), ("batchsize", "did you mean", "batch_size")),
    (BASE + ("batch_size=abc",), ("batch_size", "abc")),
    (BASE + ("efficiency=0.5x",), ("efficiency",)),
    (BASE + ("efficiency=0.5 parsecs",), ("efficiency", "unit")),
    (BASE + ("efficiency=0.5GB",), ("efficiency",)),
    (BASE + ("seq_len=12ms",), ("seq_len",)),
    (BASE + ("is_training=maybe",), ("is_training",)),
    (BASE + ("batch_size",), ()),
    (("solve", "SingleNodeModel", "hardware=A100"), ("model",)),
    (("solve", "SingleNodeModel", "model=ResNet50"), ("hardware",)),
    (BASE + ("is_training=true", "zero_stage=4"), ("zero_stage",)),
    (BASE + ("is_training=true", "dp_size=0"), ("dp_size",)),
    (BASE + ("is_training=true", "seq_len=0"), ("seq_len",)),
    (("eval", "ResNet50", "A100", "-b", "0"), ("batch_size",)),
    (("eval", "ResNet50", "A100", "-e", "2"), ("efficiency",)),
])
def test_bad_input_one_line_exit_1(args, needles):
    assert_one_line_error(run(*args), 1, *needles)


def test_raise_errors_infeasible_exits_2():
    err = assert_one_line_error(
        run("solve", "SingleNodeModel", "model=Llama3_70B", "hardware=T4", "raise_errors=true"),
        2, "Llama-3.1-70B", "NVIDIA T4")
    assert "141.2 GB" in err and "17.18 GB" in err and "141.20000000000002" not in err


def test_infeasible_without_raise_errors_exits_0():
    out = solve_json("model=Llama3_70B", "hardware=T4")
    assert out["feasible"] is False
    assert out["offload_spill_bytes"] == pytest.approx(141.2e9 - 16 * 2**30, rel=1e-12)
    assert out["constraint_trace"][0].startswith("Memory Wall: FAILED.")


def test_raise_errors_feasible_exits_0():
    assert solve_json("model=ResNet50", "hardware=A100", "raise_errors=true")["feasible"] is True


# ------------------------------------------------------------------ --registry

MY_ACCEL = """\
# a user's own accelerator
hardware:
  MyAccel:
    name: My Accelerator
    release_year: 2025
    compute:
      peak_flops: 100 TFLOP/s
      precision_flops:
        int8: 200 TOPS
    memory:
      capacity: 24 GiB
      bandwidth: 1 TB/s
    tdp: 300 W
    source:
      ref: "test fixture"
"""


@pytest.fixture
def my_accel(tmp_path) -> str:
    f = tmp_path / "my_accel.yaml"
    f.write_text(MY_ACCEL)
    return str(f)


@pytest.fixture(scope="module")
def reference_on_my_accel() -> dict | None:
    """The same accelerator built in the reference (one process: importing it takes seconds),
    solved at fp16 and int8; None when .venv-ref is missing."""
    if not REF_PYTHON.exists():
        return None
    code = """
import json, mlsysim
from mlsysim.hardware.types import HardwareNode, ComputeCore, MemoryHierarchy
from mlsysim.core.units import Q_
from mlsysim.solvers import SingleNodeModel
hw = HardwareNode(name="My Accelerator", release_year=2025,
    compute=ComputeCore(peak_flops=Q_(100, "TFLOP/s"), precision_flops={"int8": Q_(200, "TOPS")}),
    memory=MemoryHierarchy(capacity=Q_(24, "GiB"), bandwidth=Q_(1, "TB/s")), tdp=Q_(300, "W"))
out = {}
for p in ("fp16", "int8"):
    r = SingleNodeModel().solve(mlsysim.Models.Language.Llama3_8B, hw, batch_size=4, precision=p)
    out[p] = dict(latency_s=r.latency.m_as("s"), energy_j=r.energy.m_as("J"),
                  memory_footprint_bytes=r.memory_footprint.m_as("byte"),
                  peak_flops_actual_flop_per_s=r.peak_flops_actual.m_as("flop/s"),
                  feasible=r.feasible)
print(json.dumps(out))
"""
    p = subprocess.run([str(REF_PYTHON), "-c", code], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


@pytest.mark.parametrize("precision,peak", [("fp16", 50e12), ("int8", 100e12)])
def test_registry_file_adds_hardware_that_solves(my_accel, reference_on_my_accel, precision,
                                                 peak):
    out = solve_json("model=Llama3_8B", "hardware=MyAccel", "batch_size=4",
                     f"precision={precision}", registry=my_accel)
    assert out["feasible"] is True
    assert out["peak_flops_actual_flop_per_s"] == peak
    assert out["peak_bw_actual_bytes_per_s"] == 1e12
    assert out["constraint_trace"][0].endswith("on My Accelerator.")
    if reference_on_my_accel is not None:
        for k, v in reference_on_my_accel[precision].items():
            assert out[k] == (v if isinstance(v, bool) else pytest.approx(v, rel=1e-9)), k


def test_registry_file_visible_in_zoo_and_eval(my_accel):
    p = run("--registry", my_accel, "zoo", "hardware", "-o", "json", check_rc=0)
    keys = [e["key"] for e in json.loads(p.stdout)["hardware"]]
    assert "MyAccel" in keys and len(keys) == 53
    p = run("--registry", my_accel, "eval", "ResNet50", "MyAccel", check_rc=0)
    assert "ResNet-50 on My Accelerator" in p.stdout
    # without the file the name is unknown again
    assert_one_line_error(run("eval", "ResNet50", "MyAccel"), 1, "MyAccel")


def test_registry_json_file(tmp_path):
    f = tmp_path / "mine.json"
    f.write_text(json.dumps({"hardware": {"JsonChip": {
        "name": "Json Chip", "compute": {"peak_flops": "10 TFLOP/s"},
        "memory": {"capacity": "8 GB", "bandwidth": "500 GB/s"}, "source": {"ref": "x"}}}}))
    out = solve_json("model=ResNet50", "hardware=JsonChip", registry=str(f))
    assert out["peak_flops_actual_flop_per_s"] == 5e12 and out["peak_bw_actual_bytes_per_s"] == 5e11


@pytest.mark.parametrize("name,text,needles", [
    ("bad_unit.yaml",
     "hardware:\n  BadUnit:\n    name: Bad\n    compute: {peak_flops: 1 TFLOP/s}\n"
     "    memory: {capacity: 8 parsecs, bandwidth: 1 TB/s}\n    source: {ref: x}\n",
     ("bad_unit.yaml", "BadUnit", "memory.capacity", "parsecs")),
    ("missing.yaml",
     "hardware:\n  NoBw:\n    name: NoBw\n    compute: {peak_flops: 1 TFLOP/s}\n"
     "    memory: {capacity: 8 GB}\n    source: {ref: x}\n",
     ("missing.yaml", "NoBw", "memory.bandwidth", "required")),
    ("syntax.yaml", "hardware:\n  Broken: [unclosed\n", ("syntax.yaml", "YAML")),
    ("typo.yaml",
     "hardware:\n  Typo:\n    name: T\n    compute: {peak_flops: 1 TFLOP/s}\n"
     "    memory: {capacity: 8 GB, bandwidth: 1 TB/s}\n    tpd: 10 W\n    source: {ref: x}\n",
     ("typo.yaml", "Typo", "tpd", "did you mean", "tdp")),
])
def test_malformed_registry_file(tmp_path, name, text, needles):
    f = tmp_path / name
    f.write_text(text)
    p = run("--registry", str(f), "solve", "SingleNodeModel", "model=ResNet50", "hardware=A100")
    assert_one_line_error(p, 1, *needles)


def test_missing_registry_file(tmp_path):
    missing = str(tmp_path / "nope.yaml")
    assert_one_line_error(run("--registry", missing, "zoo"), 1, "nope.yaml")


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
