"""The exception classes under the module path ONNX Runtime uses."""

from onyx._errors import (  # noqa: F401
    EPFail,
    Fail,
    InvalidArgument,
    InvalidGraph,
    InvalidProtobuf,
    NoSuchFile,
    NotImplemented,
    OnyxError,
    RuntimeException,
)
