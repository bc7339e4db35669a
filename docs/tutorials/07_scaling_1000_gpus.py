# %% [markdown]
# # 07 · Scaling to 1000 GPUs
#
# **The question.** You want to train Llama-3.1-70B, and you have 1,024 H100s: 128
# [DGX H100 nodes](../glossary.md#dgx-node) on an InfiniBand NDR fabric. How should you split the model over them, how
# much faster is 1,024 GPUs than 32, and how often will the job fail?
#
# **What you will learn**
#
# * why a 70B-parameter model has to be split at all, and the three ways to do it:
#   [data parallelism](../glossary.md#data-parallelism), [tensor parallelism](../glossary.md#tensor-parallelism)
#   and [pipeline parallelism](../glossary.md#pipeline-parallelism), together
#   [3D parallelism](../glossary.md#3d-parallelism);
# * what each one costs: the gradient [all-reduce](../glossary.md#all-reduce), the activation all-reduces,
#   and the [pipeline bubble](../glossary.md#pipeline-bubble); and why tensor parallelism belongs inside
#   the [NVLink](../glossary.md#nvlink) domain of a node;
# * why adding GPUs to a fixed batch gives less and less speedup
#   ([scaling efficiency](../glossary.md#scaling-efficiency));
# * reliability at scale: the cluster's [MTBF](../glossary.md#mtbf) falls as one over its size, the
#   [Young–Daly formula](../glossary.md#young-daly-formula) sets the [checkpoint](../glossary.md#checkpoint)
#   interval, and which of communication or failures costs more at 1,024 GPUs.
#
# **Time:** about 20 minutes. **Before this:** [01 · Hello, Roofline](01_hello_roofline.md) (one accelerator's
# step time) and [05 · Starving the GPU](05_starving_the_gpu.md) (a training step costs three forward passes).

# %% [markdown]
# ## Background: one step, split three ways
#
# A cluster of $N$ accelerators is cut into $d$ identical **[replicas](../glossary.md#replica)** (data parallelism) of
# $t \cdot p$ accelerators each: $N = d \cdot t \cdot p$. Inside a replica, tensor parallelism splits every layer over
# $t$ GPUs, and pipeline parallelism splits the $L$ layers into $p$ stages. A global batch of $B$ sequences of $S$
# tokens gives each replica $B_\ell = B / d$ of them, fed through the pipeline as $m$
# [microbatches](../glossary.md#microbatch). `DistributedModel` prices one training step as
#
# $$T = T_r + T_{dp} + T_{tp} + T_\text{bubble}, \qquad
#   T_r \approx \frac{3 \cdot 2P \cdot S \cdot B_\ell}{\eta \, R \cdot t\,p}$$
#
# $$T_{dp} = 2\,\frac{d-1}{d}\,\frac{W / (t\,p)}{\beta} + 2(d-1)\,\alpha, \qquad
#   T_{tp} = 4\,\frac{L}{p}\;\mathrm{ring}(B_\ell S h b,\ t), \qquad
#   T_\text{bubble} = T_r\,\frac{p-1}{m}$$
#
# where $\mathrm{ring}(x, n) = 2\frac{n-1}{n}\frac{x}{\beta} + 2(n-1)\alpha$ is the same ring all-reduce as
# $T_{dp}$, of $x$ bytes over $n$ GPUs.
#
# | symbol | meaning | unit |
# |---|---|---|
# | $T_r$ | the replica's compute, forward and backward, shared by its $t\,p$ GPUs | s |
# | $P$ | parameters (Llama-3.1-70B: 70.6 billion); $2P$ FLOP per token forward, $3\times$ that to train | — |
# | $W$, $L$, $h$ | weight bytes ($2P$ at fp16), layers (80), hidden size (8,192) | B, —, — |
# | $R$, $\eta$ | an H100's fp16 peak (989 TFLOP/s) and the fraction achieved (default 0.5) | FLOP/s, — |
# | $T_{dp}$ | the ring all-reduce of each GPU's gradients, $W/(t\,p)$ bytes, over the $d$ replicas | s |
# | $\beta$, $\alpha$ | a link's bandwidth and latency ([alpha-beta model](../glossary.md#alpha-beta-model)) | B/s, s |
# | $T_{tp}$ | four all-reduces per layer of a stage, of $B_\ell S h b$ activation bytes ($b$ = 2 at fp16) | s |
# | $T_\text{bubble}$ | stages idle while the pipeline fills and drains | s |
#
# Inside a node the links are NVLink, 450 GB/s per direction; between nodes [InfiniBand](../glossary.md#infiniband)
# NDR, 50 GB/s and 5 µs. TP groups of up to 8 GPUs stay on NVLink; wider ones cross the fabric. The replica compute
# also carries a small fixed tax per layer.
#
# The model reports $T_r / T$ as `scaling_efficiency`: the share of the step spent computing. Below it is called
# the **compute share**.
#
# Training with [mixed-precision](../glossary.md#mixed-precision-training) Adam keeps about 16 bytes per parameter: fp16
# weights and gradients (2 + 2) and fp32 master weights and two moments (12). Split $t\,p$ ways, and sharded over the
# replicas with [ZeRO](../glossary.md#zero) stage 1 (the optimizer state only), that has to fit in 80 GiB per H100.
#
# **Failures.** A synchronous job stops when any part fails. A node's MTBF adds the failure rates of its parts,
# $M_\text{node} = (n_g/M_g + n_n/M_n + n_p/M_p)^{-1}$, with 50,000 h per GPU, 150,000 h per [NIC](../glossary.md#nic)
# and 100,000 h per power supply that has no spare; the fleet's MTBF is $M = M_\text{node} / N_\text{nodes}$. A job
# checkpoints every $\tau$; each checkpoint stalls it for $\delta$, and each failure loses on average half an interval
# of work plus a restart of $T_\text{restart}$ (300 s). The share of wall-clock time lost is
#
# $$f_\text{lost} = \frac{\delta}{\tau} + \frac{\tau}{2M} + \frac{T_\text{restart}}{M}, \qquad
#   \text{minimized at Young's interval } \tau^* = \sqrt{2\,\delta\,M}.$$
#
# That interval is the Young–Daly formula (Young's, as Daly later refined it); the tables below call it
# Young's $\tau$.

# %% [markdown]
# ## Predict first
#
# Write your answers into the next cell before you run anything below it. Leave a `None` to skip one.
#
# 1. **`best_split`**: four ways to split 1,024 GPUs for a batch of 1,024 sequences of 2,048 tokens:
#    `"tp8-dp128"` (TP 8 in each node, 128 replicas), `"tp8-pp4-dp32"` (TP 8, 4 pipeline stages, 32 replicas),
#    `"pp32-dp32"` (32 pipeline stages, no TP) or `"tp32-dp32"` (TP over 32 GPUs, four nodes). Which has the
#    shortest step?
# 2. **`speedup_1024`**: with the best split and the same batch, how many times faster is a step on 1,024 GPUs
#    than on 32? (Ideal: 32×.)
# 3. **`fleet_mtbf_1024`**: a DGX H100 node fails about once every 4,700 hours (some 200 days). How many hours
#    between failures for 128 of them?
# 4. **`checkpoint_interval_1024`**: each of the 32 GPUs of one replica writes its own shard of the checkpoint.
#    How many minutes between checkpoints does Young's formula give at 1,024 GPUs?
# 5. **`bigger_loss_1024`**: at 1,024 GPUs, which wastes more of the month, `"communication"` (time in a step not
#    spent computing) or `"failures"` (checkpoints, lost work and restarts)?

# %%
import matplotlib.pyplot as plt
import mlsysim
from mlsysim import CheckpointModel, DistributedModel, ReliabilityModel
from mlsysim.exercises import Exercises
from mlsysim.systems import Fleet
from mlsysim.viz import plot_series

quiz = Exercises("07 Scaling to 1000 GPUs")
quiz.predict("best_split", None)  # your prediction: "tp8-dp128", "tp8-pp4-dp32", "pp32-dp32" or "tp32-dp32"
quiz.predict("speedup_1024", None)  # your prediction: a ratio, e.g. 30 (right within 10 %)
quiz.predict("fleet_mtbf_1024", None)  # your prediction: hours, e.g. 100 (right within 10 %)
quiz.predict("checkpoint_interval_1024", None)  # your prediction: minutes, e.g. 60 (right within 10 %)
quiz.predict("bigger_loss_1024", None)  # your prediction: "communication" or "failures"

# %% [markdown]
# ## The model and the clusters
#
# The registry's clusters come in a few fixed sizes on different fabrics. For a clean sweep we build our own
# with `mlsysim.systems.Fleet`: $N/8$ of the registry's DGX H100 nodes on its InfiniBand NDR fabric, for every
# $N$ from 32 to 32,768. Every cluster differs only in its node count.

# %%
GPU_COUNTS = [32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768]


def build_clusters(gpu_counts, node=mlsysim.Systems.Nodes.DGX_H100, fabric=mlsysim.Systems.Fabrics.InfiniBand_NDR):
    """One fleet per GPU count: N / 8 DGX H100 nodes on one fabric."""
    return {n: Fleet(name=f"{n} H100 GPUs ({n // 8} x {node.name})", node=node, count=n // 8, fabric=fabric)
            for n in gpu_counts}


clusters = build_clusters(GPU_COUNTS)
llama = mlsysim.Models.Language.Llama3_70B
h100 = mlsysim.Hardware.Cloud.H100
node = clusters[1024].node
fabric = clusters[1024].fabric

params = llama.parameters.magnitude
state_tb = params * 16 / 1e12  # 16 bytes per parameter: fp16 weights + grads, fp32 master + two Adam moments
capacity_gb = h100.memory.capacity.to("GB").magnitude
print(f"{llama.name}: {params / 1e9:.1f} B parameters, {llama.layers} layers, hidden {llama.hidden_dim}")
print(f"training state at 16 B/parameter: {state_tb:.2f} TB = {state_tb * 1e3 / capacity_gb:.1f} H100s of "
      f"{h100.memory.capacity:~P} ({capacity_gb:.1f} GB), before a single activation")
print(f"node: {node.name}, {node.accelerators_per_node} x {h100.name}, NVLink {node.intra_node_bw:~P} per direction")
print(f"fabric: {fabric.name}, {fabric.bandwidth:~P} per link, {fabric.latency:~P} latency")

# %% [markdown]
# One node is not enough: with TP 8 on a single DGX H100, each GPU would hold an eighth of the whole training
# state and activations.

# %%
one_node = build_clusters([8])[8]
solo = DistributedModel().solve(model=llama, fleet=one_node, batch_size=8, tp_size=8, precision="fp16")
solo_gb = solo.node_profile.memory_footprint.to("GB").magnitude
print(f"TP 8 on one node: {solo_gb:.1f} GB per GPU of {capacity_gb:.1f} GB -> "
      f"{'fits' if solo.node_profile.feasible else 'does not fit'}")

# %% [markdown]
# ## Four ways to split 1,024 GPUs
#
# Fix the global batch at 1,024 sequences of 2,048 tokens (about 2 million tokens per step) and the optimizer
# at ZeRO stage 1. Each candidate feeds its pipeline one sequence per microbatch ($m = B_\ell$). The four
# candidates use the same GPUs differently: more replicas, more pipeline stages, or tensor parallelism wider
# than a node.

# %%
BATCH = 1024  # sequences of 2,048 tokens per optimizer step
SPLITS = {"tp8-dp128": (8, 1), "tp8-pp4-dp32": (8, 4), "pp32-dp32": (1, 32), "tp32-dp32": (32, 1)}


def train_step(fleet, tp, pp, batch=None):
    """DistributedModel at ZeRO-1, one sequence per pipeline microbatch; the batch is BATCH unless given."""
    batch = BATCH if batch is None else batch
    dp = fleet.total_accelerators // (tp * pp)
    microbatches = batch // dp if pp > 1 else 1
    return DistributedModel().solve(model=llama, fleet=fleet, batch_size=batch, precision="fp16",
                                    tp_size=tp, pp_size=pp, microbatch_count=microbatches, zero_stage=1)


def ms(q):
    return q.to("ms").magnitude


splits = {label: train_step(clusters[1024], tp, pp) for label, (tp, pp) in SPLITS.items()}
print(f"{'split':<13} {'GB/GPU':>7} {'fits':>4} {'grads/GPU':>9} {'compute':>9} {'DP a-r':>9} {'TP a-r':>9} "
      f"{'bubble':>9} {'step':>9} {'compute share':>13}")
for label, r in splits.items():
    tp, pp = SPLITS[label]
    grads_gb = 2 * params / (tp * pp) / 1e9
    print(f"{label:<13} {r.node_profile.memory_footprint.to('GB').magnitude:>7.1f} "
          f"{'yes' if r.node_profile.feasible else 'NO':>4} {grads_gb:>6.2f} GB "
          f"{ms(r.node_profile.latency):>6.0f} ms {ms(r.dp_communication_latency):>6.0f} ms "
          f"{ms(r.tp_communication_latency):>6.0f} ms {ms(r.pipeline_bubble_latency):>6.0f} ms "
          f"{ms(r.step_latency_total):>6.0f} ms {r.scaling_efficiency:>13.1%}")

best = min(splits, key=lambda k: splits[k].step_latency_total.magnitude)
worst = max(splits, key=lambda k: splits[k].step_latency_total.magnitude)
quiz.check("best_split", best,
           why=f"{best} takes {ms(splits[best].step_latency_total):,.0f} ms: it keeps TP on NVLink, and its 4 stages "
               f"cut each GPU's gradients to a quarter ({ms(splits[best].dp_communication_latency):.0f} ms of DP "
               f"all-reduce vs {ms(splits['tp8-dp128'].dp_communication_latency):.0f} ms for tp8-dp128) with a "
               f"bubble of only {ms(splits[best].pipeline_bubble_latency):.0f} ms")

# %% [markdown]
# Every split does the same arithmetic: the compute column is identical, because the same 1,024 GPUs share the
# same FLOPs. What differs is the time around it.
#
# * **Fewer shards, bigger all-reduce.** With TP 8 alone, each GPU holds an eighth of the weights, so each
#   all-reduces an eighth of the gradients over the fabric. Pipeline stages divide that payload further.
# * **Deep pipelines idle.** 32 stages with 32 microbatches leave the bubble $(p-1)/m$ close to a whole
#   compute time.
# * **Tensor parallelism across nodes is the worst choice.** Four all-reduces per layer per step are cheap on
#   NVLink and ruinous over a 50 GB/s InfiniBand link.

# %%
tp_ratio = ms(splits[worst].tp_communication_latency) / ms(splits[best].tp_communication_latency)
print(f"{worst} spends {tp_ratio:.0f}x as long in TP all-reduces as {best}; its step is "
      f"{splits[worst].step_latency_total.magnitude / splits[best].step_latency_total.magnitude:.1f}x the best one")

# %% [markdown]
# ## From 32 to 32,768 GPUs at a fixed batch
#
# Keep the best split's replica (TP 8 × PP 4 = 32 GPUs) and the batch of 1,024 sequences, and add replicas. This is
# **[strong scaling](../glossary.md#strong-scaling)**: the batch is set by what the optimizer tolerates, not by the
# cluster, so more GPUs means fewer sequences per replica. At 32,768 GPUs each replica gets a single sequence.

# %%
TP, PP = SPLITS[best]
runs = {n: train_step(clusters[n], TP, PP) for n in GPU_COUNTS}
base_n = GPU_COUNTS[0]
base_step = runs[base_n].step_latency_total.magnitude
speedup = {n: base_step / r.step_latency_total.magnitude for n, r in runs.items()}

print(f"{'GPUs':>6} {'DP':>5} {'seq/rep':>7} {'compute':>10} {'DP a-r':>8} {'TP a-r':>9} {'bubble':>8} "
      f"{'step':>10} {'speedup':>8} {'ideal':>6} {'compute share':>13}")
for n, r in runs.items():
    dp = r.parallelism["dp"]
    print(f"{n:>6} {dp:>5} {BATCH // dp:>7} {ms(r.node_profile.latency):>7.0f} ms "
          f"{ms(r.dp_communication_latency):>5.0f} ms {ms(r.tp_communication_latency):>6.0f} ms "
          f"{ms(r.pipeline_bubble_latency):>5.0f} ms {ms(r.step_latency_total):>7.0f} ms {speedup[n]:>7.1f}x "
          f"{n // base_n:>5}x {r.scaling_efficiency:>13.1%}")

r1k = runs[1024]
quiz.check("speedup_1024", speedup[1024], unit="x",
           why=f"compute falls 32x to {ms(r1k.node_profile.latency):,.0f} ms, but the DP all-reduce "
               f"({ms(r1k.dp_communication_latency):.0f} ms) and the bubble ({ms(r1k.pipeline_bubble_latency):.0f} ms) "
               f"do not shrink with more replicas: {speedup[1024]:.1f}x, not 32x")

# %% [markdown]
# Read the columns from left to right. The compute and the TP all-reduces shrink with the sequences per
# replica. The bubble does not: with one sequence per microbatch it is $T_r (p-1)/m$, and both $T_r$ and $m$
# are proportional to $B_\ell$. The DP all-reduce does not either: a ring moves $2(d-1)/d$ times the payload, which
# approaches twice the payload, whatever the number of replicas. Two costs that stay put beside two that shrink:
# that is [Amdahl's law](../glossary.md#amdahls-law), and it is why the speedup bends.

# %%
counts = list(runs)
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5))
plot_series(counts, {"ideal (linear)": [n / base_n for n in counts],
                     "DistributedModel": [speedup[n] for n in counts]},
            xlabel="GPUs", ylabel=f"speedup over {base_n} GPUs", title=f"Strong scaling, {BATCH:,} sequences per step",
            logx=True, logy=True, ax=left)
plot_series(counts, {"compute": [ms(runs[n].node_profile.latency) for n in counts],
                     # no DP all-reduce with a single replica: nan leaves that point out of the log plot
                     "DP all-reduce": [ms(runs[n].dp_communication_latency) or float("nan") for n in counts],
                     "TP all-reduces": [ms(runs[n].tp_communication_latency) for n in counts],
                     "pipeline bubble": [ms(runs[n].pipeline_bubble_latency) for n in counts]},
            xlabel="GPUs", ylabel="ms per step", title="Where a step's time goes", logx=True, logy=True, ax=right)
plt.show()

# %% [markdown]
# ## Failures: the cluster's MTBF falls as one over its size
#
# A DGX H100 node has 8 GPUs, 8 NICs and 6 power supplies of which 2 are spares, so no single supply stops it.
# `ReliabilityModel` gives the node's MTBF, the fleet's, the expected failures over a 30-day job and Young's
# checkpoint interval. The checkpoint's write time $\delta$ comes from `CheckpointModel`: 14 bytes per
# parameter (fp16 weights, fp32 master weights and two Adam moments; gradients are not saved), written at an
# H100's local NVMe rate of 7 GB/s per writer.

# %%
JOB_HOURS = 30 * 24
RESTART_S = 300.0  # ReliabilityModel's default recovery time
shards = TP * PP  # the GPUs of one replica hold distinct shards; the other replicas hold copies
ckpt_one = CheckpointModel().solve(model=llama, hardware=h100, optimizer="adam", n_writers=1)
ckpt = CheckpointModel().solve(model=llama, hardware=h100, optimizer="adam", n_writers=shards)
delta_one = ckpt_one.write_time_seconds.to("s").magnitude
delta = ckpt.write_time_seconds.to("s").magnitude
print(f"checkpoint: {ckpt.checkpoint_size.to('GB').magnitude:.1f} GB; one writer {delta_one:.1f} s, "
      f"{shards} sharded writers {delta:.2f} s")

meta = mlsysim.Systems.Clusters.Meta_GenAI_H100_24K_IB  # Grand Teton nodes: 8 H100s, 8 NICs, 2 PSUs, no spare


def reliability(fleet, delta_s):
    return ReliabilityModel().solve(fleet=fleet, job_duration_hours=JOB_HOURS, checkpoint_time_s=delta_s,
                                    avg_recovery_time_s=RESTART_S)


def lost_share(rel, delta_s):
    """Checkpoint stalls + work lost since the last checkpoint + restarts, as a share of wall-clock time."""
    m_s = rel.fleet_mtbf.to("s").magnitude
    tau = rel.optimal_checkpoint_interval.to("s").magnitude
    return delta_s / tau + tau / (2 * m_s) + RESTART_S / m_s


rel = {n: reliability(clusters[n], delta) for n in GPU_COUNTS}
rel_one = {n: reliability(clusters[n], delta_one) for n in GPU_COUNTS}
print(f"node MTBF: {node.name} {rel[1024].node_mtbf.to('h').magnitude:,.1f} h ({node.psus_per_node} PSUs, "
      f"{node.psu_redundancy} spares); {meta.node.name} {reliability(meta, delta).node_mtbf.to('h').magnitude:,.1f} h "
      f"({meta.node.psus_per_node} PSUs, no spare: each one is in series)\n")

print(f"{'GPUs':>6} {'fleet MTBF':>11} {'failures':>8} {'P(fail)':>7} {'Young tau':>9} {'lost':>6} "
      f"{'lost, 1 writer':>14} {'comm + bubble':>13}")
for n in GPU_COUNTS:
    r = rel[n]
    print(f"{n:>6} {r.fleet_mtbf.to('h').magnitude:>9.2f} h {r.expected_failures:>8.1f} {r.failure_probability:>7.1%} "
          f"{r.optimal_checkpoint_interval.to('min').magnitude:>5.1f} min {lost_share(r, delta):>6.2%} "
          f"{lost_share(rel_one[n], delta_one):>14.2%} {1 - runs[n].scaling_efficiency:>13.1%}")

r1k = rel[1024]
quiz.check("fleet_mtbf_1024", r1k.fleet_mtbf, unit="h",
           why=f"{r1k.node_mtbf.to('h').magnitude:,.1f} h per node / {clusters[1024].count} nodes: every node is "
               f"in series, so the rates add")
quiz.check("checkpoint_interval_1024", r1k.optimal_checkpoint_interval, unit="min",
           why=f"sqrt(2 x {delta:.2f} s x {r1k.fleet_mtbf.to('s').magnitude:,.0f} s): a fast sharded write makes "
               f"frequent checkpoints cheap")
comm_loss = 1 - runs[1024].scaling_efficiency
fail_loss = lost_share(r1k, delta)
quiz.check("bigger_loss_1024", "communication" if comm_loss > fail_loss else "failures",
           why=f"{comm_loss:.1%} of every step is communication and bubble; failures cost {fail_loss:.2%} of the "
               f"month ({lost_share(rel_one[1024], delta_one):.2%} with a single writer)")

# %% [markdown]
# Two things stand out. The fleet MTBF halves every time the cluster doubles, and the expected failures of a
# month-long job double with it: from 256 GPUs on, the job should expect several. And yet, at this batch,
# failures cost far less than communication at every size in the table, because Young's interval shrinks with
# the MTBF: checkpoints get more frequent and each failure loses less work. The lost share grows only as
# $\sqrt{\delta/M}$ until the restarts, $T_\text{restart}/M$, take over.
#
# `ReliabilityModel`'s own `goodput_ratio` (its [goodput](../glossary.md#goodput)) counts the checkpoint writes and the
# restarts but not the work lost since the last checkpoint, $\tau/(2M)$ (see
# [its documentation](../solvers/reliability.md)); the table adds it. At Young's interval that term equals the write
# term, so the model's goodput overstates by exactly $\delta/\tau$.
#
# Where does it end? The registry's largest cluster, `Mega_100K`, has 100,000 H100s.

# %%
mega = mlsysim.Systems.Clusters.Mega_100K
for label, d in (("sharded writers", delta), ("one writer", delta_one)):
    r = reliability(mega, d)
    m_s = r.fleet_mtbf.to("s").magnitude
    print(f"{mega.name}, {label}: fleet MTBF {r.fleet_mtbf.to('min').magnitude:.1f} min, "
          f"{r.expected_failures:,.0f} failures in 30 days, "
          f"checkpoint every {r.optimal_checkpoint_interval.to('s').magnitude:.0f} s, "
          f"lost {lost_share(r, d):.1%} (restarts alone {RESTART_S / m_s:.1%}); model goodput {r.goodput_ratio:.1%}")

# %%
losses = {"communication + bubble (strong scaling)": [1 - runs[n].scaling_efficiency for n in counts],
          f"failures, {shards} sharded writers": [lost_share(rel[n], delta) for n in counts],
          "failures, one writer": [lost_share(rel_one[n], delta_one) for n in counts]}
fig, ax = plot_series(counts, losses, xlabel="GPUs", ylabel="share of time lost",
                      title="What a 30-day job loses, by cluster size", logx=True, logy=True)
plt.show()

# %% [markdown]
# ## What the numbers show
#
# * **A 70B model must be split before it can train at all.** Its training state alone fills many GPUs; TP and PP
#   divide it, ZeRO divides the optimizer state further.
# * **Each split has its own cost.** Data parallelism pays a gradient all-reduce over the fabric, tensor
#   parallelism four activation all-reduces per layer, pipeline parallelism a bubble. Keep TP inside the
#   NVLink domain, use PP to shrink the per-GPU gradient payload, and use DP for the rest.
# * **A fixed batch stops scaling.** Compute divides by the number of replicas; the ring all-reduce and the bubble
#   do not, so the speedup bends away from linear well before the batch runs out of sequences.
# * **Failures scale with size, but at 1,000 GPUs communication costs more.** The fleet's MTBF falls as $1/N$,
#   yet with a fast sharded checkpoint at Young's interval the job loses about 1 % to failures at 1,024 GPUs.
#   Failures stop being cheap at 100,000 GPUs, where the five-minute restarts alone cost more than a fifth of
#   the time: there, restart time and checkpoint speed are what to engineer.
#
# What this model leaves out: pipeline stages exchange activations for free, so deeper pipelines look better
# here than they are (try TP 8 × PP 16); it has no notion of how large a batch the optimizer tolerates; and
# failures are independent, with no rack or switch taking many nodes down at once.
#
# **Going further.** Try `tp8-pp16-dp8` in `SPLITS`; rerun the scaling table with `BATCH = 4096` (does the speedup
# curve straighten?); build the clusters on `node="GrandTeton_H100"` (no spare power supplies) and compare
# the MTBF column.

# %%
print(f"at 1,024 GPUs: step {ms(runs[1024].step_latency_total):,.0f} ms, speedup {speedup[1024]:.1f}x over "
      f"{base_n} GPUs, compute share {runs[1024].scaling_efficiency:.1%}; fleet MTBF "
      f"{rel[1024].fleet_mtbf.to('h').magnitude:.1f} h, lost to failures {lost_share(rel[1024], delta):.2%}")

# %% [markdown]
# ## Answer key

# %%
quiz.answer_key()
