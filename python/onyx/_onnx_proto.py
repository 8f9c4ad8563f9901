"""The few edits InferenceSession makes to a serialized ONNX model before it
converts it, done on the protobuf wire format so that ``import onyx`` needs
no ``onnx`` package:

- ``override_free_dims``: SessionOptions.add_free_dimension_override_by_name
  and ``_by_denotation`` fix symbolic dimensions of the main graph's inputs,
  outputs and value_info;
- ``replace_initializers``: SessionOptions.add_initializer replaces
  initializers of the main graph.

Fields not edited are copied byte for byte (large initializers included).
Field numbers are those of onnx/onnx.proto.
"""

import numpy as np

from onyx._errors import InvalidArgument, InvalidProtobuf, NotImplemented

# Wire types.
_VARINT, _I64, _LEN, _I32 = 0, 1, 2, 5

# onnx.proto field numbers.
_MODEL_GRAPH = 7
_GRAPH_INITIALIZER, _GRAPH_INPUT, _GRAPH_OUTPUT, _GRAPH_VALUE_INFO = 5, 11, 12, 13
_VALUE_INFO_NAME, _VALUE_INFO_TYPE = 1, 2
_TYPE_TENSOR = 1
_TENSOR_TYPE_ELEM, _TENSOR_TYPE_SHAPE = 1, 2
_SHAPE_DIM = 1
_DIM_VALUE, _DIM_PARAM, _DIM_DENOTATION = 1, 2, 3
_TENSOR_DIMS, _TENSOR_DATA_TYPE, _TENSOR_NAME, _TENSOR_RAW_DATA = 1, 2, 8, 9

# TensorProto.DataType of each numpy dtype that has one (strings excepted).
_ONNX_DTYPE = {
    np.dtype(np.float32): 1, np.dtype(np.uint8): 2, np.dtype(np.int8): 3, np.dtype(np.uint16): 4,
    np.dtype(np.int16): 5, np.dtype(np.int32): 6, np.dtype(np.int64): 7, np.dtype(np.bool_): 9,
    np.dtype(np.float16): 10, np.dtype(np.float64): 11, np.dtype(np.uint32): 12, np.dtype(np.uint64): 13,
    np.dtype(np.complex64): 14, np.dtype(np.complex128): 15,
}
_ONNX_DTYPE_NAME = {1: "float", 2: "uint8", 3: "int8", 4: "uint16", 5: "int16", 6: "int32", 7: "int64",
                    8: "string", 9: "bool", 10: "float16", 11: "double", 12: "uint32", 13: "uint64",
                    14: "complex64", 15: "complex128", 16: "bfloat16"}


def _bad(what):
    return InvalidProtobuf("not a valid ONNX model (protobuf parse failed: %s)" % what)


def _read_varint(buf, pos, end):
    result, shift = 0, 0
    while True:
        if pos >= end or shift > 63:
            raise _bad("truncated varint")
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, pos
        shift += 7


def _fields(buf, start=0, end=None):
    """Yields (field, wire_type, field_start, value_start, value_end, varint) for
    each field of the message in buf[start:end]."""
    end = len(buf) if end is None else end
    pos = start
    while pos < end:
        field_start = pos
        key, pos = _read_varint(buf, pos, end)
        field, wire = key >> 3, key & 7
        value = None
        if wire == _VARINT:
            value, vend = _read_varint(buf, pos, end)
        elif wire == _I64:
            vend = pos + 8
        elif wire == _I32:
            vend = pos + 4
        elif wire == _LEN:
            length, pos = _read_varint(buf, pos, end)
            vend = pos + length
        else:
            raise _bad("wire type %d" % wire)
        if field == 0 or vend > end:
            raise _bad("field %d overruns its message" % field)
        yield field, wire, field_start, pos, vend, value
        pos = vend


def _varint(value):
    value &= (1 << 64) - 1  # Negative int64s take ten bytes, as protobuf writes them.
    out = bytearray()
    while True:
        b = value & 0x7F
        value >>= 7
        if value:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _key(field, wire):
    return _varint((field << 3) | wire)


def _len_field(field, payload):
    return _key(field, _LEN) + _varint(len(payload)) + payload


def _string(buf, start, end):
    return bytes(buf[start:end]).decode("utf-8", "replace")


def _rewrite(buf, start, end, edits):
    """The message buf[start:end] with each length-delimited field whose
    number is in `edits` passed through edits[field](payload) -> new payload
    (or None to drop the field); other fields are copied."""
    out = bytearray()
    for field, wire, fstart, vstart, vend, _ in _fields(buf, start, end):
        if wire == _LEN and field in edits:
            new = edits[field](buf, vstart, vend)
            if new is not None:
                out += _len_field(field, new)
        else:
            out += buf[fstart:vend]
    return bytes(out)


def _edit_graph(model_bytes, graph_edits, extra_graph_fields=b""):
    buf = memoryview(model_bytes)
    seen = []

    def graph(b, s, e):
        seen.append(True)
        return _rewrite(b, s, e, graph_edits) + extra_graph_fields

    out = _rewrite(buf, 0, len(buf), {_MODEL_GRAPH: graph})
    if not seen:
        raise InvalidArgument("not a valid ONNX model (no graph)")
    return out


# -- free dimension overrides ------------------------------------------------

def _dim_override(buf, start, end, by_name, by_denotation):
    param = denotation = None
    has_value = False
    for field, wire, _, vstart, vend, _ in _fields(buf, start, end):
        if field == _DIM_VALUE and wire == _VARINT:
            has_value = True
        elif field == _DIM_PARAM and wire == _LEN:
            param = _string(buf, vstart, vend)
        elif field == _DIM_DENOTATION and wire == _LEN:
            denotation = _string(buf, vstart, vend)
    if has_value:
        return None
    if param is not None and param in by_name:
        return by_name[param], denotation
    if denotation is not None and denotation in by_denotation:
        return by_denotation[denotation], denotation
    return None


def _override_value_info(by_name, by_denotation, applied):
    def dim(buf, start, end):
        override = _dim_override(buf, start, end, by_name, by_denotation)
        if override is None:
            return bytes(buf[start:end])
        value, denotation = override
        applied.append(value)
        out = _key(_DIM_VALUE, _VARINT) + _varint(value)
        if denotation is not None:
            out += _len_field(_DIM_DENOTATION, denotation.encode("utf-8"))
        return out

    def shape(buf, start, end):
        return _rewrite(buf, start, end, {_SHAPE_DIM: dim})

    def tensor_type(buf, start, end):
        return _rewrite(buf, start, end, {_TENSOR_TYPE_SHAPE: shape})

    def type_proto(buf, start, end):
        return _rewrite(buf, start, end, {_TYPE_TENSOR: tensor_type})

    def value_info(buf, start, end):
        return _rewrite(buf, start, end, {_VALUE_INFO_TYPE: type_proto})

    return value_info


def _submessages(buf, start, end, field):
    for f, wire, _, vstart, vend, _ in _fields(buf, start, end):
        if f == field and wire == _LEN:
            yield vstart, vend


def _input_dim_params(model_bytes):
    """(dim_param, denotation) of each symbolic dimension of the main graph's inputs."""
    buf = memoryview(model_bytes)
    for g in _submessages(buf, 0, len(buf), _MODEL_GRAPH):
        for vi in _submessages(buf, *g, _GRAPH_INPUT):
            for tp in _submessages(buf, *vi, _VALUE_INFO_TYPE):
                for tt in _submessages(buf, *tp, _TYPE_TENSOR):
                    for shape in _submessages(buf, *tt, _TENSOR_TYPE_SHAPE):
                        for dim in _submessages(buf, *shape, _SHAPE_DIM):
                            param = denotation = None
                            for f, wire, _, vstart, vend, _ in _fields(buf, *dim):
                                if f == _DIM_PARAM and wire == _LEN:
                                    param = _string(buf, vstart, vend)
                                elif f == _DIM_DENOTATION and wire == _LEN:
                                    denotation = _string(buf, vstart, vend)
                            if param:
                                yield param, denotation


def override_free_dims(model_bytes, by_name, by_denotation):
    """Serialized ONNX model with the symbolic dimensions named in `by_name`
    (dim_param -> value) or denoted as in `by_denotation` (denotation ->
    value) fixed, in the main graph's inputs, outputs and value_info, as ONNX
    Runtime's free dimension overrides do. Returns (bytes, number of dims fixed)."""
    for what, table in (("name", by_name), ("denotation", by_denotation)):
        for key, value in table.items():
            if value < 0:
                raise InvalidArgument("free dimension override by %s '%s' is %d (expected a size >= 0)"
                                      % (what, key, value))
    if by_denotation:
        # A symbol is one size throughout the graph: a dim_param fixed by its
        # denotation in an input is fixed wherever it appears, as ONNX Runtime does.
        by_name = dict(by_name)
        for param, denotation in _input_dim_params(model_bytes):
            if denotation in by_denotation and param not in by_name:
                by_name[param] = by_denotation[denotation]
    applied = []
    edit = _override_value_info(by_name, by_denotation, applied)
    out = _edit_graph(model_bytes, {_GRAPH_INPUT: edit, _GRAPH_OUTPUT: edit, _GRAPH_VALUE_INFO: edit})
    return out, len(applied)


# -- initializers -------------------------------------------------------------

def _tensor_header(buf, start, end):
    """(name, data_type) of the TensorProto in buf[start:end]."""
    name, dtype = "", 0
    for field, wire, _, vstart, vend, value in _fields(buf, start, end):
        if field == _TENSOR_NAME and wire == _LEN:
            name = _string(buf, vstart, vend)
        elif field == _TENSOR_DATA_TYPE and wire == _VARINT:
            dtype = value
    return name, dtype


def encode_tensor(name, array):
    """A TensorProto holding `array` as raw little-endian data."""
    array = np.asarray(array)
    dtype = _ONNX_DTYPE.get(array.dtype.newbyteorder("="))
    if dtype is None:
        raise NotImplemented("initializer '%s': numpy dtype %s cannot be given as an initializer" % (name, array.dtype))
    out = bytearray()
    for d in array.shape:
        out += _key(_TENSOR_DIMS, _VARINT) + _varint(int(d))
    out += _key(_TENSOR_DATA_TYPE, _VARINT) + _varint(dtype)
    out += _len_field(_TENSOR_NAME, name.encode("utf-8"))
    raw = np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("<")).tobytes()  # ONNX raw_data is little-endian.
    out += _len_field(_TENSOR_RAW_DATA, raw)
    return bytes(out), dtype


def replace_initializers(model_bytes, arrays):
    """Serialized ONNX model whose main-graph initializers named in `arrays`
    ({name: numpy array}) hold those arrays instead. The dtype must be the
    initializer's. Returns (bytes, names replaced); other names are ignored,
    as ONNX Runtime's add_initializer does."""
    replaced = []

    def initializer(buf, start, end):
        name, dtype = _tensor_header(buf, start, end)
        if name not in arrays:
            return bytes(buf[start:end])
        new, new_dtype = encode_tensor(name, arrays[name])
        if new_dtype != dtype:
            raise InvalidArgument("add_initializer '%s': dtype tensor(%s) does not match the model's tensor(%s)"
                                  % (name, _ONNX_DTYPE_NAME.get(new_dtype, new_dtype),
                                     _ONNX_DTYPE_NAME.get(dtype, dtype)))
        replaced.append(name)
        return new

    out = _edit_graph(model_bytes, {_GRAPH_INITIALIZER: initializer})
    return out, replaced
