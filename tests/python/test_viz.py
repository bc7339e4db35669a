"""mlsysim.viz (the plots) and its command lines, `python -m mlsysim.viz` and `mlsysim plot roofline`.

What is checked: the roofline's ridge is the solver's own threshold (a point left of it is the solver's
Memory, right of it Compute, for many model/hardware/batch combinations, spills included); the plots
carry the roofs and labelled points; every sweep plots exactly the solver's numbers; figures save to
SVG and PNG; the CLIs write files and fail with one line; without matplotlib, one clear ImportError.
"""
from __future__ import annotations

import math
import os
import shutil
import stat
import subprocess
import sys
import textwrap

import mlsysim
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from mlsysim import viz  # noqa: E402

H, M = mlsysim.Hardware, mlsysim.Models


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def lines(ax, gid):
    return [line for line in ax.lines if line.get_gid() == gid]


def one(ax, gid):
    found = lines(ax, gid)
    assert len(found) == 1, f"expected one line {gid!r}, found {len(found)}: {[x.get_gid() for x in ax.lines]}"
    return found[0]


def texts(ax, gid):
    return [t.get_text() for t in ax.texts if t.get_gid() == gid]


def ms(q) -> float:
    return q.m_as("ms")


# ------------------------------------------------------------------ the roofline agrees with the solver

HARDWARE = ["A100", "H100", "T4", "MI300X", "A100_40GB", "JetsonOrinNano", "ESP32_S3"]
MODELS = ["ResNet50", "Llama3_8B", "BERT_Base", "MobileNetV2", "GPT2", "Llama3_70B", "DS_CNN"]


@pytest.mark.parametrize("hardware", HARDWARE)
@pytest.mark.parametrize("batch", [1, 16, 256])
def test_points_left_of_the_ridge_are_the_solvers_memory_bound(hardware, batch):
    hw = H.get(hardware)
    fig, ax = viz.plot_roofline(hw, workloads=[M.get(m) for m in MODELS], batch_size=batch)
    ridges = [line.get_xdata()[0] for line in lines(ax, "ridge")]
    cap = one(ax, "compute-roof").get_ydata()[0]
    for name in MODELS:
        model = M.get(name)
        p = mlsysim.SingleNodeModel().solve(model, hw, batch_size=batch)
        x, y = (v[0] for v in one(ax, f"point:{model.name}").get_data())
        assert x == p.arithmetic_intensity.m_as("flop/byte")
        # y: the batch's FLOPs over the solver's latency
        ops = p.latency_compute.m_as("s") * p.peak_flops_actual.m_as("flop/s")
        assert y == pytest.approx(ops / p.latency.m_as("s"), rel=1e-12)
        # The ridge the solver decides with (peak x efficiency / the bandwidth it charged) is drawn...
        ridge = p.peak_flops_actual.m_as("flop/s") / p.peak_bw_actual.m_as("byte/s")
        assert any(math.isclose(r, ridge, rel_tol=1e-12) for r in ridges), (name, ridge, ridges)
        assert cap == p.peak_flops_actual.m_as("flop/s")
        # ... and the point is on the solver's side of it.
        assert (x < ridge) == (p.bottleneck == "Memory"), (name, hardware, batch, x, ridge, p.bottleneck)
        if p.feasible:  # fitting workloads use the main (solid) memory roof and ridge
            roof = one(ax, "memory-roof")
            slope = roof.get_ydata()[0] / roof.get_xdata()[0]
            assert slope == pytest.approx(p.peak_bw_actual.m_as("byte/s"), rel=1e-12)
            assert ridges[0] == pytest.approx(cap / slope, rel=1e-12)


def test_the_agreement_covers_both_sides_spills_and_close_calls():
    # ResNet-50 at batch 1 is right of the A100's ridge and just left of the H100's (145.8 vs 147.6 FLOP/B).
    seen = set()
    for hw in ("A100", "H100"):
        for batch in (1, 256):
            for m in ("ResNet50", "Llama3_8B", "Llama3_70B"):
                p = mlsysim.SingleNodeModel().solve(m, hw, batch_size=batch)
                seen.add((str.__str__(p.bottleneck), bool(p.feasible)))
    assert {("Memory", True), ("Compute", True), ("Memory", False)} <= seen
    fig, ax = viz.plot_roofline("H100", [M.ResNet50])
    x = one(ax, f"point:{M.ResNet50.name}").get_xdata()[0]
    assert 145 < x < lines(ax, "ridge")[0].get_xdata()[0] < 148


def test_a_spilling_workload_gets_its_own_roof_and_ridge():
    fig, ax = viz.plot_roofline("A100_40GB", [M.ResNet50, M.Llama3_70B], batch_size=8)
    p = mlsysim.SingleNodeModel().solve(M.Llama3_70B, H.A100_40GB, batch_size=8)
    assert not p.feasible
    spill = one(ax, "memory-roof:spill")
    assert spill.get_ydata()[0] / spill.get_xdata()[0] == pytest.approx(p.peak_bw_actual.m_as("byte/s"))
    assert len(lines(ax, "ridge")) == 2
    assert any("does not fit" in t for t in texts(ax, f"label:{M.Llama3_70B.name}"))


def test_roofline_has_the_roofs_ridge_and_labelled_points():
    fig, ax = viz.plot_roofline(H.Cloud.A100, workloads=[("ResNet-50", M.ResNet50), ("Llama-3.1-8B", M.Llama3_8B)],
                                batch_size=1)
    assert fig is ax.figure
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert "FLOP/byte" in ax.get_xlabel() and "FLOP/s" in ax.get_ylabel()
    for gid in ("memory-roof", "compute-roof", "ridge", "datasheet-peak", "point:ResNet-50", "point:Llama-3.1-8B"):
        one(ax, gid)
    p = mlsysim.SingleNodeModel().solve(M.ResNet50, H.A100)
    ridge = p.peak_flops_actual.m_as("flop/s") / p.peak_bw_actual.m_as("byte/s")
    assert texts(ax, "ridge-label") == [f"ridge {ridge:.4g} FLOP/B"] == ["ridge 76.51 FLOP/B"]
    assert texts(ax, "label:ResNet-50")[0].startswith("ResNet-50\nCompute-bound, 145.8 FLOP/B")
    assert texts(ax, "label:Llama-3.1-8B")[0].startswith("Llama-3.1-8B\nMemory-bound, 0.9091 FLOP/B")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(t.startswith("memory roof: 2.04 TB/s") for t in legend)
    assert any(t.startswith("compute roof: 156 TFLOP/s") for t in legend)
    # The datasheet roof (efficiency 1) is twice as high and meets the memory roof at twice the ridge.
    datasheet = one(ax, "datasheet-peak")
    assert datasheet.get_ydata()[-1] == pytest.approx(312e12) and datasheet.get_xdata()[1] == pytest.approx(2 * ridge)


def test_roofline_accepts_names_an_axes_and_an_efficiency():
    fig, ax = plt.subplots()
    got_fig, got_ax = viz.plot_roofline("h100", ["ResNet50", ("mine", "Llama3_8B")], batch_size=4,
                                        precision="fp8", ax=ax, efficiency=0.8)
    assert (got_fig, got_ax) == (fig, ax)
    p = mlsysim.SingleNodeModel().solve("Llama3_8B", "H100", batch_size=4, precision="fp8", efficiency=0.8)
    assert one(ax, "compute-roof").get_ydata()[0] == p.peak_flops_actual.m_as("flop/s")
    one(ax, "point:mine")
    one(ax, "point:ResNet-50")


def test_roofline_of_the_hardware_alone_uses_the_solvers_roof():
    fig, ax = viz.plot_roofline(H.H100)
    p = mlsysim.SingleNodeModel().solve(M.ResNet50, H.H100)
    assert one(ax, "compute-roof").get_ydata()[0] == pytest.approx(p.peak_flops_actual.m_as("flop/s"), rel=1e-12)
    assert lines(ax, "ridge")[0].get_xdata()[0] == pytest.approx(
        p.peak_flops_actual.m_as("flop/s") / p.peak_bw_actual.m_as("byte/s"), rel=1e-12)


@pytest.mark.parametrize("call,error,needle", [
    (lambda: viz.plot_roofline("H10", ["ResNet50"]), ValueError, "did you mean 'H100'"),
    (lambda: viz.plot_roofline("H100", ["Lama3_8B"]), ValueError, "did you mean 'Llama3_8B'"),
    (lambda: viz.plot_roofline("H100", ["ResNet50"], batch_size=0), ValueError, "batch_size"),
    (lambda: viz.plot_roofline("H100", ["ResNet50"], precision="fp7"), ValueError, "fp7"),
    (lambda: viz.plot_roofline("H100", efficiency=0), ValueError, "efficiency"),
    (lambda: viz.plot_series([1, 2], {"a": [1]}, "x", "y"), ValueError, "1 values for 2 x values"),
    (lambda: viz.plot_scaling("Llama3_8B", [12]), ValueError, "not a whole number of 8-GPU nodes"),
    (lambda: viz.plot_batch_sweep("ResNet50", "A100", []), ValueError, "batch_sizes is empty"),
])
def test_bad_input_is_one_clear_error(call, error, needle):
    with pytest.raises(error, match=needle):
        call()


# ------------------------------------------------------------------ sweeps plot the solvers' numbers

def test_batch_sweep_is_the_solvers_latency_and_throughput():
    batches = [1, 2, 8, 32, 128]
    fig, ax = viz.plot_batch_sweep(M.ResNet50, H.A100, batches)
    profiles = [mlsysim.SingleNodeModel().solve(M.ResNet50, H.A100, batch_size=b) for b in batches]
    latency, throughput = one(ax, "latency"), one(ax.right_ax, "throughput")
    assert list(latency.get_xdata()) == batches
    assert list(latency.get_ydata()) == [ms(p.latency) for p in profiles]
    assert list(throughput.get_ydata()) == [p.throughput.m_as("1/s") for p in profiles]
    assert "(ms)" in ax.get_ylabel() and "samples/s" in ax.right_ax.get_ylabel() and "Batch" in ax.get_xlabel()
    assert ax.get_xscale() == "log"


def test_batch_sweep_marks_what_does_not_fit_and_the_bottleneck_change():
    batches = [1, 64, 512]
    fig, ax = viz.plot_batch_sweep("Llama3_70B", "A100", batches)
    profiles = [mlsysim.SingleNodeModel().solve("Llama3_70B", "A100", batch_size=b) for b in batches]
    bad = [b for b, p in zip(batches, profiles) if not p.feasible]
    assert bad and list(one(ax, "infeasible").get_xdata()) == bad
    # ResNet-50 on an H100: Memory-bound at batch 1 (just left of the ridge), Compute-bound at 8.
    fig, ax = viz.plot_batch_sweep("ResNet50", "H100", [1, 8])
    assert [t.get_text() for t in ax.texts] == ["Compute-bound from here"]


def test_context_sweep_is_the_serving_models_ttft_and_itl():
    contexts = [512, 2048, 8192, 32768]
    fig, ax = viz.plot_context_sweep(M.Llama3_8B, H.H100, contexts, batch_size=4)
    results = [mlsysim.ServingModel().solve(M.Llama3_8B, H.H100, seq_len=s, batch_size=4) for s in contexts]
    assert list(one(ax, "ttft").get_xdata()) == contexts
    assert list(one(ax, "ttft").get_ydata()) == [ms(r.ttft) for r in results]
    assert list(one(ax, "itl").get_ydata()) == [ms(r.itl) for r in results]
    assert "(ms)" in ax.get_ylabel() and "tokens" in ax.get_xlabel()


def test_scaling_is_the_distributed_models_step_and_efficiency():
    counts = [1, 4, 8, 64, 256]
    fig, ax = viz.plot_scaling(M.Llama3_8B, counts, hardware=H.H100, batch_size=512, zero_stage=3)
    step, efficiency = one(ax, "step-time"), one(ax.right_ax, "scaling-efficiency")
    assert list(step.get_xdata()) == counts
    assert all(0 < e <= 1 for e in efficiency.get_ydata())
    assert "(ms)" in ax.get_ylabel() and "GPUs" in ax.get_xlabel()
    # The fleets it builds are the registry's own: 64 and 256 H100s in DGX H100 nodes.
    for n, cluster, fabric in ((64, "Lab_64_H100", "InfiniBand_HDR"), (256, "Research_256", "Ethernet_100G")):
        fig, ax = viz.plot_scaling("Llama3_8B", [n], fabric=fabric, batch_size=512, zero_stage=3)
        r = mlsysim.DistributedModel().solve("Llama3_8B", cluster, batch_size=512, zero_stage=3)
        assert list(one(ax, "step-time").get_ydata()) == [ms(r.step_latency_total)]
        assert list(one(ax.right_ax, "scaling-efficiency").get_ydata()) == [r.scaling_efficiency]
    # ...built on their own: the registry is as it was.
    assert not [c for c in mlsysim.Systems.Clusters if c.key.startswith("Viz_")]


def test_series_plots_what_it_is_given():
    fig, ax = viz.plot_series([1, 10, 100], {"fp16": [3.0, 2.0, 1.0], "int8": [1.5, 1.0, 0.5]},
                              "Batch size (samples)", "Latency (ms)", title="Two precisions", logx=True)
    assert list(one(ax, "fp16").get_ydata()) == [3.0, 2.0, 1.0]
    assert list(one(ax, "int8").get_xdata()) == [1, 10, 100]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "linear"
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("Batch size (samples)", "Latency (ms)",
                                                                  "Two precisions")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["fp16", "int8"]


def test_figures_save_as_svg_and_png(tmp_path):
    figures = [viz.plot_roofline("A100", ["ResNet50", "Llama3_8B"])[0],
               viz.plot_batch_sweep("ResNet50", "A100", [1, 8, 64])[0],
               viz.plot_context_sweep("Llama3_8B", "H100", [1024, 8192])[0],
               viz.plot_scaling("Llama3_8B", [8, 16], batch_size=64, zero_stage=3)[0],
               viz.plot_series([1, 2], {"a": [1, 2]}, "x (s)", "y (ms)")[0]]
    for i, fig in enumerate(figures):
        fig.savefig(tmp_path / f"{i}.svg")
        fig.savefig(tmp_path / f"{i}.png", dpi=60)
        assert (tmp_path / f"{i}.svg").read_text().lstrip().startswith(("<?xml", "<svg"))
        assert (tmp_path / f"{i}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# ------------------------------------------------------------------ matplotlib only when plotting

def run_python(code: str, *args, **kw):
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], capture_output=True, text=True,
                          timeout=120, **kw)


def test_importing_mlsysim_and_viz_does_not_import_matplotlib():
    r = run_python("""
        import sys, mlsysim
        assert "matplotlib" not in sys.modules
        import mlsysim.viz
        assert mlsysim.viz.plot_roofline and "matplotlib" not in sys.modules
        print("ok")
    """)
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stderr


def test_without_matplotlib_every_plot_raises_one_clear_import_error():
    r = run_python("""
        import sys
        sys.modules["matplotlib"] = None  # `import matplotlib` now fails
        from mlsysim import viz
        calls = [lambda: viz.plot_roofline("H100", ["ResNet50"]),
                 lambda: viz.plot_batch_sweep("ResNet50", "H100", [1, 2]),
                 lambda: viz.plot_context_sweep("Llama3_8B", "H100", [512]),
                 lambda: viz.plot_scaling("Llama3_8B", [8]),
                 lambda: viz.plot_series([1], {"a": [1]}, "x", "y")]
        for call in calls:
            try:
                call()
            except ImportError as e:
                assert isinstance(e, viz.MatplotlibMissingError)
                print(e)
    """)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["mlsysim.viz needs matplotlib: pip install 'mlsysim[viz]'"] * 5


# ------------------------------------------------------------------ python -m mlsysim.viz

def viz_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "mlsysim.viz", *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd)


def test_python_cli_writes_a_roofline(tmp_path):
    r = viz_cli("roofline", "ResNet50,Llama3_8B", "A100", "-b", "1", "-o", str(tmp_path / "r.svg"))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "r.svg").read_text().lstrip().startswith(("<?xml", "<svg"))
    assert "ridge 76.51 FLOP/B" in r.stdout and "ResNet-50: 145.8 FLOP/B, Compute-bound" in r.stdout


@pytest.mark.parametrize("args,needle", [
    (["roofline", "Lama3", "H100", "-o", "x.svg"], "unknown model 'Lama3'; did you mean 'Llama3_8B'"),
    (["roofline", "ResNet50", "H10", "-o", "x.svg"], "unknown hardware 'H10'; did you mean 'H100'"),
    (["roofline", "ResNet50", "H100", "-o", "x.pdf"], "must end in .svg or .png, got 'x.pdf'"),
    (["roofline", "ResNet50", "H100", "-b", "0", "-o", "x.svg"], "must be a whole number >= 1"),
    (["roofline", "ResNet50", "H100", "--precision", "fp7", "-o", "x.svg"], "precision 'fp7' is not supported"),
    (["roofline", "ResNet50", "H100", "-o", "no/such/dir/x.svg"], "cannot write 'no/such/dir/x.svg'"),
    (["roofline", "ResNet50", "H100"], "required: -o/--output"),
    ([], "required: COMMAND"),
])
def test_python_cli_errors_are_one_line(tmp_path, args, needle):
    r = viz_cli(*args, cwd=tmp_path)
    assert r.returncode == 1
    assert len(r.stderr.strip().splitlines()) == 1 and r.stderr.startswith("error: "), r.stderr
    assert needle in r.stderr
    assert not list(tmp_path.iterdir())


def test_python_cli_without_matplotlib(tmp_path):
    r = run_python("""
        import runpy, sys
        sys.modules["matplotlib"] = None
        sys.argv = ["python -m mlsysim.viz", "roofline", "ResNet50", "H100", "-o", "x.svg"]
        runpy.run_module("mlsysim.viz", run_name="__main__")
    """, cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr.strip() == "error: mlsysim.viz needs matplotlib: pip install 'mlsysim[viz]'"


# ------------------------------------------------------------------ mlsysim plot roofline (C++)

NEEDS_PYTHON = ("mlsysim plot needs the Python package with matplotlib: pip install 'mlsysim[viz]' "
                "(or set MLSYSIM_PYTHON to a python that has it)")


def plot_cli(cli_path, *args, python=sys.executable, cwd=None):
    env = dict(os.environ)
    env.pop("MLSYSIM_PYTHON", None)
    if python is not None:
        env["MLSYSIM_PYTHON"] = str(python)
    return subprocess.run([str(cli_path), "plot", *args], capture_output=True, text=True, timeout=120, env=env,
                          cwd=cwd)


def script(path, body):
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


def test_cli_plot_writes_svg_and_png(cli_path, tmp_path):
    r = plot_cli(cli_path, "roofline", "Llama3_8B", "H100", "-o", str(tmp_path / "r.svg"))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "r.svg").read_text().lstrip().startswith(("<?xml", "<svg"))
    assert "Llama-3.1-8B: 0.9091 FLOP/B, Memory-bound" in r.stdout
    r = plot_cli(cli_path, "roofline", "ResNet50,Llama3_8B", "A100", "-b", "8", "--precision", "int8",
                 "-o", str(tmp_path / "r.PNG"))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "r.PNG").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "(int8, batch 8)" in r.stdout


@pytest.mark.parametrize("args,needle", [
    (["roofline", "Lama3", "H100", "-o", "x.svg"], "error: unknown model 'Lama3'; did you mean 'Llama3_8B'"),
    (["roofline", "ResNet50,Nope", "H100", "-o", "x.svg"], "error: unknown model 'Nope'"),
    (["roofline", "ResNet50", "H10", "-o", "x.svg"], "error: unknown hardware 'H10'; did you mean 'H100'"),
    (["roofline", "ResNet50", "H100", "-o", "x.pdf"], "must end in .svg or .png, got 'x.pdf'"),
    (["roofline", "ResNet50", "H100", "-b", "0", "-o", "x.svg"], "batch size must be a whole number >= 1"),
    (["roofline", "ResNet50", "H100", "-p", "fp7", "-o", "x.svg"], "precision 'fp7' is not supported"),
    (["roofline", "ResNet50", "H100"], "--output is required"),
    (["rooflin"], "unknown plot target 'rooflin'; did you mean 'roofline'"),
])
def test_cli_plot_errors_are_one_line(cli_path, tmp_path, args, needle):
    r = plot_cli(cli_path, *args, cwd=tmp_path)
    assert r.returncode == 1
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert needle in r.stderr
    assert not list(tmp_path.iterdir())


def test_cli_plot_without_a_python_that_has_mlsysim(cli_path, tmp_path):
    bare = script(tmp_path / "bare-python", f'exec "{sys.executable}" -S "$@"\n')  # no site-packages
    for python in (bare, tmp_path / "no-such-python"):
        r = plot_cli(cli_path, "roofline", "ResNet50", "H100", "-o", str(tmp_path / "x.svg"), python=python)
        assert r.returncode == 1
        assert len(r.stderr.strip().splitlines()) == 1
        assert r.stderr.startswith("error: " + NEEDS_PYTHON) and str(python) in r.stderr
    assert not (tmp_path / "x.svg").exists()
    system = shutil.which("python3", path="/usr/bin")
    if system and run_python_at(system, "import mlsysim.viz, matplotlib") != 0:
        r = plot_cli(cli_path, "roofline", "ResNet50", "H100", "-o", str(tmp_path / "x.svg"), python=system)
        assert r.returncode == 1 and NEEDS_PYTHON in r.stderr


def run_python_at(python, code):
    return subprocess.run([python, "-c", code], capture_output=True, timeout=60).returncode


def test_cli_plot_finds_the_python_beside_it_and_passes_its_exit_code(cli_path, tmp_path):
    # A copy of the CLI with a fake python3 next to it (MLSYSIM_PYTHON unset): the probe passes, the
    # plot run records its argv and exits 7, which the CLI returns.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    cli = bin_dir / "mlsysim"
    shutil.copy2(cli_path, cli)
    log = tmp_path / "argv.txt"
    script(bin_dir / "python3", f'if [ "$1" = "-c" ]; then exit 0; fi\nprintf "%s\\n" "$@" > "{log}"\nexit 7\n')
    r = plot_cli(cli, "roofline", "ResNet50", "A100", "-b", "4", "-o", "out file.svg", python=None)
    assert r.returncode == 7, r.stderr
    assert log.read_text().splitlines() == ["-m", "mlsysim.viz", "roofline", "ResNet50", "A100", "-b", "4",
                                            "--precision", "fp16", "--efficiency", "0.5", "-o", "out file.svg"]


def test_cli_plot_help(cli_path):
    r = subprocess.run([str(cli_path), "plot", "--help"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "roofline" in r.stdout and "MLSYSIM_PYTHON" in r.stdout
    r = subprocess.run([str(cli_path), "plot", "roofline", "--help"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0
    for word in ("MODEL", "HARDWARE", "--batch-size", "--precision", "--output", ".svg or .png", "MLSYSIM_PYTHON"):
        assert word.lower() in r.stdout.lower(), word
