"""Tutorial 03 · Two Phases, One Request: it runs, prints what ServingModel says, and its answer key is the model's.

Every expected number is computed here with ServingModel (or from the registry's entries), never copied
from the tutorial's output."""


import mlsysim
import pytest
from mlsysim import ServingModel

KEYS = {"ttft", "itl", "h200_ttft_speedup", "h200_itl_speedup", "chat_prefill_share", "summary_prefill_share",
        "ttft_growth"}
CLOUD = mlsysim.Hardware.Cloud
LLAMA = mlsysim.Models.Language.Llama3_8B


@pytest.fixture(scope="module")
def run(tutorial):
    return tutorial("03")


def ms(q):
    return q.to("ms").magnitude


def serve(hw, seq_len):
    return ServingModel().solve(model=LLAMA, hardware=hw, seq_len=seq_len, batch_size=1, precision="fp16")


def test_registry_values_quoted_in_prose():
    assert LLAMA.parameters.magnitude == pytest.approx(8.03e9)
    assert (LLAMA.layers, LLAMA.heads, LLAMA.kv_heads, LLAMA.hidden_dim) == (32, 32, 8, 4096)
    assert LLAMA.head_dim is None  # the KV cache uses hidden / heads, as the table says
    assert round(CLOUD.H200.memory.bandwidth.to("TB/s").magnitude / CLOUD.H100.memory.bandwidth.to("TB/s").magnitude,
                 2) == 1.43
    assert CLOUD.H200.compute.peak_flops == CLOUD.H100.compute.peak_flops


def test_one_request(run):
    r = serve(CLOUD.H100, 2048)
    out = run.stdout
    assert f"TTFT (prefill)   {ms(r.ttft):8.2f} ms" in out
    assert f"ITL (decode)     {ms(r.itl):8.2f} ms  ({1000 / ms(r.itl):.0f} tokens/s)" in out
    assert f"weights          {r.model_weights_size.to('GB').magnitude:8.2f} GB" in out
    assert f"KV cache         {r.kv_cache_size.to('GB').magnitude:8.3f} GB" in out
    assert f"memory use       {r.memory_utilization:8.1%} of 80.0 GiB  (fits: True)" in out
    assert CLOUD.H100.memory.capacity.to("GiB").magnitude == pytest.approx(80.0) and r.feasible
    answers = run.namespace["quiz"].answers
    assert answers["ttft"].actual == pytest.approx(ms(r.ttft)) and answers["ttft"].unit == "ms"
    assert answers["itl"].actual == pytest.approx(ms(r.itl)) and answers["itl"].unit == "ms"


def test_phase_intensities(run):
    r = serve(CLOUD.H100, 2048)
    S, P, L, H = 2048, LLAMA.parameters.magnitude, LLAMA.layers, LLAMA.heads
    d = LLAMA.hidden_dim // H
    read = (r.model_weights_size + r.kv_cache_size).to("B").magnitude
    prefill = 2 * P * S + 4 * L * H * d * S * S
    decode = 2 * P + 4 * L * H * d * S
    # the hand count reproduces the solver's TTFT
    eta_r = 0.5 * CLOUD.H100.compute.peak_flops.to("FLOP/s").magnitude
    assert prefill / eta_r * 1e3 + ms(CLOUD.H100.dispatch_tax) == pytest.approx(ms(r.ttft))
    ridge = 0.5 * (CLOUD.H100.compute.peak_flops / CLOUD.H100.memory.bandwidth).to("FLOP/B").magnitude
    assert f"prefill  {prefill / 1e9:>9.1f} {read / 1e9:>8.2f} {prefill / read:>8.1f}   compute-bound" in run.stdout
    assert f"decode   {decode / 1e9:>9.1f} {read / 1e9:>8.2f} {decode / read:>8.1f}   memory-bound" in run.stdout
    assert f"vs ridge {ridge:.1f} FLOP/B" in run.stdout
    assert 0.5 * S < prefill / read < 2 * S  # "roughly the number of prompt tokens"
    assert 0.5 < decode / read < 2  # "about one FLOP per byte"
    assert f"prefill {prefill / read:.0f} FLOP/B, decode {decode / read:.2f} FLOP/B" in run.stdout


def test_three_gpus(run):
    base = serve(CLOUD.H100, 2048)
    for hw in (CLOUD.A100, CLOUD.H100, CLOUD.H200):
        x = serve(hw, 2048)
        row = (f"{hw.name:<12} {hw.compute.peak_flops.to('TFLOP/s').magnitude:>8.0f} "
               f"{hw.memory.bandwidth.to('TB/s').magnitude:>5.2f} {ms(x.ttft):>7.2f} ms {ms(x.itl):>5.2f} ms   "
               f"{'':>8} {ms(base.ttft) / ms(x.ttft):>4.2f}x {ms(base.itl) / ms(x.itl):>4.2f}x")
        assert row in run.stdout
    h200 = serve(CLOUD.H200, 2048)
    answers = run.namespace["quiz"].answers
    assert answers["h200_ttft_speedup"].actual == pytest.approx(ms(base.ttft) / ms(h200.ttft))
    assert answers["h200_ttft_speedup"].actual == pytest.approx(1.0)  # "leaves TTFT exactly where it was"
    assert answers["h200_itl_speedup"].actual == pytest.approx(ms(base.itl) / ms(h200.itl))
    assert f"H200 over H100: TTFT {ms(base.ttft) / ms(h200.ttft):.2f}x, ITL {ms(base.itl) / ms(h200.itl):.2f}x" \
        in run.stdout


def test_chatbot_and_summarizer(run):
    shares = {}
    for name, (prompt, answer) in {"chatbot": (50, 500), "summarizer": (4000, 100)}.items():
        ttft = ms(serve(CLOUD.H100, prompt).ttft)
        decode = sum(ms(serve(CLOUD.H100, prompt + i).itl) for i in range(1, answer))
        shares[name] = 100 * ttft / (ttft + decode)
        row = (f"{name:<11} {prompt:>5} {answer:>4} {ttft:>7.2f} ms {decode:>8.1f} ms {ttft + decode:>8.1f} ms "
               f"{shares[name]:>7.2f}%")
        assert row in run.stdout
    assert shares["chatbot"] < 1 and shares["chatbot"] < shares["summarizer"] < 50
    answers = run.namespace["quiz"].answers
    assert answers["chat_prefill_share"].actual == pytest.approx(shares["chatbot"])
    assert answers["summary_prefill_share"].actual == pytest.approx(shares["summarizer"])


def test_context_sweep(run):
    for s in [512, 1024, 2048, 4096, 8192, 16384, 32768]:
        x = serve(CLOUD.H100, s)
        assert (f"{s:>7} {ms(x.ttft):>8.1f} ms {1000 * ms(x.ttft) / s:>7.1f} us {ms(x.itl):>5.2f} ms "
                f"{x.kv_cache_size.to('GB').magnitude:>6.2f} GB") in run.stdout
    growth = ms(serve(CLOUD.H100, 16384).ttft) / ms(serve(CLOUD.H100, 8192).ttft)
    assert growth > 2
    assert f"TTFT x{growth:.2f} from 8K to 16K tokens" in run.stdout
    assert run.namespace["quiz"].answers["ttft_growth"].actual == pytest.approx(growth)


def test_answer_key(run):
    quiz = run.namespace["quiz"]
    assert set(quiz.answers) == KEYS
    assert set(quiz.predictions) == KEYS
    assert all(not p.made for p in quiz.predictions.values())
    assert "Answer key: 03 Two Phases, One Request" in run.stdout
    assert run.stdout.rstrip().endswith(f"0 of 0 predictions right ({len(KEYS)} exercises)")
