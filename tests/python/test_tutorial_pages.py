"""The tutorials' rendered pages, the glossary they link to, and the learning path that lists them.

(a) each docs/tutorials/NN_name.md, with its figures, is what tools/render_tutorials.py renders from
    NN_name.py now (the tutorial is run again here, in memory; nothing is written);
(b) every glossary link in the tutorials resolves to a heading of docs/glossary.md, and the
    glossary's own links resolve;
(c) the glossary has a heading for each term the issue names, in alphabetical order, no anchor twice;
(d) the ten tutorials of the product page exist, one per number;
(e) the README's "Learning path" section, and docs/tutorials/README.md, link the ten pages in order.

Anchors are GitHub's: the heading lowercased, punctuation dropped, spaces turned into hyphens."""

import importlib.util
import re
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TUTORIALS = ROOT / "docs" / "tutorials"
GLOSSARY = ROOT / "docs" / "glossary.md"

# The product page's learning path (../shared/seed/for-students.md), in its order.
EXPECTED = [
    "01_hello_roofline",
    "02_memory_wall",
    "03_two_phases",
    "04_kv_cache",
    "05_starving_the_gpu",
    "06_quantization",
    "07_scaling_1000_gpus",
    "08_geography",
    "09_nine_million_dollar",
    "10_sensitivity",
]

# The terms the issue names, as the anchors a tutorial links to.
REQUIRED_ANCHORS = {
    "roofline": "Roofline",
    "ridge-point": "Ridge point",
    "arithmetic-intensity": "Arithmetic intensity",
    "mfu": "MFU",
    "hfu": "HFU",
    "ttft": "TTFT",
    "itl": "ITL",
    "kv-cache": "KV cache",
    "paged-attention": "Paged attention",
    "gqa": "GQA",
    "mla": "MLA",
    "zero": "ZeRO",
    "pipeline-bubble": "Pipeline bubble",
    "all-reduce": "All-reduce",
    "mtbf": "MTBF",
    "young-daly": "Young–Daly",
    "pue": "PUE",
    "wue": "WUE",
    "tco": "TCO",
    "carbon-intensity": "Carbon intensity",
    "chinchilla": "Chinchilla",
}

GLOSSARY_LINK = re.compile(r"glossary\.md#([^)\s\"'>]+)")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
FENCE = re.compile(r"^(`{3,}|~{3,})")


def slug(heading):
    """GitHub's anchor for a heading: lowercase, letters/digits/marks, hyphens, underscores and
    spaces kept (spaces become hyphens), everything else dropped."""
    kept = (ch for ch in heading.strip().lower() if ch in " -_" or unicodedata.category(ch)[0] in "LNM")
    return "".join(kept).replace(" ", "-")


def headings(path):
    """(level, text) of every markdown heading outside fenced code blocks."""
    found, fence = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        m = FENCE.match(line)
        if m:
            fence = None if fence and m.group(1).startswith(fence) else (fence or m.group(1))
            continue
        if fence is None:
            h = HEADING.match(line)
            if h:
                found.append((len(h.group(1)), h.group(2)))
    return found


def glossary_anchors():
    return [slug(text) for _, text in headings(GLOSSARY)]


def _renderer():
    name = "render_tutorials"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / "render_tutorials.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def _tutorial(name):
    path = TUTORIALS / f"{name}.py"
    if not path.is_file():
        pytest.skip(f"{path.relative_to(ROOT)} does not exist yet (test_tutorial_exists reports it)")
    return path


# (a) ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXPECTED)
def test_rendered_page_is_current(name):
    pytest.importorskip("matplotlib")
    source = _tutorial(name)
    render = _renderer()
    try:
        page = render.render(source)
    except render.TutorialError as error:
        pytest.fail(f"{error}\n{error.details}")
    problems = render.stale_files(page)
    assert not problems, ("\n".join(problems)
                          + f"\nre-render it: python tools/render_tutorials.py {name[:2]} (and commit the result)")


def test_no_page_without_its_tutorial():
    orphans = _renderer().orphan_pages(TUTORIALS)
    assert not orphans, f"pages whose .py is gone: {[p.name for p in orphans]}"


# (b) ------------------------------------------------------------------------------------------------


def _glossary_links():
    sources = sorted(TUTORIALS.glob("*.py")) + sorted(TUTORIALS.glob("README.md"))
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for m in GLOSSARY_LINK.finditer(text):
            yield path, text.count("\n", 0, m.start()) + 1, m.group(1)


def test_tutorial_glossary_links_resolve():
    anchors = set(glossary_anchors())
    broken = [f"{path.relative_to(ROOT)}:{line}: #{anchor}" for path, line, anchor in _glossary_links()
              if anchor not in anchors]
    assert not broken, "links to no heading of docs/glossary.md:\n" + "\n".join(broken)


def test_glossary_links_resolve():
    text = GLOSSARY.read_text(encoding="utf-8")
    anchors = set(glossary_anchors())
    broken = [f"#{a}" for a in re.findall(r"\]\(#([^)]+)\)", text) if a not in anchors]
    for target in re.findall(r"\]\((?!#|https?:)([^)#\s]+)(?:#[^)]*)?\)", text):
        stem = Path(target).stem
        if target.startswith("tutorials/") and target.endswith(".md") and stem != "README":
            if stem not in EXPECTED:  # the page itself is rendered later; its name must be a tutorial's
                broken.append(target)
        elif not (GLOSSARY.parent / target).exists():
            broken.append(target)
    assert not broken, f"docs/glossary.md links to nothing: {broken}"


# (c) ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("anchor", sorted(REQUIRED_ANCHORS))
def test_glossary_defines(anchor):
    assert anchor in glossary_anchors(), (
        f"docs/glossary.md has no heading for {REQUIRED_ANCHORS[anchor]!r} (anchor #{anchor})")


def test_glossary_anchors_are_unique():
    anchors = glossary_anchors()
    twice = sorted({a for a in anchors if anchors.count(a) > 1})
    assert not twice, f"headings with the same anchor (GitHub would suffix -1): {twice}"


def test_glossary_terms_are_alphabetical():
    terms = [text for level, text in headings(GLOSSARY) if level == 3]
    keys = [re.sub(r"[^0-9a-z]", "", t.lower()) for t in terms]
    out_of_order = [f"{terms[i]!r} before {terms[i + 1]!r}" for i in range(len(keys) - 1) if keys[i] > keys[i + 1]]
    assert not out_of_order, "glossary terms out of alphabetical order: " + "; ".join(out_of_order)


# (d) ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXPECTED)
def test_tutorial_exists(name):
    assert (TUTORIALS / f"{name}.py").is_file(), f"docs/tutorials/{name}.py is missing (the product page lists it)"
    same_number = sorted(p.name for p in TUTORIALS.glob(f"{name[:2]}_*.py"))
    assert same_number == [f"{name}.py"], f"tutorial {name[:2]} should be only {name}.py, found {same_number}"


def test_no_unlisted_tutorials():
    numbered = sorted(p.stem for p in TUTORIALS.glob("[0-9][0-9]_*.py"))
    extra = [n for n in numbered if n not in EXPECTED]
    assert not extra, f"tutorials not on the learning path (add them to EXPECTED and the README): {extra}"


# (e) ------------------------------------------------------------------------------------------------


def _section(path, title):
    """The text of the section under the heading `title` (any level), up to the next heading of the
    same or a higher level."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        h = HEADING.match(line)
        if h and h.group(2).strip().lower() == title.lower():
            level = len(h.group(1))
            end = next((j for j in range(i + 1, len(lines))
                        if (m := HEADING.match(lines[j])) and len(m.group(1)) <= level), len(lines))
            return "\n".join(lines[i + 1:end])
    return None


def _linked_pages(text, prefix):
    seen = []
    for name in re.findall(rf"\]\({re.escape(prefix)}(\d\d_[a-z0-9_]+)\.md\)", text):
        if name not in seen:
            seen.append(name)
    return seen


def test_readme_learning_path_links_the_ten_pages_in_order():
    section = _section(ROOT / "README.md", "Learning path")
    assert section is not None, "README.md has no 'Learning path' section (docs/tutorials/README.md has the text)"
    assert _linked_pages(section, "docs/tutorials/") == EXPECTED


def test_tutorial_index_links_the_ten_pages_in_order():
    index = TUTORIALS / "README.md"
    assert _linked_pages(index.read_text(encoding="utf-8"), "") == EXPECTED
