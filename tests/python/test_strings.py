"""String tensors end to end: numpy in and out, string weights and tensor
attributes stored in the .onyx file, sequences of strings, and bad feeds.
Truth: numpy, and onnxruntime's behaviour for the same models."""

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper

import onyx as ort
from onyx.capi.onnxruntime_pybind11_state import InvalidArgument


def make_model(nodes, inputs, outputs, initializers=(), opset=20):
    graph = helper.make_graph(nodes, "strings", inputs, outputs, list(initializers))
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)]).SerializeToString()


def string_info(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.STRING, shape)


def test_string_weight_and_constant_attribute_survive_the_file():
    words = helper.make_tensor("words", TensorProto.STRING, [3], [b"red", "grün".encode(), b""])
    suffix = helper.make_node("Constant", [], ["suffix"],
                              value=helper.make_tensor("v", TensorProto.STRING, [], [b"!"]))
    nodes = [
        helper.make_node("StringConcat", ["x", "words"], ["joined"]),
        helper.make_node("StringConcat", ["joined", "suffix"], ["y"]),
        helper.make_node("Equal", ["x", "words"], ["same"]),
        suffix,
    ]
    model = make_model(nodes, [string_info("x", [3])],
                       [string_info("y", [3]), helper.make_tensor_value_info("same", TensorProto.BOOL, [3])],
                       [words])
    sess = ort.InferenceSession(model)
    assert sess.get_inputs()[0].type == "tensor(string)"
    for _ in range(2):  # Strings made by one run must not leak into the next.
        y, same = sess.run(None, {"x": np.array(["a", "grün", ""], dtype=object)})
        assert y.dtype == object and y.tolist() == ["ared!", "grüngrün!", "!"]
        assert same.tolist() == [False, True, True]
    # numpy's fixed-width str and bytes arrays are string tensors too.
    y, _ = sess.run(None, {"x": np.array(["a", "b", "c"])})
    assert y.tolist() == ["ared!", "bgrün!", "c!"]
    y, _ = sess.run(None, {"x": np.array([b"a", b"b", b"c"])})
    assert y.tolist() == ["ared!", "bgrün!", "c!"]


def test_cast_between_numbers_and_strings_matches_numpy():
    model = make_model([helper.make_node("Cast", ["x"], ["s"], to=TensorProto.STRING),
                        helper.make_node("Cast", ["s"], ["back"], to=TensorProto.FLOAT)],
                       [helper.make_tensor_value_info("x", TensorProto.FLOAT, [5])],
                       [string_info("s", [5]), helper.make_tensor_value_info("back", TensorProto.FLOAT, [5])])
    x = np.array([0.1, 1e-7, 250.0, -np.inf, 3.1415927], dtype=np.float32)
    s, back = ort.InferenceSession(model).run(None, {"x": x})
    assert s.tolist() == x.astype(str).tolist()
    np.testing.assert_array_equal(back, x)


def test_sequence_of_strings_and_string_split():
    nodes = [helper.make_node("StringSplit", ["x"], ["parts", "counts"]),
             helper.make_node("SequenceConstruct", ["x", "x"], ["seq"])]
    model = make_model(nodes, [string_info("x", [2])],
                       [string_info("parts", [2, None]),
                        helper.make_tensor_value_info("counts", TensorProto.INT64, [2]),
                        helper.make_tensor_sequence_value_info("seq", TensorProto.STRING, [2])])
    parts, counts, seq = ort.InferenceSession(model).run(None, {"x": np.array(["a b  c", " d "], dtype=object)})
    assert parts.tolist() == [["a", "b", "c"], ["d", "", ""]]
    assert counts.tolist() == [3, 1]
    assert len(seq) == 2 and all(item.tolist() == ["a b  c", " d "] for item in seq)


def test_a_feed_that_is_not_strings_is_refused_by_name():
    model = make_model([helper.make_node("Identity", ["x"], ["y"])], [string_info("x", [2])], [string_info("y", [2])])
    sess = ort.InferenceSession(model)
    with pytest.raises(InvalidArgument, match="'x'.*int"):
        sess.run(None, {"x": np.array(["a", 3], dtype=object)})
    with pytest.raises(InvalidArgument, match="x"):
        sess.run(None, {"x": np.array([1.0, 2.0], dtype=np.float32)})
    assert sess.run(None, {"x": np.array(["ok", "fine"], dtype=object)})[0].tolist() == ["ok", "fine"]
