"""Runs a model with onyx through ONNX Runtime's Python API.

    python3 examples/python/run_model.py examples/models/small_cnn.onnx
"""

import sys
import time

import numpy as np

import onyx as ort


def main(path):
    start = time.perf_counter()
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    load_ms = (time.perf_counter() - start) * 1e3
    feed = {}
    for arg in sess.get_inputs():
        shape = [d if isinstance(d, int) else 1 for d in arg.shape]
        feed[arg.name] = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    times = []
    for _ in range(21):
        t0 = time.perf_counter()
        outputs = sess.run(None, feed)
        times.append((time.perf_counter() - t0) * 1e3)
    for arg, value in zip(sess.get_outputs(), outputs):
        print("  %s %s %s: %s" % (arg.name, arg.type, value.shape, np.array2string(value.ravel()[:6], precision=4)))
    print("load %.2f ms, first run %.3f ms, median of 20 runs %.3f ms" % (load_ms, times[0], np.median(times[1:])))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "examples/models/small_cnn.onnx")
