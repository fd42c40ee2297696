/*
 * util.h - small helpers shared by every allocsite-report source file:
 * allocation that cannot fail (a report reader has nothing useful to do when
 * memory runs out but say so and stop), and the tool's error line.
 */
#ifndef ALLOCSITE_REPORT_UTIL_H
#define ALLOCSITE_REPORT_UTIL_H

#include <stdarg.h>
#include <stddef.h>

#define TOOL_NAME "allocsite-report"

#if defined(__GNUC__)
#define AS_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define AS_NORETURN __attribute__((noreturn))
#else
#define AS_PRINTF(fmt, args)
#define AS_NORETURN
#endif

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows *p to hold count elements of size bytes, failing on overflow. */
void *xreallocarray(void *p, size_t count, size_t size);
char *xstrdup(const char *s); /* NULL stays NULL */
/* A printf-formatted string in fresh memory. */
char *xasprintf(const char *fmt, ...) AS_PRINTF(1, 2);
char *xvasprintf(const char *fmt, va_list ap) AS_PRINTF(1, 0);

/* "allocsite-report: error: <message>" on stderr. */
void report_error(const char *fmt, ...) AS_PRINTF(1, 2);

#endif
