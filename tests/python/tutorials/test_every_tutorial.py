"""What every tutorial keeps, checked once for the ten: the percent-cell format (a title cell first,
the answer key last), predictions committed unmade, under a minute, and a plain `python -W error`
run that prints the same output and nothing on stderr. Each tutorial's own numbers are in its
test_NN_*.py; glossary links and the rendered pages in tests/python/test_tutorial_pages.py."""

import os
import re
import subprocess
import sys

import pytest

NUMBERS = [f"{n:02d}" for n in range(1, 11)]


def cells(path):
    """(marker, lines) for each percent-format cell."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# %%"):
            out.append((line, []))
        else:
            assert out, "the script must start with a cell marker"
            out[-1][1].append(line)
    return out


@pytest.mark.parametrize("number", NUMBERS)
def test_percent_format(tutorial, number):
    found = cells(tutorial(number).path)
    for marker, body in found:
        assert marker in ("# %%", "# %% [markdown]"), marker
        if marker == "# %% [markdown]":
            for line in body:
                assert line == "" or line == "#" or line.startswith("# "), line
    assert found[0][0] == "# %% [markdown]" and found[0][1][0].startswith(f"# # {number} · ")
    assert found[-2][0] == "# %% [markdown]" and found[-2][1][0] == "# ## Answer key"
    assert found[-1][0] == "# %%" and [x for x in found[-1][1] if x] == ["quiz.answer_key()"]
    for anchor in re.findall(r"\]\(\.\./glossary\.md#([^)]*)\)", tutorial(number).path.read_text(encoding="utf-8")):
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", anchor), anchor


@pytest.mark.parametrize("number", NUMBERS)
def test_predictions_committed_unmade(tutorial, number):
    quiz = tutorial(number).namespace["quiz"]
    assert quiz.predictions and all(not p.made for p in quiz.predictions.values())
    assert set(quiz.answers) == set(quiz.predictions)  # every question is answered by the model


@pytest.mark.parametrize("number", NUMBERS)
def test_runs_fast_and_prints_no_paths_or_warnings(tutorial, number):
    run = tutorial(number)
    assert run.seconds < 60
    for leak in ("/work/", "/tmp/", "Warning", "dimensionless", "Traceback"):
        assert leak not in run.stdout, leak


@pytest.mark.parametrize("number", NUMBERS)
def test_a_plain_run_prints_the_same_and_nothing_on_stderr(tutorial, number, tmp_path):
    run = tutorial(number)
    env = dict(os.environ, MPLBACKEND="Agg")
    proc = subprocess.run([sys.executable, "-W", "error", str(run.path)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stderr == ""
    assert proc.stdout == run.stdout  # deterministic
