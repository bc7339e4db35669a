"""The README's snippets run as printed: its Python blocks (with their "Output:" blocks) and its
shell blocks (`$ command` lines followed by what they print), from the repository root."""

import contextlib
import io
import re
import subprocess
import warnings
from pathlib import Path

import pytest

FENCE = re.compile(r"```(\w*)\n(.*?)```", re.S)
README_ROOT = Path(__file__).resolve().parents[2]


def _blocks(repo_root):
    text = (repo_root / "README.md").read_text(encoding="utf-8")
    return [(m.group(1), m.group(2), text[m.end():m.end() + 20]) for m in FENCE.finditer(text)]


def test_python_blocks_print_what_the_readme_shows(repo_root, monkeypatch):
    monkeypatch.chdir(repo_root)
    blocks = _blocks(repo_root)
    ran = 0
    for i, (lang, code, _) in enumerate(blocks):
        if lang != "python":
            continue
        # The block after "Output:" is what this one prints.
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        out = io.StringIO()
        with contextlib.redirect_stdout(out), warnings.catch_warnings():
            warnings.simplefilter("error")  # a snippet that warns is not "as printed"
            exec(compile(code, f"README.md python block {i}", "exec"), {"__name__": "__readme__"})
        ran += 1
        readme = (repo_root / "README.md").read_text(encoding="utf-8")
        if following is not None and following[0] == "" and f"Output:\n\n```\n{following[1]}" in readme:
            assert out.getvalue() == following[1], f"python block {i} prints something else"
    assert ran >= 2


def _commands(repo_root):
    for lang, body, _ in _blocks(repo_root):
        if lang or not body.startswith("$ "):
            continue
        chunks = re.split(r"^\$ ", body, flags=re.M)[1:]
        for chunk in chunks:
            command, _, expected = chunk.partition("\n")
            yield command, expected


COMMANDS = list(_commands(README_ROOT))


def test_the_readme_shows_commands():
    assert len(COMMANDS) >= 5


@pytest.mark.parametrize("command,expected", COMMANDS, ids=[c for c, _ in COMMANDS])
def test_shell_blocks_print_what_the_readme_shows(repo_root, cli_path, command, expected):
    assert command.startswith("build/mlsysim ")
    p = subprocess.run(command, shell=True, capture_output=True, text=True, cwd=repo_root, timeout=60)
    assert p.returncode == 0, p.stderr
    assert p.stdout == expected, f"`{command}` prints something else now"
