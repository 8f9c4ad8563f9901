"""IOBinding, OrtValue, run_with_ort_values, run_async, profiling and the
session's other run-time API, in onyx alone.

IOBinding: the scenarios of ONNX Runtime's IOBinding documentation (input on
the CPU with the output allocated by the session; input bound by address;
input and output bound by address; OrtValues bound), with numpy buffers'
addresses always and with torch CPU tensors where torch is installed. A
buffer bound by address is used in place: the run reads the input there and
writes the output there (same address, right values, no new array).

Truths: numpy references computed here, hand-derived shapes, and the
buffers' own addresses."""

import json
import os
import re
import sys
import threading
import time

import numpy as np
import pytest
from onnx import TensorProto, helper, numpy_helper

import onyx as ort
from conftest import make_model
from onyx import datasets


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


@pytest.fixture(scope="module")
def sess():
    """onyx's sigmoid example: x [3,4,5] -> y = sigmoid(x), both static."""
    return ort.InferenceSession(datasets.get_example("sigmoid.onnx"), providers=["CPUExecutionProvider"])


@pytest.fixture
def x():
    return np.random.default_rng(3).standard_normal((3, 4, 5)).astype(np.float32)


def two_outputs_model():
    """a [2,3], b [2,3] -> sum = a + b, prod = a * b (static shapes)."""
    info = [helper.make_tensor_value_info(n, TensorProto.FLOAT, [2, 3]) for n in ("a", "b", "sum", "prod")]
    nodes = [helper.make_node("Add", ["a", "b"], ["sum"], name="add"),
             helper.make_node("Mul", ["a", "b"], ["prod"], name="mul")]
    return make_model(nodes, info[:2], info[2:]).SerializeToString()


def long_loop_model():
    """y = a + n, one Add per Loop iteration: n = 10^7 runs for seconds."""
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
    return make_model([helper.make_node("Loop", ["n", "cond", "a"], ["y"], body=body)],
                      [helper.make_tensor_value_info("n", TensorProto.INT64, []),
                       helper.make_tensor_value_info("cond", TensorProto.BOOL, []),
                       helper.make_tensor_value_info("a", TensorProto.FLOAT, [])],
                      [helper.make_tensor_value_info("y", TensorProto.FLOAT, [])]).SerializeToString()


LOOP_FEED = {"n": np.array(10 ** 7, np.int64), "cond": np.array(True), "a": np.array(0, np.float32)}


# -- scenario 1: input on the CPU, output allocated by the session -----------------

def test_scenario_1_cpu_input_session_allocated_output(sess, x):
    binding = sess.io_binding()
    binding.bind_cpu_input("x", x)
    binding.bind_output("y")
    sess.run_with_iobinding(binding)
    y = binding.copy_outputs_to_cpu()[0]
    np.testing.assert_allclose(y, sigmoid(x), rtol=1e-6)
    out = binding.get_outputs()
    assert len(out) == 1 and isinstance(out[0], ort.OrtValue)
    assert (out[0].device_name(), out[0].shape(), out[0].data_type()) == ("cpu", [3, 4, 5], "tensor(float)")
    np.testing.assert_array_equal(out[0].numpy(), y)
    assert out[0].numpy().ctypes.data == out[0].data_ptr()  # numpy() views the OrtValue's memory.
    assert y.ctypes.data != out[0].data_ptr()  # copy_outputs_to_cpu copies.


def test_session_allocated_output_is_reused_while_its_shape_is_fixed(sess, x):
    """As in ONNX Runtime: a later run writes the output where the first one put it."""
    binding = sess.io_binding()
    binding.bind_cpu_input("x", x)
    binding.bind_output("y")
    sess.run_with_iobinding(binding)
    first = binding.get_outputs()[0]
    view = first.numpy()
    x[...] = 0  # The bound input is read in place: the next run sees zeros.
    sess.run_with_iobinding(binding)
    second = binding.get_outputs()[0]
    assert second.data_ptr() == first.data_ptr()
    np.testing.assert_array_equal(view, np.full((3, 4, 5), 0.5, np.float32))


def test_session_allocated_output_of_a_dynamic_shape(mlp):
    model, reference = mlp
    sess = ort.InferenceSession(model.SerializeToString())
    binding = sess.io_binding()
    binding.bind_output("y")
    for batch in (2, 5, 1):
        x = np.random.default_rng(batch).standard_normal((batch, 16)).astype(np.float32)
        binding.bind_cpu_input("x", x)
        sess.run_with_iobinding(binding)
        y = binding.get_outputs()[0]
        assert y.shape() == [batch * 2, 8]
        np.testing.assert_allclose(y.numpy(), reference(x), rtol=1e-5, atol=1e-6)


# -- scenario 2: input bound by address, output on the CPU --------------------------------

def test_scenario_2_input_by_address(sess, x):
    binding = sess.io_binding()
    binding.bind_input(name="x", device_type="cpu", device_id=0, element_type=np.float32, shape=list(x.shape),
                       buffer_ptr=x.ctypes.data)
    binding.bind_output("y")
    sess.run_with_iobinding(binding)
    np.testing.assert_allclose(binding.copy_outputs_to_cpu()[0], sigmoid(x), rtol=1e-6)
    # The run reads the bound memory itself: writing into it changes the next run's result.
    x *= -1
    sess.run_with_iobinding(binding)
    np.testing.assert_allclose(binding.copy_outputs_to_cpu()[0], sigmoid(x), rtol=1e-6)


@pytest.mark.parametrize("element_type", [np.float32, np.dtype("float32"), "float32", TensorProto.FLOAT])
def test_bind_input_element_types(sess, x, element_type):
    binding = sess.io_binding()
    binding.bind_input("x", "cpu", 0, element_type, x.shape, x.ctypes.data)
    binding.bind_output("y")
    sess.run_with_iobinding(binding)
    np.testing.assert_allclose(binding.copy_outputs_to_cpu()[0], sigmoid(x), rtol=1e-6)


# -- scenario 3: input and output bound by address ------------------------------------------

def test_scenario_3_input_and_output_by_address_written_in_place(sess, x):
    y = np.full((3, 4, 5), -7, np.float32)
    address = y.ctypes.data
    binding = sess.io_binding()
    binding.bind_input("x", "cpu", 0, np.float32, list(x.shape), x.ctypes.data)
    binding.bind_output("y", "cpu", 0, np.float32, list(y.shape), address)
    sess.run_with_iobinding(binding)
    np.testing.assert_allclose(y, sigmoid(x), rtol=1e-6)  # The caller's array holds the output.
    out = binding.get_outputs()[0]
    assert out.data_ptr() == address == y.ctypes.data
    x[...] = 0
    sess.run_with_iobinding(binding)
    np.testing.assert_array_equal(y, np.full((3, 4, 5), 0.5, np.float32))
    assert binding.get_outputs()[0].data_ptr() == address


def test_output_by_address_of_a_dynamic_shape(mlp):
    """The plan cannot write an output of a run-decided shape in place; it is copied there, same address."""
    model, reference = mlp
    sess = ort.InferenceSession(model.SerializeToString())
    x = np.random.default_rng(1).standard_normal((3, 16)).astype(np.float32)
    y = np.zeros((6, 8), np.float32)
    binding = sess.io_binding()
    binding.bind_cpu_input("x", x)
    binding.bind_output("y", "cpu", 0, np.float32, y.shape, y.ctypes.data)
    sess.run_with_iobinding(binding)
    np.testing.assert_allclose(y, reference(x), rtol=1e-5, atol=1e-6)
    assert binding.get_outputs()[0].data_ptr() == y.ctypes.data
    binding.bind_cpu_input("x", x[:2].copy())  # Now the output is [4, 8]: the [6, 8] buffer no longer fits.
    with pytest.raises(ort.InvalidArgument, match="'y'.*shape"):
        sess.run_with_iobinding(binding)


def test_outputs_come_back_in_binding_order_and_partly_bound():
    sess = ort.InferenceSession(two_outputs_model())
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    b = np.full((2, 3), 3, np.float32)
    prod = np.zeros((2, 3), np.float32)
    binding = sess.io_binding()
    binding.bind_cpu_input("a", a)
    binding.bind_cpu_input("b", b)
    binding.bind_output("prod", "cpu", 0, np.float32, [2, 3], prod.ctypes.data)
    binding.bind_output("sum")
    sess.run_with_iobinding(binding)
    out = binding.get_outputs()
    assert out[0].data_ptr() == prod.ctypes.data
    np.testing.assert_array_equal(prod, a * b)
    np.testing.assert_array_equal(out[1].numpy(), a + b)
    cpu = binding.copy_outputs_to_cpu()
    np.testing.assert_array_equal(cpu[0], a * b)
    np.testing.assert_array_equal(cpu[1], a + b)
    vector = binding.get_outputs_as_ortvaluevector()
    assert isinstance(vector, ort.OrtValueVector) and [v.data_ptr() for v in vector] == [v.data_ptr() for v in out]
    # Binding a name again keeps its place.
    binding.bind_output("prod")
    sess.run_with_iobinding(binding)
    assert [o.shape() for o in binding.get_outputs()] == [[2, 3], [2, 3]]
    np.testing.assert_array_equal(binding.get_outputs()[0].numpy(), a * b)


# -- OrtValues bound -------------------------------------------------------------------------------

def test_scenario_ortvalues_bound(sess, x):
    x_value = ort.OrtValue.ortvalue_from_numpy(x, "cpu", 0)
    y_value = ort.OrtValue.ortvalue_from_shape_and_type([3, 4, 5], np.float32, "cpu", 0)
    binding = sess.io_binding()
    binding.bind_ortvalue_input("x", x_value)
    binding.bind_ortvalue_output("y", y_value)
    sess.run_with_iobinding(binding)
    np.testing.assert_allclose(y_value.numpy(), sigmoid(x), rtol=1e-6)
    assert binding.get_outputs()[0].data_ptr() == y_value.data_ptr()
    # As ONNX Runtime's documentation binds an OrtValue by its address too.
    binding = sess.io_binding()
    binding.bind_input("x", x_value.device_name(), 0, np.float32, x_value.shape(), x_value.data_ptr())
    binding.bind_output("y", y_value.device_name(), 0, np.float32, y_value.shape(), y_value.data_ptr())
    y_value.update_inplace(np.zeros((3, 4, 5), np.float32))
    sess.run_with_iobinding(binding)
    np.testing.assert_allclose(y_value.numpy(), sigmoid(x), rtol=1e-6)


# -- torch CPU tensors, as ONNX Runtime's documentation binds them ----------------------------------

def test_scenarios_with_torch_cpu_tensors(sess):
    torch = pytest.importorskip("torch")
    x = torch.rand(3, 4, 5, dtype=torch.float32).contiguous()
    expected = sigmoid(x.numpy())
    # Scenario 1.
    binding = sess.io_binding()
    binding.bind_cpu_input("x", x.numpy())
    binding.bind_output("y")
    sess.run_with_iobinding(binding)
    np.testing.assert_allclose(binding.copy_outputs_to_cpu()[0], expected, rtol=1e-6)
    # Scenario 2.
    binding = sess.io_binding()
    binding.bind_input(name="x", device_type=x.device.type, device_id=0, element_type=np.float32,
                       shape=list(x.size()), buffer_ptr=x.data_ptr())
    binding.bind_output("y")
    sess.run_with_iobinding(binding)
    np.testing.assert_allclose(binding.copy_outputs_to_cpu()[0], expected, rtol=1e-6)
    # Scenario 3: the output written into the torch tensor.
    y = torch.empty((3, 4, 5), dtype=torch.float32, device="cpu").contiguous()
    binding.bind_output(name="y", device_type=y.device.type, device_id=0, element_type=np.float32,
                        shape=tuple(y.shape), buffer_ptr=y.data_ptr())
    sess.run_with_iobinding(binding)
    np.testing.assert_allclose(y.numpy(), expected, rtol=1e-6)
    assert binding.get_outputs()[0].data_ptr() == y.data_ptr()


# -- what bad bindings raise --------------------------------------------------------------------------------

def test_bad_input_bindings_name_the_input(sess, x):
    with pytest.raises(ort.InvalidArgument, match="'nope'"):
        sess.io_binding().bind_input("nope", "cpu", 0, np.float32, x.shape, x.ctypes.data)
    with pytest.raises(ort.InvalidArgument, match="'nope'"):
        sess.io_binding().bind_cpu_input("nope", x)
    with pytest.raises(ort.InvalidArgument, match="'nope'"):
        sess.io_binding().bind_ortvalue_input("nope", ort.OrtValue.ortvalue_from_numpy(x))
    with pytest.raises(ort.InvalidArgument, match="numpy array"):
        sess.io_binding().bind_cpu_input("x", x.tolist())
    wrong_dtype = x.astype(np.float64)
    wrong_shape = np.zeros((3, 4, 6), np.float32)
    for array, words in [(wrong_dtype, ["'x'", "tensor(double)", "tensor(float)"]), (wrong_shape, ["'x'", "6", "5"])]:
        binding = sess.io_binding()  # Dtype and shape are checked when the binding runs, as in ONNX Runtime.
        binding.bind_input("x", "cpu", 0, array.dtype, array.shape, array.ctypes.data)
        binding.bind_output("y")
        with pytest.raises(ort.InvalidArgument) as info:
            sess.run_with_iobinding(binding)
        for word in words:
            assert word in str(info.value)
    np.testing.assert_allclose(sess.run(None, {"x": x})[0], sigmoid(x), rtol=1e-6)  # Still usable.


def test_bad_output_bindings_name_the_output(sess, x):
    cases = [("nope", np.zeros((3, 4, 5), np.float32), ["'nope'"]),
             ("y", np.zeros((3, 4, 5), np.float64), ["'y'", "tensor(double)", "tensor(float)"]),
             ("y", np.zeros((3, 4, 6), np.float32), ["'y'", "[3,4,6]", "[3,4,5]"])]
    for name, buffer, words in cases:
        binding = sess.io_binding()
        binding.bind_cpu_input("x", x)
        binding.bind_output(name, "cpu", 0, buffer.dtype, buffer.shape, buffer.ctypes.data)
        with pytest.raises(ort.InvalidArgument) as info:
            sess.run_with_iobinding(binding)
        for word in words:
            assert word in str(info.value), (word, info.value)
        assert not buffer.any()  # Nothing was written.
    binding = sess.io_binding()
    binding.bind_cpu_input("x", x)
    binding.bind_output("nope")
    with pytest.raises(ort.InvalidArgument, match="'nope'"):
        sess.run_with_iobinding(binding)
    with pytest.raises(ValueError, match="element_type.*shape"):
        sess.io_binding().bind_output("y", "cpu", 0, np.float32, None, x.ctypes.data)
    with pytest.raises(ort.InvalidArgument, match="null"):
        sess.io_binding().bind_output("y", "cpu", 0, np.float32, [3, 4, 5], 0)


def test_binding_without_outputs_or_inputs(sess, x):
    binding = sess.io_binding()
    binding.bind_cpu_input("x", x)
    with pytest.raises(ort.InvalidArgument, match="At least one output should be requested"):
        sess.run_with_iobinding(binding)
    binding = sess.io_binding()
    binding.bind_output("y")
    with pytest.raises(ort.InvalidArgument, match="missing input 'x'"):
        sess.run_with_iobinding(binding)


def test_devices_other_than_the_cpu(sess, x):
    if "CUDAExecutionProvider" in ort.get_available_providers():
        pytest.skip("this onyx has the CUDA provider")
    binding = sess.io_binding()
    for call in [lambda: binding.bind_input("x", "cuda", 0, np.float32, x.shape, x.ctypes.data),
                 lambda: binding.bind_output("y", "cuda", 0),
                 lambda: ort.OrtValue.ortvalue_from_numpy(x, "cuda", 0),
                 lambda: ort.OrtValue.ortvalue_from_shape_and_type([2], np.float32, "cuda", 0)]:
        with pytest.raises(ort.NotImplemented, match="CUDAExecutionProvider"):
            call()
    with pytest.raises(ort.InvalidArgument, match="Unsupported device type: tpu"):
        binding.bind_output("y", "tpu", 0)


def test_binding_belongs_to_its_session(sess, x):
    other = ort.InferenceSession(datasets.get_example("sigmoid.onnx"))
    binding = other.io_binding()
    binding.bind_cpu_input("x", x)
    binding.bind_output("y")
    with pytest.raises(ValueError, match="IOBinding must be used with the session that created it"):
        sess.run_with_iobinding(binding)


def test_clear_and_synchronize(sess, x):
    binding = sess.io_binding()
    binding.bind_cpu_input("x", x)
    binding.bind_output("y")
    binding.synchronize_inputs()
    sess.run_with_iobinding(binding)
    binding.synchronize_outputs()
    assert len(binding.get_outputs()) == 1
    binding.clear_binding_outputs()
    assert binding.get_outputs() == [] and binding.copy_outputs_to_cpu() == []
    binding.bind_output("y")
    binding.clear_binding_inputs()
    with pytest.raises(ort.InvalidArgument, match="missing input 'x'"):
        sess.run_with_iobinding(binding)
    binding.bind_cpu_input("x", x)
    sess.run_with_iobinding(binding)
    np.testing.assert_allclose(binding.copy_outputs_to_cpu()[0], sigmoid(x), rtol=1e-6)


def test_terminate_a_bound_run():
    import threading as th

    sess = ort.InferenceSession(long_loop_model())
    binding = sess.io_binding()
    for name, value in LOOP_FEED.items():
        binding.bind_cpu_input(name, value)
    binding.bind_output("y")
    ro = ort.RunOptions()
    timer = th.Timer(0.05, lambda: setattr(ro, "terminate", True))
    timer.start()
    with pytest.raises(ort.Fail, match="terminat"):
        sess.run_with_iobinding(binding, ro)
    timer.join()
    ro.terminate = False
    n = np.array(5, np.int64)
    binding.bind_cpu_input("n", n)
    sess.run_with_iobinding(binding, ro)
    assert binding.copy_outputs_to_cpu()[0] == 5


def test_output_of_a_loop_bound_by_address():
    sess = ort.InferenceSession(long_loop_model())
    binding = sess.io_binding()
    for name, value in dict(LOOP_FEED, n=np.array(5, np.int64)).items():
        binding.bind_cpu_input(name, value)
    y = np.zeros((), np.float32)
    binding.bind_output("y", "cpu", 0, np.float32, [], y.ctypes.data)
    sess.run_with_iobinding(binding)
    assert y == 5 and binding.get_outputs()[0].data_ptr() == y.ctypes.data


# -- OrtValue -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype, name, number", [
    (np.float32, "float", 1), (np.uint8, "uint8", 2), (np.int8, "int8", 3), (np.uint16, "uint16", 4),
    (np.int16, "int16", 5), (np.int32, "int32", 6), (np.int64, "int64", 7), (np.bool_, "bool", 9),
    (np.float16, "float16", 10), (np.float64, "double", 11), (np.uint32, "uint32", 12), (np.uint64, "uint64", 13),
])
def test_ortvalue_from_numpy_views_the_array(dtype, name, number):
    a = (np.arange(6) % 2).astype(dtype).reshape(2, 3)
    v = ort.OrtValue.ortvalue_from_numpy(a)
    assert (v.shape(), v.data_type(), v.element_type(), v.device_name()) == ([2, 3], "tensor(%s)" % name, number, "cpu")
    assert v.is_tensor() and v.has_value() and not v.is_tensor_sequence() and not v.is_sparse_tensor()
    assert v.data_ptr() == a.ctypes.data and v.tensor_size_in_bytes() == a.nbytes
    n = v.numpy()
    assert n.dtype == a.dtype and n.ctypes.data == a.ctypes.data and n is not a
    a[0, 0] = 1
    assert v.numpy()[0, 0] == 1  # One memory.
    np.testing.assert_array_equal(np.asarray(v), a)


def test_ortvalue_from_numpy_edge_cases():
    strided = np.arange(12, dtype=np.float32).reshape(3, 4)[:, ::2]
    v = ort.OrtValue.ortvalue_from_numpy(strided)  # Copied into C order, as ONNX Runtime does.
    np.testing.assert_array_equal(v.numpy(), strided)
    assert v.data_ptr() != strided.ctypes.data and v.numpy().flags.c_contiguous
    scalar = ort.OrtValue.ortvalue_from_numpy(np.array(2.5, np.float32))
    assert scalar.shape() == [] and scalar.numpy().shape == () and scalar.numpy() == 2.5
    empty = ort.OrtValue.ortvalue_from_numpy(np.zeros((0, 3), np.float32))
    assert empty.shape() == [0, 3] and empty.data_ptr() == 0
    words = ort.OrtValue.ortvalue_from_numpy(np.array(["a", "bc"]))  # onyx takes strings (ONNX Runtime refuses).
    assert words.data_type() == "tensor(string)" and words.element_type() == 8
    assert words.numpy().tolist() == ["a", "bc"]
    for bad in ([1.0, 2.0], np.zeros(2, np.complex64)):
        with pytest.raises(ort.InvalidArgument):
            ort.OrtValue.ortvalue_from_numpy(bad)
    with pytest.raises(ValueError):
        ort.OrtValue(5)


@pytest.mark.parametrize("element_type, data_type", [
    (np.float32, "tensor(float)"), (np.int64, "tensor(int64)"), ("float16", "tensor(float16)"),
    (np.bool_, "tensor(bool)"), (TensorProto.DOUBLE, "tensor(double)"), (TensorProto.UINT8, "tensor(uint8)"),
])
def test_ortvalue_from_shape_and_type(element_type, data_type):
    v = ort.OrtValue.ortvalue_from_shape_and_type((2, 3), element_type)
    assert (v.shape(), v.data_type(), v.device_name()) == ([2, 3], data_type, "cpu")
    view = v.numpy()
    view[...] = 1
    assert v.numpy().all() and v.numpy().ctypes.data == v.data_ptr()


def test_ortvalue_from_shape_and_type_errors():
    with pytest.raises(ort.InvalidArgument, match="negative"):
        ort.OrtValue.ortvalue_from_shape_and_type([-1], np.float32)
    with pytest.raises(TypeError):
        ort.OrtValue.ortvalue_from_shape_and_type(5, np.float32)
    with pytest.raises(ort.InvalidArgument, match="99"):
        ort.OrtValue.ortvalue_from_shape_and_type([2], 99)
    with pytest.raises(ort.InvalidArgument, match="complex64"):
        ort.OrtValue.ortvalue_from_shape_and_type([2], np.complex64)


def test_ortvalue_update_inplace():
    a = np.zeros((2, 3), np.float32)
    v = ort.OrtValue.ortvalue_from_numpy(a)
    v.update_inplace(np.arange(6, dtype=np.float32).reshape(3, 2))  # Same element count: copied flat.
    np.testing.assert_array_equal(a, np.arange(6, dtype=np.float32).reshape(2, 3))
    assert v.data_ptr() == a.ctypes.data and v.shape() == [2, 3]
    v.update_inplace(np.arange(12, dtype=np.float32).reshape(2, 6)[:, ::2])  # Non-contiguous source.
    np.testing.assert_array_equal(a, [[0, 2, 4], [6, 8, 10]])
    v.update_inplace(ort.OrtValue.ortvalue_from_numpy(np.ones(6, np.float32)))
    assert a.sum() == 6
    with pytest.raises(ort.InvalidArgument, match="size"):
        v.update_inplace(np.zeros(7, np.float32))
    with pytest.raises(ort.InvalidArgument, match="float64.*tensor\\(float\\)"):
        v.update_inplace(np.zeros(6, np.float64))  # ONNX Runtime would copy the bytes reinterpreted.
    with pytest.raises(TypeError):
        v.update_inplace([1, 2, 3, 4, 5, 6])


# -- run_with_ort_values -------------------------------------------------------------------------------------

def test_run_with_ort_values(sess, x):
    out = sess.run_with_ort_values(["y"], {"x": ort.OrtValue.ortvalue_from_numpy(x)})
    assert len(out) == 1 and isinstance(out[0], ort.OrtValue)
    np.testing.assert_allclose(out[0].numpy(), sigmoid(x), rtol=1e-6)
    assert len(sess.run_with_ort_values(None, {"x": ort.OrtValue.ortvalue_from_numpy(x)})) == 1
    np.testing.assert_allclose(sess.run(None, {"x": ort.OrtValue.ortvalue_from_numpy(x)})[0], sigmoid(x), rtol=1e-6)
    with pytest.raises(ValueError, match="x"):
        sess.run_with_ort_values(None, {"nope": ort.OrtValue.ortvalue_from_numpy(x)})
    with pytest.raises(ort.InvalidArgument, match="'zz'"):
        sess.run_with_ort_values(["zz"], {"x": ort.OrtValue.ortvalue_from_numpy(x)})


# -- run_async -------------------------------------------------------------------------------------------------

def run_async_and_wait(sess, output_names, feed, run_options=None, timeout=30):
    done = threading.Event()
    got = {}

    def callback(outputs, user_data, err):
        got.update(outputs=outputs, user_data=user_data, err=err, main=threading.current_thread() is
                   threading.main_thread())
        done.set()

    assert sess.run_async(output_names, feed, callback, {"tag": 7}, run_options) is None
    assert done.wait(timeout)
    return got


def test_run_async_calls_back_with_the_outputs(sess, x):
    got = run_async_and_wait(sess, None, {"x": x})
    assert got["err"] == "" and got["user_data"] == {"tag": 7} and not got["main"]
    assert isinstance(got["outputs"], list) and len(got["outputs"]) == 1
    np.testing.assert_allclose(got["outputs"][0], sigmoid(x), rtol=1e-6)


def test_run_async_errors_go_to_the_callback(sess, x):
    for feed, names, words in [({"x": x.astype(np.float64)}, None, ["tensor(double)", "'x'"]),
                               ({"x": np.zeros((3, 4, 6), np.float32)}, None, ["'x'"]),
                               ({"x": x}, ["zz"], ["'zz'"])]:
        got = run_async_and_wait(sess, names, feed)
        assert got["outputs"] == [] and isinstance(got["err"], str)
        assert not got["err"].startswith("[ONYXError]")  # The message alone, as ONNX Runtime gives it.
        for word in words:
            assert word in got["err"], (word, got["err"])
    with pytest.raises(ValueError, match="x"):  # Missing inputs raise at once, as in ONNX Runtime.
        sess.run_async(None, {}, lambda *a: None, None)
    with pytest.raises(TypeError):
        sess.run_async(None, {"x": x}, "not callable", None)


def test_run_async_terminate_and_the_session_stays_usable():
    sess = ort.InferenceSession(long_loop_model())
    ro = ort.RunOptions()
    done = threading.Event()
    got = {}
    sess.run_async(None, LOOP_FEED, lambda out, data, err: (got.update(out=out, err=err), done.set()), None, ro)
    time.sleep(0.05)
    ro.terminate = True
    assert done.wait(30)
    assert got["out"] == [] and "terminat" in got["err"]
    ro.terminate = False
    got = run_async_and_wait(sess, None, dict(LOOP_FEED, n=np.array(4, np.int64)), ro)
    assert got["err"] == "" and got["outputs"][0] == 4


def test_run_async_callback_exception_is_unraisable(sess, x, monkeypatch):
    reported = []
    done = threading.Event()
    monkeypatch.setattr(sys, "unraisablehook", lambda args: (reported.append(args), done.set()))

    def callback(outputs, user_data, err):
        raise RuntimeError("boom in the callback")

    sess.run_async(None, {"x": x}, callback, None)
    assert done.wait(30)
    assert isinstance(reported[0].exc_value, RuntimeError) and "run_async callback" in reported[0].err_msg
    np.testing.assert_allclose(sess.run(None, {"x": x})[0], sigmoid(x), rtol=1e-6)


# -- profiling ---------------------------------------------------------------------------------------------------

def chain_model():
    """x [2,4] -> MatMul -> Sigmoid -> Transpose -> ReduceSum: y []."""
    nodes = [helper.make_node("MatMul", ["x", "w"], ["h"], name="mm"),
             helper.make_node("Sigmoid", ["h"], ["s"], name="sig"),
             helper.make_node("Transpose", ["s"], ["t"], name="tr", perm=[1, 0]),
             helper.make_node("ReduceSum", ["t"], ["y"], name="rs", keepdims=0)]
    w = numpy_helper.from_array(np.linspace(-1, 1, 12, dtype=np.float32).reshape(4, 3), "w")
    return make_model(nodes, [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 4])],
                      [helper.make_tensor_value_info("y", TensorProto.FLOAT, [])], [w], opset=13)


def test_profiling_writes_a_chrome_trace(tmp_path):
    model = chain_model()
    _, summary = ort.convert_model(model)
    so = ort.SessionOptions()
    so.enable_profiling = True
    so.profile_file_prefix = str(tmp_path / "trace")
    before = time.time_ns()
    sess = ort.InferenceSession(model.SerializeToString(), so)
    after = time.time_ns()
    assert before <= sess.get_profiling_start_time_ns() <= after
    runs = 3
    for _ in range(runs):
        sess.run(None, {"x": np.ones((2, 4), np.float32)})
    path = sess.end_profiling()
    # ONNX Runtime's name: <prefix>_<date>_<time>_<milliseconds>.json, when profiling started.
    assert re.fullmatch(re.escape(str(tmp_path / "trace")) + r"_\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d_\d{3}\.json", path)
    assert time.strftime("%Y-%m-%d_%H-%M-%S", time.localtime(sess.get_profiling_start_time_ns() // 10 ** 9)) in path
    with open(path) as f:
        events = json.load(f)
    assert isinstance(events, list) and os.listdir(tmp_path) == [os.path.basename(path)]
    for e in events:
        assert {"cat", "pid", "tid", "dur", "ts", "ph", "name", "args"} <= set(e) and e["ph"] == "X"
        assert isinstance(e["ts"], int) and isinstance(e["dur"], int) and e["dur"] >= 0 and e["ts"] >= 0
    session = [e["name"] for e in events if e["cat"] == "Session"]
    assert session.count("model_run") == runs and session.count("session_initialization") == 1
    nodes = [e for e in events if e["cat"] == "Node"]
    assert len(nodes) == runs * summary["num_nodes"]  # One event per node per run.
    for e in nodes:
        assert e["name"].endswith("_kernel_time")
        assert set(e["args"]) >= {"op_name", "provider", "input_type_shape", "output_type_shape"}
        assert e["args"]["provider"] == "CPUExecutionProvider"
    by_name = {e["name"]: e["args"] for e in nodes}
    # Nodes the optimizer leaves alone keep their names, ops and (hand-derived) shapes.
    assert by_name["tr_kernel_time"]["op_name"] == "Transpose"
    assert by_name["tr_kernel_time"]["input_type_shape"] == [{"float": [2, 3]}]
    assert by_name["tr_kernel_time"]["output_type_shape"] == [{"float": [3, 2]}]
    assert by_name["rs_kernel_time"] == {"op_name": "ReduceSum", "provider": "CPUExecutionProvider",
                                         "input_type_shape": [{"float": [3, 2]}], "output_type_shape": [{"float": []}]}
    assert sess.end_profiling() == ""  # Profiling has ended, as in ONNX Runtime.
    sess.run(None, {"x": np.ones((2, 4), np.float32)})


def test_profiling_off(sess):
    assert sess.end_profiling() == "" and sess.get_profiling_start_time_ns() == 0


def test_profiling_default_prefix(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    so = ort.SessionOptions()
    so.enable_profiling = True
    sess = ort.InferenceSession(datasets.get_example("sigmoid.onnx"), so)
    sess.run(None, {"x": np.zeros((3, 4, 5), np.float32)})
    path = sess.end_profiling()
    assert path.startswith("onnxruntime_profile__") and os.path.isfile(path)
    assert sum(e["cat"] == "Node" for e in json.load(open(path))) == 1


def test_profiling_to_a_missing_directory(tmp_path):
    so = ort.SessionOptions()
    so.enable_profiling = True
    so.profile_file_prefix = str(tmp_path / "no" / "such" / "dir" / "p")
    sess = ort.InferenceSession(datasets.get_example("sigmoid.onnx"), so)
    with pytest.raises(ort.NoSuchFile, match="no/such/dir"):
        sess.end_profiling()


# -- overridable initializers, providers, fallback -----------------------------------------------------------

def overridable_model():
    """y = x + w + b; w and b are initializers the graph also lists as inputs."""
    inputs = [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 4]),
              helper.make_tensor_value_info("w", TensorProto.FLOAT, [4]),
              helper.make_tensor_value_info("b", TensorProto.FLOAT, None)]
    nodes = [helper.make_node("Add", ["x", "w"], ["t"]), helper.make_node("Add", ["t", "b"], ["y"])]
    inits = [numpy_helper.from_array(np.ones(4, np.float32), "w"),
             numpy_helper.from_array(np.full(4, 2, np.float32), "b")]
    return make_model(nodes, inputs, [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 4])], inits)


def test_overridable_initializers_are_listed_but_cannot_be_fed():
    model = overridable_model().SerializeToString()
    sess = ort.InferenceSession(model)
    assert [(a.name, a.type, a.shape) for a in sess.get_overridable_initializers()] == [
        ("w", "tensor(float)", [4]), ("b", "tensor(float)", [])]
    assert [a.name for a in sess.get_inputs()] == ["x"]
    x = np.zeros((2, 4), np.float32)
    np.testing.assert_array_equal(sess.run(None, {"x": x})[0], np.full((2, 4), 3, np.float32))
    with pytest.raises(ort.NotImplemented, match="'w'.*add_initializer"):
        sess.run(None, {"x": x, "w": np.zeros(4, np.float32)})
    with pytest.raises(ort.NotImplemented, match="'b'"):
        sess.io_binding().bind_cpu_input("b", np.zeros(4, np.float32))
    so = ort.SessionOptions()  # What onyx offers instead.
    so.add_initializer("w", np.full(4, 10, np.float32))
    np.testing.assert_array_equal(ort.InferenceSession(model, so).run(None, {"x": x})[0],
                                  np.full((2, 4), 12, np.float32))


def test_onyx_models_have_no_overridable_initializers(tmp_path):
    path = tmp_path / "m.onyx"
    path.write_bytes(ort.convert_model(overridable_model())[0])
    assert ort.InferenceSession(str(path)).get_overridable_initializers() == []


def test_set_providers(sess, x, tmp_path):
    path = tmp_path / "sigmoid.onyx"
    path.write_bytes(ort.convert_model(datasets.get_example("sigmoid.onnx"))[0])
    for source in (datasets.get_example("sigmoid.onnx"), str(path)):
        s = ort.InferenceSession(source)
        s.set_providers(["CPUExecutionProvider"])
        assert s.get_providers() == ["CPUExecutionProvider"]
        s.set_providers()
        assert s.get_providers() == ort.get_available_providers()
        np.testing.assert_allclose(s.run(None, {"x": x})[0], sigmoid(x), rtol=1e-6)
        with pytest.raises(ort.InvalidArgument, match="Unknown Provider Type: Foo"):
            s.set_providers(["Foo"])
        with pytest.raises(ValueError, match="same length"):
            s.set_providers(["CPUExecutionProvider"], [{}, {}])
        s.set_providers(["CPUExecutionProvider"], [{}])
    os.remove(path)  # Made again from a deleted .onyx file: raises, and the session keeps working.
    with pytest.raises(ort.NoSuchFile, match="sigmoid.onyx"):
        s.set_providers(["CPUExecutionProvider"])
    np.testing.assert_allclose(s.run(None, {"x": x})[0], sigmoid(x), rtol=1e-6)


class FailingOnce:
    """A native session whose first run fails in its execution provider."""

    def __init__(self, real):
        self.real, self.calls = real, 0

    def providers(self):
        return ["CUDAExecutionProvider", "CPUExecutionProvider"]

    def run(self, *args):
        self.calls += 1
        raise ort.EPFail("a CUDA kernel failed")


def test_fallback_to_the_cpu_on_an_execution_provider_failure(x, capsys):
    s = ort.InferenceSession(datasets.get_example("sigmoid.onnx"))
    s._sess = failing = FailingOnce(s._sess)
    np.testing.assert_allclose(s.run(None, {"x": x})[0], sigmoid(x), rtol=1e-6)
    assert failing.calls == 1 and s.get_providers() == ["CPUExecutionProvider"]
    assert "Falling back to ['CPUExecutionProvider']" in capsys.readouterr().out
    s._sess = FailingOnce(s._sess)  # Fallback happens once; then EPFail raises.
    with pytest.raises(ort.EPFail):
        s.run(None, {"x": x})
    s.enable_fallback()
    s.run(None, {"x": x})
    s._sess = FailingOnce(s._sess)
    s.disable_fallback()
    with pytest.raises(ort.EPFail):
        s.run(None, {"x": x})
