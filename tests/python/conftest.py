"""Shared fixtures: small models built with onnx.helper, and numpy references."""

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper


def make_model(nodes, inputs, outputs, initializers=(), opset=17, **kwargs):
    graph = helper.make_graph(nodes, "test_graph", inputs, outputs, list(initializers))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], **kwargs)
    model.ir_version = 8
    return model


@pytest.fixture
def mlp():
    """x[batch,16] -> Gemm(32) -> Relu -> Gemm(8) -> Sigmoid, with its numpy reference."""
    rng = np.random.default_rng(7)
    w1 = rng.standard_normal((32, 16)).astype(np.float32)
    b1 = rng.standard_normal(32).astype(np.float32)
    w2 = rng.standard_normal((16, 8)).astype(np.float32) * 0.5  # MatMul layout [K, N].
    b2 = rng.standard_normal(8).astype(np.float32)
    nodes = [
        helper.make_node("Gemm", ["x", "w1", "b1"], ["h1"], name="fc1", transB=1),
        helper.make_node("Relu", ["h1"], ["a1"], name="relu"),
        helper.make_node("Identity", ["a1"], ["a1s"], name="identity"),
        helper.make_node("Reshape", ["a1s", "shape"], ["a1r"], name="reshape"),
        helper.make_node("MatMul", ["a1r", "w2"], ["h2"], name="fc2"),
        helper.make_node("Add", ["h2", "b2"], ["h2b"], name="bias2"),
        helper.make_node("Sigmoid", ["h2b"], ["y"], name="sigmoid"),
    ]
    # Reshape [batch,32] -> [batch*2,16] via a shape with -1: exercises views.
    inits = [numpy_helper.from_array(a, n) for a, n in
             [(w1, "w1"), (b1, "b1"), (w2, "w2"), (b2, "b2"), (np.array([-1, 16], np.int64), "shape")]]
    model = make_model(nodes, [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 16])],
                       [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 8])], inits,
                       producer_name="onyx-tests", doc_string="an MLP")

    def reference(x):
        h = np.maximum(x @ w1.T + b1, 0).reshape(-1, 16)
        return 1.0 / (1.0 + np.exp(-(h @ w2 + b2)))

    return model, reference


def conv2d_nchw(x, w, b, stride=1, pad=0):
    """Direct convolution in numpy (independent of onyx's kernels)."""
    n, c, h, wd = x.shape
    m, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    oh = (h + 2 * pad - kh) // stride + 1
    ow = (wd + 2 * pad - kw) // stride + 1
    out = np.zeros((n, m, oh, ow), np.float64)
    for i in range(kh):
        for j in range(kw):
            patch = xp[:, :, i:i + stride * oh:stride, j:j + stride * ow:stride]
            out += np.einsum("nchw,mc->nmhw", patch, w[:, :, i, j])
    return (out + b.reshape(1, -1, 1, 1)).astype(np.float32)
