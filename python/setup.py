"""Packages the onyx Python module around the prebuilt extension.

The usual way in is `bazel build //python:wheel` (python/wheel.bzl), which
stages this folder with the extension built by Bazel and runs
`pip wheel` on it; tools/install.sh installs that wheel. Building straight
from this folder needs onyx/_onyx.so in place first.

Building the package also builds the example models of onyx.datasets
(onyx/datasets/make_examples.py, which needs the onnx package at build time
only).
"""

import importlib.util
import os
import re

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

here = os.path.dirname(os.path.abspath(__file__))


def package_version():
    with open(os.path.join(here, "onyx", "__init__.py")) as f:
        match = re.search(r'^__version__ = "([^"]+)"', f.read(), re.M)
    if not match:
        raise SystemExit("onyx/__init__.py has no __version__")
    return match.group(1)


class BinaryDistribution(Distribution):
    def has_ext_modules(self):
        return True


class BuildPyWithExamples(build_py):
    """build_py, then the example models into the built onyx/datasets."""

    def run(self):
        super().run()
        generator = os.path.join(here, "onyx", "datasets", "make_examples.py")
        spec = importlib.util.spec_from_file_location("_onyx_make_examples", generator)
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except ImportError as e:
            raise SystemExit("building onyx needs the onnx package to make onyx/datasets' models (%s)" % e)
        outdir = os.path.join(self.build_lib, "onyx", "datasets")
        for path in module.write_examples(outdir):
            self.announce("built example model %s" % path, level=2)


if not os.path.exists(os.path.join(here, "onyx", "_onyx.so")):
    raise SystemExit("onyx/_onyx.so is missing: build the wheel with `bazel build //python:wheel` "
                     "(or run tools/install.sh)")

setup(
    name="onyx",
    version=package_version(),
    description="onyx: an edge inference runtime for ONNX models with ONNX Runtime's API",
    long_description=open(os.path.join(here, "README.md")).read(),
    long_description_content_type="text/markdown",
    packages=["onyx", "onyx.capi", "onyx.convert", "onyx.datasets", "onyx.validate"],
    package_data={"onyx": ["_onyx.so"], "onyx.datasets": ["*.onnx"]},
    install_requires=["numpy"],
    # onnx is needed only by the ONNX conveniences: onyx.backend, passing an
    # onnx.ModelProto, and building the example models in a source tree.
    extras_require={"onnx": ["onnx>=1.14"], "convert": ["onnx>=1.14"]},
    entry_points={"console_scripts": ["onyx-validate = onyx.validate:main"]},
    python_requires=">=3.9",
    distclass=BinaryDistribution,
    cmdclass={"build_py": BuildPyWithExamples},
    zip_safe=False,
)
