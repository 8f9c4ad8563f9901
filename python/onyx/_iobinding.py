"""IOBinding: inputs and outputs bound to memory before a run, as ONNX Runtime's.

Everything bound is used where it lies, without a copy:

- ``bind_cpu_input`` binds a numpy array (a non-contiguous one is copied once,
  when bound); ``bind_input`` binds memory by address (``buffer_ptr``: a numpy
  array's ``ctypes.data``, a torch tensor's ``data_ptr()``); the run reads the
  input from that memory, so writing into it between runs changes what the
  next run sees.
- ``bind_output`` with a ``buffer_ptr``, or ``bind_ortvalue_output``: the run
  writes the output into that memory (the kernel that produces it writes
  there directly when the output's shape is known before the run; otherwise
  it is copied in at the end). ``get_outputs()`` then returns an OrtValue
  whose ``data_ptr()`` is that address.
- ``bind_output`` without a buffer: the session allocates the output, and
  ``get_outputs()`` returns it as an OrtValue. Later runs write into the same
  memory while the model gives the output a fixed shape, as ONNX Runtime does.

Only CPU memory can be bound for now; another ``device_type`` raises
NotImplemented naming the execution provider it needs.
"""

import numpy as np

from onyx._errors import InvalidArgument
from onyx._ortvalue import OrtValue, OrtValueVector, array_at, check_device, numpy_dtype_of, shape_of


def _ortvalue_array(ortvalue, what):
    """The numpy array an OrtValue (onyx's, or anything with numpy() viewing
    its memory, such as ONNX Runtime's) holds."""
    if isinstance(ortvalue, OrtValue):
        return ortvalue._tensor(what)
    if callable(getattr(ortvalue, "numpy", None)):
        return np.asarray(ortvalue.numpy())
    raise TypeError("%s: expected an OrtValue (got %s)" % (what, type(ortvalue).__name__))


class IOBinding:
    """Inputs and outputs of one InferenceSession bound to memory; run it with
    ``session.run_with_iobinding(binding)``."""

    def __init__(self, session):
        self._session = session
        self._inputs = {}  # name -> numpy array the run reads.
        self._keep = {}  # name -> what owns an input's memory (kept alive while bound).
        self._outputs = {}  # name -> OrtValue to write into, or None: the session allocates it.
        self._allocated = {}  # name -> OrtValue the session allocated in an earlier run.
        self._results = None  # OrtValues of the last run, in binding order.

    # -- inputs --------------------------------------------------------------

    def _check_input_name(self, name, what):
        if not isinstance(name, str):
            raise TypeError("%s: the input name must be a str (got %s)" % (what, type(name).__name__))
        self._session._check_feed_name(name, what)

    def bind_cpu_input(self, name, arr_on_cpu):
        """Binds input `name` to the numpy array `arr_on_cpu` (used in place)."""
        self._check_input_name(name, "bind_cpu_input")
        if not isinstance(arr_on_cpu, np.ndarray):
            raise InvalidArgument("bind_cpu_input: input '%s' must be a numpy array (got %s)"
                                  % (name, type(arr_on_cpu).__name__))
        array = arr_on_cpu if arr_on_cpu.flags.c_contiguous else arr_on_cpu.copy(order="C")
        self._bind_input(name, array, arr_on_cpu)

    def bind_input(self, name, device_type, device_id, element_type, shape, buffer_ptr):
        """Binds input `name` to the `shape` tensor of `element_type` (a numpy
        type or a TensorProto.DataType int) at address `buffer_ptr` on the
        device; the run reads it there."""
        what = "bind_input '%s'" % name
        check_device(device_type, device_id, what)
        self._check_input_name(name, "bind_input")
        dtype = numpy_dtype_of(element_type, what)
        self._bind_input(name, array_at(buffer_ptr, dtype, shape_of(shape, what), what), None)

    def bind_ortvalue_input(self, name, ortvalue):
        """Binds input `name` to the tensor an OrtValue holds."""
        self._check_input_name(name, "bind_ortvalue_input")
        self._bind_input(name, _ortvalue_array(ortvalue, "bind_ortvalue_input"), ortvalue)

    def _bind_input(self, name, array, owner):
        self._inputs[name] = array
        self._keep[name] = owner

    def synchronize_inputs(self):
        """Nothing to wait for: onyx's bound inputs are in CPU memory."""

    def clear_binding_inputs(self):
        self._inputs.clear()
        self._keep.clear()

    # -- outputs -------------------------------------------------------------

    def bind_output(self, name, device_type="cpu", device_id=0, element_type=None, shape=None, buffer_ptr=None):
        """Binds output `name`: to the memory at `buffer_ptr` (with its
        `element_type` and `shape`), which the run writes in place, or, without
        a buffer, to memory the session allocates on the device."""
        what = "bind_output '%s'" % name
        check_device(device_type, device_id, what)
        if buffer_ptr is None:
            self._bind_output(name, None)
            return
        if element_type is None or shape is None:
            raise ValueError("`element_type` and `shape` are to be provided if pre-allocated memory is provided")
        dtype = numpy_dtype_of(element_type, what)
        self._bind_output(name, OrtValue(array_at(buffer_ptr, dtype, shape_of(shape, what), what)))

    def bind_ortvalue_output(self, name, ortvalue):
        """Binds output `name` to an OrtValue's memory, which the run writes in place."""
        if not isinstance(ortvalue, OrtValue):
            ortvalue = OrtValue(_ortvalue_array(ortvalue, "bind_ortvalue_output"), ortvalue)
        ortvalue._tensor("bind_ortvalue_output")
        self._bind_output(name, ortvalue)

    def _bind_output(self, name, ortvalue):
        if not isinstance(name, str):
            raise TypeError("bind_output: the output name must be a str (got %s)" % type(name).__name__)
        self._outputs[name] = ortvalue  # A name bound again keeps its place.
        self._allocated.pop(name, None)
        self._results = None

    def synchronize_outputs(self):
        """Nothing to wait for: onyx's outputs are in CPU memory when the run returns."""

    def clear_binding_outputs(self):
        self._outputs.clear()
        self._allocated.clear()
        self._results = None

    def get_outputs(self):
        """The bound outputs as OrtValues (after a run, what it wrote), in the order they were bound."""
        if self._results is not None:
            return list(self._results)
        return [value if value is not None else OrtValue(None) for value in self._outputs.values()]

    def get_outputs_as_ortvaluevector(self):
        return OrtValueVector(self.get_outputs())

    def copy_outputs_to_cpu(self):
        """Copies of the outputs of the last run, as numpy arrays (lists for sequences)."""
        copies = []
        for value in self.get_outputs():
            v = value._value
            copies.append(np.array(v, copy=True) if isinstance(v, np.ndarray)
                          else [np.array(t, copy=True) for t in v] if isinstance(v, list) else None)
        return copies

    # -- the run (InferenceSession.run_with_iobinding) ----------------------------

    def _run(self, session, run_options):
        if not self._outputs:
            raise InvalidArgument("At least one output should be requested.")
        names = list(self._outputs)
        bound_names, bound_arrays = [], []
        for name, value in self._outputs.items():
            target = value if value is not None else self._reusable(session, name)
            if target is not None:
                bound_names.append(name)
                bound_arrays.append(target._value)
        values = session._run_native(list(self._inputs), list(self._inputs.values()), names, run_options,
                                     bound_names, bound_arrays)
        results = []
        for name, value in zip(names, values):
            if name in bound_names:
                results.append(self._outputs[name] or self._allocated[name])
            else:
                out = OrtValue(value, _type_hint=session._output_types.get(name))
                if isinstance(value, np.ndarray) and not value.dtype.hasobject and value.flags.writeable:
                    self._allocated[name] = out
                results.append(out)
        self._results = results

    def _reusable(self, session, name):
        """The OrtValue an earlier run allocated for output `name`, when the
        model fixes the output's shape to that one (the run then writes it again)."""
        previous = self._allocated.get(name)
        if previous is None:
            return None
        fixed = session._fixed_output_shapes.get(name)
        array = previous._value
        if fixed is None or tuple(fixed) != array.shape or not array.flags.c_contiguous:
            del self._allocated[name]
            return None
        return previous
