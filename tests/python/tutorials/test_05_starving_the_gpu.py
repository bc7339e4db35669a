"""Tutorial 05, Starving the GPU: it runs, prints the model's numbers, and its prose holds.

Every expected number is computed here with the solvers and the stage equations, independently of the script."""

import math

import mlsysim
import pytest
from mlsysim import DataModel, SingleNodeModel

KEYS = {"bound", "gpu_util", "first_cpu_bound_batch", "workers_needed", "h100_speedup"}
SAMPLE = 500e3  # bytes
WORKER = 250e6  # bytes/s
WORKERS = 8
BATCH = 256
BATCHES = [2 ** k for k in range(11)]


def gpu_ms(hardware, batch):
    r = SingleNodeModel().solve(model=mlsysim.Models.Vision.ResNet50, hardware=hardware, batch_size=batch,
                                precision="fp16", is_training=True)
    return r.latency.to("ms").magnitude


def cpu_ms(batch, workers=WORKERS):
    return batch * SAMPLE / (workers * WORKER) * 1e3


@pytest.fixture(scope="module")
def hw():
    return {"a100": mlsysim.Hardware.Cloud.A100, "h100": mlsysim.Hardware.Cloud.H100}


@pytest.fixture(scope="module")
def model(hw):
    g = gpu_ms(hw["a100"], BATCH)
    c = cpu_ms(BATCH)
    sweep = [(b, gpu_ms(hw["a100"], b), cpu_ms(b)) for b in BATCHES]
    first = next(b for b, tg, tc in sweep if tc > tg)
    workers = math.ceil(BATCH * SAMPLE / (g / 1e3) / WORKER)
    gh = gpu_ms(hw["h100"], BATCH)
    return {"gpu": g, "cpu": c, "util": g / max(g, c), "sweep": sweep, "first": first, "workers": workers,
            "gpu_h100": gh, "speedup": max(g, c) / max(gh, cpu_ms(BATCH))}


def test_prints_the_models_numbers(tutorial, model, hw):
    out = tutorial("05").stdout
    assert f"GPU step  {model['gpu']:7.3f} ms" in out
    assert f"CPU preprocessing {model['cpu']:.3f} ms" in out
    assert f"bottleneck: CPU; GPU utilization {model['util']:.1%}" in out
    for b, tg, tc in model["sweep"]:
        bound = "CPU" if tc > tg else "GPU"
        assert f"{b:>5}  {tg:>7.2f} ms  {tc:>7.2f} ms  {max(tg, tc):>7.2f} ms  {tg / max(tg, tc):>8.1%}  {bound}" in out
    assert f"first CPU-bound batch: {model['first']}" in out
    slope = (model["sweep"][-1][1] - model["sweep"][-2][1]) / (BATCHES[-1] - BATCHES[-2])
    assert f"utilization levels off near {slope / (SAMPLE / (WORKERS * WORKER) * 1e3):.1%}" in out
    assert f"-> {model['workers']}\n" in out
    for n in (model["workers"] - 1, model["workers"]):
        assert f"{n:>7}  {cpu_ms(BATCH, n):>7.2f} ms  {min(1.0, model['gpu'] / cpu_ms(BATCH, n)):>8.1%}" in out
    assert f"{'H100':>6}  {model['gpu_h100']:>7.2f} ms  {model['cpu']:>7.2f} ms  {model['cpu']:>7.2f} ms  " \
           f"{model['gpu_h100'] / model['cpu']:>8.1%}" in out
    # the A100's ingest path: no storage, the PCIe link
    demand = BATCH * SAMPLE / (model["gpu"] / 1e3)
    link = hw["a100"].interconnect.bandwidth.to("B/s").magnitude
    assert f"demand {demand / 1e9:.3f} GB/s vs supply {link / 1e9:.1f} GB/s (Interconnect): {demand / link:.1%} used" \
        in out
    # the H100 fed at full speed outruns its local drive
    storage = hw["h100"].storage.bandwidth.to("B/s").magnitude
    demand_h = BATCH * SAMPLE / (model["gpu_h100"] / 1e3)
    t_io = BATCH * SAMPLE / storage * 1e3
    assert f"needs {demand_h / 1e9:.2f} GB/s ({math.ceil(demand_h / WORKER)} workers)" in out
    assert f"storage {t_io:.2f}) ms = {t_io:.2f} ms: GPU utilization {model['gpu_h100'] / t_io:.1%}" in out


def test_answers(tutorial, model):
    answers = tutorial("05").namespace["quiz"].answers
    assert set(answers) == KEYS
    assert answers["bound"].actual == "cpu"
    assert answers["gpu_util"].actual == pytest.approx(100 * model["util"], rel=1e-12)
    assert answers["first_cpu_bound_batch"].actual == model["first"]
    assert answers["workers_needed"].actual == model["workers"]
    assert answers["h100_speedup"].actual == pytest.approx(model["speedup"], rel=1e-12)
    for a in answers.values():
        assert a.correct is None


def test_prose_holds(model, hw):
    a100, h100 = hw["a100"], hw["h100"]
    # datasheet inputs quoted in the markdown
    assert mlsysim.Models.Vision.ResNet50.inference_flops.to("GFLOP").magnitude == pytest.approx(8.2)
    assert a100.compute.peak_flops.to("TFLOP/s").magnitude == pytest.approx(312)
    assert h100.compute.peak_flops.to("TFLOP/s").magnitude == pytest.approx(989)
    assert a100.storage is None
    assert a100.interconnect.bandwidth.to("GB/s").magnitude == pytest.approx(32)
    assert "Gen4" in a100.interconnect.name
    # DataModel takes the slower of the H100's drive and link
    ingest = DataModel().solve(workload_data_rate=f"{BATCH * SAMPLE / (model['gpu_h100'] / 1e3) / 1e9} GB/s",
                               hardware=h100)
    assert ingest.bottleneck == "Storage" and ingest.is_stalled
    # "the CPU is the wall at every batch size beyond a small one"
    bound = [tc > tg for _, tg, tc in model["sweep"]]
    i = bound.index(True)
    assert all(bound[i:]) and not any(bound[:i]) and model["first"] <= 64
    # utilization falls and settles toward the per-image ratio, from above
    utils = [tg / max(tg, tc) for _, tg, tc in model["sweep"]][i:]
    assert utils == sorted(utils, reverse=True)
    slope = (model["sweep"][-1][1] - model["sweep"][-2][1]) / (BATCHES[-1] - BATCHES[-2])
    ratio = slope / (SAMPLE / (WORKERS * WORKER) * 1e3)
    assert utils[-1] > ratio and utils[-1] - ratio < 0.01
    # "the GPU's grows by less per image than the CPU's"
    assert slope < SAMPLE / (WORKERS * WORKER) * 1e3
    # "the H100 shortens its own stage and nothing else ... idle for most of it"
    assert model["speedup"] == 1.0 and model["gpu_h100"] / model["cpu"] < 0.5
    # the question: "more than three times the fp16 tensor-core rate"
    assert h100.compute.peak_flops / a100.compute.peak_flops > 3
