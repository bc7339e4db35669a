"""The 22 walls: the same taxonomy as 0.3.0 (checked against the reference in its own
environment), each wall's solver declares it, its metric is a field of that solver's result, and
`mlsysim walls` lists them."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import mlsysim
import pytest
from mlsysim import walls

ROOT = Path(__file__).resolve().parents[2]
REF_PYTHON = Path(os.environ.get("MLSYSIM_REF_PYTHON", ROOT / ".venv-ref" / "bin" / "python"))

REFERENCE = r"""
import json
from mlsysim.engine import walls
print(json.dumps({"walls": [[w.number, w.name, w.domain.value, w.resolver_name, w.constraint, w.equation,
                             list(w.sources)] for w in walls.ALL_WALLS],
                  "taxonomy": walls.taxonomy(),
                  "resolvers": {r: [w.number for w in walls.walls_for_resolver(r)] for r in
                                ["SingleNodeModel", "TrainingMemoryModel", "ServingCapacityModel", "MoERoutingModel",
                                 "ParallelismOptimizer", "BatchingOptimizer", "PlacementOptimizer", "Nope"]}}))
"""


@pytest.fixture(scope="module")
def reference():
    if not REF_PYTHON.exists():
        pytest.skip("the reference environment .venv-ref is missing (make ref-env)")
    p = subprocess.run([str(REF_PYTHON), "-c", REFERENCE], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def test_the_same_taxonomy_as_the_reference(reference):
    ours = [[w.number, w.name, w.domain.value, w.resolver_name, w.constraint, w.equation, w.sources]
            for w in walls.ALL_WALLS]
    assert ours == reference["walls"]
    assert walls.taxonomy() == reference["taxonomy"]
    assert {r: [w.number for w in walls.walls_for_resolver(r)] for r in reference["resolvers"]} == \
        reference["resolvers"]


def test_each_wall_is_declared_by_its_solver_and_measured_by_a_field():
    specs = {s["name"]: s for s in mlsysim._core.solver_specs()}
    assert len(walls.ALL_WALLS) == 22 and [w.number for w in walls.ALL_WALLS] == list(range(1, 23))
    for w in walls.ALL_WALLS:
        spec = specs[w.resolver_name]
        assert w.number in spec["walls"], (w.name, spec["name"])
        assert w.metric in [o["key"] for o in spec["outputs"]], (w.name, w.metric)
    assert walls.wall(18).name == "Sustainability"
    assert [w.number for w in walls.walls_in_domain(walls.Domain.FLEET)] == [14, 15, 16]
    with pytest.raises(KeyError):
        walls.wall(23)


def test_cli_walls(cli_path):
    p = subprocess.run([str(cli_path), "walls", "-o", "json"], capture_output=True, text=True, timeout=60)
    listed = json.loads(p.stdout)
    assert [w["number"] for w in listed] == list(range(1, 23))
    assert listed[16] == {"number": 17, "name": "Capital", "domain": "operations", "solver": "EconomicsModel",
                          "metric": "tco_usd", "constraint": walls.wall(17).constraint,
                          "equation": "TCO = CapEx + OpEx", "sources": walls.wall(17).sources}
    text = subprocess.run([str(cli_path), "walls", "--domain", "operations"], capture_output=True, text=True).stdout
    assert "Wall 17  Capital" in text and "Wall 14" not in text
    one = subprocess.run([str(cli_path), "walls", "tail latency"], capture_output=True, text=True).stdout
    assert one.startswith("Wall 7: Tail Latency") and "Dean & Barroso" in one
    bad = subprocess.run([str(cli_path), "walls", "Fragilty"], capture_output=True, text=True)
    assert bad.returncode == 1 and "did you mean 'Fragility'" in bad.stderr and bad.stderr.count("\n") == 1
