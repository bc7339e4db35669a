#!/usr/bin/env python3
"""Print one case module's cases as JSON, to read or to replay by hand.

    .venv/bin/python tests/reference/print_cases.py MODULE [GROUP|all]

MODULE is a file name of tests/reference/cases/ (``distributed``) or a solver's name
(``DistributedModel``); GROUP one of its ``GROUPS`` (default ``main``), ``all`` every group in order.
"""
from __future__ import annotations

import json
import sys

import harness


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        sys.stderr.write(__doc__)
        return 2
    name, which = argv[1], argv[2] if len(argv) == 3 else "main"
    modules = {m.__name__.rsplit(".", 1)[1]: m for m in harness.case_modules()}
    modules.update({m.SOLVER: m for m in list(modules.values())})
    if name not in modules:
        sys.stderr.write(f"no case module {name!r}; one of: {', '.join(sorted(modules))}\n")
        return 2
    groups = harness.case_groups(modules[name])
    if which != "all" and which not in groups:
        sys.stderr.write(f"{name} has no group {which!r}; one of: {', '.join(groups)}, all\n")
        return 2
    cases = [c for g in groups.values() for c in g] if which == "all" else groups[which]
    json.dump(cases, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
