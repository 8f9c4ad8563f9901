"""Packages the onyx Python module around the prebuilt extension.

tools/install.sh builds onyx/_onyx.so with Bazel first, then runs
`pip install ./python`.
"""

import os

from setuptools import setup
from setuptools.dist import Distribution


class BinaryDistribution(Distribution):
    def has_ext_modules(self):
        return True


here = os.path.dirname(os.path.abspath(__file__))
if not os.path.exists(os.path.join(here, "onyx", "_onyx.so")):
    raise SystemExit("onyx/_onyx.so is missing: build it with tools/install.sh")

setup(
    name="onyx",
    version="0.1.0",
    description="onyx: an edge inference runtime for ONNX models with ONNX Runtime's API",
    packages=["onyx", "onyx.capi"],
    package_data={"onyx": ["_onyx.so"]},
    install_requires=["numpy"],
    python_requires=">=3.9",
    distclass=BinaryDistribution,
)
