"""One cc_test per reference-kernel test file."""

def ref_kernel_tests(srcs):
    for src in srcs:
        native.cc_test(
            name = src[:-len(".cc")],
            srcs = [src],
            deps = [
                ":ref",
                "//kernels/api:kernel_runner",
                "@googletest//:gtest_main",
            ],
        )
