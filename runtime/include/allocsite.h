/*
 * allocsite.h - what a program can ask allocsite's runtime while it runs.
 *
 * For benchmarks (allocations per operation, like Go's -benchmem; beside
 * this header, allocsite_benchmem.h prints Go's line for C benchmarks and
 * allocsite_benchmark.hpp gives Google Benchmark the counts) and for
 * long-running programs that want a report without exiting.  allocsite-cc
 * and allocsite-c++ put this header's directory on the include path; with
 * clang directly, add -I<allocsite>/include (the build tree's
 * runtime/include, or <prefix>/include once installed).
 *
 * A program that must also build without allocsite: define
 * ALLOCSITE_OPTIONAL before including this header.  The functions are then
 * weak, so the program links without the runtime, and allocsite_available()
 * says whether they may be called.
 *
 *   struct allocsite_totals before, after;
 *   allocsite_totals(&before);
 *   for (int i = 0; i < n; i++) operation();
 *   allocsite_totals(&after);
 *   printf("%.1f allocs/op\n", (double)(after.objects - before.objects) / n);
 */
#ifndef ALLOCSITE_H
#define ALLOCSITE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifdef ALLOCSITE_OPTIONAL
#define ALLOCSITE_API __attribute__((weak))
#else
#define ALLOCSITE_API
#endif

/* What the program has allocated since it started (or since the last
 * allocsite_reset), in every thread: successful allocations and the bytes
 * they requested.  That is every heap allocation of the process (the
 * report's "heap") when the runtime's malloc family is in use, as it is
 * unless the program defines its own malloc; otherwise the allocations the
 * instrumented sites counted. */
struct allocsite_totals {
  uint64_t objects;
  uint64_t bytes;
};

/* Fills *out.  Returns 0, or -1 when out is NULL.  Cheap enough to call
 * around each benchmark iteration (it takes the runtime's lock and reads
 * every site once). */
ALLOCSITE_API int allocsite_totals(struct allocsite_totals *out);

/* Writes a complete report now, atomically, to path (which may use the
 * patterns %p, %h, %% of ALLOCSITE_OUT), or, when path is NULL, where the
 * exit report goes.  Returns 0 on success (or when the report is disabled
 * with "off"); -1 on failure, after printing one "allocsite: error:" line.
 * errno is left unchanged either way. */
ALLOCSITE_API int allocsite_write_report(const char *path);

/* Counts start again from zero in every thread and every site; later
 * reports and totals show only what is allocated from now on.  Exact even
 * while other threads allocate: their allocations are counted either before
 * or after the reset, never lost or counted twice. */
ALLOCSITE_API void allocsite_reset(void);

#ifdef ALLOCSITE_OPTIONAL
/* Whether the runtime is linked in (only meaningful with ALLOCSITE_OPTIONAL). */
static inline int allocsite_available(void) { return allocsite_totals != 0; }
#endif

#ifdef __cplusplus
}
#endif

#endif /* ALLOCSITE_H */
