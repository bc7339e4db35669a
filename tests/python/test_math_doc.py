"""docs/math.md, the Math Foundations page, against the engine.

1. Every solver (`mlsysim solve --list`, and the Python package's solver classes) has a
   `## <Name>` section.
2. Every repository file the page names (`src/...`, `docs/...`, relative links) exists, and every
   solver section names its implementation under `src/`.
3. Every worked example's headline is recomputed: a comment

       <!-- check: SOLVER key=value ... -> FIELD[*k or /k] FORMAT -->

   directly before a line starting `Result:` is solved through `mlsysim.solve_record` (the CLI's
   SI record), FIELD (a dotted path into it, list items by index) is scaled by k, formatted with
   FORMAT (printf `%.4g`, or a Python format spec in braces, `{:,.0f}`), and that text must appear
   in the Result line as a whole number token. Each solver's section has at least one check of
   its own solver.
"""

import re
import shlex
import subprocess
from pathlib import Path

import mlsysim
import mlsysim.solvers
import pytest

REPO = Path(__file__).resolve().parents[2]
PAGE = REPO / "docs" / "math.md"

CHECK = re.compile(r"^<!--\s*check:\s*(?P<body>.*?)\s*-->$")
HEADING = re.compile(r"^## (\w+)", re.M)
REPO_PATH = re.compile(r"(?<![\w/.\-])((?:src|python|cli|tests|docs|data|tools|examples|bench)/[\w./\-]*\w)")
LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")


def page_text():
    return PAGE.read_text(encoding="utf-8")


def python_solvers():
    return sorted(n for n in mlsysim.solvers.__all__ if hasattr(getattr(mlsysim.solvers, n), "spec"))


def sections(text):
    """`## Name` heading -> the text up to the next `#`/`##` heading."""
    out = {}
    starts = [m for m in re.finditer(r"^#{1,2} .*$", text, re.M)]
    for i, m in enumerate(starts):
        h = HEADING.match(m.group(0))
        if h:
            end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
            out[h.group(1)] = text[m.end():end]
    return out


def parse_value(text):
    low = text.lower()
    if low in ("true", "false"):
        return low == "true"
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    try:
        return float(text)
    except ValueError:
        pass
    if "," in text and " " not in text:
        return text.split(",")
    return text


class Check:
    def __init__(self, body, line_no):
        self.line_no = line_no
        inputs, sep, output = body.partition("->")
        assert sep, f"line {line_no}: check without '->': {body!r}"
        words = shlex.split(inputs)
        self.solver = words[0]
        self.params = {}
        for word in words[1:]:
            key, eq, value = word.partition("=")
            assert eq, f"line {line_no}: input {word!r} is not key=value"
            self.params[key] = parse_value(value)
        out = output.split()
        assert len(out) == 2, f"line {line_no}: output must be 'FIELD FORMAT', got {output!r}"
        expr, self.fmt = out
        m = re.fullmatch(r"([\w.]+)(?:([*/])([0-9.eE+-]+))?", expr)
        assert m, f"line {line_no}: bad field expression {expr!r}"
        self.path, self.op, self.factor = m.group(1), m.group(2), m.group(3)
        self.result_line = None

    def value(self):
        v = mlsysim.solve_record(self.solver, **self.params)
        for part in self.path.split("."):
            v = v[int(part)] if isinstance(v, list) else v[part]
        if self.op == "*":
            v = v * float(self.factor)
        elif self.op == "/":
            v = v / float(self.factor)
        return v

    def formatted(self):
        v = self.value()
        if self.fmt.startswith("{"):
            return self.fmt.format(v)
        return self.fmt % v

    def __repr__(self):
        return f"line {self.line_no}: {self.solver} {self.params} -> {self.path}"


def collect_checks(text):
    """Every check, each bound to the `Result:` line that follows it (blank lines and further
    checks may sit between)."""
    checks, pending = [], []
    for no, line in enumerate(text.splitlines(), 1):
        if line.startswith("<!-- check:"):
            found = CHECK.match(line)
            assert found, f"line {no}: a check comment must be alone on its line, ending with -->"
            pending.append(Check(found.group("body"), no))
            continue
        if not pending or not line.strip():
            continue
        assert line.startswith("Result:"), f"line {no}: {pending[0]!r} is not followed by a 'Result:' line"
        for c in pending:
            c.result_line = line
        checks += pending
        pending = []
    assert not pending, f"{pending[0]!r} at the end of the page has no Result line"
    return checks


try:
    CHECKS, COLLECT_ERROR = collect_checks(page_text()), None
except (OSError, AssertionError) as exc:  # reported by test_checks_parse, not as a collection error
    CHECKS, COLLECT_ERROR = [], exc


def test_page_exists():
    assert PAGE.is_file(), "docs/math.md is missing"


def test_checks_parse():
    assert COLLECT_ERROR is None, str(COLLECT_ERROR)
    assert len(CHECKS) >= 29


def test_every_python_solver_has_a_section():
    heads = set(HEADING.findall(page_text()))
    missing = [n for n in python_solvers() if n not in heads]
    assert not missing, f"solvers without a '## Name' section in docs/math.md: {missing}"


def test_every_cli_solver_has_a_section(cli_path):
    out = subprocess.run([str(cli_path), "solve", "--list"], capture_output=True, text=True, check=True).stdout
    listed = re.findall(r"^([A-Za-z]\w*) — ", out, re.M)
    assert len(listed) >= 29, f"could not parse the solver list:\n{out[:500]}"
    assert sorted(listed) == python_solvers(), "the CLI and the Python package list different solvers"
    heads = set(HEADING.findall(page_text()))
    assert not [n for n in listed if n not in heads]


def test_named_files_exist():
    text = page_text()
    named = set(REPO_PATH.findall(text))
    links = {t for t in LINK.findall(text) if not re.match(r"[a-z]+:", t)}
    missing = sorted(p for p in named if not (REPO / p).exists())
    missing += sorted(t for t in links if not (PAGE.parent / t).resolve().exists())
    assert not missing, f"docs/math.md names files that do not exist: {missing}"
    assert any(p.startswith("src/solvers/") for p in named)


def test_every_solver_section_names_its_source():
    secs = sections(page_text())
    for name in python_solvers():
        files = [p for p in REPO_PATH.findall(secs.get(name, "")) if p.startswith("src/") and p.endswith(".cpp")]
        assert files, f"section {name} names no src/*.cpp file"


def test_every_solver_has_a_check_in_its_section():
    secs = sections(page_text())
    for name in python_solvers():
        own = [c for c in collect_checks(secs.get(name, "")) if c.solver == name]
        assert own, f"section {name} has no '<!-- check: {name} ... -->' worked-example check"


@pytest.mark.parametrize("check", CHECKS, ids=[f"L{c.line_no}-{c.solver}-{c.path}" for c in CHECKS])
def test_worked_example_headline(check):
    text = check.formatted()
    token = re.compile(r"(?<![\w.\-])" + re.escape(text) + r"(?![\w])")
    assert token.search(check.result_line), (
        f"{check!r}: the solver gives {text!r}, not found in {check.result_line!r}")
