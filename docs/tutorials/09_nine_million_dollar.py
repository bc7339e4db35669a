# %% [markdown]
# # 09 · The $9M Question
#
# **The question.** Your assistant answers 400 queries per second with Llama-3.1-8B on NVIDIA H100s. The
# product team wants every answer to "think first": eight steps of [chain-of-thought](../glossary.md#chain-of-thought)
# before the reply. Is that a detail of the prompt, or a line in next year's budget? How large a line, and
# what can you do about it?
#
# **What you will learn**
#
# * why [inference-time scaling](../glossary.md#inference-time-scaling) (spending more tokens per answer) costs
#   time almost linearly in the number of [reasoning steps](../glossary.md#reasoning-steps), and why "almost";
# * how a per-query time becomes a fleet size at a fixed traffic ([QPS](../glossary.md#qps), through
#   [Little's law](../glossary.md#littles-law)) and a fleet size becomes a yearly [TCO](../glossary.md#tco):
#   [CapEx](../glossary.md#capex) plus [OpEx](../glossary.md#opex);
# * what moves the bill: faster hardware, and [routing](../glossary.md#model-routing) only the hard queries to the
#   expensive path.
#
# **Time:** about 20 minutes. **Before this:** [03 · Two Phases, One Request](03_two_phases.md) (TTFT and ITL) and
# [08 · Geography is a Systems Variable](08_geography.md) (how `EconomicsModel` prices a fleet).
#
# **How the setup was chosen.** The title's figure is a yearly bill of about nine million dollars. We fixed the
# model and the hardware first (a model that fits on one GPU, on the GPU the original mlsysim tutorial uses) and
# then set the traffic to 400 queries per second, the load at which eight reasoning steps put the fleet's yearly
# cost near \$9M (the cell that sizes the fleet prints the exact figure). The original tutorial's version of this
# question (GPT-4 on one H100) does not fit in memory at all: the first code cell shows by how much, and why no
# dollar figure built on it means anything.

# %% [markdown]
# ## Background: from thinking tokens to dollars
#
# A reasoning model answers in two phases (tutorial 3): one prefill of the prompt, then token-by-token
# decoding. `InferenceScalingModel` prices $K$ reasoning steps of $n$ tokens each, all decoded at the
# [ITL](../glossary.md#itl) of the prompt's context:
#
# $$T(K) = T_\text{TTFT} + K \cdot n \cdot T_\text{ITL}, \qquad E(K) = \text{TDP} \cdot T(K)$$
#
# At a steady traffic of $\lambda$ queries per second, each GPU serving one query at a time (batch 1), the number
# of queries in flight, and so the number of busy GPUs, is Little's law:
#
# $$N = \lceil \lambda \, T(K) \rceil, \quad \text{bought in whole 8-GPU nodes}$$
#
# `EconomicsModel` prices a fleet of $N$ GPUs for $D$ days; every one of its terms is proportional to $N$:
#
# $$\text{TCO} = N \left( \frac{c}{Y} + 0.05\,c \right) \frac{D}{365}
#   + N \cdot P_\text{GPU} \cdot 24D \cdot \text{PUE} \cdot p$$
#
# | symbol | meaning | unit |
# |---|---|---|
# | $K$ | reasoning steps per query | — |
# | $n$ | tokens per step (the solver's heuristic: 50) | tokens |
# | $T_\text{TTFT}$ | time to first token: the prefill of the prompt ([TTFT](../glossary.md#ttft)) | s |
# | $T_\text{ITL}$ | inter-token latency: one decode step, [memory-bound](../glossary.md#memory-bound) | s |
# | [TDP](../glossary.md#tdp) | the GPU's rated power (H100: 700 W) | W |
# | $\lambda$ | traffic | queries/s |
# | $c$, $Y$ | GPU price (H100: \$25,000), [write-off](../glossary.md#amortization) period (3 years) | USD, years |
# | $0.05\,c$ | yearly maintenance, 5 % of the purchase price | USD/year |
# | $P_\text{GPU}$ | power per GPU: the TDP at full utilization | kW |
# | [PUE](../glossary.md#pue) | the facility's overhead on IT power (1.12 by default) | — |
# | $p$ | the electricity price (0.12 USD/kWh by default) | USD/kWh |
#
# Two consequences follow from the first equation before any number is computed. The time ratio
# $T(K)/T(1)$ is *less* than $K$, because the prefill is paid once however long the model thinks; and the
# ratio approaches $K$ as the decode part dominates.

# %% [markdown]
# ## Predict first
#
# Write your answers into the next cell before you run anything below it. Leave a `None` to skip one.
#
# 1. **`time_ratio_16`**: with 16 reasoning steps instead of 1, how many times longer does one query take?
# 2. **`energy_share`**: what percentage of an H100's yearly cost (purchase written off, maintenance, power) is
#    electricity?
# 3. **`gpus_k8`**: how many H100s does it take to serve 400 queries/s when every query thinks for $K = 8$ steps?
# 4. **`cost_ratio`**: that fleet's yearly cost is near the title's \$9M. How many times the $K = 1$ fleet's cost is it?
# 5. **`b200_vs_h100`**: a B200 has 2.4× the H100's memory bandwidth and costs 1.6× as much. The $K = 8$ fleet built
#    from B200s costs how many times the H100 fleet?
# 6. **`routing_savings`**: only 30 % of the queries need to think; the other 70 % get a one-step answer. What
#    percentage of the all-$K = 8$ H100 bill does routing save?

# %%
import math

import matplotlib.pyplot as plt
import mlsysim
from mlsysim import EconomicsModel, InferenceScalingModel, ServingModel
from mlsysim.exercises import Exercises
from mlsysim.viz import plot_series

quiz = Exercises("09 The $9M Question")
quiz.predict("time_ratio_16", None)  # your prediction: a number, e.g. 16 (right within 10 %)
quiz.predict("energy_share", None)  # your prediction: a percentage, e.g. 50
quiz.predict("gpus_k8", None)  # your prediction: a number of GPUs, e.g. 100
quiz.predict("cost_ratio", None)  # your prediction: a number, e.g. 8
quiz.predict("b200_vs_h100", None)  # your prediction: a ratio, e.g. 1.0
quiz.predict("routing_savings", None)  # your prediction: a percentage, e.g. 70

# %% [markdown]
# ## First: does the model fit?
#
# A per-query time means something only if the model fits on the GPU that is supposed to run it. The original
# mlsysim version of this tutorial uses GPT-4 (1.76 trillion parameters) on a single H100 (80 GiB). `ServingModel`
# reports what share of the GPU's memory the weights and the [KV cache](../glossary.md#kv-cache) would take.

# %%
h100 = mlsysim.Hardware.Cloud.H100
llama8b = mlsysim.Models.Language.Llama3_8B
gpt4 = mlsysim.Models.Language.GPT4
CONTEXT = 2048  # prompt tokens

print(f"{'model':<14}  {'parameters':>10}  {'memory used':>11}  fits on one H100")
for m in (gpt4, llama8b):
    s = ServingModel().solve(model=m, hardware=h100, seq_len=CONTEXT, batch_size=1, precision="fp16")
    print(f"{m.name:<14}  {m.parameters.magnitude / 1e9:>8.0f} B  {100 * s.memory_utilization:>10.0f}%  "
          f"{'yes' if s.feasible else 'NO'}")

# %% [markdown]
# GPT-4 would need dozens of H100s' worth of memory for its weights alone, so a fleet sized from a
# "one GPU per query" time is a fleet of machines that cannot run the model: its dollar figure is an artifact
# (in the original tutorial it reaches hundreds of millions). The rest of this tutorial uses Llama-3.1-8B, which
# fits with room to spare: every number below describes something you could actually deploy.

# %% [markdown]
# ## One query, K steps
#
# `InferenceScalingModel` runs `ServingModel` once (batch 1, a 2,048-token prompt) and adds $K \cdot n$ decode
# steps. Watch the two parts of the time: the prefill stays fixed, the thinking grows with $K$.

# %%
KS = [0, 1, 2, 4, 8, 16]
solver = InferenceScalingModel()


def reasoning(model, hardware, k):
    return solver.solve(model=model, hardware=hardware, reasoning_steps=k, context_length=CONTEXT, precision="fp16")


runs = {k: reasoning(llama8b, h100, k) for k in KS}


def seconds(q):
    return q.to("s").magnitude


def usd(x, millions=False):
    return f"${x / 1e6:,.2f}M" if millions else f"${x:,.0f}"


t1 = seconds(runs[1].total_reasoning_time)
print(f"{'K':>3}  {'tokens':>6}  {'prefill':>9}  {'thinking':>9}  {'total':>9}  {'vs K=1':>7}  {'energy':>8}")
for k, r in runs.items():
    total = seconds(r.total_reasoning_time)
    thinking = total - seconds(r.ttft)
    print(f"{k:>3}  {r.tokens_generated:>6}  {1e3 * seconds(r.ttft):>6.1f} ms  {1e3 * thinking:>6.0f} ms  "
          f"{1e3 * total:>6.0f} ms  {total / t1:>6.2f}x  {r.energy_per_query.to('Wh').magnitude:>5.3f} Wh")

itl_ms = 1e3 * seconds(runs[1].itl)
ttft_ms = 1e3 * seconds(runs[1].ttft)
ratio_16 = seconds(runs[16].total_reasoning_time) / t1
quiz.check("time_ratio_16", ratio_16, unit="x",
           why=f"16 steps multiply the {50 * itl_ms:.0f} ms of thinking per step by 16, but the {ttft_ms:.0f} ms "
               f"prefill is paid once: ({ttft_ms:.0f} + 16 x {50 * itl_ms:.0f}) / ({ttft_ms:.0f} + {50 * itl_ms:.0f}) "
               f"= {ratio_16:.2f}")

# %% [markdown]
# Each reasoning step is 50 decode steps, and each decode step reads all 16 GB of weights: a step of thinking
# costs several prefills' worth of time. The energy column is the GPU at its full TDP for the whole query, an
# upper bound for a memory-bound decode.

# %% [markdown]
# ## From seconds to GPUs to dollars
#
# First the price of one GPU for one year. `EconomicsModel` prices a whole fleet; because every term is
# proportional to the number of GPUs, two registry fleets of different size give the same price per GPU, and a
# fleet of any size is that price times its GPU count.

# %%
economics = EconomicsModel()


def per_gpu_year(fleet):
    e = economics.solve(fleet=fleet, duration_days=365)
    n = fleet.total_accelerators
    return {"tco": e.tco_usd / n, "capex": e.capex_usd / n, "maintenance": e.opex_maintenance_usd / n,
            "energy": e.opex_energy_usd / n, "kwh": e.total_energy.to("kWh").magnitude / n, "pue": e.pue}


clusters = mlsysim.Systems.Clusters
h100_small, h100_large = per_gpu_year(clusters.Lab_64_H100), per_gpu_year(clusters.Research_256)
print(f"{'fleet':<14}  {'GPUs':>5}  {'CapEx share':>11}  {'maintenance':>11}  {'energy':>8}  {'TCO per GPU-year':>16}")
for fleet, price in ((clusters.Lab_64_H100, h100_small), (clusters.Research_256, h100_large)):
    print(f"{fleet.key:<14}  {fleet.total_accelerators:>5}  {usd(price['capex']):>11}  "
          f"{usd(price['maintenance']):>11}  {usd(price['energy']):>8}  {usd(price['tco']):>16}")

H100_YEAR = h100_small["tco"]
energy_share = 100 * h100_small["energy"] / H100_YEAR
quiz.check("energy_share", energy_share, unit="%",
           why=f"a year at {h100.tdp.to('W').magnitude:.0f} W x PUE {h100_small['pue']:.2f} is "
               f"{h100_small['kwh']:,.0f} kWh, "
               f"${h100_small['energy']:,.0f}; the ${h100.unit_cost.magnitude:,.0f} purchase written off over 3 years "
               f"plus 5 % maintenance is ${h100_small['capex'] + h100_small['maintenance']:,.0f}")

# %% [markdown]
# Now the fleet at 400 queries per second for each $K$: the busy GPUs $\lambda T(K)$, the GPUs bought (whole
# 8-GPU nodes), the yearly bill, and what a thousand answers cost.

# %%
QPS = 400
SECONDS_PER_YEAR = 365 * 24 * 3600


def fleet_cost(query_seconds, price_per_gpu_year, qps=QPS):
    """GPUs in flight by Little's law, rounded up to whole 8-GPU nodes, and their yearly cost."""
    busy = qps * query_seconds
    gpus = 8 * math.ceil(math.ceil(busy) / 8)
    return busy, gpus, gpus * price_per_gpu_year


h100_fleets = {k: fleet_cost(seconds(r.total_reasoning_time), H100_YEAR) for k, r in runs.items()}
print(f"{'K':>3}  {'busy GPUs':>9}  {'GPUs bought':>11}  {'TCO per year':>13}  {'per 1000 answers':>16}")
for k, (busy, gpus, tco) in h100_fleets.items():
    per_1000 = 1000 * tco / (QPS * SECONDS_PER_YEAR)
    print(f"{k:>3}  {busy:>9.1f}  {gpus:>11,}  {usd(tco, True):>13}  {'$' + format(per_1000, '.4f'):>16}")

tco_k1, tco_k8 = h100_fleets[1][2], h100_fleets[8][2]
quiz.check("gpus_k8", h100_fleets[8][1], unit="GPUs",
           why=f"Little's law: {QPS} queries/s x {seconds(runs[8].total_reasoning_time):.3f} s per query = "
               f"{h100_fleets[8][0]:.1f} queries in flight, one per GPU, rounded up to {h100_fleets[8][1] // 8} "
               f"nodes of 8; at {usd(H100_YEAR)} per GPU-year that is {usd(tco_k8, True)} a year")
quiz.check("cost_ratio", tco_k8 / tco_k1, unit="x",
           why=f"the query time grows {seconds(runs[8].total_reasoning_time) / t1:.2f}x (prefill paid once); "
               f"rounding to whole nodes ({h100_fleets[1][1]} and {h100_fleets[8][1]} GPUs) moves it to "
               f"{tco_k8 / tco_k1:.2f}x")

# %% [markdown]
# ## The picture: the bill against the thinking budget
#
# The same sizing for every $K$ from 0 to 16, on H100s and on B200s (the B200 fleet is priced like the H100 one,
# from the registry's `Training_1K_B200` cluster). Both lines are straight apart from the steps of whole nodes:
# every reasoning step adds a fixed number of GPUs.

# %%
b200 = mlsysim.Hardware.Cloud.B200
B200_YEAR = per_gpu_year(clusters.Training_1K_B200)["tco"]
k_axis = list(range(17))
bill = {
    "H100": [fleet_cost(seconds(reasoning(llama8b, h100, k).total_reasoning_time), H100_YEAR)[2] / 1e6 for k in k_axis],
    "B200": [fleet_cost(seconds(reasoning(llama8b, b200, k).total_reasoning_time), B200_YEAR)[2] / 1e6 for k in k_axis],
}
fig, ax = plot_series(k_axis, bill, xlabel="reasoning steps K (50 tokens each)", ylabel="fleet TCO per year ($M)",
                      title=f"Llama-3.1-8B at {QPS} queries/s, batch 1")
plt.show()

# %% [markdown]
# ## Faster hardware
#
# A decode step is memory-bound, so a GPU with more bandwidth thinks faster. The B200 lists 8 TB/s against the
# H100's 3.35 TB/s, and \$40,000 against \$25,000. Which effect wins on the bill?

# %%
b200_k8 = reasoning(llama8b, b200, 8)
b200_busy, b200_gpus, b200_tco = fleet_cost(seconds(b200_k8.total_reasoning_time), B200_YEAR)
print(f"{'GPU':<5}  {'query, K=8':>10}  {'GPUs bought':>11}  {'per GPU-year':>12}  {'TCO per year':>12}")
for name, query, gpus, price, tco in (("H100", runs[8].total_reasoning_time, h100_fleets[8][1], H100_YEAR, tco_k8),
                                      ("B200", b200_k8.total_reasoning_time, b200_gpus, B200_YEAR, b200_tco)):
    print(f"{name:<5}  {1e3 * seconds(query):>7.0f} ms  {gpus:>11,}  {usd(price):>12}  {usd(tco, True):>12}")

speedup = seconds(runs[8].total_reasoning_time) / seconds(b200_k8.total_reasoning_time)
quiz.check("b200_vs_h100", b200_tco / tco_k8, unit="x",
           why=f"each B200 answers {speedup:.2f}x faster but costs {B200_YEAR / H100_YEAR:.2f}x as much per year, so "
               f"the fleet costs {speedup:.2f}^-1 x {B200_YEAR / H100_YEAR:.2f} = {b200_tco / tco_k8:.2f}x "
               f"(node rounding aside)")

# %% [markdown]
# ## Route: think only when it helps
#
# If a classifier (or the model itself) can tell which queries need reasoning, only those pay for it. With 30 % of
# the traffic at $K = 8$ and 70 % at $K = 1$, the average query time is the traffic-weighted mix, and Little's law
# sizes the fleet from that average.

# %%
HARD = 0.30
blended = HARD * seconds(runs[8].total_reasoning_time) + (1 - HARD) * t1
routed_busy, routed_gpus, routed_tco = fleet_cost(blended, H100_YEAR)
print(f"{'policy':<22}  {'mean query':>10}  {'GPUs bought':>11}  {'TCO per year':>12}")
for name, mean, gpus, tco in (("every query K=1", t1, h100_fleets[1][1], tco_k1),
                              (f"{HARD:.0%} K=8, rest K=1", blended, routed_gpus, routed_tco),
                              ("every query K=8", seconds(runs[8].total_reasoning_time), h100_fleets[8][1], tco_k8)):
    print(f"{name:<22}  {1e3 * mean:>7.0f} ms  {gpus:>11,}  {usd(tco, True):>12}")

savings = 100 * (1 - routed_tco / tco_k8)
quiz.check("routing_savings", savings, unit="%",
           why=f"the mean query drops from {seconds(runs[8].total_reasoning_time):.3f} s to {blended:.3f} s; the "
               f"{1 - HARD:.0%} easy queries still pay their {t1:.3f} s, so the saving is less than {1 - HARD:.0%}")

# %% [markdown]
# ## What the numbers show
#
# * **Reasoning is paid at the decode rate.** Every thinking token is a memory-bound decode step that reads all
#   the weights, so a query's time grows by the same amount with every step; the ratio to a one-step answer is a
#   little less than $K$ only because the prefill is paid once.
# * **At fixed traffic, time is GPUs and GPUs are dollars.** Little's law turns seconds per query into GPUs in
#   flight, and the yearly bill is linear in the GPU count. Turning on eight steps of thinking multiplies the
#   fleet, not the cost per GPU.
# * **The bill is mostly the hardware.** Electricity is a small share of a GPU-year; the purchase price written off
#   over three years dominates, so "cheaper power" barely moves the cost of reasoning.
# * **Bandwidth per dollar decides between GPUs.** A faster GPU helps only if its speed-up on the memory-bound
#   decode is larger than its price ratio.
# * **The cheapest token is the one not generated.** Routing easy queries around the reasoning path saves more than
#   a hardware generation, because it removes work instead of doing it faster.
#
# **What the model leaves out.** Each GPU serves one query at a time: real servers batch decode steps from many
# queries (tutorial 4), which would serve more queries per GPU and make every bill above smaller; these are the
# costs of unbatched serving. The KV cache does not grow over the thinking tokens; 50 tokens per step is a fixed
# heuristic (real reasoning traces vary by orders of magnitude); the traffic is a steady average with no peaks to
# provision for; the fleet is priced as hardware, power and maintenance only (networking, facility and staff would
# multiply the CapEx; `infrastructure_multiplier` of `EconomicsModel` does that).

# %%
print(f"Llama-3.1-8B on H100 at {QPS} queries/s: K=1 ${tco_k1 / 1e6:.2f}M -> K=8 ${tco_k8 / 1e6:.2f}M per year "
      f"({tco_k8 / tco_k1:.2f}x); B200 ${b200_tco / 1e6:.2f}M; routing {HARD:.0%} ${routed_tco / 1e6:.2f}M "
      f"({savings:.0f}% saved); electricity {energy_share:.1f}% of a GPU-year")

# %% [markdown]
# ## Answer key

# %%
quiz.answer_key()
