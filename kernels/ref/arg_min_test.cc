#define ONYX_ARG_TEST_SUITE ArgMin

namespace onyx::kernels::ref {
namespace {

constexpr const char* kOp = "ArgMin";
constexpr bool kMax = false;

}  // namespace
}  // namespace onyx::kernels::ref

#include "kernels/ref/internal/arg_test_util.h"
