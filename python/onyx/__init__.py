"""onyx: run ONNX models with the API of ONNX Runtime.

    import onyx as ort
    sess = ort.InferenceSession("model.onnx")       # or a converted model.onyx
    outputs = sess.run(None, {"input": x})
"""

from onyx import _onyx
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
from onyx.options import ExecutionMode, GraphOptimizationLevel, RunOptions, SessionOptions  # noqa: F401
from onyx.session import InferenceSession, ModelMetadata, NodeArg, convert_model  # noqa: F401

__version__ = "0.1.0"


def __getattr__(name):
    # onyx.backend (the ONNX backend API) needs the onnx package: import it on
    # first use, so that `import onyx` stays cheap and works without onnx.
    if name == "backend":
        import importlib

        return importlib.import_module("onyx.backend")
    raise AttributeError("module 'onyx' has no attribute '%s'" % name)


def get_device():
    """The device onyx runs on: "CPU" in this build."""
    return "CPU"


def get_available_providers():
    """Execution providers built into this onyx, in priority order."""
    return list(_onyx.available_providers())


def get_all_providers():
    """Every provider name onyx knows of, built in or not."""
    return ["CUDAExecutionProvider", "XnnpackExecutionProvider", "CPUExecutionProvider"]
