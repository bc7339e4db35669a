#!/usr/bin/env python3
"""Python-side speed of mlsysim beside the reference mlsysim 0.3.0, measured in one run.

    .venv/bin/python bench/bench_python.py [--quick]

Three figures for each side (the reference runs in .venv-ref, on the same machine, now):

* per call: ``SingleNodeModel().solve(Llama3_8B, H100, batch_size=32, precision="fp16")``,
  results not read (ours are lazy: a field is converted when read); also the same call with the
  latency read as a pint quantity;
* import: ``import mlsysim`` in a fresh interpreter (its own start-up not counted), median;
* sweep: configurations per second of a SingleNodeModel grid. Ours is ``mlsysim.sweep`` (every
  result field as a numpy array); the reference's is ``Engine.sweep`` (a list of profiles).

Prints a Markdown table (the README's "Speed" section) and the machine it ran on.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OURS = ROOT / ".venv" / "bin" / "python"
REF = Path(os.environ.get("MLSYSIM_REF_PYTHON", ROOT / ".venv-ref" / "bin" / "python"))

# Runs in either environment: both packages are `mlsysim`; the reference has no top-level solver
# exports, so the solver comes from mlsysim.solvers on both.
PER_CALL = r"""
import json, sys, timeit, warnings
import mlsysim
from mlsysim.solvers import SingleNodeModel
warnings.simplefilter("ignore")
model, hardware = mlsysim.Models.Language.Llama3_8B, mlsysim.Hardware.Cloud.H100
solver = SingleNodeModel()
call = lambda: solver.solve(model, hardware, batch_size=32, precision="fp16")
read = lambda: solver.solve(model, hardware, batch_size=32, precision="fp16").latency
out = {}
for name, fn in (("call", call), ("call_and_read", read)):
    fn()
    t = timeit.Timer(fn)
    n = max(1, t.autorange()[0])
    out[name] = min(t.repeat(repeat=int(sys.argv[1]), number=n)) / n
print(json.dumps(out))
"""

IMPORT = r"""
import sys, time
t = time.perf_counter()
import mlsysim
print(time.perf_counter() - t)
"""

OUR_SWEEP = r"""
import json, sys, time
import mlsysim
hw = [h.key for h in mlsysim.Hardware.list()]
precisions = ["fp32", "tf32", "bf16", "fp16", "fp8", "int8", "int4"]
models = [m.key for m in mlsysim.Models.list()][: int(sys.argv[2])]
batches = range(1, int(sys.argv[3]) + 1)
best = float("inf")
for _ in range(int(sys.argv[1])):
    t = time.perf_counter()
    s = mlsysim.sweep(models, hw, batch_size=batches, precision=precisions)
    best = min(best, time.perf_counter() - t)
print(json.dumps({"points": s.size, "seconds": best}))
"""

REF_SWEEP = r"""
import json, sys, time, warnings
import mlsysim
warnings.simplefilter("ignore")
hw = []
for cat in ("Cloud", "Workstation", "Mobile", "Edge", "Tiny"):
    ns = getattr(mlsysim.Hardware, cat)
    hw += [getattr(ns, k) for k in vars(ns) if not k.startswith("_") and hasattr(getattr(ns, k), "compute")]
precisions = ["fp32", "tf32", "bf16", "fp16", "fp8", "int8", "int4"]
batches = list(range(1, int(sys.argv[2]) + 1))
model = mlsysim.Models.Language.Llama3_8B
best = float("inf")
for _ in range(int(sys.argv[1])):
    t = time.perf_counter()
    rows = mlsysim.Engine.sweep(model, hw, batch_sizes=batches, precisions=precisions)
    best = min(best, time.perf_counter() - t)
print(json.dumps({"points": len(hw) * len(batches) * len(precisions), "seconds": best}))
"""


def run(python: Path, code: str, *args) -> str:
    p = subprocess.run([str(python), "-c", code, *map(str, args)], capture_output=True, text=True,
                       timeout=1800, cwd="/")
    if p.returncode != 0:
        raise RuntimeError(f"{python}: {p.stderr[-2000:]}")
    return p.stdout.strip()


def import_seconds(python: Path, runs: int) -> float:
    """Median time of ``import mlsysim``, timed inside fresh interpreters (start-up excluded)."""
    return statistics.median(float(run(python, IMPORT)) for _ in range(runs))


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats and a smaller grid")
    args = ap.parse_args()
    repeat = 3 if args.quick else 7
    for python in (OURS, REF):
        if not python.exists():
            print(f"missing {python}; run `make venv ref-env` first", file=sys.stderr)
            return 1

    ours_call = json.loads(run(OURS, PER_CALL, repeat))
    ref_call = json.loads(run(REF, PER_CALL, repeat))
    ours_import = import_seconds(OURS, repeat)
    ref_import = import_seconds(REF, 3)
    models, batches = (10, 1024) if not args.quick else (2, 256)
    ours_sweep = json.loads(run(OURS, OUR_SWEEP, repeat, models, batches))
    ref_sweep = json.loads(run(REF, REF_SWEEP, 1, 8 if not args.quick else 2))

    def us(s):
        return f"{s * 1e6:.2f} µs" if s < 1e-4 else f"{s * 1e3:.2f} ms"

    def rate(r):
        return r["points"] / r["seconds"]

    print(f"machine: {machine()}\n")
    print("| Python | ours | reference 0.3.0 | ratio |")
    print("|---|---|---|---|")
    print(f"| `SingleNodeModel().solve(...)`, result not read | {us(ours_call['call'])} | "
          f"{us(ref_call['call'])} | {ref_call['call'] / ours_call['call']:,.0f}× |")
    print(f"| the same, reading `.latency` (a pint quantity) | {us(ours_call['call_and_read'])} | "
          f"{us(ref_call['call_and_read'])} | {ref_call['call_and_read'] / ours_call['call_and_read']:,.0f}× |")
    print(f"| `import mlsysim` | {ours_import * 1e3:.0f} ms | {ref_import:.2f} s | "
          f"{ref_import / ours_import:,.0f}× |")
    print(f"| SingleNodeModel grid, configurations/s | {rate(ours_sweep) / 1e6:.1f} M/s "
          f"({ours_sweep['points']:,} points, `mlsysim.sweep`) | {rate(ref_sweep):,.0f}/s "
          f"({ref_sweep['points']:,} points, `Engine.sweep`) | {rate(ours_sweep) / rate(ref_sweep):,.0f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
