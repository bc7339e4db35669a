#!/usr/bin/env python3
"""Speed of the design-space search (``mlsysim.search``) in-process and on a local Dask cluster,
beside the reference's own search (``mlsysim.engine.dse.DSE`` of 0.3.0), measured in one run.

    .venv/bin/python bench/bench_search.py [--quick]

* ours, in-process: SingleNodeModel, Llama-3-8B on every accelerator x batch 1..1024 x seven
  precisions (372,736 points), minimising latency with a throughput floor, on every core;
* ours on ``dask.distributed.LocalCluster`` (2 worker processes, 16 chunks): the same search;
  the overhead per point is (Dask time - in-process time) / points, the cluster's start-up not
  counted;
* the reference: ``DSE(space, "minimize: latency", ["throughput > 100"]).search(...)`` with
  ``SingleNodeModel().solve`` as its evaluator on a smaller grid (it runs a Python loop), in
  .venv-ref; and our ``mlsysim.DSE`` running the same program here (the same loop over our solver).

Prints a Markdown table (the README's "Speed" section) and the machine it ran on.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REF = Path(os.environ.get("MLSYSIM_REF_PYTHON", ROOT / ".venv-ref" / "bin" / "python"))

REFERENCE = r"""
import json, sys, time, warnings
import mlsysim
try:
    from mlsysim.engine.dse import DSE  # 0.3.0
except ImportError:
    from mlsysim import DSE  # ours: the same class
warnings.simplefilter("ignore")
hw = [mlsysim.Hardware.Cloud.H100, mlsysim.Hardware.Cloud.A100, mlsysim.Hardware.Cloud.B200, mlsysim.Hardware.Cloud.T4]
space = {"hardware": hw, "batch_size": list(range(1, int(sys.argv[1]) + 1)), "precision": ["fp16", "int8"]}
model = mlsysim.Models.Language.Llama3_8B
solve = mlsysim.solvers.SingleNodeModel().solve
dse = DSE(space, "minimize: latency", ["throughput > 100"])
solve(model, hw[0], batch_size=1).latency  # warm-up: ours loads pint on first use, 0.3.0 at import
t = time.perf_counter()
best = dse.search(lambda p: solve(model, p["hardware"], batch_size=p["batch_size"], precision=p["precision"]))
dt = time.perf_counter() - t
print(json.dumps({"points": 4 * int(sys.argv[1]) * 2, "seconds": dt}))
"""


def ours(quick: bool) -> dict:
    import mlsysim

    hardware = [h.key for h in mlsysim.Hardware.list()]
    batches = range(1, 257 if quick else 1025)
    axes = {"hardware": hardware, "batch_size": batches,
            "precision": ["fp32", "tf32", "bf16", "fp16", "fp8", "int8", "int4"]}
    kw = dict(fixed={"model": "Llama3_8B"}, minimize="latency_s", where=["throughput_per_s > 100"])
    mlsysim.search("SingleNodeModel", axes, **kw)  # warm-up
    t = time.perf_counter()
    local = mlsysim.search("SingleNodeModel", axes, **kw)
    local_s = time.perf_counter() - t
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        executor = client.get_executor()
        mlsysim.search("SingleNodeModel", {"hardware": ["H100"], "batch_size": [1, 2]}, executor=executor, **kw)
        t = time.perf_counter()
        remote = mlsysim.search("SingleNodeModel", axes, executor=executor, chunks=16, **kw)
        dask_s = time.perf_counter() - t
    assert remote.best == local.best
    return {"points": local.size, "local_s": local_s, "dask_s": dask_s}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    o = ours(args.quick)
    def dse_loop(python):
        p = subprocess.run([str(python), "-c", REFERENCE, "16" if args.quick else "64"], capture_output=True,
                           text=True, timeout=1800)
        return json.loads(p.stdout.strip().splitlines()[-1]) if p.returncode == 0 else None

    ref = dse_loop(REF) if REF.exists() else None
    our_dse = dse_loop(sys.executable)
    cpu = platform.processor() or platform.machine()
    print(f"machine: {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("| search | points | time | points/s |")
    print("|---|---|---|---|")
    print(f"| ours, in-process (every core) | {o['points']:,} | {o['local_s'] * 1e3:.1f} ms | "
          f"{o['points'] / o['local_s'] / 1e6:.1f} M/s |")
    overhead_ns = max(0.0, o["dask_s"] - o["local_s"]) / o["points"] * 1e9
    print(f"| ours on a Dask LocalCluster (2 workers, 16 chunks) | {o['points']:,} | {o['dask_s'] * 1e3:.1f} ms | "
          f"{o['points'] / o['dask_s'] / 1e6:.1f} M/s; overhead {overhead_ns:.0f} ns/point |")
    for name, r in (("ours, `mlsysim.DSE.search` (the same Python loop)", our_dse),
                    ("reference 0.3.0 `DSE.search` (SingleNodeModel.solve per point)", ref)):
        if r:
            print(f"| {name} | {r['points']:,} | {r['seconds'] * 1e3:.0f} ms | {r['points'] / r['seconds']:,.0f} /s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
