"""InferenceSession, NodeArg and ModelMetadata, as in ONNX Runtime.

``InferenceSession("m.onnx")`` converts the model in memory and runs it;
``InferenceSession("m.onyx")`` maps the converted file.
"""

import os
import warnings

import numpy as np

from onyx import _onyx
from onyx._errors import InvalidArgument, NoSuchFile
from onyx.options import RunOptions, SessionOptions

_ONYX_IDENTIFIER = b"ONYX"


class NodeArg:
    """A model input or output: ``name``, ``type`` ("tensor(float)"), and
    ``shape`` (ints, strings for named symbolic dims, None for unknown ones)."""

    def __init__(self, name, type, shape):  # noqa: A002 - ONNX Runtime's name.
        self.name = name
        self.type = type
        self.shape = shape

    def __repr__(self):
        return "NodeArg(name='%s', type='%s', shape=%s)" % (self.name, self.type, self.shape)


class ModelMetadata:
    """The model's ONNX metadata."""

    def __init__(self, d):
        self.producer_name = d["producer_name"]
        self.graph_name = d["graph_name"]
        self.graph_description = d["graph_description"]
        self.domain = d["domain"]
        self.description = d["description"]
        self.version = d["version"]
        self.custom_metadata_map = dict(d["custom_metadata_map"])


def _is_onyx(head):
    # Size-prefixed FlatBuffer: 4-byte length, 4-byte root offset, identifier.
    return len(head) >= 12 and head[8:12] == _ONYX_IDENTIFIER


def _provider_names(providers):
    names = []
    available = _onyx.available_providers()
    for p in providers or []:
        name = p[0] if isinstance(p, (tuple, list)) else p
        if name not in available:
            warnings.warn(
                "Specified provider '%s' is not in available provider names. Available providers: '%s'"
                % (name, ", ".join(available))
            )
            continue
        names.append(name)
    return names


def convert_model(model, input_shapes=None):
    """Converts an ONNX model (path, bytes, or onnx.ModelProto) to .onyx bytes.

    Returns ``(onyx_bytes, summary)``; ``input_shapes`` maps input names to
    fixed shapes, as ``onyx-convert --input-shape`` does."""
    base_dir = "."
    if hasattr(model, "SerializeToString"):
        data = model.SerializeToString()
    elif isinstance(model, (bytes, bytearray)):
        data = bytes(model)
    else:
        path = os.fspath(model)
        if not os.path.exists(path):
            raise NoSuchFile("Load model from %s failed: file doesn't exist" % path)
        with open(path, "rb") as f:
            data = f.read()
        base_dir = os.path.dirname(os.path.abspath(path))
    shapes = {k: [int(d) for d in v] for k, v in (input_shapes or {}).items()}
    return _onyx.convert(data, base_dir, shapes)


class InferenceSession:
    """Loads a model (.onnx or .onyx, path or bytes) and runs it."""

    def __init__(self, path_or_bytes, sess_options=None, providers=None, provider_options=None, **kwargs):
        self._sess_options = sess_options if sess_options is not None else SessionOptions()
        self._model_path = None
        self._model_bytes = None
        self._provider_options = provider_options
        providers = _provider_names(providers)
        threads = int(self._sess_options.intra_op_num_threads or 0)
        if isinstance(path_or_bytes, (bytes, bytearray)):
            data = bytes(path_or_bytes)
            if not _is_onyx(data):
                data, _ = convert_model(data)
            self._sess = _onyx.Session.from_bytes(data, providers, threads)
            self._model_bytes = data
        else:
            path = os.fspath(path_or_bytes)
            if not os.path.isfile(path):
                raise NoSuchFile("Load model from %s failed: file doesn't exist" % path)
            self._model_path = path
            with open(path, "rb") as f:
                head = f.read(12)
            if _is_onyx(head):
                self._sess = _onyx.Session.open(path, providers, threads)
            else:
                data, _ = convert_model(path)
                self._sess = _onyx.Session.from_bytes(data, providers, threads)
        self._inputs = [NodeArg(*io) for io in self._sess.inputs()]
        self._outputs = [NodeArg(*io) for io in self._sess.outputs()]
        self._input_names = {i.name for i in self._inputs}

    def get_inputs(self):
        return list(self._inputs)

    def get_outputs(self):
        return list(self._outputs)

    def get_overridable_initializers(self):
        return []

    def get_modelmeta(self):
        return ModelMetadata(self._sess.metadata())

    def get_providers(self):
        return list(self._sess.providers())

    def get_provider_options(self):
        return {p: {} for p in self._sess.providers()}

    def get_session_options(self):
        return self._sess_options

    def run(self, output_names, input_feed, run_options=None):
        """Runs the model on ``input_feed`` ({name: numpy array}) and returns
        the outputs named in ``output_names`` (all of them if None or empty)
        as a list of numpy arrays."""
        if not isinstance(input_feed, dict):
            raise InvalidArgument("input_feed must be a dict of input name to numpy array")
        names, arrays = [], []
        for name, value in input_feed.items():
            if value is not None and not isinstance(value, (list, tuple)):  # Sequences are lists, None an empty optional.
                value = np.asarray(value)
                if not value.flags.c_contiguous:
                    value = value.copy(order="C")  # np.ascontiguousarray would turn a 0-d array into 1-d.
            arrays.append(value)
            names.append(name)
        native_options = run_options._native if isinstance(run_options, RunOptions) else None
        return self._sess.run(names, arrays, list(output_names or []), native_options)
