"""InferenceSession, NodeArg and ModelMetadata, as in ONNX Runtime.

``InferenceSession("m.onnx")`` converts the model in memory and runs it;
``InferenceSession("m.onyx")`` maps the converted file.
"""

import os
import sys
import threading
import time
import types
import warnings

import numpy as np

from onyx import _onnx_proto, _onyx
from onyx._errors import EPFail, InvalidArgument, NoSuchFile, NotImplemented, OnyxError
from onyx._iobinding import IOBinding
from onyx._ortvalue import OrtValue
from onyx._overridable import overridable_initializers
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


_NUMPY_OF_ONNX = {
    "float": np.float32, "double": np.float64, "float16": np.float16, "bool": np.bool_,
    "int8": np.int8, "int16": np.int16, "int32": np.int32, "int64": np.int64,
    "uint8": np.uint8, "uint16": np.uint16, "uint32": np.uint32, "uint64": np.uint64,
    "string": np.object_,
}


def numpy_dtype(type_string):
    """The numpy dtype of a NodeArg type ("tensor(float)" -> float32), or None
    for types numpy lacks (bfloat16, float8 and the like come from ml_dtypes
    where it is installed)."""
    elem = type_string[type_string.rfind("(") + 1:type_string.find(")")]
    if elem in _NUMPY_OF_ONNX:
        return np.dtype(_NUMPY_OF_ONNX[elem])
    try:
        import ml_dtypes

        return np.dtype(getattr(ml_dtypes, elem))
    except (ImportError, AttributeError, TypeError):
        return None


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


def _provider_options(providers, provider_options):
    """{name: {key: value as str}} for the providers onyx has, from (name,
    options) tuples in `providers` or the parallel `provider_options` list."""
    out = {}
    available = _onyx.available_providers()
    if isinstance(providers, str):
        providers = [providers]
    for i, p in enumerate(providers or []):
        if isinstance(p, (tuple, list)):
            name, options = p[0], p[1]
        else:
            name = p
            options = provider_options[i] if provider_options and i < len(provider_options) else {}
        if name in available and options:
            out[name] = {str(k): str(v) for k, v in options.items()}
    return out


def _binding_takes(function, arg):
    """Whether the extension's `function` has a parameter named `arg` (pybind11
    writes each signature, parameter names included, into the docstring)."""
    doc = getattr(function, "__doc__", None) or ""
    return ("(%s:" % arg) in doc or (" %s:" % arg) in doc


def _model_bytes(model):
    """(serialized bytes, base_dir for external data) of a path, bytes, or ModelProto."""
    if hasattr(model, "SerializeToString"):
        return model.SerializeToString(), "."
    if isinstance(model, (bytes, bytearray, memoryview)):
        return bytes(model), "."
    if not isinstance(model, (str, os.PathLike)):
        raise TypeError("Unable to load from type '%s'" % type(model))
    path = os.fspath(model)
    if not os.path.isfile(path):
        raise NoSuchFile("Load model from %s failed: file doesn't exist" % path)
    with open(path, "rb") as f:
        return f.read(), os.path.dirname(os.path.abspath(path))


def _convert_bytes(data, base_dir=".", input_shapes=None, optimization_level=None, extra_profiles=None):
    """_onyx.convert, with the options this build of the extension takes.
    `extra_profiles`: further {name: dims} shape buckets (see onyx.convert)."""
    shapes = {str(name): [int(d) for d in dims] for name, dims in (input_shapes or {}).items()}
    kwargs = {}
    if optimization_level is not None and _binding_takes(_onyx.convert, "optimization_level"):
        kwargs["optimization_level"] = int(optimization_level)
    if extra_profiles:
        kwargs["extra_profiles"] = [{str(n): [int(d) for d in dims] for n, dims in p.items()} for p in extra_profiles]
    return _onyx.convert(data, base_dir, shapes, **kwargs)


def convert_model(model, input_shapes=None, optimization_level=None):
    """Converts an ONNX model (path, bytes, or onnx.ModelProto) to .onyx bytes.

    Returns ``(onyx_bytes, summary)``; ``input_shapes`` maps input names to
    fixed shapes, as ``onyx-convert --input-shape`` does; ``optimization_level``
    is a GraphOptimizationLevel (None: the converter's default)."""
    data, base_dir = _model_bytes(model)
    return _convert_bytes(data, base_dir, input_shapes, optimization_level)


def _array_of(value, name):
    """The numpy array of an add_initializer value (an OrtValue or an array)."""
    if isinstance(value, np.ndarray):
        return value
    try:
        return np.asarray(value.numpy())
    except Exception as e:  # noqa: BLE001 - whatever a foreign OrtValue raises.
        raise InvalidArgument("add_initializer '%s': cannot read its value (%s)" % (name, e)) from e


def _edit_onnx(data, options):
    """The ONNX bytes with the SessionOptions' free dimension overrides and
    initializers (add_free_dimension_override_by_*, add_initializer) applied."""
    by_name = dict(options._free_dims_by_name)
    by_denotation = dict(options._free_dims_by_denotation)
    if by_name or by_denotation:
        data, _ = _onnx_proto.override_free_dims(data, by_name, by_denotation)
    if options._initializers:
        arrays = {name: _array_of(v, name) for name, v in options._initializers.items()}
        data, _ = _onnx_proto.replace_initializers(data, arrays)
    return data


def _check_onyx_options(options):
    """What SessionOptions cannot do to a model that is already converted."""
    if options._initializers:
        raise NotImplemented(
            "add_initializer needs an .onnx model: this .onyx model is already converted (initializers: %s)"
            % ", ".join(sorted(options._initializers)))
    if options._free_dims_by_name or options._free_dims_by_denotation:
        warnings.warn("free dimension overrides apply when onyx converts an .onnx model; this .onyx model "
                      "keeps the shapes it was converted with (onyx-convert --input-shape fixes them)")


def _native_session(make, source, providers, options, profile_file_prefix=None, provider_options=None):
    """The extension's session; profiling on when `profile_file_prefix` is given."""
    kwargs = {}
    if provider_options:
        kwargs["provider_options"] = provider_options
    severity = int(options.log_severity_level)
    if severity >= 0 and _binding_takes(make, "log_severity_level"):
        kwargs["log_severity_level"] = severity
    if profile_file_prefix is not None:
        if not _binding_takes(make, "enable_profiling"):
            raise NotImplemented("SessionOptions.enable_profiling: this build of onyx's extension cannot profile")
        kwargs["enable_profiling"] = True
        kwargs["profile_file_prefix"] = profile_file_prefix
    return make(source, providers, int(options.intra_op_num_threads or 0), **kwargs)


def _ort_profile_path(path, start_time_ns):
    """The name ONNX Runtime gives a profile: "<prefix>_<date>_<time>_<ms>.json",
    the local time when profiling started; `path` is the runtime's
    "<prefix>_<date>_<time>.json", written when profiling ended."""
    if not start_time_ns or not path.endswith(".json") or len(path) < len("_YYYY-MM-DD_HH-MM-SS.json"):
        return path
    prefix = path[:-len("_YYYY-MM-DD_HH-MM-SS.json")]
    seconds, ns = divmod(int(start_time_ns), 10 ** 9)
    stamp = time.strftime("%Y-%m-%d_%H-%M-%S", time.localtime(seconds))
    return "%s_%s_%03d.json" % (prefix, stamp, ns // 10 ** 6)


def _check_provider_args(providers, provider_options):
    """ONNX Runtime's checks of set_providers' arguments."""
    if providers is None:
        return
    if isinstance(providers, str):
        providers = [providers]
    if provider_options is not None:
        if len(providers) != len(provider_options):
            raise ValueError("'providers' and 'provider_options' should be the same length if both are given.")
        if not all(isinstance(p, str) for p in providers):
            raise ValueError("Only string values for 'providers' are supported if 'provider_options' is given.")
    for p in providers:
        ok = isinstance(p, str) or (isinstance(p, (tuple, list)) and len(p) == 2 and isinstance(p[0], str)
                                    and isinstance(p[1], dict))
        if not ok:
            raise ValueError("'providers' values must be either strings or (string, dict) tuples.")


def _message(error):
    """An exception's message without onyx's "[ONYXError] : n : NAME : " prefix."""
    return error.message if isinstance(error, OnyxError) else str(error)


class InferenceSession:
    """Loads a model (.onnx or .onyx, path or bytes) and runs it.

    An .onnx model is converted in memory with the SessionOptions: its
    ``graph_optimization_level``, free dimension overrides and
    ``add_initializer`` values; ``optimized_model_filepath``, when set,
    receives the converted .onyx model. ``enable_profiling`` records a
    Chrome trace of every run, which ``end_profiling()`` writes."""

    def __init__(self, path_or_bytes, sess_options=None, providers=None, provider_options=None, **kwargs):
        options = sess_options if sess_options is not None else SessionOptions()
        if not isinstance(options, SessionOptions):
            raise TypeError("sess_options must be an onyx.SessionOptions (got %s)" % type(options).__name__)
        self._sess_options = options
        self._model_path = None
        self._model_bytes = None
        self._enable_fallback = True
        # What the native session was made with; set_providers makes a new one from the same.
        self._profiling = bool(options.enable_profiling)
        self._profile_prefix = options.profile_file_prefix
        self._profiling_ended = False
        self._overridable = []
        self._provider_opts = _provider_options(providers, provider_options)
        providers = _provider_names(providers)
        base_dir = "."
        if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
            data = bytes(path_or_bytes)
        else:
            if not isinstance(path_or_bytes, (str, os.PathLike)):
                raise TypeError("Unable to load from type '%s'" % type(path_or_bytes))
            self._model_path = os.fspath(path_or_bytes)
            if not os.path.isfile(self._model_path):
                raise NoSuchFile("Load model from %s failed: file doesn't exist" % self._model_path)
            base_dir = os.path.dirname(os.path.abspath(self._model_path))
            with open(self._model_path, "rb") as f:
                head = f.read(12)
                data = None if _is_onyx(head) else head + f.read()
        if data is None or _is_onyx(data):  # Already converted: map (a path) or load (bytes) it.
            _check_onyx_options(options)
            if data is not None:
                self._model_bytes = data
        else:
            data = _edit_onnx(data, options)
            self._model_bytes, _ = _convert_bytes(data, base_dir, optimization_level=options.graph_optimization_level)
            try:
                self._overridable = [NodeArg(*io) for io in overridable_initializers(data)]
            except OnyxError:  # The converter read the model; a quirk it tolerated leaves the list empty.
                self._overridable = []
        self._sess = self._create_native(providers)
        if options.optimized_model_filepath:
            self._write_converted(options.optimized_model_filepath)
        self._inputs = [NodeArg(*io) for io in self._sess.inputs()]
        self._outputs = [NodeArg(*io) for io in self._sess.outputs()]
        self._input_names = {i.name for i in self._inputs}
        self._input_types = {i.name: i.type for i in self._inputs}
        self._output_types = {o.name: o.type for o in self._outputs}
        self._fixed_output_shapes = {o.name: o.shape for o in self._outputs
                                     if o.shape and all(isinstance(d, int) for d in o.shape)}
        self._overridable_names = {a.name for a in self._overridable}

    def _create_native(self, providers):
        """A native session of this model on `providers` (names), with the
        provider options given for those of them."""
        prefix = self._profile_prefix if self._profiling else None
        options = {name: o for name, o in self._provider_opts.items() if name in providers}
        if self._model_bytes is None:
            return _native_session(_onyx.Session.open, self._model_path, providers, self._sess_options, prefix,
                                   options)
        return _native_session(_onyx.Session.from_bytes, self._model_bytes, providers, self._sess_options, prefix,
                               options)

    def _write_converted(self, path):
        """Writes the .onyx model this session runs to `path` (optimized_model_filepath)."""
        data = self._model_bytes
        if data is None:
            with open(self._model_path, "rb") as f:
                data = f.read()
        with open(path, "wb") as f:
            f.write(data)

    # -- what the model has --------------------------------------------------------

    def get_inputs(self):
        return list(self._inputs)

    def get_outputs(self):
        return list(self._outputs)

    def get_overridable_initializers(self):
        """Initializers the ONNX model also lists as inputs (ONNX Runtime lets a
        run feed them). onyx folds initializers into the converted model: it lists
        them, but a run that feeds one raises NotImplemented (use
        SessionOptions.add_initializer). Empty for an .onyx model."""
        return list(self._overridable)

    def get_modelmeta(self):
        return ModelMetadata(self._sess.metadata())

    def get_session_options(self):
        return self._sess_options

    # -- providers -------------------------------------------------------------------

    def get_providers(self):
        return list(self._sess.providers())

    def get_provider_options(self):
        """Each provider the session uses, with the options it was given (as strings)."""
        return {p: dict(o) for p, o in self._sess.provider_options().items()}

    def set_providers(self, providers=None, provider_options=None):
        """Makes the session run on `providers` (names, or (name, options)
        tuples; None: every available provider), as ONNX Runtime's: the
        session is made again. A provider ONNX Runtime does not know raises;
        one onyx lacks warns and is left out."""
        from onyx import get_all_providers, get_available_providers

        _check_provider_args(providers, provider_options)
        if providers is None:
            providers = get_available_providers()
        if isinstance(providers, str):
            providers = [providers]
        for p in providers:
            name = p[0] if isinstance(p, (tuple, list)) else p
            if name not in get_all_providers():
                raise InvalidArgument("Unknown Provider Type: %s" % name)
        self._provider_opts = _provider_options(providers, provider_options)
        self._sess = self._create_native(_provider_names(providers))
        self._profiling_ended = False

    def disable_fallback(self):
        """A run that fails in an execution provider (EPFail) raises at once."""
        self._enable_fallback = False

    def enable_fallback(self):
        """A run that fails in an execution provider other than the CPU's (EPFail)
        moves the session to CPUExecutionProvider and runs again, once, as ONNX
        Runtime's fallback does."""
        self._enable_fallback = True

    # -- running ------------------------------------------------------------------------

    def _check_feed_name(self, name, what="run"):
        """Raises unless `name` is an input a run can be fed."""
        if name in self._input_names:
            return
        if name in self._overridable_names:
            raise NotImplemented(
                "%s: '%s' is an initializer the model lets ONNX Runtime override; onyx folds initializers into "
                "the converted model, so a run cannot feed it (set it with SessionOptions.add_initializer('%s', "
                "value) before creating the session)" % (what, name, name))
        raise InvalidArgument("%s: invalid input name '%s' (model inputs: %s)"
                              % (what, name, ", ".join("'%s'" % i.name for i in self._inputs)))

    def _check_overridable(self, names, what):
        if self._overridable_names:
            for name in names:
                if name in self._overridable_names:
                    self._check_feed_name(name, what)

    def _check_missing(self, names):
        """ONNX Runtime's check that every required input is fed (ValueError)."""
        missing = [i.name for i in self._inputs if i.name not in names and not i.type.startswith("optional")]
        if missing:
            raise InvalidArgument("Required inputs (%s) are missing from input feed (%s)." % (missing, list(names)))

    def _feed(self, input_feed):
        """(names, values) of a run's feed, as the extension takes them."""
        if not isinstance(input_feed, dict):
            raise InvalidArgument("input_feed must be a dict of input name to numpy array")
        names, arrays = [], []
        for name, value in input_feed.items():
            if isinstance(value, OrtValue):
                value = value._value
            elif isinstance(value, (list, tuple)) and self._input_types.get(name, "").startswith("tensor("):
                # A nested list for a tensor input, which ONNX Runtime takes too; elsewhere a list is a sequence.
                value = np.asarray(value, dtype=numpy_dtype(self._input_types[name]))
            # Sequences are lists, None an empty optional; the rest are arrays, used in place when C-contiguous.
            if value is not None and not isinstance(value, (list, tuple)):
                value = np.asarray(value)
                if not value.flags.c_contiguous:
                    value = value.copy(order="C")  # np.ascontiguousarray would turn a 0-d array into 1-d.
            arrays.append(value)
            names.append(name)
        self._check_overridable(names, "run")
        return names, arrays

    def _run_native(self, names, arrays, output_names, run_options, bound_names=(), bound_arrays=()):
        """The extension's run, with ONNX Runtime's fallback to the CPU on an EPFail."""
        native_options = run_options._native if isinstance(run_options, RunOptions) else None
        args = (names, arrays, list(output_names or []), native_options)
        if bound_names:
            args += (list(bound_names), list(bound_arrays))
        try:
            return self._sess.run(*args)
        except EPFail as err:
            if not self._enable_fallback or self.get_providers() == ["CPUExecutionProvider"]:
                raise
            print("EP Error: %s using %s" % (err, self.get_providers()))
            print("Falling back to ['CPUExecutionProvider'] and retrying.")
            self.set_providers(["CPUExecutionProvider"])
            self.disable_fallback()  # Once.
            return self._sess.run(*args)

    def run(self, output_names, input_feed, run_options=None):
        """Runs the model on ``input_feed`` ({name: numpy array}) and returns
        the outputs named in ``output_names`` (all of them if None or empty)
        as a list of numpy arrays."""
        names, arrays = self._feed(input_feed)
        return self._run_native(names, arrays, output_names, run_options)

    def run_with_ort_values(self, output_names, input_dict_ort_values, run_options=None):
        """Runs the model on {name: OrtValue} (read in place) and returns the
        outputs as OrtValues (all of them if ``output_names`` is None or empty)."""
        if not isinstance(input_dict_ort_values, dict):
            raise InvalidArgument("input_dict_ort_values must be a dict of input name to OrtValue")
        self._check_missing(list(input_dict_ort_values))
        names, arrays = self._feed(input_dict_ort_values)
        wanted = list(output_names or [o.name for o in self._outputs])
        values = self._run_native(names, arrays, wanted, run_options)
        return [OrtValue(v, _type_hint=self._output_types.get(n)) for n, v in zip(wanted, values)]

    def run_async(self, output_names, input_feed, callback, user_data, run_options=None):
        """Runs the model in another thread and returns at once; the thread
        calls ``callback(outputs, user_data, err)``: the outputs as a list of
        numpy arrays and err "" on success, [] and the error's message on
        failure. An exception the callback raises is reported as unraisable
        (sys.unraisablehook), as ONNX Runtime does."""
        if not callable(callback):
            raise TypeError("run_async(): callback must be callable as callback(outputs, user_data, err) "
                            "(got %s)" % type(callback).__name__)
        if not isinstance(input_feed, dict):
            raise InvalidArgument("input_feed must be a dict of input name to numpy array")
        self._check_missing(list(input_feed))
        names, arrays = self._feed(input_feed)

        def work():
            try:
                outputs, err = self._run_native(names, arrays, output_names, run_options), ""
            except Exception as e:  # noqa: BLE001 - every failure goes to the callback, as ONNX Runtime's.
                outputs, err = [], _message(e)
            try:
                callback(outputs, user_data, err)
            except BaseException:  # noqa: BLE001
                _report_unraisable("onyx.InferenceSession.run_async callback", callback)

        threading.Thread(target=work, name="onyx-run-async").start()

    # -- IOBinding -------------------------------------------------------------------------

    def io_binding(self):
        """An IOBinding for this session (onyx.IOBinding)."""
        return IOBinding(self)

    def run_with_iobinding(self, iobinding, run_options=None):
        """Runs the model on the inputs and outputs `iobinding` binds; the
        outputs are then in iobinding.get_outputs()."""
        if not isinstance(iobinding, IOBinding) or iobinding._session is not self:
            raise ValueError("IOBinding must be used with the session that created it.")
        iobinding._run(self, run_options)

    # -- profiling ---------------------------------------------------------------------------

    def end_profiling(self):
        """Writes the profile (a Chrome trace: chrome://tracing, Perfetto) of the
        runs so far and returns its path, "<profile_file_prefix>_<date>_<time>.json";
        "" when profiling is off or has already ended, as in ONNX Runtime."""
        if not self._profiling or self._profiling_ended:
            return ""
        path = self._sess.end_profiling()
        self._profiling_ended = True
        wanted = _ort_profile_path(path, self._sess.profiling_start_time_ns())
        if wanted != path:
            os.replace(path, wanted)
        return wanted

    def get_profiling_start_time_ns(self):
        """When profiling started, in nanoseconds since the epoch (0 when profiling is off)."""
        return int(self._sess.profiling_start_time_ns()) if self._profiling else 0


def _report_unraisable(where, obj):
    """Reports the exception being handled to sys.unraisablehook, naming `where`."""
    exc_type, exc_value, exc_tb = sys.exc_info()
    sys.unraisablehook(types.SimpleNamespace(exc_type=exc_type, exc_value=exc_value, exc_traceback=exc_tb,
                                             err_msg="Exception ignored in %s" % where, object=obj))
