"""data/ is exactly the reference 0.3.0 registry plus the documented corrections."""

import subprocess
import sys

import pytest
from conftest import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "tools"))
from registry_corrections import CORRECTIONS  # noqa: E402

REF_PYTHON = REPO_ROOT / ".venv-ref" / "bin" / "python"


def test_data_files_match_the_reference_registry():
    if not REF_PYTHON.exists():
        pytest.skip("reference environment missing; create it with `make ref-env`")
    run = subprocess.run([str(REF_PYTHON), str(REPO_ROOT / "tools" / "import_reference_registry.py"), "--check"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_correction_is_documented_with_its_source():
    doc = (REPO_ROOT / "docs" / "differences.md").read_text(encoding="utf-8")
    for c in CORRECTIONS:
        row = f"| {c.path} | {c.field.replace('compute.precision_flops', 'precision_flops')} |"
        assert row in doc, f"{c.path} {c.field} is not in docs/differences.md"
        assert c.source and c.why
