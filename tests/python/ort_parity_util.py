"""What the side-by-side tests of onyx and ONNX Runtime share (test_ort_parity*.py):
the two runtimes, the sigmoid example of each, comparing values and raised
exceptions, and a Loop model that runs for seconds."""

import numpy as np
import pytest
from onnx import TensorProto, helper, numpy_helper

ortrt = pytest.importorskip("onnxruntime")
from onnxruntime.capi import onnxruntime_pybind11_state as ort_state  # noqa: E402

import onyx  # noqa: E402
from conftest import make_model  # noqa: E402

RUNTIMES = {"onyx": onyx, "onnxruntime": ortrt}


def same_value(a, b):
    """Equal values of the same kind; enums compare by name and value."""
    if hasattr(a, "name") and hasattr(b, "name"):
        return (a.name, int(a)) == (b.name, int(b))
    return type(a) is type(b) and a == b


def outcome(function):
    """('ok', value) or ('raises', exception class name) of function()."""
    try:
        return "ok", function()
    except Exception as e:  # noqa: BLE001 - the class is what is compared.
        return "raises", type(e).__name__


@pytest.fixture(scope="module")
def sigmoid_paths():
    """The sigmoid example of each runtime (same names and shapes)."""
    from onnxruntime import datasets as ort_datasets

    from onyx import datasets

    return {"onyx": datasets.get_example("sigmoid.onnx"), "onnxruntime": ort_datasets.get_example("sigmoid.onnx")}


def raised(rt, function):
    try:
        function()
    except Exception as e:  # noqa: BLE001
        return e
    pytest.fail("%s raised nothing" % rt.__name__)


def same_class(ours, theirs):
    """onyx's exception is ONNX Runtime's: the class of the same name for ONNX Runtime's
    own classes, else (a builtin such as RuntimeError or ValueError) one that is one."""
    if type(theirs).__module__ == ort_state.__name__:
        return type(ours).__name__ == type(theirs).__name__
    return isinstance(ours, type(theirs))


def long_loop_model():
    """y = a + n, one Add per Loop iteration: n = 10^7 runs for seconds."""
    body = helper.make_graph(
        [helper.make_node("Add", ["acc_in", "one"], ["acc_out"]),
         helper.make_node("Identity", ["cond_in"], ["cond_out"])],
        "body",
        [helper.make_tensor_value_info("i", TensorProto.INT64, []),
         helper.make_tensor_value_info("cond_in", TensorProto.BOOL, []),
         helper.make_tensor_value_info("acc_in", TensorProto.FLOAT, [])],
        [helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []),
         helper.make_tensor_value_info("acc_out", TensorProto.FLOAT, [])],
        [numpy_helper.from_array(np.array(1, np.float32), "one")])
    return make_model([helper.make_node("Loop", ["n", "cond", "a"], ["y"], body=body)],
                      [helper.make_tensor_value_info("n", TensorProto.INT64, []),
                       helper.make_tensor_value_info("cond", TensorProto.BOOL, []),
                       helper.make_tensor_value_info("a", TensorProto.FLOAT, [])],
                      [helper.make_tensor_value_info("y", TensorProto.FLOAT, [])]).SerializeToString()
