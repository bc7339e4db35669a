"""Tutorial 01 · Hello, Roofline: it runs, prints what the solvers say, and its answer key is the model's.

Every expected number is computed here with SingleNodeModel (or from the registry's datasheet values),
never copied from the tutorial's output."""


import mlsysim
import pytest
from mlsysim import SingleNodeModel

KEYS = {"bound", "overhead_share", "bound_at_peak", "throughput_gain", "alexnet_flip", "llm_bound"}


@pytest.fixture(scope="module")
def run(tutorial):
    return tutorial("01")


def ms(q):
    return q.to("ms").magnitude


def solve(model, hw, batch, **kw):
    return SingleNodeModel().solve(model=model, hardware=hw, batch_size=batch, precision="fp16", **kw)


def test_datasheet_inputs_quoted_in_prose():
    a100 = mlsysim.Hardware.Cloud.A100
    resnet, alexnet = mlsysim.Models.Vision.ResNet50, mlsysim.Models.Vision.AlexNet
    llama = mlsysim.Models.Language.Llama3_8B
    assert a100.compute.peak_flops.to("TFLOP/s").magnitude == pytest.approx(312)
    assert a100.memory.bandwidth.to("TB/s").magnitude == pytest.approx(2.039)
    assert resnet.inference_flops.to("GFLOP").magnitude == pytest.approx(8.2)
    assert alexnet.parameters.magnitude == pytest.approx(60e6)
    assert alexnet.inference_flops.to("GFLOP").magnitude == pytest.approx(1.5)
    assert round(2 * llama.parameters.magnitude / 1e9) == 16  # "16 GB of its fp16 weights"


def test_batch_one(run):
    a100, resnet = mlsysim.Hardware.Cloud.A100, mlsysim.Models.Vision.ResNet50
    p = solve(resnet, a100, 1)
    ridge = (a100.compute.peak_flops / a100.memory.bandwidth).to("FLOP/B").magnitude
    out = run.stdout
    assert f"ridge point at peak (R / BW):          {ridge:6.1f} FLOP/B" in out
    assert f"ridge point at eta = 0.5 (eta R / BW): {0.5 * ridge:6.1f} FLOP/B" in out
    assert f"compute time   {ms(p.latency_compute):.4f} ms" in out
    assert f"memory time    {ms(p.latency_memory):.4f} ms" in out
    assert f"overhead       {ms(p.latency_overhead):.4f} ms" in out
    assert f"latency        {ms(p.latency):.4f} ms  ({p.throughput.magnitude:,.0f} images/s)" in out
    intensity = p.arithmetic_intensity.to("FLOP/B").magnitude
    assert f"intensity      {intensity:.1f} FLOP/B" in out
    assert f"bottleneck     {p.bottleneck}" in out
    # the lesson: batch 1 sits between the achieved and the datasheet ridge
    assert 0.5 * ridge < intensity < ridge
    assert p.overhead_dominated

    answers = run.namespace["quiz"].answers
    assert answers["bound"].actual == p.bottleneck.lower() == "compute"
    share = 100 * ms(p.latency_overhead) / ms(p.latency)
    assert answers["overhead_share"].actual == pytest.approx(share)
    assert answers["overhead_share"].unit == "%"
    assert share > 50  # "the per-call overhead is most of the latency"


def test_what_ifs(run):
    a100, resnet = mlsysim.Hardware.Cloud.A100, mlsysim.Models.Vision.ResNet50
    p1 = solve(resnet, a100, 1)
    peak = solve(resnet, a100, 1, efficiency=1.0)
    assert peak.bottleneck == "memory"
    assert (f"eta = 1.0:  compute {ms(peak.latency_compute):.4f} ms vs memory {ms(peak.latency_memory):.4f} ms "
            f"-> Memory Bound") in run.stdout
    old_compute = (4.1e9 / (0.5 * a100.compute.peak_flops.to("FLOP/s").magnitude)) * 1e3  # ms
    old = "Memory Bound" if ms(p1.latency_memory) > old_compute else "Compute Bound"
    assert old == "Memory Bound"
    assert f"4.1 GFLOP:  compute {old_compute:.4f} ms vs memory {ms(p1.latency_memory):.4f} ms -> {old}" in run.stdout
    assert run.namespace["quiz"].answers["bound_at_peak"].actual == "memory"


def test_batch_sweep(run):
    a100, resnet = mlsysim.Hardware.Cloud.A100, mlsysim.Models.Vision.ResNet50
    for b in [1, 2, 4, 8, 16, 32, 64, 128, 256]:
        p = solve(resnet, a100, b)
        row = (f"{b:>5}  {p.arithmetic_intensity.to('FLOP/B').magnitude:>7.1f}  {ms(p.latency_compute):>6.3f} ms  "
               f"{ms(p.latency_memory):>6.3f} ms  {ms(p.latency_overhead):>6.3f} ms  {ms(p.latency):>6.3f} ms  "
               f"{p.throughput.magnitude:>9,.0f}  {p.bottleneck.lower()}")
        assert row in run.stdout
        assert p.bottleneck == "compute"  # "Every row of that table is compute-bound"
    gain = solve(resnet, a100, 256).throughput.magnitude / solve(resnet, a100, 1).throughput.magnitude
    assert f"throughput gain, batch 256 over batch 1: {gain:.1f}x" in run.stdout
    ceiling = 0.5 * a100.compute.peak_flops.to("FLOP/s").magnitude / resnet.inference_flops.to("FLOP").magnitude
    assert f"compute ceiling eta R / F:              {ceiling:,.0f} images/s" in run.stdout
    assert run.namespace["quiz"].answers["throughput_gain"].actual == pytest.approx(gain)


def test_alexnet_crosses_the_ridge(run):
    a100, alexnet = mlsysim.Hardware.Cloud.A100, mlsysim.Models.Vision.AlexNet
    bounds = {b: solve(alexnet, a100, b).bottleneck for b in range(1, 65)}
    flip = min(b for b, x in bounds.items() if x == "compute")
    assert bounds[1] == "memory" and all(bounds[b] == "compute" for b in range(flip, 65))
    # by hand: F B / (W (1 + 0.1 B)) > eta R / BW
    F, W = alexnet.inference_flops.to("FLOP").magnitude, 2 * alexnet.parameters.magnitude
    ridge = 0.5 * (a100.compute.peak_flops / a100.memory.bandwidth).to("FLOP/B").magnitude
    assert flip == min(b for b in range(1, 65) if F * b / (W * (1 + 0.1 * b)) > ridge)
    p = solve(alexnet, a100, flip)
    assert (f"{flip:>5}  {p.arithmetic_intensity.to('FLOP/B').magnitude:>7.1f}  {ms(p.latency_compute):>6.3f} ms  "
            f"{ms(p.latency_memory):>6.3f} ms  compute") in run.stdout
    assert f"AlexNet compute-bound from batch {flip}" in run.stdout
    assert run.namespace["quiz"].answers["alexnet_flip"].actual == flip


def test_llm(run):
    a100, llama = mlsysim.Hardware.Cloud.A100, mlsysim.Models.Language.Llama3_8B
    p = solve(llama, a100, 1)
    assert p.bottleneck == "memory"
    assert 30 < p.latency_memory / p.latency_compute < 100  # "nearly two orders of magnitude"
    assert (f"{llama.name}: intensity {p.arithmetic_intensity.to('FLOP/B').magnitude:.2f} FLOP/B, "
            f"compute {ms(p.latency_compute):.3f} ms, memory {ms(p.latency_memory):.3f} ms, "
            f"latency {ms(p.latency):.3f} ms, Memory Bound") in run.stdout
    assert run.namespace["quiz"].answers["llm_bound"].actual == "memory"


def test_answer_key(run):
    quiz = run.namespace["quiz"]
    assert set(quiz.answers) == KEYS
    assert set(quiz.predictions) == KEYS
    assert all(not p.made for p in quiz.predictions.values())  # committed unpredicted
    assert "Answer key: 01 Hello, Roofline" in run.stdout
    assert run.stdout.rstrip().endswith(f"0 of 0 predictions right ({len(KEYS)} exercises)")
