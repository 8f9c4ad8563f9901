/* run_loop MODEL.onyx [RUNS]: the memory of a device's process running a
 * model RUNS times (default 1000) through the C API, with the input and
 * output bound once (IoBinding). Prints the resident set after loading,
 * after the first run and after the last, and the peak (VmHWM), from
 * /proc/self/status: bench/footprint.py runs it under /usr/bin/time -v.
 * Symbolic input extents are taken as 1; the input is zeros. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onyx_c_api.h"

static int Check(OnyxStatus* status, const char* what) {
  if (status == NULL) return 0;
  fprintf(stderr, "run_loop: %s: %s\n", what, OnyxGetStatusMessage(status));
  OnyxReleaseStatus(status);
  return 1;
}

/* VmRSS or VmHWM of this process, in KiB (-1 if unknown). */
static long StatusKiB(const char* field) {
  FILE* f = fopen("/proc/self/status", "r");
  if (f == NULL) return -1;
  char line[256];
  long value = -1;
  size_t n = strlen(field);
  while (fgets(line, sizeof(line), f) != NULL) {
    if (strncmp(line, field, n) == 0 && line[n] == ':') {
      value = strtol(line + n + 1, NULL, 10);
      break;
    }
  }
  fclose(f);
  return value;
}

/* The shape of input or output `index` (symbolic extents as 1) and its
 * element count; 0 on error. */
static size_t Shape(OnyxSession* session, int output, size_t index, int64_t* dims, size_t* rank) {
  OnyxStatus* s = output ? OnyxSessionGetOutputShape(session, index, dims, 8, rank, NULL)
                         : OnyxSessionGetInputShape(session, index, dims, 8, rank, NULL);
  if (Check(s, "shape")) return 0;
  size_t count = 1;
  for (size_t i = 0; i < *rank; ++i) {
    if (dims[i] < 0) dims[i] = 1;
    count *= (size_t)dims[i];
  }
  return count;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: run_loop MODEL.onyx [RUNS]\n");
    return 2;
  }
  const long runs = argc > 2 ? atol(argv[2]) : 1000;
  OnyxEnv* env = NULL;
  OnyxSession* session = NULL;
  OnyxIoBinding* binding = NULL;
  float* input = NULL;
  float* output = NULL;
  int rc = 1;
  const long rss_start = StatusKiB("VmRSS");
  if (Check(OnyxCreateEnv(ONYX_LOGGING_LEVEL_WARNING, &env), "env")) return 1;
  if (Check(OnyxCreateSession(env, argv[1], NULL, &session), "load")) goto done;
  const long rss_loaded = StatusKiB("VmRSS");

  const char *in_name = NULL, *out_name = NULL;
  int64_t in_dims[8], out_dims[8];
  size_t in_rank = 0, out_rank = 0;
  if (Check(OnyxSessionGetInputName(session, 0, &in_name), "input name")) goto done;
  if (Check(OnyxSessionGetOutputName(session, 0, &out_name), "output name")) goto done;
  const size_t in_count = Shape(session, 0, 0, in_dims, &in_rank);
  const size_t out_count = Shape(session, 1, 0, out_dims, &out_rank);
  if (in_count == 0 || out_count == 0) goto done;
  input = calloc(in_count, sizeof(float));
  output = calloc(out_count, sizeof(float));
  if (input == NULL || output == NULL) goto done;
  OnyxTensor in = {ONYX_DTYPE_FLOAT, in_dims, in_rank, input, in_count * sizeof(float)};
  OnyxTensor out = {ONYX_DTYPE_FLOAT, out_dims, out_rank, output, out_count * sizeof(float)};
  if (Check(OnyxCreateIoBinding(session, &binding), "binding")) goto done;
  if (Check(OnyxIoBindingBindInput(binding, in_name, &in), "bind input")) goto done;
  if (Check(OnyxIoBindingBindOutput(binding, out_name, &out), "bind output")) goto done;

  long rss_first = 0;
  for (long r = 0; r < runs; ++r) {
    if (Check(OnyxRunWithBinding(session, NULL, binding), "run")) goto done;
    if (r == 0) rss_first = StatusKiB("VmRSS");
  }
  printf("rss_start_kib %ld\nrss_loaded_kib %ld\nrss_first_run_kib %ld\nrss_last_run_kib %ld\npeak_kib %ld\nruns %ld\n",
         rss_start, rss_loaded, rss_first, StatusKiB("VmRSS"), StatusKiB("VmHWM"), runs);
  rc = 0;

done:
  OnyxReleaseIoBinding(binding);
  OnyxReleaseSession(session);
  OnyxReleaseEnv(env);
  free(input);
  free(output);
  return rc;
}
