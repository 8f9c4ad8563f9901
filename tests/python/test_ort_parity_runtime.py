"""The run-time API on onyx and on ONNX Runtime, side by side: IOBinding (the
documented scenarios, with numpy buffers and torch CPU tensors, bound outputs
written in place), OrtValue, run_with_ort_values, run_async, profiling output,
overridable initializers and the providers API. ONNX Runtime is the truth
here; where onyx departs from it on purpose, the test says so.

Skipped where onnxruntime is not installed (it is never a dependency of onyx)."""

import json
import os

import numpy as np
import pytest
from onnx import TensorProto, helper, numpy_helper

ortrt = pytest.importorskip("onnxruntime")

import onyx  # noqa: E402
from conftest import make_model  # noqa: E402
from ort_parity_util import (RUNTIMES, long_loop_model, raised, same_class,  # noqa: E402,F401
                             sigmoid_paths)

X = np.ones((3, 4, 5), np.float32)


# -- IOBinding, side by side -------------------------------------------------------------------------------------

def sigmoid_sessions(sigmoid_paths):
    return {key: rt.InferenceSession(sigmoid_paths[key], providers=["CPUExecutionProvider"])
            for key, rt in RUNTIMES.items()}


def iobinding_scenarios(rt, sess, x, make_input, make_output):
    """ONNX Runtime's documented IOBinding scenarios on one runtime. `make_input`/`make_output`
    give (buffer object, address, shape); returns {scenario: (output values, output address or None,
    the bound output buffer's values or None)}."""
    results = {}
    # 1: input on the CPU, output allocated by the session.
    binding = sess.io_binding()
    binding.bind_cpu_input("x", x)
    binding.bind_output("y")
    sess.run_with_iobinding(binding)
    results[1] = (binding.copy_outputs_to_cpu()[0], None, None)
    # 2: input bound by address, output allocated.
    keep_x, x_address, x_shape = make_input(x)
    binding = sess.io_binding()
    binding.bind_input("x", "cpu", 0, np.float32, x_shape, x_address)
    binding.bind_output("y")
    sess.run_with_iobinding(binding)
    results[2] = (binding.copy_outputs_to_cpu()[0], None, None)
    # 3: input and output bound by address; the run writes the output buffer in place.
    y_buffer, y_address, y_shape = make_output()
    binding.bind_output("y", "cpu", 0, np.float32, y_shape, y_address)
    sess.run_with_iobinding(binding)
    results[3] = (binding.copy_outputs_to_cpu()[0], (binding.get_outputs()[0].data_ptr(), y_address),
                  np.array(y_buffer, copy=True))
    # OrtValues bound.
    x_value = rt.OrtValue.ortvalue_from_numpy(x)
    y_value = rt.OrtValue.ortvalue_from_shape_and_type(list(x.shape), np.float32)
    binding = sess.io_binding()
    binding.bind_ortvalue_input("x", x_value)
    binding.bind_ortvalue_output("y", y_value)
    sess.run_with_iobinding(binding)
    results["ortvalue"] = (y_value.numpy().copy(), (binding.get_outputs()[0].data_ptr(), y_value.data_ptr()), None)
    del keep_x
    return results


def numpy_buffers():
    def make_input(x):
        copy = np.array(x, copy=True)
        return copy, copy.ctypes.data, list(copy.shape)

    def make_output():
        y = np.full((3, 4, 5), -1, np.float32)
        return y, y.ctypes.data, list(y.shape)

    return make_input, make_output


def torch_buffers(torch):
    def make_input(x):
        t = torch.from_numpy(np.array(x, copy=True)).contiguous()
        return t, t.data_ptr(), list(t.size())

    def make_output():
        t = torch.full((3, 4, 5), -1.0, dtype=torch.float32)
        return t.numpy(), t.data_ptr(), tuple(t.shape)

    return make_input, make_output


@pytest.mark.parametrize("buffers", ["numpy", "torch"])
def test_iobinding_scenarios_match(sigmoid_paths, buffers):
    if buffers == "torch":
        make = torch_buffers(pytest.importorskip("torch"))
    else:
        make = numpy_buffers()
    x = np.random.default_rng(11).standard_normal((3, 4, 5)).astype(np.float32)
    sessions = sigmoid_sessions(sigmoid_paths)
    results = {key: iobinding_scenarios(rt, sessions[key], x, *make) for key, rt in RUNTIMES.items()}
    for scenario in (1, 2, 3, "ortvalue"):
        ours, theirs = results["onyx"][scenario], results["onnxruntime"][scenario]
        np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-6)
        np.testing.assert_allclose(ours[0], 1 / (1 + np.exp(-x)), rtol=1e-6)
        if ours[1] is not None:  # The bound output was written in place, in both.
            assert ours[1][0] == ours[1][1] and theirs[1][0] == theirs[1][1], scenario
        if ours[2] is not None:
            np.testing.assert_array_equal(ours[2], ours[0])
            np.testing.assert_array_equal(theirs[2], theirs[0])


def test_iobinding_outputs_and_clearing_match(sigmoid_paths):
    x = np.ones((3, 4, 5), np.float32)
    seen = {}
    for key, sess in sigmoid_sessions(sigmoid_paths).items():
        binding = sess.io_binding()
        binding.bind_cpu_input("x", x)
        binding.bind_output("y")
        sess.run_with_iobinding(binding)
        first = binding.get_outputs()[0]
        sess.run_with_iobinding(binding)
        out = binding.get_outputs()
        vector = len(binding.get_outputs_as_ortvaluevector())
        cpu = binding.copy_outputs_to_cpu()
        binding.synchronize_inputs()
        binding.synchronize_outputs()
        binding.clear_binding_outputs()
        seen[key] = (type(out).__name__, len(out), out[0].data_ptr() == first.data_ptr(), vector,
                     type(cpu).__name__, type(cpu[0]).__name__, cpu[0].ctypes.data == out[0].data_ptr(),
                     out[0].device_name(), out[0].shape(), binding.get_outputs())
    assert seen["onyx"] == seen["onnxruntime"]


def bind_error(rt, sess, bind, when):
    """The exception bind(binding) raises, when binding ('bind') or running ('run')."""
    binding = sess.io_binding()
    if when == "bind":
        return raised(rt, lambda: bind(binding))
    bind(binding)
    return raised(rt, lambda: sess.run_with_iobinding(binding))


X64 = np.ones((3, 4, 5), np.float64)
X_WIDE = np.ones((3, 4, 6), np.float32)
Y_BUF = np.zeros((3, 4, 5), np.float32)
Y64 = np.zeros((3, 4, 5), np.float64)
Y_WIDE = np.zeros((3, 4, 6), np.float32)


@pytest.mark.parametrize("case, bind, when, words", [
    ("bind_input wrong name", lambda b: b.bind_input("nope", "cpu", 0, np.float32, [3, 4, 5], X.ctypes.data),
     "bind", ["nope"]),
    ("bind_cpu_input wrong name", lambda b: b.bind_cpu_input("nope", X), "bind", ["nope"]),
    ("bind_input wrong dtype", lambda b: (b.bind_input("x", "cpu", 0, np.float64, [3, 4, 5], X64.ctypes.data),
                                          b.bind_output("y")), "run", ["tensor(double)", "tensor(float)"]),
    ("bind_input wrong shape", lambda b: (b.bind_input("x", "cpu", 0, np.float32, [3, 4, 6], X_WIDE.ctypes.data),
                                          b.bind_output("y")), "run", ["x", "6", "5"]),
    ("bind_output wrong name", lambda b: (b.bind_cpu_input("x", X), b.bind_output("nope")), "run", ["nope"]),
    ("bind_output wrong dtype", lambda b: (b.bind_cpu_input("x", X),
                                           b.bind_output("y", "cpu", 0, np.float64, [3, 4, 5], Y64.ctypes.data)),
     "run", ["tensor(double)", "tensor(float)"]),
    ("bind_output wrong shape", lambda b: (b.bind_cpu_input("x", X),
                                           b.bind_output("y", "cpu", 0, np.float32, [3, 4, 6], Y_WIDE.ctypes.data)),
     "run", ["y", "6", "5"]),
    ("bind_output without shape", lambda b: b.bind_output("y", "cpu", 0, np.float32, None, Y_BUF.ctypes.data),
     "bind", ["shape"]),
    ("no output bound", lambda b: b.bind_cpu_input("x", X), "run", ["At least one output should be requested"]),
    ("unknown device", lambda b: b.bind_output("y", "tpu", 0), "bind", ["Unsupported device type: tpu"]),
])
def test_bad_bindings_raise_the_same_class(sigmoid_paths, case, bind, when, words):
    """ONNX Runtime raises a RuntimeError (or ValueError) here; onyx one of its classes that is one,
    at the same step, with a message that also names the input or output."""
    errors = {}
    for key, sess in sigmoid_sessions(sigmoid_paths).items():
        errors[key] = bind_error(RUNTIMES[key], sess, bind, when)
        np.testing.assert_allclose(sess.run(None, {"x": X})[0], 1 / (1 + np.exp(-X)), rtol=1e-6)  # Still usable.
    assert same_class(errors["onyx"], errors["onnxruntime"]), (case, errors)
    for word in words:
        assert word in str(errors["onyx"]) and word in str(errors["onnxruntime"]), (case, word, errors)
    if when == "run" and case.startswith("bind_input"):
        assert "'x'" in str(errors["onyx"])  # onyx names the input in every message.
    if when == "run" and case.startswith("bind_output"):
        assert "'%s'" % ("nope" if "name" in case else "y") in str(errors["onyx"])


def test_binding_of_another_session(sigmoid_paths):
    for key, rt in RUNTIMES.items():
        sess, other = (rt.InferenceSession(sigmoid_paths[key]) for _ in range(2))
        binding = other.io_binding()
        binding.bind_cpu_input("x", X)
        binding.bind_output("y")
        with pytest.raises(ValueError, match="IOBinding must be used with the session that created it"):
            sess.run_with_iobinding(binding)


# -- OrtValue, side by side ------------------------------------------------------------------------------------------

def ortvalue_facts(v):
    return (v.shape(), v.data_type(), v.element_type(), v.device_name(), v.is_tensor(), v.has_value(),
            v.is_tensor_sequence(), v.is_sparse_tensor(), v.tensor_size_in_bytes(), v.numpy().dtype,
            v.numpy().tolist(), v.numpy().ctypes.data == v.data_ptr())


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16, np.bool_, np.int8, np.uint8, np.int16,
                                   np.uint16, np.int32, np.uint32, np.int64, np.uint64])
@pytest.mark.parametrize("shape", [(2, 3), (), (0, 4), (5,)])
def test_ortvalue_from_numpy_matches(dtype, shape):
    a = (np.arange(int(np.prod(shape))) % 3).astype(dtype).reshape(shape)
    facts = {}
    for key, rt in RUNTIMES.items():
        v = rt.OrtValue.ortvalue_from_numpy(a)
        facts[key] = ortvalue_facts(v) + (v.data_ptr() == (a.ctypes.data if a.size else 0),)
    assert facts["onyx"] == facts["onnxruntime"]


def test_ortvalue_views_and_copies_match():
    for key, rt in RUNTIMES.items():
        a = np.arange(6, dtype=np.float32).reshape(2, 3)
        v = rt.OrtValue.ortvalue_from_numpy(a)
        a[0, 0] = 42
        assert v.numpy()[0, 0] == 42, key  # No copy: one memory.
        strided = np.arange(12, dtype=np.float32).reshape(3, 4)[:, ::2]
        w = rt.OrtValue.ortvalue_from_numpy(strided)
        assert w.data_ptr() != strided.ctypes.data and w.numpy().tolist() == strided.tolist(), key


@pytest.mark.parametrize("element_type", [np.float32, np.int64, np.bool_, np.float16, "float32", np.dtype("uint8"),
                                          TensorProto.FLOAT, TensorProto.INT32, TensorProto.DOUBLE])
def test_ortvalue_from_shape_and_type_matches(element_type):
    facts = {}
    for key, rt in RUNTIMES.items():
        v = rt.OrtValue.ortvalue_from_shape_and_type([2, 3], element_type)
        facts[key] = (v.shape(), v.data_type(), v.element_type(), v.device_name(), v.numpy().dtype,
                      v.numpy().flags.writeable, v.numpy().ctypes.data == v.data_ptr())
    assert facts["onyx"] == facts["onnxruntime"]


def test_ortvalue_update_inplace_matches():
    results = {}
    for key, rt in RUNTIMES.items():
        a = np.zeros((2, 3), np.float32)
        v = rt.OrtValue.ortvalue_from_numpy(a)
        v.update_inplace(np.arange(6, dtype=np.float32).reshape(3, 2))
        v.update_inplace(v.numpy()[:, ::-1] * 1)  # A fresh array, same size.
        size_error = raised(rt, lambda: v.update_inplace(np.zeros(7, np.float32)))
        type_error = raised(rt, lambda: v.update_inplace([1.0] * 6))
        results[key] = (a.tolist(), v.data_ptr() == a.ctypes.data, v.shape(), type(type_error).__name__,
                        isinstance(size_error, RuntimeError), "size" in str(size_error))
    assert results["onyx"] == results["onnxruntime"]


@pytest.mark.parametrize("call", [
    lambda rt: rt.OrtValue.ortvalue_from_numpy(np.zeros(2, np.complex64)),
    lambda rt: rt.OrtValue.ortvalue_from_numpy([1.0, 2.0]),
    lambda rt: rt.OrtValue.ortvalue_from_shape_and_type([-1], np.float32),
    lambda rt: rt.OrtValue.ortvalue_from_shape_and_type([2], 99),
    lambda rt: rt.OrtValue.ortvalue_from_shape_and_type(5, np.float32),
    lambda rt: rt.OrtValue.ortvalue_from_numpy(np.zeros(2, np.float32), "cuda", 0),
    lambda rt: rt.OrtValue.ortvalue_from_numpy(np.zeros(2, np.float32), "tpu", 0),
    lambda rt: rt.OrtValue(5),
])
def test_ortvalue_bad_arguments_raise_the_same_class(call):
    if "CUDAExecutionProvider" in ortrt.get_available_providers():
        pytest.skip("this ONNX Runtime has the CUDA provider")
    ours, theirs = raised(onyx, lambda: call(onyx)), raised(ortrt, lambda: call(ortrt))
    assert same_class(ours, theirs), (ours, theirs)


def test_run_with_ort_values_matches(sigmoid_paths):
    x = np.random.default_rng(5).standard_normal((3, 4, 5)).astype(np.float32)
    facts, errors = {}, {}
    for key, sess in sigmoid_sessions(sigmoid_paths).items():
        rt = RUNTIMES[key]
        out = sess.run_with_ort_values(None, {"x": rt.OrtValue.ortvalue_from_numpy(x)})
        facts[key] = (type(out).__name__, len(out), type(out[0]).__name__, out[0].shape(), out[0].data_type())
        np.testing.assert_allclose(out[0].numpy(), 1 / (1 + np.exp(-x)), rtol=1e-6)
        errors[key] = [raised(rt, lambda: sess.run_with_ort_values(None, {"nope": rt.OrtValue.ortvalue_from_numpy(x)})),
                       raised(rt, lambda: sess.run_with_ort_values(["zz"], {"x": rt.OrtValue.ortvalue_from_numpy(x)}))]
    assert facts["onyx"] == facts["onnxruntime"]
    for ours, theirs in zip(errors["onyx"], errors["onnxruntime"]):
        assert same_class(ours, theirs), (ours, theirs)
    assert "'zz'" in str(errors["onyx"][1]) and "zz" in str(errors["onnxruntime"][1])


# -- run_async, side by side -----------------------------------------------------------------------------------------

def run_async_result(sess, output_names, feed, run_options=None):
    import threading

    done, got = threading.Event(), {}

    def callback(outputs, user_data, err):
        got.update(outputs=outputs, user_data=user_data, err=err,
                   main_thread=threading.current_thread() is threading.main_thread())
        done.set()

    returned = sess.run_async(output_names, feed, callback, ["data"], run_options)
    assert done.wait(60)
    return returned, got


def test_run_async_matches(sigmoid_paths):
    x = np.random.default_rng(6).standard_normal((3, 4, 5)).astype(np.float32)
    seen = {}
    for key, sess in sigmoid_sessions(sigmoid_paths).items():
        returned, ok = run_async_result(sess, None, {"x": x})
        np.testing.assert_allclose(ok["outputs"][0], 1 / (1 + np.exp(-x)), rtol=1e-6)
        failures = [run_async_result(sess, None, {"x": x.astype(np.float64)})[1],
                    run_async_result(sess, ["zz"], {"x": x})[1],
                    run_async_result(sess, None, {"x": np.zeros((3, 4, 6), np.float32)})[1]]
        missing = raised(RUNTIMES[key], lambda: sess.run_async(None, {"nope": x}, lambda *a: None, None))
        not_callable = raised(RUNTIMES[key], lambda: sess.run_async(None, {"x": x}, "no", None))
        seen[key] = (returned, type(ok["outputs"]).__name__, type(ok["outputs"][0]).__name__, ok["err"],
                     ok["user_data"], ok["main_thread"], [(f["outputs"], type(f["err"]).__name__) for f in failures],
                     isinstance(missing, ValueError), isinstance(not_callable, TypeError))
        for f, word in zip(failures, ["tensor(double)", "zz", "x"]):
            assert word in f["err"] and not f["err"].startswith("["), (key, f["err"])
    assert seen["onyx"] == seen["onnxruntime"]


def test_run_async_terminate_matches():
    import time

    model = long_loop_model()
    feed = {"n": np.array(10 ** 7, np.int64), "cond": np.array(True), "a": np.array(0, np.float32)}
    for key, rt in RUNTIMES.items():
        import threading

        sess = rt.InferenceSession(model, providers=["CPUExecutionProvider"])
        ro = rt.RunOptions()
        done, got = threading.Event(), {}
        sess.run_async(None, feed, lambda out, data, err: (got.update(out=out, err=err), done.set()), None, ro)
        time.sleep(0.05)
        ro.terminate = True
        assert done.wait(60)
        assert got["out"] == [] and "terminat" in got["err"], (key, got)
        ro.terminate = False
        assert sess.run(None, dict(feed, n=np.array(3, np.int64)), ro)[0] == 3


# -- profiling, side by side -------------------------------------------------------------------------------------------

def profile_of(rt, path, tmp_path, runs):
    so = rt.SessionOptions()
    so.enable_profiling = True
    so.profile_file_prefix = str(tmp_path / rt.__name__)
    sess = rt.InferenceSession(path, so, providers=["CPUExecutionProvider"])
    start = sess.get_profiling_start_time_ns()
    for _ in range(runs):
        sess.run(None, {"x": X})
    written = sess.end_profiling()
    with open(written) as f:
        events = json.load(f)
    return sess, start, written, events


def test_profiling_matches(sigmoid_paths, tmp_path):
    import re
    import time

    runs = 3
    seen = {}
    for key, rt in RUNTIMES.items():
        before = time.time_ns()
        sess, start, path, events = profile_of(rt, sigmoid_paths[key], tmp_path, runs)
        assert before - 10 ** 9 <= start <= time.time_ns(), key  # Nanoseconds since the epoch, in both.
        name = os.path.basename(path)
        assert re.fullmatch(re.escape(rt.__name__) + r"_\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d_\d{3}\.json", name), name
        nodes = [e for e in events if e["cat"] == "Node"]
        node_args = set.intersection(*(set(e["args"]) for e in nodes))
        seen[key] = {
            "event keys": set.union(*(set(e) for e in events)),
            "categories": {e["cat"] for e in events},
            "phases": {e["ph"] for e in events},
            "model_run events": sum(e["name"] == "model_run" for e in events),
            "session_initialization": sum(e["name"] == "session_initialization" for e in events),
            "node events": len(nodes),
            "node names": {e["name"].endswith("_kernel_time") for e in nodes},
            "op names": {e["args"]["op_name"] for e in nodes},
            "providers": {e["args"]["provider"] for e in nodes},
            "shapes": {(json.dumps(e["args"]["input_type_shape"]), json.dumps(e["args"]["output_type_shape"]))
                       for e in nodes},
            "end again": sess.end_profiling(),
        }
        seen[key]["node args"] = node_args
    ours, theirs = seen["onyx"], seen["onnxruntime"]
    assert ours.pop("node args") <= theirs.pop("node args")  # ONNX Runtime adds memory and thread statistics.
    assert ours == theirs


def test_profiling_off_matches(sigmoid_paths):
    for key, sess in sigmoid_sessions(sigmoid_paths).items():
        assert sess.end_profiling() == "" and sess.get_profiling_start_time_ns() == 0, key


# -- overridable initializers and providers, side by side -----------------------------------------------------------

def test_overridable_initializers_match():
    inputs = [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 4]),
              helper.make_tensor_value_info("w", TensorProto.FLOAT, [4]),
              helper.make_tensor_value_info("b", TensorProto.FLOAT, None)]
    nodes = [helper.make_node("Add", ["x", "w"], ["t"]), helper.make_node("Add", ["t", "b"], ["y"])]
    inits = [numpy_helper.from_array(np.ones(4, np.float32), "w"),
             numpy_helper.from_array(np.full(4, 2, np.float32), "b")]
    model = make_model(nodes, inputs, [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 4])],
                       inits).SerializeToString()
    listed = {}
    for key, rt in RUNTIMES.items():
        sess = rt.InferenceSession(model, providers=["CPUExecutionProvider"])
        listed[key] = ([(a.name, a.type, a.shape) for a in sess.get_overridable_initializers()],
                       [(a.name, a.type, a.shape) for a in sess.get_inputs()])
    assert listed["onyx"] == listed["onnxruntime"]
    # ONNX Runtime runs a feed of 'w'; onyx folds initializers and says so, naming it.
    with pytest.raises(onyx.NotImplemented, match="'w'"):
        onyx.InferenceSession(model).run(None, {"x": np.zeros((1, 4), np.float32), "w": np.zeros(4, np.float32)})


def test_provider_options_reach_the_session(sigmoid_paths):
    """onyx alone (ONNX Runtime's wheel has no XNNPACK provider): provider
    options given either way of ONNX Runtime's are the session's, a key the
    provider does not accept raises naming it, and XNNPACK's
    intra_op_num_threads must agree with the session's."""
    from onyx.capi.onnxruntime_pybind11_state import InvalidArgument

    path = sigmoid_paths["onyx"]
    if "XnnpackExecutionProvider" not in onyx.get_available_providers():
        pytest.skip("this build has no XNNPACK provider")
    both = ["XnnpackExecutionProvider", "CPUExecutionProvider"]
    by_tuple = onyx.InferenceSession(path, providers=[("XnnpackExecutionProvider", {"intra_op_num_threads": 2}),
                                                      "CPUExecutionProvider"])
    by_list = onyx.InferenceSession(path, providers=both, provider_options=[{"intra_op_num_threads": "2"}, {}])
    want = {"XnnpackExecutionProvider": {"intra_op_num_threads": "2"}, "CPUExecutionProvider": {}}
    assert by_tuple.get_provider_options() == want
    assert by_list.get_provider_options() == want
    np.testing.assert_allclose(by_tuple.run(None, {"x": X})[0], 1 / (1 + np.exp(-X)), rtol=1e-6)
    # set_providers keeps options only for the providers it is given.
    by_tuple.set_providers(["CPUExecutionProvider"])
    assert by_tuple.get_provider_options() == {"CPUExecutionProvider": {}}
    with pytest.raises(InvalidArgument,
                       match="provider 'XnnpackExecutionProvider' has no option 'foo' "
                             r"\(its options: intra_op_num_threads\)"):
        onyx.InferenceSession(path, providers=[("XnnpackExecutionProvider", {"foo": 1})])
    options = onyx.SessionOptions()
    options.intra_op_num_threads = 1
    with pytest.raises(InvalidArgument, match="one pool serves every provider"):
        onyx.InferenceSession(path, options, providers=[("XnnpackExecutionProvider", {"intra_op_num_threads": 2})])


def test_providers_api_matches(sigmoid_paths):
    import warnings

    seen = {}
    for key, sess in sigmoid_sessions(sigmoid_paths).items():
        rt = RUNTIMES[key]
        sess.set_providers(["CPUExecutionProvider"])
        providers = sess.get_providers()
        options = sess.get_provider_options()
        mismatch = raised(rt, lambda: sess.set_providers(["CPUExecutionProvider"], [{}, {}]))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            unknown = raised(rt, lambda: sess.set_providers(["Foo"]))
        sess.disable_fallback()
        sess.enable_fallback()
        seen[key] = (providers, options, type(mismatch).__name__, str(mismatch), isinstance(unknown, RuntimeError),
                     "Foo" in str(unknown))
    assert seen["onyx"] == seen["onnxruntime"]
