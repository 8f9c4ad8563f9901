"""Mirror of ``onnxruntime.capi`` for code that imports exception classes from it."""
