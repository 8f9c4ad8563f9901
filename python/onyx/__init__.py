"""onyx: run ONNX models with the API of ONNX Runtime.

    import onyx as ort
    sess = ort.InferenceSession("model.onnx")       # or a converted model.onyx
    outputs = sess.run(None, {"input": x})

Beyond ONNX Runtime's API: ``onyx.convert`` (ONNX -> .onyx bytes, also
``python3 -m onyx.convert``), ``onyx.validate`` (the converted model against
the original, per output), and ``onyx.convert_model``.
"""

import operator

from onyx import _onyx
from onyx._device import OrtDevice  # noqa: F401
from onyx._iobinding import IOBinding  # noqa: F401
from onyx._ortvalue import OrtValue, OrtValueVector  # noqa: F401
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
from onyx.options import (  # noqa: F401
    ExecutionMode,
    ExecutionOrder,
    GraphOptimizationLevel,
    RunOptions,
    SessionOptions,
)
from onyx.session import InferenceSession, ModelMetadata, NodeArg, convert_model  # noqa: F401

__version__ = "0.1.0"

from onyx import convert, datasets, validate  # noqa: E402,F401 - callable modules; they import the above.

# Every provider name ONNX Runtime knows of (onnxruntime.get_all_providers()
# of 1.32), in its order. onyx implements the ones get_available_providers()
# lists; a session asked for another warns and falls back, as ONNX Runtime does.
_ALL_PROVIDERS = (
    "TensorrtExecutionProvider", "CUDAExecutionProvider", "MIGraphXExecutionProvider",
    "OpenVINOExecutionProvider", "DnnlExecutionProvider", "VitisAIExecutionProvider", "QNNExecutionProvider",
    "NnapiExecutionProvider", "VSINPUExecutionProvider", "JsExecutionProvider", "CoreMLExecutionProvider",
    "DmlExecutionProvider", "RknpuExecutionProvider", "WebNNExecutionProvider", "WebGpuExecutionProvider",
    "XnnpackExecutionProvider", "CANNExecutionProvider", "AzureExecutionProvider", "CPUExecutionProvider",
)

# What set_default_logger_severity/_verbosity and set_seed were last given
# (read back by onyx's own code and tests; the extension gets them too where
# it has a setter).
_settings = {"logger_severity": 2, "logger_verbosity": 0, "seed": None}


def __getattr__(name):
    # onyx.backend (the ONNX backend API) needs the onnx package: import it on
    # first use, so that `import onyx` stays cheap and works without onnx.
    if name == "backend":
        import importlib

        return importlib.import_module("onyx.backend")
    raise AttributeError("module 'onyx' has no attribute '%s'" % name)


def get_device():
    """"GPU" when this onyx has the CUDA provider, else "CPU" (as ONNX Runtime's)."""
    return "GPU" if "CUDAExecutionProvider" in _onyx.available_providers() else "CPU"


def get_available_providers():
    """Execution providers built into this onyx, in priority order."""
    return list(_onyx.available_providers())


def get_all_providers():
    """Every execution provider name ONNX Runtime knows of, built into onyx or not."""
    return list(_ALL_PROVIDERS)


def get_version_string():
    """onyx's version, as ``__version__``."""
    return __version__


def get_build_info():
    """A line about this build: version and providers."""
    return "onyx %s, providers: %s" % (__version__, ", ".join(get_available_providers()))


def _int_arg(function, value):
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError("%s(): expected an int, got %s %r" % (function, type(value).__name__, value)) from None


def set_default_logger_severity(severity):
    """Sets the default log severity: 0 verbose, 1 info, 2 warning, 3 error, 4 fatal."""
    severity = _int_arg("set_default_logger_severity", severity)
    if not 0 <= severity <= 4:
        raise InvalidArgument("Invalid logging severity %d (expected 0:Verbose, 1:Info, 2:Warning, 3:Error, 4:Fatal)"
                              % severity)
    _settings["logger_severity"] = severity
    if hasattr(_onyx, "set_default_logger_severity"):
        _onyx.set_default_logger_severity(severity)


def set_default_logger_verbosity(verbosity):
    """Sets the verbosity of verbose (severity 0) logging."""
    verbosity = _int_arg("set_default_logger_verbosity", verbosity)
    _settings["logger_verbosity"] = verbosity
    if hasattr(_onyx, "set_default_logger_verbosity"):
        _onyx.set_default_logger_verbosity(verbosity)


def set_seed(seed):
    """Seeds the random operators (RandomNormal, RandomUniform, their -Like
    forms, Bernoulli, Multinomial) that have no 'seed' attribute, in sessions
    created afterwards, where this build's runtime takes a seed."""
    seed = _int_arg("set_seed", seed)
    _settings["seed"] = seed
    if hasattr(_onyx, "set_seed"):
        _onyx.set_seed(seed)


def disable_telemetry_events():
    """A no-op: onyx sends nothing anywhere."""


def enable_telemetry_events():
    """A no-op: onyx sends nothing anywhere."""
