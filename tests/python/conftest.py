"""Shared by the Python tests: where the repository and the built CLI are.

The package under test is the installed one (`make venv` runs `pip install .`)."""

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
# The CLI from `make build`; MLSYSIM_CLI overrides it (e.g. another build dir).
CLI_PATH = Path(os.environ.get("MLSYSIM_CLI", REPO_ROOT / "build" / "mlsysim"))


@pytest.fixture(scope="session")
def repo_root():
    return REPO_ROOT


@pytest.fixture(scope="session")
def cli_path():
    if not CLI_PATH.is_file():
        pytest.skip(f"CLI not built at {CLI_PATH}; run `make build`")
    return CLI_PATH
