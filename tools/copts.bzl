"""Compiler flags shared by the device-side packages (format/, runtime/, kernels/):
no exceptions and no RTTI, so that nothing can throw across the C API."""

RUNTIME_COPTS = ["-fno-exceptions", "-fno-rtti"]
