"""OrtDevice: a device type, memory type, vendor and index, as ONNX Runtime's."""

from onyx._errors import InvalidArgument

# ONNX Runtime's device type numbers and PCI vendor ids (OrtDevice,
# OrtDeviceVendorId).
_CPU, _GPU, _FPGA, _NPU = 0, 1, 2, 3
_NVIDIA, _MICROSOFT, _HUAWEI = 0x10DE, 0x1414, 0x19E5

# name -> (device type, vendor id of the name's alias, None for generic).
_NAMES = {
    "cpu": (_CPU, None), "gpu": (_GPU, None), "npu": (_NPU, None), "cuda": (_GPU, _NVIDIA),
    "dml": (_GPU, _MICROSOFT), "cann": (_NPU, _HUAWEI), "webgpu": (_GPU, 0),
}


class OrtDevice:
    """Where a tensor lives: ``OrtDevice.make("cuda", 0)``, ``OrtDevice.make("cpu", 0)``."""

    def __init__(self, device_type=_CPU, memory_type=0, device_id=0, vendor_id=0):
        if isinstance(device_type, OrtDevice):
            device_type, memory_type, device_id, vendor_id = (
                device_type._type, device_type._mem, device_type._id, device_type._vendor)
        self._type, self._mem, self._id, self._vendor = int(device_type), int(memory_type), int(device_id), int(
            vendor_id)

    @staticmethod
    def make(ort_device_name, device_id, vendor_id=-1):
        """The device named "cpu", "cuda", "gpu", "npu", "dml", "cann" or "webgpu", index `device_id`."""
        if ort_device_name not in _NAMES:
            raise InvalidArgument("Unsupported device type: %s" % ort_device_name)
        device_type, alias_vendor = _NAMES[ort_device_name]
        if int(vendor_id) < 0:
            vendor_id = alias_vendor if alias_vendor is not None else 0
        return OrtDevice(device_type, 0, device_id, vendor_id)

    def device_id(self):
        return self._id

    def device_type(self):
        return self._type

    def device_vendor_id(self):
        return self._vendor

    def device_mem_type(self):
        return self._mem

    # The constants ONNX Runtime's C.OrtDevice has.
    @staticmethod
    def cpu():
        return _CPU

    @staticmethod
    def gpu():
        return _GPU

    @staticmethod
    def cuda():
        return _GPU

    @staticmethod
    def npu():
        return _NPU

    @staticmethod
    def fpga():
        return _FPGA

    @staticmethod
    def default_memory():
        return 0

    def __eq__(self, other):
        return isinstance(other, OrtDevice) and (self._type, self._mem, self._id, self._vendor) == (
            other._type, other._mem, other._id, other._vendor)

    def __hash__(self):
        return hash((self._type, self._mem, self._id, self._vendor))

    def __repr__(self):
        names = {_CPU: "cpu", _GPU: "gpu", _FPGA: "fpga", _NPU: "npu"}
        return "OrtDevice(%s:%d, memory_type=%d, vendor_id=0x%x)" % (
            names.get(self._type, self._type), self._id, self._mem, self._vendor)
