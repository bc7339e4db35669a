# %% [markdown]
# # 01 · Hello, Roofline
#
# **The question.** You run ResNet-50 on an NVIDIA A100, one image at a time. Is the GPU waiting on its
# arithmetic units or on its memory, and what changes when you send it a batch of images instead?
#
# **What you will learn**
#
# * the [roofline model](../glossary.md#roofline-model): a workload's time is set by the slower of two
#   things, doing the arithmetic or moving the bytes;
# * how to tell a [memory-bound](../glossary.md#memory-bound) workload from a
#   [compute-bound](../glossary.md#compute-bound) one, by comparing its
#   [arithmetic intensity](../glossary.md#arithmetic-intensity) with the chip's
#   [ridge point](../glossary.md#ridge-point);
# * why [batch size](../glossary.md#batch-size) is the knob that moves a workload along the roofline,
#   and what a fixed per-call overhead does to small batches.
#
# **Time:** about 10 minutes. No GPU needed: every number below comes from datasheet values and
# closed-form equations.

# %% [markdown]
# ## Background: two ways to be slow
#
# For one forward pass over a batch of $B$ inputs, `SingleNodeModel` charges two times and keeps the larger:
#
# $$T_\text{compute} = \frac{F \cdot B}{\eta \, R}, \qquad
#   T_\text{memory} = \frac{Q}{\mathit{BW}}, \qquad Q = W\,(1 + 0.1\,B)$$
#
# $$T = \max(T_\text{compute},\ T_\text{memory}) + T_\text{overhead}$$
#
# | symbol | meaning | unit |
# |---|---|---|
# | $F$ | work per input (ResNet-50: 8.2 GFLOP per image, 2 FLOP per multiply-add) | FLOP |
# | $R$ | the chip's peak rate at this precision (A100, fp16 tensor cores: 312 TFLOP/s) | FLOP/s |
# | $\eta$ | [efficiency](../glossary.md#efficiency): the share of peak a real kernel reaches (0.5); compute only | — |
# | $W$ | weight bytes: parameters × bytes per parameter (2 at fp16) | bytes |
# | $Q$ | bytes moved: the weights once, plus activations estimated at 10 % of the weights per input | bytes |
# | $\mathit{BW}$ | [bandwidth](../glossary.md#bandwidth) of the [HBM](../glossary.md#hbm), A100: 2.039 TB/s | B/s |
# | $T_\text{overhead}$ | per call: [dispatch tax](../glossary.md#dispatch-tax) plus 0.01 ms per layer | s |
#
# The ratio of work to traffic is the **arithmetic intensity** $I = F B / Q$ (FLOP per byte). The workload is
# memory-bound when $T_\text{memory} > T_\text{compute}$, which rearranges to
#
# $$I < \frac{\eta R}{\mathit{BW}}.$$
#
# The right-hand side is the **ridge point**: the intensity at which the sloped memory roof of the roofline
# meets its flat compute roof. The datasheet ridge is $R / \mathit{BW}$; the solver's test uses the *achieved*
# ridge $\eta R / \mathit{BW}$, which at the default $\eta = 0.5$ is half as high. Keep both in mind: the
# difference is the first surprise of this tutorial.

# %% [markdown]
# ## Predict first
#
# Write your answers into the next cell before you run anything below it. Leave a `None` to skip one.
#
# 1. **`bound`**: ResNet-50 on an A100, batch 1, fp16. Memory-bound or compute-bound?
# 2. **`overhead_share`**: what percentage of that batch-1 latency is the fixed per-call overhead?
# 3. **`bound_at_peak`**: the same run, but assume kernels reach 100 % of peak ($\eta = 1$). Which regime now?
# 4. **`throughput_gain`**: how many times more images per second does batch 256 deliver than batch 1?
# 5. **`alexnet_flip`**: AlexNet on the same A100 is memory-bound at batch 1. At what batch size does it first
#    become compute-bound?
# 6. **`llm_bound`**: Llama-3.1-8B on the same A100 at batch 1 (one token per step). Memory or compute?

# %%
import matplotlib.pyplot as plt
import mlsysim
from mlsysim import SingleNodeModel
from mlsysim.exercises import Exercises
from mlsysim.viz import plot_batch_sweep, plot_roofline

quiz = Exercises("01 Hello, Roofline")
quiz.predict("bound", None)  # your prediction: "memory" or "compute"
quiz.predict("overhead_share", None)  # your prediction: a percentage, e.g. 20 (right within 10 %)
quiz.predict("bound_at_peak", None)  # your prediction: "memory" or "compute"
quiz.predict("throughput_gain", None)  # your prediction: a ratio, e.g. 100 (right within 10 %)
quiz.predict("alexnet_flip", None)  # your prediction: a whole batch size, e.g. 64 (right within 10 %)
quiz.predict("llm_bound", None)  # your prediction: "memory" or "compute"

# %% [markdown]
# ## The workload and the machine
#
# Both come from the registry of vetted datasheet entries. The ridge points are computed from the two
# hardware numbers: once at peak, once at the solver's default efficiency.

# %%
resnet = mlsysim.Models.Vision.ResNet50
a100 = mlsysim.Hardware.Cloud.A100
ETA = 0.5  # SingleNodeModel's default efficiency

peak = a100.compute.peak_flops.to("TFLOP/s").magnitude
bw = a100.memory.bandwidth.to("TB/s").magnitude
ridge_peak = a100.ridge_point().to("FLOP/B").magnitude
ridge_eff = ETA * ridge_peak

print(f"{resnet.name}: {resnet.parameters.magnitude / 1e6:.1f} M parameters, "
      f"{resnet.inference_flops.to('GFLOP').magnitude:.1f} GFLOP per image, {resnet.layers} layers")
print(f"{a100.name}: {peak:.0f} TFLOP/s fp16, {bw:.3f} TB/s, {a100.memory.capacity:~P}")
print(f"ridge point at peak (R / BW):          {ridge_peak:6.1f} FLOP/B")
print(f"ridge point at eta = {ETA} (eta R / BW): {ridge_eff:6.1f} FLOP/B")

# %% [markdown]
# ## One image at a time
#
# Solve batch 1 and look inside the [latency](../glossary.md#latency): the compute time, the memory time, and the
# overhead (dispatch tax plus the per-layer [framework tax](../glossary.md#framework-tax)) that is added on top of
# whichever of the two is larger.

# %%
solver = SingleNodeModel()
p1 = solver.solve(model=resnet, hardware=a100, batch_size=1, precision="fp16")


def ms(q):
    return q.to("ms").magnitude


intensity_1 = p1.arithmetic_intensity.to("FLOP/B").magnitude
share = 100 * ms(p1.latency_overhead) / ms(p1.latency)
print(f"compute time   {ms(p1.latency_compute):.4f} ms")
print(f"memory time    {ms(p1.latency_memory):.4f} ms")
print(f"overhead       {ms(p1.latency_overhead):.4f} ms")
print(f"latency        {ms(p1.latency):.4f} ms  ({p1.throughput.magnitude:,.0f} images/s)")
print(f"intensity      {intensity_1:.1f} FLOP/B")
print(f"bottleneck     {p1.bottleneck}")

quiz.check("bound", p1.bottleneck.lower(),
           why=f"compute {ms(p1.latency_compute):.4f} ms > memory {ms(p1.latency_memory):.4f} ms: "
               f"intensity {intensity_1:.1f} FLOP/B is right of the achieved ridge {ridge_eff:.1f} FLOP/B")
quiz.check("overhead_share", share, unit="%",
           why=f"{ms(p1.latency_overhead):.3f} ms of fixed overhead ({resnet.layers} layers x 0.01 ms + "
               f"{ms(a100.dispatch_tax):.3f} ms dispatch) dwarfs the {ms(p1.latency_compute):.4f} ms of arithmetic")

# %% [markdown]
# Two things to notice. First, the *regime* is decided by the two roofline terms alone, but at batch 1 neither
# of them is what you wait for: the per-call overhead is most of the latency (the profile flags this as
# `overhead_dominated`). Second, the intensity lies *between* the two ridge points. Against the datasheet
# ridge ResNet-50 looks memory-bound; against the compute a kernel actually achieves it is compute-bound.
#
# This is why the product page's Quick Start comment says "Memory Bound" while the model prints
# "Compute Bound". The verdict is close, and two modelling choices each tip it. Older registries counted
# ResNet-50 as 4.1 GFLOP (one FLOP per multiply-add); and an efficiency of 1 removes the derating. The next
# cell checks both what-ifs with the solver's own equation.

# %%
p_peak = solver.solve(model=resnet, hardware=a100, batch_size=1, precision="fp16", efficiency=1.0)
print(f"eta = 1.0:  compute {ms(p_peak.latency_compute):.4f} ms vs memory {ms(p_peak.latency_memory):.4f} ms "
      f"-> {p_peak.bottleneck}")

half_flops_compute_ms = ms(p1.latency_compute) / 2  # 4.1 GFLOP per image at the same eta
old_verdict = "Memory Bound" if ms(p1.latency_memory) > half_flops_compute_ms else "Compute Bound"
print(f"4.1 GFLOP:  compute {half_flops_compute_ms:.4f} ms vs memory {ms(p1.latency_memory):.4f} ms "
      f"-> {old_verdict}")

quiz.check("bound_at_peak", p_peak.bottleneck.lower(),
           why=f"at eta = 1 the ridge is {ridge_peak:.1f} FLOP/B, above the workload's {intensity_1:.1f} FLOP/B, "
               f"so memory {ms(p_peak.latency_memory):.4f} ms > compute {ms(p_peak.latency_compute):.4f} ms")

# %% [markdown]
# ## Sweep the batch size
#
# A batch of $B$ images reads the weights once, so the work grows by $B$ while the traffic grows only by
# $1 + 0.1B$: the intensity climbs, and the fixed overhead is shared by more images.

# %%
BATCHES = [1, 2, 4, 8, 16, 32, 64, 128, 256]
profiles = {b: solver.solve(model=resnet, hardware=a100, batch_size=b, precision="fp16") for b in BATCHES}

print(f"{'batch':>5}  {'FLOP/B':>7}  {'compute':>9}  {'memory':>9}  {'overhead':>9}  {'latency':>9}  "
      f"{'images/s':>9}  bound")
for b, p in profiles.items():
    print(f"{b:>5}  {p.arithmetic_intensity.to('FLOP/B').magnitude:>7.1f}  {ms(p.latency_compute):>6.3f} ms  "
          f"{ms(p.latency_memory):>6.3f} ms  {ms(p.latency_overhead):>6.3f} ms  {ms(p.latency):>6.3f} ms  "
          f"{p.throughput.magnitude:>9,.0f}  {p.bottleneck.lower()}")

gain = profiles[256].throughput.magnitude / profiles[1].throughput.magnitude
ceiling = (ETA * a100.compute.peak_flops / resnet.inference_flops).to("1/s").magnitude
print(f"\nthroughput gain, batch 256 over batch 1: {gain:.1f}x")
print(f"compute ceiling eta R / F:              {ceiling:,.0f} images/s")

quiz.check("throughput_gain", gain,
           why=f"latency grows {ms(profiles[256].latency) / ms(p1.latency):.1f}x for 256x the images: the "
               f"{ms(p1.latency_overhead):.3f} ms overhead is paid once per batch, and throughput approaches the "
               f"compute ceiling of {ceiling:,.0f} images/s")

# %% [markdown]
# Every row of that table is compute-bound: ResNet-50 starts right of the achieved ridge and only moves further
# right. To watch a workload *cross* the ridge, take one with little work per weight byte. AlexNet has 60 M
# parameters, most of them in its fully connected layers, but only 1.5 GFLOP per image.

# %%
alexnet = mlsysim.Models.Vision.AlexNet
sweep = {b: solver.solve(model=alexnet, hardware=a100, batch_size=b, precision="fp16") for b in range(1, 65)}
flip = min(b for b, p in sweep.items() if p.bottleneck == "compute")

print(f"{'batch':>5}  {'FLOP/B':>7}  {'compute':>9}  {'memory':>9}  bound")
for b in sorted({1, 2, 4, 8, flip - 1, flip, 32, 64}):
    p = sweep[b]
    print(f"{b:>5}  {p.arithmetic_intensity.to('FLOP/B').magnitude:>7.1f}  {ms(p.latency_compute):>6.3f} ms  "
          f"{ms(p.latency_memory):>6.3f} ms  {p.bottleneck.lower()}")

quiz.check("alexnet_flip", flip,
           why=f"intensity {sweep[flip - 1].arithmetic_intensity.to('FLOP/B').magnitude:.1f} FLOP/B at batch "
               f"{flip - 1} and {sweep[flip].arithmetic_intensity.to('FLOP/B').magnitude:.1f} at batch {flip}: "
               f"the first batch past the achieved ridge of {ridge_eff:.1f} FLOP/B")

# %% [markdown]
# ## A language model on the same chip
#
# Generating one [token](../glossary.md#token) with Llama-3.1-8B reads all 16 GB of its fp16 weights to do about 2 FLOP
# per weight: roughly one FLOP per byte. Compare that with the ridge points above.

# %%
llama = mlsysim.Models.Language.Llama3_8B
pl = solver.solve(model=llama, hardware=a100, batch_size=1, precision="fp16")
intensity_llm = pl.arithmetic_intensity.to("FLOP/B").magnitude
print(f"{llama.name}: intensity {intensity_llm:.2f} FLOP/B, compute {ms(pl.latency_compute):.3f} ms, "
      f"memory {ms(pl.latency_memory):.3f} ms, latency {ms(pl.latency):.3f} ms, {pl.bottleneck}")

quiz.check("llm_bound", pl.bottleneck.lower(),
           why=f"{intensity_llm:.2f} FLOP/B is far left of the {ridge_eff:.1f} FLOP/B ridge: memory "
               f"{ms(pl.latency_memory):.3f} ms vs compute {ms(pl.latency_compute):.3f} ms")

# %% [markdown]
# ## The picture
#
# The roofline plots attained FLOP/s against arithmetic intensity on log–log axes: the sloped memory roof, the
# flat compute roof at $\eta R$, the achieved ridge where they meet, and the datasheet roof dotted above it. A
# filled dot is what the workload attains with the overhead counted; a hollow one above it is where the roofline
# alone would put it. The two panels are batch 1 and batch 64: watch AlexNet cross the ridge, and the overhead gap
# close. The last plot is ResNet-50's batch sweep from the table above.

# %%
on_a100 = [("ResNet-50", resnet), ("AlexNet", alexnet), ("Llama-3.1-8B", llama)]
fig, axes = plt.subplots(1, 2, figsize=(16, 6), layout="constrained")
for ax, batch in zip(axes, (1, 64)):
    plot_roofline(a100, workloads=on_a100, batch_size=batch, ax=ax)
plt.show()

fig, ax = plot_batch_sweep(resnet, a100, BATCHES)
plt.show()

# %% [markdown]
# ## What the numbers show
#
# * **The larger of two times wins.** The roofline compares the time to do the arithmetic with the time to move
#   the bytes; the arithmetic intensity against the ridge point tells you which is larger without computing both.
# * **Which ridge you compare with matters.** ResNet-50 at batch 1 sits between the datasheet ridge and the
#   achieved one, so its verdict flips with the efficiency you assume. A workload close to the ridge is
#   neither clearly one nor the other: its two roofline terms are nearly equal.
# * **At batch 1 the overhead dominates.** Neither roof is what you wait for: the fixed per-call cost is most
#   of the latency, so a faster chip would barely help (tutorial 2 shows this).
# * **Batching buys [throughput](../glossary.md#throughput), not latency.** Larger batches raise the intensity and
#   spread the overhead, so images per second climb toward the compute ceiling while each batch takes longer.
# * **Batch size moves a workload across the ridge.** AlexNet, with little work per weight byte, starts on the
#   memory side and crosses to the compute side once the batch is large enough to reuse each weight many times.
# * **LLM decoding lives far left of the ridge.** One token per step does about one FLOP per byte of weights:
#   memory-bound by nearly two orders of magnitude. That is the subject of tutorials 2 and 3.

# %%
print(f"ResNet-50 batch 1: intensity {intensity_1:.1f} FLOP/B between ridges {ridge_eff:.1f} and "
      f"{ridge_peak:.1f} FLOP/B; overhead {share:.1f}% of {ms(p1.latency):.4f} ms")
print(f"ResNet-50 batch 256: {gain:.1f}x the images/s of batch 1; AlexNet compute-bound from batch {flip}; "
      f"Llama-3.1-8B: {intensity_llm:.2f} FLOP/B")

# %% [markdown]
# ## Answer key

# %%
quiz.answer_key()
