"""``python -m mlsysim.viz roofline MODEL HARDWARE [-b N] [--precision P] -o FILE.svg|png``.

MODEL and HARDWARE are registry names as the CLI takes them (``Llama3_8B``, ``H100``; several
models separated by commas). Every error is one line on stderr and exit 1. ``mlsysim plot
roofline`` (the C++ CLI) runs this.
"""

from __future__ import annotations

import argparse
import sys
import warnings

ACCEPTED_EXTENSIONS = (".svg", ".png")


class _Parser(argparse.ArgumentParser):
    """argparse with the CLI's error style: one line, exit 1."""

    def error(self, message):
        self.exit(1, f"error: {message} (see '{self.prog} --help')\n")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {text!r}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m mlsysim.viz", description="Plots of MLSys·im's solvers (matplotlib).")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    roofline = commands.add_parser(
        "roofline", help="the roofline of one accelerator with models placed on it (SingleNodeModel)",
        description="The roofline of HARDWARE: memory and compute roofs, the ridge point (FLOP/byte), and each "
                    "MODEL at its arithmetic intensity and attained FLOP/s, labelled Memory- or Compute-bound "
                    "as SingleNodeModel decides.")
    roofline.add_argument("model", metavar="MODEL", help="model name(s), comma-separated (see 'mlsysim zoo models')")
    roofline.add_argument("hardware", metavar="HARDWARE", help="accelerator name (see 'mlsysim zoo hardware')")
    roofline.add_argument("-b", "--batch-size", type=_positive_int, default=1, metavar="N",
                          help="samples per step (default 1)")
    roofline.add_argument("--precision", default="fp16", metavar="P",
                          help="fp32, tf32, bf16, fp16, fp8, int8, int4 or fp4 (default fp16)")
    roofline.add_argument("-e", "--efficiency", type=float, default=0.5, metavar="E",
                          help="achieved fraction of peak compute, in (0, 1] (default 0.5)")
    roofline.add_argument("--registry", action="append", default=[], metavar="FILE",
                          help="extra registry entries from a YAML/JSON file (repeatable)")
    roofline.add_argument("-o", "--output", required=True, metavar="FILE", help="the plot: a .svg or .png file")
    return parser


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


def _roofline(args) -> int:
    if not args.output.lower().endswith(ACCEPTED_EXTENSIONS):
        return _fail(f"-o: the plot file must end in .svg or .png, got {args.output!r}")
    try:
        import matplotlib
    except ImportError:
        from . import MATPLOTLIB_MISSING
        return _fail(MATPLOTLIB_MISSING)
    matplotlib.use("Agg")  # a file, never a window

    import mlsysim

    from . import _entry, _roofline

    for path in args.registry:
        mlsysim.load_registry(path)
    names = [name.strip() for name in args.model.split(",")]
    if any(not name for name in names):
        return _fail(f"model: an empty item in the list {args.model!r}")
    try:
        hardware = _entry(args.hardware, "hardware")
        models = [_entry(name, "model") for name in names]
    except ValueError as e:  # "unknown model 'X'; did you mean 'Y'?"
        return _fail(f"{e} (run 'mlsysim zoo' to list the registry)")
    fig, _, points, ridge = _roofline(hardware, [(m.name, m) for m in models], batch_size=args.batch_size,
                                      precision=args.precision, efficiency=args.efficiency)
    png = args.output.lower().endswith(".png")
    try:
        fig.savefig(args.output, dpi=150 if png else None)
    except OSError as e:
        return _fail(f"cannot write {args.output!r}: {e.strerror or e}")
    print(f"wrote {args.output}: roofline of {hardware.name} ({args.precision}, batch {args.batch_size}), "
          f"ridge {ridge:.4g} FLOP/B")
    for p in points:
        print(f"  {p.label}: {p.intensity:.4g} FLOP/B, {p.bottleneck}-bound")
    return 0


def _one_line(e: BaseException) -> str:
    text = " ".join(str(e).split())
    return text or type(e).__name__


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    # A solver's warning (a precision without a listed rate) as one line too.
    warnings.showwarning = lambda message, *_, **__: print(f"warning: {message}", file=sys.stderr)
    try:
        return _roofline(args)
    except ImportError as e:  # MatplotlibMissingError, or a broken install
        return _fail(_one_line(e))
    except (ValueError, TypeError, KeyError, OSError) as e:  # bad values: the solvers' own messages
        return _fail(_one_line(e))
    except Exception as e:  # never a traceback
        return _fail(f"{type(e).__name__}: {_one_line(e)}")


if __name__ == "__main__":
    sys.exit(main())
