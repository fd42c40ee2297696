/*
 * allocsite_benchmem.h - allocations per operation for hand-written C and
 * C++ benchmarks, like Go's `go test -bench . -benchmem`.
 *
 * allocsite counts every heap allocation exactly (no sampling), so the
 * figures are exact, not estimates: objects and bytes the process
 * allocated, in every thread, between start and stop, divided by the
 * number of operations.  Objects that `--promote` moved to the stack are
 * not heap allocations and do not count, so two builds, without and with
 * `--promote`, show what promotion saved.
 *
 *   #include <allocsite_benchmem.h>
 *
 *   ALLOCSITE_BENCHMEM("BenchmarkParse", 100000, parse(input));
 *
 * runs the statement (which may use the operation's number, allocsite_op)
 * 100000 times and prints, on standard output, a line in Go's benchmark
 * format:
 *
 *   BenchmarkParse    100000    1234 ns/op    2048 B/op    12 allocs/op
 *
 * (B/op and allocs/op truncated to integers, as Go prints them).  For other
 * loops, or to keep the figures, use the functions:
 *
 *   struct allocsite_benchmem b;
 *   allocsite_benchmem_start(&b);
 *   for (int i = 0; i < n; i++) operation();
 *   struct allocsite_per_op r = allocsite_benchmem_stop(&b, n);
 *   // r.objects, r.bytes: totals; r.allocs_per_op, r.bytes_per_op: exact
 *
 * Google Benchmark users: allocsite_benchmark.hpp.
 *
 * Needs the allocsite runtime (a program built with allocsite-cc or
 * allocsite-c++); with ALLOCSITE_OPTIONAL defined and no runtime, the
 * figures are all zero and the line says "allocsite not linked".
 */
#ifndef ALLOCSITE_BENCHMEM_H
#define ALLOCSITE_BENCHMEM_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "allocsite.h"

#ifdef __cplusplus
extern "C" {
#endif

struct allocsite_benchmem {
  struct allocsite_totals start;
  struct timespec started;
};

struct allocsite_per_op {
  uint64_t ops;
  uint64_t objects, bytes; /* allocated between start and stop */
  double allocs_per_op, bytes_per_op, ns_per_op;
  int available;           /* 0: no allocsite runtime in this program */
};

static inline int allocsite_benchmem_runtime_(void) {
#ifdef ALLOCSITE_OPTIONAL
  return allocsite_available();
#else
  return 1;
#endif
}

static inline void allocsite_benchmem_start(struct allocsite_benchmem *b) {
  b->start.objects = b->start.bytes = 0;
  if (allocsite_benchmem_runtime_())
    allocsite_totals(&b->start);
  /* After the totals: the clock read is not part of what is measured. */
  clock_gettime(CLOCK_MONOTONIC, &b->started);
}

static inline struct allocsite_per_op allocsite_benchmem_stop(const struct allocsite_benchmem *b,
                                                             uint64_t ops) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  struct allocsite_totals end = {0, 0};
  struct allocsite_per_op r;
  r.available = allocsite_benchmem_runtime_();
  if (r.available)
    allocsite_totals(&end);
  r.ops = ops;
  r.objects = end.objects - b->start.objects;
  r.bytes = end.bytes - b->start.bytes;
  double ns = (double)(now.tv_sec - b->started.tv_sec) * 1e9 +
              (double)(now.tv_nsec - b->started.tv_nsec);
  r.allocs_per_op = ops ? (double)r.objects / (double)ops : 0;
  r.bytes_per_op = ops ? (double)r.bytes / (double)ops : 0;
  r.ns_per_op = ops ? ns / (double)ops : 0;
  return r;
}

/* One line in Go's format: name, operations, ns/op, B/op, allocs/op. */
static inline void allocsite_benchmem_print(FILE *out, const char *name,
                                            struct allocsite_per_op r) {
  if (!r.available) {
    fprintf(out, "%s\t%10llu\t%10.0f ns/op\t(allocsite not linked)\n", name,
            (unsigned long long)r.ops, r.ns_per_op);
    return;
  }
  fprintf(out, "%s\t%10llu\t%10.0f ns/op\t%8llu B/op\t%8llu allocs/op\n", name,
          (unsigned long long)r.ops, r.ns_per_op,
          (unsigned long long)(r.ops ? r.bytes / r.ops : 0),
          (unsigned long long)(r.ops ? r.objects / r.ops : 0));
}

/* Runs STATEMENT OPS times and prints NAME's line.  STATEMENT sees the
 * operation's number, from 0, as allocsite_op (a uint64_t). */
#define ALLOCSITE_BENCHMEM(name, ops, statement)                                                  \
  do {                                                                                           \
    struct allocsite_benchmem allocsite_bm_;                                                     \
    uint64_t allocsite_bm_ops_ = (uint64_t)(ops);                                                \
    allocsite_benchmem_start(&allocsite_bm_);                                                    \
    for (uint64_t allocsite_op = 0; allocsite_op < allocsite_bm_ops_; allocsite_op++) {         \
      statement;                                                                                 \
    }                                                                                            \
    allocsite_benchmem_print(stdout, (name),                                                     \
                             allocsite_benchmem_stop(&allocsite_bm_, allocsite_bm_ops_));        \
  } while (0)

#ifdef __cplusplus
}
#endif

#endif /* ALLOCSITE_BENCHMEM_H */
