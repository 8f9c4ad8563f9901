"""Whole models through onyx-convert and the runtime, against numpy (and ONNX
Runtime, when it is installed, as a second opinion)."""

import os
import subprocess

import numpy as np
import onnx
import pytest

import onyx as ort
from conftest import conv2d_nchw

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SMALL_CNN = os.path.join(REPO, "examples", "models", "small_cnn.onnx")


def numpy_small_cnn(model, x):
    w = {t.name: onnx.numpy_helper.to_array(t) for t in model.graph.initializer}
    c1 = conv2d_nchw(x, w["conv1_w"], w["conv1_b"], pad=1)
    scale = w["bn_scale"] / np.sqrt(w["bn_var"] + 1e-5)
    b1 = (c1 - w["bn_mean"].reshape(1, -1, 1, 1)) * scale.reshape(1, -1, 1, 1) + w["bn_bias"].reshape(1, -1, 1, 1)
    r1 = np.maximum(b1, 0)
    n, c, h, wd = r1.shape
    p1 = r1.reshape(n, c, h // 2, 2, wd // 2, 2).max(axis=(3, 5))
    r2 = np.maximum(conv2d_nchw(p1, w["conv2_w"], w["conv2_b"], stride=2, pad=1), 0)
    f = r2.mean(axis=(2, 3))
    logits = f @ w["fc_w"].T + w["fc_b"]
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("batch", [1, 3])
def test_small_cnn_through_onyx_convert_matches_numpy(tmp_path, batch):
    out = tmp_path / "small_cnn.onyx"
    subprocess.run(["onyx-convert", SMALL_CNN, "-o", str(out), "--quiet"], check=True)
    model = onnx.load(SMALL_CNN)
    x = np.random.default_rng(batch).standard_normal((batch, 3, 32, 32)).astype(np.float32)
    (y,) = ort.InferenceSession(str(out)).run(None, {"image": x})
    np.testing.assert_allclose(y, numpy_small_cnn(model, x), rtol=1e-4, atol=1e-6)


def test_mlp_through_onyx_convert_matches_numpy(mlp, tmp_path):
    model, reference = mlp
    onnx.save(model, tmp_path / "mlp.onnx")
    subprocess.run(["onyx-convert", str(tmp_path / "mlp.onnx"), "-o", str(tmp_path / "mlp.onyx"), "--quiet"],
                   check=True)
    x = np.random.default_rng(5).standard_normal((5, 16)).astype(np.float32)
    (y,) = ort.InferenceSession(str(tmp_path / "mlp.onyx")).run(None, {"x": x})
    np.testing.assert_allclose(y, reference(x), rtol=1e-5, atol=1e-6)


def test_small_cnn_matches_onnxruntime():
    onnxruntime = pytest.importorskip("onnxruntime")
    x = np.random.default_rng(11).standard_normal((2, 3, 32, 32)).astype(np.float32)
    expected = onnxruntime.InferenceSession(SMALL_CNN, providers=["CPUExecutionProvider"]).run(None, {"image": x})
    actual = ort.InferenceSession(SMALL_CNN).run(None, {"image": x})
    np.testing.assert_allclose(actual[0], expected[0], rtol=1e-4, atol=1e-6)
