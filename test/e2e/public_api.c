// The public API of allocsite.h: allocsite_totals (allocations so far, in
// every thread), allocsite_write_report (a complete report now, to a path
// with patterns or to ALLOCSITE_OUT; failures give one error line, -1, and
// leave errno alone) and allocsite_reset (counts start again from zero:
// those of threads that already exited, of live threads and of this one).
// Built with the header's directory given by hand, and through allocsite-cc,
// which adds it; with ALLOCSITE_OPTIONAL the program also links without the
// runtime.
//
// RUN: %cc_as -O0 -g -pthread -I%srcroot/runtime/include %s %rt -o %t.O0
// RUN: rm -rf %t.O0.d && mkdir %t.O0.d
// RUN: env ALLOCSITE_OUT=%t.O0.d/exit.json %t.O0 %t.O0.d > %t.O0.out 2> %t.O0.err
// RUN: FileCheck %s --check-prefix=OUT < %t.O0.out
// RUN: FileCheck %s --check-prefix=ERR --match-full-lines < %t.O0.err
// RUN: FileCheck %s --check-prefix=NOW < %t.O0.d/now.json
// RUN: FileCheck %s --check-prefix=PAT < %t.O0.d/env-pattern.json
// RUN: %check-expect %s %t.O0.d/exit.json
//
// RUN: %allocsite-cc -O2 -g -pthread %s -o %t.O2
// RUN: rm -rf %t.O2.d && mkdir %t.O2.d
// RUN: env ALLOCSITE_OUT=%t.O2.d/exit.json %t.O2 %t.O2.d > %t.O2.out 2> %t.O2.err
// RUN: FileCheck %s --check-prefix=OUT < %t.O2.out
// RUN: FileCheck %s --check-prefix=ERR --match-full-lines < %t.O2.err
// RUN: FileCheck %s --check-prefix=NOW < %t.O2.d/now.json
// RUN: %check-expect %s %t.O2.d/exit.json
//
// Without the runtime: ALLOCSITE_OPTIONAL makes the calls weak.
// RUN: %clang -O2 -DALLOCSITE_OPTIONAL -pthread -I%srcroot/runtime/include %s -o %t.plain
// RUN: %t.plain %t.O2.d | FileCheck %s --check-prefix=PLAIN
// PLAIN: allocsite not linked
//
// The totals are the whole heap of the process: the program's 10 objects of
// 16 bytes, and the 288-byte block glibc's pthread_create callocs for the
// thread's TLS.
// OUT: start: objects=11 bytes=448
// OUT-NEXT: bad path: -1 errno kept
// OUT-NEXT: bad pattern: -1 errno kept
// OUT-NEXT: NULL totals: -1
// OUT-NEXT: after reset: objects=0 bytes=0
// OUT-NEXT: end: objects=5 bytes=50
//
// ERR: allocsite: error: cannot write '/nonexistent/dir/r.json': No such file or directory
// ERR-NEXT: allocsite: error: the report path '{{.*}}/bad.%q.json' has an unknown pattern '%q' (known: %p, %h, %%); no report written
// ERR-EMPTY:
//
// NOW: "at_sites": {"objects": 10, "bytes": 160}}
// PAT: "at_sites": {"objects": 10, "bytes": 160}}
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <allocsite.h>

static void *volatile sink;
static pthread_barrier_t allocated, reset_done;

static void show(const char *when) {
  struct allocsite_totals t;
  allocsite_totals(&t);
  printf("%s: objects=%llu bytes=%llu\n", when, (unsigned long long)t.objects,
         (unsigned long long)t.bytes);
}

static void *early(void *arg) {
  (void)arg;
  for (int i = 0; i < 4; i++) {
    sink = malloc(16); // EXPECT: objects=0 bytes=0
    free(sink);
  }
  return NULL;
}

// Alive across the reset: counts before it are forgotten, after it kept.
static void *alive(void *arg) {
  (void)arg;
  for (int i = 0; i < 5; i++) {
    sink = malloc(16); // EXPECT: objects=0 bytes=0
    free(sink);
  }
  pthread_barrier_wait(&allocated);
  pthread_barrier_wait(&reset_done);
  for (int i = 0; i < 3; i++) {
    sink = malloc(10); // EXPECT: objects=3 bytes=30
    free(sink);
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
#ifdef ALLOCSITE_OPTIONAL
  if (!allocsite_available()) {
    puts("allocsite not linked");
    return 0;
  }
#endif
  char path[4096];
  pthread_t t1, t2;
  pthread_create(&t1, NULL, early, NULL);
  pthread_join(t1, NULL);
  pthread_barrier_init(&allocated, NULL, 2);
  pthread_barrier_init(&reset_done, NULL, 2);
  pthread_create(&t2, NULL, alive, NULL);
  pthread_barrier_wait(&allocated);
  sink = malloc(16); // EXPECT: objects=0 bytes=0
  free(sink);
  show("start");

  snprintf(path, sizeof path, "%s/now.json", argv[1]);
  if (allocsite_write_report(path) != 0)
    puts("write failed");
  snprintf(path, sizeof path, "%s/env-pattern.json", argv[1]);
  setenv("ALLOCSITE_OUT", path, 1);
  if (allocsite_write_report(NULL) != 0)
    puts("write to ALLOCSITE_OUT failed");
  errno = EDOM;
  int status = allocsite_write_report("/nonexistent/dir/r.json");
  printf("bad path: %d errno %s\n", status, errno == EDOM ? "kept" : "changed");
  snprintf(path, sizeof path, "%s/bad.%%q.json", argv[1]);
  status = allocsite_write_report(path);
  printf("bad pattern: %d errno %s\n", status, errno == EDOM ? "kept" : "changed");
  printf("NULL totals: %d\n", allocsite_totals(NULL));

  allocsite_reset();
  show("after reset");
  pthread_barrier_wait(&reset_done);
  pthread_join(t2, NULL);
  for (int i = 0; i < 2; i++) {
    sink = malloc(10); // EXPECT: objects=2 bytes=20
    free(sink);
  }
  show("end");
  snprintf(path, sizeof path, "%s/exit.json", argv[1]);
  setenv("ALLOCSITE_OUT", path, 1);
  return 0;
}
// EXPECT-TOTAL: objects=5 bytes=50
