"""Input written to break things: registry files that are cyclic, explosive, huge, not files,
not UTF-8, misspelt or out of range, and names full of control characters. Each gets one clear
line on stderr and exit 1 (never a crash, a hang, a traceback or a silently wrong number); the
subprocess timeout turns a hang into a failure."""

from __future__ import annotations

import json
import os
import subprocess

import mlsysim
import pytest

TIMEOUT = 20  # seconds: far above what any of these takes; a hang fails instead of blocking


def run(cli_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(cli_path), *args], capture_output=True, timeout=TIMEOUT)


def one_line_error(p: subprocess.CompletedProcess, *needles: str) -> str:
    assert p.returncode == 1, (p.returncode, p.stdout[-500:], p.stderr[-500:])
    assert p.stdout == b""
    err = p.stderr.decode("utf-8")  # always valid UTF-8
    assert err.startswith("error: ") and err.endswith("\n") and err.count("\n") == 1, repr(err[:500])
    assert "\x1b" not in err and "\r" not in err and len(err) < 2000, repr(err[:500])
    for n in needles:
        assert n in err, (n, err)
    return err


def with_file(tmp_path, name: str, content: str | bytes):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return str(path)


CHIP = ("hardware:\n  {key}:\n    name: {name}\n    compute: {{peak_flops: {flops}}}\n"
        "    memory: {{capacity: 16 GiB, bandwidth: 1 TB/s}}\n{extra}    source: {{ref: test}}\n")


def chip(key="TestChip", name="Test Chip", flops="100 TFLOP/s", extra=""):
    return CHIP.format(key=key, name=name, flops=flops, extra=extra)


def billion_laughs(levels=9) -> str:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    prev = "a"
    for name in "bcdefghijk"[:levels - 1]:
        text += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
        prev = name
    return text


@pytest.mark.parametrize("name,content,needles", [
    ("cycle.yaml", "a: &a [*a]\n", ("alias refers to the node that contains it",)),
    ("cycle_map.yaml", "a: &a {b: *a}\n", ("alias refers to the node that contains it",)),
    ("bomb.yaml", billion_laughs(), ("alias bomb",)),
    ("unknown_anchor.yaml", "a: *nope\n", ("unknown anchor",)),
    ("deep.yaml", "[" * 100000 + "\n", ("nested deeper than 64 levels",)),
    ("deep.json", "[" * 100000, ("nested deeper than 64 levels",)),
    ("two_docs.yaml", "hardware: {}\n---\nmodels: {}\n", ("more than one YAML document",)),
    ("dup.yaml", "hardware:\n  X:\n    name: X\n    name: Y\n", ("duplicate key 'name'", "line 4")),
    ("dup.json", '{"hardware": {"X": {"name": "X", "name": "Y"}}}', ("duplicate key 'name'",)),
    ("overflow.json", '{"hardware": {"X": {"name": "X", "compute": {"peak_flops": 1e400}}}}',
     ("'1e400' is too large", "hardware.X.compute.peak_flops")),
    ("overflow.yaml", chip(flops="1e400"), ("'1e400' is too large", "hardware.TestChip.compute.peak_flops")),
    ("latin1.yaml", "hardware:\n  X:\n    name: Caf\xe9\n".encode("latin-1"), ("not valid UTF-8", "line 3")),
    ("nested_typo.yaml", chip(extra="").replace("peak_flops: 100 TFLOP/s", "peak_flops: 100 TFLOP/s, "
                                                "precison_flops: {fp8: 200 TFLOP/s}"),
     ("compute.precison_flops", "did you mean 'precision_flops'")),
    ("rate_typo.yaml", chip().replace("peak_flops: 100 TFLOP/s", "peak_flops: 100 TFLOP/s, "
                                      "precision_flops: {fp8x: 200 TFLOP/s}"),
     ("compute.precision_flops.fp8x", "unknown precision", "did you mean 'fp8'")),
    ("memory_typo.yaml", chip().replace("bandwidth: 1 TB/s", "bandwith: 1 TB/s"),
     ("memory.bandwith", "did you mean 'bandwidth'")),
    ("source_typo.yaml", chip().replace("source: {ref: test}", "source: {reff: test}"),
     ("source.reff", "did you mean 'ref'")),
    ("tiny_flops.yaml", chip(flops="1e-300 FLOP/s"), ("compute.peak_flops", "plausible range")),
    ("huge_params.yaml", "models:\n  M:\n    type: cnn\n    parameters: 1e308\n    inference_flops: 1\n"
                         "    source: x\n", ("'parameters'", "plausible range")),
    ("dispatch.yaml", chip(extra="    dispatch_tax: 1.7e308 s\n"), ("dispatch_tax", "plausible range")),
    ("bad_key.yaml", chip(key='"My Chip\\n"'), ("a key is 1 to 128",)),
    ("clash_name.yaml", chip(name="A100"), ("its name 'A100' is the key of NVIDIA A100",
                                           "Hardware.Cloud.A100, built in")),
    ("clash_key.yaml", chip(key="A100"), ("its key is that of NVIDIA A100", "do not replace")),
    ("clash_display.yaml", chip(name="NVIDIA H100"), ("already the name of NVIDIA H100",)),
    ("escape_name.yaml", chip(name='"bad\\u001b[31m name"'), ("name", "\\x1b")),
])
def test_hostile_registry_file(cli_path, tmp_path, name, content, needles):
    path = with_file(tmp_path, name, content)
    one_line_error(run(cli_path, "--registry", path, "eval", "ResNet50", "A100"), *needles)
    # Python says the same, as a ValueError (never a UnicodeDecodeError or a crash).
    with pytest.raises(ValueError, match="registry file"):
        mlsysim.load_registry(path)


def test_a_good_file_still_loads_after_the_bad_ones(tmp_path):
    mlsysim.load_registry(with_file(tmp_path, "good.yaml", chip(key="GoodChip_After")))
    assert mlsysim.Hardware.GoodChip_After.compute.peak_flops.m_as("TFLOP/s") == 100
    assert mlsysim.Hardware.A100.name == "NVIDIA A100"


def test_a_built_in_key_always_resolves_to_the_built_in(cli_path, tmp_path):
    ours = json.loads(run(cli_path, "eval", "ResNet50", "A100", "-o", "json").stdout)
    assert ours["hardware"] == "A100" and ours["peak_flops_actual_flop_per_s"] == 156e12
    path = with_file(tmp_path, "mine.yaml", chip(key="MyA100", name="My A100"))
    with_mine = json.loads(run(cli_path, "--registry", path, "eval", "ResNet50", "A100", "-o", "json").stdout)
    assert with_mine["peak_flops_actual_flop_per_s"] == 156e12
    mine = json.loads(run(cli_path, "--registry", path, "eval", "ResNet50", "my a100", "-o", "json").stdout)
    assert mine["hardware"] == "MyA100" and mine["peak_flops_actual_flop_per_s"] == 50e12


@pytest.mark.parametrize("target,needles", [
    ("/dev/zero", ("expected a .yaml, .yml or .json file",)),
    ("/dev/null", ("expected a .yaml, .yml or .json file",)),
    ("{tmp}/missing.yaml", ("missing.yaml", "cannot be read")),
    ("{tmp}/dir.yaml", ("is not a regular file",)),
    ("{tmp}/fifo.yaml", ("is not a regular file",)),
    ("{tmp}/sparse.json", ("MiB; at most 256 MiB is read",)),
])
def test_not_a_registry_file(cli_path, tmp_path, target, needles):
    (tmp_path / "dir.yaml").mkdir()
    os.mkfifo(tmp_path / "fifo.yaml")
    with open(tmp_path / "sparse.json", "wb") as f:
        f.truncate(300 << 20)  # sparse: no disk used, no time spent
    one_line_error(run(cli_path, "--registry", target.format(tmp=tmp_path), "zoo"), *needles)


def test_big_files_load_in_linear_time(cli_path, tmp_path):
    """100,000 entries load in about a second (quadratic loading took over ten)."""
    entries = {f"Chip_{i}": {"name": f"Chip number {i}", "compute": {"peak_flops": f"{i + 1} TFLOP/s"},
                             "memory": {"capacity": "16 GiB", "bandwidth": "1 TB/s"}, "source": {"ref": "generated"}}
               for i in range(100000)}
    path = with_file(tmp_path, "big.json", json.dumps({"hardware": entries}))
    p = run(cli_path, "--registry", path, "eval", "ResNet50", "Chip_99999", "-o", "json")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["peak_flops_actual_flop_per_s"] == 100000e12 * 0.5
    yaml = "hardware:\n" + "".join(
        f"  Y_{i}:\n    name: Y {i}\n    compute: {{peak_flops: 1 TFLOP/s}}\n"
        f"    memory: {{capacity: 1 GiB, bandwidth: 1 TB/s}}\n    source: {{ref: generated}}\n" for i in range(20000))
    p = run(cli_path, "--registry", with_file(tmp_path, "big.yaml", yaml), "eval", "ResNet50", "Y_19999")
    assert p.returncode == 0, p.stderr


@pytest.mark.parametrize("args,needles", [
    (("eval", "Res\nNet\x1b[31m", "A100"), ("\\n", "\\x1b")),
    (("eval", "R" * 100000, "A100"), ("unknown model",)),
    (("solve", "SingleNodeModel", "model=ResNet50", "hardware=A100", "batch_size=\r\n7"), ("batch_size",)),
    (("solve", "Single\nNode", "model=ResNet50"), ("unknown solver", "\\n")),
    (("solve", "SingleNodeModel", "mo\x07del=ResNet50"), ("unknown parameter", "\\x07")),
    (("zoo", "hard\nware"), ("unknown zoo category",)),
    (("eval", "ResNet50", "A100", "-e", "50%"), ("efficiency", "0.5 for 50%")),
    (("eval", "ResNet50", "A100", "-p", "fp6\t4"), ("precision", "\\t")),
    ((), ("no command given",)),
    (("solve",), ("solve needs a solver name",)),
    (("eval", "ResNet50"), ("eval needs MODEL HARDWARE", "or a plan file")),
    (("eval", "ResNet50", "A100,", "-b", "1"), ("an empty item",)),
])
def test_hostile_arguments(cli_path, args, needles):
    one_line_error(run(cli_path, *args), *needles)


def test_python_messages_are_one_escaped_line():
    for bad in ("Res\nNet\x1b[31m", "x" * 100000):
        with pytest.raises(ValueError) as caught:
            mlsysim.Engine.solve(bad, "A100")
        message = str(caught.value)
        assert "\n" not in message and "\x1b" not in message and len(message) < 2000


def test_version(cli_path):
    p = run(cli_path, "--version")
    assert p.returncode == 0 and p.stdout.decode().startswith(f"mlsysim {mlsysim.__version__} ")


def test_pip_install_puts_the_cli_on_path(repo_root):
    """`pip install .` ships the CLI: the one `make venv` installed works."""
    import sys
    from pathlib import Path

    installed = Path(sys.executable).parent / "mlsysim"
    if not installed.exists():
        pytest.skip(f"no {installed}: this environment was not made by `pip install .`")
    p = subprocess.run([str(installed), "--version"], capture_output=True, text=True, timeout=TIMEOUT)
    assert p.returncode == 0 and p.stdout.startswith("mlsysim ")
    p = subprocess.run([str(installed), "eval", "ResNet50", "A100", "-o", "json"], capture_output=True, text=True,
                       timeout=TIMEOUT)
    assert json.loads(p.stdout)["latency_s"] == pytest.approx(0.0005675641025641026, rel=1e-12)
