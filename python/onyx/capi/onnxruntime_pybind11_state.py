"""The names ONNX Runtime's native module ``onnxruntime_pybind11_state`` has
that code imports: the exception classes, the option types and enums, and the
module functions."""

from onyx._device import OrtDevice  # noqa: F401
from onyx._errors import (  # noqa: F401
    DeviceReset,
    EngineError,
    EPFail,
    Fail,
    InvalidArgument,
    InvalidGraph,
    InvalidProtobuf,
    ModelLoadCanceled,
    ModelLoaded,
    ModelRequiresCompilation,
    NoModel,
    NoSuchFile,
    NotFound,
    NotImplemented,
    OnyxError,
    RuntimeException,
)
from onyx.options import ExecutionMode, ExecutionOrder, GraphOptimizationLevel, RunOptions, SessionOptions  # noqa: F401
from onyx.session import ModelMetadata, NodeArg  # noqa: F401


def __getattr__(name):
    # The module functions live in onyx/__init__.py, which imports this module's
    # package first: fetch them lazily.
    import onyx

    if name in ("get_all_providers", "get_available_providers", "get_device", "get_version_string",
                "get_build_info", "set_default_logger_severity", "set_default_logger_verbosity", "set_seed",
                "disable_telemetry_events", "enable_telemetry_events"):
        return getattr(onyx, name)
    raise AttributeError("module '%s' has no attribute '%s'" % (__name__, name))
