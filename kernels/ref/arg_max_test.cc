#define ONYX_ARG_TEST_SUITE ArgMax

namespace onyx::kernels::ref {
namespace {

constexpr const char* kOp = "ArgMax";
constexpr bool kMax = true;

}  // namespace
}  // namespace onyx::kernels::ref

#include "kernels/ref/internal/arg_test_util.h"
