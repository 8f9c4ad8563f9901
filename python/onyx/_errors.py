"""Exceptions, in the style of ONNX Runtime's.

ONNX Runtime raises classes from ``onnxruntime.capi.onnxruntime_pybind11_state``
(``InvalidArgument``, ``NoSuchFile``, ``InvalidGraph``, ``Fail``,
``NotImplemented``, ...). onyx has a class of the same name for each of them;
they are reachable as ``onyx.<Name>`` and as
``onyx.capi.onnxruntime_pybind11_state.<Name>`` (the path ONNX Runtime uses),
so that ``except`` clauses written for ONNX Runtime work unchanged.

``str(error)`` reads like ONNX Runtime's message,
``[ONYXError] : 2 : INVALID_ARGUMENT : <message>``, with ONNX Runtime's status
number and name for the class; ``error.message`` is the message alone and
``error.code`` onyx's status code (runtime/core/status.h) when the error came
from the runtime, else None. Every class is a ``RuntimeError``;
``InvalidArgument`` is also a ``ValueError``, ``NoSuchFile`` a
``FileNotFoundError``, and ``NotImplemented`` a ``NotImplementedError``.
"""

_PREFIX = "[ONYXError]"


class OnyxError(RuntimeError):
    """Base class of every error onyx raises from its runtime."""

    code_name = "FAIL"
    ort_code = 1  # ONNX Runtime's StatusCode number for this class.

    def __init__(self, message, code=None):
        message = str(message)
        self.message = message
        self.code = code
        if not message.startswith(_PREFIX):
            message = "%s : %d : %s : %s" % (_PREFIX, self.ort_code, self.code_name, message)
        super().__init__(message)


# ONNX Runtime's classes, with the StatusCode each stands for
# (onnxruntime/core/common/status.h).
class Fail(OnyxError):
    code_name, ort_code = "FAIL", 1


class InvalidArgument(OnyxError, ValueError):
    code_name, ort_code = "INVALID_ARGUMENT", 2


class NoSuchFile(OnyxError, FileNotFoundError):
    code_name, ort_code = "NO_SUCHFILE", 3


class NoModel(OnyxError):
    code_name, ort_code = "NO_MODEL", 4


class EngineError(OnyxError):
    code_name, ort_code = "ENGINE_ERROR", 5


class RuntimeException(OnyxError):
    code_name, ort_code = "RUNTIME_EXCEPTION", 6


class InvalidProtobuf(OnyxError):
    code_name, ort_code = "INVALID_PROTOBUF", 7


class ModelLoaded(OnyxError):
    code_name, ort_code = "MODEL_LOADED", 8


class NotImplemented(OnyxError, NotImplementedError):  # noqa: A001 - ONNX Runtime's name.
    code_name, ort_code = "NOT_IMPLEMENTED", 9


class InvalidGraph(OnyxError):
    code_name, ort_code = "INVALID_GRAPH", 10


class EPFail(OnyxError):
    code_name, ort_code = "EP_FAIL", 11


class ModelLoadCanceled(OnyxError):
    code_name, ort_code = "MODEL_LOAD_CANCELED", 12


class ModelRequiresCompilation(OnyxError):
    code_name, ort_code = "MODEL_REQUIRES_COMPILATION", 13


class NotFound(OnyxError):
    code_name, ort_code = "NOT_FOUND", 14


class DeviceReset(OnyxError):
    """A device was reset under a session (ONNX Runtime raises it for DirectML)."""

    code_name, ort_code = "DEVICE_RESET", 1


ALL = (Fail, InvalidArgument, NoSuchFile, NoModel, EngineError, RuntimeException, InvalidProtobuf, ModelLoaded,
       NotImplemented, InvalidGraph, EPFail, ModelLoadCanceled, ModelRequiresCompilation, NotFound, DeviceReset)

# onyx::StatusCode (runtime/core/status.h) -> exception class.
_BY_CODE = {
    1: InvalidArgument,   # kInvalidArgument
    2: InvalidGraph,      # kInvalidModel
    3: NoSuchFile,        # kNotFound (a file; a missing kernel is refined below)
    4: NotImplemented,    # kUnsupported
    5: RuntimeException,  # kOutOfMemory
    6: Fail,              # kFailedPrecondition
    7: RuntimeException,  # kInternal
    8: EPFail,            # kDeviceError
    9: Fail,              # kCancelled (RunOptions.terminate), as ONNX Runtime
}


def error_class(code, message):
    """The class for onyx status `code` with `message`."""
    cls = _BY_CODE.get(code, Fail)
    if cls is InvalidGraph and "protobuf parse failed" in message:
        cls = InvalidProtobuf
    elif cls is NoSuchFile and "no kernel" in message:
        cls = NotImplemented  # ONNX Runtime: "Could not find an implementation for ...".
    return cls


def raise_status(code, message):
    """Called by the extension: raises the class for onyx status `code`."""
    raise error_class(code, message)(message, code)
