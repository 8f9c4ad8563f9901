// classify: the C example in C++, on the C API (what libonyx.so exports)
// with a small RAII wrapper. Loads an .onyx image classifier, runs it on a
// deterministic synthetic image and prints the top-5 classes.
//
//   classify_cc [MODEL.onyx]
//
// Without a path it uses the model embedded at build time (Bazel:
// onyx_model(embed = True), ONYX_EMBEDDED_MODEL).

#include <algorithm>
#include <cstdio>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "onyx_c_api.h"

#ifdef ONYX_EMBEDDED_MODEL
#include "examples/small_cnn.h"
#endif

namespace {

template <typename T, void (*Release)(T*)>
struct Deleter {
  void operator()(T* p) const { Release(p); }
};
using Env = std::unique_ptr<OnyxEnv, Deleter<OnyxEnv, OnyxReleaseEnv>>;
using Session = std::unique_ptr<OnyxSession, Deleter<OnyxSession, OnyxReleaseSession>>;
using Value = std::unique_ptr<OnyxValue, Deleter<OnyxValue, OnyxReleaseValue>>;

// Prints the error and returns true if `status` is one.
bool Failed(OnyxStatus* status, const char* what) {
  if (status == nullptr) return false;
  std::fprintf(stderr, "classify_cc: %s: %s\n", what, OnyxGetStatusMessage(status));
  OnyxReleaseStatus(status);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  OnyxEnv* raw_env = nullptr;
  if (Failed(OnyxCreateEnv(ONYX_LOGGING_LEVEL_WARNING, &raw_env), "env")) return 1;
  Env env(raw_env);
  OnyxSession* raw_session = nullptr;
  if (argc > 1) {
    if (Failed(OnyxCreateSession(env.get(), argv[1], nullptr, &raw_session), "load")) return 1;
  } else {
#ifdef ONYX_EMBEDDED_MODEL
    if (Failed(OnyxCreateSessionFromBuffer(env.get(), small_cnn_onyx, small_cnn_onyx_len, nullptr, &raw_session),
               "load")) {
      return 1;
    }
#else
    std::fprintf(stderr, "usage: classify_cc MODEL.onyx\n");
    return 2;
#endif
  }
  Session session(raw_session);

  const char* input_name = nullptr;
  std::vector<int64_t> dims(8);
  size_t rank = 0;
  if (Failed(OnyxSessionGetInputName(session.get(), 0, &input_name), "input name")) return 1;
  if (Failed(OnyxSessionGetInputShape(session.get(), 0, dims.data(), dims.size(), &rank, nullptr), "input shape")) {
    return 1;
  }
  if (rank != 4) {
    std::fprintf(stderr, "classify_cc: input '%s' has rank %zu (expected an image, N,C,H,W)\n", input_name, rank);
    return 1;
  }
  dims.resize(rank);
  for (int64_t& d : dims) d = d < 0 ? 1 : d;
  const int64_t channels = dims[1], height = dims[2], width = dims[3];
  std::vector<float> image(static_cast<size_t>(dims[0] * channels * height * width));
  // The same synthetic image as classify.c.
  for (int64_t c = 0; c < channels; ++c) {
    for (int64_t y = 0; y < height; ++y) {
      for (int64_t x = 0; x < width; ++x) {
        image[(c * height + y) * width + x] = static_cast<float>((x * (c + 1) + y * (3 - c)) % 64) / 32.0f - 1.0f;
      }
    }
  }
  OnyxTensor input = {ONYX_DTYPE_FLOAT, dims.data(), rank, image.data(), image.size() * sizeof(float)};
  OnyxValue* raw_scores = nullptr;
  if (Failed(OnyxRunAllocated(session.get(), nullptr, &input_name, &input, 1, nullptr, 1, &raw_scores), "run")) {
    return 1;
  }
  Value scores(raw_scores);
  const void* data = nullptr;
  size_t bytes = 0;
  OnyxDataType dtype = ONYX_DTYPE_UNDEFINED;
  if (Failed(OnyxValueGetDataType(scores.get(), &dtype), "output type")) return 1;
  if (Failed(OnyxValueGetData(scores.get(), &data, &bytes), "output data")) return 1;
  if (dtype != ONYX_DTYPE_FLOAT) {
    std::fprintf(stderr, "classify_cc: the output is %s, not float\n", OnyxDataTypeName(dtype));
    return 1;
  }
  const float* p = static_cast<const float*>(data);
  std::vector<int> order(bytes / sizeof(float));
  std::iota(order.begin(), order.end(), 0);
  const size_t k = std::min<size_t>(5, order.size());
  std::partial_sort(order.begin(), order.begin() + k, order.end(), [p](int a, int b) { return p[a] > p[b]; });
  std::printf("top-5 of %zu classes:\n", order.size());
  for (size_t i = 0; i < k; ++i) std::printf("  class %d: %.6f\n", order[i], p[order[i]]);
  return 0;
}
