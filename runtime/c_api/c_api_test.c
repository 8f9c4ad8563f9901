/* Tests of the C API (onyx_c_api.h), in C: every function, and every error
 * path (NULL handles and arguments, wrong names, dtypes and shapes, buffers
 * too small, a missing input, a bad file, bytes that are not a model, a
 * terminated run). The model is examples/models/small_cnn.onnx converted at
 * build time (onyx_model): image float[batch,3,32,32] -> probabilities
 * float[batch,10]. Expected values: ONNX Runtime on the same input. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/c_api/onyx_c_api.h"
#include "runtime/c_api/small_cnn.h"
#include "runtime/c_api/test_harness.h"

static const char* g_model_path;

#define BATCH 2
#define PIXELS (3 * 32 * 32)
static float g_image[BATCH * PIXELS];
static const int64_t kImageDims[4] = {BATCH, 3, 32, 32};

/* onnxruntime 1.x on examples/models/small_cnn.onnx with g_image (see
 * FillImage): python -c "...; s.run(None, {'image': x})". */
static const float kExpected[BATCH][10] = {
    {0.17192803f, 0.0665042f, 0.087461516f, 0.047469787f, 0.09135616f, 0.051387183f, 0.110360235f, 0.14791805f,
     0.11875137f, 0.10686344f},
    {0.17416409f, 0.0659633f, 0.08812254f, 0.046572722f, 0.09059037f, 0.051153615f, 0.11055306f, 0.14755075f,
     0.11935376f, 0.105975814f},
};

static void FillImage(void) {
  for (int i = 0; i < BATCH * PIXELS; ++i) g_image[i] = (float)((i % 17) - 8) / 8.0f;
}

static OnyxTensor ImageTensor(void) {
  OnyxTensor t;
  t.dtype = ONYX_DTYPE_FLOAT;
  t.dims = kImageDims;
  t.rank = 4;
  t.data = g_image;
  t.byte_size = sizeof(g_image);
  return t;
}

static int Close(const float* got, const float* want, int n) {
  for (int i = 0; i < n; ++i) {
    if (fabsf(got[i] - want[i]) > 1e-5f) {
      fprintf(stderr, "  element %d: got %.9g, want %.9g\n", i, got[i], want[i]);
      return 0;
    }
  }
  return 1;
}

static OnyxEnv* NewEnv(void) {
  OnyxEnv* env = NULL;
  CHECK_OK(OnyxCreateEnv(ONYX_LOGGING_LEVEL_WARNING, &env));
  return env;
}

static OnyxSession* NewSession(OnyxEnv* env) {
  OnyxSession* session = NULL;
  CHECK_OK(OnyxCreateSession(env, g_model_path, NULL, &session));
  return session;
}

static void TestVersionAndStatus(void) {
  CHECK(OnyxGetApiVersion() == ONYX_API_VERSION);
  CHECK(OnyxGetStatusCode(NULL) == ONYX_OK);
  CHECK(strcmp(OnyxGetStatusMessage(NULL), "") == 0);
  OnyxReleaseStatus(NULL);
  OnyxStatus* status = OnyxCreateEnv(ONYX_LOGGING_LEVEL_INFO, NULL);
  CHECK(OnyxGetStatusCode(status) == ONYX_INVALID_ARGUMENT);
  CHECK(strstr(OnyxGetStatusMessage(status), "OnyxCreateEnv: argument 'out' is NULL") != NULL);
  OnyxReleaseStatus(status);
  CHECK(strcmp(OnyxDataTypeName(ONYX_DTYPE_FLOAT), "float") == 0);
  CHECK(strcmp(OnyxDataTypeName(ONYX_DTYPE_INT64), "int64") == 0);
  CHECK(strcmp(OnyxDataTypeName((OnyxDataType)999), "undefined") == 0);
}

static void TestEnv(void) {
  OnyxEnv* env = NULL;
  OnyxLoggingLevel level = ONYX_LOGGING_LEVEL_FATAL;
  CHECK_OK(OnyxCreateEnv(ONYX_LOGGING_LEVEL_ERROR, &env));
  CHECK_OK(OnyxEnvGetLoggingLevel(env, &level));
  CHECK(level == ONYX_LOGGING_LEVEL_ERROR);
  CHECK_ERROR(OnyxEnvGetLoggingLevel(NULL, &level), ONYX_INVALID_ARGUMENT, "'env' is NULL");
  CHECK_ERROR(OnyxEnvGetLoggingLevel(env, NULL), ONYX_INVALID_ARGUMENT, "'out' is NULL");
  OnyxEnv* bad = NULL;
  CHECK_ERROR(OnyxCreateEnv((OnyxLoggingLevel)7, &bad), ONYX_INVALID_ARGUMENT, "logging level 7");
  CHECK(bad == NULL);
  OnyxReleaseEnv(env);
  OnyxReleaseEnv(NULL);
}

static void TestProviders(void) {
  size_t count = 0;
  const char* name = NULL;
  CHECK_OK(OnyxGetAvailableProviderCount(&count));
  CHECK(count >= 1);
  CHECK_OK(OnyxGetAvailableProviderName(count - 1, &name));
  CHECK(name != NULL && strcmp(name, "CPUExecutionProvider") == 0); /* The reference kernels come last. */
  CHECK_ERROR(OnyxGetAvailableProviderCount(NULL), ONYX_INVALID_ARGUMENT, "'out' is NULL");
  CHECK_ERROR(OnyxGetAvailableProviderName(0, NULL), ONYX_INVALID_ARGUMENT, "'out' is NULL");
  CHECK_ERROR(OnyxGetAvailableProviderName(count, &name), ONYX_INVALID_ARGUMENT, "out of range");
}

static void TestSessionOptions(void) {
  OnyxEnv* env = NewEnv();
  OnyxSessionOptions* options = NULL;
  OnyxOptimizationLevel level = ONYX_DISABLE_ALL;
  CHECK_OK(OnyxCreateSessionOptions(&options));
  CHECK_OK(OnyxSessionOptionsGetOptimizationLevel(options, &level));
  CHECK(level == ONYX_ENABLE_ALL);
  CHECK_OK(OnyxSessionOptionsSetOptimizationLevel(options, ONYX_ENABLE_BASIC));
  CHECK_OK(OnyxSessionOptionsGetOptimizationLevel(options, &level));
  CHECK(level == ONYX_ENABLE_BASIC);
  CHECK_ERROR(OnyxSessionOptionsSetOptimizationLevel(options, (OnyxOptimizationLevel)5), ONYX_INVALID_ARGUMENT,
              "unknown optimization level 5");
  CHECK_OK(OnyxSessionOptionsSetIntraOpNumThreads(options, 2));
  CHECK_ERROR(OnyxSessionOptionsSetIntraOpNumThreads(options, -1), ONYX_INVALID_ARGUMENT, "got -1");
  CHECK_OK(OnyxSessionOptionsAppendProvider(options, "CPUExecutionProvider"));
  CHECK_ERROR(OnyxSessionOptionsAppendProvider(options, "CUDAExecutionProviderX"), ONYX_INVALID_ARGUMENT,
              "provider 'CUDAExecutionProviderX' is not available in this build");
  CHECK_OK(OnyxSessionOptionsSetLogSeverityLevel(options, ONYX_LOGGING_LEVEL_ERROR));
  CHECK_ERROR(OnyxSessionOptionsSetLogSeverityLevel(options, (OnyxLoggingLevel)-1), ONYX_INVALID_ARGUMENT,
              "logging level -1");
  /* NULL handles and outputs. */
  CHECK_ERROR(OnyxCreateSessionOptions(NULL), ONYX_INVALID_ARGUMENT, "'out' is NULL");
  CHECK_ERROR(OnyxSessionOptionsSetIntraOpNumThreads(NULL, 1), ONYX_INVALID_ARGUMENT, "'options' is NULL");
  CHECK_ERROR(OnyxSessionOptionsAppendProvider(NULL, "CPUExecutionProvider"), ONYX_INVALID_ARGUMENT,
              "'options' is NULL");
  CHECK_ERROR(OnyxSessionOptionsAppendProvider(options, NULL), ONYX_INVALID_ARGUMENT, "'name' is NULL");
  CHECK_ERROR(OnyxSessionOptionsSetOptimizationLevel(NULL, ONYX_ENABLE_ALL), ONYX_INVALID_ARGUMENT,
              "'options' is NULL");
  CHECK_ERROR(OnyxSessionOptionsGetOptimizationLevel(NULL, &level), ONYX_INVALID_ARGUMENT, "'options' is NULL");
  CHECK_ERROR(OnyxSessionOptionsGetOptimizationLevel(options, NULL), ONYX_INVALID_ARGUMENT, "'out' is NULL");
  CHECK_ERROR(OnyxSessionOptionsSetLogSeverityLevel(NULL, ONYX_LOGGING_LEVEL_ERROR), ONYX_INVALID_ARGUMENT,
              "'options' is NULL");

  /* A session made with the options: the reference provider, two threads. */
  OnyxSession* session = NULL;
  CHECK_OK(OnyxCreateSession(env, g_model_path, options, &session));
  CHECK(session != NULL);
  OnyxReleaseSession(session);
  OnyxReleaseSessionOptions(options);
  OnyxReleaseSessionOptions(NULL);
  OnyxReleaseEnv(env);
}

static int HasProvider(const char* wanted) {
  size_t count = 0;
  CHECK_OK(OnyxGetAvailableProviderCount(&count));
  for (size_t i = 0; i < count; ++i) {
    const char* name = NULL;
    CHECK_OK(OnyxGetAvailableProviderName(i, &name));
    if (strcmp(name, wanted) == 0) return 1;
  }
  return 0;
}

/* A session made with `options` fails with `code` and a message holding `text`. */
static void CheckCreateFails(OnyxEnv* env, OnyxSessionOptions* options, OnyxStatusCode code, const char* text) {
  OnyxSession* session = NULL;
  CHECK_ERROR(OnyxCreateSession(env, g_model_path, options, &session), code, text);
  CHECK(session == NULL);
}

static void TestProviderOptions(void) {
  OnyxEnv* env = NewEnv();
  OnyxSessionOptions* options = NULL;
  const char* threads_key[] = {"intra_op_num_threads"};
  const char* two[] = {"2"};
  const char* bad_value[] = {"two"};
  const char* foo[] = {"foo"};
  const char* null_key[] = {NULL};
  /* A key the provider does not accept: refused when the session is made. */
  CHECK_OK(OnyxCreateSessionOptions(&options));
  CHECK_OK(OnyxSessionOptionsAppendProviderWithOptions(options, "CPUExecutionProvider", foo, two, 1));
  CheckCreateFails(env, options, ONYX_INVALID_ARGUMENT,
                   "provider 'CPUExecutionProvider' has no option 'foo' (its options: none)");
  OnyxReleaseSessionOptions(options);
  /* Bad arguments: refused at once. */
  CHECK_OK(OnyxCreateSessionOptions(&options));
  CHECK_ERROR(OnyxSessionOptionsAppendProviderWithOptions(options, "NoSuchProvider", NULL, NULL, 0),
              ONYX_INVALID_ARGUMENT, "provider 'NoSuchProvider' is not available in this build");
  CHECK_ERROR(OnyxSessionOptionsAppendProviderWithOptions(NULL, "CPUExecutionProvider", NULL, NULL, 0),
              ONYX_INVALID_ARGUMENT, "'options' is NULL");
  CHECK_ERROR(OnyxSessionOptionsAppendProviderWithOptions(options, NULL, NULL, NULL, 0), ONYX_INVALID_ARGUMENT,
              "'name' is NULL");
  CHECK_ERROR(OnyxSessionOptionsAppendProviderWithOptions(options, "CPUExecutionProvider", NULL, two, 1),
              ONYX_INVALID_ARGUMENT, "'keys' is NULL");
  CHECK_ERROR(OnyxSessionOptionsAppendProviderWithOptions(options, "CPUExecutionProvider", threads_key, NULL, 1),
              ONYX_INVALID_ARGUMENT, "'values' is NULL");
  CHECK_ERROR(OnyxSessionOptionsAppendProviderWithOptions(options, "CPUExecutionProvider", null_key, two, 1),
              ONYX_INVALID_ARGUMENT, "option #0 has a NULL key or value");
  /* No options at all is the same as OnyxSessionOptionsAppendProvider. */
  CHECK_OK(OnyxSessionOptionsAppendProviderWithOptions(options, "CPUExecutionProvider", NULL, NULL, 0));
  OnyxSession* session = NULL;
  CHECK_OK(OnyxCreateSession(env, g_model_path, options, &session));
  OnyxReleaseSession(session);
  OnyxReleaseSessionOptions(options);

  if (HasProvider("XnnpackExecutionProvider")) {
    /* XNNPACK's intra_op_num_threads sizes the session's pool. */
    CHECK_OK(OnyxCreateSessionOptions(&options));
    CHECK_OK(OnyxSessionOptionsAppendProviderWithOptions(options, "XnnpackExecutionProvider", threads_key, two, 1));
    session = NULL;
    CHECK_OK(OnyxCreateSession(env, g_model_path, options, &session));
    OnyxReleaseSession(session);
    /* ... and must agree with the session's own thread count. */
    CHECK_OK(OnyxSessionOptionsSetIntraOpNumThreads(options, 3));
    CheckCreateFails(env, options, ONYX_INVALID_ARGUMENT, "one pool serves every provider");
    OnyxReleaseSessionOptions(options);
    /* A value that is not a number fails when the session is made. */
    CHECK_OK(OnyxCreateSessionOptions(&options));
    CHECK_OK(OnyxSessionOptionsAppendProviderWithOptions(options, "XnnpackExecutionProvider", threads_key, bad_value,
                                                         1));
    CheckCreateFails(env, options, ONYX_INVALID_ARGUMENT, "must be a number of threads, 0 or more (got 'two')");
    OnyxReleaseSessionOptions(options);
  }
  OnyxReleaseEnv(env);
}

static void TestCreateSessionErrors(void) {
  OnyxEnv* env = NewEnv();
  OnyxSession* session = NULL;
  CHECK_ERROR(OnyxCreateSession(NULL, g_model_path, NULL, &session), ONYX_INVALID_ARGUMENT, "'env' is NULL");
  CHECK_ERROR(OnyxCreateSession(env, NULL, NULL, &session), ONYX_INVALID_ARGUMENT, "'path' is NULL");
  CHECK_ERROR(OnyxCreateSession(env, g_model_path, NULL, NULL), ONYX_INVALID_ARGUMENT, "'out' is NULL");
  CHECK_ERROR(OnyxCreateSession(env, "/nonexistent/model.onyx", NULL, &session), ONYX_NOT_FOUND,
              "/nonexistent/model.onyx");
  CHECK(session == NULL);
  static const char kNotAModel[] = "this is not an .onyx file, just some text that is long enough";
  CHECK_ERROR(OnyxCreateSessionFromBuffer(env, kNotAModel, sizeof(kNotAModel), NULL, &session),
              ONYX_INVALID_MODEL, "");
  CHECK_ERROR(OnyxCreateSessionFromBuffer(env, kNotAModel, 3, NULL, &session), ONYX_INVALID_MODEL, "");
  CHECK(session == NULL);
  CHECK_ERROR(OnyxCreateSessionFromBuffer(NULL, small_cnn_onyx, small_cnn_onyx_len, NULL, &session),
              ONYX_INVALID_ARGUMENT, "'env' is NULL");
  CHECK_ERROR(OnyxCreateSessionFromBuffer(env, NULL, 10, NULL, &session), ONYX_INVALID_ARGUMENT, "'data' is NULL");
  CHECK_ERROR(OnyxCreateSessionFromBuffer(env, small_cnn_onyx, small_cnn_onyx_len, NULL, NULL),
              ONYX_INVALID_ARGUMENT, "'out' is NULL");
  OnyxReleaseSession(NULL);
  OnyxReleaseEnv(env);
}

static void TestDescribe(void) {
  OnyxEnv* env = NewEnv();
  OnyxSession* session = NewSession(env);
  if (session == NULL) return;
  size_t count = 99, rank = 99;
  int has_shape = 0;
  const char* name = NULL;
  OnyxDataType dtype = ONYX_DTYPE_UNDEFINED;
  int64_t dims[4] = {0, 0, 0, 0};

  CHECK_OK(OnyxSessionGetInputCount(session, &count));
  CHECK(count == 1);
  CHECK_OK(OnyxSessionGetOutputCount(session, &count));
  CHECK(count == 1);
  CHECK_OK(OnyxSessionGetInputName(session, 0, &name));
  CHECK(strcmp(name, "image") == 0);
  CHECK_OK(OnyxSessionGetOutputName(session, 0, &name));
  CHECK(strcmp(name, "probabilities") == 0);
  CHECK_OK(OnyxSessionGetInputType(session, 0, &dtype));
  CHECK(dtype == ONYX_DTYPE_FLOAT);
  CHECK_OK(OnyxSessionGetOutputType(session, 0, &dtype));
  CHECK(dtype == ONYX_DTYPE_FLOAT);
  CHECK_OK(OnyxSessionGetInputShape(session, 0, dims, 4, &rank, &has_shape));
  CHECK(rank == 4 && has_shape == 1);
  CHECK(dims[0] == -1 && dims[1] == 3 && dims[2] == 32 && dims[3] == 32);
  CHECK_OK(OnyxSessionGetInputShape(session, 0, NULL, 0, &rank, NULL)); /* Rank only. */
  CHECK(rank == 4);
  dims[1] = 0;
  CHECK_OK(OnyxSessionGetInputShape(session, 0, dims, 1, &rank, NULL)); /* Truncated to the capacity. */
  CHECK(rank == 4 && dims[0] == -1 && dims[1] == 0);
  CHECK_OK(OnyxSessionGetOutputShape(session, 0, dims, 4, &rank, &has_shape));
  CHECK(rank == 2 && has_shape == 1 && dims[0] == -1 && dims[1] == 10);
  CHECK_OK(OnyxSessionGetInputDimParam(session, 0, 0, &name));
  CHECK(strcmp(name, "batch") == 0);
  CHECK_OK(OnyxSessionGetInputDimParam(session, 0, 1, &name));
  CHECK(strcmp(name, "") == 0);
  CHECK_OK(OnyxSessionGetOutputDimParam(session, 0, 0, &name));
  CHECK(strcmp(name, "batch") == 0);

  /* Errors: NULL handle, NULL out, index and axis out of range. */
  CHECK_ERROR(OnyxSessionGetInputCount(NULL, &count), ONYX_INVALID_ARGUMENT, "'session' is NULL");
  CHECK_ERROR(OnyxSessionGetInputCount(session, NULL), ONYX_INVALID_ARGUMENT, "'out' is NULL");
  CHECK_ERROR(OnyxSessionGetOutputCount(NULL, &count), ONYX_INVALID_ARGUMENT, "'session' is NULL");
  CHECK_ERROR(OnyxSessionGetOutputCount(session, NULL), ONYX_INVALID_ARGUMENT, "'out' is NULL");
  CHECK_ERROR(OnyxSessionGetInputName(NULL, 0, &name), ONYX_INVALID_ARGUMENT, "'session' is NULL");
  CHECK_ERROR(OnyxSessionGetInputName(session, 0, NULL), ONYX_INVALID_ARGUMENT, "'out' is NULL");
  CHECK_ERROR(OnyxSessionGetInputName(session, 1, &name), ONYX_INVALID_ARGUMENT,
              "input index 1 is out of range (the model has 1 input)");
  CHECK_ERROR(OnyxSessionGetOutputName(NULL, 0, &name), ONYX_INVALID_ARGUMENT, "'session' is NULL");
  CHECK_ERROR(OnyxSessionGetOutputName(session, 5, &name), ONYX_INVALID_ARGUMENT, "output index 5 is out of range");
  CHECK_ERROR(OnyxSessionGetInputType(NULL, 0, &dtype), ONYX_INVALID_ARGUMENT, "'session' is NULL");
  CHECK_ERROR(OnyxSessionGetInputType(session, 0, NULL), ONYX_INVALID_ARGUMENT, "'out' is NULL");
  CHECK_ERROR(OnyxSessionGetInputType(session, 1, &dtype), ONYX_INVALID_ARGUMENT, "out of range");
  CHECK_ERROR(OnyxSessionGetOutputType(NULL, 0, &dtype), ONYX_INVALID_ARGUMENT, "'session' is NULL");
  CHECK_ERROR(OnyxSessionGetOutputType(session, 1, &dtype), ONYX_INVALID_ARGUMENT, "out of range");
  CHECK_ERROR(OnyxSessionGetInputShape(NULL, 0, dims, 4, &rank, NULL), ONYX_INVALID_ARGUMENT, "'session' is NULL");
  CHECK_ERROR(OnyxSessionGetInputShape(session, 0, dims, 4, NULL, NULL), ONYX_INVALID_ARGUMENT, "'rank' is NULL");
  CHECK_ERROR(OnyxSessionGetInputShape(session, 0, NULL, 4, &rank, NULL), ONYX_INVALID_ARGUMENT, "'dims' is NULL");
  CHECK_ERROR(OnyxSessionGetInputShape(session, 3, dims, 4, &rank, NULL), ONYX_INVALID_ARGUMENT, "out of range");
  CHECK_ERROR(OnyxSessionGetOutputShape(NULL, 0, dims, 4, &rank, NULL), ONYX_INVALID_ARGUMENT, "'session' is NULL");
  CHECK_ERROR(OnyxSessionGetOutputShape(session, 1, dims, 4, &rank, NULL), ONYX_INVALID_ARGUMENT, "out of range");
  CHECK_ERROR(OnyxSessionGetInputDimParam(NULL, 0, 0, &name), ONYX_INVALID_ARGUMENT, "'session' is NULL");
  CHECK_ERROR(OnyxSessionGetInputDimParam(session, 0, 0, NULL), ONYX_INVALID_ARGUMENT, "'out' is NULL");
  CHECK_ERROR(OnyxSessionGetInputDimParam(session, 0, 4, &name), ONYX_INVALID_ARGUMENT,
              "axis 4 is out of range for input 'image' of rank 4");
  CHECK_ERROR(OnyxSessionGetInputDimParam(session, 1, 0, &name), ONYX_INVALID_ARGUMENT, "out of range");
  CHECK_ERROR(OnyxSessionGetOutputDimParam(NULL, 0, 0, &name), ONYX_INVALID_ARGUMENT, "'session' is NULL");
  CHECK_ERROR(OnyxSessionGetOutputDimParam(session, 0, 2, &name), ONYX_INVALID_ARGUMENT,
              "axis 2 is out of range for output 'probabilities'");
  OnyxReleaseSession(session);
  OnyxReleaseEnv(env);
}

static void TestMetadata(void) {
  OnyxEnv* env = NewEnv();
  OnyxSession* session = NewSession(env);
  if (session == NULL) return;
  const char* value = NULL;
  int64_t version = -1;
  size_t count = 99;
  CHECK_OK(OnyxSessionGetMetadata(session, ONYX_METADATA_PRODUCER_NAME, &value));
  CHECK(strcmp(value, "onyx-examples") == 0);
  CHECK_OK(OnyxSessionGetMetadata(session, ONYX_METADATA_GRAPH_NAME, &value));
  CHECK(strcmp(value, "small_cnn") == 0);
  CHECK_OK(OnyxSessionGetMetadata(session, ONYX_METADATA_PRODUCER_VERSION, &value));
  CHECK(strcmp(value, "") == 0);
  CHECK_OK(OnyxSessionGetMetadata(session, ONYX_METADATA_GRAPH_DESCRIPTION, &value));
  CHECK(strcmp(value, "") == 0);
  CHECK_OK(OnyxSessionGetMetadata(session, ONYX_METADATA_DOMAIN, &value));
  CHECK(strcmp(value, "") == 0);
  CHECK_OK(OnyxSessionGetMetadata(session, ONYX_METADATA_DESCRIPTION, &value));
  CHECK(strcmp(value, "") == 0);
  CHECK_OK(OnyxSessionGetModelVersion(session, &version));
  CHECK(version == 0);
  CHECK_OK(OnyxSessionGetCustomMetadataCount(session, &count));
  CHECK(count == 0);
  value = "x";
  CHECK_OK(OnyxSessionLookupCustomMetadata(session, "author", &value));
  CHECK(value == NULL);
  CHECK_ERROR(OnyxSessionGetCustomMetadataKey(session, 0, &value), ONYX_INVALID_ARGUMENT,
              "custom metadata index 0 is out of range");
  CHECK_ERROR(OnyxSessionGetMetadata(session, (OnyxMetadataField)6, &value), ONYX_INVALID_ARGUMENT,
              "unknown metadata field 6");
  CHECK_ERROR(OnyxSessionGetMetadata(NULL, ONYX_METADATA_DOMAIN, &value), ONYX_INVALID_ARGUMENT, "'session' is NULL");
  CHECK_ERROR(OnyxSessionGetMetadata(session, ONYX_METADATA_DOMAIN, NULL), ONYX_INVALID_ARGUMENT, "'out' is NULL");
  CHECK_ERROR(OnyxSessionGetModelVersion(NULL, &version), ONYX_INVALID_ARGUMENT, "'session' is NULL");
  CHECK_ERROR(OnyxSessionGetModelVersion(session, NULL), ONYX_INVALID_ARGUMENT, "'out' is NULL");
  CHECK_ERROR(OnyxSessionGetCustomMetadataCount(NULL, &count), ONYX_INVALID_ARGUMENT, "'session' is NULL");
  CHECK_ERROR(OnyxSessionGetCustomMetadataCount(session, NULL), ONYX_INVALID_ARGUMENT, "'out' is NULL");
  CHECK_ERROR(OnyxSessionGetCustomMetadataKey(NULL, 0, &value), ONYX_INVALID_ARGUMENT, "'session' is NULL");
  CHECK_ERROR(OnyxSessionGetCustomMetadataKey(session, 0, NULL), ONYX_INVALID_ARGUMENT, "'out' is NULL");
  CHECK_ERROR(OnyxSessionLookupCustomMetadata(NULL, "k", &value), ONYX_INVALID_ARGUMENT, "'session' is NULL");
  CHECK_ERROR(OnyxSessionLookupCustomMetadata(session, NULL, &value), ONYX_INVALID_ARGUMENT, "'key' is NULL");
  CHECK_ERROR(OnyxSessionLookupCustomMetadata(session, "k", NULL), ONYX_INVALID_ARGUMENT, "'out' is NULL");
  OnyxReleaseSession(session);
  OnyxReleaseEnv(env);
}

static void TestRun(void) {
  OnyxEnv* env = NewEnv();
  OnyxSession* session = NewSession(env);
  if (session == NULL) return;
  const char* input_names[1] = {"image"};
  const char* output_names[1] = {"probabilities"};
  OnyxTensor image = ImageTensor();
  float probs[BATCH * 10];
  int64_t dims[4] = {0, 0, 0, 0};
  OnyxOutputBuffer out;
  memset(&out, 0, sizeof(out));
  out.data = probs;
  out.byte_size = sizeof(probs);
  out.dims = dims;
  out.dims_capacity = 4;
  CHECK_OK(OnyxRun(session, NULL, input_names, &image, 1, output_names, &out, 1));
  CHECK(out.dtype == ONYX_DTYPE_FLOAT && out.rank == 2 && dims[0] == BATCH && dims[1] == 10);
  CHECK(out.bytes_written == sizeof(probs));
  CHECK(Close(probs, &kExpected[0][0], BATCH * 10));

  /* All outputs (NULL names), no shape wanted. */
  memset(probs, 0, sizeof(probs));
  OnyxOutputBuffer all;
  memset(&all, 0, sizeof(all));
  all.data = probs;
  all.byte_size = sizeof(probs);
  CHECK_OK(OnyxRun(session, NULL, input_names, &image, 1, NULL, &all, 1));
  CHECK(all.rank == 2 && Close(probs, &kExpected[0][0], BATCH * 10));

  /* The same model from the embedded bytes, with run options. */
  OnyxSession* embedded = NULL;
  OnyxRunOptions* run_options = NULL;
  CHECK_OK(OnyxCreateRunOptions(&run_options));
  CHECK_OK(OnyxCreateSessionFromBuffer(env, small_cnn_onyx, small_cnn_onyx_len, NULL, &embedded));
  memset(probs, 0, sizeof(probs));
  if (embedded != NULL) {
    CHECK_OK(OnyxRun(embedded, run_options, input_names, &image, 1, output_names, &out, 1));
    CHECK(Close(probs, &kExpected[0][0], BATCH * 10));
  }
  OnyxReleaseSession(embedded);
  OnyxReleaseRunOptions(run_options);

  /* The embedded bytes used in place (64-byte aligned by onyx_model). */
  OnyxSession* borrowed = NULL;
  CHECK_OK(OnyxCreateSessionFromBorrowedBuffer(env, small_cnn_onyx, small_cnn_onyx_len, NULL, &borrowed));
  memset(probs, 0, sizeof(probs));
  if (borrowed != NULL) {
    CHECK_OK(OnyxRun(borrowed, NULL, input_names, &image, 1, output_names, &out, 1));
    CHECK(Close(probs, &kExpected[0][0], BATCH * 10));
  }
  OnyxReleaseSession(borrowed);
  CHECK_ERROR(OnyxCreateSessionFromBorrowedBuffer(env, small_cnn_onyx + 1, small_cnn_onyx_len - 1, NULL, &borrowed),
              ONYX_INVALID_ARGUMENT, "aligned");
  CHECK_ERROR(OnyxCreateSessionFromBorrowedBuffer(env, NULL, 10, NULL, &borrowed), ONYX_INVALID_ARGUMENT,
              "'data' is NULL");

  /* Buffer too small for the output: the message names it and the size. */
  OnyxOutputBuffer small = out;
  small.byte_size = 10 * sizeof(float);
  CHECK_ERROR(OnyxRun(session, NULL, input_names, &image, 1, output_names, &small, 1), ONYX_INVALID_ARGUMENT,
              "buffer too small for output 'probabilities' (needs 80 bytes");
  CHECK(small.bytes_written == sizeof(probs));
  OnyxOutputBuffer no_data = out;
  no_data.data = NULL;
  CHECK_ERROR(OnyxRun(session, NULL, input_names, &image, 1, output_names, &no_data, 1), ONYX_INVALID_ARGUMENT,
              "outputs[0].data is NULL");
  OnyxOutputBuffer no_dims = out;
  no_dims.dims = NULL;
  CHECK_ERROR(OnyxRun(session, NULL, input_names, &image, 1, output_names, &no_dims, 1), ONYX_INVALID_ARGUMENT,
              "outputs[0].dims is NULL");

  /* Wrong names, dtype, shape, sizes; a missing input. */
  const char* wrong_input[1] = {"picture"};
  CHECK_ERROR(OnyxRun(session, NULL, wrong_input, &image, 1, output_names, &out, 1), ONYX_INVALID_ARGUMENT,
              "invalid input name 'picture' (model inputs: ");
  const char* wrong_output[1] = {"logits"};
  CHECK_ERROR(OnyxRun(session, NULL, input_names, &image, 1, wrong_output, &out, 1), ONYX_INVALID_ARGUMENT,
              "invalid output name 'logits'");
  OnyxTensor as_int = image;
  as_int.dtype = ONYX_DTYPE_INT32;
  CHECK_ERROR(OnyxRun(session, NULL, input_names, &as_int, 1, output_names, &out, 1), ONYX_INVALID_ARGUMENT,
              "input 'image' has the wrong data type (expected tensor(float), got tensor(int32))");
  static const int64_t kWrongChannels[4] = {BATCH, 4, 32, 32};
  OnyxTensor wrong_shape = image;
  wrong_shape.dims = kWrongChannels;
  wrong_shape.byte_size = sizeof(float) * BATCH * 4 * 32 * 32; /* Claims enough; checked before use. */
  CHECK_ERROR(OnyxRun(session, NULL, input_names, &wrong_shape, 1, output_names, &out, 1), ONYX_INVALID_ARGUMENT,
              "input 'image' has the wrong shape: dimension 1 is 4");
  OnyxTensor wrong_rank = image;
  wrong_rank.rank = 3;
  CHECK_ERROR(OnyxRun(session, NULL, input_names, &wrong_rank, 1, output_names, &out, 1), ONYX_INVALID_ARGUMENT,
              "input 'image' has the wrong rank");
  OnyxTensor short_input = image;
  short_input.byte_size = sizeof(g_image) - 1;
  CHECK_ERROR(OnyxRun(session, NULL, input_names, &short_input, 1, output_names, &out, 1), ONYX_INVALID_ARGUMENT,
              "input 'image' buffer of 24575 bytes is too small for float[2,3,32,32] (needs 24576 bytes)");
  OnyxTensor no_input_data = image;
  no_input_data.data = NULL;
  CHECK_ERROR(OnyxRun(session, NULL, input_names, &no_input_data, 1, output_names, &out, 1), ONYX_INVALID_ARGUMENT,
              "input 'image' has no data");
  OnyxTensor no_input_dims = image;
  no_input_dims.dims = NULL;
  CHECK_ERROR(OnyxRun(session, NULL, input_names, &no_input_dims, 1, output_names, &out, 1), ONYX_INVALID_ARGUMENT,
              "has rank 4 but dims is NULL");
  static const int64_t kNegative[4] = {-1, 3, 32, 32};
  OnyxTensor negative = image;
  negative.dims = kNegative;
  CHECK_ERROR(OnyxRun(session, NULL, input_names, &negative, 1, output_names, &out, 1), ONYX_INVALID_ARGUMENT,
              "negative extent -1 at axis 0");
  OnyxTensor bad_dtype = image;
  bad_dtype.dtype = (OnyxDataType)77;
  CHECK_ERROR(OnyxRun(session, NULL, input_names, &bad_dtype, 1, output_names, &out, 1), ONYX_INVALID_ARGUMENT,
              "unknown dtype 77");
  OnyxTensor as_string = image;
  as_string.dtype = ONYX_DTYPE_STRING;
  CHECK_ERROR(OnyxRun(session, NULL, input_names, &as_string, 1, output_names, &out, 1), ONYX_UNSUPPORTED,
              "string tensor");
  CHECK_ERROR(OnyxRun(session, NULL, NULL, NULL, 0, output_names, &out, 1), ONYX_INVALID_ARGUMENT,
              "missing input 'image'");
  const char* twice_names[2] = {"image", "image"};
  OnyxTensor twice[2] = {image, image};
  CHECK_ERROR(OnyxRun(session, NULL, twice_names, twice, 2, output_names, &out, 1), ONYX_INVALID_ARGUMENT,
              "input 'image' is fed twice");
  CHECK_ERROR(OnyxRun(session, NULL, input_names, &image, 1, NULL, &out, 2), ONYX_INVALID_ARGUMENT,
              "output_names is NULL, which asks for all 1 outputs, but num_outputs is 2");
  const char* null_name[1] = {NULL};
  CHECK_ERROR(OnyxRun(session, NULL, null_name, &image, 1, output_names, &out, 1), ONYX_INVALID_ARGUMENT,
              "input_names[0] is NULL");
  CHECK_ERROR(OnyxRun(session, NULL, input_names, &image, 1, null_name, &out, 1), ONYX_INVALID_ARGUMENT,
              "output_names[0] is NULL");
  CHECK_ERROR(OnyxRun(NULL, NULL, input_names, &image, 1, output_names, &out, 1), ONYX_INVALID_ARGUMENT,
              "'session' is NULL");
  CHECK_ERROR(OnyxRun(session, NULL, NULL, &image, 1, output_names, &out, 1), ONYX_INVALID_ARGUMENT,
              "'input_names' is NULL");
  CHECK_ERROR(OnyxRun(session, NULL, input_names, NULL, 1, output_names, &out, 1), ONYX_INVALID_ARGUMENT,
              "'inputs' is NULL");
  CHECK_ERROR(OnyxRun(session, NULL, input_names, &image, 1, output_names, NULL, 1), ONYX_INVALID_ARGUMENT,
              "'outputs' is NULL");
  /* The session still runs after all that. */
  memset(probs, 0, sizeof(probs));
  CHECK_OK(OnyxRun(session, NULL, input_names, &image, 1, output_names, &out, 1));
  CHECK(Close(probs, &kExpected[0][0], BATCH * 10));
  OnyxReleaseSession(session);
  OnyxReleaseEnv(env);
}

static void TestRunAllocated(void) {
  OnyxEnv* env = NewEnv();
  OnyxSession* session = NewSession(env);
  if (session == NULL) return;
  const char* input_names[1] = {"image"};
  const char* output_names[1] = {"probabilities"};
  OnyxTensor image = ImageTensor();
  OnyxValue* value = NULL;
  CHECK_OK(OnyxRunAllocated(session, NULL, input_names, &image, 1, output_names, 1, &value));
  CHECK(value != NULL);
  if (value != NULL) {
    OnyxDataType dtype = ONYX_DTYPE_UNDEFINED;
    int64_t dims[2] = {0, 0};
    size_t rank = 0, size = 0;
    const void* data = NULL;
    CHECK_OK(OnyxValueGetDataType(value, &dtype));
    CHECK(dtype == ONYX_DTYPE_FLOAT);
    CHECK_OK(OnyxValueGetShape(value, dims, 2, &rank));
    CHECK(rank == 2 && dims[0] == BATCH && dims[1] == 10);
    CHECK_OK(OnyxValueGetData(value, &data, &size));
    CHECK(size == BATCH * 10 * sizeof(float));
    CHECK(((uintptr_t)data % 64) == 0);
    CHECK(Close((const float*)data, &kExpected[0][0], BATCH * 10));
    CHECK_ERROR(OnyxValueGetDataType(NULL, &dtype), ONYX_INVALID_ARGUMENT, "'value' is NULL");
    CHECK_ERROR(OnyxValueGetDataType(value, NULL), ONYX_INVALID_ARGUMENT, "'out' is NULL");
    CHECK_ERROR(OnyxValueGetShape(NULL, dims, 2, &rank), ONYX_INVALID_ARGUMENT, "'value' is NULL");
    CHECK_ERROR(OnyxValueGetShape(value, NULL, 2, &rank), ONYX_INVALID_ARGUMENT, "'dims' is NULL");
    CHECK_ERROR(OnyxValueGetShape(value, dims, 2, NULL), ONYX_INVALID_ARGUMENT, "'rank' is NULL");
    CHECK_ERROR(OnyxValueGetData(NULL, &data, &size), ONYX_INVALID_ARGUMENT, "'value' is NULL");
    CHECK_ERROR(OnyxValueGetData(value, NULL, &size), ONYX_INVALID_ARGUMENT, "'data' is NULL");
    CHECK_ERROR(OnyxValueGetData(value, &data, NULL), ONYX_INVALID_ARGUMENT, "'byte_size' is NULL");
  }
  OnyxReleaseValue(value);
  OnyxReleaseValue(NULL);
  /* Errors leave outputs unset. */
  value = NULL;
  const char* wrong_output[1] = {"logits"};
  CHECK_ERROR(OnyxRunAllocated(session, NULL, input_names, &image, 1, wrong_output, 1, &value),
              ONYX_INVALID_ARGUMENT, "invalid output name 'logits'");
  CHECK(value == NULL);
  CHECK_ERROR(OnyxRunAllocated(NULL, NULL, input_names, &image, 1, output_names, 1, &value), ONYX_INVALID_ARGUMENT,
              "'session' is NULL");
  CHECK_ERROR(OnyxRunAllocated(session, NULL, input_names, &image, 1, output_names, 1, NULL), ONYX_INVALID_ARGUMENT,
              "'outputs' is NULL");
  CHECK_ERROR(OnyxRunAllocated(session, NULL, NULL, NULL, 0, output_names, 1, &value), ONYX_INVALID_ARGUMENT,
              "missing input 'image'");
  CHECK(value == NULL);
  OnyxReleaseSession(session);
  OnyxReleaseEnv(env);
}

static void TestTerminate(void) {
  OnyxEnv* env = NewEnv();
  OnyxSession* session = NewSession(env);
  if (session == NULL) return;
  const char* input_names[1] = {"image"};
  OnyxTensor image = ImageTensor();
  OnyxRunOptions* run_options = NULL;
  OnyxValue* value = NULL;
  CHECK_OK(OnyxCreateRunOptions(&run_options));
  CHECK_OK(OnyxRunOptionsSetTerminate(run_options, 1));
  CHECK_ERROR(OnyxRunAllocated(session, run_options, input_names, &image, 1, NULL, 1, &value), ONYX_CANCELLED,
              "RunOptions.terminate");
  CHECK(value == NULL);
  CHECK_OK(OnyxRunOptionsSetTerminate(run_options, 0));
  CHECK_OK(OnyxRunAllocated(session, run_options, input_names, &image, 1, NULL, 1, &value));
  CHECK(value != NULL);
  OnyxReleaseValue(value);
  CHECK_ERROR(OnyxCreateRunOptions(NULL), ONYX_INVALID_ARGUMENT, "'out' is NULL");
  CHECK_ERROR(OnyxRunOptionsSetTerminate(NULL, 1), ONYX_INVALID_ARGUMENT, "'options' is NULL");
  OnyxReleaseRunOptions(run_options);
  OnyxReleaseRunOptions(NULL);
  OnyxReleaseSession(session);
  OnyxReleaseEnv(env);
}

static void TestIoBinding(void) {
  OnyxEnv* env = NewEnv();
  OnyxSession* session = NewSession(env);
  OnyxSession* other = NewSession(env);
  if (session == NULL || other == NULL) return;
  OnyxIoBinding* binding = NULL;
  CHECK_OK(OnyxCreateIoBinding(session, &binding));
  OnyxTensor image = ImageTensor();
  float probs[BATCH * 10];
  static const int64_t kProbDims[2] = {BATCH, 10};
  OnyxTensor out;
  out.dtype = ONYX_DTYPE_FLOAT;
  out.dims = kProbDims;
  out.rank = 2;
  out.data = probs;
  out.byte_size = sizeof(probs);
  CHECK_OK(OnyxIoBindingBindInput(binding, "image", &image));
  CHECK_OK(OnyxIoBindingBindOutput(binding, "probabilities", &out));
  for (int run = 0; run < 3; ++run) { /* Runs again on the same buffers. */
    memset(probs, 0, sizeof(probs));
    CHECK_OK(OnyxRunWithBinding(session, NULL, binding));
    CHECK(Close(probs, &kExpected[0][0], BATCH * 10));
  }
  /* Rebinding replaces: a batch of one (the first image). */
  static const int64_t kOneImage[4] = {1, 3, 32, 32};
  static const int64_t kOneProb[2] = {1, 10};
  OnyxTensor one = image;
  one.dims = kOneImage;
  OnyxTensor one_out = out;
  one_out.dims = kOneProb;
  CHECK_OK(OnyxIoBindingBindInput(binding, "image", &one));
  CHECK_OK(OnyxIoBindingBindOutput(binding, "probabilities", &one_out));
  memset(probs, 0, sizeof(probs));
  CHECK_OK(OnyxRunWithBinding(session, NULL, binding));
  CHECK(Close(probs, &kExpected[0][0], 10));
  CHECK(probs[10] == 0.0f);

  /* Terminate. */
  OnyxRunOptions* run_options = NULL;
  CHECK_OK(OnyxCreateRunOptions(&run_options));
  CHECK_OK(OnyxRunOptionsSetTerminate(run_options, 1));
  CHECK_ERROR(OnyxRunWithBinding(session, run_options, binding), ONYX_CANCELLED, "RunOptions.terminate");
  OnyxReleaseRunOptions(run_options);

  /* An output bound with the wrong shape or dtype, checked at run. */
  OnyxTensor wrong = out; /* [2,10] while the input is [1,...]. */
  CHECK_OK(OnyxIoBindingBindOutput(binding, "probabilities", &wrong));
  CHECK_ERROR(OnyxRunWithBinding(session, NULL, binding), ONYX_INVALID_ARGUMENT,
              "output 'probabilities' is bound to a buffer of shape [2,10]");
  OnyxTensor wrong_dtype = one_out;
  wrong_dtype.dtype = ONYX_DTYPE_INT32;
  CHECK_OK(OnyxIoBindingBindOutput(binding, "probabilities", &wrong_dtype));
  CHECK_ERROR(OnyxRunWithBinding(session, NULL, binding), ONYX_INVALID_ARGUMENT,
              "output 'probabilities' is bound to a tensor(int32)");
  /* Device memory needs a session with a node on a device (this one runs
   * on the CPU): refused before anything runs, and the binding still works
   * once the name is bound to host memory again. */
  CHECK_OK(OnyxIoBindingBindOutput(binding, "probabilities", &one_out));
  CHECK_OK(OnyxIoBindingBindDeviceInput(binding, "image", &one));
  CHECK_ERROR(OnyxRunWithBinding(session, NULL, binding), ONYX_INVALID_ARGUMENT,
              "no node of this session runs on a device");
  CHECK_OK(OnyxIoBindingBindInput(binding, "image", &one));
  CHECK_OK(OnyxIoBindingBindDeviceOutput(binding, "probabilities", &one_out));
  CHECK_ERROR(OnyxRunWithBinding(session, NULL, binding), ONYX_INVALID_ARGUMENT,
              "no node of this session runs on a device");
  CHECK_ERROR(OnyxIoBindingBindDeviceInput(binding, "picture", &image), ONYX_INVALID_ARGUMENT,
              "OnyxIoBindingBindDeviceInput: invalid input name 'picture'");
  CHECK_OK(OnyxIoBindingBindOutput(binding, "probabilities", &one_out));
  CHECK_OK(OnyxRunWithBinding(session, NULL, binding));
  /* Names are checked when bound; sizes too. */
  CHECK_ERROR(OnyxIoBindingBindInput(binding, "picture", &image), ONYX_INVALID_ARGUMENT,
              "invalid input name 'picture' (model inputs: 'image')");
  CHECK_ERROR(OnyxIoBindingBindOutput(binding, "logits", &out), ONYX_INVALID_ARGUMENT,
              "invalid output name 'logits' (model outputs: 'probabilities')");
  OnyxTensor too_small = out;
  too_small.byte_size = 4;
  CHECK_ERROR(OnyxIoBindingBindOutput(binding, "probabilities", &too_small), ONYX_INVALID_ARGUMENT,
              "output 'probabilities' buffer of 4 bytes is too small for float[2,10] (needs 80 bytes)");
  /* Cleared: the input is missing. */
  CHECK_OK(OnyxIoBindingClear(binding));
  CHECK_ERROR(OnyxRunWithBinding(session, NULL, binding), ONYX_INVALID_ARGUMENT, "missing input 'image'");
  /* Another session's binding. */
  CHECK_ERROR(OnyxRunWithBinding(other, NULL, binding), ONYX_INVALID_ARGUMENT, "created for another session");
  /* NULLs. */
  OnyxIoBinding* none = NULL;
  CHECK_ERROR(OnyxCreateIoBinding(NULL, &none), ONYX_INVALID_ARGUMENT, "'session' is NULL");
  CHECK_ERROR(OnyxCreateIoBinding(session, NULL), ONYX_INVALID_ARGUMENT, "'out' is NULL");
  CHECK_ERROR(OnyxIoBindingBindInput(NULL, "image", &image), ONYX_INVALID_ARGUMENT, "'binding' is NULL");
  CHECK_ERROR(OnyxIoBindingBindInput(binding, NULL, &image), ONYX_INVALID_ARGUMENT, "'name' is NULL");
  CHECK_ERROR(OnyxIoBindingBindInput(binding, "image", NULL), ONYX_INVALID_ARGUMENT, "'tensor' is NULL");
  CHECK_ERROR(OnyxIoBindingBindOutput(NULL, "probabilities", &out), ONYX_INVALID_ARGUMENT, "'binding' is NULL");
  CHECK_ERROR(OnyxIoBindingBindOutput(binding, NULL, &out), ONYX_INVALID_ARGUMENT, "'name' is NULL");
  CHECK_ERROR(OnyxIoBindingBindOutput(binding, "probabilities", NULL), ONYX_INVALID_ARGUMENT, "'tensor' is NULL");
  CHECK_ERROR(OnyxIoBindingClear(NULL), ONYX_INVALID_ARGUMENT, "'binding' is NULL");
  CHECK_ERROR(OnyxRunWithBinding(NULL, NULL, binding), ONYX_INVALID_ARGUMENT, "'session' is NULL");
  CHECK_ERROR(OnyxRunWithBinding(session, NULL, NULL), ONYX_INVALID_ARGUMENT, "'binding' is NULL");
  OnyxReleaseIoBinding(binding);
  OnyxReleaseIoBinding(NULL);
  OnyxReleaseSession(other);
  OnyxReleaseSession(session);
  OnyxReleaseEnv(env);
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: c_api_test SMALL_CNN.onyx\n");
    return 2;
  }
  g_model_path = argv[1];
  FillImage();
  RUN_TEST(TestVersionAndStatus);
  RUN_TEST(TestEnv);
  RUN_TEST(TestProviders);
  RUN_TEST(TestSessionOptions);
  RUN_TEST(TestProviderOptions);
  RUN_TEST(TestCreateSessionErrors);
  RUN_TEST(TestDescribe);
  RUN_TEST(TestMetadata);
  RUN_TEST(TestRun);
  RUN_TEST(TestRunAllocated);
  RUN_TEST(TestTerminate);
  RUN_TEST(TestIoBinding);
  return TEST_RESULT();
}
