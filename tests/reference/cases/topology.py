"""Reference cases for TopologyModel (bisection bandwidth of a network topology), its accepted
differences from mlsysim 0.3.0, and checks of its own. Read by tests/reference/harness.py.

Each case is a dict of ``TopologyModel().solve`` keyword arguments: ``fabric`` is a registry key
(every fabric of data/systems/fabrics.json), ``topology`` one of fat_tree, dragonfly, torus_3d,
ring, ``num_nodes`` a whole number; either may be left out (defaults fat_tree and 64).

* ``main_cases()``  every fabric x every topology x a spread of node counts (2 .. 1e6: cubes and
  non-cubes, powers of two and odd counts), plus seeded random counts and the defaults. The ring
  and 3-D torus fractions 2/N and 2 N^(-1/3) stay at or below 1 here, so every field must agree.
* ``capped_cases()`` a ring of 1 node and 3-D tori of 1..7 nodes, where 0.3.0's fraction exceeds
  1 (2.0 for the ring, 2 N^(-1/3) for the torus) and ours is capped at 1: a known difference
  (``bisection-fraction-at-most-one``), which the effective and bisection bandwidths follow.
* ``error_cases()`` inputs the reference rejects by raising: a 3-D torus of 0 nodes
  (ZeroDivisionError) or of a negative count (a complex N^(-1/3) fails its result's validation);
  ours must fail too.
* ``rejected_cases()`` inputs the reference answers and we reject: an unknown topology name
  (0.3.0 gives it fat-tree numbers under the unknown name), and num_nodes <= 0 for ring,
  fat_tree and dragonfly (0.3.0: a ring of 0 nodes has fraction 2.0 and 0 hops).
* ``case_cases()`` topology names in another case ("Ring", "TORUS_3D"): ours reads choices
  case-insensitively, 0.3.0 matches them exactly and so prices them as a fat tree.
"""
from __future__ import annotations

import math
import random

from harness import KnownDifference

from cases._checks import (
    assert_confined,
    assert_deterministic,
    raises_on_both_sides,
    rejected_and_documented,
    solves_on_both_sides,
)
from cases._differences import rejected_difference
from cases._registry import fabric_keys
from cases._values import close, given

SOLVER = "TopologyModel"
SEED = 20260310

TOPOLOGIES = ("fat_tree", "dragonfly", "torus_3d", "ring")
NODES = (2, 3, 8, 9, 16, 27, 63, 64, 100, 125, 128, 512, 1000, 1024, 4096, 10000, 32768, 1000000)


def _case(fabric: str, topology: str | None = None, num_nodes: int | None = None) -> dict:
    return given(fabric=fabric, topology=topology, num_nodes=num_nodes)


def main_cases() -> list[dict]:
    rng = random.Random(SEED)
    cases: list[dict] = []
    for f in fabric_keys():
        for t in TOPOLOGIES:
            for n in NODES:
                if t != "torus_3d" or n >= 8:  # smaller tori: capped_cases()
                    cases.append(_case(f, t, n))
            for _ in range(3):
                cases.append(_case(f, t, rng.randint(8, 200000)))
            cases.append(_case(f, t))                 # num_nodes defaults to 64
        cases.append(_case(f))                        # topology defaults to fat_tree
        cases.append(_case(f, num_nodes=rng.randint(1, 5000)))
    # a fat tree and a dragonfly of one node: their fractions are fixed (1, 0.85)
    cases += [_case("InfiniBand_NDR", "fat_tree", 1), _case("InfiniBand_NDR", "dragonfly", 1)]
    return cases


def capped_cases() -> list[dict]:
    """0.3.0's fraction is above 1: a ring of 1 node (2.0), a 3-D torus of 1..7 nodes."""
    cases = [_case(f, "ring", 1) for f in ("InfiniBand_NDR", "Ethernet_10G", "InfiniBand_NDR_Oversub4to1")]
    for f in ("InfiniBand_NDR", "RoCE_400G", "InfiniBand_NDR_Oversub2to1"):
        cases += [_case(f, "torus_3d", n) for n in range(1, 8)]
    return cases


def error_cases() -> list[dict]:
    return [_case("InfiniBand_NDR", "torus_3d", 0), _case("InfiniBand_NDR", "torus_3d", -1),
            _case("Ethernet_100G", "torus_3d", -8), _case("InfiniBand_NDR_Oversub2to1", "torus_3d", -1000)]


UNKNOWN_TOPOLOGIES = ("mesh", "fat-tree", "torus", "hypercube", "")


def rejected_cases() -> list[dict]:
    cases = [_case("InfiniBand_NDR", t, n) for t in UNKNOWN_TOPOLOGIES for n in (64, 1)]
    cases += [_case("RoCE_400G", "mesh"), _case("Ethernet_100G", "dragonfly_plus", 1024)]
    for t in ("ring", "fat_tree", "dragonfly"):
        cases += [_case("InfiniBand_NDR", t, n) for n in (0, -1, -64)]
    cases.append(_case("InfiniBand_HDR", num_nodes=0))
    return cases


def case_cases() -> list[dict]:
    return [_case("InfiniBand_NDR", "Ring", 64), _case("InfiniBand_NDR", "RING", 8),
            _case("Ethernet_100G", "TORUS_3D", 1000), _case("InfiniBand_XDR", "Dragonfly", 64),
            _case("InfiniBand_NDR", "Fat_Tree", 64)]


GROUPS = {"main": main_cases, "capped": capped_cases, "error": error_cases,
          "rejected": rejected_cases, "case": case_cases}


# ---------------------------------------------------------------- accepted differences

def reference_fraction(case: dict) -> float:
    """0.3.0's beta for a case it answers (its own formulas, uncapped)."""
    t, n = case.get("topology", "fat_tree"), case.get("num_nodes", 64)
    if t == "ring":
        return 2.0 / max(n, 1)
    if t == "torus_3d":
        return 2.0 * n ** (-1.0 / 3.0)
    return {"fat_tree": 1.0, "dragonfly": 0.85}.get(t, 1.0)


def _over_one(case: dict) -> bool:
    t, n = case.get("topology", "fat_tree"), case.get("num_nodes", 64)
    return (t == "ring" and n == 1) or (t == "torus_3d" and 1 <= n < 8)


def _capped(d) -> bool:
    """Ours = 0.3.0 / its fraction (the fraction itself: ours 1, 0.3.0 beta > 1)."""
    if not _over_one(d.case):
        return False
    beta = reference_fraction(d.case)
    return beta > 1 and close(float(d.ours) * beta, d.ref)


def _unknown_topology(c: dict) -> bool:
    return c.get("topology", "fat_tree").lower() not in TOPOLOGIES


def _not_positive(c: dict) -> bool:
    return c.get("num_nodes", 64) < 1 and c.get("topology", "fat_tree") in ("ring", "fat_tree", "dragonfly")


def _other_case(d) -> bool:
    """A known name in another case: ours prices that topology, 0.3.0 a fat tree named so."""
    t = d.case.get("topology", "fat_tree")
    if t in TOPOLOGIES or t.lower() not in TOPOLOGIES:
        return False
    if d.field == "topology":
        return d.ours == t.lower() and d.ref == t
    fat_tree = {"bisection_bw_fraction": 1.0, "hops_avg": 4.0}
    if d.field in fat_tree:
        return close(d.ref, fat_tree[d.field])
    # the bandwidths: ours carries the topology's fraction, 0.3.0 the fat tree's 1
    return close(float(d.ours), float(d.ref) * reference_fraction({**d.case, "topology": t.lower()}))


KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    KnownDifference(
        id="bisection-fraction-at-most-one",
        fields=("bisection_bw_fraction", "effective_bw_bytes_per_s", "bisection_bw_bytes_per_s"),
        status="deliberate",
        reason="the bisection fraction is relative to a non-blocking fat tree, so ours caps it at "
               "1: a ring of 1 node (0.3.0: 2/N = 2.0, an effective bandwidth of 100 GB/s on a "
               "50 GB/s InfiniBand_NDR link) and 3-D tori of fewer than 8 nodes (0.3.0: "
               "2 N^(-1/3), 2.0 at N=1, 1.26 at N=4, 1.046 at N=7); ours says 1.0 and 50 GB/s. "
               "The effective and bisection bandwidths follow the fraction; hops agree.",
        matches=_capped,
    ),
    rejected_difference(
        "unknown-topology-rejected",
        "a topology that is not fat_tree, dragonfly, torus_3d or ring ('mesh', 'fat-tree', ''): "
        "0.3.0 silently gives it a fat tree's numbers (fraction 1.0, 4 hops) under the unknown "
        "name; we reject it (ValueError naming the accepted topologies, CLI exit 1).",
        _unknown_topology),
    rejected_difference(
        "topology-num-nodes-at-least-one",
        "num_nodes <= 0: 0.3.0 answers a ring of 0 nodes with fraction 2/max(N, 1) = 2.0 and "
        "N/4 = 0 (or negative) hops, and a fat tree or dragonfly of -64 nodes with a negative "
        "bisection bandwidth (-1600 GB/s on InfiniBand_NDR); we reject it (ValueError, CLI exit "
        "1). A 3-D torus of N <= 0 raises there as well (error_cases()).",
        _not_positive),
    KnownDifference(
        id="topology-choice-case-insensitive",
        fields=("topology", "bisection_bw_fraction", "hops_avg", "effective_bw_bytes_per_s",
                "bisection_bw_bytes_per_s"),
        status="deliberate",
        reason="a topology name in another case ('Ring', 'TORUS_3D'): ours reads choices "
               "case-insensitively (as 0.3.0 reads precisions) and prices a ring of 64 nodes at "
               "fraction 2/64 = 0.03125 and 16 hops, reporting topology 'ring'; 0.3.0 matches the "
               "name exactly, misses, and gives the fat tree's fraction 1.0 and 4 hops under the "
               "name 'Ring'.",
        matches=_other_case,
    ),
)


# ---------------------------------------------------------------- checks of this solver's run

def check_case_generator_is_deterministic_and_covers_the_inputs(run):
    a = assert_deterministic(run)
    assert {c["fabric"] for c in a} == set(fabric_keys()) and len(fabric_keys()) >= 14
    assert {c.get("topology", "fat_tree") for c in a} == set(TOPOLOGIES)
    assert any("topology" not in c for c in a) and any("num_nodes" not in c for c in a)
    assert all(reference_fraction(c) <= 1.0 for c in a)
    assert all(reference_fraction(c) > 1.0 for c in capped_cases())


check_main_cases_all_solve_on_both_sides = solves_on_both_sides(exactly=True)
check_error_cases_raise_on_both_sides = raises_on_both_sides()
check_rejected_are_documented = rejected_and_documented("unknown-topology-rejected", "topology-num-nodes-at-least-one")


def check_capped_fraction(run):
    """Ours is 1 where 0.3.0 exceeds it; every other field of those cases agrees."""
    explained = {(d.index, d.field) for d in run.by_id["bisection-fraction-at-most-one"]}
    for i, c, o, r in run.outcomes("capped"):
        assert o.record["bisection_bw_fraction"] == 1.0, c
        assert r.record["bisection_bw_fraction"] > 1.0, c
        assert (i, "bisection_bw_fraction") in explained, c
        assert o.record["hops_avg"] == r.record["hops_avg"], c
    assert_confined(run, "bisection-fraction-at-most-one", "capped")


def check_other_case_names(run):
    for _, c, o, r in run.outcomes("case"):
        assert o.record["topology"] == c["topology"].lower() and r.record["topology"] == c["topology"], c
        assert r.record["hops_avg"] == 4.0, c


def check_cases_reach_every_topology(run):
    solved = run.ref_records()
    seen = {r["topology"] for _, r in solved}
    assert seen == set(TOPOLOGIES), seen
    fr = [r["bisection_bw_fraction"] for c, r in solved if c.get("topology") == "torus_3d"]
    assert min(fr) < 0.05 and 1.0 in fr
    assert any(r["bisection_bw_fraction"] == 1.0 and c.get("topology") == "ring" for c, r in solved)
    assert any(math.isclose(r["hops_avg"], 0.75 * 1e6 ** (1 / 3)) for _, r in solved)
