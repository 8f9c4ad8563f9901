"""ONNX Runtime's ``onnxruntime.capi.onnxruntime_inference_collection``: the
Python classes of the API."""

from onyx._device import OrtDevice  # noqa: F401
from onyx._iobinding import IOBinding  # noqa: F401
from onyx._ortvalue import OrtValue  # noqa: F401
from onyx.session import InferenceSession, ModelMetadata, NodeArg  # noqa: F401
