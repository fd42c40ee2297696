/*
 * fuzz_report.c - libFuzzer target for the report reader
 * (clang -fsanitize=fuzzer,address).  Every input must either be refused
 * with one error line or load into a model that survives everything the
 * commands do with it: summing with itself (merge), writing out (merge -o),
 * and reading back what was written, which must give the same bytes again
 * - the writer's canonical form is a fixed point of read+write.
 * Run by the test suite on the corpus beside this file for a bounded time
 * (test/report/fuzz.test); `build/test/bin/report-fuzzer DIR` fuzzes on.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../report_model.h"
#include "../report_write.h"

/* r as the writer writes it, in fresh memory (*len bytes); NULL when the
 * writer refuses (a sum beyond 2^63-1). */
static char *written(const struct as_report *r, size_t *len) {
  char *buf = NULL;
  FILE *f = open_memstream(&buf, len);
  if (!f)
    abort();
  char *error = NULL;
  int status = as_report_write(r, f, &error);
  fclose(f);
  free(error);
  if (status != 0) {
    free(buf);
    return NULL;
  }
  return buf;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  struct as_report r, sum, again;
  char *error = NULL;
  if (as_report_parse("fuzz.json", data, size, &r, &error) != 0) {
    /* One line, naming the input. */
    if (!error || strncmp(error, "fuzz.json", 9) != 0 || strchr(error, '\n'))
      abort();
    free(error);
    return 0;
  }
  struct as_report both[2] = {r, r};
  if (as_report_merge(both, 2, &sum, &error) == 0)
    as_report_free(&sum);
  else
    free(error);

  size_t len, len2;
  char *out = written(&r, &len);
  if (out) {
    if (as_report_parse("written.json", out, len, &again, &error) != 0) {
      fprintf(stderr, "written report does not read back: %s\n", error);
      abort();
    }
    char *out2 = written(&again, &len2);
    if (!out2 || len2 != len || memcmp(out, out2, len) != 0) {
      fprintf(stderr, "read+write is not a fixed point\n");
      abort();
    }
    free(out2);
    as_report_free(&again);
    free(out);
  }
  as_report_free(&r);
  return 0;
}
