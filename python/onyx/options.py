"""SessionOptions, RunOptions and the enums, as in ONNX Runtime.

Attribute names, defaults and types are ONNX Runtime's (checked side by side by
tests/python/test_ort_parity.py): an attribute of the wrong type raises
TypeError, an unknown attribute AttributeError, a missing config entry
RuntimeError. Beyond ONNX Runtime, an enum attribute also takes the enum's
integer value, and ``add_initializer`` also takes a numpy array.

What each option does in onyx (see python/README.md for the full table):
``intra_op_num_threads`` sizes the session's thread pool;
``graph_optimization_level`` is the converter's optimization level;
``optimized_model_filepath`` receives the converted ``.onyx`` model;
``add_free_dimension_override_by_name``/``_by_denotation`` and
``add_initializer`` rewrite the ONNX model before it is converted. The
others are kept and reported back; onyx always runs nodes in order and is
deterministic whatever they say.
"""

import enum
import numbers
import operator
import os

import numpy as np

from onyx import _onyx


class _OrtEnum(enum.IntEnum):
    """An IntEnum that prints as ONNX Runtime's pybind11 enums do."""

    def __str__(self):
        return "%s.%s" % (type(self).__name__, self.name)

    def __format__(self, spec):
        return str(self).__format__(spec) if not spec else int(self).__format__(spec)


class GraphOptimizationLevel(_OrtEnum):
    ORT_DISABLE_ALL = 0
    ORT_ENABLE_BASIC = 1
    ORT_ENABLE_EXTENDED = 2
    ORT_ENABLE_LAYOUT = 3
    ORT_ENABLE_ALL = 99


class ExecutionMode(_OrtEnum):
    ORT_SEQUENTIAL = 0
    ORT_PARALLEL = 1


class ExecutionOrder(_OrtEnum):
    DEFAULT = 0
    PRIORITY_BASED = 1
    MEMORY_EFFICIENT = 2


def _type_error(owner, name, kind, value):
    return TypeError("%s.%s must be %s (got %s %r)" % (owner, name, kind, type(value).__name__, value))


def _as_int(owner, name, value):
    try:
        return operator.index(value)  # int, bool, numpy integers; not float or str.
    except TypeError:
        raise _type_error(owner, name, "an int", value) from None


def _as_bool(owner, name, value):
    # pybind11's bool conversion, which ONNX Runtime's attributes use: None is
    # False, numbers convert, other objects (str, ...) are refused.
    if value is None:
        return False
    if isinstance(value, (bool, np.bool_, numbers.Number)):
        return bool(value)
    raise _type_error(owner, name, "a bool", value)


def _as_str(owner, name, value, path=False):
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if path and isinstance(value, os.PathLike):
        return os.fspath(value)
    raise _type_error(owner, name, "a str", value)


def _as_enum(owner, name, enum_type, value):
    if isinstance(value, enum_type):
        return value
    if not isinstance(value, bool):
        try:
            return enum_type(operator.index(value))  # Also ONNX Runtime's own enum values.
        except (TypeError, ValueError):
            pass
    raise _type_error(owner, name, "a %s (one of %s)" % (enum_type.__name__, ", ".join(enum_type.__members__)), value)


def _option(name, convert, doc):
    def get(self):
        return self._values[name]

    def set(self, value):
        self._values[name] = convert(type(self).__name__, name, value)

    return property(get, set, doc=doc)


class _Options:
    """Options whose public attributes are the properties of the class."""

    _DEFAULTS = {}

    def __init__(self):
        object.__setattr__(self, "_values", dict(self._DEFAULTS))
        self._config = {}

    def __setattr__(self, name, value):
        if not name.startswith("_") and not isinstance(getattr(type(self), name, None), property):
            raise AttributeError("'%s' object has no attribute '%s'" % (type(self).__name__, name))
        object.__setattr__(self, name, value)

    def __repr__(self):
        fields = ", ".join("%s=%r" % (k, v) for k, v in sorted(self._values.items()))
        return "%s(%s)" % (type(self).__name__, fields)

    def _config_entry(self, what, key):
        key = _as_str(type(self).__name__, "config key", key)
        if key not in self._config:
            # ONNX Runtime's exception and message, word for word.
            raise RuntimeError("%s does not have configuration with key: %s" % (what, key))
        return self._config[key]

    def _add_config_entry(self, key, value):
        owner = type(self).__name__
        self._config[_as_str(owner, "config key", key)] = _as_str(owner, "config value", value)


class SessionOptions(_Options):
    """Options for an InferenceSession; names, defaults and types are ONNX Runtime's."""

    _DEFAULTS = {
        "intra_op_num_threads": 0,
        "inter_op_num_threads": 0,
        "execution_mode": ExecutionMode.ORT_SEQUENTIAL,
        "execution_order": ExecutionOrder.DEFAULT,
        "graph_optimization_level": GraphOptimizationLevel.ORT_ENABLE_ALL,
        "optimized_model_filepath": "",
        "enable_profiling": False,
        "profile_file_prefix": "onnxruntime_profile_",
        "log_severity_level": -1,
        "log_verbosity_level": 0,
        "logid": "",
        "enable_mem_pattern": True,
        "enable_mem_reuse": True,
        "enable_cpu_mem_arena": True,
        "use_deterministic_compute": False,
        "use_per_session_threads": True,
    }

    intra_op_num_threads = _option("intra_op_num_threads", _as_int,
                                   "Threads of the session's pool; 0 lets onyx choose.")
    inter_op_num_threads = _option("inter_op_num_threads", _as_int,
                                   "Accepted for ONNX Runtime's code; onyx runs nodes in order.")
    execution_mode = _option("execution_mode", lambda o, n, v: _as_enum(o, n, ExecutionMode, v),
                             "ExecutionMode; onyx runs nodes in order (ORT_SEQUENTIAL) either way.")
    execution_order = _option("execution_order", lambda o, n, v: _as_enum(o, n, ExecutionOrder, v),
                              "ExecutionOrder; onyx runs the converter's planned order.")
    graph_optimization_level = _option(
        "graph_optimization_level", lambda o, n, v: _as_enum(o, n, GraphOptimizationLevel, v),
        "GraphOptimizationLevel: the converter's optimization level for an .onnx model.")
    optimized_model_filepath = _option("optimized_model_filepath", lambda o, n, v: _as_str(o, n, v, path=True),
                                       "Where the session writes the converted .onyx model, if set.")
    enable_profiling = _option("enable_profiling", _as_bool, "Write a Chrome-trace profile of each run.")
    profile_file_prefix = _option("profile_file_prefix", lambda o, n, v: _as_str(o, n, v, path=True),
                                  "Prefix of the profile's file name.")
    log_severity_level = _option("log_severity_level", _as_int,
                                 "0 verbose .. 4 fatal; -1 uses the default logger's severity.")
    log_verbosity_level = _option("log_verbosity_level", _as_int, "Verbosity of verbose (0) logging.")
    logid = _option("logid", _as_str, "Tag of the session's log messages.")
    enable_mem_pattern = _option("enable_mem_pattern", _as_bool,
                                 "Accepted; onyx always plans memory ahead of time.")
    enable_mem_reuse = _option("enable_mem_reuse", _as_bool, "Accepted; onyx always reuses planned memory.")
    enable_cpu_mem_arena = _option("enable_cpu_mem_arena", _as_bool, "Accepted; onyx always runs in an arena.")
    use_deterministic_compute = _option("use_deterministic_compute", _as_bool,
                                        "Accepted; onyx's kernels are deterministic.")
    use_per_session_threads = _option("use_per_session_threads", _as_bool,
                                      "Accepted; each onyx session has its own pool.")

    def __init__(self):
        super().__init__()
        self._free_dims_by_name = {}
        self._free_dims_by_denotation = {}
        self._initializers = {}

    def add_session_config_entry(self, key, value):
        """Sets config entry `key` (str) to `value` (str), replacing an earlier value."""
        self._add_config_entry(key, value)

    def get_session_config_entry(self, key):
        """The value of config entry `key`; RuntimeError if it was never set."""
        return self._config_entry("SessionOptions", key)

    def add_free_dimension_override_by_name(self, dim_name, dim_value):
        """Fixes every input dimension named `dim_name` (a dim_param) to `dim_value`."""
        self._free_dims_by_name[_as_str("SessionOptions", "dim_name", dim_name)] = _as_int(
            "SessionOptions", "dim_value", dim_value)

    def add_free_dimension_override_by_denotation(self, dim_denotation, dim_value):
        """Fixes every input dimension with denotation `dim_denotation` (e.g. DATA_BATCH) to `dim_value`."""
        self._free_dims_by_denotation[_as_str("SessionOptions", "dim_denotation", dim_denotation)] = _as_int(
            "SessionOptions", "dim_value", dim_value)

    def add_initializer(self, name, val):
        """Replaces the model's initializer `name` by `val` (an OrtValue or a numpy
        array) when a session is created with these options. As in ONNX Runtime the
        value is read then, and a name the model does not have is ignored."""
        name = _as_str("SessionOptions", "name", name)
        if not (isinstance(val, np.ndarray) or callable(getattr(val, "numpy", None))):
            raise _type_error("SessionOptions", "add_initializer value", "an OrtValue or a numpy array", val)
        self._initializers[name] = val

    def add_external_initializers(self, names, values):
        """add_initializer for each (name, value) pair."""
        names, values = list(names), list(values)
        if len(names) != len(values):
            raise ValueError("add_external_initializers: %d names but %d values" % (len(names), len(values)))
        for name, value in zip(names, values):
            self.add_initializer(name, value)


class RunOptions(_Options):
    """Options for one run; names, defaults and types are ONNX Runtime's.

    Setting ``terminate = True`` (from any thread) stops a run in progress at
    the next node with ``onyx.Fail``; the session stays usable, and runs fail
    at once until ``terminate`` is set back to False."""

    _DEFAULTS = {
        "log_severity_level": -1,
        "log_verbosity_level": 0,
        "logid": "",
        "only_execute_path_to_fetches": False,
    }

    log_severity_level = _option("log_severity_level", _as_int,
                                 "0 verbose .. 4 fatal; -1 uses the session's severity.")
    log_verbosity_level = _option("log_verbosity_level", _as_int, "Verbosity of verbose (0) logging.")
    only_execute_path_to_fetches = _option("only_execute_path_to_fetches", _as_bool,
                                           "Accepted; onyx runs the converted model's planned nodes.")

    def __init__(self):
        super().__init__()
        self._native = _onyx.RunOptions()

    @property
    def logid(self):
        """Tag of this run's log messages (the runtime's RunOptions.tag where the extension has it)."""
        return self._values["logid"]

    @logid.setter
    def logid(self, value):
        self._values["logid"] = _as_str("RunOptions", "logid", value)
        if hasattr(self._native, "tag"):
            self._native.tag = self._values["logid"]

    @property
    def terminate(self):
        """Set to True to stop runs that use these options at their next node."""
        return self._native.terminate

    @terminate.setter
    def terminate(self, value):
        self._native.terminate = _as_bool("RunOptions", "terminate", value)

    def add_run_config_entry(self, key, value):
        """Sets config entry `key` (str) to `value` (str), replacing an earlier value."""
        self._add_config_entry(key, value)

    def get_run_config_entry(self, key):
        """The value of config entry `key`; RuntimeError if it was never set."""
        return self._config_entry("RunOptions", key)
