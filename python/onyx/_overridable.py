"""The overridable initializers of an ONNX model (read from its protobuf
wire format, so that ``import onyx`` needs no onnx): initializers that are
also listed among the main graph's inputs, which ONNX Runtime lets a run feed
in place of the stored value. onyx folds initializers into the converted
model, so it lists them (InferenceSession.get_overridable_initializers) but a
run cannot feed them; SessionOptions.add_initializer replaces them instead.
"""

from onyx._onnx_proto import (
    _GRAPH_INITIALIZER,
    _GRAPH_INPUT,
    _LEN,
    _MODEL_GRAPH,
    _SHAPE_DIM,
    _TENSOR_TYPE_ELEM,
    _TENSOR_TYPE_SHAPE,
    _TYPE_TENSOR,
    _VALUE_INFO_NAME,
    _VALUE_INFO_TYPE,
    _VARINT,
    _fields,
    _string,
    _submessages,
    _tensor_header,
)
from onyx._ortvalue import _ONNX_NAMES

_DIM_VALUE, _DIM_PARAM = 1, 2


def _signed(value):
    return value - (1 << 64) if value >= 1 << 63 else value


def _dim(buf, start, end):
    for field, wire, _, vstart, vend, value in _fields(buf, start, end):
        if field == _DIM_VALUE and wire == _VARINT:
            return _signed(value)
        if field == _DIM_PARAM and wire == _LEN:
            return _string(buf, vstart, vend)
    return None


def _tensor_type(buf, start, end):
    """(elem_type, shape list or None) of a TypeProto.Tensor."""
    elem, shape = 0, None
    for field, wire, _, vstart, vend, value in _fields(buf, start, end):
        if field == _TENSOR_TYPE_ELEM and wire == _VARINT:
            elem = value
        elif field == _TENSOR_TYPE_SHAPE and wire == _LEN:
            shape = [_dim(buf, *d) for d in _submessages(buf, vstart, vend, _SHAPE_DIM)]
    return elem, shape


def _value_info(buf, start, end):
    """(name, elem_type, shape) of a ValueInfoProto; elem_type 0 when it is not a tensor."""
    name, elem, shape = "", 0, None
    for field, wire, _, vstart, vend, _ in _fields(buf, start, end):
        if field == _VALUE_INFO_NAME and wire == _LEN:
            name = _string(buf, vstart, vend)
        elif field == _VALUE_INFO_TYPE and wire == _LEN:
            for tensor in _submessages(buf, vstart, vend, _TYPE_TENSOR):
                elem, shape = _tensor_type(buf, *tensor)
    return name, elem, shape


def overridable_initializers(model_bytes):
    """[(name, type, shape)] of the main graph's inputs that have an
    initializer of the same name, in input order, as ONNX Runtime's NodeArgs
    give them ("tensor(float)", ints, strings for symbolic dims, None for
    unknown ones; [] when the input has no shape)."""
    buf = memoryview(model_bytes)
    for graph in _submessages(buf, 0, len(buf), _MODEL_GRAPH):
        initializers = {}
        for tensor in _submessages(buf, *graph, _GRAPH_INITIALIZER):
            name, dtype = _tensor_header(buf, *tensor)
            initializers[name] = dtype
        found = []
        for vi in _submessages(buf, *graph, _GRAPH_INPUT):
            name, elem, shape = _value_info(buf, *vi)
            if name in initializers:
                elem = elem or initializers[name]
                found.append((name, "tensor(%s)" % _ONNX_NAMES.get(elem, "undefined"), shape or []))
        return found
    return []
