"""The design-space search from Python and the CLI: exact (the best point, the top rows and the
Pareto front equal a brute force through the solver classes), the same answer on a local Dask
cluster as in-process, and bad input as one clear error."""
from __future__ import annotations

import csv
import itertools
import json
import math
import subprocess
import warnings

import mlsysim
import numpy as np
import pytest

pytestmark = pytest.mark.filterwarnings("ignore:Precision .* not in")  # fp8 on an A100 falls back, as 0.3.0

AXES = {"hardware": ["H100", "A100", "T4", "B200"], "batch_size": [1, 4, 16, 64, 256],
        "precision": ["fp16", "fp8", "fp4"]}
FIXED = {"model": "Llama3_8B"}
WHERE = ["throughput_per_s > 100", "feasible == 1"]


def brute_force():
    """(point, latency, throughput) for every satisfying point, solved one by one."""
    out = []
    solver = mlsysim.SingleNodeModel()
    for values in itertools.product(*AXES.values()):
        point = dict(zip(AXES, values))
        try:
            r = solver.solve(**FIXED, **point)
        except ValueError:
            continue  # fp4 where the hardware lists no fp4 rate
        d = r.to_dict()
        if d["throughput_per_s"] > 100 and d["feasible"]:
            out.append((point, d["latency_s"], d["throughput_per_s"]))
    return out


def local_search(**kw):
    return mlsysim.search("SingleNodeModel", AXES, FIXED, minimize="latency_s", where=WHERE,
                          pareto_maximize="throughput_per_s", **kw)


def test_best_top_and_pareto_equal_brute_force():
    r = local_search(top=5)
    points = brute_force()
    best = min(points, key=lambda p: p[1])  # min keeps the first on a tie, in grid order
    assert r.best == best[0] and r.best_result.to_dict()["latency_s"] == best[1]
    assert [row["latency_s"] for row in r.top] == sorted(p[1] for p in points)[:5]
    front = [p for p in points if not any(q[1] <= p[1] and q[2] >= p[2] and (q[1], q[2]) != (p[1], p[2])
                                          for q in points)]
    assert sorted((row["latency_s"], row["throughput_per_s"]) for row in r.pareto) == \
        sorted(set((p[1], p[2]) for p in front))
    assert r.satisfying == len(points) and r.invalid > 0
    assert r.objective.shape == (4, 5, 3) and r.status.dtype == np.uint8
    assert math.isnan(r.objective[2, 0, 2])  # T4 has no fp4 rate: invalid


def test_table_and_other_solvers():
    rows = local_search().table()
    assert len(rows) == 60 and {row["status"] for row in rows} == {"satisfies", "violates", "invalid"}
    d = mlsysim.search("DistributedModel", {"tp_size": [1, 2, 4, 8], "pp_size": [1, 2, 4]},
                       {"model": mlsysim.Models.Llama3_8B, "fleet": "Research_256", "batch_size": 1024},
                       minimize="step_latency_total_s", where="scaling_efficiency > 0.5")
    assert d.best_result.step_latency_total.to("ms").magnitude == pytest.approx(
        d.best_result.to_dict()["step_latency_total_s"] * 1e3)
    e = mlsysim.search("EconomicsModel", {"grid": ["Quebec", "Poland", "US_Avg"], "duration_days": [30, 365]},
                       {"fleet": "Research_256"}, minimize="tco_usd")
    assert e.best == {"grid": "Quebec", "duration_days": 30}


def test_the_same_answer_on_a_local_dask_cluster():
    distributed = pytest.importorskip("dask.distributed", reason="pip install .[dask]")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        remote = local_search(executor=client.get_executor(), chunks=7)
    here = local_search()
    assert remote.best == here.best and remote.pareto == here.pareto and remote.top == here.top
    np.testing.assert_array_equal(remote.status, here.status)
    np.testing.assert_array_equal(remote.objective, here.objective)


def test_a_process_pool_is_an_executor_too():
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        assert local_search(executor=pool, chunks=3).best == local_search().best


@pytest.mark.parametrize("call, error, message", [
    (lambda: mlsysim.search("SingleNodeModel", {"hardware": ["H100"]}, minimize="latency_s"), ValueError,
     "needs model="),
    (lambda: mlsysim.search("SingleNodeModel", AXES, FIXED, minimize="latncy_s"), ValueError, "latency_s"),
    (lambda: mlsysim.search("SingleNodeModel", AXES, FIXED), ValueError, "exactly one of minimize"),
    (lambda: mlsysim.search("SingleNodeModel", {"hardware": "H100"}, FIXED, minimize="latency_s"), TypeError,
     "list of values"),
    (lambda: mlsysim.search("SingleNodeModel", {"hardware": []}, FIXED, minimize="latency_s"), ValueError,
     "at least one value"),
    (lambda: mlsysim.search("SingleNodeModel", AXES, FIXED, minimize="latency_s", where=["latency_s ~ 3"]),
     ValueError, "OP one of"),
    (lambda: mlsysim.search("SingleNodeModel", {"hardwre": ["H100"]}, FIXED, minimize="latency_s"), TypeError,
     "did you mean 'hardware'"),
    (lambda: mlsysim.search("NoSuchSolver", AXES, FIXED, minimize="latency_s"), ValueError, "unknown solver"),
])
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def cli(cli_path, *args):
    return subprocess.run([str(cli_path), *args], capture_output=True, text=True, timeout=60)


def test_cli_sweep_prints_the_best_and_writes_csv(cli_path, tmp_path):
    out = tmp_path / "points.csv"
    p = cli(cli_path, "sweep", "SingleNodeModel", "model=Llama3_8B", "hardware=H100,A100,T4,B200",
            "batch_size=1,4,16,64,256", "precision=fp16,fp8,fp4", "--minimize", "latency_s",
            "--where", "throughput_per_s>100", "--where", "feasible==1", "--pareto-maximize", "throughput_per_s",
            "--csv", str(out), "--output", "json")
    assert p.returncode == 0, p.stderr
    j = json.loads(p.stdout)
    here = local_search()
    assert j["best"]["inputs"] == here.best and j["points"] == 60 and j["satisfying"] == here.satisfying
    assert [(r["latency_s"], r["throughput_per_s"]) for r in j["pareto"]] == \
        [(r["latency_s"], r["throughput_per_s"]) for r in here.pareto]
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 60 and rows[0].keys() == {"hardware", "batch_size", "precision", "latency_s",
                                                  "throughput_per_s", "status"}
    text = cli(cli_path, "sweep", "SingleNodeModel", "model=Llama3_8B", "hardware=H100,B200", "batch_size=1:64",
               "--minimize", "latency_s", "--where", "throughput_per_s > 1000", "--top", "3")
    assert text.returncode == 0 and "Best 3 by latency_s" in text.stdout and "Best point:" in text.stdout


@pytest.mark.parametrize("args, message", [
    (["SingleNodeModel", "model=Llama3_8B", "hardware=H100"], "exactly one of --minimize"),
    (["SingleNodeModel", "model=Llama3_8B", "hardware=H100", "--minimize", "latency"], None),
    (["SingleNodeModel", "model=Llama3_8B", "hardware=H100,H10O", "--minimize", "latency_s"], "H10O"),
    (["SingleNodeModel", "model=Llama3_8B", "hardware=H100", "batch_size=1:10:4.5", "--minimize", "latency_s"],
     "n must"),
    (["SingleNodeModel", "model=Llama3_8B", "hardware=H100", "--minimize", "latency_s", "--where", "latency_s<1 GB"],
     "is in s"),
    (["Nope", "--minimize", "latency_s"], "unknown solver"),
])
def test_cli_sweep_bad_input(cli_path, args, message):
    p = cli(cli_path, "sweep", *args)
    if message is None:  # the reference's attribute name works as a path too
        assert p.returncode == 0, p.stderr
        return
    assert p.returncode == 1 and p.stderr.count("\n") == 1 and message in p.stderr, p.stderr


def test_the_warnings_of_the_points_shown_are_passed_on():
    # A100 lists no fp8 rate: a direct solve warns, and so does a search that shows that point.
    with pytest.warns(UserWarning, match="search: 1 solver warning.*A100.*fp8"):
        r = mlsysim.search("SingleNodeModel", {"hardware": ["A100", "H100"], "precision": ["fp16", "fp8"]},
                           fixed={"model": "Llama3_8B"}, minimize="latency_s")
    assert len(r.warnings) == 1 and r.warnings[0].startswith("hardware=A100, precision=fp8: Precision 'fp8'")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert mlsysim.search("SingleNodeModel", {"hardware": ["H100"], "precision": ["fp16", "fp8"]},
                              fixed={"model": "Llama3_8B"}, minimize="latency_s").warnings == []


def test_cli_sweep_passes_on_the_warnings_of_the_rows_it_shows(cli_path):
    args = ["sweep", "SingleNodeModel", "model=Llama3_8B", "hardware=A100,H100", "precision=fp16,fp8",
            "--minimize", "latency_s"]
    p = cli(cli_path, *args)
    assert p.returncode == 0
    assert p.stderr.startswith("warning: hardware=A100 precision=fp8: Precision 'fp8' not in NVIDIA A100")
    j = json.loads(cli(cli_path, "-o", "json", *args).stdout)
    assert len(j["warnings"]) == 1 and "A100" in j["warnings"][0]
