"""0.3.0's DSE class: the same best point and ranking as the live 0.3.0 on the same grid, and a clear
error where 0.3.0 silently ranks a mistake (a metric path that names nothing, a non-numeric threshold)."""

import json
import subprocess
import sys
from pathlib import Path

import mlsysim
import pytest
from mlsysim import DSE
from reference_env import run_in_reference

ROOT = Path(__file__).resolve().parents[2]

PROGRAM = r"""
import json, warnings
warnings.simplefilter("ignore")
import mlsysim
from mlsysim.solvers import DistributedModel
try:
    from mlsysim import DSE
except ImportError:
    from mlsysim.engine.dse import DSE
M, F = mlsysim.Models.Language.Llama3_8B, mlsysim.Systems.Clusters.Research_256
def ev(p):
    return DistributedModel().solve(M, F, batch_size=p["batch_size"], tp_size=p["tp"], precision=p["precision"])
d = DSE(space={"batch_size": [256, 512, 1024], "tp": [1, 2, 4, 8], "precision": ["fp16", "fp8"]},
        objective="maximize: effective_throughput", constraints=["step_latency_total < 1500"])
r = d.search(ev)
print(json.dumps({"best": r["best_params"], "objective": r["best_objective"],
                  "top": [[c["params"], c["objective_value"]] for c in r["top_candidates"]]}))
"""


def test_matches_reference():
    b = run_in_reference(PROGRAM)
    ours = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True, timeout=300)
    assert ours.returncode == 0, ours.stderr
    a = json.loads(ours.stdout)
    assert a["best"] == b["best"] and a["objective"] == pytest.approx(b["objective"], rel=1e-9)
    assert [p for p, _ in a["top"]] == [p for p, _ in b["top"]]


def solve(p):
    return mlsysim.SingleNodeModel().solve(mlsysim.Models.ResNet50, mlsysim.Hardware.Cloud.A100,
                                           batch_size=p["b"], precision="fp16")


def test_minimize_with_constraint_equals_brute_force():
    batches = [1, 2, 4, 8, 16, 32, 64, 128]
    r = DSE({"b": batches}, "minimize: latency", ["throughput > 2000"]).search(solve)
    ok = [b for b in batches if solve({"b": b}).throughput.magnitude > 2000]
    best = min(ok, key=lambda b: solve({"b": b}).latency.magnitude)
    assert r["best_params"] == {"b": best} and r["failed"] == []
    assert len(r["top_candidates"]) == min(5, len(ok))


def test_failed_points_are_listed_not_lost():
    def ev(p):
        if p["b"] == 2:
            raise ValueError("boom")
        return solve(p)
    r = DSE({"b": [1, 2, 4]}, "minimize(latency)").search(ev)
    assert [p for p, _ in r["failed"]] == [{"b": 2}] and "boom" in str(r["failed"][0][1])
    with pytest.raises(ValueError, match=r"3 raised; the first failure, at \{'b': 1\}: boom"):
        DSE({"b": [1, 2, 4]}, "minimize: latency").search(lambda p: (_ for _ in ()).throw(ValueError("boom")))


@pytest.mark.parametrize("args, message", [
    (({"b": [1]}, "minimize: latncy"), "metric path 'latncy' has no 'latncy'"),
    (({"b": [1]}, "minimize: latency", ["latency < fast"]), "threshold 'fast' is not a number"),
    (({"b": [1]}, "minimize: latency", ["latency ~ 3"]), "must be '<metric path> <op> <number>'"),
    (({"b": [1]}, "fastest"), "invalid objective"),
    (({"b": []}, "minimize: latency"), "non-empty list"),
    (({}, "minimize: latency"), "non-empty dict"),
    (({"b": [1]}, "minimize: bottleneck"), "not a number"),
])
def test_mistakes_are_errors(args, message):
    with pytest.raises(ValueError, match=message):
        DSE(*args).search(solve)


def test_the_reference_import_paths():
    from mlsysim.engine.dse import DSE as EngineDSE
    from mlsysim.engine.evaluation import SystemEvaluator
    from mlsysim.engine.scenarios import Scenario, Scenarios
    assert EngineDSE is DSE and SystemEvaluator is mlsysim.SystemEvaluator
    assert Scenario is mlsysim.Scenario and Scenarios is mlsysim.Scenarios
    from mlsysim.engine.solvers import DistributedModel
    assert mlsysim.engine.dse is mlsysim.dse and DistributedModel is mlsysim.DistributedModel
