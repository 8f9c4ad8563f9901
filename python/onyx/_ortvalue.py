"""OrtValue: a tensor (or a model's sequence or optional output) that onyx
reads and writes where it lies, as ONNX Runtime's.

An OrtValue over CPU memory holds a numpy array that views that memory:
``ortvalue_from_numpy`` wraps a C-contiguous array without copying it (a
non-contiguous one is copied, as ONNX Runtime does), ``numpy()`` returns a
view of the same memory, and ``data_ptr()`` is its address. Memory that is not
numpy's (a buffer bound by address in IOBinding, a torch tensor's
``data_ptr()``) is viewed through ``array_at``, again without a copy.

Only the CPU holds onyx's tensors for now: a device other than "cpu" raises
``NotImplemented`` naming the execution provider it would need.
"""

import ctypes
import math
import operator

import numpy as np

from onyx import _onyx
from onyx._device import OrtDevice
from onyx._errors import InvalidArgument, NotImplemented

# TensorProto.DataType numbers and ONNX Runtime's data_type() names.
_ONNX_NAMES = {
    1: "float", 2: "uint8", 3: "int8", 4: "uint16", 5: "int16", 6: "int32", 7: "int64", 8: "string", 9: "bool",
    10: "float16", 11: "double", 12: "uint32", 13: "uint64", 14: "complex64", 15: "complex128", 16: "bfloat16",
    17: "float8e4m3fn", 18: "float8e4m3fnuz", 19: "float8e5m2", 20: "float8e5m2fnuz", 21: "uint4", 22: "int4",
    23: "float4e2m1", 24: "float8e8m0", 25: "uint2", 26: "int2", 27: "float6e2m3", 28: "float6e3m2",
}
# numpy's own dtypes, by TensorProto.DataType.
_NUMPY_TYPES = {
    1: np.float32, 2: np.uint8, 3: np.int8, 4: np.uint16, 5: np.int16, 6: np.int32, 7: np.int64, 9: np.bool_,
    10: np.float16, 11: np.float64, 12: np.uint32, 13: np.uint64,
}
# The others come from ml_dtypes (as in onnx), where it is installed.
_ML_DTYPES = {
    16: "bfloat16", 17: "float8_e4m3fn", 18: "float8_e4m3fnuz", 19: "float8_e5m2", 20: "float8_e5m2fnuz",
    21: "uint4", 22: "int4", 23: "float4_e2m1fn", 24: "float8_e8m0fnu", 25: "uint2", 26: "int2",
    27: "float6_e2m3fn", 28: "float6_e3m2fn",
}
_STRING = 8

# Execution provider that owns each device name's memory in ONNX Runtime.
_DEVICE_PROVIDERS = {
    "cuda": "CUDAExecutionProvider", "gpu": "CUDAExecutionProvider", "dml": "DmlExecutionProvider",
    "cann": "CANNExecutionProvider", "webgpu": "WebGpuExecutionProvider", "npu": "QNNExecutionProvider",
}


def onnx_type_of(dtype):
    """The TensorProto.DataType number of numpy `dtype`, or None."""
    dtype = np.dtype(dtype)
    if dtype.kind in "OUS":
        return _STRING
    for number, numpy_type in _NUMPY_TYPES.items():
        if dtype == numpy_type:
            return number
    for number, name in _ML_DTYPES.items():
        if dtype.name == name:
            return number
    return None


def numpy_dtype_of(element_type, what):
    """The numpy dtype of an element type given as ONNX Runtime takes it: a
    numpy type or dtype (np.float32, "float32") or a TensorProto.DataType int."""
    if isinstance(element_type, (int, np.integer)) and not isinstance(element_type, (bool, np.bool_)):
        number = int(element_type)
        if number in _NUMPY_TYPES:
            return np.dtype(_NUMPY_TYPES[number])
        if number == _STRING:
            return np.dtype(object)
        if number in _ML_DTYPES:
            try:
                import ml_dtypes

                return np.dtype(getattr(ml_dtypes, _ML_DTYPES[number]))
            except (ImportError, AttributeError):
                raise NotImplemented("%s: tensor(%s) needs numpy's ml_dtypes package, which is not installed"
                                     % (what, _ONNX_NAMES[number])) from None
        raise InvalidArgument("%s: tensor type %d is not supported" % (what, number))
    try:
        dtype = np.dtype(element_type)
    except TypeError:
        raise InvalidArgument("%s: %r is not a valid numpy type" % (what, element_type)) from None
    if dtype.kind in "US":
        dtype = np.dtype(object)
    if onnx_type_of(dtype) is None:
        raise InvalidArgument("%s: numpy dtype %s has no ONNX tensor type" % (what, dtype))
    return dtype


def check_device(device_type, device_id, what, vendor_id=-1):
    """Raises unless `device_type` names the CPU: InvalidArgument for a name
    ONNX Runtime does not know, NotImplemented naming the provider whose memory
    it is for the others."""
    if not isinstance(device_type, str):
        raise InvalidArgument("%s: device_type must be a str such as 'cpu' (got %s %r)"
                              % (what, type(device_type).__name__, device_type))
    OrtDevice.make(device_type, operator.index(device_id), vendor_id)  # "Unsupported device type: X".
    if device_type == "cpu":
        return
    provider = _DEVICE_PROVIDERS.get(device_type, "an execution provider for '%s'" % device_type)
    available = list(_onyx.available_providers())
    if provider in available:
        raise NotImplemented("%s: onyx's Python API keeps tensors on 'cpu' only for now; %s is built in, but "
                             "memory on '%s' cannot be bound or allocated from Python yet"
                             % (what, provider, device_type))
    raise NotImplemented("%s: device '%s' needs %s, which this build of onyx does not have (available providers: "
                         "%s); use device_type='cpu'" % (what, device_type, provider, ", ".join(available)))


def shape_of(shape, what):
    """`shape` (a sequence of ints) as a tuple, each extent >= 0."""
    if isinstance(shape, (str, bytes)) or not hasattr(shape, "__iter__"):
        raise TypeError("%s: shape must be a sequence of ints (got %s %r)" % (what, type(shape).__name__, shape))
    dims = []
    for d in shape:
        try:
            d = operator.index(d)
        except TypeError:
            raise TypeError("%s: shape must be a sequence of ints (got %r)" % (what, list(shape))) from None
        if d < 0:
            raise InvalidArgument("%s: shape %s has a negative extent" % (what, list(shape)))
        dims.append(d)
    return tuple(dims)


def array_at(address, dtype, shape, what):
    """A writable, C-contiguous numpy array of `dtype` and `shape` over the
    memory at `address`, without copying it. The memory must outlive the array."""
    dtype = np.dtype(dtype)
    shape = shape_of(shape, what)
    if dtype.hasobject:
        raise InvalidArgument("%s: a string tensor cannot be bound to memory by address" % what)
    nbytes = math.prod(shape) * dtype.itemsize
    if nbytes == 0:
        return np.empty(shape, dtype)
    try:
        address = operator.index(address)
    except TypeError:
        raise TypeError("%s: buffer_ptr must be an int address (got %s)" % (what, type(address).__name__)) from None
    if address == 0:
        raise InvalidArgument("%s: buffer_ptr is null for %d bytes of %s %s" % (what, nbytes, dtype, list(shape)))
    buffer = (ctypes.c_char * nbytes).from_address(address)
    return np.frombuffer(buffer, dtype=dtype).reshape(shape)  # The array keeps `buffer` (its base) alive.


def _as_contiguous(array):
    # np.ascontiguousarray would turn a 0-d array into 1-d.
    return array if array.flags.c_contiguous else array.copy(order="C")


class OrtValue:
    """A value onyx reads or writes: a tensor (numpy() is a view of its
    memory), or, as a model output, a sequence of tensors or an empty optional.

    Make one with ``OrtValue.ortvalue_from_numpy`` or
    ``OrtValue.ortvalue_from_shape_and_type``; ``run_with_ort_values`` and
    ``IOBinding.get_outputs`` return them."""

    def __init__(self, ortvalue, numpy_obj=None, _type_hint=None):
        if isinstance(ortvalue, OrtValue):
            ortvalue, numpy_obj, _type_hint = ortvalue._value, ortvalue._numpy_obj, ortvalue._type_hint
        elif not isinstance(ortvalue, (np.ndarray, list)) and ortvalue is not None:
            raise ValueError("OrtValue(...) wraps a value onyx made; create one with OrtValue.ortvalue_from_numpy "
                             "or OrtValue.ortvalue_from_shape_and_type (got %s)" % type(ortvalue).__name__)
        self._value = ortvalue  # ndarray (a tensor), list of ndarrays (a sequence), or None (no value).
        self._numpy_obj = numpy_obj  # What owns memory the value views, kept alive with it.
        self._type_hint = _type_hint  # "optional(tensor(float))" and the like, for values without data.

    # -- construction -------------------------------------------------------

    @classmethod
    def ortvalue_from_numpy(cls, numpy_obj, /, device_type="cpu", device_id=0, vendor_id=-1):
        """An OrtValue over `numpy_obj`'s memory (no copy when it is C-contiguous)."""
        check_device(device_type, device_id, "OrtValue.ortvalue_from_numpy", vendor_id)
        if not isinstance(numpy_obj, np.ndarray):
            raise InvalidArgument("OrtValue.ortvalue_from_numpy: expected a numpy array (got %s)"
                                  % type(numpy_obj).__name__)
        if onnx_type_of(numpy_obj.dtype) is None:
            raise InvalidArgument("OrtValue.ortvalue_from_numpy: numpy dtype %s has no ONNX tensor type"
                                  % numpy_obj.dtype)
        array = numpy_obj
        if array.dtype.kind in "US":
            array = array.astype(object)  # onyx's string tensors are object arrays of str, as ONNX Runtime's.
        array = _as_contiguous(array)
        return cls(array, numpy_obj if array is numpy_obj else None)

    @classmethod
    def ortvalue_from_shape_and_type(cls, shape, element_type, device_type="cpu", device_id=0, vendor_id=-1):
        """A new tensor of `shape` and `element_type` (a numpy type or a
        TensorProto.DataType int); its contents are not initialized."""
        what = "OrtValue.ortvalue_from_shape_and_type"
        check_device(device_type, device_id, what, vendor_id)
        dims = shape_of(shape, what)
        dtype = numpy_dtype_of(element_type, what)
        array = np.full(dims, "", dtype=object) if dtype.hasobject else np.empty(dims, dtype)
        return cls(array)

    # -- what it holds ---------------------------------------------------------

    def _tensor(self, what):
        if not isinstance(self._value, np.ndarray):
            raise InvalidArgument("OrtValue.%s(): the value is %s, not a tensor" % (what, self._describe()))
        return self._value

    def _describe(self):
        if self._value is None:
            return "empty (%s)" % self._type_hint if self._type_hint else "empty"
        if isinstance(self._value, list):
            return "a sequence of %d tensors" % len(self._value)
        return "a tensor"

    def numpy(self):
        """The tensor as a numpy array viewing the OrtValue's memory."""
        return self._tensor("numpy").view()

    def __array__(self, dtype=None, copy=None):
        array = self.numpy()
        if copy:
            return np.array(array, dtype=dtype, copy=True)
        return array if dtype is None else np.asarray(array, dtype=dtype)

    def data_ptr(self):
        """Address of the first element (0 for an empty tensor)."""
        array = self._tensor("data_ptr")
        return 0 if array.nbytes == 0 else int(array.ctypes.data)

    def device_name(self):
        return "cpu"

    def shape(self):
        return list(self._tensor("shape").shape)

    def data_type(self):
        """"tensor(float)" and the like; "seq(tensor(float))" for a sequence."""
        if isinstance(self._value, np.ndarray):
            return "tensor(%s)" % _ONNX_NAMES[onnx_type_of(self._value.dtype)]
        if isinstance(self._value, list) and self._value:
            return "seq(tensor(%s))" % _ONNX_NAMES[onnx_type_of(self._value[0].dtype)]
        if self._type_hint:
            return self._type_hint
        raise InvalidArgument("OrtValue.data_type(): the value is %s and has no known type" % self._describe())

    def element_type(self):
        """The tensor's TensorProto.DataType number (1 for float)."""
        return onnx_type_of(self._tensor("element_type").dtype)

    def tensor_size_in_bytes(self):
        array = self._tensor("tensor_size_in_bytes")
        if array.dtype.hasobject:
            raise InvalidArgument("OrtValue.tensor_size_in_bytes(): a string tensor has no fixed size in bytes")
        return int(array.nbytes)

    def has_value(self):
        """False for an optional value that is empty."""
        return self._value is not None

    def is_tensor(self):
        return isinstance(self._value, np.ndarray)

    def is_tensor_sequence(self):
        return isinstance(self._value, list)

    def is_sparse_tensor(self):
        return False

    def update_inplace(self, data):
        """Copies `data` (a numpy array or an OrtValue with as many elements of
        the same dtype) into this tensor's memory; its address stays the same."""
        target = self._tensor("update_inplace")
        if isinstance(data, OrtValue):
            data = data._tensor("update_inplace")
        elif not isinstance(data, np.ndarray):
            raise TypeError("data must be a numpy.ndarray or an OrtValue.")
        if data.size != target.size:
            raise InvalidArgument("OrtValue.update_inplace(): the input size of numpy arrays does not match the "
                                  "size of the OrtValue (%d elements, the OrtValue has %d)" % (data.size, target.size))
        if data.dtype != target.dtype and not (data.dtype.kind in "OUS" and target.dtype.hasobject):
            raise InvalidArgument("OrtValue.update_inplace(): data is %s but the OrtValue holds tensor(%s)"
                                  % (data.dtype, _ONNX_NAMES[onnx_type_of(target.dtype)]))
        if not target.flags.writeable:
            raise InvalidArgument("OrtValue.update_inplace(): the OrtValue views read-only memory")
        target.reshape(-1)[...] = _as_contiguous(data).reshape(-1)

    def __repr__(self):
        if isinstance(self._value, np.ndarray):
            return "OrtValue(%s, shape=%s, device=cpu)" % (self.data_type(), self.shape())
        return "OrtValue(%s)" % self._describe()


class OrtValueVector(list):
    """A list of OrtValues (what ONNX Runtime's get_outputs_as_ortvaluevector returns)."""
