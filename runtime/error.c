/*
 * error.c - the runtime's single way to complain: one line on stderr with a
 * fixed prefix, written with write(2) so it works inside exit handlers and
 * leaves stdio's buffers and errno as the program had them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "rt_internal.h"

void rt_error(const char *fmt, ...) {
  int saved_errno = errno;
  char line[1024];
  int n = snprintf(line, sizeof line, "allocsite: error: ");
  va_list ap;
  va_start(ap, fmt);
  n += vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
  va_end(ap);
  if (n > (int)sizeof line - 2)
    n = (int)sizeof line - 2;
  line[n++] = '\n';
  ssize_t ignored = write(STDERR_FILENO, line, (size_t)n);
  (void)ignored;
  errno = saved_errno;
}
