"""The Python package: registry namespaces, quantities, solvers, errors, user registries."""

import math

import mlsysim
import pytest
from mlsysim.solvers import Engine as EngineFromSolvers
from mlsysim.solvers import SingleNodeModel as SingleNodeModelFromSolvers

# --- namespaces ---------------------------------------------------------------

def test_paths_and_shortcuts_name_the_same_entries():
    assert mlsysim.Hardware.Cloud.A100.name == "NVIDIA A100"
    assert mlsysim.Hardware.A100 == mlsysim.Hardware.Cloud.A100
    assert mlsysim.Models.ResNet50 == mlsysim.Models.Vision.ResNet50
    assert mlsysim.Models.Language.Llama3_8B.name == "Llama-3.1-8B"
    assert mlsysim.Infrastructure.Grids.Quebec.carbon_intensity_g_kwh == 20.0
    assert mlsysim.Systems.Nodes.DGX_H100.accelerator == mlsysim.Hardware.Cloud.H100
    assert mlsysim.Systems.Fabrics.InfiniBand_NDR.name == "IB NDR"
    assert mlsysim.Systems.Clusters.Frontier_8K.total_accelerators == 8192


def test_dir_lists_categories_and_entries():
    assert {"Cloud", "Edge", "Mobile", "Tiny", "Workstation", "A100"} <= set(dir(mlsysim.Hardware))
    assert {"A100", "H100", "B200"} <= set(dir(mlsysim.Hardware.Cloud))
    assert {"Language", "Vision", "ResNet50"} <= set(dir(mlsysim.Models))
    assert {"Grids"} <= set(dir(mlsysim.Infrastructure))
    assert {"Nodes", "Fabrics", "Clusters"} <= set(dir(mlsysim.Systems))


def test_embodied_hardware_is_the_edge_category():
    assert mlsysim.Hardware.Embodied is mlsysim.Hardware.Edge


def test_get_ignores_case_and_accepts_display_names():
    assert mlsysim.Hardware.get("a100") == mlsysim.Hardware.Cloud.A100
    assert mlsysim.Hardware.Cloud.get("nvidia h100") == mlsysim.Hardware.Cloud.H100
    assert mlsysim.Models.get("resnet50") == mlsysim.Models.Vision.ResNet50


def test_a_miss_suggests_close_names():
    with pytest.raises(AttributeError, match=r"did you mean 'A100'"):
        mlsysim.Hardware.Cloud.A10O
    with pytest.raises(AttributeError, match=r"ResNet50"):
        mlsysim.Models.get("Resnet5")


def test_list_returns_every_entry_below():
    cloud = mlsysim.Hardware.Cloud.list()
    assert mlsysim.Hardware.Cloud.A100 in cloud
    assert len(mlsysim.Hardware.list()) >= len(cloud) + len(mlsysim.Hardware.Tiny.list())
    assert all(entry.path.startswith("Models.") for entry in mlsysim.Models.list())


# --- quantities -----------------------------------------------------------------

def test_hardware_numbers_are_quantities_in_the_right_units():
    h100 = mlsysim.Hardware.Cloud.H100
    assert h100.memory.capacity.to("GiB").magnitude == 80
    assert h100.memory.capacity.m_as("GB") == pytest.approx(85.89934592, rel=1e-12)
    assert h100.memory.bandwidth.m_as("TB/s") == pytest.approx(3.35, rel=1e-12)
    assert h100.compute.peak_flops.m_as("TFLOPs/s") == pytest.approx(989.0, rel=1e-12)
    assert h100.compute.precision_flops["fp32"].m_as("TFLOP/s") == pytest.approx(67.0, rel=1e-12)
    assert h100.tdp.m_as("W") == 700
    assert h100.ridge_point().m_as("flop/byte") == pytest.approx(989e12 / 3.35e12, rel=1e-12)
    assert h100.nvlink.bandwidth_per_direction.m_as("GB/s") == pytest.approx(450.0)


def test_model_numbers_are_quantities():
    llama = mlsysim.Models.Language.Llama3_8B
    assert llama.parameters.m_as("param") == 8.03e9
    assert llama.inference_flops.m_as("GFLOP") == pytest.approx(16.06)
    assert (llama.layers, llama.hidden_dim, llama.heads, llama.kv_heads) == (32, 4096, 32, 8)
    graph = llama.lower("fp16")
    assert graph.weight_bytes.m_as("GB") == pytest.approx(16.06)
    assert graph.arithmetic_intensity.m_as("flop/byte") == pytest.approx(1.0)


def test_units_registry_keeps_decimal_and_binary_apart():
    Q_ = mlsysim.Q_
    assert Q_(1, "GiB").m_as("byte") == 2**30
    assert Q_(1, "GB").m_as("byte") == 1e9
    assert Q_(1, "TOPS").m_as("TFLOPs/s") == 1
    assert Q_(8, "Gbps").m_as("GB/s") == pytest.approx(1.0)
    with pytest.raises(Exception, match="Cannot convert"):
        Q_(1, "TFLOP/s").to("GB/s")


# --- solvers --------------------------------------------------------------------

def test_tg01_resnet50_on_a100():
    profile = mlsysim.SingleNodeModel().solve(mlsysim.Models.Vision.ResNet50, mlsysim.Hardware.Cloud.A100,
                                              batch_size=1, precision="fp16", efficiency=0.5)
    assert profile.feasible
    assert profile.bottleneck == "Compute"
    assert str(profile.bottleneck) == "Compute Bound"
    assert profile.latency.m_as("ms") == pytest.approx(0.5675641025641026, rel=1e-9)
    assert profile.throughput.m_as("1/s") == pytest.approx(1761.915518409758, rel=1e-9)
    assert profile.constraint_trace == [
        "Memory Wall: Passed. Required 0.051114064 GB <= Available 85.89934592 GB on NVIDIA A100."]


def test_ex01_llama3_8b_on_h100_defaults():
    profile = mlsysim.Engine.solve(model=mlsysim.Models.Language.Llama3_8B, hardware=mlsysim.Hardware.Cloud.H100)
    assert profile.latency.m_as("s") == pytest.approx(0.005603432835820896, rel=1e-9)
    assert profile.bottleneck == "Memory"
    assert f"{profile.bottleneck}" == "Memory Bound"


def test_names_work_in_place_of_entries():
    by_name = mlsysim.Engine.solve("ResNet50", "A100")
    by_entry = mlsysim.Engine.solve(mlsysim.Models.ResNet50, mlsysim.Hardware.A100)
    assert by_name.to_dict() == by_entry.to_dict()


def test_solver_classes_are_importable_from_both_places():
    assert mlsysim.SingleNodeModel is SingleNodeModelFromSolvers
    assert mlsysim.Engine is EngineFromSolvers


def test_to_dict_uses_si_keys():
    record = mlsysim.Engine.solve("ResNet50", "A100").to_dict()
    assert record["latency_s"] == pytest.approx(0.5675641025641026e-3, rel=1e-9)
    assert record["bottleneck"] == "compute"
    assert record["memory_footprint_bytes"] == 51114064.0


def test_training_keywords_pass_through():
    profile = mlsysim.SingleNodeModel().solve("Llama3_8B", "H100", is_training=True, seq_len=1024, zero_stage=3,
                                              dp_size=8)
    assert profile.memory_footprint.m_as("byte") > 0
    with pytest.raises(TypeError, match="seq_length"):
        mlsysim.SingleNodeModel().solve("Llama3_8B", "H100", seq_length=1024)


def test_missing_precision_rate_warns_at_the_callers_line():
    with pytest.warns(UserWarning, match="int4") as caught:
        mlsysim.Engine.solve("ResNet50", "A100", precision="int4")
    with pytest.warns(UserWarning, match="int4") as caught_too:
        mlsysim.SingleNodeModel().solve("ResNet50", "A100", precision="int4")
    assert caught[0].filename == caught_too[0].filename == __file__


@pytest.mark.parametrize("kwargs, message", [
    ({"batch_size": 0}, "batch_size"),
    ({"efficiency": 1.5}, "efficiency"),
    ({"efficiency": math.nan}, "efficiency"),
    ({"precision": "fp64"}, "fp32, tf32, bf16, fp16, fp8, int8, int4"),
    ({"batch_size": 1.5}, "batch_size must be a whole number"),
    ({"batch_size": 2**40}, "batch_size must be at most"),
    ({"batch_size": 2**70}, "batch_size must be at most"),
    ({"efficiency": math.inf}, "efficiency must be a finite number"),
    ({"is_training": True, "zero_stage": 4}, "zero_stage must be in \\[0, 3\\]"),
    ({"precision": "fp\udcff"}, "precision"),  # a lone surrogate: not valid text
])
def test_bad_input_raises_value_error(kwargs, message):
    with pytest.raises(ValueError, match=message):
        mlsysim.Engine.solve("ResNet50", "A100", **kwargs)


@pytest.mark.parametrize("kwargs, message", [
    ({"precision": None}, "precision must be text"),
    ({"precision": 16}, "precision must be text"),
    ({"batch_size": "8"}, "batch_size must be a whole number, got '8'"),
    ({"batch_size": True}, "batch_size must be a whole number, got True"),
    ({"batch_size": None}, "batch_size must be a whole number"),
    ({"efficiency": "high"}, "efficiency must be a number"),
    ({"efficiency": True}, "efficiency must be a number"),
    ({"is_training": "false"}, "is_training must be True or False, got 'false'"),
    ({"is_training": 0}, "is_training must be True or False"),
    ({"raise_errors": "yes"}, "raise_errors must be True or False"),
    ({"model": 3}, "model must be a Workload or a registry name, got 3"),
    ({"hardware": ["A100"]}, "hardware must be a HardwareNode or a registry name"),
])
def test_wrong_types_raise_type_error(kwargs, message):
    args = {"model": "ResNet50", "hardware": "A100", **kwargs}
    with pytest.raises(TypeError, match=message) as caught:
        mlsysim.Engine.solve(**args)
    assert "\n" not in str(caught.value)


def test_numpy_numbers_are_numbers():
    np = pytest.importorskip("numpy")
    a = mlsysim.Engine.solve("ResNet50", "A100", batch_size=np.int64(8), efficiency=np.float32(0.5),
                             is_training=np.bool_(False))
    b = mlsysim.Engine.solve("ResNet50", "A100", batch_size=8, efficiency=float(np.float32(0.5)))
    assert a.to_dict() == b.to_dict()
    assert mlsysim.Engine.solve("ResNet50", "A100", batch_size=8.0).to_dict() == \
        mlsysim.Engine.solve("ResNet50", "A100", batch_size=8).to_dict()


def test_bottleneck_compares_to_what_it_prints():
    p = mlsysim.Engine.solve("ResNet50", "A100")
    assert p.bottleneck == "Compute" and p.bottleneck == "Compute Bound" and p.bottleneck == "compute bound"
    assert p.bottleneck != "Memory" and p.bottleneck != "Memory Bound"
    assert str(p.bottleneck) == "Compute Bound" and f"{p.bottleneck}" == "Compute Bound"


def test_unknown_model_name_suggests():
    with pytest.raises(ValueError, match="did you mean 'ResNet50'"):
        mlsysim.Engine.solve("ResNet5O", "A100")


def test_oom_is_a_result_unless_errors_are_asked_for():
    profile = mlsysim.Engine.solve("Llama3_70B", "A100")
    assert not profile.feasible
    assert profile.offload_spill_bytes.m_as("byte") > 0
    assert "FAILED" in profile.constraint_trace[0]
    with pytest.raises(mlsysim.OOMError) as caught:
        mlsysim.Engine.solve("Llama3_70B", "A100", raise_errors=True)
    assert isinstance(caught.value, RuntimeError)
    assert caught.value.required_bytes > caught.value.available_bytes
    assert caught.value.available_bytes.m_as("GiB") == 80


def test_sweep_skips_points_that_do_not_fit():
    rows = mlsysim.Engine.sweep(mlsysim.Models.Language.Llama3_70B,
                                [mlsysim.Hardware.Cloud.A100, mlsysim.Hardware.Cloud.H200],
                                batch_sizes=[1, 8], precisions=["fp16", "int8"])
    hardware = {row["hardware"] for row in rows}
    assert "NVIDIA A100" not in {r["hardware"] for r in rows if r["precision"] == "fp16"}
    assert "NVIDIA H200" in hardware
    assert all(row["profile"].feasible for row in rows)
    assert {row["batch_size"] for row in rows} == {1, 8}


def test_sweep_defaults_to_batch_1_fp16():
    rows = mlsysim.Engine.sweep("ResNet50", ["A100"])
    assert [(r["hardware"], r["batch_size"], r["precision"]) for r in rows] == [("NVIDIA A100", 1, "fp16")]


def test_solve_record_matches_the_python_solver():
    record = mlsysim.solve_record("SingleNodeModel", model="Llama3_8B", hardware=mlsysim.Hardware.Cloud.H100,
                                  batch_size=4, is_training=False)
    assert record == mlsysim.Engine.solve("Llama3_8B", "H100", batch_size=4).to_dict()
    raw = mlsysim._core.solve("Engine.solve", {"model": "ResNet50", "hardware": "A100"}).to_record()
    assert raw["latency_s"] == pytest.approx(0.5675641025641026e-3, rel=1e-9)
    with pytest.raises(TypeError, match="batch_sizes.*did you mean 'batch_size'"):
        mlsysim.solve_record("SingleNodeModel", model="ResNet50", hardware="A100", batch_sizes=2)
    with pytest.raises(ValueError, match="needs hardware="):
        mlsysim.solve_record("SingleNodeModel", model="ResNet50")


# --- user registries ------------------------------------------------------------

GOOD_REGISTRY = """\
hardware:
  TestChip_X1:
    name: Test Chip X1
    release_year: 2030
    compute:
      peak_flops: 100 TFLOP/s
    memory:
      capacity: 16 GiB
      bandwidth: 1 TB/s
    tdp: 200 W
    source: {kind: datasheet, ref: "Test Chip X1 datasheet (made up for this test)"}
models:
  TestNet_Tiny:
    type: cnn
    name: TestNet Tiny
    parameters: 1000000
    inference_flops: 2000000000
    layers: 10
    source: {kind: literature, ref: "TestNet paper (made up for this test)"}
"""


def test_load_registry_adds_entries_to_the_namespaces(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD_REGISTRY)
    mlsysim.load_registry(path)
    chip = mlsysim.Hardware.TestChip_X1
    assert chip is mlsysim.Hardware.get("test chip x1")
    assert chip.memory.capacity.to("GiB").magnitude == 16
    assert "TestChip_X1" in dir(mlsysim.Hardware)
    profile = mlsysim.Engine.solve(mlsysim.Models.TestNet_Tiny, chip)
    assert profile.latency_compute.m_as("s") == pytest.approx(2e9 / (100e12 * 0.5))
    assert mlsysim.Engine.solve("TestNet_Tiny", "TestChip_X1").to_dict() == profile.to_dict()
    assert mlsysim.Hardware.Cloud.A100.name == "NVIDIA A100"  # built-ins are still there


def test_a_malformed_registry_names_file_entry_and_field(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(GOOD_REGISTRY.replace("bandwidth: 1 TB/s", "bandwidth: 1 parsecs").replace("X1", "X2"))
    with pytest.raises(ValueError) as caught:
        mlsysim.load_registry(path)
    message = str(caught.value)
    assert "broken.yaml" in message and "TestChip_X2" in message and "bandwidth" in message
    with pytest.raises(AttributeError):
        mlsysim.Hardware.TestChip_X2  # nothing from the bad file was added


def test_load_registry_rejects_a_missing_file(tmp_path):
    with pytest.raises(ValueError, match="cannot be read"):
        mlsysim.load_registry(tmp_path / "missing.json")


def test_version():
    assert mlsysim.__version__ == "0.1.0"
