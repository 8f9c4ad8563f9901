"""Small example models shipped with onyx, as ``onnxruntime.datasets``.

    import onyx as ort
    from onyx import datasets
    sess = ort.InferenceSession(datasets.get_example("sigmoid.onnx"))

``sigmoid.onnx``, ``mul_1.onnx`` and ``logreg_iris.onnx`` have the names,
inputs and outputs of ONNX Runtime's examples; ``small_cnn.onnx`` is a small
image classifier. make_examples.py describes each one; it builds them with
onnx.helper when the package is built.
"""

import os

_HERE = os.path.dirname(os.path.abspath(__file__))

# The models make_examples.py builds (its EXAMPLES, without importing onnx).
NAMES = ("sigmoid.onnx", "mul_1.onnx", "logreg_iris.onnx", "small_cnn.onnx")


def list_examples():
    """The names get_example knows."""
    return list(NAMES)


def _cache_dir():
    # Keyed by the generator's text, so that a changed make_examples.py rebuilds.
    import hashlib

    with open(os.path.join(_HERE, "make_examples.py"), "rb") as f:
        key = hashlib.sha256(f.read()).hexdigest()[:16]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "onyx", "datasets", key)


def get_example(name):
    """The absolute path of the example model `name` ("sigmoid.onnx", ...).

    Raises FileNotFoundError for a name onyx does not ship, as ONNX Runtime does.
    In a source tree whose package was not built, the models are built on
    first use (this needs the onnx package) into ~/.cache/onyx."""
    full = os.path.join(_HERE, name)
    if os.path.isfile(full):
        return full
    if name in list_examples():
        cached = os.path.join(_cache_dir(), name)
        if not os.path.isfile(cached):
            from onyx.datasets import make_examples  # Needs onnx: only in an unbuilt source tree.

            make_examples.write_examples(_cache_dir(), [name])
        return cached
    raise FileNotFoundError("Unable to find example '%s'" % name)
