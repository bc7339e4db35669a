# %% [markdown]
# # 03 · Two Phases, One Request
#
# **The question.** You send a 2,048-token prompt to Llama-3.1-8B on an NVIDIA H100 and stream the answer back.
# What decides how long you wait for the first word, and what decides how fast the rest arrive?
#
# **What you will learn**
#
# * that [LLM](../glossary.md#llm) inference is two workloads in one request: **[prefill](../glossary.md#prefill)**,
#   which reads the whole prompt at once, and **[decode](../glossary.md#decode)**, which produces one
#   [token](../glossary.md#token) per step;
# * why prefill is [compute-bound](../glossary.md#compute-bound) and sets the time to first token
#   ([TTFT](../glossary.md#ttft)), while decode is [memory-bound](../glossary.md#memory-bound) and sets the
#   inter-token latency ([ITL](../glossary.md#itl));
# * which hardware number helps which phase, and which phase dominates a chatbot and a summarizer;
# * how both phases grow with the [context length](../glossary.md#context-length), and what the
#   [KV cache](../glossary.md#kv-cache) costs.
#
# **Time:** about 15 minutes. **Before this:** [01 · Hello, Roofline](01_hello_roofline.md) (the
# [roofline model](../glossary.md#roofline-model)) and [02 · The Memory Wall](02_memory_wall.md).

# %% [markdown]
# ## Background: one prompt, many tokens
#
# **Prefill** pushes all $S$ prompt tokens through the model in one pass, so every weight is used $S$ times per read.
# `ServingModel` charges it compute only:
#
# $$\text{TTFT} = \frac{2 P S + 4 L\, n_h d_h\, S^2}{\eta R} + \tau_d$$
#
# **Decode** then emits one token per step. Each step reads every weight and the whole KV cache (the keys and values
# of all earlier tokens, kept so they need not be recomputed), and `ServingModel` charges it memory only:
#
# $$\text{ITL} = \frac{W + \mathit{KV}}{\mathit{BW}} + L \cdot 0.01\ \text{ms}, \qquad
#   \mathit{KV} = 2\, L\, n_{kv} d_h\, S\, b$$
#
# | symbol | meaning | Llama-3.1-8B | unit |
# |---|---|---|---|
# | $P$ | parameters (2 FLOP per parameter per token) | 8.03 × 10⁹ | — |
# | $L$, $n_h$, $n_{kv}$ | layers, query heads, key-value heads | 32, 32, 8 | — |
# | $d_h$ | head width, hidden size ÷ $n_h$ | 4096 ÷ 32 | — |
# | $S$ | tokens in the context | | tokens |
# | $b$ | bytes per value at the [precision](../glossary.md#precision) (fp16: 2) | | bytes |
# | $W$ | weight bytes, $P \cdot b$ | | bytes |
# | $R$, $\eta$ | peak FLOP/s and the fraction achieved (0.5) | | FLOP/s, — |
# | $\mathit{BW}$ | memory [bandwidth](../glossary.md#bandwidth) | | bytes/s |
# | $\tau_d$ | [dispatch tax](../glossary.md#dispatch-tax), once per call | | s |
#
# The $L \cdot 0.01$ ms is tutorial 1's per-layer [framework tax](../glossary.md#framework-tax), paid on every
# decode step. The KV cache here is one request's; tutorial 4 multiplies it by the batch.
#
# The second term of TTFT is attention: every prompt token compares itself with the whole context, so it grows
# with $S^2$. A request that returns $N$ tokens takes $\text{TTFT}$ (which yields the first) plus $N - 1$ decode steps.

# %% [markdown]
# ## Predict first
#
# 1. **`ttft`**: Llama-3.1-8B on an H100, 2,048-token prompt, batch 1, fp16. Time to first token, in ms?
# 2. **`itl`**: and the time per generated token after that, in ms?
# 3. **`h200_ttft_speedup`**: the H200 has the H100's FLOP/s and 1.43× its bandwidth. How many times faster is TTFT?
# 4. **`h200_itl_speedup`**: and ITL?
# 5. **`chat_prefill_share`**: a chatbot turn (50-token prompt, 500-token answer). What percentage of the request's
#    time is prefill?
# 6. **`summary_prefill_share`**: a summarizer (4,000-token document, 100-token summary). What percentage?
# 7. **`ttft_growth`**: double the prompt from 8,192 to 16,384 tokens. By what factor does TTFT grow?

# %%
import matplotlib.pyplot as plt
import mlsysim
from mlsysim import ServingModel
from mlsysim.exercises import Exercises
from mlsysim.viz import plot_context_sweep

quiz = Exercises("03 Two Phases, One Request")
quiz.predict("ttft", None)  # your prediction in ms, e.g. 10, or a range: quiz.predict("ttft", between=(5, 50))
quiz.predict("itl", None)  # your prediction in ms (right within 10 %)
quiz.predict("h200_ttft_speedup", None)  # your prediction: a ratio (right within 10 %)
quiz.predict("h200_itl_speedup", None)  # your prediction: a ratio (right within 10 %)
quiz.predict("chat_prefill_share", None)  # your prediction: a percentage (right within 10 %)
quiz.predict("summary_prefill_share", None)  # your prediction: a percentage (right within 10 %)
quiz.predict("ttft_growth", None)  # your prediction: a ratio (right within 10 %)

# %% [markdown]
# ## One request
#
# `ServingModel` needs the context length `seq_len`; everything else has a default (batch 1, fp16, $\eta = 0.5$).

# %%
llama = mlsysim.Models.Language.Llama3_8B
cloud = mlsysim.Hardware.Cloud
h100 = cloud.H100
serving = ServingModel()
PROMPT = 2048


def ms(q):
    return q.to("ms").magnitude


r = serving.solve(model=llama, hardware=h100, seq_len=PROMPT, batch_size=1, precision="fp16")
print(f"{llama.name} on {h100.name}, {PROMPT} prompt tokens")
print(f"TTFT (prefill)   {ms(r.ttft):8.2f} ms")
print(f"ITL (decode)     {ms(r.itl):8.2f} ms  ({r.decode_throughput.magnitude:.0f} tokens/s)")
print(f"weights          {r.model_weights_size.to('GB').magnitude:8.2f} GB")
print(f"KV cache         {r.kv_cache_size.to('GB').magnitude:8.3f} GB")
print(f"memory use       {r.memory_utilization:8.1%} of {h100.memory.capacity:~P}  (fits: {r.feasible})")

quiz.check("ttft", r.ttft, unit="ms",
           why=f"{PROMPT} tokens x 2 FLOP x {llama.parameters.magnitude / 1e9:.2f} G parameters plus attention, at "
               f"half of {h100.compute.peak_flops.to('TFLOP/s').magnitude:.0f} TFLOP/s")
quiz.check("itl", r.itl, unit="ms",
           why=f"{(r.model_weights_size + r.kv_cache_size).to('GB').magnitude:.2f} GB of weights and KV cache read "
               f"at {h100.memory.bandwidth.to('TB/s').magnitude:.2f} TB/s, plus {llama.layers} x 0.01 ms of "
               f"per-layer overhead")

# %% [markdown]
# ## Why each phase is bound where it is
#
# `ServingModel` simply *assumes* prefill is compute-bound and decode memory-bound. Check the assumption with the
# roofline from tutorial 1: count each phase's FLOPs and the bytes it must at least read (the weights and the KV
# cache once), and compare the intensity with the H100's ridge at $\eta = 0.5$.

# %%
P = llama.parameters.magnitude
L, heads = llama.layers, llama.heads
d_h = llama.hidden_dim // heads
bytes_read = (r.model_weights_size + r.kv_cache_size).to("B").magnitude
prefill_flop = 2 * P * PROMPT + 4 * L * heads * d_h * PROMPT * PROMPT
decode_flop = 2 * P + 4 * L * heads * d_h * PROMPT  # one new token against the whole context
ridge = 0.5 * h100.ridge_point().to("FLOP/B").magnitude
prefill_intensity = prefill_flop / bytes_read
decode_intensity = decode_flop / bytes_read

print(f"{'phase':<8} {'GFLOP':>9} {'GB read':>8} {'FLOP/B':>8}   vs ridge {ridge:.1f} FLOP/B")
for phase, flop in (("prefill", prefill_flop), ("decode", decode_flop)):
    intensity = flop / bytes_read
    side = "compute-bound" if intensity > ridge else "memory-bound"
    print(f"{phase:<8} {flop / 1e9:>9.1f} {bytes_read / 1e9:>8.2f} {intensity:>8.1f}   {side}")

# %% [markdown]
# The same weights, read once, serve all the prompt tokens in prefill but only one token in decode. Prefill's
# intensity is roughly the number of prompt tokens; decode's is about one FLOP per byte, the same as the
# Llama-3.1-8B batch-1 point in tutorial 1. That is why the two phases answer to different hardware numbers.
#
# ## Which GPU number helps which phase
#
# Three GPUs with the same prompt. The H200 adds bandwidth only; the A100 has less of both.

# %%
gpus = [cloud.A100, h100, cloud.H200]
runs = {hw.name: serving.solve(model=llama, hardware=hw, seq_len=PROMPT) for hw in gpus}
base = runs[h100.name]
print(f"{'GPU':<12} {'TFLOP/s':>8} {'TB/s':>5} {'TTFT':>10} {'ITL':>8}   vs H100: {'TTFT':>5} {'ITL':>5}")
for hw in gpus:
    x = runs[hw.name]
    print(f"{hw.name:<12} {hw.compute.peak_flops.to('TFLOP/s').magnitude:>8.0f} "
          f"{hw.memory.bandwidth.to('TB/s').magnitude:>5.2f} {ms(x.ttft):>7.2f} ms {ms(x.itl):>5.2f} ms   "
          f"{'':>8} {ms(base.ttft) / ms(x.ttft):>4.2f}x {ms(base.itl) / ms(x.itl):>4.2f}x")

h200 = runs[cloud.H200.name]
ttft_speedup = ms(base.ttft) / ms(h200.ttft)
itl_speedup = ms(base.itl) / ms(h200.itl)
bw_ratio = (cloud.H200.memory.bandwidth / h100.memory.bandwidth).to("").magnitude
quiz.check("h200_ttft_speedup", ttft_speedup,
           why=f"prefill is charged compute only: {ms(h200.ttft):.2f} ms on both, since both run at "
               f"{h100.compute.peak_flops.to('TFLOP/s').magnitude:.0f} TFLOP/s")
quiz.check("h200_itl_speedup", itl_speedup,
           why=f"decode reads the same bytes {bw_ratio:.2f}x faster; the fixed {llama.layers} x 0.01 ms per-layer "
               f"overhead keeps it at {itl_speedup:.2f}x")

# %% [markdown]
# ## Two requests, two bottlenecks
#
# A chatbot answers at length from a short prompt; a summarizer reads a long document and answers briefly. The first
# token comes out of prefill; each later token is one decode step, whose KV cache holds the context so far.
# `ServingModel` sizes the cache at `seq_len`, so the decode time below calls it at each step's context length and adds
# the steps up.

# %%
def request(hw, prompt, answer):
    """TTFT and total decode time (ms) for one request of `prompt` tokens in and `answer` tokens out."""
    ttft = ms(serving.solve(model=llama, hardware=hw, seq_len=prompt).ttft)
    decode = sum(ms(serving.solve(model=llama, hardware=hw, seq_len=prompt + i).itl) for i in range(1, answer))
    return ttft, decode


WORKLOADS = {"chatbot": (50, 500), "summarizer": (4000, 100)}
shares, times = {}, {}
print(f"{'request':<11} {'in':>5} {'out':>4} {'TTFT':>10} {'decode':>11} {'total':>11} {'prefill':>8}")
for name, (prompt, answer) in WORKLOADS.items():
    ttft, decode = times[name] = request(h100, prompt, answer)
    shares[name] = 100 * ttft / (ttft + decode)
    print(f"{name:<11} {prompt:>5} {answer:>4} {ttft:>7.2f} ms {decode:>8.1f} ms {ttft + decode:>8.1f} ms "
          f"{shares[name]:>7.2f}%")

for key, name in (("chat_prefill_share", "chatbot"), ("summary_prefill_share", "summarizer")):
    (prompt, answer), (ttft, decode) = WORKLOADS[name], times[name]
    quiz.check(key, shares[name], unit="%",
               why=f"one compute pass over {prompt} prompt tokens takes {ttft:.2f} ms; {answer - 1} memory-bound "
                   f"decode steps, each reading all the weights, take {decode:.1f} ms")

# %% [markdown]
# ## Longer contexts
#
# Grow the prompt. TTFT has a term linear in $S$ and the attention term in $S^2$; ITL grows only through the KV cache
# it must read each step.

# %%
CONTEXTS = [512, 1024, 2048, 4096, 8192, 16384, 32768]
sweep = {s: serving.solve(model=llama, hardware=h100, seq_len=s) for s in CONTEXTS}
print(f"{'context':>7} {'TTFT':>11} {'per token':>10} {'ITL':>8} {'KV cache':>9}")
for s, x in sweep.items():
    print(f"{s:>7} {ms(x.ttft):>8.1f} ms {1000 * ms(x.ttft) / s:>7.1f} us {ms(x.itl):>5.2f} ms "
          f"{x.kv_cache_size.to('GB').magnitude:>6.2f} GB")

growth = ms(sweep[16384].ttft) / ms(sweep[8192].ttft)
attention_share = 4 * L * heads * d_h * 16384**2 / (2 * P * 16384 + 4 * L * heads * d_h * 16384**2)
quiz.check("ttft_growth", growth,
           why=f"more than 2x because attention grows with S^2: at 16,384 tokens it is {attention_share:.0%} of the "
               f"prefill FLOPs")

# %% [markdown]
# The model charges every prompt token attention over the *full* context, as if attention were not causal, so its
# attention term is an upper bound (about twice the causal cost). The trend, time per prompt token rising with
# context, holds either way.
#
# ## The picture
#
# TTFT and ITL against context length on the H100.

# %%
fig, ax = plot_context_sweep(llama, h100, CONTEXTS)
plt.show()

# %% [markdown]
# ## What the numbers show
#
# * **One request, two workloads.** Prefill does many FLOPs per byte it reads and is compute-bound; decode does about
#   one and is memory-bound. The prompt length acts as the batch size of tutorial 1.
# * **Each phase has its own hardware lever.** More FLOP/s shortens TTFT; more bandwidth shortens ITL. A
#   bandwidth-only upgrade (H100 to H200) leaves TTFT exactly where it was.
# * **The workload decides which phase matters.** A chatbot's time is almost all decode, so bandwidth is what it
#   buys; a summarizer spends a visible share in prefill, so FLOP/s start to count.
# * **Long contexts hurt prefill most.** The attention term makes TTFT grow faster than the prompt, while ITL grows
#   only with the KV cache it reads.

# %%
print(f"H100, {PROMPT}-token prompt: TTFT {ms(r.ttft):.2f} ms, ITL {ms(r.itl):.2f} ms; "
      f"prefill {prefill_intensity:.0f} FLOP/B, decode {decode_intensity:.2f} FLOP/B")
print(f"H200 over H100: TTFT {ttft_speedup:.2f}x, ITL {itl_speedup:.2f}x")
print(f"prefill share: chatbot {shares['chatbot']:.2f}%, summarizer {shares['summarizer']:.2f}%; "
      f"TTFT x{growth:.2f} from 8K to 16K tokens")

# %% [markdown]
# ## Answer key

# %%
quiz.answer_key()
