#define ONYX_CUM_TEST_SUITE CumSum

namespace onyx::kernels::ref {
namespace {

constexpr const char* kOp = "CumSum";
constexpr bool kProduct = false;
constexpr int kOpset = 14;  // The newest version; 11 lacks the 16-bit floats.

}  // namespace
}  // namespace onyx::kernels::ref

#include "kernels/ref/internal/cum_test_util.h"
