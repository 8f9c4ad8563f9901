"""One cc_test per reference-kernel test file."""

def ref_kernel_tests(srcs):
    for src in srcs:
        native.cc_test(
            name = src[:-len(".cc")],
            srcs = [src],
            deps = [
                ":ref",
                ":test_util",
                "//kernels/api:kernel_runner",
                "//kernels/api:kernel_test_util",
                "@googletest//:gtest_main",
            ],
        )
