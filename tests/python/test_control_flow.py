"""If, Loop and Scan with values captured from enclosing graphs, against numpy."""

import numpy as np
import pytest
from onnx import TensorProto, helper

import onyx as ort
from conftest import make_model

F = TensorProto.FLOAT


def nested_model():
    """y = Loop(M) over acc: acc + (x if i is even else -scale * x).

    The body reads two_f (a main-graph initializer) and its If reads x and
    neg_scale from the main graph, two levels up."""
    then_g = helper.make_graph([helper.make_node("Identity", ["x"], ["t"])], "then", [],
                               [helper.make_tensor_value_info("t", F, None)])
    else_g = helper.make_graph([helper.make_node("Mul", ["x", "neg_scale"], ["e"])], "else", [],
                               [helper.make_tensor_value_info("e", F, None)])
    body = helper.make_graph(
        [helper.make_node("Cast", ["i"], ["i_f"], to=F),
         helper.make_node("Div", ["i_f", "two_f"], ["half"]),
         helper.make_node("Floor", ["half"], ["half_floor"]),
         helper.make_node("Equal", ["half", "half_floor"], ["even"]),
         helper.make_node("If", ["even"], ["term"], then_branch=then_g, else_branch=else_g),
         helper.make_node("Add", ["acc_in", "term"], ["acc_out"]),
         helper.make_node("Identity", ["cond_in"], ["cond_out"])],
        "body",
        [helper.make_tensor_value_info("i", TensorProto.INT64, []),
         helper.make_tensor_value_info("cond_in", TensorProto.BOOL, []),
         helper.make_tensor_value_info("acc_in", F, None)],
        [helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []),
         helper.make_tensor_value_info("acc_out", F, None)])
    nodes = [
        helper.make_node("Neg", ["scale"], ["neg_scale"]),
        helper.make_node("Loop", ["M", "", "acc0"], ["y"], body=body),
    ]
    inits = [helper.make_tensor("two_f", F, [], [2.0])]
    return make_model(
        nodes,
        [helper.make_tensor_value_info("x", F, [3]), helper.make_tensor_value_info("scale", F, [1]),
         helper.make_tensor_value_info("M", TensorProto.INT64, []), helper.make_tensor_value_info("acc0", F, [3])],
        [helper.make_tensor_value_info("y", F, [3])], inits)


def test_nested_captures_across_two_levels():
    sess = ort.InferenceSession(nested_model().SerializeToString())
    x = np.array([1.0, -2.0, 0.5], np.float32)
    scale = np.array([3.0], np.float32)
    for trips in [0, 1, 4, 5]:
        acc = np.zeros(3, np.float32)
        (y,) = sess.run(None, {"x": x, "scale": scale, "M": np.array(trips, np.int64), "acc0": acc})
        expected = acc.copy()
        for i in range(trips):
            expected += x if i % 2 == 0 else -scale * x
        np.testing.assert_allclose(y, expected, rtol=1e-6)


def test_terminate_stops_a_loop():
    sess = ort.InferenceSession(nested_model().SerializeToString())
    ro = ort.RunOptions()
    ro.terminate = True
    with pytest.raises(ort.Fail, match="terminate"):
        sess.run(None, {"x": np.ones(3, np.float32), "scale": np.ones(1, np.float32),
                        "M": np.array(1000, np.int64), "acc0": np.zeros(3, np.float32)}, ro)


def test_subgraph_reading_an_undefined_name_is_rejected():
    body = helper.make_graph([helper.make_node("Add", ["a", "nowhere"], ["b"])], "then", [],
                             [helper.make_tensor_value_info("b", F, None)])
    model = make_model([helper.make_node("If", ["c"], ["y"], then_branch=body, else_branch=body)],
                       [helper.make_tensor_value_info("c", TensorProto.BOOL, []),
                        helper.make_tensor_value_info("a", F, [1])],
                       [helper.make_tensor_value_info("y", F, [1])])
    with pytest.raises(ort.InvalidGraph, match="'nowhere'"):
        ort.InferenceSession(model.SerializeToString())
