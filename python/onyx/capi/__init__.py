"""Mirror of ``onnxruntime.capi`` for code that imports from its modules:
``onnxruntime_pybind11_state`` (the exception classes and the native types),
``_pybind_state`` (the same, under ONNX Runtime's other name for it) and
``onnxruntime_inference_collection`` (InferenceSession and its helpers)."""
