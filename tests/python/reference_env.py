"""The reference 0.3.0 in its own environment (`make ref-env`), for the tests that compare with it.

A module of its own, not conftest.py: tests/python/tutorials/ has a conftest too, and
`from conftest import` would find whichever was imported first."""

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
# The reference 0.3.0 (`make ref-env`); MLSYSIM_REF_PYTHON overrides it.
REF_PYTHON = Path(os.environ.get("MLSYSIM_REF_PYTHON", REPO_ROOT / ".venv-ref" / "bin" / "python"))


def run_in_reference(program, *args, timeout=600):
    """Runs `program` (Python source printing one JSON document) in the reference's environment
    with `args` as sys.argv[1:] and returns the document; skips when the environment is missing."""
    if not REF_PYTHON.exists():
        pytest.skip("the reference environment .venv-ref is missing (make ref-env)")
    p = subprocess.run([str(REF_PYTHON), "-c", program, *args], capture_output=True, text=True, timeout=timeout)
    assert p.returncode == 0, p.stderr[-2000:]
    return json.loads(p.stdout)
