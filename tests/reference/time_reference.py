#!/usr/bin/env python3
"""Time the reference SingleNodeModel().solve on the inputs of our BM_SingleNodeSolve benchmark.

Run under the reference environment: ``.venv-ref/bin/python tests/reference/time_reference.py``.
Inputs: Llama3_8B on H100, batch_size=32, precision fp16 (other arguments at their defaults).
Also the inputs of BM_SingleNodeSolveTraining: batch_size=8, is_training, activation_recomputation.
Prints the best per-call time over several timeit repeats, in microseconds.
"""
from __future__ import annotations

import argparse
import timeit
import warnings

import mlsysim
from mlsysim.solvers import SingleNodeModel


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--number", type=int, default=0, help="calls per repeat (0: auto, >= 0.2 s)")
    args = ap.parse_args()

    model = mlsysim.Models.Language.Llama3_8B
    hardware = mlsysim.Hardware.Cloud.H100
    solver = SingleNodeModel()
    warnings.simplefilter("ignore")

    benches = {
        "BM_SingleNodeSolve": dict(batch_size=32, precision="fp16"),
        "BM_SingleNodeSolveTraining": dict(batch_size=8, precision="fp16", is_training=True,
                                           activation_recomputation=True),
    }
    for name, kw in benches.items():
        def call(kw=kw):
            return solver.solve(model, hardware, **kw)

        prof = call()  # warm caches (pint unit parsing) before timing
        timer = timeit.Timer(call)
        number = args.number or timer.autorange()[0]
        best = min(timer.repeat(repeat=args.repeat, number=number)) / number
        args_txt = ", ".join(f"{k}={v!r}" for k, v in kw.items())
        print(f"{name}: reference mlsysim {mlsysim.__version__} SingleNodeModel().solve("
              f"Llama3_8B, H100, {args_txt}): {best * 1e6:.1f} us per call (best of "
              f"{args.repeat} repeats x {number} calls; latency {prof.latency.m_as('s'):.6g} s)")


if __name__ == "__main__":
    main()
