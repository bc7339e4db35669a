"""Plots of the solvers' answers: the roofline, and latency/throughput sweeps.

Every number on a plot comes from a solver (SingleNodeModel, ServingModel, DistributedModel); this
module only draws it. Each function returns ``(fig, ax)``, draws into ``ax=`` when given (else a new
figure), and never calls ``plt.show``::

    import mlsysim
    from mlsysim.viz import plot_roofline
    fig, ax = plot_roofline(mlsysim.Hardware.Cloud.H100,
                            workloads=[mlsysim.Models.ResNet50, ("Llama-3.1-8B", mlsysim.Models.Llama3_8B)])
    fig.savefig("roofline.svg")

matplotlib loads on first use (``pip install 'mlsysim[viz]'``); without it every function raises
:class:`MatplotlibMissingError`. The command line is ``python -m mlsysim.viz roofline MODEL HARDWARE
-o FILE.svg`` (and ``mlsysim plot roofline``, which runs it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Dict, List, Sequence, Tuple

__all__ = ["MATPLOTLIB_MISSING", "MatplotlibMissingError", "plot_batch_sweep", "plot_context_sweep", "plot_roofline",
           "plot_scaling", "plot_series"]

MATPLOTLIB_MISSING = "mlsysim.viz needs matplotlib: pip install 'mlsysim[viz]'"

_INFEASIBLE_STYLE = {"marker": "X", "markersize": 9, "linestyle": "none", "color": "tab:red", "zorder": 6}


class MatplotlibMissingError(ImportError):
    """matplotlib is not installed (or cannot be imported): ``pip install 'mlsysim[viz]'``."""

    def __init__(self, message: str = MATPLOTLIB_MISSING):
        super().__init__(message, name="matplotlib")


def _matplotlib():
    """matplotlib, or the one clear error."""
    try:
        import matplotlib
        import matplotlib.ticker  # noqa: F401  (every plot formats its ticks)
    except ImportError as e:
        raise MatplotlibMissingError() from e
    return matplotlib


def _figure(ax, figsize=(8, 5.5)):
    """The axes to draw into and its figure: ``ax`` as given, else a new pyplot figure (so a
    script's ``plt.show()`` shows it; nothing else of pyplot's state is touched)."""
    _matplotlib()
    if ax is not None:
        return ax.figure, ax
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:
        raise MatplotlibMissingError() from e
    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return fig, ax


# ------------------------------------------------------------------ registry names and entries

def _entry(value, kind: str):
    """A registry entry from itself or its name (key, path or display name, any case)."""
    from .. import _core, registry
    if not isinstance(value, str):
        return value
    lookup, namespace = {"model": (_core.model, registry.Models), "hardware": (_core.hardware, registry.Hardware),
                         "fabric": (_core.fabric, registry.Systems)}[kind]
    core = lookup(value)  # ValueError: "unknown model 'X'; did you mean ...?"
    for entry in namespace.list():
        if entry.path == core.path:
            return entry
    raise ValueError(f"unknown {kind} {value!r}")


def _workload_items(workloads) -> List[Tuple[str, Any]]:
    if workloads is None:
        return []
    if isinstance(workloads, str) or hasattr(workloads, "_core"):
        workloads = [workloads]  # one model
    elif isinstance(workloads, tuple) and len(workloads) == 2 and isinstance(workloads[0], str) \
            and hasattr(workloads[1], "_core"):
        workloads = [workloads]  # one (label, model) pair
    items = []
    for item in workloads:
        if isinstance(item, tuple):
            if len(item) != 2 or not isinstance(item[0], str):
                raise TypeError(f"a workload pair must be (label, model), got {item!r}")
            items.append((item[0], _entry(item[1], "model")))
        else:
            model = _entry(item, "model")
            items.append((model.name, model))
    return items


# ------------------------------------------------------------------ number formatting

_PREFIXES = [(1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]


def _si(value: float, unit: str) -> str:
    """156e12, "FLOP/s" -> "156 TFLOP/s"."""
    for factor, prefix in _PREFIXES:
        if abs(value) >= factor:
            return f"{value / factor:.3g} {prefix}{unit}"
    return f"{value:.3g} {unit}"


def _num(value: float) -> str:
    return f"{value:.4g}"


def _bottleneck_name(bottleneck) -> str:
    for name in ("Memory", "Compute", "Network"):
        if bottleneck == name:
            return name
    return str(bottleneck)


def _decade_floor(v: float) -> float:
    return 10 ** math.floor(math.log10(v))


def _decade_ceil(v: float) -> float:
    return 10 ** math.ceil(math.log10(v))


def _plain_log_ticks(axis):
    """Decade ticks as plain numbers (0.1, 1, 10, 1000) instead of powers of ten."""
    from matplotlib import ticker
    axis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))


def _sweep_x_axis(ax, xs: Sequence[float], label: str):
    """Batch sizes, contexts, GPU counts: a base-2 log axis when they span 8x or more, with a tick
    at every value swept when there are few."""
    from matplotlib import ticker
    ax.set_xlabel(label)
    values = sorted({float(x) for x in xs})
    if values and values[0] > 0 and values[-1] / values[0] >= 8:
        ax.set_xscale("log", base=2)
        if len(values) <= 14:
            ax.xaxis.set_major_locator(ticker.FixedLocator(values))
        ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}"))
        ax.xaxis.set_minor_locator(ticker.NullLocator())
    elif len(values) <= 14:
        ax.set_xticks(values)


def _check_xs(values, what: str) -> List[int]:
    values = list(values)
    if not values:
        raise ValueError(f"{what} is empty; give at least one value")
    return values


# ------------------------------------------------------------------ the roofline

@dataclass
class _RooflinePoint:
    label: str
    intensity: float  # FLOP/byte: the solver's arithmetic_intensity
    attained: float  # FLOP/s: the batch's FLOPs over the solver's latency (overhead included)
    roof: float  # FLOP/s: the same FLOPs over max(compute, memory) time, on the roofline
    bottleneck: str  # "Memory" or "Compute", the solver's
    cap: float  # FLOP/s: peak x efficiency, the compute roof
    bw: float  # byte/s: the bandwidth the solver charged
    feasible: bool
    overhead_dominated: bool


def _roofline_point(label: str, p) -> _RooflinePoint:
    cap = p.peak_flops_actual.m_as("flop/s")
    t_compute, t_memory, latency = p.latency_compute.m_as("s"), p.latency_memory.m_as("s"), p.latency.m_as("s")
    ops = t_compute * cap  # the batch's FLOPs: T_compute = FLOPs / (peak x efficiency)
    intensity = p.arithmetic_intensity.m_as("flop/byte")
    if not (ops > 0 and math.isfinite(intensity) and intensity > 0):
        raise ValueError(f"{label}: no FLOPs or no bytes moved, so it has no place on a log-log roofline "
                         f"(arithmetic intensity {intensity})")
    return _RooflinePoint(label, intensity, ops / latency, ops / max(t_compute, t_memory),
                          _bottleneck_name(p.bottleneck), cap, p.peak_bw_actual.m_as("byte/s"), bool(p.feasible),
                          bool(p.overhead_dominated))


def _same(a: float, b: float | None) -> bool:
    return b is not None and math.isclose(a, b, rel_tol=1e-12)


def _magnitude(q, unit: str) -> float | None:
    return None if q is None else q.m_as(unit)


def _bandwidth_kind(hw, bw: float, points: List[_RooflinePoint]) -> str:
    """What a memory roof is: the HBM/DRAM, on-chip SRAM or flash (microcontrollers), and/or the
    host link a workload that does not fit spills over (on a microcontroller, the same rate)."""
    kinds = []
    users = [p for p in points if _same(p.bw, bw)]
    if any(p.feasible for p in users) or not users:
        if _same(bw, _magnitude(hw.memory.sram_bandwidth, "byte/s")):
            kinds.append("on-chip SRAM")
        elif _same(bw, _magnitude(hw.memory.flash_bandwidth, "byte/s")):
            kinds.append("flash")
        else:
            kinds.append("memory")
    if any(not p.feasible for p in users):
        kinds.append("host link (does not fit: spills)")
    return " and ".join(kinds)


class _LabelPlacer:
    """Puts each label where it overlaps no other label, point or reserved area, in axes fractions.

    Text extents are estimated from the font size (no renderer needed): close enough to keep
    labels apart; the roof lines are avoided by trying below the point first (the area under a
    roofline holds only points)."""

    def __init__(self, ax, fig, xlim, ylim):
        self.lx = (math.log10(xlim[0]), math.log10(xlim[1]))
        self.ly = (math.log10(ylim[0]), math.log10(ylim[1]))
        width, height = fig.get_size_inches()
        box = ax.get_position()
        self.w_pt, self.h_pt = width * box.width * 72, height * box.height * 72
        self.taken = []

    def _frac(self, x, y):
        return ((math.log10(x) - self.lx[0]) / (self.lx[1] - self.lx[0]),
                (math.log10(y) - self.ly[0]) / (self.ly[1] - self.ly[0]))

    def _box(self, x, y, dx, dy, ha, va, text, size, rotated_chars=0):
        fx, fy = self._frac(x, y)
        lines = text.split("\n")
        w = (max(len(line) for line in lines) * 0.58 * size + 0.8 * size) / self.w_pt
        h = (len(lines) * 1.22 * size + 0.8 * size) / self.h_pt
        if rotated_chars:
            w, h = 1.3 * size / self.w_pt, rotated_chars * 0.58 * size / self.h_pt
        x0 = fx + dx / self.w_pt - (w if ha == "right" else 0)
        y0 = fy + dy / self.h_pt - (h if va == "top" else 0)
        return (x0, y0, x0 + w, y0 + h)

    def reserve(self, x0, y0, x1, y1):
        self.taken.append((x0, y0, x1, y1))

    def reserve_text(self, x, y, dx, dy, ha, va, text, size, rotated_chars=0):
        self.taken.append(self._box(x, y, dx, dy, ha, va, text, size, rotated_chars))

    def reserve_point(self, x, y):
        fx, fy = self._frac(x, y)
        rx, ry = 6 / self.w_pt, 6 / self.h_pt
        self.taken.append((fx - rx, fy - ry, fx + rx, fy + ry))

    def place(self, x, y, text, size):
        candidates = []
        for shift in range(0, 6):  # below (right, then left), further down each round; then above
            down = -12 - 46 * shift
            candidates += [(12, down, "left", "top"), (-12, down, "right", "top")]
        candidates += [(12, 12, "left", "bottom"), (-12, 12, "right", "bottom")]
        best = None
        for dx, dy, ha, va in candidates:
            box = self._box(x, y, dx, dy, ha, va, text, size)
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= 1 and box[3] <= 1
            clash = sum(_overlap(box, other) for other in self.taken)
            score = (not inside, clash)
            if best is None or score < best[0]:
                best = (score, (dx, dy, ha, va), box)
            if inside and clash == 0:
                break
        self.taken.append(best[2])
        return best[1]


def _overlap(a, b) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _roofline(hardware, workloads=(), batch_size=1, precision="fp16", ax=None, efficiency=0.5):
    """plot_roofline, and the points and ridges it drew (for the command line's summary)."""
    _matplotlib()
    from ..solvers import SingleNodeModel

    hw = _entry(hardware, "hardware")
    items = _workload_items(workloads)
    solver = SingleNodeModel()
    points = [_roofline_point(label, solver.solve(model, hw, batch_size=batch_size, precision=precision,
                                                  efficiency=efficiency)) for label, model in items]

    hbm = hw.memory.bandwidth.m_as("byte/s")
    if points:
        cap = points[0].cap
    else:  # no workload to solve: the roof the solver would use (peak at the precision x efficiency)
        if not (isinstance(efficiency, (int, float)) and 0 < efficiency <= 1):
            raise ValueError(f"efficiency must be in (0, 1], got {efficiency!r}")
        cap = hw.ridge_point(precision).m_as("flop/byte") * hbm * efficiency
    peak = cap / efficiency  # the datasheet rate at this precision

    # One memory roof per bandwidth the solver charged: the main one first (what fitting workloads
    # use; the HBM when none fits), then spills to the host link (or SRAM/flash on microcontrollers).
    main_bw = next((p.bw for p in points if p.feasible), hbm)
    bandwidths = [main_bw]
    for p in points:
        if not any(_same(p.bw, bw) for bw in bandwidths):
            bandwidths.append(p.bw)
    ridges = [cap / bw for bw in bandwidths]
    datasheet_ridge = peak / main_bw

    xs = [p.intensity for p in points] + ridges + [datasheet_ridge]
    x_lo, x_hi = _decade_floor(min(xs) / 3), _decade_ceil(max(xs) * 3)
    ys = [p.attained for p in points] + [cap / 1e3]
    y_lo, y_hi = _decade_floor(min(ys) / 2), peak * 4

    fig, ax = _figure(ax, figsize=(9, 7.5))
    from matplotlib import ticker

    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)

    # The datasheet roofline (efficiency 1), faint: the solver derates compute only.
    if efficiency < 1:
        ax.plot([ridges[0], datasheet_ridge, x_hi], [cap, peak, peak],
                color="0.55", linestyle=":", linewidth=1.3, gid="datasheet-peak",
                label=f"datasheet {precision} peak: {_si(peak, 'FLOP/s')} (ridge {_num(datasheet_ridge)} FLOP/B)")
        ax.plot([datasheet_ridge], [peak], marker="|", markersize=10, color="0.55", linestyle="none")

    placer = _LabelPlacer(ax, fig, (x_lo, x_hi), (y_lo, y_hi))
    for i, (bw, ridge) in enumerate(zip(bandwidths, ridges)):
        kind = _bandwidth_kind(hw, bw, points)
        main = i == 0
        spill = "host link" in kind
        color = "black" if main else "tab:red" if spill else "0.4"
        ax.plot([x_lo, ridge], [x_lo * bw, cap], color=color, linestyle="-" if main else "--",
                linewidth=2.2 if main else 1.6,
                gid="memory-roof" if main else "memory-roof:spill" if spill else "memory-roof:other",
                label=f"{kind} roof: {_si(bw, 'B/s')} × intensity" + ("" if main else f" (ridge {_num(ridge)} FLOP/B)"))
        ax.plot([ridge, ridge], [y_lo, cap], color="0.35" if main else color, linestyle=(0, (2, 3)),
                linewidth=1.1, gid="ridge",
                label=f"ridge point: {_num(ridge)} FLOP/B (left: Memory-bound, right: Compute-bound)" if main else None)
        ax.plot([ridge], [cap], marker="D", markersize=6, color=color, linestyle="none", zorder=4)
        if main:  # under the compute roof, left of the ridge
            text = f"ridge {_num(ridge)} FLOP/B"
            ax.annotate(text, xy=(ridge, cap), xytext=(-6, -8), textcoords="offset points", ha="right", va="top",
                        fontsize=9, color="0.15", gid="ridge-label")
            placer.reserve_text(ridge, cap, -6, -8, "right", "top", text, 9)
        else:  # along its line, from the bottom
            ax.annotate(f"ridge {_num(ridge)} FLOP/B ({kind.replace(' (does not fit: spills)', '')})",
                        xy=(ridge, y_lo), xytext=(4, 6),
                        textcoords="offset points", ha="left", va="bottom", rotation=90, fontsize=8.5,
                        color=color, gid="ridge-label")
            placer.reserve_text(ridge, y_lo, 4, 6, "left", "bottom", "x" * 2, 8.5, rotated_chars=32)

    ax.plot([min(ridges), x_hi], [cap, cap], color="black", linewidth=2.2, gid="compute-roof",
            label=f"compute roof: {_si(cap, 'FLOP/s')} ({precision} peak × efficiency {efficiency:g})")

    colors = ["tab:blue", "tab:orange", "tab:green", "tab:purple", "tab:brown", "tab:pink", "tab:olive",
              "tab:cyan"]
    ordered = sorted(points, key=lambda q: q.intensity)
    for n, p in enumerate(ordered):
        color = colors[n % len(colors)]
        ax.plot([p.intensity], [p.attained], marker="o", markersize=9, color=color, markeredgecolor="black",
                linestyle="none", zorder=5, gid=f"point:{p.label}")
        placer.reserve_point(p.intensity, p.attained)
        if p.roof > p.attained * 1.05:  # overhead keeps it below the roof: show where the roof is
            ax.plot([p.intensity, p.intensity], [p.attained, p.roof], color=color, linestyle=":", linewidth=1.2,
                    zorder=3)
            ax.plot([p.intensity], [p.roof], marker="o", markersize=7, markerfacecolor="none",
                    markeredgecolor=color, linestyle="none", zorder=5, gid=f"roof-bound:{p.label}")
    for n, p in enumerate(ordered):
        color = colors[n % len(colors)]
        lines = [p.label, f"{p.bottleneck}-bound, {_num(p.intensity)} FLOP/B"]
        if not p.feasible:
            lines.append("does not fit: weights spill to the host")
        elif p.overhead_dominated:
            lines.append("overhead > roofline time")
        text = "\n".join(lines)
        dx, dy, ha, va = placer.place(p.intensity, p.attained, text, 9)
        ax.annotate(text, xy=(p.intensity, p.attained), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                    fontsize=9, bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": color},
                    arrowprops={"arrowstyle": "-", "color": color, "linewidth": 0.8, "shrinkA": 0, "shrinkB": 5},
                    zorder=7, gid=f"label:{p.label}")
    if any(p.roof > p.attained * 1.05 for p in points):
        ax.plot([], [], marker="o", markerfacecolor="none", markeredgecolor="0.3", linestyle=":", color="0.3",
                label="roof without overhead (filled: the solver's latency)")

    ax.set_xlabel("Arithmetic intensity (FLOP/byte)")
    ax.set_ylabel("Attained performance (FLOP/s)")
    _plain_log_ticks(ax.xaxis)
    ax.yaxis.set_major_formatter(ticker.EngFormatter(unit="FLOP/s", places=0))
    ax.grid(True, which="major", alpha=0.3)
    ax.set_title(f"Roofline: {hw.name} ({precision}, batch {batch_size}, efficiency {efficiency:g})")
    # Below the axes: inside, it would hide a roof or a point on some hardware.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.11), ncol=1, fontsize=8.5, frameon=False)
    return fig, ax, points, ridges[0]


def plot_roofline(hardware, workloads=(), batch_size=1, precision="fp16", ax=None, efficiency=0.5):
    """Log-log roofline of one accelerator, with workloads placed on it by SingleNodeModel.

    Draws the memory roof (slope = the memory bandwidth the solver charges), the compute roof (the
    peak FLOP/s at ``precision`` x ``efficiency``, which is what the solver divides by) and their
    ridge point, labelled in FLOP/byte; faintly, the datasheet peak (efficiency 1). Each workload
    sits at the solver's arithmetic intensity and its attained FLOP/s (the batch's FLOPs over the
    solver's latency, overhead included; a hollow marker shows the roof without overhead), labelled
    with its name and the solver's bottleneck: a point left of the ridge is Memory-bound, right of
    it Compute-bound. A workload that does not fit gets its own (dashed) host-link roof and ridge.

    ``hardware``: a HardwareNode or its registry name. ``workloads``: models (or names), or
    ``(label, model)`` pairs. Returns ``(fig, ax)``.
    """
    fig, ax, _, _ = _roofline(hardware, workloads, batch_size, precision, ax, efficiency)
    return fig, ax


# ------------------------------------------------------------------ sweeps

def _twin(ax):
    """A right-hand y axis, drawn under ``ax`` so that ax's legend stays on top of both."""
    right = ax.twinx()
    ax.set_zorder(right.get_zorder() + 1)
    ax.patch.set_visible(False)
    return right


def _twin_legend(ax, twin):
    handles, labels = ax.get_legend_handles_labels()
    more_handles, more_labels = twin.get_legend_handles_labels()
    # Below the axes: "best" inside would only avoid the left axis's lines.
    ax.legend(handles + more_handles, labels + more_labels, loc="upper center", bbox_to_anchor=(0.5, -0.12),
              ncol=2, fontsize=9, frameon=False)


def _mark_infeasible(ax, xs, ys, feasible, label):
    bad = [(x, y) for x, y, ok in zip(xs, ys, feasible) if not ok]
    if bad:
        ax.plot([x for x, _ in bad], [y for _, y in bad], label=label, gid="infeasible", **_INFEASIBLE_STYLE)


def plot_batch_sweep(model, hardware, batch_sizes, precision="fp16", ax=None):
    """Latency (ms, left axis) and throughput (samples/s, right axis) of SingleNodeModel against
    batch size, at efficiency 0.5. Batches that do not fit in memory are marked with a red X.
    The right axis is ``ax.right_ax``. Returns ``(fig, ax)``."""
    _matplotlib()
    from ..solvers import SingleNodeModel

    m, hw = _entry(model, "model"), _entry(hardware, "hardware")
    batches = _check_xs(batch_sizes, "batch_sizes")
    solver = SingleNodeModel()
    profiles = [solver.solve(m, hw, batch_size=b, precision=precision) for b in batches]
    latency = [p.latency.m_as("ms") for p in profiles]
    throughput = [p.throughput.m_as("1/s") for p in profiles]
    feasible = [bool(p.feasible) for p in profiles]

    fig, ax = _figure(ax)
    twin = _twin(ax)
    ax.plot(batches, latency, marker="o", color="tab:blue", gid="latency", label="latency (ms)")
    twin.plot(batches, throughput, marker="s", color="tab:orange", gid="throughput", label="throughput (samples/s)")
    _mark_infeasible(ax, batches, latency, feasible, "does not fit in memory (weights spill)")
    # Where the bottleneck changes, a faint line and the new regime.
    for prev, cur, b in zip(profiles, profiles[1:], batches[1:]):
        if _bottleneck_name(prev.bottleneck) != _bottleneck_name(cur.bottleneck):
            ax.axvline(b, color="0.6", linestyle=":", linewidth=1)
            ax.annotate(f"{_bottleneck_name(cur.bottleneck)}-bound from here", xy=(b, 1),
                        xycoords=("data", "axes fraction"), xytext=(4, -4), textcoords="offset points",
                        ha="left", va="top", fontsize=8.5, color="0.35")
    _sweep_x_axis(ax, batches, "Batch size (samples)")
    ax.set_ylabel("Latency per batch (ms)", color="tab:blue")
    twin.set_ylabel("Throughput (samples/s)", color="tab:orange")
    ax.set_ylim(bottom=0)
    twin.set_ylim(bottom=0)
    ax.grid(True, alpha=0.3)
    ax.set_title(f"{m.name} on {hw.name}: batch sweep ({precision})")
    _twin_legend(ax, twin)
    ax.right_ax = twin
    return fig, ax


def plot_context_sweep(model, hardware, seq_lens, batch_size=1, precision="fp16", ax=None):
    """Time to first token and inter-token latency (both ms) of ServingModel against context length
    (tokens), on one axis (log scale when they differ by more than 50x). Contexts whose weights and
    KV cache do not fit are marked with a red X. Returns ``(fig, ax)``."""
    _matplotlib()
    from ..solvers import ServingModel

    m, hw = _entry(model, "model"), _entry(hardware, "hardware")
    contexts = _check_xs(seq_lens, "seq_lens")
    solver = ServingModel()
    results = [solver.solve(m, hw, seq_len=s, batch_size=batch_size, precision=precision) for s in contexts]
    ttft = [r.ttft.m_as("ms") for r in results]
    itl = [r.itl.m_as("ms") for r in results]
    feasible = [bool(r.feasible) for r in results]

    fig, ax = _figure(ax)
    ax.plot(contexts, ttft, marker="o", color="tab:blue", gid="ttft", label="TTFT: time to first token (ms)")
    ax.plot(contexts, itl, marker="s", color="tab:orange", gid="itl", label="ITL: inter-token latency (ms)")
    _mark_infeasible(ax, contexts + contexts, ttft + itl, feasible + feasible,
                     "does not fit (weights + KV cache > memory)")
    values = [v for v in ttft + itl if v > 0]
    if values and max(values) / min(values) > 50:
        ax.set_yscale("log")
        _plain_log_ticks(ax.yaxis)
    else:
        ax.set_ylim(bottom=0)
    _sweep_x_axis(ax, contexts, "Context length (tokens)")
    ax.set_ylabel("Latency (ms)")
    ax.grid(True, alpha=0.3)
    ax.set_title(f"{m.name} on {hw.name}: context sweep (batch {batch_size}, {precision})")
    ax.legend(loc="best", fontsize=9, framealpha=0.92)
    return fig, ax


# ------------------------------------------------------------------ scaling over a fleet

def _fleets(hw, gpu_counts: Sequence[int], gpus_per_node: int, fabric) -> List[Any]:
    """A fleet per GPU count: nodes of ``gpus_per_node`` (one smaller node below that) of ``hw`` on
    ``fabric``, built on their own (the registry is left as it was)."""
    from .. import registry
    from ..systems import Fleet, Node

    if isinstance(gpus_per_node, bool) or not isinstance(gpus_per_node, int) or gpus_per_node < 1:
        raise ValueError(f"gpus_per_node must be a whole number >= 1, got {gpus_per_node!r}")
    # Scale-up bandwidth inside a node: a registry node with this accelerator, else its NVLink,
    # else its host link, else the fabric.
    template = next((n for n in registry.Systems.Nodes if n.accelerator.path == hw.path), None)
    if template is not None:
        intra = template.intra_node_bw
    elif hw.nvlink is not None:
        intra = hw.nvlink.bandwidth_per_direction
    elif hw.interconnect is not None:
        intra = hw.interconnect.bandwidth_per_direction
    else:
        intra = fabric.bandwidth
    nodes, fleets = {}, []
    for n in gpu_counts:
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"gpu_counts: each must be a whole number >= 1, got {n!r}")
        per_node = min(n, gpus_per_node)
        if n % per_node:
            raise ValueError(f"gpu_counts: {n} GPUs is not a whole number of {gpus_per_node}-GPU nodes "
                             "(give a multiple of gpus_per_node, or at most one node)")
        if per_node not in nodes:
            nodes[per_node] = Node(name=f"{per_node}x {hw.name} node", accelerator=hw,
                                   accelerators_per_node=per_node, intra_node_bw=intra, nics_per_node=per_node)
        fleets.append(Fleet(name=f"{n}x {hw.name} in {per_node}-GPU nodes on {fabric.name}", node=nodes[per_node],
                            count=n // per_node, fabric=fabric))
    return fleets


def plot_scaling(model, gpu_counts, hardware="H100", batch_size=None, precision="fp16", efficiency=0.5,
                 seq_len=2048, gpus_per_node=8, fabric="InfiniBand_NDR", ax=None, **solve_options):
    """Training step time (ms, left axis) and scaling efficiency (right axis) of DistributedModel
    against the number of GPUs.

    Each count is a fleet of ``hardware`` in nodes of ``gpus_per_node`` (one smaller node below
    that; a count above must be a multiple) on ``fabric``. ``batch_size`` is the global batch, fixed
    across counts (strong scaling; it must be a multiple of every data-parallel degree); ``None``
    is the solver's default, one sample per replica (weak scaling). ``solve_options`` go to
    ``DistributedModel.solve`` (tp_size, pp_size, zero_stage, overlap_comm, ...). Scaling
    efficiency is the solver's (replica step / cluster step). The right axis is ``ax.right_ax``.
    Returns ``(fig, ax)``.
    """
    _matplotlib()
    from ..solvers import DistributedModel

    m, hw, fab = _entry(model, "model"), _entry(hardware, "hardware"), _entry(fabric, "fabric")
    counts = _check_xs(gpu_counts, "gpu_counts")
    fleets = _fleets(hw, counts, gpus_per_node, fab)
    solver = DistributedModel()
    results = [solver.solve(m, fleet, batch_size=batch_size, precision=precision, efficiency=efficiency,
                            seq_len=seq_len, **solve_options) for fleet in fleets]
    step = [r.step_latency_total.m_as("ms") for r in results]
    scaling = [float(r.scaling_efficiency) for r in results]
    feasible = [bool(r.node_profile.feasible) for r in results]

    fig, ax = _figure(ax)
    from matplotlib import ticker
    twin = _twin(ax)
    ax.plot(counts, step, marker="o", color="tab:blue", gid="step-time", label="training step time (ms)")
    twin.plot(counts, scaling, marker="s", color="tab:green", gid="scaling-efficiency",
              label="scaling efficiency (replica step / cluster step)")
    _mark_infeasible(ax, counts, step, feasible, "a replica's training state does not fit")
    _sweep_x_axis(ax, counts, "Number of GPUs")
    ax.set_ylabel("Training step time (ms)", color="tab:blue")
    twin.set_ylabel("Scaling efficiency", color="tab:green")
    twin.yaxis.set_major_formatter(ticker.PercentFormatter(xmax=1.0))
    twin.set_ylim(0, max(1.05, max(scaling) * 1.05))
    positive = [t for t in step if t > 0]
    if positive and max(positive) / min(positive) > 30:  # strong scaling over decades of GPUs
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}"))
    else:
        ax.set_ylim(bottom=0)
    ax.grid(True, alpha=0.3)
    batch = "one sample per replica" if batch_size is None else f"global batch {batch_size}"
    ax.set_title(f"{m.name} training on {hw.name} x N ({fab.name}; {batch}, {precision})")
    _twin_legend(ax, twin)
    ax.right_ax = twin
    return fig, ax


# ------------------------------------------------------------------ anything else

def plot_series(x, series: Dict[str, Sequence[float]], xlabel, ylabel, title=None, logx=False, logy=False, ax=None):
    """One line per ``series`` entry (label -> y values, one per x) against ``x``, for a sweep you
    computed yourself. Put the unit in the labels: ``ylabel="Latency (ms)"``. Returns ``(fig, ax)``."""
    _matplotlib()
    xs = list(x)
    if not isinstance(series, dict) or not series:
        raise ValueError("series must be a non-empty dict of label -> list of y values")
    for label, ys in series.items():
        if len(list(ys)) != len(xs):
            raise ValueError(f"series {label!r} has {len(list(ys))} values for {len(xs)} x values")
    fig, ax = _figure(ax)
    markers = "osD^vP*X"
    for i, (label, ys) in enumerate(series.items()):
        ax.plot(xs, list(ys), marker=markers[i % len(markers)], gid=str(label), label=str(label))
    if logx:
        ax.set_xscale("log")
        _plain_log_ticks(ax.xaxis)
    if logy:
        ax.set_yscale("log")
        _plain_log_ticks(ax.yaxis)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.grid(True, alpha=0.3)
    if len(series) > 1 or any(str(label) for label in series):
        ax.legend(loc="best", fontsize=9, framealpha=0.92)
    return fig, ax
