/* onyx_c_api.h: the C API of the onyx runtime (C99; C++ callers see extern "C").
 *
 * Load an .onyx model, describe its inputs and outputs, run it on the
 * caller's buffers. It sits on onyx::Session (runtime/session/session.h);
 * no C++ type and no exception crosses it.
 *
 * Why plain functions rather than ONNX Runtime's table of function pointers
 * (OrtApi): a device links one library at build time, so the dynamic
 * loader's symbol versioning and ONYX_API_VERSION checks give what a table
 * would, while plain functions let the linker drop what a program does not
 * call (--gc-sections on libonyx.a), can be read in a debugger and are
 * declared once. Functions are only ever added; their signatures and the
 * numbering of the enums below never change within a major version
 * (ONYX_API_VERSION / 1000).
 *
 * Conventions:
 *   - Every fallible function returns an OnyxStatus*: NULL is success; an
 *     error carries a code and a message ("<where>: <what>") and the caller
 *     releases it with OnyxReleaseStatus. A NULL handle or argument is
 *     ONYX_INVALID_ARGUMENT naming the argument.
 *   - Handles are opaque and released by their OnyxRelease* function, which
 *     accepts NULL. Out-parameters are written only on success.
 *   - Strings returned (names, metadata) belong to the handle they came from
 *     and live as long as it does.
 *   - A session may be run from several threads at once; each handle other
 *     than OnyxSession and OnyxRunOptions's terminate flag is used by one
 *     thread at a time.
 */
#ifndef ONYX_C_API_H_
#define ONYX_C_API_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* major * 1000 + minor. */
#define ONYX_API_VERSION 1000

#if defined(__GNUC__)
#define ONYX_EXPORT __attribute__((visibility("default")))
#else
#define ONYX_EXPORT
#endif

/* The ONYX_API_VERSION the library was built with. */
ONYX_EXPORT int OnyxGetApiVersion(void);

/* ---- Status ------------------------------------------------------------ */

/* The codes of onyx::StatusCode, same numbers. */
typedef enum OnyxStatusCode {
  ONYX_OK = 0,
  ONYX_INVALID_ARGUMENT = 1,     /* A caller's value is wrong: name, dtype, shape, size, NULL. */
  ONYX_INVALID_MODEL = 2,        /* The model file or buffer is malformed. */
  ONYX_NOT_FOUND = 3,            /* A file, tensor or kernel does not exist. */
  ONYX_UNSUPPORTED = 4,          /* Valid, but onyx does not implement it. */
  ONYX_OUT_OF_MEMORY = 5,        /* An allocation failed or a size overflowed. */
  ONYX_FAILED_PRECONDITION = 6,  /* Called in the wrong state. */
  ONYX_INTERNAL = 7,             /* A bug in onyx. */
  ONYX_DEVICE_ERROR = 8,         /* A GPU or driver call failed. */
  ONYX_CANCELLED = 9             /* The run was terminated (OnyxRunOptionsSetTerminate). */
} OnyxStatusCode;

typedef struct OnyxStatus OnyxStatus;

/* ONYX_OK for NULL. */
ONYX_EXPORT OnyxStatusCode OnyxGetStatusCode(const OnyxStatus* status);
/* "" for NULL. Valid until the status is released. */
ONYX_EXPORT const char* OnyxGetStatusMessage(const OnyxStatus* status);
ONYX_EXPORT void OnyxReleaseStatus(OnyxStatus* status);

/* ---- Element types: ONNX's TensorProto.DataType numbering -------------- */

typedef enum OnyxDataType {
  ONYX_DTYPE_UNDEFINED = 0,
  ONYX_DTYPE_FLOAT = 1,
  ONYX_DTYPE_UINT8 = 2,
  ONYX_DTYPE_INT8 = 3,
  ONYX_DTYPE_UINT16 = 4,
  ONYX_DTYPE_INT16 = 5,
  ONYX_DTYPE_INT32 = 6,
  ONYX_DTYPE_INT64 = 7,
  ONYX_DTYPE_STRING = 8, /* Described, but cannot be fed or returned through this API. */
  ONYX_DTYPE_BOOL = 9,
  ONYX_DTYPE_FLOAT16 = 10,
  ONYX_DTYPE_DOUBLE = 11,
  ONYX_DTYPE_UINT32 = 12,
  ONYX_DTYPE_UINT64 = 13,
  ONYX_DTYPE_COMPLEX64 = 14,
  ONYX_DTYPE_COMPLEX128 = 15,
  ONYX_DTYPE_BFLOAT16 = 16,
  ONYX_DTYPE_FLOAT8E4M3FN = 17,
  ONYX_DTYPE_FLOAT8E4M3FNUZ = 18,
  ONYX_DTYPE_FLOAT8E5M2 = 19,
  ONYX_DTYPE_FLOAT8E5M2FNUZ = 20,
  ONYX_DTYPE_UINT4 = 21,
  ONYX_DTYPE_INT4 = 22,
  ONYX_DTYPE_FLOAT4E2M1 = 23,
  ONYX_DTYPE_FLOAT8E8M0 = 24,
  ONYX_DTYPE_UINT2 = 25,
  ONYX_DTYPE_INT2 = 26,
  ONYX_DTYPE_FLOAT6E2M3 = 27,
  ONYX_DTYPE_FLOAT6E3M2 = 28
} OnyxDataType;

/* ONNX's spelling ("float", "int64"); "undefined" for unknown values. */
ONYX_EXPORT const char* OnyxDataTypeName(OnyxDataType dtype);

/* ---- Environment ------------------------------------------------------- */

typedef enum OnyxLoggingLevel {
  ONYX_LOGGING_LEVEL_VERBOSE = 0,
  ONYX_LOGGING_LEVEL_INFO = 1,
  ONYX_LOGGING_LEVEL_WARNING = 2,
  ONYX_LOGGING_LEVEL_ERROR = 3,
  ONYX_LOGGING_LEVEL_FATAL = 4
} OnyxLoggingLevel;

/* The process-wide settings sessions start from: the logging level (the
 * default log severity of sessions created with it). One per program is
 * enough; it must outlive nothing (sessions copy what they need). */
typedef struct OnyxEnv OnyxEnv;
ONYX_EXPORT OnyxStatus* OnyxCreateEnv(OnyxLoggingLevel level, OnyxEnv** out);
ONYX_EXPORT OnyxStatus* OnyxEnvGetLoggingLevel(const OnyxEnv* env, OnyxLoggingLevel* out);
ONYX_EXPORT void OnyxReleaseEnv(OnyxEnv* env);

/* Providers built into this library, in default priority order, by ONNX
 * Runtime's names ("XnnpackExecutionProvider", "CPUExecutionProvider"). */
ONYX_EXPORT OnyxStatus* OnyxGetAvailableProviderCount(size_t* out);
ONYX_EXPORT OnyxStatus* OnyxGetAvailableProviderName(size_t index, const char** out);

/* ---- Session options --------------------------------------------------- */

typedef enum OnyxOptimizationLevel {
  ONYX_DISABLE_ALL = 0,
  ONYX_ENABLE_BASIC = 1,
  ONYX_ENABLE_EXTENDED = 2,
  ONYX_ENABLE_LAYOUT = 3,
  ONYX_ENABLE_ALL = 99
} OnyxOptimizationLevel;

typedef struct OnyxSessionOptions OnyxSessionOptions;
ONYX_EXPORT OnyxStatus* OnyxCreateSessionOptions(OnyxSessionOptions** out);
/* Threads of the session's pool: 0 lets onyx choose, 1 runs on the calling
 * thread only; negative is ONYX_INVALID_ARGUMENT. */
ONYX_EXPORT OnyxStatus* OnyxSessionOptionsSetIntraOpNumThreads(OnyxSessionOptions* options, int threads);
/* Adds a provider by name, in priority order; none added means all built in.
 * A name this library does not have is ONYX_INVALID_ARGUMENT, at once. */
ONYX_EXPORT OnyxStatus* OnyxSessionOptionsAppendProvider(OnyxSessionOptions* options, const char* name);
/* The same with provider options (ONNX Runtime's provider_options): the
 * strings keys[i] = values[i], i < num_options (NULL arrays when 0);
 * appending a provider again merges its options. An unknown provider is
 * ONYX_INVALID_ARGUMENT at once; a key the provider does not accept, or a
 * bad value, when the session is created, naming the keys it does accept.
 * The XNNPACK provider takes "intra_op_num_threads", which sizes the
 * session's one thread pool (it must agree with
 * OnyxSessionOptionsSetIntraOpNumThreads when both are set). */
ONYX_EXPORT OnyxStatus* OnyxSessionOptionsAppendProviderWithOptions(OnyxSessionOptions* options, const char* name,
                                                                    const char* const* keys,
                                                                    const char* const* values, size_t num_options);
/* Stored for ONNX Runtime parity and read back by the getter. Graph
 * optimizations happen when onyx-convert writes the .onyx file (its
 * --optimize flag, or onyx_model(optimize = ...) in Bazel); this library
 * has no converter, so the level has no effect on the sessions it loads. */
ONYX_EXPORT OnyxStatus* OnyxSessionOptionsSetOptimizationLevel(OnyxSessionOptions* options,
                                                               OnyxOptimizationLevel level);
ONYX_EXPORT OnyxStatus* OnyxSessionOptionsGetOptimizationLevel(const OnyxSessionOptions* options,
                                                               OnyxOptimizationLevel* out);
/* Overrides the env's logging level for sessions made with these options. */
ONYX_EXPORT OnyxStatus* OnyxSessionOptionsSetLogSeverityLevel(OnyxSessionOptions* options, OnyxLoggingLevel level);
ONYX_EXPORT void OnyxReleaseSessionOptions(OnyxSessionOptions* options);

/* ---- Session ----------------------------------------------------------- */

typedef struct OnyxSession OnyxSession;

/* Maps the .onyx file at `path` (read-only, shared by the page cache).
 * `options` may be NULL (defaults). */
ONYX_EXPORT OnyxStatus* OnyxCreateSession(const OnyxEnv* env, const char* path, const OnyxSessionOptions* options,
                                          OnyxSession** out);
/* Loads an .onyx image held in memory, copying the `size` bytes (the
 * caller may free them at once). */
ONYX_EXPORT OnyxStatus* OnyxCreateSessionFromBuffer(const OnyxEnv* env, const void* data, size_t size,
                                                    const OnyxSessionOptions* options, OnyxSession** out);
/* Uses an .onyx image in the caller's memory in place, with no copy (an
 * embedded model: onyx_model(embed = True) aligns it to 64 bytes). `data`
 * must be 8-byte aligned and stay valid until the session is released. */
ONYX_EXPORT OnyxStatus* OnyxCreateSessionFromBorrowedBuffer(const OnyxEnv* env, const void* data, size_t size,
                                                            const OnyxSessionOptions* options, OnyxSession** out);
ONYX_EXPORT void OnyxReleaseSession(OnyxSession* session);

ONYX_EXPORT OnyxStatus* OnyxSessionGetInputCount(const OnyxSession* session, size_t* out);
ONYX_EXPORT OnyxStatus* OnyxSessionGetOutputCount(const OnyxSession* session, size_t* out);
ONYX_EXPORT OnyxStatus* OnyxSessionGetInputName(const OnyxSession* session, size_t index, const char** out);
ONYX_EXPORT OnyxStatus* OnyxSessionGetOutputName(const OnyxSession* session, size_t index, const char** out);
/* The element type (of a sequence's elements for sequence inputs). */
ONYX_EXPORT OnyxStatus* OnyxSessionGetInputType(const OnyxSession* session, size_t index, OnyxDataType* out);
ONYX_EXPORT OnyxStatus* OnyxSessionGetOutputType(const OnyxSession* session, size_t index, OnyxDataType* out);
/* The declared shape: writes the rank to *rank and min(rank, capacity)
 * extents to dims (which may be NULL when capacity is 0); -1 marks a
 * symbolic or unknown extent. A value without a declared shape has rank
 * 0 and *has_shape 0 (has_shape may be NULL). */
ONYX_EXPORT OnyxStatus* OnyxSessionGetInputShape(const OnyxSession* session, size_t index, int64_t* dims,
                                                 size_t capacity, size_t* rank, int* has_shape);
ONYX_EXPORT OnyxStatus* OnyxSessionGetOutputShape(const OnyxSession* session, size_t index, int64_t* dims,
                                                  size_t capacity, size_t* rank, int* has_shape);
/* The symbolic name of extent `axis` ("batch"), "" when it has none. */
ONYX_EXPORT OnyxStatus* OnyxSessionGetInputDimParam(const OnyxSession* session, size_t index, size_t axis,
                                                    const char** out);
ONYX_EXPORT OnyxStatus* OnyxSessionGetOutputDimParam(const OnyxSession* session, size_t index, size_t axis,
                                                     const char** out);

/* Model metadata, from the ONNX model the file was converted from. */
typedef enum OnyxMetadataField {
  ONYX_METADATA_PRODUCER_NAME = 0,
  ONYX_METADATA_PRODUCER_VERSION = 1,
  ONYX_METADATA_GRAPH_NAME = 2,
  ONYX_METADATA_GRAPH_DESCRIPTION = 3,
  ONYX_METADATA_DOMAIN = 4,
  ONYX_METADATA_DESCRIPTION = 5
} OnyxMetadataField;
ONYX_EXPORT OnyxStatus* OnyxSessionGetMetadata(const OnyxSession* session, OnyxMetadataField field,
                                               const char** out);
ONYX_EXPORT OnyxStatus* OnyxSessionGetModelVersion(const OnyxSession* session, int64_t* out);
/* metadata_props: the count, the i-th key, and the value of a key (*out is
 * NULL when the model has no such key; that is not an error). */
ONYX_EXPORT OnyxStatus* OnyxSessionGetCustomMetadataCount(const OnyxSession* session, size_t* out);
ONYX_EXPORT OnyxStatus* OnyxSessionGetCustomMetadataKey(const OnyxSession* session, size_t index, const char** out);
ONYX_EXPORT OnyxStatus* OnyxSessionLookupCustomMetadata(const OnyxSession* session, const char* key,
                                                        const char** out);

/* ---- Tensors ----------------------------------------------------------- */

/* A tensor in the caller's memory: an input to feed, or (IoBinding) an
 * output to write. `data` holds `byte_size` bytes, at least the
 * product(dims) * element size the dtype and dims need; dims may be NULL
 * when rank is 0 (a scalar). onyx never keeps the pointer past the call
 * that uses it (OnyxIoBinding keeps it until rebound or cleared). */
typedef struct OnyxTensor {
  OnyxDataType dtype;
  const int64_t* dims;
  size_t rank;
  void* data;
  size_t byte_size;
} OnyxTensor;

/* A caller's buffer for an output whose shape the run decides. The caller
 * sets data and byte_size (and dims/dims_capacity to learn the shape: may
 * be NULL/0); the run writes the output's bytes into data and sets dtype,
 * rank, dims[0 .. min(rank, dims_capacity)) and bytes_written. A buffer
 * smaller than the output is ONYX_INVALID_ARGUMENT "buffer too small for
 * output 'y' (needs N bytes)", with bytes_written set to N. */
typedef struct OnyxOutputBuffer {
  void* data;
  size_t byte_size;
  int64_t* dims;
  size_t dims_capacity;
  OnyxDataType dtype;   /* Set by the run. */
  size_t rank;          /* Set by the run. */
  size_t bytes_written; /* Set by the run (the bytes needed, when too small). */
} OnyxOutputBuffer;

/* A tensor the library allocated (OnyxRunAllocated); the caller releases it. */
typedef struct OnyxValue OnyxValue;
ONYX_EXPORT OnyxStatus* OnyxValueGetDataType(const OnyxValue* value, OnyxDataType* out);
/* As OnyxSessionGetInputShape: *rank, and min(rank, capacity) extents. */
ONYX_EXPORT OnyxStatus* OnyxValueGetShape(const OnyxValue* value, int64_t* dims, size_t capacity, size_t* rank);
/* The bytes (64-byte aligned), valid until the value is released. */
ONYX_EXPORT OnyxStatus* OnyxValueGetData(const OnyxValue* value, const void** data, size_t* byte_size);
ONYX_EXPORT void OnyxReleaseValue(OnyxValue* value);

/* ---- Running ----------------------------------------------------------- */

/* Per-run options; NULL where a run takes them means none. */
typedef struct OnyxRunOptions OnyxRunOptions;
ONYX_EXPORT OnyxStatus* OnyxCreateRunOptions(OnyxRunOptions** out);
/* Non-zero asks every run using these options to stop at its next node
 * (ONYX_CANCELLED); 0 lets runs proceed again. Safe from any thread. */
ONYX_EXPORT OnyxStatus* OnyxRunOptionsSetTerminate(OnyxRunOptions* options, int terminate);
ONYX_EXPORT void OnyxReleaseRunOptions(OnyxRunOptions* options);

/* Runs the model: every input fed once by name; the outputs named (NULL
 * output_names with num_outputs equal to the model's output count means
 * all, in model order) written into the caller's buffers. The outputs are
 * computed in onyx's arena and copied into the buffers; OnyxRunWithBinding
 * writes bound outputs in place. */
ONYX_EXPORT OnyxStatus* OnyxRun(OnyxSession* session, const OnyxRunOptions* run_options,
                                const char* const* input_names, const OnyxTensor* inputs, size_t num_inputs,
                                const char* const* output_names, OnyxOutputBuffer* outputs, size_t num_outputs);
/* The same, with outputs the library allocates: outputs[i] gets a value the
 * caller releases with OnyxReleaseValue (on error none is set). */
ONYX_EXPORT OnyxStatus* OnyxRunAllocated(OnyxSession* session, const OnyxRunOptions* run_options,
                                         const char* const* input_names, const OnyxTensor* inputs,
                                         size_t num_inputs, const char* const* output_names, size_t num_outputs,
                                         OnyxValue** outputs);

/* IoBinding: inputs and outputs bound by name once, then run many times.
 * Bound outputs carry the dtype and shape the output will have and are
 * written in place: once a run of the same shapes has been made, a run of
 * a static model allocates nothing. Names are checked when bound; dtypes
 * and shapes when run. Outputs not bound are computed and dropped. */
typedef struct OnyxIoBinding OnyxIoBinding;
ONYX_EXPORT OnyxStatus* OnyxCreateIoBinding(OnyxSession* session, OnyxIoBinding** out);
/* Binding a name again replaces its tensor. The tensor struct and dims are
 * copied; the data pointer is kept. */
ONYX_EXPORT OnyxStatus* OnyxIoBindingBindInput(OnyxIoBinding* binding, const char* name, const OnyxTensor* tensor);
ONYX_EXPORT OnyxStatus* OnyxIoBindingBindOutput(OnyxIoBinding* binding, const char* name, const OnyxTensor* tensor);
/* The same for device memory of the session's device provider (a CUDA
 * pointer, e.g. from cudaMalloc or a PyTorch CUDA tensor): an input is read
 * there and an output written there, with no copy through the host unless a
 * node that runs on the CPU reads it. A run of a session with no node on a
 * device fails with ONYX_INVALID_ARGUMENT; an output whose shape only the
 * run decides cannot be bound to device memory. */
ONYX_EXPORT OnyxStatus* OnyxIoBindingBindDeviceInput(OnyxIoBinding* binding, const char* name,
                                                     const OnyxTensor* tensor);
ONYX_EXPORT OnyxStatus* OnyxIoBindingBindDeviceOutput(OnyxIoBinding* binding, const char* name,
                                                      const OnyxTensor* tensor);
ONYX_EXPORT OnyxStatus* OnyxIoBindingClear(OnyxIoBinding* binding);
ONYX_EXPORT OnyxStatus* OnyxRunWithBinding(OnyxSession* session, const OnyxRunOptions* run_options,
                                           const OnyxIoBinding* binding);
ONYX_EXPORT void OnyxReleaseIoBinding(OnyxIoBinding* binding);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif /* ONYX_C_API_H_ */
