"""Builders of the ``KNOWN_DIFFERENCES`` entries several solvers share the shape of.

Each returns a harness.KnownDifference; the reason (also written up in docs/differences.md) is the
caller's. A matcher sees a harness.Diff, whose ``case`` holds the inputs only (no ``_`` marks).
"""
from __future__ import annotations

from typing import Callable

from harness import KnownDifference

from cases._registry import sparse_keys


def rejected_difference(id_: str, reason: str, predicate: Callable[[dict], bool]) -> KnownDifference:
    """Inputs the reference accepts silently and we reject (ValueError, CLI exit 1)."""
    return KnownDifference(
        id=id_, fields=("error",), status="deliberate", reason=reason,
        matches=lambda d: d.ref == "no error" and str(d.ours).startswith("input:") and predicate(d.case),
    )


def accepted_difference(id_: str, reason: str, predicate: Callable[[dict], bool],
                        ref_error: Callable[[str], bool]) -> KnownDifference:
    """Inputs the reference rejects by raising (its message passing ``ref_error``) and we answer."""
    return KnownDifference(
        id=id_, fields=("error",), status="deliberate", reason=reason,
        matches=lambda d: d.ours == "no error" and predicate(d.case) and ref_error(str(d.ref)),
    )


def moe_difference(fields: tuple[str, ...], what: str, model_key: str = "model") -> KnownDifference:
    """Sparse (MoE) models: our prefill linear FLOPs use active_parameters, 0.3.0 uses all of them.

    Matches only cases whose ``model`` is a sparse_transformer, and only ``fields``.
    """
    sparse = sparse_keys()
    return KnownDifference(
        id="moe-active-parameter-flops",
        fields=fields,
        status="deliberate",
        reason="mixture-of-experts models (registry type sparse_transformer): the prefill's linear "
               "FLOPs are 2 x active_parameters x tokens (each token passes through its routed "
               "experts only); 0.3.0 counts 2 x parameters, all experts, so its linear prefill "
               "term is parameters/active_parameters times ours (3.6x Mixtral_8x7B, 6.3x GPT4, "
               f"18x DeepSeek_V3); the attention term and decode (weight streaming) are the same. {what}",
        matches=lambda d: d.case.get(model_key) in sparse and d.field != "error",
    )


def ridge_tie_difference(fields: tuple[str, ...], is_tie: Callable[[dict], bool]) -> KnownDifference:
    """A step exactly on the ridge point: ours says Compute, as 0.3.0's calc_bottleneck documents
    for a tie; 0.3.0's pint round-off (9593.750000000002 ms vs 9593.75 ms) breaks some toward Memory."""
    return KnownDifference(
        id="ridge-tie-is-compute",
        fields=fields,
        status="deliberate",
        reason="compute and memory time are exactly equal (intensity on the ridge point): ours calls "
               "it Compute, the tie-break 0.3.0's calc_bottleneck documents; 0.3.0's unit "
               "conversions leave one side an ulp larger and call some such ties Memory.",
        matches=lambda d: d.field != "error" and is_tie(d.case),
    )
