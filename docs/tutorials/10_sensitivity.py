# %% [markdown]
# # 10 · Sensitivity Analysis
#
# **The question.** You must buy accelerators to serve Llama-3.1-70B, one token every 50 ms or faster. Datasheets
# compete on three numbers: peak FLOP/s, memory bandwidth and memory capacity. Which of them is your workload
# actually waiting on, how much of each does the target need, and which part should you buy?
#
# **What you will learn**
#
# * how to find a workload's [binding constraint](../glossary.md#binding-constraint) by
#   [sensitivity analysis](../glossary.md#sensitivity-analysis): nudge one datasheet number at a time and
#   watch the latency;
# * why a lever can be slack (no gain at all), a slope (a steady gain) or a cliff (everything at once), and why a
#   sensitivity computed on a model that does not fit tells you nothing about FLOP/s or bandwidth;
# * how to run the [roofline](../glossary.md#roofline-model) backwards
#   ([inverse roofline](../glossary.md#inverse-roofline)): from a latency target to the bandwidth, FLOP/s and
#   memory a part must have;
# * how to turn that into a procurement decision with a design-space search over the registry.
#
# **Time:** about 20 minutes. **Before this:** [01 · Hello, Roofline](01_hello_roofline.md) and
# [02 · The Memory Wall](02_memory_wall.md) (which roof binds), [06 · Quantization](06_quantization.md) (precision).
#
# **A note on the setup.** The original mlsysim version of this tutorial asks the sensitivity question of
# Llama-3-70B on an A100. Its weights (141.2 GB at fp16) do not fit in 80 GiB, so every sensitivity it prints is
# zero and the advertised contrast between bandwidth and FLOP/s never appears. Here the sensitivity lesson uses
# models that fit, and the 70B-on-one-H100 case keeps a row of its own, because "it does not fit" is a lesson too.

# %% [markdown]
# ## Background: nudging the roofline, and running it backwards
#
# `SensitivitySolver` solves one sample (batch 1, inference) with `SingleNodeModel`, whose latency is
# $T = \max(T_\text{compute}, T_\text{memory}) + T_\text{overhead}$ (tutorial 1). Then it solves three copies of the
# hardware, each with one lever $k$ scaled by $f = 1 + p/100$ (peak FLOP/s, HBM bandwidth, HBM capacity), and reports
#
# $$s_k = \frac{T_k - T_0}{T_0}$$
#
# | symbol | meaning | unit |
# |---|---|---|
# | $p$ | the step, `perturbation_pct` (default 10: a 1.1× upgrade) | % |
# | $T_0$, $T_k$ | latency on the hardware as listed, and with lever $k$ scaled | s |
# | $s_k$ | relative latency change (negative: the upgrade helps) | fraction |
#
# The binding constraint is the lever with the largest $|s_k|$; when the model does not fit, it is capacity. For a
# [memory-bound](../glossary.md#memory-bound) decode, $T_\text{memory} = Q / \mathit{BW}$, so scaling the bandwidth by
# $f$ gives $s_\text{BW} = (1/f - 1)\,T_\text{memory}/T_0$: at best $1/1.1 - 1 = -9.1\%$, less whatever share of the
# latency is overhead.
#
# `SynthesisSolver` inverts the roofline for one pass of a model with $W$ bytes of weights and $O$ FLOPs, within a
# target $T$:
#
# $$\mathit{BW}_\text{req} = \frac{W}{T}, \qquad R_\text{req} = \frac{O}{\eta\,T}, \qquad M_\text{req} = W$$
#
# | symbol | meaning | unit |
# |---|---|---|
# | $W$ | weight bytes: parameters × bytes per parameter (2 at fp16) | bytes |
# | $O$ | FLOPs of one pass ($2 \times$ parameters for a decoder's token) | FLOP |
# | $\eta$ | the fraction of peak compute the software reaches (0.5) | — |
#
# These are floors, each sufficient only if the other resources are not the bottleneck; the forward solve adds
# activation traffic and overhead on top.

# %% [markdown]
# ## Predict first
#
# Write your answers into the next cell before you run anything below it. Leave a `None` to skip one.
#
# 1. **`binding_8b`**: Llama-3.1-8B on an H100, fp16, one token at a time. Which lever binds:
#    `peak_flops`, `memory_bandwidth` or `memory_capacity`?
# 2. **`bw_gain_8b`**: by what percentage does its latency change with 10 % more bandwidth (negative: faster)?
# 3. **`binding_70b`**: Llama-3.1-70B on the same H100. Which lever binds?
# 4. **`mixtral_capacity`**: Mixtral-8x7B (46.7 B parameters) at fp16 on the same H100. By what percentage does its
#    latency change with 10 % more memory capacity?
# 5. **`required_bw`**: what HBM bandwidth, in TB/s, does Llama-3.1-70B need to produce a token within 50 ms?
# 6. **`cheapest`**: of the registry's cloud accelerators that list a price, which is the cheapest that serves
#    Llama-3.1-70B at fp16 within 50 ms per token on one part?

# %%
import warnings

import matplotlib.pyplot as plt
import mlsysim
import numpy as np
from mlsysim import SensitivitySolver, SingleNodeModel, SynthesisSolver
from mlsysim.exercises import Exercises
from mlsysim.viz import plot_series

quiz = Exercises("10 Sensitivity Analysis")
quiz.predict("binding_8b", None)  # your prediction: "peak_flops", "memory_bandwidth" or "memory_capacity"
quiz.predict("bw_gain_8b", None)  # your prediction: a percentage, e.g. -10 (right within 10 %)
quiz.predict("binding_70b", None)  # your prediction: "peak_flops", "memory_bandwidth" or "memory_capacity"
quiz.predict("mixtral_capacity", None)  # your prediction: a percentage, e.g. -10
quiz.predict("required_bw", None)  # your prediction: a number of TB/s, e.g. 1.0
quiz.predict("cheapest", None)  # your prediction: a registry key, e.g. "H100"

# %% [markdown]
# ## Three nudges to one workload
#
# Llama-3.1-8B on an H100 (989 TFLOP/s, 3.35 TB/s, 80 GiB at fp16): the solver's four solves, side by side.

# %%
h100 = mlsysim.Hardware.Cloud.H100
LEVERS = ("peak_flops", "memory_bandwidth", "memory_capacity")
sensitivity = SensitivitySolver()


def ms(seconds):
    return 1e3 * seconds


def usd(x):
    return f"${x:,.0f}"


s8 = sensitivity.solve(model="Llama3_8B", hardware=h100, precision="fp16")
d8 = s8.to_dict()
print(f"baseline latency {ms(d8['baseline_latency_s']):.3f} ms, fits: {'yes' if s8.feasible else 'no'}")
print(f"{'lever x 1.1':<17}  {'latency':>9}  {'change':>7}")
for lever in LEVERS:
    print(f"{lever:<17}  {ms(d8[lever + '_latency_s']):>6.3f} ms  {100 * s8.sensitivities[lever]:>6.2f}%")
print(f"binding constraint: {s8.binding_constraint}")

base8 = SingleNodeModel().solve(model="Llama3_8B", hardware=h100, precision="fp16")
mem_share = base8.latency_memory.to("ms").magnitude / base8.latency.to("ms").magnitude
quiz.check("binding_8b", s8.binding_constraint,
           why=f"memory time {base8.latency_memory.to('ms').magnitude:.3f} ms vs compute "
               f"{base8.latency_compute.to('ms').magnitude:.4f} ms: a decode step reads every weight for ~2 FLOP each")
quiz.check("bw_gain_8b", 100 * s8.sensitivities["memory_bandwidth"], unit="%",
           why=f"the memory term shrinks by 1/1.1 - 1 = -9.09 %, and it is {100 * mem_share:.1f} % of the latency "
               f"(the {base8.latency_overhead.to('ms').magnitude:.2f} ms overhead does not move): "
               f"-9.09 % x {mem_share:.3f} = {100 * s8.sensitivities['memory_bandwidth']:.2f} %")

# %% [markdown]
# 10 % more FLOP/s buys exactly nothing: the compute term was already far below the memory term, and making a
# smaller number smaller does not change a maximum. 10 % more capacity buys nothing either: 16 GB of weights fitted
# already. Only bandwidth moves the latency, by a little less than the full 9.1 %, because the overhead is paid
# regardless.

# %% [markdown]
# ## Five workloads, five answers
#
# The same three nudges to other workloads on the same H100: a diffusion model (many FLOPs per weight), a CNN at
# batch 1, the 70B model that does not fit, and Mixtral-8x7B, which misses by a few gigabytes.

# %%
WORKLOADS = ["Llama3_8B", "StableDiffusion_v1_5", "ResNet50", "Llama3_70B", "Mixtral_8x7B"]
results = {key: sensitivity.solve(model=key, hardware=h100, precision="fp16") for key in WORKLOADS}

print(f"{'workload':<22}  {'weights':>9}  {'fits':>4}  {'baseline':>11}  {'FLOP/s':>7}  {'bandwidth':>9}  "
      f"{'capacity':>8}  binding")
for key, r in results.items():
    weights = SingleNodeModel().solve(model=key, hardware=h100, precision="fp16").memory_footprint.to("GB").magnitude
    s = r.sensitivities
    print(f"{key:<22}  {weights:>6.2f} GB  {'yes' if r.feasible else 'NO':>4}  "
          f"{ms(r.to_dict()['baseline_latency_s']):>8.2f} ms  {100 * s['peak_flops']:>6.2f}%  "
          f"{100 * s['memory_bandwidth']:>8.2f}%  {100 * s['memory_capacity']:>7.2f}%  {r.binding_constraint}")

r70, rmix = results["Llama3_70B"], results["Mixtral_8x7B"]
weights70 = SingleNodeModel().solve(model="Llama3_70B", hardware=h100, precision="fp16").memory_footprint
weights70 = weights70.to("GB").magnitude
quiz.check("binding_70b", r70.binding_constraint,
           why=f"its {weights70:.1f} GB of weights do not fit in {h100.memory.capacity.to('GB').magnitude:.1f} GB, "
               f"even with 10 % more; its {ms(r70.to_dict()['baseline_latency_s']):,.0f} ms "
               f"is the weights paged over the host link, which no 10 % of FLOP/s or HBM bandwidth moves")
quiz.check("mixtral_capacity", 100 * rmix.sensitivities["memory_capacity"], unit="%",
           why=f"10 % more capacity lets it fit: {ms(rmix.to_dict()['baseline_latency_s']):,.1f} ms of paging "
               f"becomes {ms(rmix.to_dict()['memory_capacity_latency_s']):.1f} ms of HBM reads")

# %% [markdown]
# Read the table one row at a time.
#
# * **Stable Diffusion** is [compute-bound](../glossary.md#compute-bound): FLOP/s is its lever, and bandwidth is
#   slack.
# * **ResNet-50 at batch 1** barely moves under any of the three: its latency is mostly the fixed per-call overhead
#   (the [dispatch tax](../glossary.md#dispatch-tax) and the per-layer framework tax, tutorial 1), which is not a
#   datasheet lever. The solver names the largest of three tiny numbers; always read the size of the sensitivity,
#   not just the name. (The solver solves batch 1 only; from batch 2 on, ResNet-50 on this H100 is compute-bound.)
# * **Llama-3.1-70B** does not fit: its latency is set by the host link, so the FLOP/s and bandwidth columns are zero
#   for the wrong reason, and 10 % more capacity is not enough to make it fit. This is the case the original mlsysim
#   tutorial printed as its headline: a sensitivity on an infeasible baseline says nothing about the levers.
# * **Mixtral-8x7B** shows the capacity cliff: a lever that is worthless at one size is worth almost everything
#   a few gigabytes later.

# %% [markdown]
# ## The picture: slopes, flats and a cliff
#
# The solver's step need not be small. Scale each lever from a tenth of the H100's value to twice it and plot the
# latency: the binding lever is the one whose curve has a slope where you stand ($f = 1$). Llama-3.1-8B on the left,
# Stable Diffusion on the right.

# %%
scales = [float(f) for f in np.round(np.geomspace(0.1, 2.0, 27), 4)] + [1.0]
scales = sorted(set(scales))


def lever_curves(model):
    curves = {lever: [] for lever in LEVERS}
    for f in scales:
        if f == 1.0:  # the hardware as listed: the baseline of any step
            base = sensitivity.solve(model=model, hardware=h100, perturbation_pct=10).to_dict()["baseline_latency_s"]
            for lever in LEVERS:
                curves[lever].append(ms(base))
            continue
        d = sensitivity.solve(model=model, hardware=h100, perturbation_pct=100 * (f - 1)).to_dict()
        for lever in LEVERS:
            curves[lever].append(ms(d[lever + "_latency_s"]))
    return curves


fig, axes = plt.subplots(1, 2, figsize=(11, 4))
for ax, (model, title) in zip(axes, (("Llama3_8B", "Llama-3.1-8B: bandwidth binds"),
                                     ("StableDiffusion_v1_5", "Stable Diffusion v1.5: FLOP/s bind"))):
    plot_series(scales, lever_curves(model), xlabel="lever scale f (1 = the H100 as listed)", ylabel="latency (ms)",
                title=title, logx=True, logy=True, ax=ax)
plt.show()

# %% [markdown]
# On the left, the bandwidth curve falls as $1/f$ through $f = 1$, FLOP/s is flat, and capacity is flat until the HBM
# shrinks below the 16 GB of weights, where the latency jumps by more than an order of magnitude: the same cliff
# Mixtral fell off, seen from the other side. On the right the roles of FLOP/s and bandwidth swap, and starving the
# part of bandwidth eventually makes bandwidth bind instead: a binding constraint belongs to a workload *and* a
# point on the datasheet.

# %% [markdown]
# ## Running the roofline backwards
#
# Now the procurement target: Llama-3.1-70B, one token within 50 ms. `SynthesisSolver` gives the floor for each of
# the three datasheet numbers, here for a few targets.

# %%
synthesis = SynthesisSolver()
print(f"{'target':>7}  {'bandwidth':>10}  {'FLOP/s':>12}  {'memory':>9}  {'FLOP per byte':>13}")
for target in ("20 ms", "50 ms", "100 ms", "200 ms"):
    q = synthesis.solve(model="Llama3_70B", target_latency=target, precision="fp16")
    print(f"{target:>7}  {q.required_bw.to('TB/s').magnitude:>5.3f} TB/s  "
          f"{q.required_flops.to('TFLOP/s').magnitude:>6.3f} TFLOP/s  {q.required_memory.to('GB').magnitude:>6.1f} GB  "
          f"{q.compute_memory_ratio.to('FLOP/B').magnitude:>13.1f}")

need = synthesis.solve(model="Llama3_70B", target_latency="50 ms", precision="fp16")
need_bw = need.required_bw.to("TB/s").magnitude
need_mem = need.required_memory.to("GB").magnitude
need_flops = need.required_flops.to("TFLOP/s").magnitude
quiz.check("required_bw", need_bw, unit="TB/s",
           why=f"every one of the {need_mem:.1f} GB of weights is read once per token: {need_mem:.1f} GB / 0.05 s")

# %% [markdown]
# The memory requirement does not relax with a slower target, and the bandwidth requirement falls only as $1/T$.
# The FLOP/s needed are tiny: every priced accelerator in the registry has more than ten times the floor. The last
# column, the ratio of the two floors, is the [ridge point](../glossary.md#ridge-point) a part would need: 2 FLOP
# per byte, because a decode step does about one FLOP per weight byte (tutorial 1) and the FLOP/s floor is divided
# by $\eta = 0.5$. A part whose ridge sits at hundreds of FLOP per byte is mostly idle arithmetic here.

# %% [markdown]
# ## The procurement decision
#
# Two steps. First screen every priced cloud accelerator in the registry against the three floors. Then check the
# survivors with the forward model, since the floors leave out activations and overhead: `mlsysim.search` solves
# `SingleNodeModel` on every candidate and marks the ones that fit and meet 50 ms. (The registry lists the GB200 NVL72
# as one entry, but it is a whole rack of 72 GPUs: its price and its numbers are the rack's.)

# %%
candidates = [h for h in mlsysim.Hardware.Cloud.list() if h.unit_cost is not None]
found = mlsysim.search("SingleNodeModel", {"hardware": [h.key for h in candidates]},
                       fixed={"model": "Llama3_70B", "precision": "fp16"}, minimize="latency_s",
                       where=["feasible == 1", "latency_s <= 50 ms"])
forward = {row["hardware"]: row for row in found.table()}

print(f"{'accelerator':<12}  {'price':>10}  {'bandwidth':>14}  {'capacity':>11}  {'floors met':>10}  "
      f"{'latency':>11}  meets 50 ms")
for h in candidates:
    bw = h.memory.bandwidth.to("TB/s").magnitude
    cap = h.memory.capacity.to("GB").magnitude
    flops = h.compute.peak_flops.to("TFLOP/s").magnitude
    floors = bw >= need_bw and cap >= need_mem and flops >= need_flops
    row = forward[h.key]
    print(f"{h.key:<12}  {usd(h.unit_cost.magnitude):>10}  {bw:>9,.2f} TB/s  {cap:>8,.1f} GB  "
          f"{'yes' if floors else 'no':>10}  {ms(row['latency_s']):>8.1f} ms  "
          f"{'yes' if row['status'] == 'satisfies' else 'no'}")

passing = [h for h in candidates if forward[h.key]["status"] == "satisfies"]
choice = min(passing, key=lambda h: (h.unit_cost.magnitude, forward[h.key]["latency_s"]))
runner_up = min((h for h in passing if h is not choice), key=lambda h: h.unit_cost.magnitude)
quiz.check("cheapest", choice.key,
           why=f"{len(passing)} parts fit and meet 50 ms; the {choice.name} costs {usd(choice.unit_cost.magnitude)} "
               f"({choice.memory.capacity.to('GB').magnitude:.0f} GB, "
               f"{choice.memory.bandwidth.to('TB/s').magnitude:.1f} TB/s, {ms(forward[choice.key]['latency_s']):.1f} "
               f"ms); the next cheapest, {runner_up.key}, {usd(runner_up.unit_cost.magnitude)}")

# %% [markdown]
# Here the floors and the forward model agree on every part. They need not: the floors are a lower bound. The next
# cell asks the forward model what bandwidth would meet 50 ms exactly, using its own breakdown of the chosen part's
# latency (bytes moved and overhead), and then asks the sensitivity question again on the part you would buy.

# %%
chosen = SingleNodeModel().solve(model="Llama3_70B", hardware=choice, precision="fp16")
bytes_moved = chosen.latency_memory.to("s").magnitude * choice.memory.bandwidth.to("B/s").magnitude
overhead_s = chosen.latency_overhead.to("s").magnitude
bw_forward = bytes_moved / (0.050 - overhead_s) / 1e12
print(f"bytes moved per token: {bytes_moved / 1e9:.1f} GB (weights {need_mem:.1f} GB + activations); "
      f"overhead {ms(overhead_s):.2f} ms")
print(f"bandwidth for exactly 50 ms: forward model {bw_forward:.3f} TB/s vs synthesis floor {need_bw:.3f} TB/s "
      f"(+{100 * (bw_forward / need_bw - 1):.0f}%)")

after = sensitivity.solve(model="Llama3_70B", hardware=choice, precision="fp16")
print(f"on the {choice.key}: binding {after.binding_constraint}, "
      + ", ".join(f"{lever} {100 * after.sensitivities[lever]:.2f}%" for lever in LEVERS))

# %% [markdown]
# Once the model fits, the binding constraint moves from capacity to bandwidth: the next dollar on this workload
# should buy bandwidth, not FLOP/s.
#
# Precision is a procurement lever too. At 8 bits the weights halve (tutorial 6 prices the accuracy), and parts that
# failed the capacity floor come back into the running:

# %%
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # the search's warnings are printed below, from found8.warnings
    found8 = mlsysim.search("SingleNodeModel",
                            {"hardware": [h.key for h in candidates], "precision": ["fp16", "int8"]},
                            fixed={"model": "Llama3_70B"}, minimize="latency_s",
                            where=["feasible == 1", "latency_s <= 50 ms"], top=len(candidates) * 2)
prices = {h.key: h.unit_cost.magnitude for h in candidates}
no_int8_rate = {w.split(",")[0].removeprefix("hardware=") for w in found8.warnings}
print(f"{'accelerator':<12}  {'precision':<9}  {'price':>10}  {'latency':>9}")
for row in sorted(found8.top, key=lambda r: (prices[r["hardware"]], r["latency_s"])):
    guessed = row["precision"] == "int8" and row["hardware"] in no_int8_rate
    flag = "  (no int8 rate listed: fp16 peak used)" if guessed else ""
    print(f"{row['hardware']:<12}  {row['precision']:<9}  {usd(prices[row['hardware']]):>10}  "
          f"{ms(row['latency_s']):>6.1f} ms{flag}")

# %% [markdown]
# ## What the numbers show
#
# * **A workload waits on one thing at a time.** Of three datasheet levers, one moves the latency and the others are
#   slack; paying for a slack lever buys nothing. LLM decoding at batch 1 waits on bandwidth, diffusion on FLOP/s.
# * **Read the size, not just the name.** When overhead dominates (ResNet-50 at batch 1), every lever is nearly
#   slack, and the "binding" one is the largest of three small numbers.
# * **Capacity is a cliff, not a slope.** It contributes nothing until the model stops fitting, and then it is the
#   only thing that matters; a sensitivity measured on a model that does not fit reflects the host link, not the part.
# * **Inverse synthesis gives floors.** The bandwidth, FLOP/s and memory a target needs come straight from the weights
#   and the target; the forward model then adds activations and overhead, so buy with headroom.
# * **Procurement is a constrained search.** Screen by the floors, verify with the forward model, then pick on price;
#   after the purchase, ask the sensitivity question again: the binding constraint moves.
#
# **What the model leaves out.** It solves one sample at a time, so batching, which divides the weight traffic across
# requests (tutorials 1 and 6), and the KV cache, which adds to both traffic and capacity (tutorials 3 and 4), are not
# in it. One part per model: splitting the weights over several GPUs (tensor parallelism, tutorial 7) is another way
# past the capacity cliff. Only three levers are perturbed: host-link bandwidth and the per-call overhead are not.
# Prices are the registry's list prices, not quotes, and the availability, software stack and power of each part are not
# weighed.

# %%
print(f"Llama-3.1-8B on H100: {s8.binding_constraint} binds, {100 * s8.sensitivities['memory_bandwidth']:.2f}% per "
      f"+10% bandwidth; Llama-3.1-70B at 50 ms needs {need_bw:.3f} TB/s and {need_mem:.1f} GB; cheapest part: "
      f"{choice.key} at ${choice.unit_cost.magnitude:,.0f}")

# %% [markdown]
# ## Answer key

# %%
quiz.answer_key()
