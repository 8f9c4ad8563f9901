"""SessionOptions, RunOptions and the enums, as in ONNX Runtime."""

import enum

from onyx import _onyx


class GraphOptimizationLevel(enum.IntEnum):
    ORT_DISABLE_ALL = 0
    ORT_ENABLE_BASIC = 1
    ORT_ENABLE_EXTENDED = 2
    ORT_ENABLE_ALL = 99


class ExecutionMode(enum.IntEnum):
    ORT_SEQUENTIAL = 0
    ORT_PARALLEL = 1


class SessionOptions:
    """Options for an InferenceSession; attribute names and defaults are ONNX Runtime's."""

    def __init__(self):
        self.intra_op_num_threads = 0
        self.inter_op_num_threads = 0
        self.execution_mode = ExecutionMode.ORT_SEQUENTIAL
        self.graph_optimization_level = GraphOptimizationLevel.ORT_ENABLE_ALL
        self.optimized_model_filepath = ""
        self.enable_profiling = False
        self.profile_file_prefix = "onnxruntime_profile_"
        self.log_severity_level = 2
        self.log_verbosity_level = 0
        self.logid = ""
        self.enable_mem_pattern = True
        self.enable_mem_reuse = True
        self.enable_cpu_mem_arena = True
        self.use_deterministic_compute = False
        self._config = {}

    def add_session_config_entry(self, key, value):
        self._config[str(key)] = str(value)

    def get_session_config_entry(self, key):
        if key not in self._config:
            from onyx._errors import InvalidArgument

            raise InvalidArgument("SessionOptions has no config entry '%s'" % key)
        return self._config[key]


class RunOptions:
    """Options for one run. Setting ``terminate = True`` from another thread
    stops a run in progress at the next node; the session stays usable."""

    def __init__(self):
        self._native = _onyx.RunOptions()
        self.log_severity_level = 2
        self.log_verbosity_level = 0
        self.logid = ""
        self.only_execute_path_to_fetches = False
        self._config = {}

    @property
    def terminate(self):
        return self._native.terminate

    @terminate.setter
    def terminate(self, value):
        self._native.terminate = bool(value)

    def add_run_config_entry(self, key, value):
        self._config[str(key)] = str(value)

    def get_run_config_entry(self, key):
        if key not in self._config:
            from onyx._errors import InvalidArgument

            raise InvalidArgument("RunOptions has no config entry '%s'" % key)
        return self._config[key]
