"""Builds the example models that onyx.datasets ships, with onnx.helper.

Run when the package is built (python/setup.py's build_py, and so
``bazel build //python:wheel``):

    python3 python/onyx/datasets/make_examples.py OUTDIR

The models have the names, inputs and outputs of ONNX Runtime's examples
(``onnxruntime.datasets``), so that code written for those runs unchanged,
plus a small image classifier:

- sigmoid.onnx: y = Sigmoid(x), x and y float [3, 4, 5].
- mul_1.onnx: Y = X * W, X and Y float [3, 2], W = [[1, 2], [3, 4], [5, 6]].
- logreg_iris.onnx: a logistic regression on two iris features, float_input
  float [3, 2] -> label int64 [3] (the most likely class) and probabilities
  float [3, 3] (each row sums to 1). ONNX Runtime's model gives the
  probabilities as a list of {class: probability} maps (ZipMap, an ai.onnx.ml
  operator); onyx has no maps, so here they are the [3, 3] tensor that
  ZipMap would have read.
- small_cnn.onnx: image float [batch, 3, 32, 32] -> probabilities float
  [batch, 10]: Conv-BatchNormalization-Relu-MaxPool, Conv-Relu,
  GlobalAveragePool, Flatten, Gemm, Softmax, with fixed pseudo-random weights.

Conversion is deterministic, and so is this script: the same onnx and numpy
give the same bytes.
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

PRODUCER = "onyx.datasets"
OPSET = 17
IR_VERSION = 8


def _model(graph, doc=""):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name=PRODUCER,
                              doc_string=doc)
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    return model


def sigmoid():
    shape = [3, 4, 5]
    graph = helper.make_graph(
        [helper.make_node("Sigmoid", ["x"], ["y"], name="sigmoid")], "sigmoid",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, shape)])
    return _model(graph, "y = 1 / (1 + exp(-x))")


def mul_1():
    w = np.arange(1, 7, dtype=np.float32).reshape(3, 2)
    graph = helper.make_graph(
        [helper.make_node("Mul", ["X", "W"], ["Y"], name="mul")], "mul_1",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [3, 2])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [3, 2])],
        [numpy_helper.from_array(w, "W")])
    return _model(graph, "Y = X * [[1, 2], [3, 4], [5, 6]]")


# Coefficients of the logistic regression: sepal length and width (cm) ->
# setosa, versicolor, virginica, one-vs-rest, fitted once on samples drawn
# from the iris classes' published sepal means and standard deviations
# (rounded; about 73% right on them, as sepal-only models are).
LOGREG_COEF = np.array([[-3.4, 0.15, 1.6],
                        [4.7, -2.6, -0.45]], np.float32)
LOGREG_INTERCEPT = np.array([2.9, 6.1, -8.5], np.float32)


def logreg_iris():
    nodes = [
        helper.make_node("MatMul", ["float_input", "coef"], ["scores_raw"], name="linear"),
        helper.make_node("Add", ["scores_raw", "intercept"], ["scores"], name="bias"),
        helper.make_node("Sigmoid", ["scores"], ["per_class"], name="logistic"),
        helper.make_node("ReduceSum", ["per_class", "class_axis"], ["total"], name="sum", keepdims=1),
        helper.make_node("Div", ["per_class", "total"], ["probabilities"], name="normalize_l1"),
        helper.make_node("ArgMax", ["probabilities"], ["label"], name="label", axis=1, keepdims=0),
    ]
    graph = helper.make_graph(
        nodes, "logreg_iris",
        [helper.make_tensor_value_info("float_input", TensorProto.FLOAT, [3, 2])],
        [helper.make_tensor_value_info("label", TensorProto.INT64, [3]),
         helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [3, 3])],
        [numpy_helper.from_array(LOGREG_COEF, "coef"), numpy_helper.from_array(LOGREG_INTERCEPT, "intercept"),
         numpy_helper.from_array(np.array([1], np.int64), "class_axis")])
    return _model(graph, "logistic regression on iris sepal length and width: label and class probabilities")


def small_cnn(seed=0):
    rng = np.random.default_rng(seed)

    def weight(name, *shape, scale=0.2):
        return numpy_helper.from_array((rng.standard_normal(shape) * scale).astype(np.float32), name)

    inits = [
        weight("conv1_w", 8, 3, 3, 3),
        weight("conv1_b", 8),
        numpy_helper.from_array((1.0 + 0.1 * rng.standard_normal(8)).astype(np.float32), "bn_scale"),
        weight("bn_bias", 8),
        weight("bn_mean", 8),
        numpy_helper.from_array((0.5 + rng.random(8)).astype(np.float32), "bn_var"),
        weight("conv2_w", 16, 8, 3, 3),
        weight("conv2_b", 16),
        weight("fc_w", 10, 16),
        weight("fc_b", 10),
    ]
    nodes = [
        helper.make_node("Conv", ["image", "conv1_w", "conv1_b"], ["c1"], name="conv1", pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization", ["c1", "bn_scale", "bn_bias", "bn_mean", "bn_var"], ["b1"],
                         name="bn1", epsilon=1e-5),
        helper.make_node("Relu", ["b1"], ["r1"], name="relu1"),
        helper.make_node("MaxPool", ["r1"], ["p1"], name="pool1", kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Conv", ["p1", "conv2_w", "conv2_b"], ["c2"], name="conv2", pads=[1, 1, 1, 1],
                         strides=[2, 2]),
        helper.make_node("Relu", ["c2"], ["r2"], name="relu2"),
        helper.make_node("GlobalAveragePool", ["r2"], ["g"], name="gap"),
        helper.make_node("Flatten", ["g"], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", "fc_w", "fc_b"], ["logits"], name="fc", transB=1),
        helper.make_node("Softmax", ["logits"], ["probabilities"], name="softmax", axis=1),
    ]
    graph = helper.make_graph(
        nodes, "small_cnn",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["batch", 3, 32, 32])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", 10])],
        inits)
    return _model(graph, "a small image classifier: 32x32 RGB image -> probabilities of 10 classes")


EXAMPLES = {
    "sigmoid.onnx": sigmoid,
    "mul_1.onnx": mul_1,
    "logreg_iris.onnx": logreg_iris,
    "small_cnn.onnx": small_cnn,
}


def write_examples(outdir, names=None):
    """Writes the example models (all, or those in `names`) into `outdir`; returns their paths."""
    os.makedirs(outdir, exist_ok=True)
    paths = []
    for name in names or EXAMPLES:
        path = os.path.join(outdir, name)
        data = EXAMPLES[name]().SerializeToString()
        tmp = "%s.tmp%d" % (path, os.getpid())
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)  # Atomic: a concurrent reader sees the whole file or none.
        paths.append(path)
    return paths


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_examples.py OUTDIR")
    for p in write_examples(sys.argv[1]):
        print("wrote", p)
