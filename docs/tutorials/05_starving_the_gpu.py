# %% [markdown]
# # 05 · Starving the GPU
#
# **The question.** You train ResNet-50 on an NVIDIA A100, and eight CPU worker processes decode and augment
# the JPEGs that feed it. Is the GPU busy, or is it waiting for images? And if you swap the A100 for an H100,
# with more than three times the fp16 tensor-core rate (989 against 312 TFLOP/s), how much faster does training get?
#
# **What you will learn**
#
# * a training step is a pipeline of three stages (storage and host link, CPU preprocessing, accelerator compute) and,
#   with [prefetching](../glossary.md#prefetching), the slowest stage sets the pace: the
#   [bottleneck](../glossary.md#bottleneck);
# * how to compare the [CPU preprocessing](../glossary.md#cpu-preprocessing) time with the GPU's step time, and
#   what the GPU's [utilization](../glossary.md#utilization) is when it starves;
# * why a larger [batch size](../glossary.md#batch-size) does not rescue a starved GPU, and how many workers do;
# * why a faster accelerator can buy nothing at all.
#
# **Time:** about 15 minutes. **Before this:** [01 · Hello, Roofline](01_hello_roofline.md) (the step time of one
# accelerator). Tutorials 2 to 4 looked for the limit inside the accelerator; this one looks upstream of it.

# %% [markdown]
# ## Background: three stages, one pace
#
# Each training step consumes a batch of $B$ samples of $s$ bytes each (compressed JPEGs here). Before the GPU
# can use them, they are read from [storage](../glossary.md#storage-bandwidth) and across the
# [host link](../glossary.md#host-link), then decoded, cropped and augmented by CPU workers. When any stage is
# slower than the GPU, the GPU waits: a [data pipeline stall](../glossary.md#data-pipeline-stall). Three models,
# one per stage:
#
# | stage | solver | time for one batch |
# |---|---|---|
# | GPU forward + backward | `SingleNodeModel(is_training=True)` | $t_\text{gpu}$, as in tutorial 1 with $3F$ |
# | CPU preprocessing | `TransformationModel` | $t_\text{cpu} = B s / X$ |
# | storage and host link | `DataModel` | $t_\text{io} = B s / \mathit{BW}_\text{io}$ |
#
# $$t_\text{gpu} = \max\!\left(\frac{3 F B}{\eta R},\ \frac{Q}{\mathit{BW}}\right) + t_\text{overhead}$$
#
# | symbol | meaning | here |
# |---|---|---|
# | $F$ | forward FLOPs per sample; training costs $3F$ (backward = twice the forward) | ResNet-50: 8.2 GFLOP |
# | $R$, $\eta$ | peak FLOP/s at the precision, and the achieved fraction of it | A100 fp16: 312 TFLOP/s; 0.5 |
# | $Q$, $\mathit{BW}$ | bytes moved per step, and memory bandwidth | |
# | $s$ | bytes per raw sample | 500 KB, a large high-resolution JPEG |
# | $X$ | CPU preprocessing throughput, bytes/s | 8 workers × 250 MB/s = 2 GB/s |
# | $\mathit{BW}_\text{io}$ | the slower of storage and host link | A100: no storage listed; PCIe Gen4 32 GB/s |
#
# With prefetching (the CPU prepares batch $k+1$ while the GPU computes batch $k$) the stages overlap, so a
# step takes as long as the slowest of them, not their sum. The GPU's utilization is its share of that time:
#
# $$t_\text{step} = \max(t_\text{gpu},\ t_\text{cpu},\ t_\text{io}), \qquad
#   U_\text{gpu} = \frac{t_\text{gpu}}{t_\text{step}}.$$
#
# `TransformationModel` compares $t_\text{cpu}$ with $t_\text{gpu}$; `DataModel` compares the data rate the GPU
# would consume, $B s / t_\text{gpu}$, with the slower path's bandwidth.

# %% [markdown]
# ## Predict first
#
# Write your answers into the next cell before you run anything below it. Leave a `None` to skip one.
#
# 1. **`bound`**: ResNet-50 training on an A100, batch 256, eight workers (2 GB/s). Which stage sets the pace,
#    `"gpu"` or `"cpu"`?
# 2. **`gpu_util`**: what percentage of the step does the GPU spend computing?
# 3. **`first_cpu_bound_batch`**: sweeping the batch over powers of two from 1, at which batch does the CPU first
#    become the bottleneck?
# 4. **`workers_needed`**: at batch 256, how many 250 MB/s workers keep the A100 fully busy?
# 5. **`h100_speedup`**: swap the A100 for an H100 and keep the eight workers. How many times faster is a step?

# %%
import math

import matplotlib.pyplot as plt
import mlsysim
from mlsysim import DataModel, SingleNodeModel, TransformationModel
from mlsysim.exercises import Exercises
from mlsysim.viz import plot_series

quiz = Exercises("05 Starving the GPU")
quiz.predict("bound", None)  # your prediction: "gpu" or "cpu"
quiz.predict("gpu_util", None)  # your prediction: a percentage, e.g. 50 (right within 10 %)
quiz.predict("first_cpu_bound_batch", None)  # your prediction: a batch size, e.g. 64
quiz.predict("workers_needed", None)  # your prediction: a whole number of workers
quiz.predict("h100_speedup", None)  # your prediction: a ratio, e.g. 3.0

# %% [markdown]
# ## The GPU's side: one training step
#
# `is_training=True` charges the forward and backward passes (three times the forward FLOPs) and three times the
# per-layer [framework tax](../glossary.md#framework-tax).

# %%
Q_ = mlsysim.Q_
resnet = mlsysim.Models.Vision.ResNet50
a100 = mlsysim.Hardware.Cloud.A100
BATCH = 256
SAMPLE = Q_("500 KB")
WORKER = Q_("250 MB/s")
WORKERS = 8
cpu = WORKERS * WORKER

single = SingleNodeModel()
transform = TransformationModel()
data = DataModel()


def ms(q):
    return q.to("ms").magnitude


def gpu_step(hardware, batch):
    return single.solve(model=resnet, hardware=hardware, batch_size=batch, precision="fp16", is_training=True)


step = gpu_step(a100, BATCH)
print(f"{resnet.name} training on {a100.name}, batch {BATCH}, fp16")
print(f"  compute   {ms(step.latency_compute):7.3f} ms")
print(f"  memory    {ms(step.latency_memory):7.3f} ms")
print(f"  overhead  {ms(step.latency_overhead):7.3f} ms")
print(f"  GPU step  {ms(step.latency):7.3f} ms   ({step.bottleneck}, {step.throughput.magnitude:,.0f} images/s)")

# %% [markdown]
# ## Can storage and the host link keep up?
#
# If the GPU ran flat out it would consume $B s / t_\text{gpu}$ bytes per second. The A100 entry lists no local
# storage, so its supply is the PCIe link.

# %%
demand = BATCH * SAMPLE / step.latency
ingest = data.solve(workload_data_rate=demand, hardware=a100)
print(f"demand {demand.to('GB/s').magnitude:.3f} GB/s vs supply {ingest.supply_bw.to('GB/s').magnitude:.1f} GB/s "
      f"({ingest.bottleneck}): {ingest.utilization:.1%} used, stalled: {ingest.is_stalled}")

# %% [markdown]
# ## Can the CPU keep up?

# %%
x = transform.solve(batch_size=BATCH, sample_size_bytes=SAMPLE, cpu_throughput=cpu, accelerator_step_time=step.latency)
pace = "cpu" if x.is_bottleneck else "gpu"
print(f"CPU preprocessing {ms(x.transform_time):.3f} ms ({BATCH} x {SAMPLE.to('kB').magnitude:.0f} kB at "
      f"{cpu.to('GB/s').magnitude:.0f} GB/s) vs GPU step {ms(x.accelerator_step_time):.3f} ms")
print(f"bottleneck: {pace.upper()}; GPU utilization {x.accelerator_utilization:.1%}; "
      f"each step takes {x.slowdown_factor:.2f}x the GPU's time")

quiz.check("bound", pace,
           why=f"decoding {BATCH} images takes {ms(x.transform_time):.1f} ms, the GPU needs only "
               f"{ms(x.accelerator_step_time):.2f} ms for them")
quiz.check("gpu_util", 100 * x.accelerator_utilization, unit="%",
           why=f"with prefetch the step is the slower stage: {ms(x.accelerator_step_time):.2f} ms of compute in every "
               f"{ms(x.transform_time):.1f} ms")

# %% [markdown]
# ## Does a bigger batch help?
#
# Sweep the batch. The CPU's time is exactly linear in $B$. The GPU's starts from a fixed overhead and then grows
# linearly too, but by less per image than the CPU's.

# %%
BATCHES = [2 ** k for k in range(11)]
rows = []
for b in BATCHES:
    g = gpu_step(a100, b)
    t = transform.solve(batch_size=b, sample_size_bytes=SAMPLE, cpu_throughput=cpu, accelerator_step_time=g.latency)
    rows.append((b, ms(g.latency), ms(t.transform_time), t.accelerator_utilization, t.is_bottleneck))

print(f"{'batch':>5}  {'GPU step':>10}  {'CPU prep':>10}  {'step':>10}  {'GPU util':>8}  bound")
for b, tg, tc, u, cpu_bound in rows:
    print(f"{b:>5}  {tg:>7.2f} ms  {tc:>7.2f} ms  {max(tg, tc):>7.2f} ms  {u:>8.1%}  {'CPU' if cpu_bound else 'GPU'}")

first_cpu = next(b for b, _, _, _, cpu_bound in rows if cpu_bound)
# per image, at large batch: the GPU's slope against the CPU's
gpu_per_image = (rows[-1][1] - rows[-2][1]) / (rows[-1][0] - rows[-2][0])
cpu_per_image = (SAMPLE / cpu).to("ms").magnitude
print(f"\nfirst CPU-bound batch: {first_cpu}")
print(f"per image: GPU {gpu_per_image:.4f} ms, CPU {cpu_per_image:.4f} ms -> utilization levels off near "
      f"{gpu_per_image / cpu_per_image:.1%}")

quiz.check("first_cpu_bound_batch", first_cpu,
           why=f"below it the GPU's fixed {ms(step.latency_overhead):.3f} ms of overhead hides the CPU; from batch "
               f"{first_cpu} on, {cpu_per_image:.2f} ms of CPU per image outruns {gpu_per_image:.4f} ms of GPU "
               f"per image")

# %% [markdown]
# The two times cross, and past the crossing the GPU's utilization does not recover with batch size: it settles
# at the ratio of the per-image times. Batching amortizes the GPU's overhead, but the CPU has no overhead to
# amortize.

# %%
times = {"GPU step (A100)": [r[1] for r in rows], f"CPU preprocessing ({WORKERS} workers)": [r[2] for r in rows]}
fig, ax = plot_series(BATCHES, times,
                      xlabel="batch size (images)", ylabel="time per batch (ms)",
                      title=f"{resnet.name} training: who sets the pace?", logx=True, logy=True)
plt.show()

# %% [markdown]
# ## How many workers?
#
# The CPU keeps up when $X \ge B s / t_\text{gpu}$; divide by one worker's throughput and round up.

# %%
needed_rate = BATCH * SAMPLE / step.latency
workers_needed = math.ceil((needed_rate / WORKER).to("").magnitude)
print(f"needed {needed_rate.to('GB/s').magnitude:.3f} GB/s = {(needed_rate / WORKER).to('').magnitude:.2f} workers "
      f"of {WORKER.to('MB/s').magnitude:.0f} MB/s -> {workers_needed}")
print(f"{'workers':>7}  {'CPU prep':>10}  {'GPU util':>8}")
for n in sorted({WORKERS, 2 * WORKERS, workers_needed - 1, workers_needed}):
    t = transform.solve(batch_size=BATCH, sample_size_bytes=SAMPLE, cpu_throughput=n * WORKER,
                        accelerator_step_time=step.latency)
    print(f"{n:>7}  {ms(t.transform_time):>7.2f} ms  {t.accelerator_utilization:>8.1%}")

quiz.check("workers_needed", workers_needed,
           why=f"{BATCH} x {SAMPLE.to('kB').magnitude:.0f} kB every {ms(step.latency):.2f} ms is "
               f"{needed_rate.to('GB/s').magnitude:.3f} GB/s, {(needed_rate / WORKER).to('').magnitude:.2f} "
               f"workers' worth")

# %% [markdown]
# ## A faster GPU
#
# The H100 computes the same step in a fraction of the time. Put it behind the same eight workers, then give it
# the workers it needs and look at the next stage: the H100 entry lists a local [NVMe](../glossary.md#nvme) drive
# as well as its PCIe Gen5 link, and `DataModel` takes the slower of the two.

# %%
h100 = mlsysim.Hardware.Cloud.H100
step_h = gpu_step(h100, BATCH)
x_h = transform.solve(batch_size=BATCH, sample_size_bytes=SAMPLE, cpu_throughput=cpu,
                      accelerator_step_time=step_h.latency)
pipeline_a = max(ms(step.latency), ms(x.transform_time))
pipeline_h = max(ms(step_h.latency), ms(x_h.transform_time))
print(f"{'':>6}  {'GPU step':>10}  {'CPU prep':>10}  {'step':>10}  {'GPU util':>8}")
print(f"{'A100':>6}  {ms(step.latency):>7.2f} ms  {ms(x.transform_time):>7.2f} ms  {pipeline_a:>7.2f} ms  "
      f"{x.accelerator_utilization:>8.1%}")
print(f"{'H100':>6}  {ms(step_h.latency):>7.2f} ms  {ms(x_h.transform_time):>7.2f} ms  {pipeline_h:>7.2f} ms  "
      f"{x_h.accelerator_utilization:>8.1%}")

quiz.check("h100_speedup", pipeline_a / pipeline_h, unit="x",
           why=f"the GPU step shrinks {ms(step.latency) / ms(step_h.latency):.2f}x, but both steps wait "
               f"{ms(x.transform_time):.1f} ms for the same eight workers")

demand_h = BATCH * SAMPLE / step_h.latency
ingest_h = data.solve(workload_data_rate=demand_h, hardware=h100)
t_io = (BATCH * SAMPLE / ingest_h.supply_bw).to("ms").magnitude
workers_h = math.ceil((demand_h / WORKER).to("").magnitude)
x_fed = transform.solve(batch_size=BATCH, sample_size_bytes=SAMPLE, cpu_throughput=workers_h * WORKER,
                        accelerator_step_time=step_h.latency)
step_fed = max(ms(step_h.latency), ms(x_fed.transform_time), t_io)
print(f"\nfed at full speed the H100 needs {demand_h.to('GB/s').magnitude:.2f} GB/s ({workers_h} workers); "
      f"its supply is {ingest_h.supply_bw.to('GB/s').magnitude:.1f} GB/s ({ingest_h.bottleneck}): "
      f"{ingest_h.utilization:.1%}, stalled: {ingest_h.is_stalled}")
print(f"with {workers_h} workers the step is max(GPU {ms(step_h.latency):.2f}, CPU {ms(x_fed.transform_time):.2f}, "
      f"storage {t_io:.2f}) ms = {step_fed:.2f} ms: GPU utilization {ms(step_h.latency) / step_fed:.1%}")

# %% [markdown]
# Fix one wall and the next one binds: with enough workers the H100 would outrun its local drive. (Real
# clusters cache the dataset in host memory or stream it from a parallel file system; `DataModel` models one
# sustained rate per path and no cache.)
#
# ## What the numbers show
#
# * **The slowest stage sets the pace.** With prefetching, the step is the maximum of the stage times, and every
#   other stage idles for the difference. Here the CPU, not the GPU, is the wall at every batch size beyond a
#   small one.
# * **Batch size does not rescue a starved GPU.** It amortizes the GPU's fixed overhead, which is why small
#   batches are GPU-bound, but CPU preprocessing is linear in the batch with nothing to amortize, so the
#   utilization settles at the ratio of per-image GPU time to per-image CPU time.
# * **Workers are the lever.** The CPU throughput needed is just bytes per step over the GPU's step time; more
#   workers (or decoding on the GPU) close the gap.
# * **A faster accelerator makes starvation worse.** The H100 shortens its own stage and nothing else: the
#   step stays at the CPU's time and the GPU sits idle for most of it. Upgrade the slowest stage first, and
#   expect the next one to become the wall.
#
# **Going further.** Medical images can be 5 MB per sample: set `SAMPLE = Q_("5 MB")` and see where the
# CPU binds. Model GPU-side decoding ([NVIDIA DALI](../glossary.md#dali)) as a much larger `cpu_throughput`.
# Or drop `is_training=True`: inference needs a third of the FLOPs per image, so the same workers starve it
# sooner.

# %% [markdown]
# ## Answer key

# %%
quiz.answer_key()
