"""ONNX's backend test suite (onnx.backend.test.BackendTest) on onyx.backend.

In the onnx wheel (1.23) BackendTest collects every kind of case it ships:
  * node: generated in memory from onnx.backend.test.case.node (no files),
    compared with each case's own rtol/atol;
  * simple, pytorch-converted, pytorch-operator: model + test_data_set_*
    directories under onnx/backend/test/data;
  * real: the data/real entries point at the "light" models shipped in
    data/light (small versions of AlexNet, ResNet50, ...), run on
    deterministic inputs against data/light/*_output_0.pb; nothing is
    downloaded. The runner writes those inputs under $ONNX_MODELS, which this
    module points at a temporary directory unless it is set.
Each case runs for "CPU" and "CUDA"; the CUDA one is skipped unless onyx has
the CUDA provider.

A case is skipped, with its reason, when:
  * it uses an operator onyx does not implement yet (at the case's opset),
    computed from _onyx.supported_ops() at collection time, so the list
    shrinks by itself as kernels land; likewise when its graph inputs or
    outputs are values onyx cannot exchange (maps, sparse tensors);
  * it is listed in onnx_node_exclusions.txt, the ONE exclusions file shared
    with test_onnx_node_cases.py ('# reason' lines, then one case name per
    line; the name, without the _cpu/_cuda suffix, is matched as a full regex).
Everything else runs, and a failure is a bug in onyx."""

import atexit
import os
import re
import shutil
import tempfile
import unittest
import warnings

import onnx
import onnx.backend.test
from onnx.backend.test.loader import load_model_tests

import onyx.backend as onyx_backend

EXCLUSIONS_FILE = os.path.join(os.path.dirname(__file__), "onnx_node_exclusions.txt")
ONNX_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(onnx.__file__)))
KINDS = ("node", "simple", "pytorch-converted", "pytorch-operator", "real")

if "ONNX_MODELS" not in os.environ:
    _models_dir = tempfile.mkdtemp(prefix="onyx_onnx_models_")
    os.environ["ONNX_MODELS"] = _models_dir
    atexit.register(shutil.rmtree, _models_dir, True)


# Cases ONNX's own runner cannot judge, whatever the backend returns. Each is
# still checked by test_onnx_node_cases.py, which compares sequences itself.
RUNNER_LIMITATIONS = {
    "test_loop16_seq_none": "onnx's assert_similar_outputs recurses into a sequence holding a 0-d tensor "
                            "and fails with 'len() of unsized object'",
}


def load_exclusions():
    """[(compiled regex, reason)] from the exclusions file."""
    excluded, reason = [], None
    with open(EXCLUSIONS_FILE) as f:
        for line in f:
            line = line.strip()
            if line.startswith("#"):
                reason = line.lstrip("# ").strip()
            elif line:
                excluded.append((re.compile(line), reason))
    return excluded


def case_model(case):
    """The case's ModelProto (node cases), or the path of its model file."""
    if case.model is not None:
        return case.model
    if case.model_dir is not None:
        return os.path.join(case.model_dir, "model.onnx")
    return os.path.join(ONNX_ROOT, case.url)  # real: onnx/backend/test/data/light/light_*.onnx


def not_implemented_reason(case):
    model = case_model(case)
    if not isinstance(model, onnx.ModelProto):
        if not os.path.exists(model):
            return None  # Let the runner report it.
        model = onnx.load(model, load_external_data=False)
    ops = onyx_backend.unsupported_ops(model)
    if ops:
        return "operator not implemented yet: " + ", ".join(ops)
    kinds = onyx_backend.unsupported_value_kinds(model)
    if kinds:
        return "graph inputs/outputs not supported yet: " + ", ".join(kinds)
    return None


def skip_reasons():
    """{case name: reason} for every case that must not run."""
    exclusions = load_exclusions()
    reasons = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Some node case generators divide by zero on purpose.
        for kind in KINDS:
            for case in load_model_tests(kind=kind):
                reason = not_implemented_reason(case)
                if reason is None and case.name in RUNNER_LIMITATIONS:
                    reason = RUNNER_LIMITATIONS[case.name]
                if reason is None:
                    reason = next((r for regex, r in exclusions if regex.fullmatch(case.name)), None)
                    if reason is not None:
                        reason = "excluded: " + reason
                if reason is not None:
                    reasons[case.name] = reason
    return reasons


def build_test_cases():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        backend_test = onnx.backend.test.BackendTest(onyx_backend, __name__)
        test_cases = backend_test.test_cases
    reasons = skip_reasons()
    for test_case in test_cases.values():
        for attr in list(vars(test_case)):
            if not attr.startswith("test_"):
                continue
            case_name = re.sub(r"_(cpu|cuda)$", "", attr)
            if case_name in reasons:
                setattr(test_case, attr, unittest.skip(reasons[case_name])(getattr(test_case, attr)))
    return test_cases


globals().update(build_test_cases())
