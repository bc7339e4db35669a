#!/usr/bin/env python3
"""ServingModel and DistributedModel speed beside a peer tool (llm-analysis) and the reference
mlsysim 0.3.0, in one run.

    python3 bench/bench_peers.py [--quick] [--repeat N] [--ours-ns NS]

The same question asked of three tools on this machine, now: how long does one analytical
evaluation of one LLM serving configuration take? The configuration is Llama-2-7B on an H100 SXM,
batch 1, a 2,048-token prompt, 16-bit weights and activations, compute efficiency 0.5, full HBM
bandwidth. Each tool runs in its own interpreter and virtual environment:

* llm-analysis (``.venv-peers``, ``make bench-peers`` installs the pinned version): its inference
  analysis, ``LLMAnalysis(model, gpu, dtype, flops_efficiency=0.5, hbm_memory_efficiency=1.0)
  .inference(batch_size_per_gpu=1, seq_len=2048, num_tokens_to_generate=1)``, with the configs it
  ships: model ``NousResearch_Llama-2-7b-hf`` (32 layers, 32 heads, 32 KV heads, hidden 4,096),
  GPU ``h100-sxm-80gb`` (989 TFLOP/s fp16, 3,350 GB/s, 80 GB), dtype ``w16a16e16``. This is the
  closest configuration to ours: one prefill of 2,048 tokens and one decode step, the efficiency
  ServingModel applies to prefill (0.5) and no derating of memory bandwidth (ServingModel has
  none). Its logger is set to ERROR so nothing is printed; its log messages are still formatted,
  as they are in any use of the library. Two rows: the analysis object built and run per
  evaluation (like for like with ``solve``, which takes the model and hardware on each call), and
  ``inference()`` alone on an object built once.
* the reference (``.venv-ref``, ``mlsysim==0.3.0``): ``ServingModel().solve(Llama2_7B, H100,
  seq_len=2048, batch_size=1, precision="fp16", efficiency=0.5)``, registry entries
  ``Models.Language.Llama2_7B`` and ``Hardware.Cloud.H100``; results not read, and again reading
  ``.ttft``.
* ours (``.venv``): the same call on ``mlsysim.ServingModel``. Our results are lazy (a field is
  converted when read), so both mlsysim rows are also timed reading ``.ttft``. ``--ours-ns NS``
  adds a row for a C++ figure measured elsewhere (nanoseconds per evaluation), passed in by hand.

Then one training step: GPT-3 175B on 1,024 A100 80 GB (TP 8 x PP 16 x DP 8), global batch 1,536 of
2,048 tokens, one-sample microbatches, full activation recomputation, efficiency 0.5 (the
Korthikanti et al. 2022 configuration Calculon validates against; Calculon itself is not on PyPI,
so it cannot be installed here). llm-analysis: ``training(global_batch_size=1536, seq_len=2048,
batch_size_per_gpu=1, activation_recomputation=FULL)`` with its ``facebook_opt-175b`` config (the
GPT-3 175B shape) on ``a100-sxm-80gb``; mlsysim: ``DistributedModel().solve(GPT3,
Training_1K_A100, batch_size=1536, tp_size=8, pp_size=16, microbatch_count=192,
activation_recomputation=True)``. Last, one ParallelismOptimizer search (Llama-3-70B on Frontier_8K at
batch 4,096) in the reference and in ours.

Each figure is timeit's best of ``--repeat`` repeats, each repeat sized by ``autorange`` (at least
0.2 s), after one warm-up call. Besides the timings, the script prints what each tool computed for
the configuration (prefill time and per-token decode time), so that one can see the tools answer
comparable questions; the three do not use the same formulas.

This script needs only the standard library and does not import our package: the three tools run
in subprocesses. Prints a Markdown table and the machine it ran on.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from bench_python import machine  # the same machine line in both reports

ROOT = Path(__file__).resolve().parents[1]
OURS = Path(os.environ.get("MLSYSIM_PYTHON", ROOT / ".venv" / "bin" / "python"))
REF = Path(os.environ.get("MLSYSIM_REF_PYTHON", ROOT / ".venv-ref" / "bin" / "python"))
PEERS = Path(os.environ.get("MLSYSIM_PEERS_PYTHON", ROOT / ".venv-peers" / "bin" / "python"))

SEQ_LEN, BATCH, EFFICIENCY = 2048, 1, 0.5

# Shared by the three timing scripts: best of `repeat` repeats of an autoranged timeit.
TIMER = r"""
import timeit
def best(fn, repeat):
    fn()
    t = timeit.Timer(fn)
    n = max(1, t.autorange()[0])
    return min(t.repeat(repeat=repeat, number=n)) / n, n
"""

LLM_ANALYSIS = TIMER + r"""
import importlib.metadata, json, logging, platform, sys
from llm_analysis.analysis import LLMAnalysis
from llm_analysis.config import get_dtype_config_by_name, get_gpu_config_by_name, get_model_config_by_name
from llm_analysis.logger import logger
logger.setLevel(logging.ERROR)
repeat, seq_len, batch, eff = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
model = get_model_config_by_name("NousResearch_Llama-2-7b-hf")
gpu = get_gpu_config_by_name("h100-sxm-80gb")
dtype = get_dtype_config_by_name("w16a16e16")
make = lambda: LLMAnalysis(model, gpu, dtype, flops_efficiency=eff, hbm_memory_efficiency=1.0)
run = lambda a: a.inference(batch_size_per_gpu=batch, seq_len=seq_len, num_tokens_to_generate=1)
built = make()
per_eval, n_eval = best(lambda: run(make()), repeat)
per_infer, n_infer = best(lambda: run(built), repeat)
r = run(built)
print(json.dumps({
    "version": importlib.metadata.version("llm-analysis"), "python": platform.python_version(),
    "seconds": per_eval, "number": n_eval, "seconds_inference_only": per_infer, "number_inference_only": n_infer,
    "prefill_s": r["prefill_latency"], "decode_s": r["decode_latency"],
    "weights_bytes": r["weight_memory_per_gpu"], "kv_bytes": r["kv_cache_memory_per_gpu"],
}))
"""

LLM_ANALYSIS_TRAINING = TIMER + r"""
import importlib.metadata, json, logging, sys
from llm_analysis.analysis import ActivationRecomputation, LLMAnalysis
from llm_analysis.config import (ParallelismConfig, get_dtype_config_by_name, get_gpu_config_by_name,
                                 get_model_config_by_name)
from llm_analysis.logger import logger
logger.setLevel(logging.ERROR)
repeat = int(sys.argv[1])
model = get_model_config_by_name("facebook_opt-175b")
gpu = get_gpu_config_by_name("a100-sxm-80gb")
dtype = get_dtype_config_by_name("w16a16e16")
split = ParallelismConfig(tp_size=8, pp_size=16, dp_size=8)
make = lambda: LLMAnalysis(model, gpu, dtype, parallelism_config=split, flops_efficiency=0.5, hbm_memory_efficiency=1.0)
run = lambda a: a.training(global_batch_size=1536, seq_len=2048, batch_size_per_gpu=1,
                           activation_recomputation=ActivationRecomputation.FULL)
seconds, number = best(lambda: run(make()), repeat)
print(json.dumps({"version": importlib.metadata.version("llm-analysis"), "seconds": seconds,
                  "step_s": run(make())["latency_per_iter"]}))
"""

TRAINING = TIMER + r"""
import json, sys, warnings
warnings.simplefilter("ignore")
import mlsysim
from mlsysim.solvers import DistributedModel as Solver
repeat = int(sys.argv[1])
model, fleet = mlsysim.Models.Language.GPT3, mlsysim.Systems.Clusters.Training_1K_A100
call = lambda: Solver().solve(model, fleet, batch_size=1536, seq_len=2048, precision="fp16", efficiency=0.5,
                              tp_size=8, pp_size=16, microbatch_count=192, activation_recomputation=True)
seconds, number = best(call, repeat)
from mlsysim.solvers import ParallelismOptimizer
search = lambda: ParallelismOptimizer().solve(mlsysim.Models.Language.Llama3_70B, mlsysim.Systems.Clusters.Frontier_8K,
                                              batch_size=4096)
search_seconds, _ = best(search, max(1, repeat // 2))
print(json.dumps({"version": getattr(mlsysim, "__version__", "?"), "seconds": seconds,
                  "step_s": call().step_latency_total.to("s").magnitude, "search_seconds": search_seconds,
                  "search_step_s": search().best_step_time.to("s").magnitude}))
"""

# Runs in the reference's environment and in ours (both packages are `mlsysim`).
SERVING = TIMER + r"""
import json, platform, sys, warnings
warnings.simplefilter("ignore")
import mlsysim
from mlsysim.solvers import ServingModel as Solver
repeat, seq_len, batch = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
eff = float(sys.argv[4])
model, hardware = mlsysim.Models.Language.Llama2_7B, mlsysim.Hardware.Cloud.H100
call = lambda: Solver().solve(model, hardware, seq_len=seq_len, batch_size=batch, precision="fp16", efficiency=eff)
seconds, number = best(call, repeat)
read_seconds, read_number = best(lambda: call().ttft, repeat)
r = call()
def sec(q):
    return q.to("s").magnitude if hasattr(q, "to") else float(q)
ttft = getattr(r, "ttft", None)
itl = getattr(r, "itl", None)
print(json.dumps({
    "version": getattr(mlsysim, "__version__", "?"), "python": platform.python_version(),
    "seconds": seconds, "number": number, "seconds_read": read_seconds, "number_read": read_number,
    "prefill_s": sec(ttft) if ttft is not None else None, "decode_s": sec(itl) if itl is not None else None,
}))
"""


def run(python: Path, code: str, *args) -> dict:
    p = subprocess.run([str(python), "-c", code, *map(str, args)], capture_output=True, text=True,
                       timeout=1800, cwd="/")
    if p.returncode != 0:
        raise RuntimeError(f"{python}: {p.stderr[-2000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def us(seconds: float) -> str:
    x = seconds * 1e6
    return f"{x:,.1f}" if x >= 10 else f"{x:.3g}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="3 repeats instead of 7")
    ap.add_argument("--repeat", type=int, help="timeit repeats per figure (default 7)")
    ap.add_argument("--ours-ns", type=float, metavar="NS",
                    help="our C++ ServingModel time per evaluation in ns, measured elsewhere; printed as a row")
    args = ap.parse_args()
    repeat = args.repeat or (3 if args.quick else 7)
    if repeat < 1:
        ap.error("--repeat must be at least 1")
    if args.ours_ns is not None and not args.ours_ns > 0:
        ap.error("--ours-ns must be a positive number of nanoseconds")

    missing = [p for p in (PEERS, REF, OURS) if not p.exists()]
    if missing:
        print(f"missing {', '.join(map(str, missing))}; run `make bench-peers` (it creates them)", file=sys.stderr)
        return 1

    peer = run(PEERS, LLM_ANALYSIS, repeat, SEQ_LEN, BATCH, EFFICIENCY)
    ref = run(REF, SERVING, repeat, SEQ_LEN, BATCH, EFFICIENCY)
    ours = run(OURS, SERVING, repeat, SEQ_LEN, BATCH, EFFICIENCY)

    config = f"Llama-2-7B, H100 SXM, batch {BATCH}, prompt {SEQ_LEN} tokens, 16-bit, efficiency {EFFICIENCY}"
    print(f"machine: {machine()}")
    pythons = {"llm-analysis": peer["python"], "reference": ref["python"], "ours": ours["python"]}
    print("Python: " + ", ".join(f"{k} {v}" for k, v in pythons.items()))
    print(f"configuration: {config}; timeit best of {repeat} repeats, autoranged\n")

    print("| tool | what is timed | µs per evaluation |")
    print("|---|---|---|")
    print(f"| llm-analysis {peer['version']} | `LLMAnalysis(Llama-2-7b, h100-sxm-80gb, w16a16e16)"
          f".inference(seq_len=2048, num_tokens_to_generate=1)`, object built per evaluation | "
          f"{us(peer['seconds'])} |")
    print(f"| llm-analysis {peer['version']} | the same `inference(...)` on an object built once | "
          f"{us(peer['seconds_inference_only'])} |")
    print(f"| mlsysim {ref['version']} (reference, Python) | `ServingModel().solve(Llama2_7B, H100, seq_len=2048, "
          f"batch_size=1)`, result not read | {us(ref['seconds'])} |")
    print(f"| mlsysim {ref['version']} (reference, Python) | the same, reading `.ttft` | {us(ref['seconds_read'])} |")
    print(f"| mlsysim {ours['version']} (ours, Python) | `mlsysim.ServingModel().solve(Llama2_7B, H100, "
          f"seq_len=2048, batch_size=1)`, result not read | {us(ours['seconds'])} |")
    print(f"| mlsysim {ours['version']} (ours, Python) | the same, reading `.ttft` (a pint quantity) | "
          f"{us(ours['seconds_read'])} |")
    if args.ours_ns is not None:
        print(f"| mlsysim (ours, C++) | `solve_serving(...)`, figure passed in with --ours-ns | "
              f"{args.ours_ns / 1e3:,.3f} |")

    print("\nWhat each computed for the configuration (the formulas differ; shown so the questions can be compared):\n")
    print("| tool | prefill / TTFT | decode step / ITL |")
    print("|---|---|---|")
    for name, r in (("llm-analysis", peer), ("reference 0.3.0", ref), ("ours", ours)):
        pre = f"{r['prefill_s'] * 1e3:.3f} ms" if r.get("prefill_s") is not None else "—"
        dec = f"{r['decode_s'] * 1e3:.3f} ms" if r.get("decode_s") is not None else "—"
        print(f"| {name} | {pre} | {dec} |")

    peer_t = run(PEERS, LLM_ANALYSIS_TRAINING, repeat)
    ref_t = run(REF, TRAINING, repeat)
    ours_t = run(OURS, TRAINING, repeat)
    print("\nGPT-3 175B training step on 1,024 A100 80 GB (TP 8 x PP 16 x DP 8, batch 1,536 x 2,048 tokens, "
          "full recomputation):\n")
    print("| tool | what is timed | µs per evaluation | step time it computes |")
    print("|---|---|---|---|")
    print(f"| llm-analysis {peer_t['version']} | `LLMAnalysis(opt-175b, a100-sxm-80gb, tp 8 pp 16 dp 8)"
          f".training(...)`, object built per evaluation | {us(peer_t['seconds'])} | {peer_t['step_s']:.2f} s |")
    print(f"| mlsysim {ref_t['version']} (reference, Python) | `DistributedModel().solve(GPT3, Training_1K_A100, "
          f"...)` | {us(ref_t['seconds'])} | {ref_t['step_s']:.2f} s |")
    print(f"| mlsysim {ours_t['version']} (ours, Python) | the same call on `mlsysim.DistributedModel` | "
          f"{us(ours_t['seconds'])} | {ours_t['step_s']:.2f} s |")
    print("\nParallelismOptimizer, Llama-3-70B on Frontier_8K at batch 4,096 (0.3.0's search):\n")
    print("| tool | ms per search | best step time |")
    print("|---|---|---|")
    for name, r in ((f"mlsysim {ref_t['version']} (reference, Python)", ref_t),
                    (f"mlsysim {ours_t['version']} (ours, Python)", ours_t)):
        print(f"| {name} | {r['search_seconds'] * 1e3:,.3f} | {r['search_step_s']:.4f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
