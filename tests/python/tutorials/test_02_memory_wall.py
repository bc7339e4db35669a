"""Tutorial 02 · The Memory Wall: it runs, prints what the solvers say, and its answer key is the model's.

Every expected number is computed here with SingleNodeModel (or from the registry's datasheet values),
never copied from the tutorial's output."""


import mlsysim
import pytest
from mlsysim import SingleNodeModel

KEYS = {"speedup", "resnet_speedup", "crossover", "h200_speedup"}
CLOUD = mlsysim.Hardware.Cloud
LLAMA = mlsysim.Models.Language.Llama3_8B
RESNET = mlsysim.Models.Vision.ResNet50


@pytest.fixture(scope="module")
def run(tutorial):
    return tutorial("02")


def ms(q):
    return q.to("ms").magnitude


def latency(model, hw, batch):
    return ms(SingleNodeModel().solve(model=model, hardware=hw, batch_size=batch, precision="fp16").latency)


def tflops(hw):
    return hw.compute.peak_flops.to("TFLOP/s").magnitude


def tbps(hw):
    return hw.memory.bandwidth.to("TB/s").magnitude


def ridge(hw):
    return (hw.compute.peak_flops / hw.memory.bandwidth).to("FLOP/B").magnitude


def test_numbers_quoted_in_prose():
    a100, h100, h200 = CLOUD.A100, CLOUD.H100, CLOUD.H200
    assert tflops(h100) == pytest.approx(989) and tflops(a100) == pytest.approx(312)
    assert round(tflops(h100) / tflops(a100), 1) == 3.2  # "about 3.2 times"
    assert tbps(h200) == pytest.approx(4.8) and tbps(h100) == pytest.approx(3.35)
    assert tflops(h200) == tflops(h100)  # "keeps the H100's compute"
    assert ridge(h200) < ridge(h100)  # "Its datasheet ridge is lower"
    assert 1.8 < ridge(CLOUD.B200) / ridge(CLOUD.V100) < 2.3  # "the ridge has roughly doubled"
    assert 1.8 < ridge(h100) / ridge(CLOUD.V100) < 2.3
    for hw in (CLOUD.A100, CLOUD.H100, CLOUD.H200, CLOUD.B200):  # compute grew faster than bandwidth
        assert tflops(hw) / tflops(CLOUD.V100) > tbps(hw) / tbps(CLOUD.V100)


def test_spec_table(run):
    a100, h100 = CLOUD.A100, CLOUD.H100
    for hw in (a100, h100):
        assert f"{hw.name:<12} {tflops(hw):>8.0f} {tbps(hw):>6.3f} {ridge(hw):>13.1f}" in run.stdout
    assert (f"{'H100 / A100':<12} {tflops(h100) / tflops(a100):>7.2f}x {tbps(h100) / tbps(a100):>5.2f}x "
            f"{ridge(h100) / ridge(a100):>12.2f}x") in run.stdout


def test_llama_speedup(run):
    s = SingleNodeModel()
    la = s.solve(model=LLAMA, hardware=CLOUD.A100, batch_size=1)
    lh = s.solve(model=LLAMA, hardware=CLOUD.H100, batch_size=1)
    assert la.bottleneck == "memory" and lh.bottleneck == "memory"
    speedup = ms(la.latency) / ms(lh.latency)
    bw_ratio = tbps(CLOUD.H100) / tbps(CLOUD.A100)
    assert speedup < bw_ratio < tflops(CLOUD.H100) / tflops(CLOUD.A100)
    assert round(speedup, 1) != 1.7  # the reference tutorial's promise does not hold
    memory_ratio = ms(la.latency_memory) / ms(lh.latency_memory)
    assert (f"speedup {speedup:.2f}x; memory time alone {memory_ratio:.2f}x; "
            f"FLOP/s ratio {tflops(CLOUD.H100) / tflops(CLOUD.A100):.2f}x") in run.stdout
    assert (f"H100         compute {ms(lh.latency_compute):7.3f} ms  memory {ms(lh.latency_memory):7.3f} ms  "
            f"overhead {ms(lh.latency_overhead):5.3f} ms  latency {ms(lh.latency):7.3f} ms  Memory Bound") in run.stdout
    assert run.namespace["quiz"].answers["speedup"].actual == pytest.approx(speedup)


def test_resnet_speedup(run):
    s256 = latency(RESNET, CLOUD.A100, 256) / latency(RESNET, CLOUD.H100, 256)
    s1 = latency(RESNET, CLOUD.A100, 1) / latency(RESNET, CLOUD.H100, 1)
    assert f"speedup at batch 256: {s256:.2f}x" in run.stdout
    assert f"speedup at batch 1: {s1:.2f}x" in run.stdout
    assert s1 < s256 < tflops(CLOUD.H100) / tflops(CLOUD.A100)
    assert run.namespace["quiz"].answers["resnet_speedup"].actual == pytest.approx(s256)


def test_no_crossover(run):
    s = SingleNodeModel()
    for b in [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]:
        pa = s.solve(model=LLAMA, hardware=CLOUD.A100, batch_size=b)
        ph = s.solve(model=LLAMA, hardware=CLOUD.H100, batch_size=b)
        row = (f"{b:>5}  {ph.arithmetic_intensity.to('FLOP/B').magnitude:>6.2f}  {ms(pa.latency):>6.2f} ms  "
               f"{ms(ph.latency):>6.2f} ms  {ms(pa.latency) / ms(ph.latency):>6.2f}x  memory / memory")
        assert row in run.stdout
    compute = [b for b in range(1, 513)
               if s.solve(model=LLAMA, hardware=CLOUD.H100, batch_size=b).bottleneck == "compute"]
    assert compute == []
    assert "first compute-bound batch on the H100 (1..512): never" in run.stdout
    weights = 2 * LLAMA.parameters.magnitude
    limit = 10 * LLAMA.inference_flops.to("FLOP").magnitude / weights
    assert round(limit) == 10  # "about 10 FLOP/byte"
    assert (f"intensity limit 10 F / W = {limit:.1f} FLOP/B; H100 achieved ridge {0.5 * ridge(CLOUD.H100):.1f} "
            f"FLOP/B") in run.stdout
    assert run.namespace["quiz"].answers["crossover"].actual == "never"


def test_h200(run):
    h = latency(LLAMA, CLOUD.H100, 1) / latency(LLAMA, CLOUD.H200, 1)
    r = latency(RESNET, CLOUD.H100, 256) / latency(RESNET, CLOUD.H200, 256)
    assert (f"Llama-3.1-8B b=1: {h:.2f}x;  ResNet-50 b=256: {r:.2f}x;  "
            f"bandwidth {tbps(CLOUD.H200) / tbps(CLOUD.H100):.2f}x, "
            f"FLOP/s {tflops(CLOUD.H200) / tflops(CLOUD.H100):.2f}x") in run.stdout
    assert r == pytest.approx(1.0)  # "sees no change at all"
    assert run.namespace["quiz"].answers["h200_speedup"].actual == pytest.approx(h)


def test_generations(run):
    gens = [CLOUD.V100, CLOUD.A100, CLOUD.H100, CLOUD.H200, CLOUD.B200]
    base = latency(LLAMA, CLOUD.V100, 1)
    for hw in gens:
        t = latency(LLAMA, hw, 1)
        row = (f"{hw.name:<12} {hw.release_year:>4} {tflops(hw):>8.0f} {tbps(hw):>6.2f} {ridge(hw):>6.1f} "
               f"{tflops(hw) / tflops(CLOUD.V100):>7.1f}x {tbps(hw) / tbps(CLOUD.V100):>4.1f}x {t:>7.2f} ms "
               f"{base / t:>6.2f}x")
        assert row in run.stdout


def test_answer_key(run):
    quiz = run.namespace["quiz"]
    assert set(quiz.answers) == KEYS
    assert set(quiz.predictions) == KEYS
    assert all(not p.made for p in quiz.predictions.values())
    assert "Answer key: 02 The Memory Wall" in run.stdout
    assert run.stdout.rstrip().endswith(f"0 of 0 predictions right ({len(KEYS)} exercises)")
