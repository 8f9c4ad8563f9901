"""Shape buckets: --input-shape given several times for an input plans one
arena per profile into the .onyx file; the file keeps the symbolic batch and
a session serves any batch (truth: numpy)."""

import os
import shutil
import subprocess
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper

import onyx as ort


def mlp():
    w = np.random.default_rng(0).standard_normal((16, 8)).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["h"]), helper.make_node("Relu", ["h"], ["y"])], "mlp",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 16])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 8])],
        [onnx.numpy_helper.from_array(w, "w")])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), w


def test_profiles_from_python_and_the_command_line_agree(tmp_path):
    model, w = mlp()
    path = tmp_path / "m.onnx"
    onnx.save(model, path)
    by_dict = ort.convert(model, input_shapes={"x": [[1, 16], [4, 16], [16, 16]]})
    by_specs = ort.convert(model, input_shapes=["x:1,16", "x:4,16", "x:16,16"])
    assert by_dict == by_specs
    out = subprocess.run([sys.executable, "-m", "onyx.convert", str(path), "-o", str(tmp_path / "m.onyx"),
                          "--input-shape", "x:1,16", "--input-shape", "x:4,16", "--input-shape", "x:16,16"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "  profile: x[4,16]: arena " in out.stdout and "  profile: x[16,16]: arena " in out.stdout
    assert (tmp_path / "m.onyx").read_bytes() == by_dict
    native = shutil.which("onyx-convert")
    if native:  # The C++ tool prints the same summary and writes the same bytes.
        cpp = subprocess.run([native, str(path), "-o", str(tmp_path / "c.onyx"), "--input-shape", "x:1,16",
                              "--input-shape", "x:4,16", "--input-shape", "x:16,16"], capture_output=True, text=True)
        assert cpp.returncode == 0, cpp.stderr
        assert cpp.stdout.replace("c.onyx", "m.onyx") == out.stdout
        assert (tmp_path / "c.onyx").read_bytes() == by_dict
    sess = ort.InferenceSession(by_dict)
    assert sess.get_inputs()[0].shape == ["batch", 16]
    for batch in (1, 4, 16, 3):
        x = np.random.default_rng(batch).standard_normal((batch, 16)).astype(np.float32)
        np.testing.assert_allclose(sess.run(None, {"x": x})[0], np.maximum(x @ w, 0), rtol=1e-5, atol=1e-6)


def test_a_profile_that_contradicts_the_model_is_refused():
    model, _ = mlp()
    try:
        ort.convert(model, input_shapes={"x": [[1, 16], [4, 15]]})
    except ort.InvalidArgument as e:
        assert "x" in str(e) and "15" in str(e)
    else:
        raise AssertionError("a [4, 15] profile for a [batch, 16] input was accepted")
