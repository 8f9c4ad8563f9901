"""The ONNX backend API (``onnx.backend.base``) on top of onyx.

    import onyx.backend as backend
    rep = backend.prepare(model, "CPU")          # ModelProto, bytes or a path
    outputs = rep.run([x])                       # a tuple, also indexable by name
    outputs = backend.run_model(model, [x])
    outputs = backend.run_node(onnx.helper.make_node("Relu", ["x"], ["y"]), [x])
    backend.is_compatible(model)                 # every op (subgraphs included) implemented?
    backend.supports_device("CUDA")

This is what ``onnx.backend.test.BackendTest(onyx.backend)`` drives, and the
module-level functions mirror ONNX Runtime's ``onnxruntime.backend``
(``run`` is ``run_model``). Unlike ONNX Runtime, ``run_node`` is implemented:
it wraps the node in a one-node model. Keyword arguments of ``prepare``,
``run_model`` and ``run_node`` set the SessionOptions attributes of the same
name; those of ``BackendRep.run`` set RunOptions attributes. An unknown name
raises ``onyx.InvalidArgument``.

This module needs the ``onnx`` package, which ``import onyx`` alone does not.
"""

import os

import numpy as np
import onnx
from onnx.backend.base import Backend, BackendRep, namedtupledict

from onyx import _onyx
from onyx._errors import InvalidArgument
from onyx.options import RunOptions, SessionOptions
from onyx.session import InferenceSession

def _device_type(device):
    """"CUDA:1" -> ("CUDA", 1); "gpu" -> ("GPU", 0)."""
    if device is None:
        return "CPU", 0
    parts = str(device).split(":")
    device_id = int(parts[1]) if len(parts) > 1 and parts[1] else 0
    return parts[0].strip().upper(), device_id


def _available_providers():
    return list(_onyx.available_providers())


def supports_device(device):
    """True for "CPU"; for "CUDA" (or "GPU") only when this onyx has the CUDA provider."""
    kind, _ = _device_type(device)
    if kind == "CPU":
        return True
    if kind in ("CUDA", "GPU"):
        return "CUDAExecutionProvider" in _available_providers()
    return False


def _providers_for(device):
    kind, device_id = _device_type(device)
    if not supports_device(device):
        raise InvalidArgument(
            "onyx does not support device '%s' (available providers: %s)" % (device, ", ".join(_available_providers()))
        )
    if kind == "CPU":
        return ["CPUExecutionProvider"], None
    return ["CUDAExecutionProvider", "CPUExecutionProvider"], [{"device_id": device_id}, {}]


def _option_names(options):
    """Public attributes of a SessionOptions/RunOptions, settable properties included."""
    names = {k for k in vars(options) if not k.startswith("_")}
    for k, v in vars(type(options)).items():
        if isinstance(v, property) and v.fset is not None and not k.startswith("_"):
            names.add(k)
    return sorted(names)


def _apply_options(options, kwargs, what, function):
    known = _option_names(options)
    for key, value in kwargs.items():
        if key not in known:
            raise InvalidArgument(
                "%s() got an unknown option '%s': keyword arguments set %s attributes, which are: %s"
                % (function, key, what, ", ".join(known))
            )
        setattr(options, key, value)
    return options


def _load_model(model):
    """A ModelProto from a ModelProto, serialized bytes, or a path (external data not loaded)."""
    if isinstance(model, onnx.ModelProto):
        return model
    if isinstance(model, (bytes, bytearray)):
        return onnx.load_model_from_string(bytes(model))
    return onnx.load(os.fspath(model), load_external_data=False)


def _domain(domain):
    return "" if domain == "ai.onnx" else domain


def _model_opsets(model):
    opsets = {_domain(imp.domain): imp.version for imp in model.opset_import}
    if not model.opset_import:
        opsets[""] = 1  # IR version 2 models may omit the import; they mean opset 1.
    return opsets


def _iter_nodes(graph):
    """Every node of `graph` and of its subgraphs (If/Loop/Scan bodies), depth first."""
    for node in graph.node:
        yield node
        for attr in node.attribute:
            if attr.type == onnx.AttributeProto.GRAPH:
                yield from _iter_nodes(attr.g)
            elif attr.type == onnx.AttributeProto.GRAPHS:
                for g in attr.graphs:
                    yield from _iter_nodes(g)


def _supported_table():
    table = {}
    for domain, op, since, until in _onyx.supported_ops():
        table.setdefault((domain, op), []).append((since, until))
    return table


def unsupported_ops(model):
    """Sorted "Op(opset N)" names (with "domain." for other domains) of the
    operators `model` uses, subgraphs included, that onyx does not implement
    at the model's opset. `model`: ModelProto, bytes or path."""
    model = _load_model(model)
    table = _supported_table()
    opsets = _model_opsets(model)
    missing = set()
    for node in _iter_nodes(model.graph):
        domain = _domain(node.domain)
        opset = opsets.get(domain)
        ranges = table.get((domain, node.op_type), ())
        if opset is None or not any(since <= opset <= until for since, until in ranges):
            name = node.op_type if not domain else "%s.%s" % (domain, node.op_type)
            missing.add("%s(opset %s)" % (name, opset if opset is not None else "?"))
    return sorted(missing)


def _unsupported_type(type_proto):
    """The kind of `type_proto` onyx cannot exchange, or None: tensors,
    sequences of tensors and optionals of those are fine; maps and sparse
    tensors are not."""
    kind = type_proto.WhichOneof("value")
    if kind is None or kind == "tensor_type":
        return None
    if kind == "sequence_type":
        inner = _unsupported_type(type_proto.sequence_type.elem_type)
        return "sequence(%s)" % inner if inner else None
    if kind == "optional_type":
        inner = _unsupported_type(type_proto.optional_type.elem_type)
        return "optional(%s)" % inner if inner else None
    return kind[: -len("_type")] if kind.endswith("_type") else kind


def unsupported_value_kinds(model):
    """Sorted kinds of the graph inputs/outputs onyx cannot take or return:
    "map", "sparse_tensor" (possibly inside a sequence or optional). Tensors,
    sequences of tensors and optionals are exchanged as numpy arrays, lists
    of arrays and None."""
    model = _load_model(model)
    kinds = set()
    for value in list(model.graph.input) + list(model.graph.output):
        kind = _unsupported_type(value.type)
        if kind:
            kinds.add(kind)
    return sorted(kinds)


class OnyxBackendRep(BackendRep):
    """A prepared model: ``run(inputs)`` runs it. ``inputs`` is a list/tuple
    (in the order of the model's inputs), a dict {name: array}, or a single
    array for a one-input model. Returns the outputs as a tuple, also
    indexable by output name."""

    def __init__(self, session):
        self._session = session
        self._input_names = [i.name for i in session.get_inputs()]
        self._output_names = [o.name for o in session.get_outputs()]
        self._outputs_type = namedtupledict("Outputs", self._output_names)

    @property
    def session(self):
        """The underlying onyx.InferenceSession."""
        return self._session

    def run(self, inputs, **kwargs):
        run_options = _apply_options(RunOptions(), kwargs, "RunOptions", "run")
        if isinstance(inputs, dict):
            feed = dict(inputs)
        elif isinstance(inputs, (list, tuple)):
            if len(inputs) > len(self._input_names):
                raise InvalidArgument(
                    "the model takes %d inputs (%s), got %d"
                    % (len(self._input_names), ", ".join(self._input_names), len(inputs))
                )
            feed = dict(zip(self._input_names, inputs))
        else:
            if len(self._input_names) != 1:
                raise InvalidArgument(
                    "the model takes %d inputs (%s): pass a list or a dict, not a single array"
                    % (len(self._input_names), ", ".join(self._input_names))
                )
            feed = {self._input_names[0]: inputs}
        outputs = self._session.run(self._output_names, feed, run_options)
        return self._outputs_type(*outputs)


class OnyxBackend(Backend):
    """onyx as an ONNX backend (see the module docstring)."""

    @classmethod
    def is_compatible(cls, model, device="CPU", **kwargs):
        """True if onyx supports `device` and implements every operator the
        model uses at the model's opsets (subgraphs of If/Loop/Scan included),
        and the model's inputs and outputs are tensors."""
        if not cls.supports_device(device):
            return False
        model = _load_model(model)
        return not unsupported_ops(model) and not unsupported_value_kinds(model)

    @classmethod
    def prepare(cls, model, device="CPU", **kwargs):
        """Loads `model` (ModelProto, bytes, path, or an onyx.InferenceSession)
        for `device`; keyword arguments set SessionOptions attributes."""
        if isinstance(model, OnyxBackendRep):
            return model
        if isinstance(model, InferenceSession):
            return OnyxBackendRep(model)
        options = _apply_options(SessionOptions(), kwargs, "SessionOptions", "prepare")
        providers, provider_options = _providers_for(device)
        if isinstance(model, onnx.ModelProto):
            data = model.SerializeToString()
            onnx.checker.check_model(data)
            model = data
        elif not isinstance(model, (bytes, bytearray)):
            model = os.fspath(model)
        session = InferenceSession(model, sess_options=options, providers=providers, provider_options=provider_options)
        return OnyxBackendRep(session)

    @classmethod
    def run_model(cls, model, inputs, device="CPU", **kwargs):
        """prepare(model, device, **kwargs).run(inputs)."""
        return cls.prepare(model, device, **kwargs).run(inputs)

    @classmethod
    def run_node(cls, node, inputs, device="CPU", outputs_info=None, **kwargs):
        """Runs one node on `inputs` (a list in the order of node.input,
        optional inputs named "" included or left out, or a dict {name:
        array}). The node is wrapped in a model of opset `opset_version`
        (a keyword argument; default: the newest onnx knows) whose input
        types come from the numpy inputs. `outputs_info`: optional
        [(numpy dtype, shape)] per output; otherwise ONNX's shape inference
        types the outputs. Other keyword arguments set SessionOptions
        attributes. Returns the outputs as a tuple, indexable by name."""
        from onnx import helper  # noqa: PLC0415

        opset_version = kwargs.pop("opset_version", None)
        if opset_version is None:
            opset_version = onnx.defs.onnx_opset_version()
        # Validate before building anything.
        _apply_options(SessionOptions(), kwargs, "SessionOptions", "run_node")

        if isinstance(inputs, dict):
            feed = {name: np.asarray(value) for name, value in inputs.items()}
        else:
            inputs = list(inputs)
            names = list(node.input) if len(inputs) == len(node.input) else [n for n in node.input if n]
            if len(inputs) > len(names):
                raise InvalidArgument(
                    "run_node: node '%s' (%s) has %d inputs, got %d arrays"
                    % (node.name, node.op_type, len(names), len(inputs))
                )
            feed = {name: np.asarray(value) for name, value in zip(names, inputs) if name}

        graph_inputs = []
        for name in node.input:
            if not name:
                continue
            if name not in feed:
                raise InvalidArgument("run_node: no value for input '%s' of node %s" % (name, node.op_type))
            value = feed[name]
            elem_type = helper.np_dtype_to_tensor_dtype(value.dtype)
            graph_inputs.append(helper.make_tensor_value_info(name, elem_type, list(value.shape)))
        output_names = [n for n in node.output if n]
        if outputs_info is not None:
            if len(outputs_info) != len(output_names):
                raise InvalidArgument(
                    "run_node: outputs_info has %d entries, the node has %d outputs"
                    % (len(outputs_info), len(output_names))
                )
            graph_outputs = [
                helper.make_tensor_value_info(name, helper.np_dtype_to_tensor_dtype(np.dtype(dtype)), shape)
                for name, (dtype, shape) in zip(output_names, outputs_info)
            ]
        else:
            graph_outputs = [onnx.ValueInfoProto(name=name) for name in output_names]

        domain = _domain(node.domain)
        opset_imports = [helper.make_opsetid("", opset_version)]
        if domain:
            schema = onnx.defs.get_schema(node.op_type, domain=domain)
            opset_imports.append(helper.make_opsetid(domain, schema.since_version))
        graph = helper.make_graph([node], "run_node_%s" % node.op_type, graph_inputs, graph_outputs)
        model = helper.make_model(graph, opset_imports=opset_imports, producer_name="onyx.backend.run_node")
        model.ir_version = helper.find_min_ir_version_for(list(opset_imports), ignore_unknown=True)
        if outputs_info is None:
            inferred = onnx.shape_inference.infer_shapes(model)
            types = {v.name: v for v in list(inferred.graph.output) + list(inferred.graph.value_info)}
            for out in model.graph.output:
                if out.name in types and types[out.name].type.WhichOneof("value") is not None:
                    out.CopyFrom(types[out.name])

        rep = cls.prepare(model, device, **kwargs)
        return rep.run([feed[name] for name in node.input if name])

    @classmethod
    def supports_device(cls, device):
        return supports_device(device)


# Module-level API, as in onnxruntime.backend (whose `run` is run_model).
BackendRep = OnyxBackendRep  # noqa: F811 - the name onnx's docs use.
is_compatible = OnyxBackend.is_compatible
prepare = OnyxBackend.prepare
run_model = OnyxBackend.run_model
run = OnyxBackend.run_model
run_node = OnyxBackend.run_node
