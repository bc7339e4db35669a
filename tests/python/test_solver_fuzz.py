"""Every solver against hostile values, one input at a time: zero, negative, huge, NaN, infinite,
nonsense text, the wrong kind of registry entry. Each must answer with finite numbers (infinity only
where a field allows it) or raise one clear ValueError/TypeError: never crash, hang, or print a
silently wrong number. Runs in a subprocess so that a crash or a hang fails the test instead of
taking pytest down.
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

# Hostile values by input kind; registry kinds get entries of the wrong sort or size.
HOSTILE = {
    "integer": [0, -1, 1, 65_536, 1_000_000_000, -(2**62), 9_000_000_000_000_000, 2**63, 1.5, "12", "nan", True],
    "number": [0, -1.0, 1e-308, 1e-9, 1e6, 1e308, -1e308, float("nan"), float("inf"), "x", None],
    "quantity": [0, -1, 1e-300, 1e308, float("nan"), float("inf"), "5 parsecs", "-3 GB/s", "1e400 GB/s"],
    "bool": ["maybe", 2, None],
    "choice": ["zzz", "", "\x1b[31m", 3],
    "precision": ["fp3", "FP16", "", None],
    "text": ["", "\x00", "a" * 10000],
    "model": ["ResNet50", "DLRM", "Mamba_130M", "GPT4", "TinyLM_nope", "Llama3_405B"],
    "hardware": ["ESP32_S3", "Cerebras_CS3", "H100x", ""],
    "cluster": ["Mega_100K", "Lab_64_A100", "nope"],
    "fabric": ["Ethernet_100G", "nope"],
    "node": ["DGX_H100", "nope"],
    "grid": ["Quebec", "nope"],
}

SCRIPT = textwrap.dedent(r"""
    import json, math, sys, warnings
    warnings.simplefilter("ignore")
    import mlsysim
    name = sys.argv[1]
    # JSON has no NaN or infinity: they travel as {"float": "nan"}.
    cases = json.loads(sys.argv[2], object_hook=lambda d: float(d["float"]) if set(d) == {"float"} else d)
    bad = []
    def finite(value, path):
        if isinstance(value, float) and math.isnan(value):
            bad.append(f"{path} is NaN")
        elif isinstance(value, dict):
            for k, v in value.items():
                finite(v, f"{path}.{k}")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                finite(v, f"{path}.{i}")
    for case in cases:
        try:
            record = mlsysim._core.solve(name, case).to_record()
        except (ValueError, TypeError) as e:
            if "\n" in str(e) or not str(e):
                bad.append(f"{case}: unclear message {str(e)!r}")
            continue
        except Exception as e:  # anything else is a bug
            bad.append(f"{case}: {type(e).__name__}: {e}")
            continue
        finite(record, json.dumps(case)[:200])
    print(json.dumps(bad))
""")


def base_case(spec: dict) -> dict:
    return {i["name"]: json.loads(i["example"]) if i["kind"] in ("integer", "number") else i["example"]
            for i in spec["inputs"] if i["required"]}


def hostile_cases(spec: dict) -> list[dict]:
    base = base_case(spec)
    cases = []
    for i in spec["inputs"]:
        for value in HOSTILE.get(i["kind"], []):
            if isinstance(value, float) and not (value == value and abs(value) != float("inf")):
                value = {"float": str(value)}
            cases.append({**base, i["name"]: value})
    return cases


def specs() -> list[dict]:
    import mlsysim

    return mlsysim._core.solver_specs()


@pytest.mark.parametrize("spec", specs(), ids=lambda s: s["name"])
def test_every_solver_survives_hostile_values(spec):
    cases = hostile_cases(spec)
    p = subprocess.run([sys.executable, "-c", SCRIPT, spec["name"], json.dumps(cases)], capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 0, f"{spec['name']} crashed (rc {p.returncode}): {p.stderr[-2000:]}"
    bad = json.loads(p.stdout.strip().splitlines()[-1])
    assert not bad, "\n".join(bad[:20])
