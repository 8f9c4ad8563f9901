"""The same calls on onyx and on ONNX Runtime, side by side: option defaults,
types and round trips, enums, module functions, exception classes, the
example models, what bad input raises, what session options do
(test_ort_parity_runtime.py has the run-time API). ONNX Runtime is the truth here;
where onyx departs from it on purpose, the test says so.

Skipped where onnxruntime is not installed (it is never a dependency of onyx)."""

import os
import shutil

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

ortrt = pytest.importorskip("onnxruntime")
from onnxruntime.capi import onnxruntime_pybind11_state as ort_state  # noqa: E402

import onyx  # noqa: E402
from onyx.capi import onnxruntime_pybind11_state as onyx_state  # noqa: E402
from conftest import make_model  # noqa: E402

from ort_parity_util import RUNTIMES, long_loop_model, outcome, raised, same_value, sigmoid_paths  # noqa: E402,F401

SESSION_OPTION_NAMES = [
    "intra_op_num_threads", "inter_op_num_threads", "execution_mode", "execution_order", "graph_optimization_level",
    "optimized_model_filepath", "enable_profiling", "profile_file_prefix", "log_severity_level",
    "log_verbosity_level", "logid", "enable_mem_pattern", "enable_mem_reuse", "enable_cpu_mem_arena",
    "use_deterministic_compute", "use_per_session_threads",
]
RUN_OPTION_NAMES = ["log_severity_level", "log_verbosity_level", "logid", "terminate", "only_execute_path_to_fetches"]


# -- options -----------------------------------------------------------------

@pytest.mark.parametrize("options, names", [("SessionOptions", SESSION_OPTION_NAMES),
                                            ("RunOptions", RUN_OPTION_NAMES)])
def test_option_defaults(options, names):
    ours, theirs = getattr(onyx, options)(), getattr(ortrt, options)()
    for name in names:
        assert same_value(getattr(ours, name), getattr(theirs, name)), (name, getattr(ours, name),
                                                                         getattr(theirs, name))


SESSION_SETS = [
    ("intra_op_num_threads", 3), ("intra_op_num_threads", True), ("intra_op_num_threads", -1),
    ("intra_op_num_threads", "2"), ("intra_op_num_threads", 2.5), ("inter_op_num_threads", 4),
    ("log_severity_level", 7), ("log_verbosity_level", 2), ("logid", "session-tag"), ("logid", 3),
    ("enable_profiling", True), ("enable_profiling", 1), ("enable_profiling", "x"), ("enable_mem_pattern", None),
    ("enable_cpu_mem_arena", False), ("use_deterministic_compute", 1), ("optimized_model_filepath", "o.onnx"),
    ("optimized_model_filepath", 3), ("profile_file_prefix", "prof_"), ("profile_file_prefix", b"bytes_"),
    ("execution_mode", "ORT_PARALLEL"), ("graph_optimization_level", "ORT_ENABLE_BASIC"),
    ("use_per_session_threads", False), ("enable_mem_reuse", 0),
]


@pytest.mark.parametrize("name, value", SESSION_SETS)
def test_session_option_round_trips_and_type_errors(name, value):
    results = {}
    for key, rt in RUNTIMES.items():
        so = rt.SessionOptions()
        results[key] = outcome(lambda: (setattr(so, name, value), getattr(so, name))[1])
    assert results["onyx"][0] == results["onnxruntime"][0], results
    if results["onyx"][0] == "ok":
        assert same_value(results["onyx"][1], results["onnxruntime"][1]), results
    else:
        assert results["onyx"][1] == results["onnxruntime"][1] == "TypeError"


@pytest.mark.parametrize("level", ["ORT_DISABLE_ALL", "ORT_ENABLE_BASIC", "ORT_ENABLE_EXTENDED", "ORT_ENABLE_ALL"])
def test_enum_options_round_trip(level):
    ours, theirs = onyx.SessionOptions(), ortrt.SessionOptions()
    ours.graph_optimization_level = getattr(onyx.GraphOptimizationLevel, level)
    theirs.graph_optimization_level = getattr(ortrt.GraphOptimizationLevel, level)
    assert same_value(ours.graph_optimization_level, theirs.graph_optimization_level)
    ours.execution_mode, theirs.execution_mode = onyx.ExecutionMode.ORT_PARALLEL, ortrt.ExecutionMode.ORT_PARALLEL
    assert same_value(ours.execution_mode, theirs.execution_mode)


@pytest.mark.parametrize("name, value", [("terminate", True), ("terminate", 1), ("terminate", "x"),
                                         ("logid", "run"), ("logid", 5), ("log_severity_level", 0),
                                         ("log_severity_level", "x"), ("log_verbosity_level", 2.0),
                                         ("only_execute_path_to_fetches", 1)])
def test_run_option_round_trips_and_type_errors(name, value):
    results = {}
    for key, rt in RUNTIMES.items():
        ro = rt.RunOptions()
        results[key] = outcome(lambda: (setattr(ro, name, value), getattr(ro, name))[1])
    assert results["onyx"][0] == results["onnxruntime"][0], results
    if results["onyx"][0] == "ok":
        assert same_value(results["onyx"][1], results["onnxruntime"][1]), results
    else:
        assert results["onyx"][1] == results["onnxruntime"][1] == "TypeError"


def test_config_entries():
    for options, add, get, what in [("SessionOptions", "add_session_config_entry", "get_session_config_entry",
                                     "SessionOptions"),
                                    ("RunOptions", "add_run_config_entry", "get_run_config_entry", "RunOptions")]:
        messages = []
        for rt in (onyx, ortrt):
            opts = getattr(rt, options)()
            with pytest.raises(RuntimeError) as info:
                getattr(opts, get)("missing.key")
            messages.append((type(info.value), str(info.value)))
            getattr(opts, add)("some.key", "1")
            getattr(opts, add)("some.key", "2")
            assert getattr(opts, get)("some.key") == "2"
            for bad in [("k", 1), (1, "v")]:
                with pytest.raises(TypeError):
                    getattr(opts, add)(*bad)
        assert messages[0] == messages[1] == (RuntimeError, "%s does not have configuration with key: missing.key"
                                              % what)


def test_unknown_option_attribute():
    for rt in (onyx, ortrt):
        with pytest.raises(AttributeError):
            rt.SessionOptions().intra_op_threads = 1
        with pytest.raises(AttributeError):
            rt.RunOptions().terminated = True


def test_enums():
    for enum in ("GraphOptimizationLevel", "ExecutionMode", "ExecutionOrder"):
        ours, theirs = getattr(onyx, enum), getattr(ortrt, enum)
        assert {k: int(v) for k, v in ours.__members__.items()} == {k: int(v) for k, v in theirs.__members__.items()}
        for name in theirs.__members__:
            assert str(getattr(ours, name)) == str(getattr(theirs, name))
            assert getattr(ours, name) == int(getattr(theirs, name))


# -- module functions -------------------------------------------------------------

def test_providers_and_device():
    assert onyx.get_all_providers() == ortrt.get_all_providers()
    assert set(onyx.get_available_providers()) <= set(ortrt.get_all_providers())
    assert onyx.get_available_providers()[-1] == ortrt.get_available_providers()[-1] == "CPUExecutionProvider"
    assert onyx.get_device() in ("CPU", "GPU") and ortrt.get_device().split("-")[0] in ("CPU", "GPU")
    assert isinstance(onyx.get_version_string(), str) and onyx.get_version_string() == onyx.__version__
    assert ortrt.get_version_string() == ortrt.__version__


def test_module_function_arguments():
    for call in [lambda rt: rt.set_default_logger_severity(5), lambda rt: rt.set_default_logger_severity(-1),
                 lambda rt: rt.set_default_logger_severity("a"), lambda rt: rt.set_default_logger_severity(3),
                 lambda rt: rt.set_seed(7), lambda rt: rt.set_seed(-1), lambda rt: rt.set_seed(2 ** 40),
                 lambda rt: rt.set_seed("a"), lambda rt: rt.set_seed(1.5),
                 lambda rt: rt.disable_telemetry_events(), lambda rt: rt.enable_telemetry_events()]:
        ours, theirs = outcome(lambda: call(onyx)), outcome(lambda: call(ortrt))
        assert ours[0] == theirs[0], (ours, theirs)
        if ours[0] == "ok":
            assert ours[1] is None and theirs[1] is None
        elif theirs[1] != "RuntimeError":
            assert ours[1] == theirs[1]
        else:  # ONNX Runtime raises a plain RuntimeError; onyx InvalidArgument, which is one.
            assert issubclass(getattr(onyx, ours[1]), RuntimeError)
    for rt in (onyx, ortrt):
        rt.set_default_logger_severity(2)  # Both runtimes' default.


def test_ort_device():
    for name, device_id in [("cpu", 0), ("cuda", 1), ("gpu", 0), ("npu", 2), ("dml", 0), ("cann", 0)]:
        ours, theirs = onyx.OrtDevice.make(name, device_id), ortrt.OrtDevice.make(name, device_id)
        assert (ours.device_type(), ours.device_id(), ours.device_vendor_id(), ours.device_mem_type()) == (
            theirs.device_type(), theirs.device_id(), theirs.device_vendor_id(), theirs.device_mem_type()), name
    for rt in (onyx, ortrt):
        with pytest.raises(Exception, match="Unsupported device type: tpu"):
            rt.OrtDevice.make("tpu", 0)


# -- exceptions -------------------------------------------------------------------------

def test_every_exception_class_of_onnx_runtime_exists_in_onyx():
    names = [n for n in dir(ort_state) if isinstance(getattr(ort_state, n), type)
             and issubclass(getattr(ort_state, n), BaseException)]
    for name in ["Fail", "InvalidArgument", "NoSuchFile", "NoModel", "EngineError", "RuntimeException",
                 "InvalidProtobuf", "ModelLoaded", "NotImplemented", "InvalidGraph", "EPFail"]:
        assert name in names
    for name in names:
        cls = getattr(onyx_state, name)
        assert issubclass(cls, Exception) and cls.__name__ == name
        assert getattr(onyx, name) is cls


X = np.ones((3, 4, 5), np.float32)


@pytest.mark.parametrize("case, feed, output_names, words", [
    ("wrong dtype", {"x": X.astype(np.float64)}, None, ["tensor(double)", "tensor(float)"]),
    ("wrong shape", {"x": np.ones((3, 4, 6), np.float32)}, None, ["x", "6", "5"]),
    ("wrong rank", {"x": np.ones((3, 4), np.float32)}, None, ["x", "3"]),
    ("extra input name", {"x": X, "nope": X}, None, ["nope"]),
    ("wrong output name", {"x": X}, ["zz"], ["zz"]),
])
def test_bad_feeds_raise_the_same_class(sigmoid_paths, case, feed, output_names, words):
    errors = {}
    for key, rt in RUNTIMES.items():
        sess = rt.InferenceSession(sigmoid_paths[key], providers=["CPUExecutionProvider"])
        errors[key] = raised(rt, lambda: sess.run(output_names, feed))
        np.testing.assert_allclose(sess.run(None, {"x": X})[0], 1 / (1 + np.exp(-X)), rtol=1e-6)  # Still usable.
    assert type(errors["onyx"]).__name__ == type(errors["onnxruntime"]).__name__ == "InvalidArgument", case
    for word in words:
        assert word in str(errors["onyx"]) and word in str(errors["onnxruntime"]), (word, errors)


def test_missing_input_raises_value_error_naming_it(sigmoid_paths):
    for key, rt in RUNTIMES.items():
        sess = rt.InferenceSession(sigmoid_paths[key])
        for feed in ({"nope": X}, {}):
            error = raised(rt, lambda: sess.run(None, feed))
            assert isinstance(error, ValueError) and "x" in str(error), (key, error)
    # ONNX Runtime raises a plain ValueError; onyx's InvalidArgument is one, and names the wrong name as well.
    assert "'nope'" in str(raised(onyx, lambda: onyx.InferenceSession(sigmoid_paths["onyx"]).run(None, {"nope": X})))


def test_deleted_model_file(sigmoid_paths, tmp_path):
    errors = {}
    for key, rt in RUNTIMES.items():
        path = tmp_path / ("%s.onnx" % key)
        shutil.copy(sigmoid_paths[key], path)
        os.remove(path)
        errors[key] = raised(rt, lambda: rt.InferenceSession(str(path)))
        assert str(path) in str(errors[key])
    assert type(errors["onyx"]).__name__ == type(errors["onnxruntime"]).__name__ == "NoSuchFile"
    assert isinstance(errors["onyx"], onyx_state.NoSuchFile)


@pytest.mark.parametrize("data", [b"\x08\x01garbage that is not a model", b"hello world"])
def test_bytes_that_are_not_a_model(data, tmp_path):
    for load in (lambda rt: rt.InferenceSession(data), lambda rt: rt.InferenceSession(str(tmp_path / "junk.onnx"))):
        (tmp_path / "junk.onnx").write_bytes(data)
        names = {key: type(raised(rt, lambda: load(rt))).__name__ for key, rt in RUNTIMES.items()}
        assert names["onyx"] == names["onnxruntime"] == "InvalidProtobuf"


def test_load_from_a_wrong_type():
    for rt in (onyx, ortrt):
        with pytest.raises(TypeError, match="Unable to load from type"):
            rt.InferenceSession(3)


# -- the example models ---------------------------------------------------------------------

@pytest.mark.parametrize("name", ["sigmoid.onnx", "mul_1.onnx", "logreg_iris.onnx"])
def test_examples_have_onnx_runtimes_inputs_and_outputs(name):
    from onnxruntime import datasets as ort_datasets

    from onyx import datasets

    ours = onyx.InferenceSession(datasets.get_example(name))
    theirs = ortrt.InferenceSession(ort_datasets.get_example(name))
    assert [(a.name, a.shape, a.type) for a in ours.get_inputs()] == [
        (a.name, a.shape, a.type) for a in theirs.get_inputs()]
    ours_out = [(a.name, a.type) for a in ours.get_outputs()]
    theirs_out = [(a.name, a.type) for a in theirs.get_outputs()]
    if name == "logreg_iris.onnx":
        # ONNX Runtime's gives a list of {class: probability} maps (ZipMap); onyx, which has no maps, the tensor.
        assert theirs_out == [("label", "tensor(int64)"), ("probabilities", "seq(map(int64,tensor(float)))")]
        assert ours_out == [("label", "tensor(int64)"), ("probabilities", "tensor(float)")]
    else:
        assert ours_out == theirs_out


@pytest.mark.parametrize("name", ["sigmoid.onnx", "mul_1.onnx"])
def test_examples_compute_what_onnx_runtimes_do(name):
    from onnxruntime import datasets as ort_datasets

    from onyx import datasets

    ours = onyx.InferenceSession(datasets.get_example(name))
    theirs = ortrt.InferenceSession(ort_datasets.get_example(name))
    arg = theirs.get_inputs()[0]
    x = np.random.default_rng(4).standard_normal(arg.shape).astype(np.float32)
    np.testing.assert_allclose(ours.run(None, {arg.name: x})[0], theirs.run(None, {arg.name: x})[0], rtol=1e-6)


@pytest.mark.parametrize("name", ["sigmoid.onnx", "mul_1.onnx", "logreg_iris.onnx", "small_cnn.onnx"])
def test_onyx_examples_run_the_same_on_onnx_runtime(name):
    """onyx's example files are plain ONNX: ONNX Runtime runs them to the same results."""
    from onyx import datasets

    path = datasets.get_example(name)
    ours, theirs = onyx.InferenceSession(path), ortrt.InferenceSession(path)
    feed = {a.name: np.random.default_rng(8).standard_normal([d if isinstance(d, int) else 2 for d in a.shape])
            .astype(np.float32) for a in ours.get_inputs()}
    for a, b in zip(ours.run(None, feed), theirs.run(None, feed)):
        assert a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_unknown_example():
    from onnxruntime import datasets as ort_datasets

    from onyx import datasets

    for get in (datasets.get_example, ort_datasets.get_example):
        with pytest.raises(FileNotFoundError, match="Unable to find example 'nope.onnx'"):
            get("nope.onnx")


# -- what session options do --------------------------------------------------------------------

@pytest.fixture
def symbolic_add():
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", "seq", 4])
    x.type.tensor_type.shape.dim[0].denotation = "DATA_BATCH"
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", "seq", 4])
    w = numpy_helper.from_array(np.ones(4, np.float32), "w")
    model = make_model([helper.make_node("Add", ["x", "w"], ["y"])], [x], [y], [w])
    return model.SerializeToString()


@pytest.mark.parametrize("by_name, by_denotation", [({"seq": 3}, {}), ({}, {"DATA_BATCH": 2}),
                                                    ({"seq": 1, "batch": 5}, {}), ({"other": 2}, {})])
def test_free_dimension_overrides(symbolic_add, by_name, by_denotation):
    shapes, errors = {}, {}
    for key, rt in RUNTIMES.items():
        so = rt.SessionOptions()
        for k, v in by_name.items():
            so.add_free_dimension_override_by_name(k, v)
        for k, v in by_denotation.items():
            so.add_free_dimension_override_by_denotation(k, v)
        sess = rt.InferenceSession(symbolic_add, so, providers=["CPUExecutionProvider"])
        shapes[key] = (sess.get_inputs()[0].shape, sess.get_outputs()[0].shape)
        wrong = [d + 1 if isinstance(d, int) else 2 for d in sess.get_inputs()[0].shape]
        errors[key] = outcome(lambda: sess.run(None, {"x": np.zeros(wrong, np.float32)}))
        if errors[key][0] == "raises":
            errors[key] = ("raises", errors[key][1])
    assert shapes["onyx"][0] == shapes["onnxruntime"][0]
    assert shapes["onyx"][1] == shapes["onnxruntime"][1]
    assert errors["onyx"][0] == errors["onnxruntime"][0] == "raises"
    assert errors["onyx"][1] == errors["onnxruntime"][1] == "InvalidArgument"


def test_add_initializer_takes_onnx_runtimes_ortvalue(symbolic_add):
    w = ortrt.OrtValue.ortvalue_from_numpy(np.array([1, 2, 3, 4], np.float32))
    x = np.random.default_rng(1).standard_normal((2, 3, 4)).astype(np.float32)
    outputs = []
    for rt in (onyx, ortrt):
        so = rt.SessionOptions()
        so.add_initializer("w", w)  # onyx reads any value with numpy(), ONNX Runtime's OrtValue included.
        so.add_initializer("not_in_the_model", w)  # Both ignore it.
        outputs.append(rt.InferenceSession(symbolic_add, so, providers=["CPUExecutionProvider"]).run(None, {"x": x})[0])
    np.testing.assert_array_equal(outputs[0], outputs[1])
    np.testing.assert_array_equal(outputs[0], x + np.array([1, 2, 3, 4], np.float32))


def test_optimized_model_filepath(symbolic_add, tmp_path):
    x = np.ones((1, 2, 4), np.float32)
    for key, rt in RUNTIMES.items():
        so = rt.SessionOptions()
        so.optimized_model_filepath = str(tmp_path / ("%s_optimized" % key))
        rt.InferenceSession(symbolic_add, so, providers=["CPUExecutionProvider"])
        assert (tmp_path / ("%s_optimized" % key)).stat().st_size > 0
    # Each writes its own format (ONNX Runtime an ONNX model, onyx the .onyx one); both load in onyx.
    for key in RUNTIMES:
        sess = onyx.InferenceSession(str(tmp_path / ("%s_optimized" % key)))
        np.testing.assert_array_equal(sess.run(None, {"x": x})[0], x + 1)
    assert onnx.load(str(tmp_path / "onnxruntime_optimized")).graph.node


@pytest.mark.parametrize("when", ["before the run", "during the run"])
def test_terminate(when):
    import threading

    model = long_loop_model()
    feed = {"n": np.array(10 ** 7, np.int64), "cond": np.array(True), "a": np.array(0, np.float32)}
    names = {}
    for key, rt in RUNTIMES.items():
        sess = rt.InferenceSession(model, providers=["CPUExecutionProvider"])
        ro = rt.RunOptions()
        timer = threading.Timer(0.05, lambda: setattr(ro, "terminate", True))
        if when == "before the run":
            ro.terminate = True
        else:
            timer.start()
        error = raised(rt, lambda: sess.run(None, feed, ro))
        if when == "during the run":
            timer.join()
        names[key] = type(error).__name__
        assert "terminat" in str(error), error
        ro.terminate = False
        assert sess.run(None, dict(feed, n=np.array(5, np.int64)), ro)[0] == 5  # The session stays usable.
    assert names["onyx"] == names["onnxruntime"] == "Fail"
