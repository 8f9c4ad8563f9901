"""onyx's Python API behaves as ONNX Runtime's does."""

import os
import subprocess
import sys

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper

import onyx as ort
from conftest import make_model


def test_module_surface():
    assert ort.get_device() == "CPU"
    assert "CPUExecutionProvider" in ort.get_available_providers()
    for name in ["InferenceSession", "SessionOptions", "RunOptions", "NodeArg", "ModelMetadata",
                 "GraphOptimizationLevel", "ExecutionMode"]:
        assert hasattr(ort, name), name
    from onyx.capi.onnxruntime_pybind11_state import InvalidArgument  # noqa: F401


def test_import_from_any_directory(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([sys.executable, "-c", "import onyx; print(onyx.__file__)"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, check=True)
    assert "site-packages" in out.stdout or "dist-packages" in out.stdout


def test_inputs_outputs_and_metadata(mlp, tmp_path):
    model, _ = mlp
    model.metadata_props.add(key="author", value="onyx")
    model.model_version = 5
    model.domain = "ai.onyx.test"
    path = tmp_path / "mlp.onnx"
    onnx.save(model, path)
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    (inp,) = sess.get_inputs()
    assert (inp.name, inp.type, inp.shape) == ("x", "tensor(float)", ["batch", 16])
    (out,) = sess.get_outputs()
    assert (out.name, out.type, out.shape) == ("y", "tensor(float)", [None, 8])
    meta = sess.get_modelmeta()
    assert meta.producer_name == "onyx-tests"
    assert meta.graph_name == "test_graph"
    assert meta.description == "an MLP"
    assert meta.domain == "ai.onyx.test"
    assert meta.version == 5
    assert meta.custom_metadata_map == {"author": "onyx"}
    assert sess.get_providers() == ["CPUExecutionProvider"]
    assert sess.get_overridable_initializers() == []
    assert isinstance(sess.get_session_options(), ort.SessionOptions)


def test_onnx_and_onyx_paths_and_bytes_agree(mlp, tmp_path):
    model, reference = mlp
    x = np.random.default_rng(0).standard_normal((3, 16)).astype(np.float32)
    onyx_bytes, summary = ort.convert_model(model)
    assert summary["planned"] and summary["arena_bytes"] <= summary["naive_bytes"]
    (tmp_path / "m.onyx").write_bytes(onyx_bytes)
    onnx.save(model, tmp_path / "m.onnx")
    sessions = [ort.InferenceSession(str(tmp_path / "m.onnx")), ort.InferenceSession(str(tmp_path / "m.onyx")),
                ort.InferenceSession(model.SerializeToString()), ort.InferenceSession(onyx_bytes)]
    for sess in sessions:
        (y,) = sess.run(None, {"x": x})
        np.testing.assert_allclose(y, reference(x), rtol=1e-5, atol=1e-6)


def test_conversion_is_deterministic(mlp):
    model, _ = mlp
    assert ort.convert_model(model)[0] == ort.convert_model(model)[0]


def test_dynamic_batch_on_one_session(mlp):
    model, reference = mlp
    sess = ort.InferenceSession(model.SerializeToString())
    rng = np.random.default_rng(1)
    for batch in [1, 4, 1, 7, 0, 4]:
        x = rng.standard_normal((batch, 16)).astype(np.float32)
        (y,) = sess.run(["y"], {"x": x})
        assert y.shape == (2 * batch, 8)
        np.testing.assert_allclose(y, reference(x), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("feed, exc, words", [
    ({"nope": np.zeros((1, 16), np.float32)}, ort.InvalidArgument, ["'nope'", "'x'"]),
    ({"x": np.zeros((1, 16), np.float64)}, ort.InvalidArgument, ["'x'", "tensor(float)", "tensor(double)"]),
    ({"x": np.zeros((16,), np.float32)}, ort.InvalidArgument, ["'x'", "rank", "expected 2"]),
    ({"x": np.zeros((1, 15), np.float32)}, ort.InvalidArgument, ["'x'", "dimension 1 is 15", "expected 16"]),
    ({}, ort.InvalidArgument, ["missing input 'x'"]),
])
def test_bad_feeds_name_the_input_and_leave_the_session_usable(mlp, feed, exc, words):
    model, reference = mlp
    sess = ort.InferenceSession(model.SerializeToString())
    with pytest.raises(exc) as info:
        sess.run(None, feed)
    assert isinstance(info.value, ValueError)
    for word in words:
        assert word in str(info.value), str(info.value)
    x = np.ones((2, 16), np.float32)
    np.testing.assert_allclose(sess.run(None, {"x": x})[0], reference(x), rtol=1e-5, atol=1e-6)


def test_unknown_output_name(mlp):
    model, _ = mlp
    sess = ort.InferenceSession(model.SerializeToString())
    with pytest.raises(ort.InvalidArgument, match="invalid output name 'zzz'"):
        sess.run(["zzz"], {"x": np.ones((1, 16), np.float32)})


def test_load_errors(tmp_path):
    with pytest.raises(ort.NoSuchFile):
        ort.InferenceSession(str(tmp_path / "missing.onnx"))
    (tmp_path / "junk.onnx").write_bytes(b"\x08\x01garbage that is not a model")
    with pytest.raises(ort.OnyxError):
        ort.InferenceSession(str(tmp_path / "junk.onnx"))
    onyx_bytes, _ = ort.convert_model(make_model(
        [helper.make_node("Relu", ["x"], ["y"])],
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2])]))
    with pytest.raises(ort.InvalidGraph, match="truncated"):
        ort.InferenceSession(onyx_bytes[: len(onyx_bytes) // 2])


def test_unsupported_ops_are_all_listed():
    model = make_model(
        [helper.make_node("Relu", ["x"], ["a"], name="ok"),
         helper.make_node("NoSuchOp", ["a"], ["b"], name="first_bad"),
         helper.make_node("AlsoMissing", ["b"], ["y"], name="second_bad")],
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2])])
    with pytest.raises(ort.NotImplemented) as info:
        ort.InferenceSession(model.SerializeToString())
    message = str(info.value)
    assert "2 node(s)" in message and "'first_bad'" in message and "'second_bad'" in message


def test_run_options_and_session_options(mlp):
    model, reference = mlp
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.add_session_config_entry("session.test", "1")
    assert so.get_session_config_entry("session.test") == "1"
    sess = ort.InferenceSession(model.SerializeToString(), sess_options=so)
    ro = ort.RunOptions()
    ro.logid = "tag"
    x = np.ones((1, 16), np.float32)
    np.testing.assert_allclose(sess.run(None, {"x": x}, ro)[0], reference(x), rtol=1e-5)
    ro.terminate = True
    with pytest.raises(ort.Fail, match="terminate"):
        sess.run(None, {"x": x}, ro)
    ro.terminate = False
    np.testing.assert_allclose(sess.run(None, {"x": x}, ro)[0], reference(x), rtol=1e-5)


def test_unavailable_provider_warns_and_falls_back(mlp):
    model, _ = mlp
    with pytest.warns(UserWarning, match="CUDAExecutionProvider"):
        sess = ort.InferenceSession(model.SerializeToString(),
                                    providers=["CUDAExecutionProvider", "CPUExecutionProvider"])
    assert sess.get_providers() == ["CPUExecutionProvider"]


def test_concurrent_runs_agree(mlp):
    from concurrent.futures import ThreadPoolExecutor

    model, reference = mlp
    sess = ort.InferenceSession(model.SerializeToString())
    rng = np.random.default_rng(3)
    xs = [rng.standard_normal((1 + i % 3, 16)).astype(np.float32) for i in range(64)]
    with ThreadPoolExecutor(8) as pool:
        ys = list(pool.map(lambda x: sess.run(None, {"x": x})[0], xs))
    for x, y in zip(xs, ys):
        np.testing.assert_allclose(y, reference(x), rtol=1e-5, atol=1e-6)


def test_onyx_convert_cli(mlp, tmp_path):
    model, _ = mlp
    onnx.save(model, tmp_path / "m.onnx")
    out = subprocess.run(["onyx-convert", str(tmp_path / "m.onnx"), "-o", str(tmp_path / "m.onyx"),
                          "--input-shape", "x:4,16"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    # The default level fuses the MLP's Gemm + Relu.
    assert "FusedGemm" in out.stdout and "arena:" in out.stdout and "naive" in out.stdout
    plain = subprocess.run(["onyx-convert", str(tmp_path / "m.onnx"), "-o", str(tmp_path / "p.onyx"),
                            "--optimize", "disable_all"], capture_output=True, text=True)
    assert plain.returncode == 0 and "Gemm 1" in plain.stdout and "passes:" not in plain.stdout, plain.stdout
    sess = ort.InferenceSession(str(tmp_path / "m.onyx"))
    assert sess.get_inputs()[0].shape == [4, 16]
    bad = subprocess.run(["onyx-convert", str(tmp_path / "nope.onnx"), "-o", str(tmp_path / "x.onyx")],
                         capture_output=True, text=True)
    assert bad.returncode != 0 and "nope.onnx" in bad.stderr
    wrong = subprocess.run(["onyx-convert", str(tmp_path / "m.onnx"), "-o", str(tmp_path / "x.onyx"),
                            "--input-shape", "x:4,15"], capture_output=True, text=True)
    assert wrong.returncode != 0 and "fixed to 16" in wrong.stderr
