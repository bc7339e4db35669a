"""Accelerators and workloads of the user's own, built as in 0.3.0: ``HardwareNode(name, release_year,
compute=ComputeCore(...), memory=MemoryHierarchy(...), ...)``, ``TransformerWorkload(...)``, ``CNNWorkload(...)``, ...

0.3.0's drone example gives 0.3.0's scorecard; a registry entry rebuilt from its attributes is that entry (equal,
and every solver gives the same result); the same user code gives 0.3.0's numbers (run in .venv-ref); a bad field is
one clear error naming it; a user-built entry outlives what it was built from and goes wherever a registry entry goes
(Node and Fleet, Scenario, sweep, search, pickling for a process pool); model_copy as in pydantic."""

from __future__ import annotations

import contextlib
import gc
import io
import json
import pickle
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

import mlsysim
import pytest
import test_cli
from mlsysim import Hardware, Models, Systems
from mlsysim.hardware import ComputeCore, HardwareNode, IOInterconnect, MemoryHierarchy, StorageHierarchy
from mlsysim.models import (
    CNNWorkload,
    DiffusionWorkload,
    EmbodiedWorkload,
    SparseTransformerWorkload,
    SSMWorkload,
    TransformerWorkload,
    Workload,
)
from mlsysim.solvers import DistributedModel, SensitivitySolver, SingleNodeModel
from mlsysim.systems import Fleet, Node
from mlsysim.units import Q_
from reference_env import run_in_reference
from test_cli import MY_ACCEL, solve_json

H100, LLAMA = Hardware.Cloud.H100, Models.Language.Llama3_8B
# The built-in entries (other tests load registry files of their own into this process).
BUILT_IN_HARDWARE, BUILT_IN_MODELS = Hardware.list(), Models.list()
reference_on_my_accel = test_cli.reference_on_my_accel  # test_cli's fixture: its accelerator built in 0.3.0

# 0.3.0's example, verbatim.
DRONE = """\
from mlsysim.hardware.types import HardwareNode, ComputeCore, MemoryHierarchy
from mlsysim.models.types import CNNWorkload
hw = HardwareNode(name="Hypothetical Drone NPU", release_year=2026, compute=ComputeCore(peak_flops="10 TFLOPs/s"), memory=MemoryHierarchy(capacity="2 GB", bandwidth="50 GB/s"), tdp="10 W", dispatch_tax="0.5 ms")
w = CNNWorkload(name="Custom Vision Model", architecture="CNN", parameters="50 Mparam", inference_flops="10 Gflop")
print(mlsysim.Scenario(name="Generic Drone Vision", description="d", workload=w, system=hw, sla_latency="30 ms").evaluate().scorecard())
"""  # noqa: E501

# Runs a program (argv[1]) and prints what it printed, as one JSON string.
PRINTED = """\
import contextlib, io, json, sys, mlsysim
out = io.StringIO()
with contextlib.redirect_stdout(out):
    exec(sys.argv[1], {"mlsysim": mlsysim})
print(json.dumps(out.getvalue()))
"""


def levels(scorecard):
    """(level, status, summary) of each level a scorecard shows."""
    lines = [line.strip("║ ").strip() for line in scorecard.splitlines()]
    out = []
    for i, line in enumerate(lines):
        if line.startswith("Level "):
            name, status = line.rsplit(" ", 1)
            out.append((name, status.strip("[]"), lines[i + 1].lstrip("↳ ")))
    return out


def test_the_drone_example_gives_the_references_scorecard():
    ours = io.StringIO()
    with contextlib.redirect_stdout(ours):
        exec(DRONE, {"mlsysim": mlsysim})
    ours = ours.getvalue()
    assert levels(ours)[:2] == [("Level 1: Feasibility", "PASS", "Model fits in memory (100.0 MB / 2000.0 MB)"),
                                ("Level 2: Performance", "PASS", "Latency: 2.71 ms (Target: 30 ms)")]
    ref = run_in_reference(PRINTED, DRONE)
    assert levels(ours) == levels(ref) and len(levels(ref)) == 3


# ------------------------------------------------------------------ rebuilt from a registry entry's attributes

_MEMORY = ("capacity", "bandwidth", "sram_capacity", "sram_bandwidth", "flash_capacity", "flash_bandwidth", "l2_cache")


def _link(link):
    return None if link is None else IOInterconnect(name=link.name, bandwidth=link.bandwidth, latency=link.latency,
                                                    direction=link.direction)


def rebuilt_hardware(h):
    """``h`` built again from the values its attributes show, as a user would."""
    s = h.storage
    return HardwareNode(
        name=h.name, release_year=h.release_year,
        compute=ComputeCore(peak_flops=h.compute.peak_flops, precision_flops=h.compute.precision_flops),
        memory=MemoryHierarchy(**{f: getattr(h.memory, f) for f in _MEMORY}),
        storage=None if s is None else StorageHierarchy(capacity=s.capacity, bandwidth=s.bandwidth, latency=s.latency),
        interconnect=_link(h.interconnect), nvlink=_link(h.nvlink), tdp=h.tdp, battery_capacity=h.battery_capacity,
        unit_cost=h.unit_cost, accelerator_count=h.accelerator_count, embodied_carbon_kg=h.embodied_carbon_kg,
        dispatch_tax=h.dispatch_tax)


# Each class's fields in 0.3.0 that this version represents.
_BASE = ("parameters", "model_size", "inference_flops", "release_year")
_LM = _BASE + ("layers", "hidden_dim", "heads", "kv_heads", "head_dim", "kv_lora_rank", "qk_rope_head_dim",
               "training_ops", "training_tokens", "context_length", "vocab_size")
FIELDS = {Workload: _BASE, TransformerWorkload: _LM,
          SparseTransformerWorkload: _LM + ("active_parameters", "experts", "active_experts_per_token"),
          CNNWorkload: _BASE + ("layers",), SSMWorkload: _BASE + ("layers", "state_size", "hidden_dim"),
          DiffusionWorkload: _BASE + ("denoising_steps", "resolution"),
          EmbodiedWorkload: _BASE + ("layers", "hidden_dim")}


def rebuilt_model(w):
    cls = type(w)
    return cls(name=w.name, architecture=w.architecture, **{f: getattr(w, f) for f in FIELDS[cls]})


def test_a_rebuilt_registry_entry_is_that_entry():
    for h in (H100, Hardware.Cloud.B200, Hardware.Edge.get("JetsonOrinNX"), Hardware.Tiny.get("ESP32_S3")):
        mine = rebuilt_hardware(h)
        assert mine == h and hash(mine) == hash(h) and mine.path == "" and mine.key == h.name
        assert mine.name == h.name and mine.compute == h.compute and mine.memory == h.memory
    for w in BUILT_IN_MODELS:  # every class
        mine = rebuilt_model(w)
        assert mine == w and hash(mine) == hash(w) and type(mine) is type(w) and mine.path == ""
    # A registry entry is an instance of its class, as in 0.3.0.
    assert isinstance(Models.ResNet50, CNNWorkload) and isinstance(Models.Mixtral_8x7B, SparseTransformerWorkload)
    assert isinstance(Models.Mixtral_8x7B, TransformerWorkload) and isinstance(LLAMA, Workload)


def test_every_registry_entry_rebuilt_solves_the_same():
    for h in BUILT_IN_HARDWARE:
        mine = rebuilt_hardware(h)
        for w in (LLAMA, Models.ResNet50):
            ours, theirs = (SingleNodeModel().solve(w, x, batch_size=4).to_dict() for x in (mine, h))
            assert ours.keys() == theirs.keys()
            for k, v in theirs.items():  # a display unit may round a number by an ulp (A100's 2.039 TB/s)
                assert ours[k] == (pytest.approx(v, rel=1e-14) if isinstance(v, float) else v), (h.key, k)


def _example(spec_input):
    value = spec_input["example"]
    return json.loads(value) if spec_input["kind"] in ("integer", "number") else value


SOLVERS = [s for s in mlsysim.solvers._SPECS if any(i["kind"] in ("hardware", "model") for i in s["inputs"])]


@pytest.mark.parametrize("spec", SOLVERS, ids=lambda s: s["name"])
def test_every_solver_takes_a_user_accelerator_and_workload(spec):
    values = {i["name"]: _example(i) for i in spec["inputs"] if i["required"]}
    solve = getattr(mlsysim.solvers, spec["name"])().solve
    mine = dict(values)
    for i in spec["inputs"]:
        if i["name"] in values and i["kind"] == "hardware":
            mine[i["name"]] = rebuilt_hardware(Hardware.get(values[i["name"]]))
        elif i["name"] in values and i["kind"] == "model":
            mine[i["name"]] = rebuilt_model(Models.get(values[i["name"]]))
    assert solve(**mine).to_dict() == solve(**values).to_dict()


def test_a_user_accelerator_in_a_node_and_fleet():
    mine = rebuilt_hardware(H100)
    dgx, ib = Systems.Nodes.DGX_H100, Systems.Fabrics.InfiniBand_NDR
    node = dgx.model_copy(update={"accelerator": mine})
    assert node == dgx and node.accelerator is mine
    fleet = Fleet(name="mine", node=node, count=32, fabric=ib)
    theirs = Fleet(name="mine", node=dgx, count=32, fabric=ib)
    kw = dict(model=Models.Language.Llama3_70B, batch_size=512, tp_size=8, zero_stage=1)
    assert DistributedModel().solve(fleet=fleet, **kw) == DistributedModel().solve(fleet=theirs, **kw)
    s = mlsysim.Scenario(name="s", workload=rebuilt_model(Models.Language.Llama3_70B), system=fleet, sla_latency="5 s")
    assert s.evaluate(batch_size=256).to_dict() == s.model_copy(
        update={"system": theirs, "workload": Models.Language.Llama3_70B}).evaluate(batch_size=256).to_dict()


# The same user code in both packages, by 0.3.0's module paths: an H100 and a Llama-3 8B rebuilt field by field.
USER_CODE = r"""
import json, mlsysim, warnings
from mlsysim.hardware.types import HardwareNode, ComputeCore, MemoryHierarchy, StorageHierarchy, IOInterconnect
from mlsysim.models.types import TransformerWorkload
from mlsysim.solvers import SingleNodeModel, ServingModel
warnings.simplefilter("ignore")
h = mlsysim.Hardware.Cloud.H100
def link(l):
    return None if l is None else IOInterconnect(name=l.name, bandwidth=l.bandwidth, latency=l.latency,
                                                 direction=l.direction)
m, s = h.memory, h.storage
mine = HardwareNode(
    name=h.name, release_year=h.release_year,
    compute=ComputeCore(peak_flops=h.compute.peak_flops, precision_flops=dict(h.compute.precision_flops)),
    memory=MemoryHierarchy(capacity=m.capacity, bandwidth=m.bandwidth, l2_cache=m.l2_cache),
    storage=StorageHierarchy(capacity=s.capacity, bandwidth=s.bandwidth, latency=s.latency),
    interconnect=link(h.interconnect), nvlink=link(h.nvlink), tdp=h.tdp, unit_cost=h.unit_cost,
    embodied_carbon_kg=h.embodied_carbon_kg, dispatch_tax=h.dispatch_tax)
L = mlsysim.Models.Language.Llama3_8B
lm = TransformerWorkload(name=L.name, architecture=L.architecture, parameters=L.parameters, layers=L.layers,
                         hidden_dim=L.hidden_dim, heads=L.heads, kv_heads=L.kv_heads, inference_flops=L.inference_flops,
                         training_ops=L.training_ops, training_tokens=L.training_tokens,
                         context_length=L.context_length, vocab_size=L.vocab_size)
def numbers(model, hw):
    out = {}
    for p in ("fp16", "int8", "fp8"):
        r = SingleNodeModel().solve(model, hw, batch_size=4, precision=p)
        out["single_" + p] = [r.latency.m_as("s"), r.energy.m_as("J"), r.memory_footprint.m_as("byte"),
                              r.peak_flops_actual.m_as("flop/s"), r.throughput.m_as("1/s"), bool(r.feasible)]
    s = ServingModel().solve(model, hw, seq_len=2048, batch_size=8)
    out["serving"] = [s.ttft.m_as("s"), s.itl.m_as("s"), s.kv_cache_size.m_as("byte"),
                      s.total_memory_required.m_as("byte"), bool(s.feasible)]
    return out
print(json.dumps({"registry": numbers(L, h), "user_hardware": numbers(L, mine), "user_model": numbers(lm, h),
                  "user_both": numbers(lm, mine), "equal": [mine == h, lm == L]}))
"""


def _same(ours, ref):
    if isinstance(ref, dict):
        return ours.keys() == ref.keys() and all(_same(ours[k], v) for k, v in ref.items())
    if isinstance(ref, list):
        return len(ours) == len(ref) and all(_same(a, b) for a, b in zip(ours, ref))
    if isinstance(ref, (str, bool)):
        return ours == ref
    return ours == pytest.approx(ref, rel=1e-12)


def test_a_user_h100_and_llama_give_the_registrys_and_the_references_numbers():
    p = subprocess.run([sys.executable, "-c", USER_CODE], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    ours = json.loads(p.stdout)
    assert ours["equal"] == [True, True]
    for key in ("user_hardware", "user_model", "user_both"):
        assert ours[key] == ours["registry"], key  # to the last bit
    ref = run_in_reference(USER_CODE)
    for key, value in ref.items():
        if key != "equal":  # 0.3.0's registry H100 has fields the rebuilt one leaves out (sm_count, ...)
            assert _same(ours[key], value), (key, ours[key], value)


def test_my_accelerator_as_the_registry_file_and_the_reference_give_it(reference_on_my_accel, tmp_path):
    """test_cli's accelerator, built here with the constructor: as 0.3.0 builds it, and as the same
    entry in a registry file gives it (test_cli.MY_ACCEL, through the CLI)."""
    hw = HardwareNode(name="My Accelerator", release_year=2025,
                      compute=ComputeCore(peak_flops=Q_(100, "TFLOP/s"), precision_flops={"int8": Q_(200, "TOPS")}),
                      memory=MemoryHierarchy(capacity=Q_(24, "GiB"), bandwidth=Q_(1, "TB/s")), tdp=Q_(300, "W"))
    registry_file = tmp_path / "my_accel.yaml"
    registry_file.write_text(MY_ACCEL)
    for precision in ("fp16", "int8"):
        r = SingleNodeModel().solve(Models.Language.Llama3_8B, hw, batch_size=4, precision=precision)
        ours = dict(latency_s=r.latency.m_as("s"), energy_j=r.energy.m_as("J"),
                    memory_footprint_bytes=r.memory_footprint.m_as("byte"),
                    peak_flops_actual_flop_per_s=r.peak_flops_actual.m_as("flop/s"), feasible=r.feasible)
        from_file = solve_json("model=Llama3_8B", "hardware=MyAccel", "batch_size=4", f"precision={precision}",
                               registry=str(registry_file))
        for k, v in ours.items():
            assert from_file[k] == v, (precision, k)
        if reference_on_my_accel is not None:
            for k, v in reference_on_my_accel[precision].items():
                assert ours[k] == (v if isinstance(v, bool) else pytest.approx(v, rel=1e-9)), (precision, k)


# ------------------------------------------------------------------ fields, defaults, errors

def drone(**update):
    fields = dict(name="Drone NPU", release_year=2026, compute=ComputeCore(peak_flops="10 TFLOPs/s"),
                  memory=MemoryHierarchy(capacity="2 GB", bandwidth="50 GB/s"), tdp="10 W")
    return HardwareNode(**{**fields, **update})


def test_fields_defaults_and_quantities():
    hw = drone()
    assert hw.dispatch_tax == Q_(0.01, "ms") and hw.storage is None and hw.interconnect is None and hw.nvlink is None
    assert (hw.unit_cost, hw.battery_capacity, hw.accelerator_count, hw.embodied_carbon_kg) == (None,) * 4
    assert hw.compute.peak_flops == Q_(10, "TFLOPs/s") and hw.compute.precision_flops == {}
    assert hw.memory.capacity == Q_(2, "GB") and hw.memory.bandwidth == Q_(50, "GB/s") and hw.tdp == Q_(10, "W")
    assert hw.source.kind == "user" and hw.ridge_point().magnitude == pytest.approx(200)
    with pytest.raises(ValueError, match="unknown hardware 'Drone NPU'"):  # built aside: not in the registry
        mlsysim._core.hardware("Drone NPU")
    # Quantities, text, a part as a dict of its fields (as pydantic takes it) and 0.3.0's defaults given explicitly.
    same = HardwareNode(name="Drone NPU", release_year=2026, compute={"peak_flops": Q_(10e12, "flop/s")},
                        memory=MemoryHierarchy(capacity=Q_(2e9, "byte"), bandwidth=Q_(400, "Gbit/s")),
                        tdp=Q_(0.01, "kW"), dispatch_tax="10 us", tdp_min=None, mig_profiles=None)
    assert same == hw
    link = IOInterconnect(name="NVLink", bandwidth="900 GB/s", direction="bidirectional_total")
    assert link.bandwidth_per_direction == Q_(450, "GB/s")
    assert IOInterconnect(name="x", bandwidth="1 GB/s").latency is None
    cnn = CNNWorkload(name="Custom Vision Model", architecture="CNN", parameters="50 Mparam",
                      inference_flops="10 Gflop")
    assert (cnn.parameters, cnn.inference_flops, cnn.layers, cnn.kind) == (Q_(50e6, "param"), Q_(1e10, "flop"), None,
                                                                           "cnn")
    assert cnn.lower("fp16").weight_bytes == Q_(100e6, "byte") and cnn.size_in_bytes("int8") == Q_(50, "MB")
    moe = SparseTransformerWorkload(name="MoE", architecture="MoE", parameters="47 Bparam", layers=32,
                                    active_parameters="13 Bparam", experts=8)
    assert moe.active_experts_per_token == 1 and isinstance(moe, TransformerWorkload)
    assert repr(moe) == "SparseTransformerWorkload(MoE, MoE, 47,000,000,000 params)"
    for w in (SSMWorkload(name="s", architecture="SSM", parameters="2.8 Bparam", layers=64, state_size=16,
                          hidden_dim=2560),
              DiffusionWorkload(name="d", architecture="UNet", parameters="860 Mparam", denoising_steps=50,
                                resolution=512),
              EmbodiedWorkload(name="e", architecture="VLA", parameters="7 Bparam", observation_horizon=1),
              Workload(name="w", architecture="DLRM", model_size="100 GB")):
        assert SingleNodeModel().solve(w, H100).latency.magnitude > 0
    sized = Workload(name="w", architecture="DLRM", model_size="100 GB")
    assert sized.model_size == Q_(100, "GB") and sized.parameters is None
    # 0.3.0's metadata is kept, and its provenance is the entry's source.
    meta = {"provenance": {"kind": "datasheet", "ref": "Vendor brief", "url": "https://example.com"},
            "description": "what-if"}
    src = drone(metadata=meta).source
    assert (src.kind, src.ref, src.url, src.notes) == ("datasheet", "Vendor brief", "https://example.com", "what-if")
    assert drone(metadata=meta).metadata is meta


def test_import_paths_of_the_reference():
    from mlsysim.hardware import types as hardware_types
    from mlsysim.models import types as model_types
    assert hardware_types.HardwareNode is HardwareNode and hardware_types.IOInterconnect is IOInterconnect
    assert model_types.CNNWorkload is CNNWorkload and model_types.TransformerWorkload is TransformerWorkload
    assert __import__("mlsysim.hardware.types", fromlist=["ComputeCore"]).ComputeCore is ComputeCore
    assert __import__("mlsysim.models.types", fromlist=["SSMWorkload"]).SSMWorkload is SSMWorkload
    assert mlsysim.hardware.HardwareNode is HardwareNode  # 0.3.0 exports it here, and not at the top level


C, M = ComputeCore(peak_flops="10 TFLOPs/s"), MemoryHierarchy(capacity="2 GB", bandwidth="50 GB/s")


def lm(**update):
    return TransformerWorkload(**{**dict(name="lm", architecture="Transformer", parameters="8 Bparam", layers=32),
                                  **update})


@pytest.mark.parametrize("build,error,message", [
    (lambda: MemoryHierarchy(capacity="2 GB", bandwidth="-50 GB/s"), ValueError,
     "MemoryHierarchy: bandwidth: must be positive, got '-50 GB/s'"),
    (lambda: MemoryHierarchy(capacity="0 GB", bandwidth="50 GB/s"), ValueError,
     "MemoryHierarchy: capacity: must be positive, got '0 GB'"),
    (lambda: MemoryHierarchy(capacity="2 GB", bandwith="50 GB/s"), TypeError,
     "MemoryHierarchy: unknown field 'bandwith'; did you mean 'bandwidth'?"),
    (lambda: MemoryHierarchy(capacity="2 GB"), TypeError, "MemoryHierarchy: missing required field bandwidth"),
    (lambda: MemoryHierarchy(capacity="2 GB/s", bandwidth="50 GB/s"), ValueError,
     "MemoryHierarchy: capacity must be a data size such as '2 GB', got '2 GB/s'"),
    (lambda: MemoryHierarchy(capacity="2 GB", bandwidth="5 GHz"), ValueError,
     "MemoryHierarchy: bandwidth must be a data rate such as '50 GB/s', got '5 GHz'"),
    (lambda: MemoryHierarchy(capacity="2 GB", bandwidth=Q_(5, "TFLOPs/s")), ValueError,
     "MemoryHierarchy: bandwidth must be a data rate"),
    (lambda: MemoryHierarchy(capacity="2 GB", bandwidth="50 GB/s", hbm_stacks=5), TypeError,
     "MemoryHierarchy: hbm_stacks is a field of MLSys·im 0.3.0 that this version cannot represent"),
    (lambda: MemoryHierarchy(capacity="2 parsecs", bandwidth="50 GB/s"), ValueError,
     "MemoryHierarchy: capacity must be a data size"),
    (lambda: MemoryHierarchy(capacity="2 GBB", bandwidth="50 GB/s"), ValueError,
     "MemoryHierarchy: capacity: cannot read '2 GBB' as a data size"),
    (lambda: ComputeCore(peak_flops=10e12), ValueError,
     "ComputeCore: peak_flops needs a unit (e.g. '10 TFLOPs/s'), got 10000000000000.0"),
    (lambda: ComputeCore(peak_flops="10e12"), ValueError, "ComputeCore: peak_flops needs a unit"),
    (lambda: ComputeCore(peak_flops="10 GB/s"), ValueError, "ComputeCore: peak_flops must be a compute rate"),
    (lambda: ComputeCore(peak_flops="0 TFLOPs/s"), ValueError, "ComputeCore: peak_flops: must be positive"),
    (lambda: ComputeCore(peak_flops=[1]), TypeError, "ComputeCore: peak_flops must be a compute rate"),
    (lambda: ComputeCore(peak_flops="1 TFLOPs/s", precision_flops={"fp9": "2 TFLOPs/s"}), ValueError,
     "ComputeCore: precision_flops.fp9: unknown precision; did you mean 'fp8'?"),
    (lambda: ComputeCore(peak_flops="1 TFLOPs/s", precision_flops={"int8": 200}), ValueError,
     "ComputeCore: precision_flops['int8'] needs a unit"),
    (lambda: ComputeCore(peak_flops="1 TFLOPs/s", precision_flops=["int8"]), TypeError,
     "ComputeCore: precision_flops must be a dict"),
    (lambda: ComputeCore(peak_flops="1 TFLOPs/s", clock_rate="1.4 GHz"), TypeError,
     "ComputeCore: clock_rate is a field of MLSys·im 0.3.0 that this version cannot represent"),
    (lambda: ComputeCore("1 TFLOPs/s"), TypeError, "ComputeCore takes its fields as keywords"),
    (lambda: StorageHierarchy(capacity="2 TB", bandwidth="7 GB/s", latency="5 GB"), ValueError,
     "StorageHierarchy: latency must be a time"),
    (lambda: IOInterconnect(name="x", bandwidth="1 GB/s", direction="both"), ValueError,
     "IOInterconnect: direction must be 'per_direction' or 'bidirectional_total', got 'both'"),
    (lambda: IOInterconnect(bandwidth="1 GB/s"), TypeError, "IOInterconnect: missing required field name"),
    (lambda: drone(tdp="10 ms"), ValueError, "HardwareNode: tdp must be a power such as '10 W', got '10 ms'"),
    (lambda: drone(tdp=10), ValueError, "HardwareNode: tdp needs a unit (e.g. '10 W'), got 10"),
    (lambda: drone(tdp="-10 W"), ValueError, "HardwareNode: tdp: must be positive, got '-10 W'"),
    (lambda: drone(dispatch_tax=0.5), ValueError, "HardwareNode: dispatch_tax needs a unit (e.g. '0.5 ms')"),
    (lambda: drone(dispatch_tax="20 s"), ValueError, "HardwareNode: dispatch_tax: 20.0 s is not a kernel launch"),
    (lambda: drone(unit_cost="30000 GB"), ValueError, "HardwareNode: unit_cost must be a cost such as '30000 USD'"),
    (lambda: drone(battery_capacity="15 W"), ValueError,
     "HardwareNode: battery_capacity must be an energy such as '15 Wh', got '15 W'"),
    (lambda: drone(release_year=1800), ValueError,
     "HardwareNode: release_year: 1800 is outside the plausible range [1900, 2100]"),
    (lambda: drone(release_year="2026"), TypeError, "HardwareNode: release_year must be a whole number, got '2026'"),
    (lambda: drone(release_year=True), TypeError, "HardwareNode: release_year must be a whole number, got True"),
    (lambda: drone(release_year=10**400), ValueError, "HardwareNode: release_year must be within +-9e15"),
    (lambda: drone(accelerator_count=0), ValueError, "HardwareNode: accelerator_count: 0 is outside the plausible"),
    (lambda: drone(embodied_carbon_kg="5 kg"), TypeError, "HardwareNode: embodied_carbon_kg must be a number"),
    (lambda: drone(name=5), TypeError, "HardwareNode: name must be text, got 5"),
    (lambda: drone(compute=5), TypeError, "HardwareNode: compute must be a ComputeCore (or a dict of its fields)"),
    (lambda: drone(compute={"peak_flop": "1 TFLOPs/s"}), TypeError,
     "ComputeCore: unknown field 'peak_flop'; did you mean 'peak_flops'?"),
    (lambda: drone(tpd="10 W"), TypeError, "HardwareNode: unknown field 'tpd'; did you mean 'tdp'?"),
    (lambda: drone(die_area="814 mm**2"), TypeError,
     "HardwareNode: die_area is a field of MLSys·im 0.3.0 that this version cannot represent"),
    (lambda: drone(mig_profiles=()), TypeError, "HardwareNode: mig_profiles is a field of MLSys·im 0.3.0"),
    (lambda: drone(metadata={"provenanse": {}}), TypeError, "HardwareNode: metadata: unknown field 'provenanse'"),
    (lambda: HardwareNode(name="x", release_year=2026, compute=C), TypeError,
     "HardwareNode: missing required field memory"),
    (lambda: HardwareNode("x", 2026, C, M), TypeError, "HardwareNode takes its fields as keywords"),
    (lambda: CNNWorkload(name="c", architecture="CNN", parameters=50e6, inference_flops="10 Gflop"), ValueError,
     "CNNWorkload: parameters needs a unit (e.g. '50 Mparam'), got 50000000.0"),
    (lambda: CNNWorkload(name="c", architecture="CNN", parameters="50 MB", inference_flops="10 Gflop"), ValueError,
     "CNNWorkload: parameters must be a count such as '50 Mparam', got '50 MB'"),
    (lambda: CNNWorkload(name="c", architecture="CNN", parameters="50 Mparam", inference_flops="10 TFLOPs/s"),
     ValueError, "CNNWorkload: inference_flops must be an operation count such as '10 Gflop'"),
    (lambda: CNNWorkload(name="c", architecture="CNN", parameters="50 Mparam"), TypeError,
     "CNNWorkload: missing required field inference_flops"),
    (lambda: CNNWorkload(name="c", architecture="CNN", parameters="50 Mparam", inference_flops="1 Gflop", heads=8),
     TypeError, "CNNWorkload: unknown field 'heads'"),
    (lambda: CNNWorkload(name="c", architecture="CNN", parameters="5 Mparam", inference_flops="1 Gflop",
                         width_multiplier=0.5), TypeError,
     "CNNWorkload: width_multiplier is a field of MLSys·im 0.3.0"),
    (lambda: CNNWorkload(name="c", parameters="5 Mparam", inference_flops="1 Gflop"), TypeError,
     "CNNWorkload: missing required field architecture"),
    (lambda: lm(parameters="-8 Bparam"), ValueError, "TransformerWorkload: parameters: must be positive"),
    (lambda: lm(layers=0), ValueError, "TransformerWorkload: layers: 0 is outside the plausible range [1, 1e+06]"),
    (lambda: lm(layers=2.5), ValueError, "TransformerWorkload: layers must be a whole number, got 2.5"),
    (lambda: lm(layers=None), TypeError, "TransformerWorkload: missing required field layers"),
    (lambda: lm(training_tokens="15 GB"), ValueError, "TransformerWorkload: training_tokens must be a token count"),
    (lambda: lm(training_co2e="500 t"), TypeError, "TransformerWorkload: training_co2e is a field of MLSys·im 0.3.0"),
    (lambda: lm(experts=8), TypeError, "TransformerWorkload: unknown field 'experts'"),
    (lambda: Workload(name="w", architecture="x"), ValueError,
     "Workload: parameters: a model needs 'parameters' or 'model_size'"),
    (lambda: SparseTransformerWorkload(name="m", architecture="MoE", parameters="47 Bparam", layers=32, experts=8),
     TypeError, "SparseTransformerWorkload: missing required field active_parameters"),
    (lambda: EmbodiedWorkload(name="e", architecture="VLA", parameters="7 Bparam", observation_horizon=2), TypeError,
     "EmbodiedWorkload: observation_horizon is a field of MLSys·im 0.3.0"),
])
def test_a_bad_field_is_one_clear_error(build, error, message):
    with pytest.raises(error) as e:
        build()
    assert type(e.value) is error and message in str(e.value) and "\n" not in str(e.value), str(e.value)


def test_model_copy():
    hw = drone()
    fast = hw.model_copy(update={"memory": hw.memory.model_copy(update={"bandwidth": "100 GB/s"})})
    assert fast.memory.bandwidth == Q_(100, "GB/s") and fast.memory.capacity == hw.memory.capacity
    assert fast.compute is hw.compute and fast.tdp == hw.tdp and hw.memory.bandwidth == Q_(50, "GB/s")
    assert hw.model_copy() == hw and hw.model_copy() is not hw
    # A registry entry's copy is a user's own, with the rest of the entry's fields.
    doubled = H100.model_copy(update={"compute": H100.compute.model_copy(
        update={"peak_flops": H100.compute.peak_flops * 2})})
    assert doubled.path == "" and doubled.name == H100.name and doubled.nvlink == H100.nvlink
    assert (doubled.source.kind, doubled.source.ref) == (H100.source.kind, H100.source.ref)  # its provenance
    assert doubled.compute.peak_flops == 2 * H100.compute.peak_flops and doubled != H100
    assert SensitivitySolver().solve(LLAMA, doubled).baseline_latency.magnitude > 0
    bigger = LLAMA.model_copy(update={"layers": 64})
    assert type(bigger) is TransformerWorkload and bigger.layers == 64 and bigger.parameters == LLAMA.parameters
    with pytest.raises(ValueError, match="HardwareNode.model_copy: unknown field 'tpd'; did you mean 'tdp'"):
        hw.model_copy(update={"tpd": "5 W"})
    with pytest.raises(ValueError, match="HardwareNode: tdp: must be positive"):  # checked again
        hw.model_copy(update={"tdp": "0 W"})


def _hardware_of_locals(tdp="300 W"):
    """Everything the accelerator is built from is a local of this function, gone when it returns."""
    compute = ComputeCore(peak_flops="100 TFLOPs/s", precision_flops={"int8": "200 TOPS"})
    memory = MemoryHierarchy(capacity="24 GiB", bandwidth="1 TB/s")
    return HardwareNode(name="Local Accelerator", release_year=2025, compute=compute, memory=memory, tdp=tdp)


def _model_of_locals():
    return TransformerWorkload(name="Local LM", architecture="Transformer", parameters="8 Bparam", layers=32,
                               hidden_dim=4096, heads=32, kv_heads=8)


def test_an_entry_outlives_what_it_was_built_from():
    expected = SingleNodeModel().solve(_model_of_locals(), _hardware_of_locals(), batch_size=4)
    hw, w = _hardware_of_locals(), _model_of_locals()
    gc.collect()
    assert SingleNodeModel().solve(w, hw, batch_size=4) == expected
    # Only the C++ records are left.
    hw_core, w_core, compute = _hardware_of_locals()._core, _model_of_locals()._core, _hardware_of_locals().compute
    gc.collect()
    junk = [MemoryHierarchy(capacity=f"{i + 1} GB", bandwidth="1 GB/s") for i in range(200)]  # reuse freed memory
    assert SingleNodeModel().solve(w_core, hw_core, batch_size=4) == expected and len(junk) == 200
    assert compute.peak_flops == Q_(100, "TFLOPs/s") and compute.precision_flops == {"int8": Q_(200, "TOPS")}
    # A node and a fleet keep the accelerator they were built on.
    fleet = Fleet(name="f", node=Node(name="n", accelerator=_hardware_of_locals(), accelerators_per_node=8,
                                      intra_node_bw="900 GB/s"), count=4, fabric="InfiniBand_NDR")
    gc.collect()
    junk = [drone(tdp=f"{i + 1} W") for i in range(50)]
    assert fleet.node.accelerator.name == "Local Accelerator" and fleet._core.node.accelerator.tdp_w == 300
    r = DistributedModel().solve(_model_of_locals(), fleet._core, batch_size=64, tp_size=8)
    assert r.node_profile.latency.magnitude > 0 and len(junk) == 50
    scenario = mlsysim.Scenario(name="s", workload=_model_of_locals(), system=_hardware_of_locals(), sla_latency="1 s")
    gc.collect()
    assert scenario.evaluate().performance.status == "PASS"


def test_sweep_search_and_pickling():
    mine, lm = rebuilt_hardware(H100), rebuilt_model(LLAMA)
    s = mlsysim.sweep(model=lm, hardware=[mine, H100], batch_size=[1, 8])
    assert (s["latency_s"][0] == s["latency_s"][1]).all() and s.coords["hardware"] == ["NVIDIA H100", "H100"]
    grid = {"hardware": [_hardware_of_locals(), mine, "A100"], "batch_size": [1, 8, 64]}
    fixed = {"model": lm}
    found = mlsysim.search("SingleNodeModel", grid, fixed=fixed, minimize="latency_s")
    assert found.best["hardware"] is mine and found.best_result.latency.magnitude > 0
    for entry in (mine, lm, _hardware_of_locals(), drone().compute, drone().memory,
                  rebuilt_hardware(Hardware.Cloud.B200).nvlink, rebuilt_hardware(H100).storage):
        assert pickle.loads(pickle.dumps(entry)) == entry
    for entry in (Hardware.Cloud.H100, Models.Language.Llama3_8B):  # a registry entry by its path
        assert pickle.loads(pickle.dumps(entry)) is entry
    with ProcessPoolExecutor(1) as pool:  # the grid goes to another process by pickle
        there = mlsysim.search("SingleNodeModel", grid, fixed=fixed, minimize="latency_s", executor=pool)
    assert (there.objective == found.objective).all() and there.best == found.best
