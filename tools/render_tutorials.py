#!/usr/bin/env python3
"""Render the tutorials, docs/tutorials/NN_*.py (percent-cell format), into docs/tutorials/NN_*.md.

    python tools/render_tutorials.py [--check] [--dir DIR] [NN | path/to/NN_name.py ...]

Each tutorial runs in this process, cell by cell, in one namespace and in file order, from a fresh
temporary working directory (matplotlib on its Agg backend, ``plt.show`` a no-op, matplotlib's
built-in rcParams). The page gets:

* ``# %% [markdown]`` cells as markdown (the ``# `` prefix removed);
* ``# %%`` code cells as ```python blocks, each followed by what the cell printed to stdout as a
  ```text block (nothing when it printed nothing);
* every matplotlib figure a cell creates (those ``plt.show()`` saw, then any still open when the
  cell ends; all are closed after each cell, as in a notebook) saved as NN_name_files/figK.svg
  (K counts the tutorial's figures from 1) and embedded as an image link after the cell's output;
* the output of the code cell that follows the ``## Answer key`` markdown cell inside
  ``<details><summary>Answer key (the model's answers)</summary> ... </details>``.

The SVGs are deterministic for a given matplotlib: ``svg.hashsalt`` is fixed, the date and the
creator string are left out of the metadata, and text is drawn as paths (no font lookup when the
page is viewed).

``--check`` renders into memory and writes nothing: it names every page that differs from its
.py's rendering, every figure file that is missing, differs or is no longer produced, and exits
1 if there is one. A tutorial that raises stops that tutorial only: the file, the cell number, the
line and the exception are printed, and the exit status is 1. Without NN arguments every
docs/tutorials/[0-9][0-9]_*.py is rendered.
"""

import argparse
import contextlib
import io
import os
import re
import sys
import tempfile
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

REPO_ROOT = Path(__file__).resolve().parents[1]
TUTORIALS = REPO_ROOT / "docs" / "tutorials"
TUTORIAL_GLOB = "[0-9][0-9]_*.py"

SVG_HASHSALT = "mlsysim"
# No date, and no "Matplotlib vX.Y.Z" creator line: neither says anything about the figure.
SVG_METADATA = {"Date": None, "Creator": None}
ANSWER_KEY_SUMMARY = "Answer key (the model's answers)"

_MARKER = re.compile(r"^# %%(?P<rest>.*)$")
_MARKDOWN_TAG = re.compile(r"^\s*(?:\S.*?\s)?\[(?:markdown|md)\]\s*$")
_ANSWER_KEY_HEADING = re.compile(r"^#{1,6}\s+Answer key\b", re.I | re.M)
_FIG_FILE = re.compile(r"^fig\d+\.svg$")


@dataclass
class Cell:
    kind: str  # "code" or "markdown"
    source: str  # markdown without its "# " prefixes; code as written
    number: int  # 1-based position among the file's cells
    line: int  # 1-based line of the source's first line in the .py (the marker's for an empty cell)


@dataclass
class Page:
    """A tutorial rendered in memory: the page's text and its figure files (path -> SVG bytes), plus
    the run itself (the tutorial's namespace, everything it printed, the seconds it took), so a test
    that needs the tutorial's numbers can use this run instead of running it again."""

    source: Path
    markdown_path: Path
    markdown: str
    figures: Dict[Path, bytes] = field(default_factory=dict)
    seconds: float = 0.0
    namespace: dict = field(default_factory=dict, repr=False)
    stdout: str = field(default="", repr=False)

    @property
    def figures_dir(self) -> Path:
        return figures_dir(self.source)


class TutorialError(Exception):
    """A tutorial cell raised: names the file, the cell, its line and the exception."""

    def __init__(self, path: Path, cell: Cell, error: BaseException, details: str, line: int):
        self.path, self.cell, self.error, self.details, self.line = path, cell, error, details, line
        message = str(error).strip().splitlines()
        shown = f"{type(error).__name__}: {message[0]}" if message else type(error).__name__
        super().__init__(f"{display(path)}: cell {cell.number} (line {line}) raised {shown}")


def display(path: Path) -> str:
    """A path relative to the repository when it is inside it."""
    try:
        return str(Path(path).resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def figures_dir(source: Path) -> Path:
    return source.with_name(f"{source.stem}_files")


# --- parsing ---------------------------------------------------------------------------------------


def _markdown_line(line: str) -> str:
    if line.startswith("# "):
        return line[2:]
    if line.startswith("#"):
        return line[1:]
    return line


def _trim(lines: List[str], first_line: int):
    """Drop leading and trailing blank lines; return (lines, line number of the first kept)."""
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end], first_line + start


def parse_cells(text: str) -> List[Cell]:
    """Split a percent-format file into cells. Text before the first ``# %%`` is a code cell when
    it has any (a jupytext YAML header, ``# ---`` ... ``# ---``, is dropped)."""
    lines = text.splitlines()
    chunks = []  # (kind, marker line index or -1, body lines, first body line number)
    kind, marker, body, body_start = "code", -1, [], 1
    for i, line in enumerate(lines):
        m = _MARKER.match(line)
        if m:
            chunks.append((kind, marker, body, body_start))
            kind = "markdown" if _MARKDOWN_TAG.match(m.group("rest")) else "code"
            marker, body, body_start = i, [], i + 2
        else:
            body.append(line)
    chunks.append((kind, marker, body, body_start))

    cells = []
    for index, (kind, marker, body, body_start) in enumerate(chunks):
        if index == 0:  # before the first marker
            if body and body[0].strip() == "# ---":
                end = next((j for j in range(1, len(body)) if body[j].strip() == "# ---"), None)
                if end is not None:
                    body, body_start = body[end + 1:], body_start + end + 1
            if not any(line.strip() for line in body):
                continue
        kept, first = _trim(body, body_start)
        if kind == "markdown":
            kept = [_markdown_line(line).rstrip() for line in kept]
        cells.append(Cell(kind, "\n".join(kept), len(cells) + 1, first if kept else marker + 1))
    return cells


# --- running ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def _plotting(shown: list):
    """Agg backend, matplotlib's own defaults (not a user's matplotlibrc), the fixed SVG salt, and
    ``plt.show`` showing nothing: it only notes the open figures in ``shown``, so a figure closed
    after ``plt.show()`` is still on the page. Everything is restored afterwards."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def show(*args, **kwargs):
        for number in plt.get_fignums():
            fig = plt.figure(number)
            if not any(f is fig for f in shown):
                shown.append(fig)

    original = plt.show
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        matplotlib.rcParams["svg.hashsalt"] = SVG_HASHSALT
        matplotlib.rcParams["svg.fonttype"] = "path"
        plt.close("all")
        plt.show = show
        try:
            yield plt
        finally:
            plt.show = original
            plt.close("all")


def _figure_title(fig) -> str:
    suptitle = getattr(fig, "_suptitle", None)
    texts = [suptitle.get_text()] if suptitle is not None else []
    texts += [ax.get_title() for ax in fig.get_axes()]
    title = next((t for t in texts if t and t.strip()), "")
    return re.sub(r"[\[\]\s]+", " ", title).strip()


def _save_figures(plt, shown: list) -> List[tuple]:
    """(title, SVG bytes) of the cell's figures: those ``plt.show`` saw, in that order, then those
    still open, by figure number. Closes them all and empties ``shown``."""
    figures = list(shown)
    for number in plt.get_fignums():
        fig = plt.figure(number)
        if not any(f is fig for f in figures):
            figures.append(fig)
    saved = []
    for fig in figures:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", metadata=SVG_METADATA, bbox_inches="tight")
        saved.append((_figure_title(fig), buffer.getvalue()))
    plt.close("all")
    shown.clear()
    return saved


def _fence(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=2)
    return "`" * max(3, longest + 1)


def _block(lang: str, text: str) -> str:
    fence = _fence(text)
    return f"{fence}{lang}\n{text}\n{fence}"


def _tutorial_error(source: Path, cell: Cell, error: BaseException) -> TutorialError:
    """The error with the traceback from the tutorial's own frames on (the renderer's left out)
    and the line of the tutorial that raised (the deepest frame in the .py)."""
    tb, line = error.__traceback__, cell.line
    while tb is not None and Path(tb.tb_frame.f_code.co_filename) != source:
        tb = tb.tb_next
    first = tb
    while tb is not None:
        if Path(tb.tb_frame.f_code.co_filename) == source:
            line = tb.tb_lineno
        tb = tb.tb_next
    if isinstance(error, SyntaxError) and error.filename == str(source) and error.lineno:
        line = error.lineno
    if isinstance(error, SyntaxError) and first is None:
        details = "".join(traceback.format_exception_only(type(error), error))
    else:
        details = "".join(traceback.format_exception(type(error), error, first or error.__traceback__))
    return TutorialError(source, cell, error, details, line)


def render(source: Path) -> Page:
    """Run one tutorial and return its page in memory. Raises TutorialError when a cell raises."""
    source = Path(source).resolve()
    cells = parse_cells(source.read_text(encoding="utf-8"))
    stem = source.stem
    parts = [
        f"<!-- Generated from {source.name} by tools/render_tutorials.py: do not edit this page; "
        f"edit {source.name} and run `python tools/render_tutorials.py {stem[:2]}`. -->"
    ]
    figures: Dict[Path, bytes] = {}
    namespace = {"__name__": "__main__", "__file__": str(source), "__builtins__": __builtins__}
    answer_key_next = False
    printed_all = []
    cwd, argv = os.getcwd(), sys.argv
    start = time.perf_counter()
    shown: list = []
    with tempfile.TemporaryDirectory(prefix=f"tutorial{stem[:2]}_") as workdir, _plotting(shown) as plt, \
            warnings.catch_warnings():
        try:
            os.chdir(workdir)
            sys.argv = [str(source)]
            for cell in cells:
                if cell.kind == "markdown":
                    if cell.source:
                        parts.append(cell.source)
                    answer_key_next = answer_key_next or bool(_ANSWER_KEY_HEADING.search(cell.source))
                    continue
                out = io.StringIO()
                try:
                    code = compile("\n" * (cell.line - 1) + cell.source + "\n", str(source), "exec")
                    with contextlib.redirect_stdout(out):
                        exec(code, namespace)
                        saved = _save_figures(plt, shown)
                except (Exception, SystemExit) as error:  # KeyboardInterrupt still stops the run
                    raise _tutorial_error(source, cell, error) from error
                if cell.source:
                    parts.append(_block("python", cell.source))
                printed_all.append(out.getvalue())
                printed = out.getvalue().rstrip("\n")
                if answer_key_next:
                    inner = _block("text", printed) if printed else "(the cell printed nothing)"
                    parts.append(f"<details><summary>{ANSWER_KEY_SUMMARY}</summary>\n\n{inner}\n\n</details>")
                    answer_key_next = False
                elif printed:
                    parts.append(_block("text", printed))
                for title, svg in saved:
                    n = len(figures) + 1
                    path = figures_dir(source) / f"fig{n}.svg"
                    figures[path] = svg
                    alt = f"Figure {n}: {title}" if title else f"Figure {n}"
                    parts.append(f"![{alt}]({path.parent.name}/{path.name})")
        finally:
            os.chdir(cwd)
            sys.argv = argv
    return Page(source, source.with_suffix(".md"), "\n\n".join(parts) + "\n", figures,
                time.perf_counter() - start, namespace, "".join(printed_all))


# --- comparing and writing ---------------------------------------------------------------------


def _existing_figures(page: Page) -> List[Path]:
    d = page.figures_dir
    return sorted(p for p in d.iterdir() if _FIG_FILE.match(p.name)) if d.is_dir() else []


def stale_files(page: Page) -> List[str]:
    """What on disk differs from the page rendered in memory, one line per file."""
    problems = []
    md = page.markdown_path
    if not md.is_file():
        problems.append(f"missing: {display(md)}")
    elif md.read_text(encoding="utf-8") != page.markdown:
        problems.append(f"stale: {display(md)}")
    for path, svg in page.figures.items():
        if not path.is_file():
            problems.append(f"missing figure: {display(path)}")
        elif path.read_bytes() != svg:
            problems.append(f"stale figure: {display(path)}")
    for path in _existing_figures(page):
        if path not in page.figures:
            problems.append(f"figure no longer produced: {display(path)}")
    return problems


def write(page: Page) -> List[str]:
    """Write what differs (the page, its figures) and delete figures it no longer produces."""
    changed = []
    if not page.markdown_path.is_file() or page.markdown_path.read_text(encoding="utf-8") != page.markdown:
        page.markdown_path.write_text(page.markdown, encoding="utf-8", newline="\n")
        changed.append(f"wrote {display(page.markdown_path)}")
    if page.figures:
        page.figures_dir.mkdir(exist_ok=True)
    for path, svg in page.figures.items():
        if not path.is_file() or path.read_bytes() != svg:
            path.write_bytes(svg)
            changed.append(f"wrote {display(path)}")
    for path in _existing_figures(page):
        if path not in page.figures:
            path.unlink()
            changed.append(f"deleted {display(path)} (no longer produced)")
    if page.figures_dir.is_dir() and not any(page.figures_dir.iterdir()):
        page.figures_dir.rmdir()
    return changed


def find_tutorials(selection: List[str], directory: Path = TUTORIALS) -> List[Path]:
    """The tutorials named by number (``3``, ``03``), stem or path; all of them when none."""
    if not selection:
        return sorted(directory.glob(TUTORIAL_GLOB))
    found = []
    for item in selection:
        candidate = Path(item)
        if candidate.suffix == ".py" and candidate.is_file():
            found.append(candidate.resolve())
            continue
        prefix = f"{int(item):02d}_" if item.isdigit() else f"{item}."
        matches = sorted(p for p in directory.glob("*.py") if p.name.startswith(prefix))
        if len(matches) != 1:
            raise LookupError(f"no single tutorial {item!r} in {display(directory)} (found {len(matches)})")
        found.append(matches[0])
    return found


def orphan_pages(directory: Path = TUTORIALS) -> List[Path]:
    """NN_*.md pages whose NN_*.py is gone."""
    return sorted(p for p in directory.glob("[0-9][0-9]_*.md") if not p.with_suffix(".py").is_file())


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tutorials", nargs="*", metavar="NN",
                        help="tutorial numbers (01 or 1), stems or .py paths; default: all")
    parser.add_argument("--check", action="store_true",
                        help="render in memory, write nothing, exit 1 naming each stale page or figure")
    parser.add_argument("--dir", type=Path, default=TUTORIALS,
                        help=f"the tutorials folder (default {display(TUTORIALS)})")
    args = parser.parse_args(argv)
    try:
        sources = find_tutorials(args.tutorials, args.dir)
    except (LookupError, ValueError) as error:
        print(f"render_tutorials: {error}", file=sys.stderr)
        return 2
    if not sources:
        print(f"render_tutorials: no {TUTORIAL_GLOB} in {display(args.dir)}")
        return 0

    failed, stale = [], []
    for source in sources:
        try:
            page = render(source)
        except TutorialError as error:
            print(f"render_tutorials: {error}\n{error.details}", file=sys.stderr)
            failed.append(source)
            continue
        if args.check:
            problems = stale_files(page)
            for line in problems:
                print(line)
            if problems:
                stale.append(source)
        else:
            changed = write(page)
            for line in changed:
                print(line)
            state = f"{len(changed)} file(s) changed" if changed else "up to date"
            print(f"{display(page.markdown_path)}: {state} ({len(page.figures)} figures, {page.seconds:.1f} s)")
    if args.check and not args.tutorials:
        for page in orphan_pages(args.dir):
            print(f"page without a tutorial: {display(page)}")
            stale.append(page)
    if failed:
        print(f"render_tutorials: {len(failed)} tutorial(s) raised: "
              + ", ".join(display(s) for s in failed), file=sys.stderr)
    if stale:
        numbers = " ".join(s.name[:2] for s in stale if s.suffix == ".py")
        print(f"{len(stale)} out of date: run `python tools/render_tutorials.py {numbers}`".rstrip())
    if not failed and not stale and args.check:
        print(f"{len(sources)} page(s) up to date")
    return 1 if failed or stale else 0


if __name__ == "__main__":
    sys.exit(main())
