"""One cc_test per XNNPACK kernel test file, each comparing with the reference kernels."""

def xnnpack_kernel_tests(srcs):
    for src in srcs:
        native.cc_test(
            name = src[:-len(".cc")],
            srcs = [src],
            deps = [
                ":test_util",
                ":xnnpack",
                "//kernels/api:kernel_runner",
                "//kernels/api:kernel_test_util",
                "//kernels/ref",
                "@googletest//:gtest_main",
            ],
        )
