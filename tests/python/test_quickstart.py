"""The Quick Start of the student guide, run verbatim as a user would."""

import subprocess
import sys


def test_quickstart_prints_bottleneck_and_latency(repo_root):
    result = subprocess.run([sys.executable, str(repo_root / "examples" / "quickstart.py")],
                            capture_output=True, text=True, check=True, cwd=repo_root)
    assert result.stdout.splitlines() == ["Bottleneck: Compute Bound", "Latency: 0.57 ms"]
    assert result.stderr == ""
