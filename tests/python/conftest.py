"""Shared by the Python tests: where the repository and the built CLI are.

The package under test is the installed one (`make venv` runs `pip install .`)."""

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
# The CLI from `make build`; MLSYSIM_CLI overrides it (e.g. another build dir).
CLI_PATH = Path(os.environ.get("MLSYSIM_CLI", REPO_ROOT / "build" / "mlsysim"))
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


@pytest.fixture(scope="session")
def repo_root():
    return REPO_ROOT


@pytest.fixture(scope="session")
def cli_path():
    if not CLI_PATH.is_file():
        pytest.skip(f"CLI not built at {CLI_PATH}; run `make build`")
    return CLI_PATH
