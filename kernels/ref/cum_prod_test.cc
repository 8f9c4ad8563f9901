#define ONYX_CUM_TEST_SUITE CumProd

namespace onyx::kernels::ref {
namespace {

constexpr const char* kOp = "CumProd";
constexpr bool kProduct = true;
constexpr int kOpset = 26;  // The only version.

}  // namespace
}  // namespace onyx::kernels::ref

#include "kernels/ref/internal/cum_test_util.h"
