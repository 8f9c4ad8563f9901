"""The converter from Python: ``onyx.convert(...)`` and ``python3 -m onyx.convert``.

    import onyx
    onyx_bytes = onyx.convert("model.onnx", input_shapes={"x": [1, 3, 224, 224]})
    onyx.convert(model_proto, output="model.onyx")

    python3 -m onyx.convert model.onnx -o model.onyx [--input-shape NAME:D0,D1,...]...
                            [--optimize LEVEL] [--quiet]

The command line takes the options of ``onyx-convert`` and prints the same
summary. ``onyx.convert`` is this module, callable as the function
``convert``: ``onyx.convert(...)`` and ``onyx.convert.convert(...)`` are the
same call.
"""

import argparse
import os
import sys
import types
import warnings

from onyx import _onnx_proto, _onyx
from onyx._errors import InvalidArgument, OnyxError
from onyx.options import GraphOptimizationLevel, _as_enum
from onyx.session import _binding_takes, _convert_bytes, _model_bytes

__all__ = ["convert", "convert_with_summary", "main", "parse_input_shape", "parse_optimization_level"]

# --optimize LEVEL: ONNX Runtime's GraphOptimizationLevel by value, member
# name, or short name.
_LEVEL_NAMES = {
    "disable_all": GraphOptimizationLevel.ORT_DISABLE_ALL, "disable": GraphOptimizationLevel.ORT_DISABLE_ALL,
    "none": GraphOptimizationLevel.ORT_DISABLE_ALL,
    "basic": GraphOptimizationLevel.ORT_ENABLE_BASIC, "extended": GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
    "layout": GraphOptimizationLevel.ORT_ENABLE_LAYOUT, "all": GraphOptimizationLevel.ORT_ENABLE_ALL,
}


def parse_optimization_level(level):
    """A GraphOptimizationLevel from one, its value (0, 1, 2, 3, 99), its
    name (ORT_ENABLE_ALL) or a short name (disable, basic, extended, layout, all)."""
    if isinstance(level, str):
        text = level.strip()
        if text.lstrip("-").isdigit():
            level = int(text)
        elif text.lower() in _LEVEL_NAMES:
            return _LEVEL_NAMES[text.lower()]
        elif text.upper() in GraphOptimizationLevel.__members__:
            return GraphOptimizationLevel[text.upper()]
        else:
            raise InvalidArgument("--optimize '%s' is not an optimization level (expected one of %s, or %s)"
                                  % (level, ", ".join(_LEVEL_NAMES),
                                     ", ".join(str(int(v)) for v in GraphOptimizationLevel)))
    try:
        return _as_enum("convert", "optimization_level", GraphOptimizationLevel, level)
    except TypeError as e:
        raise InvalidArgument(str(e)) from None


def optimization_levels_supported():
    """Whether this build's converter takes an optimization level."""
    return _binding_takes(_onyx.convert, "optimization_level")


def parse_input_shape(spec):
    """"NAME:D0,D1,..." -> (NAME, [D0, D1, ...]), as onyx-convert --input-shape
    reads it ("NAME:" is a scalar)."""
    colon = spec.rfind(":")
    if colon <= 0:
        raise InvalidArgument("--input-shape '%s' is not NAME:D0,D1,..." % spec)
    dims = []
    rest = spec[colon + 1:]
    for item in rest.split(",") if rest else []:
        if not item.isdigit():
            raise InvalidArgument("--input-shape '%s': '%s' is not a non-negative integer" % (spec, item))
        dims.append(int(item))
    return spec[:colon], dims


def _input_shapes(input_shapes):
    """(first profile {name: dims}, [further profiles]) from {name: dims},
    {name: [dims, dims, ...]} or a list of "NAME:D0,D1,..." specs. As with
    onyx-convert, the k-th shape given for a name belongs to profile k, and a
    name given once applies to every profile."""
    if input_shapes is None:
        return {}, []
    if isinstance(input_shapes, str):
        input_shapes = [input_shapes]
    pairs = []
    if isinstance(input_shapes, dict):
        for name, value in input_shapes.items():
            value = list(value)
            if value and isinstance(value[0], (list, tuple)):
                pairs += [(str(name), [int(d) for d in dims]) for dims in value]
            else:
                pairs.append((str(name), [int(d) for d in value]))
    else:
        pairs = [parse_input_shape(spec) for spec in input_shapes]
    first, extra = {}, []
    for name, dims in pairs:
        if name not in first:
            first[name] = dims
            continue
        k = 0
        while k < len(extra) and name in extra[k]:
            k += 1
        if k == len(extra):
            extra.append({})
        extra[k][name] = dims
    return first, extra


def convert_with_summary(model_or_path, output=None, input_shapes=None, optimization_level=None,
                         free_dimension_overrides=None):
    """As ``convert``, returning ``(onyx_bytes, summary)``; the summary is the
    dict onyx-convert prints (num_nodes, op_counts, weight_bytes, planned,
    plan_note, arena_bytes, naive_bytes)."""
    data, base_dir = _model_bytes(model_or_path)
    if free_dimension_overrides:
        overrides = {str(k): int(v) for k, v in free_dimension_overrides.items()}
        data, _ = _onnx_proto.override_free_dims(data, overrides, {})
    level = None if optimization_level is None else parse_optimization_level(optimization_level)
    if level is not None and not optimization_levels_supported():
        warnings.warn("this build of onyx's converter takes no optimization level: optimization_level=%s ignored"
                      % level)
    first, extra = _input_shapes(input_shapes)
    onyx_bytes, summary = _convert_bytes(data, base_dir, first, level, extra)
    if output is not None:
        with open(os.fspath(output), "wb") as f:
            f.write(onyx_bytes)
    return onyx_bytes, summary


def convert(model_or_path, output=None, input_shapes=None, optimization_level=None, free_dimension_overrides=None):
    """Converts an ONNX model to the .onyx format and returns the .onyx bytes.

    model_or_path: an onnx.ModelProto, serialized ONNX bytes, or a path (external
        data is read relative to the model's folder).
    output: a path to write the .onyx file to as well (optional).
    input_shapes: {input name: [dims]} (or ["NAME:D0,D1", ...]) fixing inputs'
        shapes, as onyx-convert --input-shape does; {name: [[dims], [dims]]}
        (or a name repeated in the list) gives shape profiles: one plan each,
        inputs kept symbolic.
    optimization_level: a GraphOptimizationLevel, its value or name, as
        onyx-convert --optimize takes it (None: the converter's default).
    free_dimension_overrides: {dim_param: size} fixing every symbolic
        dimension of that name, as SessionOptions.add_free_dimension_override_by_name.

    Errors raise onyx's exception classes (NoSuchFile, InvalidProtobuf,
    InvalidArgument, NotImplemented for unsupported operators, ...)."""
    return convert_with_summary(model_or_path, output, input_shapes, optimization_level,
                                free_dimension_overrides)[0]


def _human_bytes(n):
    if n >= 1 << 20:
        return "%.2f MiB" % (n / 1048576.0)
    if n >= 1024:
        return "%.1f KiB" % (n / 1024.0)
    return "%d B" % n


def format_summary(input_path, output_path, summary, file_bytes):
    """The summary onyx-convert prints, word for word."""
    ops = ", ".join("%s %d" % (op, count) for op, count in summary["op_counts"])
    lines = ["%s -> %s (%s)" % (input_path, output_path, _human_bytes(file_bytes)),
             "  nodes:   %d (%s)" % (summary["num_nodes"], ops)]
    if summary.get("rewrites"):
        lines.append("  passes:  %d -> %d nodes (%s)" % (
            summary["imported_nodes"], summary["num_nodes"],
            ", ".join("%s %d" % (name, count) for name, count in summary["rewrites"])))
    if summary.get("provider_counts"):
        lines.append("  providers:" + ",".join(" %s %d" % (name, count) for name, count in summary["provider_counts"]))
    lines.append("  weights: %s" % _human_bytes(summary["weight_bytes"]))
    if summary["planned"]:
        naive = summary["naive_bytes"]
        saved = 100.0 * (1.0 - summary["arena_bytes"] / naive) if naive else 0.0
        lines.append("  arena:   %s (naive sum of intermediates %s, %.0f%% saved)"
                     % (_human_bytes(summary["arena_bytes"]), _human_bytes(naive), saved))
        if "lower_bound_bytes" in summary:
            lines.append("  bound:   %s (lower bound: the most bytes alive at one step)"
                         % _human_bytes(summary["lower_bound_bytes"]))
    for shapes, arena in summary.get("profiles", []):
        lines.append("  profile: %s: arena %s" % (shapes, _human_bytes(arena)))
    if summary["plan_note"]:
        lines.append("  note:    %s" % summary["plan_note"])
    return "\n".join(lines)


def _parser():
    parser = argparse.ArgumentParser(
        prog="python3 -m onyx.convert",
        description="Converts an ONNX model to an .onyx file whose memory is planned ahead of time "
                    "(the options of onyx-convert).")
    parser.add_argument("model", metavar="MODEL.onnx")
    parser.add_argument("-o", "--output", metavar="PATH", required=True, help="where to write the .onyx file")
    parser.add_argument("--input-shape", metavar="NAME:DIMS", action="append", default=[],
                        help="fix the shape of input NAME (replaces symbolic dims); repeat for several inputs")
    parser.add_argument("--optimize", metavar="LEVEL",
                        help="optimization level: disable, basic, extended, layout, all "
                             "(or ONNX Runtime's 0, 1, 2, 3, 99)")
    parser.add_argument("--quiet", action="store_true", help="print nothing on success")
    return parser


def main(argv=None):
    """The command line; returns the exit status (0 done, 1 conversion failed, 2 bad usage)."""
    args = _parser().parse_args(argv)
    prog = "onyx.convert"
    try:
        _input_shapes(args.input_shape)  # Checks the specs before anything runs.
        shapes = args.input_shape
        level = None if args.optimize is None else parse_optimization_level(args.optimize)
    except InvalidArgument as e:
        print("%s: %s" % (prog, e.message), file=sys.stderr)
        return 2
    if level is not None and not optimization_levels_supported():
        if not args.quiet:
            print("%s: note: this build's converter takes no optimization level; --optimize %s ignored"
                  % (prog, args.optimize), file=sys.stderr)
        level = None
    try:
        onyx_bytes, summary = convert_with_summary(args.model, input_shapes=shapes, optimization_level=level)
    except (OnyxError, TypeError) as e:
        print("%s: error: %s: %s" % (prog, args.model, getattr(e, "message", e)), file=sys.stderr)
        return 1
    try:
        with open(args.output, "wb") as f:
            f.write(onyx_bytes)
    except OSError as e:
        print("%s: error: cannot write '%s': %s" % (prog, args.output, e.strerror or e), file=sys.stderr)
        return 1
    if not args.quiet:
        print(format_summary(args.model, args.output, summary, len(onyx_bytes)))
    return 0


class _CallableModule(types.ModuleType):
    """Lets ``onyx.convert(...)`` call ``convert`` while ``onyx.convert`` stays
    this module (which ``python3 -m onyx.convert`` needs)."""

    def __call__(self, *args, **kwargs):
        return convert(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
