# %% [markdown]
# # 04 · KV-Cache: The Hidden Tax
#
# **The question.** Llama-3.1-8B has 8.03 billion parameters and an NVIDIA H100 has 80 GiB of memory: the
# weights fit with plenty of room to spare. So why can that GPU hold only a handful of long conversations at
# once, and what do grouped-query attention, int8 and PagedAttention each buy back?
#
# **What you will learn**
#
# * how many bytes the [KV cache](../glossary.md#kv-cache) costs per token and per user, and why it grows with
#   context length × concurrent users;
# * how memory capacity turns that into a hard limit on concurrent users (mlsysim calls this check the
#   [memory wall](../glossary.md#memory-wall); tutorial 2 used the name for the gap between compute and
#   bandwidth), and how the cache also slows every decode step ([ITL](../glossary.md#itl));
# * what [grouped-query attention](../glossary.md#gqa) and a lower [precision](../glossary.md#precision)
#   buy back;
# * what [PagedAttention](../glossary.md#pagedattention) recovers, and when it recovers nothing at all.
#
# **Time:** about 20 minutes. **Before this:** [03 · Two Phases, One Request](03_two_phases.md) (prefill, decode,
# TTFT and ITL).

# %% [markdown]
# ## Background: what the cache holds
#
# A decoder generates one token per step, and each new token attends to the keys and values of every token
# before it, in every layer. Recomputing them at every step would repeat the whole prefill, so the server keeps
# them in GPU memory: the KV cache. For a batch of $B$ requests with a context of $S$ tokens it takes
#
# $$\mathrm{KV} = 2 \cdot L \cdot n_{kv} \cdot d_h \cdot S \cdot B \cdot b \quad \text{bytes}$$
#
# | symbol | meaning | Llama-3.1-8B |
# |---|---|---|
# | $2$ | one key and one value vector | |
# | $L$ | transformer layers | 32 |
# | $n_{kv}$ | key-value heads (with grouped-query attention several query heads share one) | 8 (for 32 query heads) |
# | $d_h$ | width of one head: hidden size / query heads | 4096 / 32 = 128 |
# | $S$ | [context length](../glossary.md#context-length) in tokens, prompt plus generated | |
# | $B$ | concurrent requests (the batch) | |
# | $b$ | bytes per element of the precision | 2 at fp16, 1 at int8 |
#
# Everything but $S$ and $B$ is fixed by the model, so it is worth naming the cost of one token of one user,
# $\kappa = 2 L n_{kv} d_h b$. The cache competes with the weights, $W = P \cdot b$ for $P$ parameters, for
# the GPU's memory capacity $C$. `ServingModel` calls a configuration feasible when both fit:
#
# $$W + \kappa \, S \, B \le C \qquad\Longrightarrow\qquad
#   B_\text{max} = \left\lfloor \frac{C - W}{\kappa \, S} \right\rfloor$$
#
# The cache costs time as well as space. As in tutorial 3, [decode](../glossary.md#decode) is memory-bound: every
# step reads all the weights and the whole cache from memory at bandwidth $\mathit{BW}$, plus the
# [framework tax](../glossary.md#framework-tax) of 0.01 ms per layer,
#
# $$\mathrm{ITL} = \frac{W + \mathrm{KV}}{\mathit{BW}} + L \cdot 0.01\ \text{ms}.$$

# %% [markdown]
# ## Predict first
#
# Write your answers into the next cell before you run anything below it. Leave a `None` to skip one.
# All questions are about Llama-3.1-8B on one H100 (80 GiB) unless they say otherwise.
#
# 1. **`kv_per_token`**: how many KiB of KV cache does one token of one user cost at fp16?
# 2. **`max_batch`**: how many users, each with a full 128K-token (131,072) context, fit next to the fp16 weights?
# 3. **`int8_max_batch`**: the same at int8 (weights and cache both one byte per element)?
# 4. **`gqa_advantage`**: Llama-2-7B caches all 32 of its heads (no grouped-query attention). At an 8,192-token
#    context, how many times as many users does Llama-3.1-8B fit as Llama-2-7B?
# 5. **`paged_speedup`**: requests average 2,048 tokens but may grow to 8,192. A static server reserves 8,192
#    tokens for each; PagedAttention hands out 16-token pages as a request grows. How many times the static
#    decode throughput (tokens/s) does paging deliver?

# %%
import matplotlib.pyplot as plt
import mlsysim
from mlsysim import ContinuousBatchingModel, ServingModel
from mlsysim.exercises import Exercises
from mlsysim.viz import plot_series

quiz = Exercises("04 KV-Cache: The Hidden Tax")
quiz.predict("kv_per_token", None)  # your prediction: KiB, e.g. 64 (right within 10 %)
quiz.predict("max_batch", None)  # your prediction: a whole number of users
quiz.predict("int8_max_batch", None)  # your prediction: a whole number of users
quiz.predict("gqa_advantage", None)  # your prediction: a ratio, e.g. 2.0
quiz.predict("paged_speedup", None)  # your prediction: a ratio, e.g. 2.0

# %% [markdown]
# ## One user, a short conversation
#
# Start where the cache is small: one request with a 2,048-token context. The solver reports the weights,
# the cache and their sum against the capacity; dividing the cache by the tokens gives $\kappa$.

# %%
model = mlsysim.Models.Language.Llama3_8B
gpu = mlsysim.Hardware.Cloud.H100
serving = ServingModel()


def gb(q):
    return q.to("GB").magnitude


def ms(q):
    return q.to("ms").magnitude


capacity = gpu.memory.capacity
r = serving.solve(model=model, hardware=gpu, seq_len=2048, batch_size=1, precision="fp16")
kappa = r.kv_cache_size.to("B").magnitude / 2048  # bytes per token per user
d_head = model.hidden_dim // model.heads

print(f"{model.name} on {gpu.name}: one user, 2,048-token context, fp16")
print(f"  weights    {gb(r.model_weights_size):7.3f} GB")
share = gb(r.kv_cache_size) / gb(r.total_memory_required)
print(f"  KV cache   {gb(r.kv_cache_size):7.3f} GB   ({share:.1%} of the total)")
print(f"  total      {gb(r.total_memory_required):7.3f} GB   of {gb(capacity):.2f} GB ({capacity:~P}): "
      f"{r.memory_utilization:.1%} used")
print(f"  ITL        {ms(r.itl):7.3f} ms")
print(f"  per token  2 x {model.layers} layers x {model.kv_heads} KV heads x {d_head} x 2 B "
      f"= {kappa:,.0f} B = {kappa / 1024:.0f} KiB")

quiz.check("kv_per_token", kappa / 1024, unit="KiB",
           why=f"2 (K and V) x {model.layers} layers x {model.kv_heads} KV heads x {d_head} dims x 2 bytes "
               f"= {kappa:,.0f} B for every token of every user")

# %% [markdown]
# At this size the cache is a rounding error beside the weights. But it is charged per token *and* per user.
# Keep eight users and stretch their context: the next table grows $S$ at $B = 8$.

# %%
CONTEXTS = [1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072]

print(f"{'context':>8}  {'KV cache':>9}  {'weights':>8}  {'total':>9}  {'of C':>7}  {'fits':>4}  {'ITL':>9}")
for s in CONTEXTS:
    p = serving.solve(model=model, hardware=gpu, seq_len=s, batch_size=8, precision="fp16")
    print(f"{s:>8,}  {gb(p.kv_cache_size):>6.2f} GB  {gb(p.model_weights_size):>5.2f} GB  "
          f"{gb(p.total_memory_required):>6.2f} GB  {p.memory_utilization:>7.1%}  "
          f"{'yes' if p.feasible else 'NO':>4}  {ms(p.itl):>6.2f} ms")

# %% [markdown]
# Somewhere in the middle of the table the cache overtakes the weights, and at the longest context the eight
# users no longer fit at all. Notice the last column too: a longer context makes every token slower, because
# each decode step reads the whole cache. (The ITL of a configuration that does not fit is what it *would*
# take.)
#
# ## How many users fit?
#
# Turn the question around: for each context length, what is the largest batch the memory wall admits?
# Rather than trust the formula, ask the solver: double the batch until it no longer fits, then bisect.
# The table compares Llama-3.1-8B at fp16 and int8 with Llama-2-7B, a model of similar size that caches a
# key and a value for each of its 32 heads.

# %%
llama2 = mlsysim.Models.Language.Llama2_7B


def max_users(m, hardware, seq_len, precision="fp16"):
    """The largest batch whose weights plus KV cache fit in memory, found by asking the solver."""
    def fits(b):
        return serving.solve(model=m, hardware=hardware, seq_len=seq_len, batch_size=b, precision=precision).feasible

    if not fits(1):
        return 0
    lo, hi = 1, 2
    while fits(hi):
        lo, hi = hi, 2 * hi
    while hi - lo > 1:  # fits(lo) and not fits(hi)
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid)
    return lo


def kv_per_user(m, seq_len, precision="fp16"):
    return serving.solve(model=m, hardware=gpu, seq_len=seq_len, batch_size=1, precision=precision).kv_cache_size


users = {
    "Llama-3.1-8B fp16": [max_users(model, gpu, s) for s in CONTEXTS],
    "Llama-3.1-8B int8": [max_users(model, gpu, s, "int8") for s in CONTEXTS],
    "Llama-2-7B fp16": [max_users(llama2, gpu, s) for s in CONTEXTS],
}
print(f"{'context':>8}  {'KV per user':>11}  " + "  ".join(f"{name:>17}" for name in users))
for i, s in enumerate(CONTEXTS):
    print(f"{s:>8,}  {gb(kv_per_user(model, s)):>8.3f} GB  " + "  ".join(f"{u[i]:>17,}" for u in users.values()))

# %% [markdown]
# Check the 128K row against the formula, then the two ways to buy users back.

# %%
S_LONG = 131072
long16 = serving.solve(model=model, hardware=gpu, seq_len=S_LONG, batch_size=1, precision="fp16")
long8 = serving.solve(model=model, hardware=gpu, seq_len=S_LONG, batch_size=1, precision="int8")
free16 = gb(capacity) - gb(long16.model_weights_size)
free8 = gb(capacity) - gb(long8.model_weights_size)
n16, n8 = users["Llama-3.1-8B fp16"][-1], users["Llama-3.1-8B int8"][-1]
print(f"fp16: ({gb(capacity):.2f} - {gb(long16.model_weights_size):.2f}) GB / {gb(long16.kv_cache_size):.2f} GB "
      f"per user = {free16 / gb(long16.kv_cache_size):.2f} -> {n16} users")
print(f"int8: ({gb(capacity):.2f} - {gb(long8.model_weights_size):.2f}) GB / {gb(long8.kv_cache_size):.2f} GB "
      f"per user = {free8 / gb(long8.kv_cache_size):.2f} -> {n8} users")
full = serving.solve(model=model, hardware=gpu, seq_len=S_LONG, batch_size=n16, precision="fp16")
print(f"{n16} users at fp16: {gb(full.total_memory_required):.2f} GB, {full.memory_utilization:.1%} of memory, "
      f"ITL {ms(full.itl):.2f} ms ({ms(full.itl) / ms(long16.itl):.1f}x the single user's {ms(long16.itl):.2f} ms)")

quiz.check("max_batch", n16, unit="users",
           why=f"({gb(capacity):.2f} - {gb(long16.model_weights_size):.2f} GB of weights) / "
               f"{gb(long16.kv_cache_size):.2f} GB per 128K-token user = {free16 / gb(long16.kv_cache_size):.2f}")
quiz.check("int8_max_batch", n8, unit="users",
           why=f"int8 halves each user's cache to {gb(long8.kv_cache_size):.2f} GB and also frees "
               f"{gb(long16.model_weights_size) - gb(long8.model_weights_size):.2f} GB of weights: "
               f"{free8:.2f} / {gb(long8.kv_cache_size):.2f} = {free8 / gb(long8.kv_cache_size):.2f}")

i8k = CONTEXTS.index(8192)
u3, u2 = users["Llama-3.1-8B fp16"][i8k], users["Llama-2-7B fp16"][i8k]
kv3, kv2 = gb(kv_per_user(model, 8192)), gb(kv_per_user(llama2, 8192))
free3 = gb(capacity) - gb(r.model_weights_size)
free2 = gb(capacity) - gb(serving.solve(model=llama2, hardware=gpu, seq_len=8192).model_weights_size)
print(f"8K context: Llama-3.1-8B {free3:.2f} GB free / {kv3:.3f} GB per user = {free3 / kv3:.2f} -> {u3} users")
print(f"            Llama-2-7B   {free2:.2f} GB free / {kv2:.3f} GB per user = {free2 / kv2:.2f} -> {u2} users")
print(f"            ratio of users {u3 / u2:.2f}x, ratio of cache per user {kv2 / kv3:.2f}x")
quiz.check("gqa_advantage", u3 / u2, unit="x",
           why=f"{model.kv_heads} KV heads instead of {llama2.heads} make each user's cache {kv2 / kv3:.0f}x smaller; "
               f"Llama-2-7B's lighter weights leave it more room ({free2:.2f} vs {free3:.2f} GB), and users come "
               f"whole: {free3 / kv3:.2f} -> {u3} against {free2 / kv2:.2f} -> {u2}")

# %% [markdown]
# Llama-2-7B was trained for a 4,096-token context, so its longer rows are a what-if about its attention
# layout, not a way to run it. The picture shows the whole table: on log–log axes each curve is close to a
# straight line falling one decade of users per decade of context, because the capacity left over after the
# weights is divided by $\kappa S$ (and rounded down to whole users).

# %%
fig, ax = plot_series(CONTEXTS, users, xlabel="context length (tokens)", ylabel="concurrent users that fit",
                      title=f"Users that fit on one {gpu.name} ({capacity:~P})", logx=True, logy=True)
plt.show()

# %% [markdown]
# ## Where the memory really goes: reservation
#
# Everything above assumes each user's cache is exactly as long as its context. A real server does not know in
# advance how long a conversation will get. The simple answer is a **static** allocator, as in
# [static batching](../glossary.md#static-batching): reserve a contiguous slot of the maximum length,
# `max_seq_len`, for every request. PagedAttention (Kwon et al., 2023) instead hands out fixed-size pages of a
# few tokens as a request grows, like virtual memory, so a request holds only what it has filled plus the empty
# tail of its last page, its [internal fragmentation](../glossary.md#internal-fragmentation).
#
# `ContinuousBatchingModel` (named for [continuous batching](../glossary.md#continuous-batching)) sizes both
# allocators from the same budget, $C - W$. Request lengths follow an exponential distribution, capped at
# `max_seq_len`, with the mean you give (`mean_request_tokens`); a decode step reads the weights plus the tokens
# the live requests have actually filled.
#
# First, a trap. If every request really does run to its full reservation, what is there to recover?

# %%
batching = ContinuousBatchingModel()

fixed = batching.solve(model=model, hardware=gpu, max_seq_len=4096, max_batch_size=4096, page_size=16,
                       precision="fp16")
print("every request fills its 4,096-token slot:")
print(f"  static {fixed.static_max_active_requests} requests, paged {fixed.max_active_requests} requests, "
      f"paged waste {fixed.paged_internal_fragmentation:.1%}, speedup {fixed.speedup_vs_static:.2f}x")

# %% [markdown]
# Nothing: when requests fill their reservations, there is no waste for paging to recover. (You may read that
# PagedAttention cuts KV-cache waste to a few percent. It does for real traffic, where requests end at very
# different lengths, but it cannot recover waste that is not there.) Now let requests average 2,048
# tokens while any of them may grow to 8,192, and try several page sizes. The scheduler cap is set high
# (4,096) so that memory, not the cap, decides.

# %%
S_MAX, S_MEAN = 8192, 2048
PAGES = [16, 64, 256, 2048]
runs = {p: batching.solve(model=model, hardware=gpu, max_seq_len=S_MAX, mean_request_tokens=S_MEAN,
                          max_batch_size=4096, page_size=p, precision="fp16") for p in PAGES}
base = runs[16]
static_step = base.static_max_active_requests / base.static_throughput_tokens_per_sec.magnitude

print(f"{'allocator':>18}  {'requests':>8}  {'unused':>7}  {'decode step':>11}  {'tokens/s':>9}  {'vs static':>9}")
print(f"{'static, 8,192':>18}  {base.static_max_active_requests:>8}  {base.static_internal_fragmentation:>7.1%}  "
      f"{static_step * 1e3:>8.2f} ms  {base.static_throughput_tokens_per_sec.magnitude:>9,.0f}  {1:>8.2f}x")
for p, c in runs.items():
    print(f"{f'paged, {p:,}-token':>18}  {c.max_active_requests:>8}  {c.paged_internal_fragmentation:>7.1%}  "
          f"{ms(c.itl):>8.2f} ms  {c.throughput_tokens_per_sec.magnitude:>9,.0f}  {c.speedup_vs_static:>8.2f}x")

more = base.max_active_requests / base.static_max_active_requests
quiz.check("paged_speedup", base.speedup_vs_static, unit="x",
           why=f"16-token pages fit {base.max_active_requests} requests where reservations fit "
               f"{base.static_max_active_requests} ({more:.1f}x), but each decode step must read their caches: "
               f"the step grows from {static_step * 1e3:.2f} to {ms(base.itl):.2f} ms")

# %% [markdown]
# Two lessons in one table. Paging recovers the reserved-but-empty part of each slot, so several times more
# requests fit. Throughput grows far less than concurrency, because those extra requests are not free: every
# decode step reads their caches, so the step gets longer as the batch grows. And the
# [page size](../glossary.md#page-size) is a trade: the bigger the page, the more of the last one sits empty.
# With pages as large as a typical request the waste climbs back toward the static allocator's and far fewer
# requests fit; throughput suffers less, for the reason just given.
#
# ## What the numbers show
#
# * **The cache is per token and per user.** At a short context it is small beside the weights; at a long one
#   it, not the weights, decides how many users a GPU serves. Doubling the context halves the users.
# * **It is a time tax as well as a space tax.** Each decode step reads the whole cache, so a long context or a
#   large batch makes every token slower.
# * **Architecture and precision both buy users back.** Grouped-query attention shrinks $\kappa$ by the ratio of
#   query heads to KV heads. Int8 halves $\kappa$ *and* the weights, so the room for caches grows as well: it
#   more than doubles the users.
# * **PagedAttention recovers reservation, not tokens.** Its gain comes from how far requests fall short of the
#   maximum length they might reach; with fixed-length requests it changes nothing, and the throughput it buys
#   is less than the concurrency, because more users make each step read more.
#
# **Going further.** Try Llama-3.1-70B on the same H100 (`mlsysim.Models.Language.Llama3_70B`): how many users
# fit at any context? Then try an H200 (`mlsysim.Hardware.Cloud.H200`). Or pass a smaller `max_batch_size` to
# `ContinuousBatchingModel` and watch the scheduler cap, not memory, become the limit.

# %% [markdown]
# ## Answer key

# %%
quiz.answer_key()
