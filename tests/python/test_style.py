"""The Python code keeps the ruff configuration in pyproject.toml."""

import shutil
import subprocess
import sys

import pytest


def test_ruff_check(repo_root):
    if shutil.which("ruff") is None and subprocess.run([sys.executable, "-m", "ruff", "--version"],
                                                       capture_output=True).returncode != 0:
        pytest.skip("ruff is not installed (requirements-dev.txt has it)")
    p = subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format", "concise", str(repo_root)],
                       capture_output=True, text=True, cwd=repo_root, timeout=120)
    assert p.returncode == 0, p.stdout[-4000:]
