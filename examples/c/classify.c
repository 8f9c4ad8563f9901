/* classify: load an .onyx image classifier with the C API, run it on a
 * deterministic synthetic image and print the top-5 classes.
 *
 *   classify [MODEL.onyx]
 *
 * Without a path it uses the model embedded at build time (Bazel:
 * onyx_model(embed = True) in examples/BUILD, ONYX_EMBEDDED_MODEL). The
 * model's input is float[N,C,H,W] (symbolic extents taken as 1); its first
 * output holds one score per class. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onyx_c_api.h"

#ifdef ONYX_EMBEDDED_MODEL
#include "examples/small_cnn.h"
#endif

static int Check(OnyxStatus* status, const char* what) {
  if (status == NULL) return 0;
  fprintf(stderr, "classify: %s: %s\n", what, OnyxGetStatusMessage(status));
  OnyxReleaseStatus(status);
  return 1;
}

int main(int argc, char** argv) {
  OnyxEnv* env = NULL;
  OnyxSession* session = NULL;
  OnyxValue* scores = NULL;
  float* image = NULL;
  int rc = 1;
  if (Check(OnyxCreateEnv(ONYX_LOGGING_LEVEL_WARNING, &env), "env")) return 1;
  if (argc > 1) {
    if (Check(OnyxCreateSession(env, argv[1], NULL, &session), "load")) goto done;
  } else {
#ifdef ONYX_EMBEDDED_MODEL
    if (Check(OnyxCreateSessionFromBuffer(env, small_cnn_onyx, small_cnn_onyx_len, NULL, &session), "load")) goto done;
#else
    fprintf(stderr, "usage: classify MODEL.onyx\n");
    goto done;
#endif
  }

  /* The input: its name and shape, symbolic extents set to 1. */
  const char* input_name = NULL;
  int64_t dims[8];
  size_t rank = 0;
  if (Check(OnyxSessionGetInputName(session, 0, &input_name), "input name")) goto done;
  if (Check(OnyxSessionGetInputShape(session, 0, dims, 8, &rank, NULL), "input shape")) goto done;
  if (rank != 4) {
    fprintf(stderr, "classify: input '%s' has rank %zu (expected an image, N,C,H,W)\n", input_name, rank);
    goto done;
  }
  size_t count = 1;
  for (size_t i = 0; i < rank; ++i) {
    if (dims[i] < 0) dims[i] = 1;
    count *= (size_t)dims[i];
  }
  /* A synthetic image: smooth gradients per channel, values in [-1, 1]. */
  image = malloc(count * sizeof(float));
  if (image == NULL) goto done;
  const int64_t channels = dims[1], height = dims[2], width = dims[3];
  for (int64_t c = 0; c < channels; ++c) {
    for (int64_t y = 0; y < height; ++y) {
      for (int64_t x = 0; x < width; ++x) {
        float v = (float)((x * (c + 1) + y * (3 - c)) % 64) / 32.0f - 1.0f;
        image[(c * height + y) * width + x] = v;
      }
    }
  }
  OnyxTensor input = {ONYX_DTYPE_FLOAT, dims, rank, image, count * sizeof(float)};
  if (Check(OnyxRunAllocated(session, NULL, &input_name, &input, 1, NULL, 1, &scores), "run")) goto done;

  const void* data = NULL;
  size_t bytes = 0;
  OnyxDataType dtype = ONYX_DTYPE_UNDEFINED;
  if (Check(OnyxValueGetDataType(scores, &dtype), "output type")) goto done;
  if (Check(OnyxValueGetData(scores, &data, &bytes), "output data")) goto done;
  if (dtype != ONYX_DTYPE_FLOAT) {
    fprintf(stderr, "classify: the output is %s, not float\n", OnyxDataTypeName(dtype));
    goto done;
  }
  const float* p = data;
  const size_t classes = bytes / sizeof(float);
  int taken[1024] = {0};
  printf("top-5 of %zu classes:\n", classes);
  for (int k = 0; k < 5 && k < (int)classes && classes <= 1024; ++k) {
    int best = -1;
    for (size_t i = 0; i < classes; ++i) {
      if (!taken[i] && (best < 0 || p[i] > p[best])) best = (int)i;
    }
    taken[best] = 1;
    printf("  class %d: %.6f\n", best, p[best]);
  }
  rc = 0;
done:
  free(image);
  OnyxReleaseValue(scores);
  OnyxReleaseSession(session);
  OnyxReleaseEnv(env);
  return rc;
}
