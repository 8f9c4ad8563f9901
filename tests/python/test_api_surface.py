"""The rest of ONNX Runtime's Python API in onyx: SessionOptions and RunOptions
(names, defaults, types, what each one does), the module functions, the
exception classes, onyx.datasets, onyx.convert (function and
`python3 -m onyx.convert`), onyx.validate, and the package's metadata.

Truths are independent of onyx: numpy references, onnx's own parsing of the
models onyx writes or edits, and hand-derived values."""

import importlib
import os
import subprocess
import sys

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

import onyx
import onyx as ort
from onyx import datasets
from conftest import conv2d_nchw, make_model

ERROR_NAMES = ["Fail", "InvalidArgument", "NoSuchFile", "NoModel", "EngineError", "RuntimeException",
               "InvalidProtobuf", "ModelLoaded", "NotImplemented", "InvalidGraph", "EPFail"]


def python_env():
    """The environment a subprocess needs to import the same onyx as this test."""
    env = dict(os.environ)
    root = os.path.dirname(os.path.dirname(onyx.__file__))
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def run_module(module, *args, cwd=None):
    return subprocess.run([sys.executable, "-m", module, *map(str, args)], capture_output=True, text=True,
                          env=python_env(), cwd=cwd)


@pytest.fixture
def symbolic_add():
    """y = x + w; x and y [batch(DATA_BATCH), seq, 4]; w an initializer of ones."""
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", "seq", 4])
    x.type.tensor_type.shape.dim[0].denotation = "DATA_BATCH"
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", "seq", 4])
    w = numpy_helper.from_array(np.ones(4, np.float32), "w")
    return make_model([helper.make_node("Add", ["x", "w"], ["y"], name="add")], [x], [y], [w])


# -- SessionOptions --------------------------------------------------------

SESSION_DEFAULTS = {
    "intra_op_num_threads": 0,
    "inter_op_num_threads": 0,
    "execution_mode": ort.ExecutionMode.ORT_SEQUENTIAL,
    "execution_order": ort.ExecutionOrder.DEFAULT,
    "graph_optimization_level": ort.GraphOptimizationLevel.ORT_ENABLE_ALL,
    "optimized_model_filepath": "",
    "enable_profiling": False,
    "profile_file_prefix": "onnxruntime_profile_",
    "log_severity_level": -1,
    "log_verbosity_level": 0,
    "logid": "",
    "enable_mem_pattern": True,
    "enable_mem_reuse": True,
    "enable_cpu_mem_arena": True,
    "use_deterministic_compute": False,
    "use_per_session_threads": True,
}


def test_session_options_defaults():
    so = ort.SessionOptions()
    for name, value in SESSION_DEFAULTS.items():
        got = getattr(so, name)
        assert got == value and type(got) is type(value), (name, got)


@pytest.mark.parametrize("name, value", [
    ("intra_op_num_threads", 3), ("inter_op_num_threads", 2),
    ("execution_mode", ort.ExecutionMode.ORT_PARALLEL),
    ("execution_order", ort.ExecutionOrder.PRIORITY_BASED),
    ("graph_optimization_level", ort.GraphOptimizationLevel.ORT_ENABLE_BASIC),
    ("optimized_model_filepath", "/tmp/x.onyx"), ("enable_profiling", True), ("profile_file_prefix", "p_"),
    ("log_severity_level", 3), ("log_verbosity_level", 1), ("logid", "sess-1"), ("enable_mem_pattern", False),
    ("enable_mem_reuse", False), ("enable_cpu_mem_arena", False), ("use_deterministic_compute", True),
])
def test_session_options_round_trip(name, value):
    so = ort.SessionOptions()
    setattr(so, name, value)
    assert getattr(so, name) == value
    assert getattr(ort.SessionOptions(), name) == SESSION_DEFAULTS[name]  # Instances do not share values.


@pytest.mark.parametrize("name, value", [
    ("intra_op_num_threads", "2"), ("intra_op_num_threads", 2.5), ("execution_mode", "ORT_PARALLEL"),
    ("graph_optimization_level", 5), ("graph_optimization_level", True), ("enable_profiling", "yes"),
    ("logid", 3), ("optimized_model_filepath", 3), ("log_severity_level", None),
])
def test_session_options_refuse_wrong_types(name, value):
    so = ort.SessionOptions()
    with pytest.raises(TypeError, match=name):
        setattr(so, name, value)
    assert getattr(so, name) == SESSION_DEFAULTS[name]


def test_session_options_conversions():
    so = ort.SessionOptions()
    so.graph_optimization_level = 1  # onyx also takes the value (ONNX Runtime only the member).
    assert so.graph_optimization_level is ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
    so.execution_mode = np.int64(1)
    assert so.execution_mode is ort.ExecutionMode.ORT_PARALLEL
    so.enable_profiling = 1
    assert so.enable_profiling is True
    so.enable_mem_pattern = None
    assert so.enable_mem_pattern is False
    so.intra_op_num_threads = True
    assert so.intra_op_num_threads == 1
    so.profile_file_prefix = b"bytes_"
    assert so.profile_file_prefix == "bytes_"


def test_unknown_attributes_raise_attribute_error():
    for options in (ort.SessionOptions(), ort.RunOptions()):
        with pytest.raises(AttributeError, match="intra_op_threads"):
            options.intra_op_threads = 1  # A typo must not pass silently.
        with pytest.raises(AttributeError):
            options.no_such_attribute  # noqa: B018


def test_session_config_entries():
    so = ort.SessionOptions()
    with pytest.raises(RuntimeError, match="^SessionOptions does not have configuration with key: session.x$"):
        so.get_session_config_entry("session.x")
    so.add_session_config_entry("session.x", "1")
    so.add_session_config_entry("session.x", "2")  # Overwrites.
    assert so.get_session_config_entry("session.x") == "2"
    with pytest.raises(TypeError):
        so.add_session_config_entry("k", 3)
    with pytest.raises(TypeError):
        so.add_session_config_entry(3, "v")


def test_enums():
    assert {m.name: int(m) for m in ort.GraphOptimizationLevel} == {
        "ORT_DISABLE_ALL": 0, "ORT_ENABLE_BASIC": 1, "ORT_ENABLE_EXTENDED": 2, "ORT_ENABLE_LAYOUT": 3,
        "ORT_ENABLE_ALL": 99}
    assert {m.name: int(m) for m in ort.ExecutionMode} == {"ORT_SEQUENTIAL": 0, "ORT_PARALLEL": 1}
    assert {m.name: int(m) for m in ort.ExecutionOrder} == {"DEFAULT": 0, "PRIORITY_BASED": 1,
                                                             "MEMORY_EFFICIENT": 2}
    level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    assert str(level) == "GraphOptimizationLevel.ORT_ENABLE_EXTENDED" == "%s" % level
    assert level == 2 and ort.GraphOptimizationLevel(2) is level and level.value == 2


def test_free_dimension_override_by_name(symbolic_add):
    so = ort.SessionOptions()
    so.add_free_dimension_override_by_name("seq", 3)
    sess = ort.InferenceSession(symbolic_add.SerializeToString(), so)
    assert sess.get_inputs()[0].shape == ["batch", 3, 4]  # Only "seq" is fixed.
    assert sess.get_outputs()[0].shape == ["batch", 3, 4]
    x = np.arange(2 * 3 * 4, dtype=np.float32).reshape(2, 3, 4)
    np.testing.assert_array_equal(sess.run(None, {"x": x})[0], x + 1)
    with pytest.raises(ort.InvalidArgument, match="'x'"):
        sess.run(None, {"x": np.zeros((2, 5, 4), np.float32)})
    # A name no dimension has changes nothing, as in ONNX Runtime.
    so = ort.SessionOptions()
    so.add_free_dimension_override_by_name("nonexistent", 3)
    assert ort.InferenceSession(symbolic_add.SerializeToString(), so).get_inputs()[0].shape == ["batch", "seq", 4]


def test_free_dimension_override_by_denotation(symbolic_add, tmp_path):
    so = ort.SessionOptions()
    so.add_free_dimension_override_by_denotation("DATA_BATCH", 2)
    so.add_free_dimension_override_by_name("seq", 1)
    onnx.save(symbolic_add, tmp_path / "m.onnx")
    sess = ort.InferenceSession(str(tmp_path / "m.onnx"), so)
    assert sess.get_inputs()[0].shape == [2, 1, 4]
    with pytest.raises(ort.InvalidArgument, match="'x'"):
        sess.run(None, {"x": np.zeros((1, 1, 4), np.float32)})
    with pytest.raises(TypeError):
        so.add_free_dimension_override_by_name("seq", "1")
    so = ort.SessionOptions()
    so.add_free_dimension_override_by_name("seq", -2)  # Accepted here, refused when used (as ONNX Runtime).
    with pytest.raises(ort.InvalidArgument, match="'seq' is -2"):
        ort.InferenceSession(symbolic_add.SerializeToString(), so)


def test_free_dimension_override_edit_is_exact(symbolic_add):
    """The wire-format edit gives the model onnx itself would write."""
    from onyx import _onnx_proto

    edited, count = _onnx_proto.override_free_dims(symbolic_add.SerializeToString(), {"seq": 7}, {"DATA_BATCH": 5})
    # Both of x's symbolic dims, and both of y's: its "batch" is the symbol x's DATA_BATCH dim has.
    assert count == 4
    model = onnx.load_from_string(edited)
    dims = model.graph.input[0].type.tensor_type.shape.dim
    assert [(d.dim_value, d.dim_param, d.denotation) for d in dims] == [(5, "", "DATA_BATCH"), (7, "", ""),
                                                                        (4, "", "")]
    assert [d.dim_param or d.dim_value for d in model.graph.output[0].type.tensor_type.shape.dim] == [5, 7, 4]
    for vi in (model.graph.input[0], model.graph.output[0]):
        vi.type.tensor_type.shape.dim[0].dim_param = "batch"
        vi.type.tensor_type.shape.dim[1].dim_param = "seq"
    assert model.SerializeToString() == symbolic_add.SerializeToString()  # Nothing else changed.


class FakeOrtValue:
    """Anything with numpy(), as ONNX Runtime's OrtValue has."""

    def __init__(self, array):
        self._array = array

    def numpy(self):
        return self._array


def test_add_initializer(symbolic_add, tmp_path):
    x = np.zeros((1, 2, 4), np.float32)
    w = np.array([1, 2, 3, 4], np.float32)
    for value in (w, FakeOrtValue(w), ort.OrtValue.ortvalue_from_numpy(w)):
        so = ort.SessionOptions()
        so.add_initializer("w", value)
        sess = ort.InferenceSession(symbolic_add.SerializeToString(), so)
        np.testing.assert_array_equal(sess.run(None, {"x": x})[0], x + w)
    so = ort.SessionOptions()
    so.add_initializer("not_in_model", w)  # Ignored, as in ONNX Runtime.
    np.testing.assert_array_equal(ort.InferenceSession(symbolic_add.SerializeToString(), so).run(None, {"x": x})[0],
                                  x + 1)
    so = ort.SessionOptions()
    so.add_initializer("w", w.astype(np.float64))
    with pytest.raises(ort.InvalidArgument, match="'w'.*tensor\\(double\\).*tensor\\(float\\)"):
        ort.InferenceSession(symbolic_add.SerializeToString(), so)
    with pytest.raises(TypeError):
        so.add_initializer("w", [1.0, 2.0])
    # An .onyx model is converted already: its initializers cannot change.
    (tmp_path / "m.onyx").write_bytes(ort.convert(symbolic_add))
    so = ort.SessionOptions()
    so.add_initializer("w", w)
    with pytest.raises(ort.NotImplemented, match="'?w'?"):
        ort.InferenceSession(str(tmp_path / "m.onyx"), so)


def test_add_initializer_edit_is_exact(symbolic_add):
    from onyx import _onnx_proto

    w = np.array([[1.5, -2.0, 0.25, 8.0]], np.float32).reshape(4)
    edited, replaced = _onnx_proto.replace_initializers(symbolic_add.SerializeToString(), {"w": w, "zz": w})
    assert replaced == ["w"]
    model = onnx.load_from_string(edited)
    (init,) = model.graph.initializer
    assert init.name == "w" and init.data_type == TensorProto.FLOAT
    np.testing.assert_array_equal(numpy_helper.to_array(init), w)
    for dtype in (np.float16, np.int64, np.bool_, np.uint8, np.float64):
        tensor_bytes, _ = _onnx_proto.encode_tensor("t", np.arange(6).reshape(2, 3).astype(dtype))
        t = TensorProto()
        t.ParseFromString(tensor_bytes)
        np.testing.assert_array_equal(numpy_helper.to_array(t), np.arange(6).reshape(2, 3).astype(dtype))


def test_optimized_model_filepath_writes_the_onyx_model(mlp, tmp_path):
    model, reference = mlp
    so = ort.SessionOptions()
    so.optimized_model_filepath = str(tmp_path / "opt.onyx")
    x = np.ones((2, 16), np.float32)
    first = ort.InferenceSession(model.SerializeToString(), so).run(None, {"x": x})[0]
    data = (tmp_path / "opt.onyx").read_bytes()
    assert data[8:12] == b"ONYX" and data == ort.convert(model)
    np.testing.assert_allclose(ort.InferenceSession(str(tmp_path / "opt.onyx")).run(None, {"x": x})[0], first)
    np.testing.assert_allclose(first, reference(x), rtol=1e-5, atol=1e-6)


def test_graph_optimization_level_reaches_the_converter(mlp):
    """Each level converts and runs the same; where the converter takes levels,
    ORT_DISABLE_ALL keeps every node of the model."""
    model, reference = mlp
    x = np.random.default_rng(5).standard_normal((3, 16)).astype(np.float32)
    for level in ort.GraphOptimizationLevel:
        so = ort.SessionOptions()
        so.graph_optimization_level = level
        y = ort.InferenceSession(model.SerializeToString(), so).run(None, {"x": x})[0]
        np.testing.assert_allclose(y, reference(x), rtol=1e-5, atol=1e-6)
    if ort.convert.optimization_levels_supported():
        _, summary = ort.convert.convert_with_summary(model, optimization_level=0)
        assert summary["num_nodes"] == len(model.graph.node)


def test_run_options():
    ro = ort.RunOptions()
    assert (ro.log_severity_level, ro.log_verbosity_level, ro.logid, ro.terminate,
            ro.only_execute_path_to_fetches) == (-1, 0, "", False, False)
    ro.log_severity_level, ro.log_verbosity_level, ro.logid = 1, 2, "run-7"
    ro.terminate, ro.only_execute_path_to_fetches = True, 1
    assert (ro.log_severity_level, ro.log_verbosity_level, ro.logid, ro.terminate,
            ro.only_execute_path_to_fetches) == (1, 2, "run-7", True, True)
    with pytest.raises(TypeError):
        ro.terminate = "no"
    with pytest.raises(TypeError):
        ro.logid = 5
    with pytest.raises(RuntimeError, match="^RunOptions does not have configuration with key: k$"):
        ro.get_run_config_entry("k")
    ro.add_run_config_entry("k", "v")
    assert ro.get_run_config_entry("k") == "v"


def test_terminate_stops_a_run_and_the_session_stays_usable():
    """A Loop of 10^7 iterations (seconds): terminate set from another thread stops it."""
    import threading

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
    model = make_model(
        [helper.make_node("Loop", ["n", "cond", "a"], ["y"], body=body)],
        [helper.make_tensor_value_info("n", TensorProto.INT64, []),
         helper.make_tensor_value_info("cond", TensorProto.BOOL, []),
         helper.make_tensor_value_info("a", TensorProto.FLOAT, [])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [])])
    sess = ort.InferenceSession(model.SerializeToString())
    feed = {"n": np.array(10 ** 7, np.int64), "cond": np.array(True), "a": np.array(0, np.float32)}
    ro = ort.RunOptions()
    timer = threading.Timer(0.05, lambda: setattr(ro, "terminate", True))
    timer.start()
    with pytest.raises(ort.Fail, match="terminate"):
        sess.run(None, feed, ro)
    timer.join()
    ro.terminate = False
    small = dict(feed, n=np.array(5, np.int64))
    assert sess.run(None, small, ro)[0] == 5


# -- module functions ------------------------------------------------------

def test_module_functions():
    assert ort.get_device() in ("CPU", "GPU")
    assert (ort.get_device() == "GPU") == ("CUDAExecutionProvider" in ort.get_available_providers())
    available = ort.get_available_providers()
    assert available[-1] == "CPUExecutionProvider"
    all_providers = ort.get_all_providers()
    assert set(available) <= set(all_providers)
    for name in ["CUDAExecutionProvider", "TensorrtExecutionProvider", "XnnpackExecutionProvider",
                 "CoreMLExecutionProvider", "DmlExecutionProvider", "OpenVINOExecutionProvider",
                 "QNNExecutionProvider", "CPUExecutionProvider"]:
        assert name in all_providers
    assert len(set(all_providers)) == len(all_providers) and all_providers[-1] == "CPUExecutionProvider"
    assert ort.get_version_string() == ort.__version__
    assert tuple(int(p) for p in ort.__version__.split(".")[:2]) >= (0, 1)
    assert ort.__version__ in ort.get_build_info()
    assert ort.disable_telemetry_events() is None and ort.enable_telemetry_events() is None


def test_logger_severity_and_seed():
    from onyx import _settings

    try:
        ort.set_default_logger_severity(3)
        assert _settings["logger_severity"] == 3
        for bad in (5, -1):
            with pytest.raises(RuntimeError, match="severity"):
                ort.set_default_logger_severity(bad)
        with pytest.raises(TypeError):
            ort.set_default_logger_severity("3")
        ort.set_default_logger_verbosity(1)
        assert _settings["logger_verbosity"] == 1
        ort.set_seed(1234)
        assert _settings["seed"] == 1234
        for bad in ("a", 1.5):
            with pytest.raises(TypeError):
                ort.set_seed(bad)
    finally:
        ort.set_default_logger_severity(2)
        ort.set_default_logger_verbosity(0)


def test_ort_device():
    cpu = ort.OrtDevice.make("cpu", 0)
    assert (cpu.device_type(), cpu.device_id(), cpu.device_vendor_id(), cpu.device_mem_type()) == (0, 0, 0, 0)
    cuda = ort.OrtDevice.make("cuda", 1)
    assert (cuda.device_type(), cuda.device_id(), cuda.device_vendor_id()) == (1, 1, 0x10DE)
    assert cuda == ort.OrtDevice.make("cuda", 1) and cuda != cpu
    with pytest.raises(Exception, match="Unsupported device type: tpu"):
        ort.OrtDevice.make("tpu", 0)


# -- exceptions ------------------------------------------------------------

def test_every_exception_class_at_onnx_runtimes_paths():
    from onyx.capi import _pybind_state, onnxruntime_pybind11_state as state

    for name in ERROR_NAMES + ["NotFound", "ModelLoadCanceled", "ModelRequiresCompilation", "DeviceReset"]:
        cls = getattr(state, name)
        assert cls is getattr(ort, name) is getattr(_pybind_state, name)
        assert issubclass(cls, ort.OnyxError) and issubclass(cls, RuntimeError)
        error = cls("something about 'x'")
        assert str(error).startswith("[ONYXError] : %d : " % cls.ort_code) and str(error).endswith("about 'x'")
        assert error.message == "something about 'x'"
    assert issubclass(ort.InvalidArgument, ValueError)
    assert issubclass(ort.NoSuchFile, FileNotFoundError)
    assert issubclass(ort.NotImplemented, NotImplementedError)
    assert state.SessionOptions is ort.SessionOptions and state.get_all_providers is ort.get_all_providers


@pytest.mark.parametrize("code, message, name", [
    (1, "input 'x' is bad", "InvalidArgument"), (2, "node 'n' is inconsistent", "InvalidGraph"),
    (2, "not a valid ONNX model (protobuf parse failed)", "InvalidProtobuf"),
    (3, "cannot open 'm.onyx'", "NoSuchFile"), (3, "no kernel for Foo opset 3", "NotImplemented"),
    (4, "2 node(s) use operators onyx does not support", "NotImplemented"), (5, "out of memory", "RuntimeException"),
    (6, "bad state", "Fail"), (7, "invariant", "RuntimeException"), (8, "cudaMalloc failed", "EPFail"),
    (9, "run stopped: RunOptions.terminate", "Fail"),
])
def test_status_codes_map_to_onnx_runtimes_classes(code, message, name):
    from onyx._errors import raise_status

    with pytest.raises(getattr(ort, name)) as info:
        raise_status(code, message)
    assert type(info.value).__name__ == name and info.value.code == code and message in str(info.value)


def test_load_errors_name_the_file(tmp_path):
    path = tmp_path / "gone.onnx"
    path.write_bytes(b"")
    path.unlink()
    with pytest.raises(ort.NoSuchFile, match="gone.onnx"):
        ort.InferenceSession(str(path))
    with pytest.raises(ort.InvalidProtobuf):
        ort.InferenceSession(b"this is not a model at all")
    with pytest.raises(TypeError, match="Unable to load from type"):
        ort.InferenceSession(42)


# -- datasets ----------------------------------------------------------------

def test_datasets_io():
    expected = {
        "sigmoid.onnx": ([("x", [3, 4, 5], "tensor(float)")], [("y", [3, 4, 5], "tensor(float)")]),
        "mul_1.onnx": ([("X", [3, 2], "tensor(float)")], [("Y", [3, 2], "tensor(float)")]),
        "logreg_iris.onnx": ([("float_input", [3, 2], "tensor(float)")],
                             [("label", [3], "tensor(int64)"), ("probabilities", [3, 3], "tensor(float)")]),
        "small_cnn.onnx": ([("image", ["batch", 3, 32, 32], "tensor(float)")],
                           [("probabilities", ["batch", 10], "tensor(float)")]),
    }
    assert sorted(datasets.list_examples()) == sorted(expected)
    for name, (inputs, outputs) in expected.items():
        path = datasets.get_example(name)
        assert os.path.isabs(path) and os.path.basename(path) == name
        onnx.checker.check_model(onnx.load(path))
        sess = ort.InferenceSession(path)
        assert [(a.name, a.shape, a.type) for a in sess.get_inputs()] == inputs
        assert [(a.name, a.shape, a.type) for a in sess.get_outputs()] == outputs


def test_datasets_behaviour():
    rng = np.random.default_rng(11)
    sess = ort.InferenceSession(datasets.get_example("sigmoid.onnx"))
    x = rng.standard_normal((3, 4, 5)).astype(np.float32)
    np.testing.assert_allclose(sess.run(None, {"x": x})[0], 1 / (1 + np.exp(-x)), rtol=1e-6)
    sess = ort.InferenceSession(datasets.get_example("mul_1.onnx"))
    x = np.ones((3, 2), np.float32)
    np.testing.assert_array_equal(sess.run(None, {"X": x})[0], [[1, 2], [3, 4], [5, 6]])

    path = datasets.get_example("logreg_iris.onnx")
    weights = {t.name: numpy_helper.to_array(t) for t in onnx.load(path).graph.initializer}
    sepals = np.array([[5.0, 3.4], [5.9, 2.8], [6.6, 3.0]], np.float32)  # Typical setosa, versicolor, virginica.
    label, probabilities = ort.InferenceSession(path).run(None, {"float_input": sepals})
    per_class = 1 / (1 + np.exp(-(sepals.astype(np.float64) @ weights["coef"] + weights["intercept"])))
    np.testing.assert_allclose(probabilities, per_class / per_class.sum(1, keepdims=True), rtol=1e-5)
    np.testing.assert_allclose(probabilities.sum(1), 1, rtol=1e-6)
    assert label.dtype == np.int64 and list(label) == [0, 1, 2]


def test_datasets_image_classifier_against_numpy():
    path = datasets.get_example("small_cnn.onnx")
    w = {t.name: numpy_helper.to_array(t) for t in onnx.load(path).graph.initializer}
    image = np.random.default_rng(2).random((2, 3, 32, 32), dtype=np.float32)
    (probabilities,) = ort.InferenceSession(path).run(None, {"image": image})
    c1 = conv2d_nchw(image, w["conv1_w"], w["conv1_b"], pad=1)
    bn = lambda a: ((a - w["bn_mean"][:, None, None]) / np.sqrt(w["bn_var"][:, None, None] + 1e-5)  # noqa: E731
                    * w["bn_scale"][:, None, None] + w["bn_bias"][:, None, None])
    r1 = np.maximum(bn(c1), 0)
    p1 = r1.reshape(2, 8, 16, 2, 16, 2).max(axis=(3, 5))
    r2 = np.maximum(conv2d_nchw(p1, w["conv2_w"], w["conv2_b"], stride=2, pad=1), 0)
    logits = r2.mean(axis=(2, 3)) @ w["fc_w"].T + w["fc_b"]
    e = np.exp(logits - logits.max(1, keepdims=True))
    np.testing.assert_allclose(probabilities, e / e.sum(1, keepdims=True), rtol=1e-4, atol=1e-6)


def test_datasets_unknown_name():
    with pytest.raises(FileNotFoundError, match="Unable to find example 'nope.onnx'"):
        datasets.get_example("nope.onnx")


def test_datasets_generator_matches_the_list_and_is_deterministic(tmp_path):
    from onyx.datasets import make_examples

    assert sorted(make_examples.EXAMPLES) == sorted(datasets.NAMES)
    make_examples.write_examples(tmp_path / "a")
    make_examples.write_examples(tmp_path / "b")
    for name in datasets.NAMES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_installed_package_ships_the_examples():
    if "-packages" not in onyx.__file__:
        pytest.skip("onyx is not installed from its wheel here (a staged source tree)")
    for name in datasets.NAMES:
        assert os.path.dirname(datasets.get_example(name)) == os.path.dirname(datasets.__file__)


# -- onyx.convert -------------------------------------------------------------

def test_convert_function(mlp, tmp_path):
    model, reference = mlp
    onnx.save(model, tmp_path / "m.onnx")
    from_proto = ort.convert(model)
    assert from_proto[8:12] == b"ONYX"
    assert ort.convert(model.SerializeToString()) == from_proto
    assert ort.convert(str(tmp_path / "m.onnx")) == from_proto == ort.convert.convert(tmp_path / "m.onnx")
    assert ort.convert_model(model)[0] == from_proto
    fixed = ort.convert(model, output=tmp_path / "fixed.onyx", input_shapes={"x": [4, 16]})
    assert (tmp_path / "fixed.onyx").read_bytes() == fixed
    assert ort.convert(model, input_shapes=["x:4,16"]) == fixed
    sess = ort.InferenceSession(fixed)
    assert sess.get_inputs()[0].shape == [4, 16]
    x = np.ones((4, 16), np.float32)
    np.testing.assert_allclose(sess.run(None, {"x": x})[0], reference(x), rtol=1e-5, atol=1e-6)
    assert ort.InferenceSession(ort.convert(model, free_dimension_overrides={"batch": 2})).get_inputs()[0].shape == [
        2, 16]
    with pytest.raises(ort.NoSuchFile, match="missing.onnx"):
        ort.convert(tmp_path / "missing.onnx")
    with pytest.raises(ort.InvalidArgument, match="fixed to 16"):
        ort.convert(model, input_shapes={"x": [4, 15]})
    with pytest.raises(ort.InvalidArgument, match="'nope'"):
        ort.convert(model, input_shapes={"nope": [1]})
    with pytest.raises(ort.InvalidArgument, match="not an optimization level"):
        ort.convert(model, optimization_level="fastest")


@pytest.mark.parametrize("text, level", [("0", 0), ("basic", 1), ("extended", 2), ("layout", 3), ("all", 99),
                                         ("ORT_ENABLE_ALL", 99), ("disable", 0), (2, 2)])
def test_optimization_level_names(text, level):
    assert ort.convert.parse_optimization_level(text) == level


def test_parse_input_shape():
    parse = ort.convert.parse_input_shape
    assert parse("x:1,3,224,224") == ("x", [1, 3, 224, 224])
    assert parse("a:b:2") == ("a:b", [2])  # The last colon separates, as in onyx-convert.
    assert parse("s:") == ("s", [])
    for bad in ("x", ":1", "x:1,-2", "x:1,,2", "x:a"):
        with pytest.raises(ort.InvalidArgument):
            parse(bad)


def test_convert_command_line(mlp, tmp_path):
    model, _ = mlp
    onnx.save(model, tmp_path / "m.onnx")
    out = run_module("onyx.convert", tmp_path / "m.onnx", "-o", tmp_path / "m.onyx", "--input-shape", "x:4,16",
                     "--optimize", "disable_all")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("%s -> %s (" % (tmp_path / "m.onnx", tmp_path / "m.onyx"))
    assert "Gemm 1" in lines[1] and lines[1].startswith("  nodes:   7 (")  # As in the model: nothing fused.
    assert (tmp_path / "m.onyx").read_bytes() == ort.convert(model, input_shapes={"x": [4, 16]},
                                                             optimization_level="disable_all")
    out = run_module("onyx.convert", tmp_path / "m.onnx", "-o", tmp_path / "m.onyx", "--input-shape", "x:4,16",
                     "--optimize", "all")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert "FusedGemm" in lines[1]  # Gemm + Relu fused.
    assert any(line.startswith("  weights: ") for line in lines) and "arena:" in out.stdout and "naive" in out.stdout
    assert ort.InferenceSession(str(tmp_path / "m.onyx")).get_inputs()[0].shape == [4, 16]
    assert (tmp_path / "m.onyx").read_bytes() == ort.convert(model, input_shapes={"x": [4, 16]})

    quiet = run_module("onyx.convert", tmp_path / "m.onnx", "-o", tmp_path / "q.onyx", "--quiet")
    assert quiet.returncode == 0 and quiet.stdout == "" and (tmp_path / "q.onyx").exists()
    missing = run_module("onyx.convert", tmp_path / "nope.onnx", "-o", tmp_path / "x.onyx")
    assert missing.returncode == 1 and "nope.onnx" in missing.stderr
    wrong = run_module("onyx.convert", tmp_path / "m.onnx", "-o", tmp_path / "x.onyx", "--input-shape", "x:4,15")
    assert wrong.returncode == 1 and "fixed to 16" in wrong.stderr
    bad_spec = run_module("onyx.convert", tmp_path / "m.onnx", "-o", tmp_path / "x.onyx", "--input-shape", "x")
    assert bad_spec.returncode == 2 and "NAME:D0,D1" in bad_spec.stderr
    no_output = run_module("onyx.convert", tmp_path / "m.onnx")
    assert no_output.returncode == 2 and "-o" in no_output.stderr
    helped = run_module("onyx.convert", "--help")
    assert helped.returncode == 0 and "--input-shape" in helped.stdout and "--optimize" in helped.stdout
    assert not (tmp_path / "x.onyx").exists()


def test_convert_module_is_the_callable():
    module = importlib.import_module("onyx.convert")
    assert module is ort.convert and callable(module) and module.convert is not module


# -- onyx.validate ---------------------------------------------------------------

def test_validate_random_inputs(mlp, tmp_path):
    model, reference = mlp
    onnx.save(model, tmp_path / "m.onnx")
    result = ort.validate(str(tmp_path / "m.onnx"))
    assert result.ok and bool(result) and result.seed == 0
    (y,) = result.outputs
    assert (y.name, y.dtype, y.shape) == ("y", "float32", [2, 8])  # batch 1 -> Reshape to [2, 8].
    assert y.max_abs <= 1e-6 and y.max_rel <= 1e-5 and result["y"] is y
    assert result.inputs["x"].shape == (1, 16) and result.inputs["x"].dtype == np.float32
    text = str(result)
    for word in ["y", "float32", "max abs err", "max rel err", "x float32[1, 16]", "seed 0", "yes"]:
        assert word in text, text
    again = ort.validate(model, seed=0)
    np.testing.assert_array_equal(again.inputs["x"], result.inputs["x"])
    other = ort.validate(model, seed=1, free_dimension_overrides={"batch": 3})
    assert other.inputs["x"].shape == (3, 16) and not np.array_equal(other.inputs["x"][:1], result.inputs["x"])


def test_validate_given_inputs_and_errors(mlp):
    model, _ = mlp
    x = np.full((2, 16), 0.5, np.float32)
    result = ort.validate(model, inputs={"x": x}, providers=["CPUExecutionProvider"],
                          optimization_level=ort.GraphOptimizationLevel.ORT_ENABLE_BASIC)
    assert result.ok and result.seed is None and result.inputs["x"] is x and "given" in str(result)
    assert result.providers == ["CPUExecutionProvider"]
    assert result.optimization_level == ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
    with pytest.raises(ort.InvalidArgument, match="'nope'"):
        ort.validate(model, inputs={"nope": x})
    with pytest.raises(ort.InvalidArgument, match="the .onnx model, not an .onyx"):
        ort.validate(ort.convert(model))


def test_validate_measures_errors():
    from onyx.validate import _compare

    ref = np.array([[1.0, 2.0], [0.0, -4.0]], np.float32)
    got = np.array([[1.1, 2.0], [0.0, -4.4]], np.float32)
    e = _compare("y", ref, got, rtol=1e-3, atol=1e-5)
    assert not e.ok and e.worst_index == (1, 1)
    assert e.max_abs == pytest.approx(0.4, rel=1e-5) and e.max_rel == pytest.approx(0.1, rel=1e-5)
    nan = np.array([np.nan, 1.0], np.float32)
    assert _compare("n", nan, nan.copy(), 1e-3, 1e-5).ok  # NaN where NaN is expected.
    assert _compare("n", nan, np.array([0.0, 1.0], np.float32), 1e-3, 1e-5).max_abs == np.inf
    assert not _compare("s", ref, ref[:1], 1e-3, 1e-5).ok  # A different shape.
    assert _compare("i", np.array([3, 4]), np.array([3, 5]), 0, 0).max_abs == 1
    assert _compare("q", [ref, ref], [ref, got], 1e-3, 1e-5).worst_index == (1, 1, 1)
    assert _compare("o", None, None, 0, 0).ok and not _compare("o", None, ref, 0, 0).ok
    strings = np.array(["a", "b"], dtype=object)
    assert _compare("t", strings, strings.copy(), 0, 0).ok
    assert not _compare("t", strings, np.array(["a", "c"], dtype=object), 0, 0).ok


def test_validate_command_line(tmp_path):
    path = datasets.get_example("small_cnn.onnx")
    out = run_module("onyx.validate", path, "--dim", "batch=2", "--seed", "3")
    assert out.returncode == 0, out.stderr
    assert "probabilities" in out.stdout and "image float32[2, 3, 32, 32]" in out.stdout
    bad = run_module("onyx.validate", tmp_path / "missing.onnx")
    assert bad.returncode == 2 and "missing.onnx" in bad.stderr


# -- packaging ---------------------------------------------------------------------

def test_package_metadata():
    if "-packages" not in onyx.__file__:
        pytest.skip("onyx is not installed from its wheel here (a staged source tree)")
    from importlib import metadata

    assert metadata.version("onyx") == onyx.__version__
    requires = metadata.requires("onyx")
    assert "numpy" in requires
    assert any(r.startswith("onnx") and "extra ==" in r for r in requires)  # onnx only as an extra.
    files = {str(f) for f in metadata.files("onyx")}
    assert "onyx/_onyx.so" in files and "onyx/datasets/sigmoid.onnx" in files
