"""Exceptions, in the style of ONNX Runtime's.

ONNX Runtime raises classes from ``onnxruntime.capi.onnxruntime_pybind11_state``
(``InvalidArgument``, ``NoSuchFile``, ``InvalidGraph``, ``Fail``,
``NotImplemented``, ...). onyx raises classes of the same names; they are
also reachable as ``onyx.capi.onnxruntime_pybind11_state.<Name>`` so that
``except`` clauses written for ONNX Runtime work unchanged. Each carries the
status ``code`` and the runtime's ``message``. ``InvalidArgument`` is also a
``ValueError``, ``NoSuchFile`` a ``FileNotFoundError``, and
``NotImplemented`` a ``NotImplementedError``.
"""


class OnyxError(RuntimeError):
    """Base class of every error onyx raises from its runtime."""

    code_name = "FAIL"

    def __init__(self, message, code=None):
        super().__init__(message)
        self.message = message
        self.code = code


class Fail(OnyxError):
    code_name = "FAIL"


class InvalidArgument(OnyxError, ValueError):
    code_name = "INVALID_ARGUMENT"


class NoSuchFile(OnyxError, FileNotFoundError):
    code_name = "NO_SUCHFILE"


class InvalidGraph(OnyxError):
    code_name = "INVALID_GRAPH"


class InvalidProtobuf(OnyxError):
    code_name = "INVALID_PROTOBUF"


class NotImplemented(OnyxError, NotImplementedError):  # noqa: A001 - ONNX Runtime's name.
    code_name = "NOT_IMPLEMENTED"


class RuntimeException(OnyxError):
    code_name = "RUNTIME_EXCEPTION"


class EPFail(OnyxError):
    code_name = "EP_FAIL"


# onyx::StatusCode (runtime/core/status.h) -> exception class.
_BY_CODE = {
    1: InvalidArgument,   # kInvalidArgument
    2: InvalidGraph,      # kInvalidModel
    3: NoSuchFile,        # kNotFound
    4: NotImplemented,    # kUnsupported
    5: RuntimeException,  # kOutOfMemory
    6: Fail,              # kFailedPrecondition
    7: RuntimeException,  # kInternal
    8: EPFail,            # kDeviceError
    9: Fail,              # kCancelled
}


def raise_status(code, message):
    """Called by the extension: raises the class for onyx status `code`."""
    cls = _BY_CODE.get(code, Fail)
    if cls is InvalidGraph and "protobuf parse failed" in message:
        cls = InvalidProtobuf
    raise cls("[ONYXError] : %d : %s : %s" % (code, cls.code_name, message), code)
