"""Runs each tutorial in docs/tutorials/ once per test session and hands its tests the output.

`tutorial("01")` runs docs/tutorials/01_*.py in-process (matplotlib on its Agg backend, plt.show a
no-op, the working directory a temporary one) and returns its namespace, its stdout and the
seconds it took. The tests then compute the key numbers with the solvers themselves and check
the tutorial printed them: never a copied constant."""

import contextlib
import io
import os
import runpy
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

TUTORIALS = Path(__file__).resolve().parents[3] / "docs" / "tutorials"


@dataclass
class TutorialRun:
    path: Path
    namespace: dict
    stdout: str
    seconds: float


def tutorial_path(number: str) -> Path:
    found = sorted(TUTORIALS.glob(f"{number}_*.py"))
    if len(found) != 1:
        raise FileNotFoundError(f"expected one docs/tutorials/{number}_*.py, found {found}")
    return found[0]


def run_tutorial(path: Path, workdir: Path) -> TutorialRun:
    os.environ["MPLBACKEND"] = "Agg"
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    show = plt.show
    plt.show = lambda *a, **k: None
    out = io.StringIO()
    cwd = os.getcwd()
    start = time.perf_counter()
    try:
        os.chdir(workdir)
        with contextlib.redirect_stdout(out):
            namespace = runpy.run_path(str(path), run_name="__main__")
    finally:
        os.chdir(cwd)
        plt.show = show
        plt.close("all")
    return TutorialRun(path, namespace, out.getvalue(), time.perf_counter() - start)


_runs = {}


@pytest.fixture(scope="session")
def tutorial(tmp_path_factory):
    def get(number: str) -> TutorialRun:
        if number not in _runs:
            _runs[number] = run_tutorial(tutorial_path(number), tmp_path_factory.mktemp(f"tutorial{number}"))
        return _runs[number]
    return get
