/*
 * error.c - the runtime's single way to complain, about errors and
 * warnings: one line on stderr with a fixed prefix, written with write(2)
 * so it works inside exit handlers and leaves stdio's buffers and errno as
 * the program had them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "rt_internal.h"

static void complain(const char *severity, const char *fmt, va_list ap) {
  int saved_errno = errno;
  char line[1024];
  int n = snprintf(line, sizeof line, "allocsite: %s: ", severity);
  n += vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
  if (n > (int)sizeof line - 2)
    n = (int)sizeof line - 2;
  line[n++] = '\n';
  ssize_t ignored = write(STDERR_FILENO, line, (size_t)n);
  (void)ignored;
  errno = saved_errno;
}

void rt_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  complain("error", fmt, ap);
  va_end(ap);
}

/* Something the user asked for that will be incomplete, not lost. */
void rt_warning(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  complain("warning", fmt, ap);
  va_end(ap);
}
