"""``onyx.validate``: the check to run before shipping a converted model.

    import onyx
    result = onyx.validate("model.onnx")                  # random inputs, seed 0
    print(result)                                          # a table, one row per output
    assert result.ok, result

    python3 -m onyx.validate model.onnx [--providers P1,P2] [--optimize LEVEL]
                             [--input-shape NAME:D0,...]... [--dim NAME=SIZE]... [--seed N]

It converts the model twice: with optimization disabled and run on the
reference kernels (CPUExecutionProvider), which is the original model's
meaning, and with the requested optimization level run on the requested
providers, which is what ships. Both run on the same inputs (given, or random
from the declared shapes and dtypes with a seed; symbolic dimensions are 1
unless ``free_dimension_overrides`` or ``input_shapes`` say otherwise), and
each output's largest absolute and relative errors are reported.

``onyx.validate`` is this module, callable as the function ``validate``.
"""

import argparse
import sys
import types

import numpy as np

from onyx import _onnx_proto
from onyx._errors import InvalidArgument, OnyxError
from onyx.options import GraphOptimizationLevel
from onyx.session import InferenceSession, _convert_bytes, _is_onyx, _model_bytes, numpy_dtype

__all__ = ["validate", "ValidationResult", "OutputError", "random_inputs", "main"]

# The relative error's denominator is max(|reference|, _REL_FLOOR), so that an
# exact zero in the reference does not make every tiny difference infinite.
_REL_FLOOR = 1e-9

def _numpy_dtype(type_string, name):
    """np.dtype for "tensor(float)" and the like."""
    dtype = numpy_dtype(type_string) if type_string.startswith("tensor(") else None
    if dtype is None:
        raise InvalidArgument("input '%s' is a %s: random inputs are made for tensors of numeric, bool or string "
                              "types only; pass it in `inputs`" % (name, type_string))
    return dtype


def random_inputs(node_args, seed=0, free_dimension_overrides=None, input_shapes=None):
    """{name: array} for `node_args` (a session's get_inputs()): normal floats,
    integers in [0, 4), random bools and short strings, drawn with `seed`.
    A symbolic dimension takes its size from `free_dimension_overrides`
    ({dim name: size}), else 1; `input_shapes` ({name: dims}) sets whole shapes."""
    rng = np.random.default_rng(seed)
    overrides = dict(free_dimension_overrides or {})
    shapes = dict(input_shapes or {})
    feed = {}
    for arg in node_args:
        dtype = _numpy_dtype(arg.type, arg.name)
        if arg.name in shapes:
            shape = [int(d) for d in shapes[arg.name]]
        else:
            shape = [d if isinstance(d, int) else int(overrides.get(d, 1)) for d in arg.shape]
        if dtype.kind == "f" or dtype.name == "bfloat16" or dtype.name.startswith("float"):
            value = rng.standard_normal(shape).astype(np.float32).astype(dtype)
        elif dtype.kind in "iu":
            value = rng.integers(0, 4, size=shape).astype(dtype)
        elif dtype.kind == "b":
            value = rng.random(shape) < 0.5
        elif dtype.kind == "O":
            value = np.array(["w%d" % v for v in rng.integers(0, 4, size=int(np.prod(shape)))],
                             dtype=object).reshape(shape)
        else:
            raise InvalidArgument("input '%s' is a %s: no random values for it; pass `inputs`" % (arg.name, arg.type))
        feed[arg.name] = value
    return feed


class OutputError:
    """How one output of the converted model differs from the reference.

    name, dtype, shape: the reference output's; max_abs, max_rel: the largest
    absolute and relative error (``inf`` when the shapes, dtypes or NaN
    positions differ); worst_index: where max_abs is; ok: whether every
    element is within ``atol + rtol * |reference|``; note: why not, when
    that is not a matter of numbers."""

    def __init__(self, name, dtype, shape, max_abs, max_rel, ok, worst_index=None, note=""):
        self.name, self.dtype, self.shape = name, dtype, shape
        self.max_abs, self.max_rel, self.ok = float(max_abs), float(max_rel), bool(ok)
        self.worst_index, self.note = worst_index, note

    def __repr__(self):
        return "OutputError(name=%r, max_abs=%g, max_rel=%g, ok=%s)" % (self.name, self.max_abs, self.max_rel, self.ok)


def _compare_arrays(ref, got, rtol, atol):
    """(max_abs, max_rel, ok, worst_index, note) of `got` against `ref`."""
    ref, got = np.asarray(ref), np.asarray(got)
    if ref.shape != got.shape:
        return np.inf, np.inf, False, None, "shape %s, expected %s" % (list(got.shape), list(ref.shape))
    if ref.dtype != got.dtype:
        return np.inf, np.inf, False, None, "dtype %s, expected %s" % (got.dtype, ref.dtype)
    if ref.size == 0:
        return 0.0, 0.0, True, None, ""
    if ref.dtype.kind in "OSU":
        differ = np.array([a != b for a, b in zip(ref.ravel(), got.ravel())]).reshape(ref.shape)
        if not differ.any():
            return 0.0, 0.0, True, None, ""
        return np.inf, np.inf, False, tuple(int(i) for i in np.argwhere(differ)[0]), "%d strings differ" % differ.sum()
    a, b = ref.astype(np.float64), got.astype(np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        diff = np.abs(b - a)
        same = (a == b) | (np.isnan(a) & np.isnan(b))  # Equal infinities and NaN where NaN is expected.
        diff = np.where(same, 0.0, diff)
        diff = np.where(np.isnan(diff), np.inf, diff)  # NaN on one side only.
        rel = diff / np.maximum(np.abs(np.where(np.isfinite(a), a, 0.0)), _REL_FLOOR)
        within = diff <= atol + rtol * np.abs(np.where(np.isfinite(a), a, 0.0))
    worst = tuple(int(i) for i in np.unravel_index(int(np.argmax(diff)), diff.shape))
    return float(diff.max()), float(rel.max()), bool(within.all()), worst, ""


def _compare(name, ref, got, rtol, atol):
    if ref is None or got is None:
        ok = ref is None and got is None
        return OutputError(name, None, None, 0.0 if ok else np.inf, 0.0 if ok else np.inf, ok,
                           note="" if ok else "one output is None (an empty optional), the other is not")
    if isinstance(ref, list) or isinstance(got, list):  # A sequence: the worst of its tensors.
        if not (isinstance(ref, list) and isinstance(got, list)) or len(ref) != len(got):
            return OutputError(name, "sequence", None, np.inf, np.inf, False,
                               note="sequence of %s items, expected %s" % (
                                   len(got) if isinstance(got, list) else "no", len(ref) if isinstance(ref, list)
                                   else "no"))
        worst = OutputError(name, "sequence", [len(ref)], 0.0, 0.0, True)
        for i, (r, g) in enumerate(zip(ref, got)):
            max_abs, max_rel, ok, index, note = _compare_arrays(r, g, rtol, atol)
            if max_abs >= worst.max_abs:
                worst.max_abs, worst.worst_index = max_abs, (i,) + (index or ())
            worst.max_rel = max(worst.max_rel, max_rel)
            worst.ok &= ok
            worst.note = worst.note or (note and "item %d: %s" % (i, note))
        return worst
    ref = np.asarray(ref)
    max_abs, max_rel, ok, index, note = _compare_arrays(ref, got, rtol, atol)
    return OutputError(name, str(ref.dtype), list(ref.shape), max_abs, max_rel, ok, index, note)


def _fmt(x):
    return "inf" if np.isinf(x) else "0" if x == 0 else "%.3g" % x


class ValidationResult:
    """What ``onyx.validate`` found: ``outputs`` (a list of OutputError, in the
    model's order, also reachable by name with ``result[name]``), ``ok`` (every
    output within tolerance), ``max_abs`` and ``max_rel`` over all outputs, and
    what was compared: ``model``, ``providers``, ``optimization_level``,
    ``reference_level``, ``inputs`` (the feed), ``seed`` (None when the inputs
    were all given), ``rtol``, ``atol`` and ``note``."""

    def __init__(self, model, outputs, providers, optimization_level, reference_level, inputs, seed, rtol, atol,
                 note=""):
        self.model, self.outputs, self.providers = model, outputs, providers
        self.optimization_level, self.reference_level = optimization_level, reference_level
        self.inputs, self.seed, self.rtol, self.atol, self.note = inputs, seed, rtol, atol, note

    @property
    def ok(self):
        return all(o.ok for o in self.outputs)

    @property
    def max_abs(self):
        return max((o.max_abs for o in self.outputs), default=0.0)

    @property
    def max_rel(self):
        return max((o.max_rel for o in self.outputs), default=0.0)

    def __getitem__(self, name):
        for o in self.outputs:
            if o.name == name:
                return o
        raise KeyError(name)

    def __bool__(self):
        return self.ok

    def __repr__(self):
        return "ValidationResult(ok=%s, max_abs=%g, max_rel=%g, outputs=%r)" % (
            self.ok, self.max_abs, self.max_rel, [o.name for o in self.outputs])

    def __str__(self):
        level = getattr(self.optimization_level, "name", self.optimization_level)
        ref_level = getattr(self.reference_level, "name", self.reference_level)
        lines = ["onyx.validate %s: %s on %s against %s on the reference kernels"
                 % (self.model, level, ", ".join(self.providers), ref_level)]
        feed = ", ".join("%s %s%s" % (k, getattr(v, "dtype", "?"), list(np.shape(v))) for k, v in self.inputs.items())
        lines.append("inputs: %s (%s)" % (feed or "none", "random, seed %d" % self.seed if self.seed is not None
                                          else "given"))
        rows = [("output", "dtype", "shape", "max abs err", "max rel err", "ok")]
        for o in self.outputs:
            rows.append((o.name, str(o.dtype), str(o.shape), _fmt(o.max_abs), _fmt(o.max_rel),
                         "yes" if o.ok else "NO" + (" (%s)" % o.note if o.note else "")))
        widths = [max(len(r[i]) for r in rows) for i in range(5)]
        for r in rows:
            lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[5])
        lines.append("%s within rtol=%g, atol=%g" % ("all outputs" if self.ok else "NOT all outputs",
                                                      self.rtol, self.atol))
        if self.note:
            lines.append("note: " + self.note)
        return "\n".join(lines)


def validate(onnx_path, inputs=None, providers=None, optimization_level=GraphOptimizationLevel.ORT_ENABLE_ALL,
             input_shapes=None, free_dimension_overrides=None, seed=0, rtol=1e-3, atol=1e-5):
    """Runs the original model (converted with optimization disabled, on the
    reference kernels) and the converted, optimized one (on `providers`) on the
    same inputs, and returns a ValidationResult with the largest absolute and
    relative error of each output.

    onnx_path: the ONNX model (a path, bytes or onnx.ModelProto).
    inputs: {name: array} for some or all inputs; the others are random.
    providers: the providers of the converted model (None: every one built in).
    optimization_level: the converted model's GraphOptimizationLevel.
    input_shapes: {name: dims} fixing inputs' shapes in both conversions.
    free_dimension_overrides: {dim name: size}, fixed in both conversions
        (and the size of that dimension in random inputs; else 1).
    seed: the seed of the random inputs.
    rtol, atol: an output is ok where |converted - reference| <= atol + rtol * |reference|.
    """
    from onyx import convert as _convert_module

    level = _convert_module.parse_optimization_level(optimization_level)
    reference_level = GraphOptimizationLevel.ORT_DISABLE_ALL
    data, base_dir = _model_bytes(onnx_path)
    if _is_onyx(data):
        raise InvalidArgument("validate compares a converted model with its original: give it the .onnx model, "
                              "not an .onyx one (%s)" % (onnx_path if isinstance(onnx_path, str) else "bytes"))
    overrides = {str(k): int(v) for k, v in (free_dimension_overrides or {}).items()}
    if overrides:
        data, _ = _onnx_proto.override_free_dims(data, overrides, {})
    note = ""
    if not _convert_module.optimization_levels_supported():
        level_arg = reference_arg = None
        note = ("this build's converter takes no optimization level: both conversions are the same, so this "
                "compares the providers only")
    else:
        level_arg, reference_arg = level, reference_level
    reference_bytes, _ = _convert_bytes(data, base_dir, input_shapes, reference_arg)
    converted_bytes, _ = _convert_bytes(data, base_dir, input_shapes, level_arg)
    reference = InferenceSession(reference_bytes, providers=["CPUExecutionProvider"])
    converted = InferenceSession(converted_bytes, providers=providers)
    given = dict(inputs or {})
    unknown = sorted(set(given) - {a.name for a in reference.get_inputs()})
    if unknown:
        raise InvalidArgument("validate: inputs %s are not inputs of the model (its inputs: %s)"
                              % (", ".join("'%s'" % n for n in unknown),
                                 ", ".join("'%s'" % a.name for a in reference.get_inputs())))
    missing = [a for a in reference.get_inputs() if a.name not in given]
    feed = dict(given)
    feed.update(random_inputs(missing, seed, overrides, input_shapes))
    names = [o.name for o in reference.get_outputs()]
    expected = reference.run(names, feed)
    got = converted.run(names, feed)
    outputs = [_compare(n, r, g, rtol, atol) for n, r, g in zip(names, expected, got)]
    model_name = onnx_path if isinstance(onnx_path, str) else type(onnx_path).__name__
    return ValidationResult(str(model_name), outputs, converted.get_providers(), level, reference_level, feed,
                            seed if missing else None, rtol, atol, note)


def _parser():
    parser = argparse.ArgumentParser(
        prog="python3 -m onyx.validate",
        description="Compares a converted, optimized model with the original on the reference kernels.")
    parser.add_argument("model", metavar="MODEL.onnx")
    parser.add_argument("--providers", help="comma-separated providers of the converted model")
    parser.add_argument("--optimize", metavar="LEVEL", default="all", help="optimization level (default: all)")
    parser.add_argument("--input-shape", metavar="NAME:DIMS", action="append", default=[])
    parser.add_argument("--dim", metavar="NAME=SIZE", action="append", default=[],
                        help="size of a symbolic dimension (free dimension override)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rtol", type=float, default=1e-3)
    parser.add_argument("--atol", type=float, default=1e-5)
    return parser


def main(argv=None):
    """The command line: prints the result; exit status 0 when every output is within tolerance."""
    from onyx import convert as _convert_module

    args = _parser().parse_args(argv)
    try:
        shapes = dict(_convert_module.parse_input_shape(s) for s in args.input_shape)
        dims = {}
        for spec in args.dim:
            name, _, size = spec.partition("=")
            if not name or not size.isdigit():
                raise InvalidArgument("--dim '%s' is not NAME=SIZE" % spec)
            dims[name] = int(size)
        result = validate(args.model, providers=args.providers.split(",") if args.providers else None,
                          optimization_level=args.optimize, input_shapes=shapes, free_dimension_overrides=dims,
                          seed=args.seed, rtol=args.rtol, atol=args.atol)
    except (OnyxError, TypeError) as e:
        print("onyx.validate: error: %s" % getattr(e, "message", e), file=sys.stderr)
        return 2
    print(result)
    return 0 if result.ok else 1


class _CallableModule(types.ModuleType):
    """Lets ``onyx.validate(...)`` call ``validate`` while ``onyx.validate``
    stays this module (which ``python3 -m onyx.validate`` needs)."""

    def __call__(self, *args, **kwargs):
        return validate(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
