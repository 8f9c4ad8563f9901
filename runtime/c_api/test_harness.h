/* A tiny C test harness: CHECK records a failure and goes on, TEST_MAIN
 * runs each test and exits non-zero if any check failed. */
#ifndef ONYX_C_API_TEST_HARNESS_H_
#define ONYX_C_API_TEST_HARNESS_H_

#include <stdio.h>
#include <string.h>

static int g_failures = 0;
static int g_checks = 0;

#define CHECK(cond)                                                       \
  do {                                                                    \
    ++g_checks;                                                           \
    if (!(cond)) {                                                        \
      ++g_failures;                                                       \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                     \
  } while (0)

/* The status is an error of `code` whose message contains `text`; releases it. */
#define CHECK_ERROR(expr, code, text)                                                   \
  do {                                                                                  \
    OnyxStatus* status_ = (expr);                                                       \
    ++g_checks;                                                                         \
    if (status_ == NULL || OnyxGetStatusCode(status_) != (code) ||                      \
        strstr(OnyxGetStatusMessage(status_), (text)) == NULL) {                        \
      ++g_failures;                                                                     \
      fprintf(stderr, "%s:%d: %s: expected error %d containing \"%s\", got %d \"%s\"\n", \
              __FILE__, __LINE__, #expr, (int)(code), (text),                           \
              (int)OnyxGetStatusCode(status_), OnyxGetStatusMessage(status_));          \
    }                                                                                   \
    OnyxReleaseStatus(status_);                                                         \
  } while (0)

/* The call succeeds; otherwise prints its message (and releases it). */
#define CHECK_OK(expr)                                                                  \
  do {                                                                                  \
    OnyxStatus* status_ = (expr);                                                       \
    ++g_checks;                                                                         \
    if (status_ != NULL) {                                                              \
      ++g_failures;                                                                     \
      fprintf(stderr, "%s:%d: %s failed: %s\n", __FILE__, __LINE__, #expr,              \
              OnyxGetStatusMessage(status_));                                           \
      OnyxReleaseStatus(status_);                                                       \
    }                                                                                   \
  } while (0)

#define RUN_TEST(fn)                                  \
  do {                                                \
    int before_ = g_failures;                         \
    fn();                                             \
    printf("[%s] %s\n", g_failures == before_ ? "  OK  " : "FAILED", #fn); \
  } while (0)

#define TEST_RESULT()                                                       \
  (printf("%d checks, %d failed\n", g_checks, g_failures), g_failures ? 1 : 0)

#endif /* ONYX_C_API_TEST_HARNESS_H_ */
