"""onyx.backend: the ONNX backend API (prepare/run, run_model, run_node,
is_compatible, supports_device) on small onnx.helper models against numpy."""

import os
import subprocess
import sys

import numpy as np
import onnx
import onnx.backend.base
import pytest
from onnx import TensorProto, helper

import onyx
import onyx.backend as backend
from onyx import _onyx

from conftest import make_model

FLOAT = TensorProto.FLOAT


def vi(name, shape, elem_type=FLOAT):
    return helper.make_tensor_value_info(name, elem_type, shape)


@pytest.fixture
def add_relu():
    """y = Relu(a + b), z = a * b; inputs a[2,3], b[3]."""
    nodes = [
        helper.make_node("Add", ["a", "b"], ["s"]),
        helper.make_node("Relu", ["s"], ["y"]),
        helper.make_node("Mul", ["a", "b"], ["z"]),
    ]
    model = make_model(nodes, [vi("a", [2, 3]), vi("b", [3])], [vi("y", [2, 3]), vi("z", [2, 3])])
    rng = np.random.default_rng(3)
    a = rng.standard_normal((2, 3)).astype(np.float32)
    b = rng.standard_normal(3).astype(np.float32)
    return model, a, b


def check_add_relu(outputs, a, b):
    assert isinstance(outputs, tuple)
    assert len(outputs) == 2
    np.testing.assert_allclose(outputs[0], np.maximum(a + b, 0), rtol=1e-6)
    np.testing.assert_allclose(outputs[1], a * b, rtol=1e-6)
    # namedtuple-like, as onnx.backend.base.namedtupledict: by name and attribute too.
    np.testing.assert_array_equal(outputs["y"], outputs[0])
    np.testing.assert_array_equal(outputs.z, outputs[1])


def test_module_api():
    assert onyx.backend is backend
    assert issubclass(backend.OnyxBackend, onnx.backend.base.Backend)
    assert issubclass(backend.BackendRep, onnx.backend.base.BackendRep)
    for name in ("prepare", "run", "run_model", "run_node", "is_compatible", "supports_device"):
        assert callable(getattr(backend, name)), name
    assert backend.run == backend.run_model


def test_import_onyx_does_not_import_onnx():
    package_root = os.path.dirname(os.path.dirname(onyx.__file__))
    env = dict(os.environ, PYTHONPATH=package_root + os.pathsep + os.environ.get("PYTHONPATH", ""))
    code = "import sys, onyx; assert 'onnx' not in sys.modules, 'import onyx imported onnx'; onyx.backend; print('ok')"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert "ok" in out.stdout


@pytest.mark.parametrize("form", ["proto", "bytes", "path"])
def test_prepare_and_run(add_relu, tmp_path, form):
    model, a, b = add_relu
    if form == "bytes":
        model = model.SerializeToString()
    elif form == "path":
        path = tmp_path / "add_relu.onnx"
        onnx.save(model, str(path))
        model = str(path)
    rep = backend.prepare(model, "CPU")
    assert isinstance(rep, onnx.backend.base.BackendRep)
    check_add_relu(rep.run([a, b]), a, b)
    check_add_relu(rep.run((a, b)), a, b)
    check_add_relu(rep.run({"a": a, "b": b}), a, b)
    check_add_relu(rep.run([a, b]), a, b)  # A prepared model runs repeatedly.


def test_prepare_path_like(add_relu, tmp_path):
    model, a, b = add_relu
    path = tmp_path / "m.onnx"
    onnx.save(model, str(path))
    check_add_relu(backend.prepare(path).run([a, b]), a, b)


def test_prepare_accepts_session_and_rep(add_relu):
    model, a, b = add_relu
    sess = onyx.InferenceSession(model.SerializeToString())
    rep = backend.prepare(sess)
    assert rep.session is sess
    assert backend.prepare(rep) is rep
    check_add_relu(rep.run([a, b]), a, b)


def test_run_single_array():
    model = make_model([helper.make_node("Sigmoid", ["x"], ["y"])], [vi("x", [4])], [vi("y", [4])])
    x = np.linspace(-2, 2, 4).astype(np.float32)
    (y,) = backend.prepare(model).run(x)
    np.testing.assert_allclose(y, 1 / (1 + np.exp(-x)), rtol=1e-6)


def test_run_input_count_errors(add_relu):
    model, a, b = add_relu
    rep = backend.prepare(model)
    with pytest.raises(onyx.InvalidArgument, match="takes 2 inputs"):
        rep.run([a, b, b])
    with pytest.raises(onyx.InvalidArgument, match="not a single array"):
        rep.run(a)


def test_run_model(add_relu):
    model, a, b = add_relu
    check_add_relu(backend.run_model(model, [a, b]), a, b)
    check_add_relu(backend.run(model.SerializeToString(), {"a": a, "b": b}, device="CPU"), a, b)
    check_add_relu(backend.OnyxBackend.run_model(model, [a, b]), a, b)


def test_prepare_kwargs_set_session_options(add_relu):
    model, a, b = add_relu
    rep = backend.prepare(model, intra_op_num_threads=1, log_severity_level=3)
    options = rep.session.get_session_options()
    assert options.intra_op_num_threads == 1
    assert options.log_severity_level == 3
    check_add_relu(rep.run([a, b]), a, b)
    check_add_relu(backend.run_model(model, [a, b], intra_op_num_threads=2), a, b)


def test_unknown_kwargs_raise(add_relu):
    model, a, b = add_relu
    with pytest.raises(onyx.InvalidArgument, match="unknown option 'no_such_option'.*SessionOptions"):
        backend.prepare(model, no_such_option=1)
    with pytest.raises(ValueError, match="unknown option 'intra_op_threads'"):  # A near miss is not accepted.
        backend.run_model(model, [a, b], intra_op_threads=1)
    with pytest.raises(onyx.InvalidArgument, match="unknown option 'bogus'.*RunOptions"):
        backend.prepare(model).run([a, b], bogus=True)
    with pytest.raises(onyx.InvalidArgument, match="unknown option 'bogus'"):
        backend.run_node(helper.make_node("Relu", ["x"], ["y"]), [a], bogus=1)


def test_run_kwargs_set_run_options(add_relu):
    model, a, b = add_relu
    check_add_relu(backend.prepare(model).run([a, b], log_severity_level=3, terminate=False), a, b)


def test_prepare_unsupported_device(add_relu):
    model, _, _ = add_relu
    with pytest.raises(onyx.InvalidArgument, match="device 'TPU'"):
        backend.prepare(model, "TPU")
    if "CUDAExecutionProvider" not in onyx.get_available_providers():
        with pytest.raises(onyx.InvalidArgument, match="device 'CUDA'"):
            backend.prepare(model, "CUDA")


def test_prepare_invalid_model():
    with pytest.raises(Exception):
        backend.prepare(b"this is not an onnx model")


# run_node ----------------------------------------------------------------


def test_run_node_relu():
    x = np.array([[-1.5, 0.0, 2.0], [3.0, -0.1, 0.25]], np.float32)
    (y,) = backend.run_node(helper.make_node("Relu", ["x"], ["y"]), [x])
    np.testing.assert_array_equal(y, np.maximum(x, 0))
    assert y.dtype == np.float32


def test_run_node_broadcast_add_int64():
    a = np.arange(6, dtype=np.int64).reshape(2, 3)
    b = np.array([10, 20, 30], np.int64)
    out = backend.run_node(helper.make_node("Add", ["a", "b"], ["c"]), [a, b])
    np.testing.assert_array_equal(out["c"], a + b)
    assert out.c.dtype == np.int64


def test_run_node_attributes_and_dict_inputs():
    x = np.random.default_rng(0).standard_normal((2, 3, 4)).astype(np.float32)
    node = helper.make_node("Transpose", ["data"], ["t"], perm=[2, 0, 1])
    (t,) = backend.run_node(node, {"data": x})
    np.testing.assert_array_equal(t, x.transpose(2, 0, 1))


def test_run_node_multiple_outputs():
    x = np.arange(12, dtype=np.float32).reshape(2, 6)
    node = helper.make_node("Split", ["x"], ["p", "q", "r"], axis=1, num_outputs=3)
    outs = backend.run_node(node, [x], opset_version=18)
    assert len(outs) == 3
    for got, want in zip(outs, np.split(x, 3, axis=1)):
        np.testing.assert_array_equal(got, want)


def test_run_node_optional_input():
    x = np.array([-2.0, -0.5, 0.5, 2.0], np.float32)
    node = helper.make_node("Clip", ["x", "", "hi"], ["y"])
    hi = np.array(1.0, np.float32)
    want = np.minimum(x, 1.0)
    # The empty optional input may be given as None or left out.
    np.testing.assert_array_equal(backend.run_node(node, [x, None, hi])[0], want)
    np.testing.assert_array_equal(backend.run_node(node, [x, hi])[0], want)


def test_run_node_opset_version():
    x = np.array([-2.0, -0.5, 0.5, 2.0], np.float32)
    # Clip-6 takes min/max as attributes; Clip-11+ as inputs.
    node = helper.make_node("Clip", ["x"], ["y"], min=-1.0, max=1.0)
    if not any(op == "Clip" and since <= 6 <= until for d, op, since, until in _onyx.supported_ops() if d == ""):
        pytest.skip("Clip-6 not implemented yet")
    (y,) = backend.run_node(node, [x], opset_version=6)
    np.testing.assert_array_equal(y, np.clip(x, -1, 1))


def test_run_node_outputs_info():
    x = np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)
    node = helper.make_node("Softmax", ["x"], ["y"], axis=-1)
    (y,) = backend.run_node(node, [x], outputs_info=[(np.float32, (2, 2))])
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    np.testing.assert_allclose(y, e / e.sum(axis=-1, keepdims=True), rtol=1e-6)
    with pytest.raises(onyx.InvalidArgument, match="outputs_info"):
        backend.run_node(node, [x], outputs_info=[(np.float32, (2, 2))] * 2)


def test_run_node_missing_input():
    with pytest.raises(onyx.InvalidArgument, match="no value for input 'b'"):
        backend.run_node(helper.make_node("Add", ["a", "b"], ["c"]), {"a": np.ones(2, np.float32)})


def test_run_node_cast_types():
    x = np.array([1.7, -2.2, 3.5], np.float32)
    (y,) = backend.run_node(helper.make_node("Cast", ["x"], ["y"], to=TensorProto.INT32), [x])
    np.testing.assert_array_equal(y, x.astype(np.int32))
    assert y.dtype == np.int32


# is_compatible -----------------------------------------------------------


def loop_model(body_op, domain=""):
    """Loop with trip count 3 over state v: v = body_op(v) each iteration."""
    body = helper.make_graph(
        [
            helper.make_node("Identity", ["cond_in"], ["cond_out"]),
            helper.make_node(body_op, ["v_in"], ["v_out"], domain=domain),
        ],
        "body",
        [helper.make_tensor_value_info("i", TensorProto.INT64, []),
         helper.make_tensor_value_info("cond_in", TensorProto.BOOL, []),
         vi("v_in", [3])],
        [helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []), vi("v_out", [3])],
    )
    loop = helper.make_node("Loop", ["n", "cond", "v0"], ["v"], body=body)
    opsets = [helper.make_opsetid("", 17)]
    if domain:
        opsets.append(helper.make_opsetid(domain, 1))
    graph = helper.make_graph(
        [loop], "loop",
        [helper.make_tensor_value_info("n", TensorProto.INT64, []),
         helper.make_tensor_value_info("cond", TensorProto.BOOL, []), vi("v0", [3])],
        [vi("v", [3])],
    )
    model = helper.make_model(graph, opset_imports=opsets)
    model.ir_version = 8
    return model


def if_model(then_op, domain=""):
    def branch(op, name):
        return helper.make_graph([helper.make_node(op, ["x"], [name + "_y"], domain=domain)], name, [],
                                 [vi(name + "_y", [3])])

    node = helper.make_node("If", ["c"], ["y"], then_branch=branch(then_op, "then"), else_branch=branch("Neg", "else"))
    opsets = [helper.make_opsetid("", 17)] + ([helper.make_opsetid(domain, 1)] if domain else [])
    graph = helper.make_graph([node], "if", [helper.make_tensor_value_info("c", TensorProto.BOOL, []), vi("x", [3])],
                              [vi("y", [3])])
    model = helper.make_model(graph, opset_imports=opsets)
    model.ir_version = 8
    return model


def test_is_compatible_true(add_relu, tmp_path):
    model, _, _ = add_relu
    assert backend.is_compatible(model)
    assert backend.is_compatible(model, "CPU")
    assert backend.is_compatible(model.SerializeToString())
    path = tmp_path / "m.onnx"
    onnx.save(model, str(path))
    assert backend.is_compatible(str(path))
    assert backend.unsupported_ops(model) == []


def test_is_compatible_unknown_op():
    nodes = [helper.make_node("NoSuchOp", ["x"], ["y"], domain="com.example.onyx_test")]
    graph = helper.make_graph(nodes, "g", [vi("x", [2])], [vi("y", [2])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17),
                                                    helper.make_opsetid("com.example.onyx_test", 1)])
    assert not backend.is_compatible(model)
    assert backend.unsupported_ops(model) == ["com.example.onyx_test.NoSuchOp(opset 1)"]


def test_is_compatible_checks_the_models_opset():
    """An op onyx implements only from opset N is not compatible in a model of opset N-1."""
    since = {}
    for domain, op, lo, _ in _onyx.supported_ops():
        if domain == "" and op not in ("If", "Loop", "Scan"):
            since[op] = min(lo, since.get(op, lo))
    op, first = max(since.items(), key=lambda kv: kv[1])
    if first <= 1:
        pytest.skip("every implemented op starts at opset 1")
    graph = helper.make_graph([helper.make_node(op, ["x"], ["y"])], "g", [vi("x", [2])], [vi("y", [2])])
    at = helper.make_model(graph, opset_imports=[helper.make_opsetid("", first)])
    before = helper.make_model(graph, opset_imports=[helper.make_opsetid("", first - 1)])
    assert backend.is_compatible(at)
    assert not backend.is_compatible(before)
    assert backend.unsupported_ops(before) == ["%s(opset %d)" % (op, first - 1)]


def test_is_compatible_loop_body():
    good = loop_model("Neg")
    assert backend.is_compatible(good)
    bad = loop_model("NoSuchOp", domain="com.example.onyx_test")
    assert not backend.is_compatible(bad)
    assert backend.unsupported_ops(bad) == ["com.example.onyx_test.NoSuchOp(opset 1)"]
    # The compatible one really runs: Neg three times.
    v0 = np.array([1.0, -2.0, 3.0], np.float32)
    (v,) = backend.run_model(good, [np.array(3, np.int64), np.array(True), v0])
    np.testing.assert_array_equal(v, -v0)


def test_is_compatible_if_branch():
    assert backend.is_compatible(if_model("Abs"))
    assert not backend.is_compatible(if_model("NoSuchOp", domain="com.example.onyx_test"))


def test_is_compatible_value_kinds():
    seq = helper.make_tensor_sequence_value_info("s", FLOAT, None)
    graph = helper.make_graph([helper.make_node("Identity", ["s"], ["t"])], "g", [seq],
                              [helper.make_tensor_sequence_value_info("t", FLOAT, None)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    assert backend.unsupported_value_kinds(model) == []  # Sequences are lists of arrays.
    map_type = helper.make_map_type_proto(TensorProto.INT64, helper.make_tensor_type_proto(FLOAT, None))
    m = helper.make_value_info("m", map_type)
    graph = helper.make_graph([helper.make_node("Identity", ["m"], ["n"])], "g", [m],
                              [helper.make_value_info("n", map_type)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    assert backend.unsupported_value_kinds(model) == ["map"]
    assert not backend.is_compatible(model)


def test_is_compatible_device(add_relu, monkeypatch):
    model, _, _ = add_relu
    assert not backend.is_compatible(model, "TPU")
    monkeypatch.setattr(backend, "_available_providers", lambda: ["CPUExecutionProvider"])
    assert not backend.is_compatible(model, "CUDA")
    monkeypatch.setattr(backend, "_available_providers", lambda: ["CUDAExecutionProvider", "CPUExecutionProvider"])
    assert backend.is_compatible(model, "CUDA")


# supports_device ---------------------------------------------------------


def test_supports_device_cpu():
    assert backend.supports_device("CPU")
    assert backend.OnyxBackend.supports_device("CPU")
    assert backend.supports_device("cpu")
    assert not backend.supports_device("TPU")
    assert not backend.supports_device("FPGA:0")


def test_supports_device_cuda_follows_providers(monkeypatch):
    has_cuda = "CUDAExecutionProvider" in onyx.get_available_providers()
    assert backend.supports_device("CUDA") == has_cuda
    assert backend.supports_device("GPU") == has_cuda
    assert backend.supports_device("CUDA:0") == has_cuda
    monkeypatch.setattr(backend, "_available_providers", lambda: ["CUDAExecutionProvider", "CPUExecutionProvider"])
    assert backend.supports_device("CUDA")
    assert backend.supports_device("GPU")
    monkeypatch.setattr(backend, "_available_providers", lambda: ["CPUExecutionProvider"])
    assert not backend.supports_device("CUDA")
    assert not backend.supports_device("GPU")
