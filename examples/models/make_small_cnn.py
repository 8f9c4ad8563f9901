"""Builds examples/models/small_cnn.onnx, the bundled example model: a small
image classifier (Conv-BN-Relu-MaxPool, Conv-Relu, GlobalAveragePool,
Flatten, Gemm, Softmax) with fixed random weights and a symbolic batch. The
same model the onyx package ships as onyx.datasets.get_example("small_cnn.onnx");
its builder lives there (python/onyx/datasets/make_examples.py).

    python3 examples/models/make_small_cnn.py
"""

import os
import sys

import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python", "onyx", "datasets"))
from make_examples import small_cnn  # noqa: E402


def build():
    model = small_cnn()
    model.producer_name = "onyx-examples"
    for field in ("producer_version", "doc_string"):
        model.ClearField(field)
    return model


if __name__ == "__main__":
    out = os.path.join(HERE, "small_cnn.onnx")
    onnx.save(build(), out)
    print("wrote", out)
