"""The Python classes generated from the solver descriptions: one per solver, the reference's
signatures, lazy results, the same data as `mlsysim solve --describe`."""

import inspect
import json
import subprocess
import sys

import mlsysim
import mlsysim.solvers
import pytest

SPECS = mlsysim._core.solver_specs()
NAMES = [s["name"] for s in SPECS]


@pytest.mark.parametrize("spec", SPECS, ids=NAMES)
def test_every_solver_is_a_class_in_both_places(spec):
    cls = getattr(mlsysim, spec["name"])
    assert cls is getattr(mlsysim.solvers, spec["name"])
    assert spec["name"] in mlsysim.__all__ and spec["name"] in mlsysim.solvers.__all__
    exec(f"from mlsysim import {spec['name']}\nfrom mlsysim.solvers import {spec['name']}", {})


@pytest.mark.parametrize("spec", SPECS, ids=NAMES)
def test_signature_is_the_descriptions(spec):
    params = list(inspect.signature(getattr(mlsysim, spec["name"])().solve).parameters.values())
    assert [p.name for p in params] == [i["name"] for i in spec["inputs"]]
    for p, i in zip(params, spec["inputs"]):
        if i["required"]:
            assert p.default is inspect.Parameter.empty, p.name
        else:
            assert p.default == i["default"] and type(p.default) is type(i["default"]), p.name
    doc = getattr(mlsysim, spec["name"]).solve.__doc__
    for i in spec["inputs"]:
        assert f"{i['name']} :" in doc and i["help"] in doc


def test_single_node_signature_matches_the_reference():
    sig = inspect.signature(mlsysim.SingleNodeModel().solve)
    assert str(sig).startswith("(model: 'Workload', hardware: 'HardwareNode', batch_size: 'int' = 1, "
                               "precision: 'str' = 'fp16', efficiency: 'float' = 0.5, raise_errors: 'bool' = False")
    assert list(inspect.signature(mlsysim.Engine.solve).parameters) == [i["name"] for i in SPECS[0]["inputs"]]
    assert mlsysim.Engine.solve.__qualname__ == "Engine.solve"


def _typed(kind, text):
    """A required input's example (written for the CLI) as a Python value."""
    return int(text) if kind == "integer" else float(text) if kind in ("number", "quantity") else text


def _example(spec):
    return {i["name"]: _typed(i["kind"], i["example"]) for i in spec["inputs"] if i["required"]}


@pytest.mark.parametrize("spec", SPECS, ids=NAMES)
def test_result_has_every_field_as_its_reference_attribute(spec):
    result = getattr(mlsysim, spec["name"])().solve(**_example(spec))
    assert type(result).__name__ == spec["result"]
    record = result.to_dict()
    assert list(record) == [o["key"] for o in spec["outputs"]]
    for out in spec["outputs"]:
        value = getattr(result, out["attr"])
        si = record[out["key"]]
        if out["kind"] == "number" and out["ref_unit"] and not out["display_unit"] and si is not None:
            # a plain float in the reference's unit, as 0.3.0 returns it (tco_usd, PlacementOptimizer's tonnes)
            assert isinstance(value, float), out["key"]
            assert mlsysim.Q_(value, out["ref_unit"]).m_as(out["si_unit"]) == pytest.approx(si, rel=1e-12), out["key"]
        elif out["kind"] == "number" and out["si_unit"] and si is not None:
            assert value.m_as(out["si_unit"]) == pytest.approx(si, rel=1e-12), out["key"]
            if out["display_unit"]:
                assert value.units == mlsysim.ureg.Unit(out["display_unit"]), out["key"]
        elif out["kind"] == "number" and si is not None:
            assert value == si
    assert result == getattr(mlsysim, spec["name"])().solve(**_example(spec))


@pytest.mark.parametrize("spec", SPECS, ids=NAMES)
def test_display_units_are_the_keys_units(spec):
    for out in spec["outputs"]:
        if out["display_unit"] == "count":  # a pure number shown as a pint count
            assert out["si_unit"] is None and mlsysim.Q_(1, "count").dimensionless, out["key"]
        elif out["display_unit"]:
            assert out["si_unit"], out["key"]
            mlsysim.Q_(1, out["si_unit"]).to(out["display_unit"])  # same dimension, or pint raises


def test_results_are_read_lazily_and_cached():
    p = mlsysim.SingleNodeModel().solve("Llama3_8B", "H100")
    assert "latency" not in vars(p)
    first = p.latency
    assert vars(p)["latency"] is first and p.latency is first


def test_describe_is_the_same_data_as_the_cli(cli_path):
    for spec in SPECS:
        p = subprocess.run([str(cli_path), "solve", "--describe", spec["name"], "--output", "json"],
                           capture_output=True, text=True, timeout=60)
        assert p.returncode == 0, p.stderr
        assert json.loads(p.stdout) == spec


def test_import_loads_neither_pint_nor_numpy():
    code = ("import sys, mlsysim\n"
            "p = mlsysim.SingleNodeModel().solve('ResNet50', 'A100')\n"
            "assert p.feasible and p.mfu > 0\n"
            "print('pint' in sys.modules, 'numpy' in sys.modules)\n"
            "p.latency\n"
            "print('pint' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "False", "True"]


def test_core_solve_takes_a_dict_or_a_full_tuple():
    spec = SPECS[0]
    by_dict = mlsysim._core.solve(spec["name"], {"model": "ResNet50", "hardware": "A100"}).to_record()
    values = tuple("ResNet50" if i["name"] == "model" else "A100" if i["name"] == "hardware" else i["default"]
                   for i in spec["inputs"])  # SingleNodeModel: the first spec
    assert mlsysim._core.solve(0, values).to_record() == by_dict
    with pytest.raises(TypeError, match="takes 12 values"):
        mlsysim._core.solve(0, ("ResNet50",))
    with pytest.raises(TypeError, match="dict of input names"):
        mlsysim._core.solve(0, ["ResNet50"])
    with pytest.raises(ValueError, match="did you mean 'SingleNodeModel'"):
        mlsysim._core.solve("SingleNodeModle", {})
    with pytest.raises(TypeError, match="name or an index"):
        mlsysim._core.solve(None, {})
