# %% [markdown]
# # 06 · Quantization: Not a Free Lunch
#
# **The question.** Int4 stores each weight in a quarter of the bytes of fp16. Does it make a model four times
# faster? When does it help, when does it do nothing at all, and what does it cost in accuracy?
#
# **What you will learn**
#
# * [quantization](../glossary.md#quantization) shrinks the bytes a workload moves, so it speeds up only what
#   bytes limit: a [memory-bound](../glossary.md#memory-bound) step;
# * a [compute-bound](../glossary.md#compute-bound) step gets faster only if the chip has a faster
#   [tensor core](../glossary.md#tensor-core) path at the lower precision;
# * one model can be in both regimes at once (prefill and decode), and decode changes regime as the batch
#   grows, taking int4's advantage with it;
# * what the smaller model costs in accuracy, and why smaller is not the same as faster.
#
# **Time:** about 20 minutes. **Before this:** [01 · Hello, Roofline](01_hello_roofline.md) and
# [03 · Two Phases, One Request](03_two_phases.md); [04 · KV-Cache](04_kv_cache.md) for the cache in ITL.

# %% [markdown]
# ## Background: which term does the precision touch?
#
# A kernel's time is the larger of its compute time and its memory time, plus fixed overheads (tutorial 1). The
# [precision](../glossary.md#precision) $p$ enters each term in a different place:
#
# $$T = \max\!\left(\frac{F}{\eta \, R_p},\ \frac{Q_p}{\mathit{BW}}\right) + T_\text{overhead}$$
#
# | symbol | meaning | H100 |
# |---|---|---|
# | $F$ | FLOPs of the step (2 per parameter per token for a transformer) | |
# | $R_p$ | listed peak rate *at precision p* (not listed: the headline fp16 rate) | 989 TFLOP/s fp16, 1,979 TOPS int8 |
# | $\eta$ | achieved fraction of peak | 0.5 by default |
# | $Q_p$ | bytes moved: weights $W = P \cdot b_p$ plus 10 % of them per input | $b_p$: fp16 2, int8 1, int4 0.5 |
# | $\mathit{BW}$ | memory bandwidth | 3.35 TB/s |
# | $T_\text{overhead}$ | launch and per-layer framework costs, independent of precision | |
#
# So the speedup of int4 over fp16 is up to $b_\text{fp16} / b_\text{int4} = 4$ when the memory term wins, but
# $R_\text{int4} / R_\text{fp16}$ when the compute term wins, and that is 1 on a chip without an int4 path.
# Fixed overheads dilute both.
#
# For LLM serving, `ServingModel` charges [prefill](../glossary.md#prefill) (the time to first token,
# [TTFT](../glossary.md#ttft)) to compute alone and each [decode](../glossary.md#decode) step (the inter-token
# latency, [ITL](../glossary.md#itl)) to memory alone, weights $W$ plus KV cache, both stored at $b_p$:
#
# $$\mathrm{TTFT} = \frac{F_\text{prompt}}{\eta R_p} + \tau_d, \qquad
#   \mathrm{ITL} = \frac{W + \mathrm{KV}}{\mathit{BW}} + L \cdot 0.01\ \text{ms}.$$

# %% [markdown]
# ## Predict first
#
# Write your answers into the next cell before you run anything below it. Leave a `None` to skip one.
#
# 1. **`decode_speedup`**: Llama-3.1-8B on an H100, one user, 2,048-token context. How many times shorter is the
#    ITL at int4 than at fp16?
# 2. **`prefill_speedup`**: the same request. How many times shorter is the TTFT at int4?
# 3. **`cnn_int8_speedup`**: ResNet-50 inference on an A100 at batch 256. How many times faster is int8 than fp16?
# 4. **`int4_fade_batch`**: decode steps at growing batch (powers of two). At which batch does int4's speedup over
#    fp16 first drop below 2×?
# 5. **`int4_accuracy`**: the accuracy change, in percentage points, the compression model charges for 4-bit
#    weights.

# %%
import warnings

import matplotlib.pyplot as plt
import mlsysim
from mlsysim import CompressionModel, DecodeBoundModel, ServingModel, SingleNodeModel
from mlsysim.exercises import Exercises
from mlsysim.viz import plot_series

quiz = Exercises("06 Quantization: Not a Free Lunch")
quiz.predict("decode_speedup", None)  # your prediction: a ratio, e.g. 4.0 (right within 10 %)
quiz.predict("prefill_speedup", None)  # your prediction: a ratio
quiz.predict("cnn_int8_speedup", None)  # your prediction: a ratio
quiz.predict("int4_fade_batch", None)  # your prediction: a batch size, e.g. 64
quiz.predict("int4_accuracy", None)  # your prediction: percentage points, e.g. -1.0

# %% [markdown]
# ## One request, three precisions
#
# The same request at fp16, int8 and int4. The last column is the rate prefill runs at: the H100 lists an int8
# rate but no int4 one.

# %%
llama = mlsysim.Models.Language.Llama3_8B
h100 = mlsysim.Hardware.Cloud.H100
PRECISIONS = ["fp16", "int8", "int4"]
serving = ServingModel()


def ms(q):
    return q.to("ms").magnitude


def rate_used(hardware, precision):
    listed = hardware.compute.precision_flops
    if precision in listed:
        return f"{listed[precision].to('TFLOP/s').magnitude:,.0f} TFLOP/s (listed)"
    return f"{hardware.compute.peak_flops.to('TFLOP/s').magnitude:,.0f} TFLOP/s (headline)"


req = {p: serving.solve(model=llama, hardware=h100, seq_len=2048, batch_size=1, precision=p) for p in PRECISIONS}
fp16 = req["fp16"]
print(f"{'':>5}  {'weights':>8}  {'TTFT':>9}  {'speedup':>7}  {'ITL':>8}  {'speedup':>7}  prefill rate")
for p, r in req.items():
    print(f"{p:>5}  {r.model_weights_size.to('GB').magnitude:>5.2f} GB  {ms(r.ttft):>6.2f} ms  "
          f"{ms(fp16.ttft) / ms(r.ttft):>6.2f}x  {ms(r.itl):>5.3f} ms  {ms(fp16.itl) / ms(r.itl):>6.2f}x  "
          f"{rate_used(h100, p)}")

# %% [markdown]
# Why is the decode speedup short of the 4× byte ratio? Split each ITL into the part that moves bytes and the
# part that does not.

# %%
bw = h100.memory.bandwidth
print(f"{'':>5}  {'bytes read':>10}  {'bytes / BW':>10}  {'the rest':>9}")
split = {}
for p in ("fp16", "int4"):
    r = req[p]
    moved = ms((r.model_weights_size + r.kv_cache_size) / bw)
    split[p] = (moved, ms(r.itl) - moved)
    print(f"{p:>5}  {(r.model_weights_size + r.kv_cache_size).to('GB').magnitude:>7.3f} GB  {moved:>7.3f} ms  "
          f"{ms(r.itl) - moved:>6.3f} ms")
print(f"the byte term shrinks {split['fp16'][0] / split['int4'][0]:.2f}x; the rest ({llama.layers} layers x 0.01 ms) "
      f"does not shrink at all")

decode_speedup = ms(fp16.itl) / ms(req["int4"].itl)
prefill_speedup = ms(fp16.ttft) / ms(req["int4"].ttft)
quiz.check("decode_speedup", decode_speedup, unit="x",
           why=f"decode is memory-bound: {split['fp16'][0]:.3f} ms of bytes become {split['int4'][0]:.3f} ms, "
               f"but {split['int4'][1]:.2f} ms of per-layer overhead stays")
quiz.check("prefill_speedup", prefill_speedup, unit="x",
           why=f"prefill is compute-bound and the {h100.name} lists no int4 rate, so int4 runs at the same "
               f"{rate_used(h100, 'int4').split(' (')[0]} as fp16; int8 has a listed rate: "
               f"{ms(fp16.ttft) / ms(req['int8'].ttft):.2f}x")

# %% [markdown]
# One request, two regimes. Decode speeds up nearly in proportion to the bytes; prefill speeds up only where the
# hardware has faster arithmetic. Int8 buys both here, because the H100 has int8 tensor cores at twice the
# fp16 rate; int4 buys decode only.
#
# ## A compute-bound network
#
# ResNet-50 inference on an A100: at batch 1 the fixed per-call overhead dominates (tutorial 1), at batch 256
# the arithmetic does. The A100 lists no int4 rate either, and the solver warns when it falls back; here the
# warning is caught and shown as a line of the table's notes.

# %%
resnet = mlsysim.Models.Vision.ResNet50
a100 = mlsysim.Hardware.Cloud.A100
single = SingleNodeModel()
notes = []

cnn = {}
for b in (1, 256):
    for p in PRECISIONS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the same text is kept in the result's .warnings
            cnn[b, p] = single.solve(model=resnet, hardware=a100, batch_size=b, precision=p)
        notes += [w for w in cnn[b, p].warnings if w not in notes]

print(f"{'batch':>5}  {'':>5}  {'compute':>9}  {'memory':>9}  {'overhead':>9}  {'latency':>9}  {'speedup':>7}  bound")
for (b, p), r in cnn.items():
    print(f"{b:>5}  {p:>5}  {ms(r.latency_compute):>6.3f} ms  {ms(r.latency_memory):>6.3f} ms  "
          f"{ms(r.latency_overhead):>6.3f} ms  {ms(r.latency):>6.3f} ms  "
          f"{ms(cnn[b, 'fp16'].latency) / ms(r.latency):>6.2f}x  {r.bottleneck.lower()}")
for n in notes:
    print(f"note: {n}")

cnn_int8 = ms(cnn[256, "fp16"].latency) / ms(cnn[256, "int8"].latency)
quiz.check("cnn_int8_speedup", cnn_int8, unit="x",
           why=f"compute-bound, and the A100's int8 rate "
               f"({a100.compute.precision_flops['int8'].to('TFLOP/s').magnitude:.0f} TOPS) doubles the fp16 one; "
               f"the {ms(cnn[256, 'fp16'].latency_overhead):.3f} ms overhead does not halve")

# %% [markdown]
# Three cases in six rows. At batch 1 both roofline terms are small beside the fixed overhead, which no
# precision shrinks, so quantization barely matters. At batch 256 int8 nearly halves the latency, not because the
# weights got smaller (the memory time was never the binding term) but because int8 tensor cores run at twice
# the rate. Int4 halves the bytes again and changes nothing.
#
# ## Decode at growing batch
#
# Decode at batch 1 is deeply memory-bound, but a batch of $B$ requests shares one read of the weights while
# multiplying the FLOPs by $B$. `DecodeBoundModel` puts one decode step on the
# [roofline](../glossary.md#roofline-model): the weight read against $2PB$ FLOPs at the peak rate (weights only:
# no KV cache, no overheads, no efficiency derating). It uses the headline rate unless told otherwise, so int8
# is given its listed rate.

# %%
decode = DecodeBoundModel()
int8_rate = h100.compute.precision_flops["int8"]
BATCHES = [2 ** k for k in range(11)]


def decode_step(p, b):
    extra = {"peak_flops": int8_rate} if p == "int8" else {}
    return decode.solve(model=llama, hardware=h100, precision=p, batch_size=b, **extra)


def step_ms(d):
    return max(ms(d.compute_time), ms(d.memory_time))


sweep = {p: [decode_step(p, b) for b in BATCHES] for p in PRECISIONS}
speedup = {p: [step_ms(f) / step_ms(q) for f, q in zip(sweep["fp16"], sweep[p])] for p in ("int8", "int4")}
# ServingModel's ITL at the same batch (2,048-token context) for comparison: it has no compute term in decode
serving_ratio = [ms(serving.solve(model=llama, hardware=h100, seq_len=2048, batch_size=b, precision="fp16").itl)
                 / ms(serving.solve(model=llama, hardware=h100, seq_len=2048, batch_size=b, precision="int4").itl)
                 for b in BATCHES]

print(f"{'batch':>5}  {'fp16 step':>10} {'':<7}  {'int4 step':>10} {'':<7}  {'int8':>6}  {'int4':>6}  "
      f"{'ServingModel int4':>17}")
for i, b in enumerate(BATCHES):
    f, q = sweep["fp16"][i], sweep["int4"][i]
    print(f"{b:>5}  {step_ms(f):>7.3f} ms {f.bottleneck.lower():<7}  {step_ms(q):>7.3f} ms {q.bottleneck.lower():<7}  "
          f"{speedup['int8'][i]:>5.2f}x  {speedup['int4'][i]:>5.2f}x  {serving_ratio[i]:>16.2f}x")

fade = next(b for b, s in zip(BATCHES, speedup["int4"]) if s < 2)
turn = {p: next(b for b, d in zip(BATCHES, sweep[p]) if d.bottleneck == "Compute") for p in PRECISIONS}
print(f"\nfirst compute-bound batch: fp16 {turn['fp16']}, int8 {turn['int8']}, int4 {turn['int4']}")
quiz.check("int4_fade_batch", fade,
           why=f"int4 reads a quarter of the bytes, so its step turns compute-bound first (batch {turn['int4']}, "
               f"against {turn['fp16']} for fp16), and with no int4 rate its compute time is fp16's: at batch {fade} "
               f"fp16 takes {step_ms(sweep['fp16'][BATCHES.index(fade)]):.3f} ms, int4 "
               f"{step_ms(sweep['int4'][BATCHES.index(fade)]):.3f} ms")

# %% [markdown]
# Int4's advantage fades once its smaller weight read no longer hides the arithmetic, and it is gone where fp16
# turns compute-bound too. Int8 keeps its 2× at every batch here, because on the H100 its rate doubles along
# with its bytes.
#
# The last column is a warning about models, not chips. `ServingModel` charges decode to memory only (its
# documentation says so: it assumes decode is memory-bound), so in it the int4 speedup keeps *rising* with the
# batch, as the fixed overhead is spread thinner. Both models are right about what they include; at large batch
# the roofline's compute term is the one that decides, and a serving model without it overstates what int4
# buys. (The largest batches of that column also do not fit in memory at fp16; `ServingModel` computes them
# anyway and flags them infeasible.)

# %%
curves = {"int8 vs fp16 (roofline)": speedup["int8"], "int4 vs fp16 (roofline)": speedup["int4"],
          "int4 vs fp16 (ServingModel ITL, memory only)": serving_ratio}
fig, ax = plot_series(BATCHES, curves,
                      xlabel="batch size (requests per decode step)", ylabel="decode speedup over fp16 (x)",
                      title=f"{llama.name} decode on {h100.name}", logx=True)
plt.show()

# %% [markdown]
# ## What it costs
#
# `CompressionModel` reports the size, the [compression ratio](../glossary.md#compression-ratio) against a
# baseline (fp16 here, the precision the model is served at; its default baseline is fp32), an
# [accuracy delta](../glossary.md#accuracy-delta) and a speedup estimate. [Pruning](../glossary.md#pruning) is
# included for contrast: it also makes the model smaller.

# %%
compress = CompressionModel()
cases = [("int8", dict(method="quantization", target_bitwidth=8)),
         ("int4", dict(method="quantization", target_bitwidth=4)),
         ("prune 50 %", dict(method="pruning", sparsity=0.5)),
         ("prune 75 %", dict(method="pruning", sparsity=0.75))]
print(f"{'':>10}  {'size':>8}  {'ratio':>6}  {'accuracy':>8}  {'speedup estimate':>16}")
results = {}
for label, kw in cases:
    c = compress.solve(model=llama, hardware=h100, baseline_precision="fp16", **kw)
    results[label] = c
    print(f"{label:>10}  {c.compressed_size_gb.to('GB').magnitude:>5.2f} GB  {c.compression_ratio:>5.1f}x  "
          f"{100 * c.estimated_accuracy_delta:>+5.2f} pp  {c.inference_speedup:>15.1f}x")

int4_pp = 100 * results["int4"].estimated_accuracy_delta
quiz.check("int4_accuracy", int4_pp, unit="pp",
           why=f"a survey median for 4-bit weights; 8-bit costs "
               f"{100 * results['int8'].estimated_accuracy_delta:+.1f} pp")

# %% [markdown]
# Read this table with care. The accuracy changes are survey medians keyed on the bit width or the sparsity
# alone, not a prediction for your model or task; measure your own. The speedup estimate comes from a single
# batch-1 roofline: Llama-3.1-8B is memory-bound there, so quantization is credited with the full byte ratio,
# more than the decode speedup `ServingModel` found above. And unstructured pruning shrinks the file but not the
# time: a sparse matrix stored densely still moves and multiplies every entry.
#
# ## What the numbers show
#
# * **Quantization buys bytes.** It speeds up what bytes limit: LLM decode at small batch gets close to the byte
#   ratio, minus the fixed overheads that do not shrink.
# * **Compute-bound work needs a faster path, not fewer bytes.** Prefill and a large-batch CNN speed up only by
#   the ratio of the chip's low-precision rate to its fp16 rate: int8 doubles on the A100 and H100, int4 does
#   nothing on chips with no int4 rate.
# * **The regime moves with the batch.** Int4 makes decode compute-bound sooner, so its advantage fades as
#   batches grow; int8, with its own faster rate, keeps it.
# * **Check what a model leaves out.** A decode model without a compute term cannot see that fade.
# * **It is not free.** Fewer bits cost accuracy, more at 4 bits than at 8, and smaller (pruned) is not
#   automatically faster.
#
# **Going further.** Try Llama-3.1-70B on an H100 (`mlsysim.Models.Language.Llama3_70B`): which precisions
# make it fit at all? Or rerun the decode sweep on a chip that lists an int4 rate, `mlsysim.Hardware.Cloud.B200`
# (pass `DecodeBoundModel` that rate as `peak_flops`, as done for int8 above).

# %% [markdown]
# ## Answer key

# %%
quiz.answer_key()
