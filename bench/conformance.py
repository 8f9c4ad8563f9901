#!/usr/bin/env python3
"""ONNX backend conformance of onyx and of onnxruntime, side by side.

Runs every case the onnx wheel ships through onnx.backend.test.BackendTest,
once with onyx.backend and once with a minimal onnxruntime backend, so both
runtimes get the same cases, inputs and judgement (ONNX's own
assert_similar_outputs: the per-case rtol/atol of the node cases, the
BackendTest defaults or data.json values for the data directories):

  node               generated in memory by onnx.backend.test.case.node
  pytorch-converted  data/pytorch-converted/*/model.onnx + test_data_set_*
  pytorch-operator   data/pytorch-operator/...
  simple             data/simple/...
  light              data/real/* entries, which in this onnx point at the
                     small models of data/light (run on deterministic inputs
                     against data/light/*_output_0.pb; nothing downloaded)

Every case runs in this process (no subprocesses); an exception from either
runtime is caught and counts as a failure. For onyx, a failing case whose
operators (or non-tensor inputs/outputs) onyx does not implement yet is
counted as "not implemented"; any other failure is a bug.

    python3 bench/conformance.py                    # table
    python3 bench/conformance.py --list-failures    # + the failing cases
    python3 bench/conformance.py --write bench/RESULTS.md

onnxruntime is used for comparison only; onyx does not depend on it. To
measure a working tree without installing onyx, put a staged copy of the
package first on PYTHONPATH (see tests/python).
"""

import argparse
import datetime
import os
import platform
import re
import shutil
import sys
import tempfile
import time
import unittest
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import results_md  # noqa: E402

KINDS = ("node", "pytorch-converted", "pytorch-operator", "simple", "light")
# BackendTest category (test class "OnnxBackend<category>Test") -> kind.
CATEGORY_KIND = {
    "NodeModel": "node",
    "PyTorchConvertedModel": "pytorch-converted",
    "PyTorchOperatorModel": "pytorch-operator",
    "SimpleModel": "simple",
    "RealModel": "light",
}
SECTION = "## ONNX backend conformance"


class OrtBackend:
    """The least ONNX backend over onnxruntime's CPU provider: prepare/run
    with the graph inputs in order, as the onnx runner calls them."""

    class Rep:
        def __init__(self, session):
            self.session = session
            self.input_names = [i.name for i in session.get_inputs()]

        def run(self, inputs, **kwargs):
            if not isinstance(inputs, dict):
                inputs = dict(zip(self.input_names, inputs))
            # onnxruntime's binding takes ndarrays, not numpy scalars (np.float32(1)).
            feed = {k: np.asarray(v) if isinstance(v, np.generic) else v for k, v in inputs.items()}
            return self.session.run(None, feed)

    @classmethod
    def prepare(cls, model, device="CPU", **kwargs):
        import onnxruntime  # noqa: PLC0415

        onnxruntime.set_default_logger_severity(4)  # Failures are reported as exceptions.
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 4
        data = model.SerializeToString() if hasattr(model, "SerializeToString") else model
        return cls.Rep(onnxruntime.InferenceSession(data, options, providers=["CPUExecutionProvider"]))

    @classmethod
    def supports_device(cls, device):
        return device == "CPU"


def first_line(exc):
    text = "%s: %s" % (type(exc).__name__, str(exc).strip())
    for line in text.splitlines():
        if line.strip():
            text = line.strip()
            break
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= 240 else text[:237] + "..."


def collect(backend):
    """{(kind, case name): bound test method} of BackendTest's CPU cases."""
    import onnx.backend.test  # noqa: PLC0415

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Some node case generators divide by zero on purpose.
        test_cases = onnx.backend.test.BackendTest(backend, "conformance").test_cases
    tests = {}
    for class_name, test_case in test_cases.items():
        category = class_name[len("OnnxBackend"):-len("Test")]
        kind = CATEGORY_KIND.get(category, category)
        for attr in sorted(vars(test_case)):
            if attr.startswith("test_") and attr.endswith("_cpu"):
                tests[(kind, attr[: -len("_cpu")])] = getattr(test_case(attr), attr)
    return tests


def run_all(tests, label, verbose=False):
    """{(kind, name): None if passed, else the reason}."""
    results = {}
    start = time.time()
    for i, (key, method) in enumerate(sorted(tests.items())):
        t0 = time.time()
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                method()
            results[key] = None
        except unittest.SkipTest as e:
            results[key] = "skipped: %s" % e
        except BaseException as e:  # noqa: BLE001 - a runtime's failure of any kind is a result.
            if isinstance(e, KeyboardInterrupt):
                raise
            results[key] = first_line(e)
        if verbose:
            print("%s %5d %-60s %6.2fs %s" % (label, i, "%s/%s" % key, time.time() - t0,
                                              "ok" if results[key] is None else results[key][:80]),
                  file=sys.stderr)
    return results, time.time() - start


def case_models():
    """{(kind, name): ModelProto} of every case, for onyx's not-implemented check."""
    import onnx  # noqa: PLC0415
    from onnx.backend.test.loader import load_model_tests  # noqa: PLC0415

    root = os.path.dirname(os.path.dirname(os.path.abspath(onnx.__file__)))
    models = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for kind in KINDS:
            for case in load_model_tests(kind="real" if kind == "light" else kind):
                if case.model is not None:
                    models[(kind, case.name)] = case.model
                    continue
                path = (os.path.join(case.model_dir, "model.onnx") if case.model_dir is not None
                        else os.path.join(root, case.url))
                if os.path.exists(path):
                    models[(kind, case.name)] = onnx.load(path, load_external_data=False)
    return models


def not_implemented(onyx_backend, model):
    if model is None:
        return None
    ops = onyx_backend.unsupported_ops(model)
    if ops:
        return "operator not implemented yet: " + ", ".join(ops)
    kinds = onyx_backend.unsupported_value_kinds(model)
    if kinds:
        return "graph inputs/outputs not supported yet: " + ", ".join(kinds)
    return None


def exclusions():
    """{case name regex: reason} of tests/python/onnx_node_exclusions.txt, if there."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "python",
                        "onnx_node_exclusions.txt")
    excluded, reason = {}, None
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line.startswith("#"):
                    reason = line.lstrip("# ").strip()
                elif line:
                    excluded[line] = reason
    return excluded


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        nproc = len(os.sched_getaffinity(0))
    except AttributeError:
        nproc = os.cpu_count()
    return "%s, nproc %d" % (cpu, nproc)


def table(keys, onyx_results, ort_results, onyx_missing):
    header = ("| kind | cases | onyx passed | onyx: not implemented yet | onyx: failed (implemented) "
              "| onnxruntime passed | onnxruntime failed |")
    rows = [header, "|" + "---|" * 7]
    totals = [0] * 6
    for kind in KINDS + ("total",):
        ks = [k for k in keys if kind == "total" or k[0] == kind]
        if kind != "total" and not ks:
            continue
        n = len(ks)
        onyx_pass = sum(onyx_results[k] is None for k in ks)
        missing = sum(onyx_results[k] is not None and k in onyx_missing for k in ks)
        onyx_fail = n - onyx_pass - missing
        ort_pass = sum(ort_results[k] is None for k in ks)
        counts = [n, onyx_pass, missing, onyx_fail, ort_pass, n - ort_pass]
        if kind == "total":
            counts = totals
        else:
            totals = [a + b for a, b in zip(totals, counts)]
        name = "**total**" if kind == "total" else kind
        cells = [str(c) for c in counts]
        if kind == "total":
            cells = ["**%s**" % c for c in cells]
        rows.append("| %s | %s |" % (name, " | ".join(cells)))
    return "\n".join(rows)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list-failures", action="store_true", help="list the cases each runtime fails")
    parser.add_argument("--write", metavar="RESULTS_MD", help="write/update the section '%s' of this file" % SECTION)
    parser.add_argument("-k", metavar="REGEX", help="only the cases whose name matches REGEX")
    parser.add_argument("--kind", action="append", choices=KINDS, help="only these kinds (repeatable)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each case as it runs")
    args = parser.parse_args(argv)

    import onnx  # noqa: PLC0415
    import onnxruntime  # noqa: PLC0415

    import onyx  # noqa: PLC0415
    import onyx.backend as onyx_backend  # noqa: PLC0415

    models_dir = None
    if "ONNX_MODELS" not in os.environ:  # Where the runner writes the light models' inputs.
        models_dir = tempfile.mkdtemp(prefix="onyx_conformance_")
        os.environ["ONNX_MODELS"] = models_dir
    try:
        def select(tests):
            return {k: v for k, v in tests.items()
                    if (not args.kind or k[0] in args.kind) and (not args.k or re.search(args.k, k[1]))}

        onyx_tests = select(collect(onyx_backend))
        ort_tests = select(collect(OrtBackend))
        keys = sorted(set(onyx_tests) | set(ort_tests))
        onyx_results, onyx_s = run_all(onyx_tests, "onyx", args.verbose)
        ort_results, ort_s = run_all(ort_tests, "ort", args.verbose)
    finally:
        if models_dir:
            shutil.rmtree(models_dir, ignore_errors=True)
    for k in keys:
        onyx_results.setdefault(k, "not collected")
        ort_results.setdefault(k, "not collected")

    models = case_models()
    onyx_missing = {}
    for k in keys:
        if onyx_results[k] is not None:
            reason = not_implemented(onyx_backend, models.get(k))
            if reason:
                onyx_missing[k] = reason

    grid = table(keys, onyx_results, ort_results, onyx_missing)
    date = datetime.date.today().isoformat()
    info = ("onnx %s, onnxruntime %s (CPUExecutionProvider), onyx %s; %s; %s. "
            "Run time: onyx %.1f s, onnxruntime %.1f s."
            % (onnx.__version__, onnxruntime.__version__, onyx.__version__, date, machine(), onyx_s, ort_s))
    print(grid)
    print()
    print(info)

    if args.list_failures:
        bugs = [(k, onyx_results[k]) for k in keys if onyx_results[k] is not None and k not in onyx_missing]
        excluded = exclusions()
        print("\nonyx failures of implemented operators (%d):" % len(bugs))
        for (kind, name), reason in bugs:
            why = next((r for pattern, r in excluded.items() if re.fullmatch(pattern, name)), None)
            print("  %s/%s: %s%s" % (kind, name, reason, " [excluded in the tests: %s]" % why if why else ""))
        print("\nonyx cases not implemented yet (%d):" % len(onyx_missing))
        for (kind, name) in sorted(onyx_missing):
            print("  %s/%s: %s" % (kind, name, onyx_missing[(kind, name)]))
        ort_fail = [(k, ort_results[k]) for k in keys if ort_results[k] is not None]
        print("\nonnxruntime failures (%d):" % len(ort_fail))
        for (kind, name), reason in ort_fail:
            print("  %s/%s: %s" % (kind, name, reason))

    if args.write:
        scope = ""
        if args.kind or args.k:
            scope = " Selection: %s." % " ".join(
                (["--kind " + k for k in args.kind or []]) + (["-k " + args.k] if args.k else []))
        text = "\n".join([
            SECTION,
            "",
            "Every case the onnx wheel ships (`onnx.backend.test.BackendTest`: node cases generated by "
            "`onnx.backend.test.case.node`, the pytorch-converted, pytorch-operator and simple data "
            "directories, and the light models that the `real` entries point at), run on both runtimes "
            "and judged by ONNX's `assert_similar_outputs` with the cases' own rtol/atol. "
            "\"not implemented yet\": the case uses an operator (or non-tensor graph input/output) onyx "
            "does not implement yet; \"failed (implemented)\": any other onyx failure. "
            "Produced by `python3 bench/conformance.py --write bench/RESULTS.md`.",
            "",
            grid,
            "",
            info + scope,
            "",
        ])
        results_md.write_section(args.write, SECTION, text)
        print("\nwrote section '%s' of %s" % (SECTION, args.write))
    return 0


if __name__ == "__main__":
    sys.exit(main())
