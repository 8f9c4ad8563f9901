/* leak_loop MODEL.onyx [ITERATIONS]: creates an env, options, a session
 * (from the file and from its bytes), runs it every way the C API offers,
 * including an error, and releases everything, ITERATIONS times. Run under
 * valgrind by leak_test.sh: nothing may leak. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/c_api/onyx_c_api.h"

#define FAIL_IF(status)                                                        \
  do {                                                                         \
    OnyxStatus* s_ = (status);                                                 \
    if (s_ != NULL) {                                                          \
      fprintf(stderr, "leak_loop:%d: %s\n", __LINE__, OnyxGetStatusMessage(s_)); \
      OnyxReleaseStatus(s_);                                                   \
      exit(1);                                                                 \
    }                                                                          \
  } while (0)

static char* ReadFile(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  if (f == NULL) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char* data = malloc((size_t)n);
  if (data != NULL && fread(data, 1, (size_t)n, f) != (size_t)n) {
    free(data);
    data = NULL;
  }
  fclose(f);
  *size = (size_t)n;
  return data;
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  int iterations = argc > 2 ? atoi(argv[2]) : 20;
  size_t size = 0;
  char* bytes = ReadFile(argv[1], &size);
  if (bytes == NULL) return 1;
  static float image[3 * 32 * 32];
  for (int i = 0; i < 3 * 32 * 32; ++i) image[i] = (float)(i % 7) / 7.0f;
  static const int64_t dims[4] = {1, 3, 32, 32};
  static const int64_t out_dims[2] = {1, 10};
  const OnyxTensor input = {ONYX_DTYPE_FLOAT, dims, 4, image, sizeof(image)};
  const char* input_names[1] = {"image"};
  float probs[10];
  for (int it = 0; it < iterations; ++it) {
    OnyxEnv* env = NULL;
    OnyxSessionOptions* options = NULL;
    OnyxSession* session = NULL;
    OnyxSession* from_bytes = NULL;
    OnyxRunOptions* run_options = NULL;
    OnyxIoBinding* binding = NULL;
    OnyxValue* value = NULL;
    FAIL_IF(OnyxCreateEnv(ONYX_LOGGING_LEVEL_WARNING, &env));
    FAIL_IF(OnyxCreateSessionOptions(&options));
    FAIL_IF(OnyxSessionOptionsSetIntraOpNumThreads(options, it % 2 ? 2 : 1)); /* With and without a pool. */
    FAIL_IF(OnyxCreateSession(env, argv[1], options, &session));
    FAIL_IF(OnyxCreateSessionFromBuffer(env, bytes, size, NULL, &from_bytes));
    FAIL_IF(OnyxCreateRunOptions(&run_options));
    OnyxOutputBuffer out = {probs, sizeof(probs), NULL, 0, ONYX_DTYPE_UNDEFINED, 0, 0};
    FAIL_IF(OnyxRun(session, run_options, input_names, &input, 1, NULL, &out, 1));
    FAIL_IF(OnyxRunAllocated(from_bytes, NULL, input_names, &input, 1, NULL, 1, &value));
    OnyxReleaseValue(value);
    FAIL_IF(OnyxCreateIoBinding(session, &binding));
    const OnyxTensor output = {ONYX_DTYPE_FLOAT, out_dims, 2, probs, sizeof(probs)};
    FAIL_IF(OnyxIoBindingBindInput(binding, "image", &input));
    FAIL_IF(OnyxIoBindingBindOutput(binding, "probabilities", &output));
    FAIL_IF(OnyxRunWithBinding(session, run_options, binding));
    /* Errors allocate statuses and messages; they are released too. */
    OnyxReleaseStatus(OnyxRun(session, NULL, input_names, &input, 1, NULL, &out, 2));
    OnyxReleaseStatus(OnyxCreateSession(env, "/nonexistent.onyx", NULL, &session));
    OnyxReleaseStatus(OnyxCreateSessionFromBuffer(env, "nope", 4, NULL, &from_bytes));
    FAIL_IF(OnyxRunOptionsSetTerminate(run_options, 1));
    OnyxReleaseStatus(OnyxRunWithBinding(session, run_options, binding));
    OnyxReleaseIoBinding(binding);
    OnyxReleaseRunOptions(run_options);
    OnyxReleaseSession(from_bytes);
    OnyxReleaseSession(session);
    OnyxReleaseSessionOptions(options);
    OnyxReleaseEnv(env);
  }
  free(bytes);
  printf("leak_loop: %d iterations, last probabilities[0] = %f\n", iterations, probs[0]);
  return 0;
}
