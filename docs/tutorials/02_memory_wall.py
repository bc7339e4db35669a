# %% [markdown]
# # 02 · The Memory Wall
#
# **The question.** An NVIDIA H100 has about 3.2 times the fp16 FLOP/s of an A100 (989 against 312 TFLOP/s).
# You move your Llama-3.1-8B service from one to the other. How much faster does it answer?
#
# **What you will learn**
#
# * why a [memory-bound](../glossary.md#memory-bound) workload speeds up by the ratio of memory
#   [bandwidth](../glossary.md#bandwidth), not by the ratio of FLOP/s, and a
#   [compute-bound](../glossary.md#compute-bound) one by the ratio of FLOP/s;
# * why fixed overheads shrink every upgrade's speedup;
# * why, in this model, LLM decoding stays memory-bound at every [batch size](../glossary.md#batch-size);
# * the **[memory wall](../glossary.md#memory-wall)**: across GPU generations compute has grown faster than bandwidth,
#   so the [ridge point](../glossary.md#ridge-point) rises and more workloads end up on its memory side.
#
# **Time:** about 15 minutes. **Before this:** [01 · Hello, Roofline](01_hello_roofline.md) (the
# [roofline model](../glossary.md#roofline-model)).

# %% [markdown]
# ## Background: the speedup is the ratio of whatever binds
#
# From tutorial 1, a forward pass takes $T = \max(T_\text{compute}, T_\text{memory}) + T_\text{overhead}$ with
# $T_\text{compute} = F B / (\eta R)$ and $T_\text{memory} = Q / \mathit{BW}$. Moving the same workload from GPU $a$
# to GPU $b$ gives the speedup
#
# $$S = \frac{T_a}{T_b}.$$
#
# If both runs are memory-bound and the overhead is small, $Q$ cancels and $S \approx \mathit{BW}_b / \mathit{BW}_a$;
# if both are compute-bound, $F B$ cancels and $S \approx R_b / R_a$. The overhead $T_\text{overhead}$ (a
# [dispatch tax](../glossary.md#dispatch-tax) plus 0.01 ms per layer) barely changes between chips, so it
# pulls $S$ toward 1.
#
# | symbol | meaning | unit |
# |---|---|---|
# | $R$ | peak rate at the precision (fp16 tensor cores) | FLOP/s |
# | $\mathit{BW}$ | [HBM](../glossary.md#hbm) bandwidth | bytes/s |
# | $R / \mathit{BW}$ | datasheet ridge point | FLOP/byte |
# | $S$ | speedup of $b$ over $a$: old latency ÷ new latency | — |

# %% [markdown]
# ## Predict first
#
# 1. **`speedup`**: Llama-3.1-8B, batch 1, fp16. How many times faster is the H100 than the A100?
# 2. **`resnet_speedup`**: ResNet-50 at batch 256 (compute-bound on both, tutorial 1). How many times
#    faster is the H100 there?
# 3. **`crossover`**: sweep Llama-3.1-8B's batch from 1 to 512 on the H100. At what batch does it first become
#    compute-bound? (A whole number, or `"never"`.)
# 4. **`h200_speedup`**: the H200 has the H100's compute and 4.8 TB/s of bandwidth instead of 3.35. How many times
#    faster is Llama-3.1-8B at batch 1 on it than on the H100?

# %%
import matplotlib.pyplot as plt
import mlsysim
from mlsysim import SingleNodeModel
from mlsysim.exercises import Exercises
from mlsysim.viz import plot_series

quiz = Exercises("02 The Memory Wall")
quiz.predict("speedup", None)  # your prediction: a ratio, e.g. 2.5 (right within 10 %)
quiz.predict("resnet_speedup", None)  # your prediction: a ratio (right within 10 %)
quiz.predict("crossover", None)  # your prediction: a batch size such as 64, or "never"
quiz.predict("h200_speedup", None)  # your prediction: a ratio (right within 10 %)

# %% [markdown]
# ## Two datasheets
#
# The ratios a vendor would quote, computed from the registry entries.

# %%
cloud = mlsysim.Hardware.Cloud
a100, h100 = cloud.A100, cloud.H100


def tflops(hw):
    return hw.compute.peak_flops.to("TFLOP/s").magnitude


def tbps(hw):
    return hw.memory.bandwidth.to("TB/s").magnitude


def ridge(hw):
    return hw.ridge_point().to("FLOP/B").magnitude


flops_ratio = tflops(h100) / tflops(a100)
bw_ratio = tbps(h100) / tbps(a100)
print(f"{'GPU':<12} {'TFLOP/s':>8} {'TB/s':>6} {'ridge FLOP/B':>13}")
for hw in (a100, h100):
    print(f"{hw.name:<12} {tflops(hw):>8.0f} {tbps(hw):>6.3f} {ridge(hw):>13.1f}")
print(f"{'H100 / A100':<12} {flops_ratio:>7.2f}x {bw_ratio:>5.2f}x {ridge(h100) / ridge(a100):>12.2f}x")

# %% [markdown]
# ## Llama-3.1-8B, one request at a time
#
# At batch 1 each step of token generation reads all of the weights to do about two FLOP per weight, so
# we expect the memory term to bind on both chips.

# %%
llama = mlsysim.Models.Language.Llama3_8B
solver = SingleNodeModel()


def ms(q):
    return q.to("ms").magnitude


def show(label, p):
    print(f"{label:<12} compute {ms(p.latency_compute):7.3f} ms  memory {ms(p.latency_memory):7.3f} ms  "
          f"overhead {ms(p.latency_overhead):5.3f} ms  latency {ms(p.latency):7.3f} ms  {p.bottleneck}")


la = solver.solve(model=llama, hardware=a100, batch_size=1, precision="fp16")
lh = solver.solve(model=llama, hardware=h100, batch_size=1, precision="fp16")
show("A100", la)
show("H100", lh)
speedup = ms(la.latency) / ms(lh.latency)
memory_ratio = ms(la.latency_memory) / ms(lh.latency_memory)
print(f"speedup {speedup:.2f}x; memory time alone {memory_ratio:.2f}x; FLOP/s ratio {flops_ratio:.2f}x")

quiz.check("speedup", speedup,
           why=f"memory-bound on both, so the bandwidth ratio {bw_ratio:.2f}x sets it, and the "
               f"{ms(la.latency_overhead):.3f} / {ms(lh.latency_overhead):.3f} ms overhead dilutes it to "
               f"{speedup:.2f}x: the {flops_ratio:.2f}x FLOP/s only shrinks a compute time nobody waits for")

# %% [markdown]
# You may have seen this upgrade quoted as "about 1.7×". The model's answer is the printed speedup: the bandwidth
# ratio, trimmed a little by the overhead that both chips pay.
#
# ## A compute-bound workload for contrast
#
# ResNet-50 at batch 256 spends almost all its time in arithmetic. At batch 1 (tutorial 1) it spent almost all
# of it in overhead.

# %%
resnet = mlsysim.Models.Vision.ResNet50
resnet_speedups = {}
for batch in (256, 1):
    ra = solver.solve(model=resnet, hardware=a100, batch_size=batch, precision="fp16")
    rh = solver.solve(model=resnet, hardware=h100, batch_size=batch, precision="fp16")
    show(f"A100 b={batch}", ra)
    show(f"H100 b={batch}", rh)
    resnet_speedups[batch] = ms(ra.latency) / ms(rh.latency)
    print(f"speedup at batch {batch}: {resnet_speedups[batch]:.2f}x\n")

quiz.check("resnet_speedup", resnet_speedups[256],
           why=f"compute-bound on both, so the FLOP/s ratio {flops_ratio:.2f}x sets it, less the overhead; "
               f"at batch 1 the overhead is most of the time and the upgrade gives only {resnet_speedups[1]:.2f}x")

# %% [markdown]
# ## Does batching ever rescue the LLM?
#
# Tutorial 1 showed AlexNet crossing the ridge as its batch grew. Sweep Llama-3.1-8B the same way, and compare the
# two GPUs at each batch.

# %%
BATCHES = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]
sweep_a = {b: solver.solve(model=llama, hardware=a100, batch_size=b, precision="fp16") for b in BATCHES}
sweep_h = {b: solver.solve(model=llama, hardware=h100, batch_size=b, precision="fp16") for b in range(1, 513)}

print(f"{'batch':>5}  {'FLOP/B':>6}  {'A100':>9}  {'H100':>9}  {'speedup':>7}  bound (A100 / H100)")
for b in BATCHES:
    pa, ph = sweep_a[b], sweep_h[b]
    print(f"{b:>5}  {ph.arithmetic_intensity.to('FLOP/B').magnitude:>6.2f}  {ms(pa.latency):>6.2f} ms  "
          f"{ms(ph.latency):>6.2f} ms  {ms(pa.latency) / ms(ph.latency):>6.2f}x  "
          f"{pa.bottleneck.lower()} / {ph.bottleneck.lower()}")

compute_bound = [b for b, p in sweep_h.items() if p.bottleneck == "compute"]
crossover = compute_bound[0] if compute_bound else "never"
limit = 10 * (llama.inference_flops / lh.memory_footprint).to("FLOP/B").magnitude  # 10 F / W
print(f"\nfirst compute-bound batch on the H100 (1..512): {crossover}")
print(f"intensity limit 10 F / W = {limit:.1f} FLOP/B; H100 achieved ridge {0.5 * ridge(h100):.1f} FLOP/B")

quiz.check("crossover", crossover,
           why=f"the model charges {0.1:.0%} of the weights as traffic per sample, so the intensity "
               f"F B / (W (1 + 0.1 B)) never exceeds 10 F / W = {limit:.1f} FLOP/B, far below the achieved ridge "
               f"{0.5 * ridge(h100):.1f} FLOP/B")

# %% [markdown]
# The speedup column hugs the bandwidth ratio at every batch, and no batch reaches the ridge. Why: the model's
# traffic is $Q = W(1 + 0.1B)$, so both the work and the bytes grow linearly with $B$ and the intensity saturates
# at $10\,F/W$. For an LLM, $F \approx 2$ FLOP per parameter and $W = 2$ bytes per parameter at fp16, so the
# ceiling is about 10 FLOP/byte.
#
# That is a property of the model's 10 %-per-sample activation estimate, not of real hardware. A real decode step
# at batch $B$ reads the weights once and moves far less than 10 % of them in activations per sequence, so its
# intensity keeps growing roughly like $B$ and large-batch decoding does become compute-bound on real GPUs.
# Treat this solver's verdict on big LLM batches as pessimistic. `ServingModel` (tutorial 3) does not settle it
# either: it charges decode memory time only, as its documentation says. Tutorial 6 puts a batch of decode steps
# on the roofline with `DecodeBoundModel`, which reads the weights once per batch, and finds the crossover.

# %% [markdown]
# ## A bandwidth-only upgrade
#
# The H200 keeps the H100's compute and raises its bandwidth. Its datasheet ridge is lower than the H100's.

# %%
h200 = cloud.H200
l200 = solver.solve(model=llama, hardware=h200, batch_size=1, precision="fp16")
r100 = solver.solve(model=resnet, hardware=h100, batch_size=256, precision="fp16")
r200 = solver.solve(model=resnet, hardware=h200, batch_size=256, precision="fp16")
show("H100", lh)
show("H200", l200)
h200_speedup = ms(lh.latency) / ms(l200.latency)
resnet_h200 = ms(r100.latency) / ms(r200.latency)
print(f"Llama-3.1-8B b=1: {h200_speedup:.2f}x;  ResNet-50 b=256: {resnet_h200:.2f}x;  "
      f"bandwidth {tbps(h200) / tbps(h100):.2f}x, FLOP/s {tflops(h200) / tflops(h100):.2f}x")

quiz.check("h200_speedup", h200_speedup,
           why=f"no extra FLOP/s at all, yet {h200_speedup:.2f}x for the memory-bound LLM (bandwidth "
               f"{tbps(h200) / tbps(h100):.2f}x) and {resnet_h200:.2f}x for compute-bound ResNet-50")

# %% [markdown]
# ## Five generations: the wall
#
# The same batch-1 request on every generation in the registry since the V100, with each datasheet's growth
# relative to the V100.

# %%
gens = [cloud.V100, cloud.A100, cloud.H100, cloud.H200, cloud.B200]
base = gens[0]
base_latency = ms(solver.solve(model=llama, hardware=base, batch_size=1, precision="fp16").latency)
print(f"{'GPU':<12} {'year':>4} {'TFLOP/s':>8} {'TB/s':>6} {'ridge':>6} {'FLOP/s x':>8} {'BW x':>5} "
      f"{'Llama b=1':>10} {'speedup':>7}")
for hw in gens:
    p = solver.solve(model=llama, hardware=hw, batch_size=1, precision="fp16")
    print(f"{hw.name:<12} {hw.release_year:>4} {tflops(hw):>8.0f} {tbps(hw):>6.2f} {ridge(hw):>6.1f} "
          f"{tflops(hw) / tflops(base):>7.1f}x {tbps(hw) / tbps(base):>4.1f}x {ms(p.latency):>7.2f} ms "
          f"{base_latency / ms(p.latency):>6.2f}x")

# %% [markdown]
# ## The picture
#
# Speedup of the H100 over the A100 against batch size, for the memory-bound LLM and the compute-bound CNN,
# with the two datasheet ratios drawn as flat lines.

# %%
plot_batches = [1, 2, 4, 8, 16, 32, 64, 128, 256]


def upgrade(model, b):
    old = solver.solve(model=model, hardware=a100, batch_size=b, precision="fp16")
    new = solver.solve(model=model, hardware=h100, batch_size=b, precision="fp16")
    return ms(old.latency) / ms(new.latency)


fig, ax = plot_series(
    plot_batches,
    {
        "Llama-3.1-8B": [upgrade(llama, b) for b in plot_batches],
        "ResNet-50": [upgrade(resnet, b) for b in plot_batches],
        "FLOP/s ratio": [flops_ratio] * len(plot_batches),
        "bandwidth ratio": [bw_ratio] * len(plot_batches),
    },
    xlabel="batch size",
    ylabel="speedup, H100 over A100",
    title="Which ratio you get depends on which roof binds",
    logx=True,
)
plt.show()

# %% [markdown]
# ## What the numbers show
#
# * **Speedup follows the binding resource.** The memory-bound LLM gains about the bandwidth ratio; the
#   compute-bound CNN at a large batch gains close to the FLOP/s ratio. A headline FLOP/s number says nothing about
#   a workload left of the ridge.
# * **Overhead is the tax on every upgrade.** A fixed per-call cost that does not shrink on the new chip pulls every
#   speedup toward 1: a little for the LLM, almost completely for ResNet-50 at batch 1.
# * **In this model, batching does not move an LLM off the memory roof.** The per-sample activation traffic keeps
#   the intensity below about 10 FLOP/byte at any batch; real decoding batches better than that (see the caveat
#   above).
# * **Bandwidth-only upgrades are real upgrades.** The H200 adds no FLOP/s and still speeds up the LLM, while the
#   compute-bound CNN sees no change at all.
# * **The wall is the ridge moving right.** From the V100 on, peak FLOP/s has grown much faster than bandwidth, so
#   the ridge has roughly doubled and a workload of fixed intensity finds itself ever further on the memory side.

# %%
print(f"A100 -> H100: FLOP/s {flops_ratio:.2f}x, bandwidth {bw_ratio:.2f}x; Llama-3.1-8B b=1 {speedup:.2f}x, "
      f"ResNet-50 b=256 {resnet_speedups[256]:.2f}x, b=1 {resnet_speedups[1]:.2f}x")
print(f"H100 -> H200: Llama-3.1-8B b=1 {h200_speedup:.2f}x, ResNet-50 b=256 {resnet_h200:.2f}x")
print(f"ridge V100 {ridge(base):.1f} -> B200 {ridge(cloud.B200):.1f} FLOP/B")

# %% [markdown]
# ## Answer key

# %%
quiz.answer_key()
