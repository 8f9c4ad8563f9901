"""ONNX's backend node test cases, for every case whose operators onyx
implements: converter + runtime against the expected outputs.

The onnx wheel (1.23) ships the node cases as code, not files:
onnx.backend.test.case.node.collect_testcases() builds each case's model and
its input/expected-output data (computed with numpy by ONNX), with the
tolerances ONNX's own backend runner uses. A case that uses an operator onyx
does not implement yet is skipped with that reason; an implemented one may
only be left out through onnx_node_exclusions.txt, each with a reason."""

import os
import warnings

import numpy as np
import onnx
import pytest
from onnx import numpy_helper

import onyx as ort
from onyx import _onyx

EXCLUSIONS_FILE = os.path.join(os.path.dirname(__file__), "onnx_node_exclusions.txt")


def load_exclusions():
    """{case: reason} from the exclusions file: '# reason' headers, then case names."""
    excluded, reason = {}, None
    with open(EXCLUSIONS_FILE) as f:
        for line in f:
            line = line.strip()
            if line.startswith("#"):
                reason = line.lstrip("# ").strip()
            elif line:
                excluded[line] = reason
    return excluded


def collect_cases():
    from onnx.backend.test.case import node

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Some case generators divide by zero on purpose.
        return {case.name: case for case in node.collect_testcases()}


SUPPORTED = _onyx.supported_ops()


def supported(domain, op, opset):
    return any(d == domain and o == op and since <= opset <= until for d, o, since, until in SUPPORTED)


def unsupported_ops(model):
    for value in list(model.graph.input) + list(model.graph.output):
        kind = value.type.WhichOneof("value")
        if kind == "map_type" or kind == "sparse_tensor_type":
            return ["%s values" % kind]
    opsets = {(imp.domain if imp.domain != "ai.onnx" else ""): imp.version for imp in model.opset_import}
    missing = set()
    for node in model.graph.node:
        domain = node.domain if node.domain != "ai.onnx" else ""
        if not supported(domain, node.op_type, opsets.get(domain, 0)):
            missing.add("%s(opset %s)" % (node.op_type, opsets.get(domain, "?")))
    return sorted(missing)


def to_array(value):
    if isinstance(value, onnx.TensorProto):
        return numpy_helper.to_array(value)
    if isinstance(value, list):
        return [to_array(v) for v in value]
    return value


def assert_close(name, actual, expected, case):
    """Numbers within the case's tolerances; strings (object arrays) equal."""
    if expected.dtype == object:
        np.testing.assert_array_equal(actual, expected, err_msg=name)
    else:
        np.testing.assert_allclose(actual, expected, rtol=case.rtol, atol=case.atol, err_msg=name)


def assert_same_value(name, actual, expected, case):
    if expected is None:
        assert actual is None, "%s: expected an empty optional, got %r" % (name, type(actual))
        return
    assert isinstance(actual, list) and len(actual) == len(expected), "%s: sequence of %d (expected %d)" % (
        name, len(actual) if isinstance(actual, list) else -1, len(expected))
    for a, e in zip(actual, expected):
        e = np.asarray(e)
        assert a.dtype == e.dtype and a.shape == e.shape, "%s: item %s %s (expected %s %s)" % (
            name, a.dtype, a.shape, e.dtype, e.shape)
        assert_close(name, a, e, case)


CASES = collect_cases()
EXCLUDED = load_exclusions()


@pytest.mark.parametrize("name", sorted(CASES))
def test_node_case(name):
    case = CASES[name]
    model = case.model
    missing = unsupported_ops(model)
    if missing:
        pytest.skip("not implemented yet: " + ", ".join(missing))
    if name in EXCLUDED:
        pytest.skip("excluded: " + EXCLUDED[name])
    sess = ort.InferenceSession(model.SerializeToString())
    initializers = {t.name for t in model.graph.initializer}
    input_names = [i.name for i in model.graph.input if i.name not in initializers]
    output_names = [o.name for o in model.graph.output]
    for inputs, expected in case.data_sets:
        # Some cases give TensorProtos (types numpy lacks); compare as arrays.
        inputs = [to_array(v) for v in inputs]
        expected = [to_array(v) for v in expected]
        actual = sess.run(output_names, dict(zip(input_names, inputs)))
        assert len(actual) == len(expected)
        for out_name, a, e in zip(output_names, actual, expected):
            if isinstance(e, list) or e is None:  # A sequence or an empty optional.
                assert_same_value(out_name, a, e, case)
                continue
            e = np.asarray(e)
            assert a.dtype == e.dtype, "%s: dtype %s (expected %s)" % (out_name, a.dtype, e.dtype)
            assert a.shape == e.shape, "%s: shape %s (expected %s)" % (out_name, a.shape, e.shape)
            assert_close(out_name, a, e, case)
