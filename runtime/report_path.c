/*
 * report_path.c - where the report goes: $ALLOCSITE_OUT with LLVM_PROFILE_FILE's
 * patterns (%p pid, %h host name, %% a percent sign).  Any other % is an
 * error rather than a literal, so a typo never writes somewhere unexpected.
 *
 * Built in the caller's buffer, never with malloc: this runs at exit.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_internal.h"

#define DEFAULT_REPORT_PATH "allocsite.json"

static int append(char *out, size_t size, size_t *len, const char *s) {
  size_t n = strlen(s);
  if (*len + n + 1 > size)
    return -1;
  memcpy(out + *len, s, n + 1);
  *len += n;
  return 0;
}

int rt_report_path(const char *pattern, char *out, size_t size) {
  const char *what = pattern ? "the report path" : "ALLOCSITE_OUT";
  if (!pattern)
    pattern = rt_getenv("ALLOCSITE_OUT");
  if (!pattern)
    pattern = DEFAULT_REPORT_PATH;
  if (pattern[0] == '\0' || strcmp(pattern, "off") == 0)
    return 1;

  size_t len = 0;
  out[0] = '\0';
  for (const char *c = pattern; *c; c++) {
    char piece[256];
    if (c[0] == '%' && c[1] == 'p') {
      snprintf(piece, sizeof piece, "%ld", (long)getpid());
      c++;
    } else if (c[0] == '%' && c[1] == 'h') {
      if (gethostname(piece, sizeof piece) != 0)
        strcpy(piece, "unknown-host");
      piece[sizeof piece - 1] = '\0';
      c++;
    } else if (c[0] == '%' && c[1] == '%') {
      strcpy(piece, "%");
      c++;
    } else if (c[0] == '%') {
      rt_error("%s '%s' has an unknown pattern '%%%.1s' (known: %%p, %%h, %%%%); no report written",
               what, pattern, c + 1);
      return -1;
    } else {
      piece[0] = *c;
      piece[1] = '\0';
    }
    if (append(out, size, &len, piece) != 0) {
      /* Truncating would write somewhere the user did not ask for. */
      rt_error("%s is longer than %zu bytes once expanded; no report written", what, size - 1);
      return -1;
    }
  }
  return 0;
}
