// ALLOCSITE_DUMP_SIGNAL: the named signal (USR1, SIGUSR2, a number) makes
// the runtime write a complete report while the program runs; the program's
// output and exit status are unaffected.  An unusable value is
// one error line and no handler.  Without the variable the signal keeps its
// default action (here: the program dies of it).
//
// The program: allocates 4 objects, sends itself the signal, waits for the
// dump, moves it aside, allocates 6 more and exits 3.
//
// RUN: %cc_as -O0 -g -pthread %s %rt -o %t.O0
// RUN: rm -rf %t.O0.d && mkdir %t.O0.d
// RUN: env ALLOCSITE_OUT=%t.O0.d/r.json ALLOCSITE_DUMP_SIGNAL=USR1 sh -c '%t.O0 %t.O0.d/r.json 10; echo status=$?' | FileCheck %s --check-prefix=OUT
// RUN: FileCheck %s --check-prefix=DUMP < %t.O0.d/r.json.dump
// RUN: %check-expect %s %t.O0.d/r.json
//
// RUN: %cc_as -O2 -g -pthread %s %rt -o %t.O2
// RUN: rm -rf %t.O2.d && mkdir %t.O2.d
// RUN: env ALLOCSITE_OUT=%t.O2.d/r.json ALLOCSITE_DUMP_SIGNAL=SIGUSR2 sh -c '%t.O2 %t.O2.d/r.json 12; echo status=$?' | FileCheck %s --check-prefix=OUT
// RUN: FileCheck %s --check-prefix=DUMP < %t.O2.d/r.json.dump
// RUN: %check-expect %s %t.O2.d/r.json
// RUN: rm -rf %t.O2.d && mkdir %t.O2.d
// RUN: env ALLOCSITE_OUT=%t.O2.d/r.json ALLOCSITE_DUMP_SIGNAL=10 sh -c '%t.O2 %t.O2.d/r.json 10; echo status=$?' | FileCheck %s --check-prefix=OUT
// RUN: FileCheck %s --check-prefix=DUMP < %t.O2.d/r.json.dump
//
// allocsite-cc links the runtime whole, which runs its constructors in
// another order: starting the dump thread used to deadlock there.
// RUN: %allocsite-cc -O2 -g -pthread %s -o %t.cc
// RUN: rm -rf %t.cc.d && mkdir %t.cc.d
// RUN: env ALLOCSITE_OUT=%t.cc.d/r.json ALLOCSITE_DUMP_SIGNAL=USR1 timeout 60 sh -c '%t.cc %t.cc.d/r.json 10; echo status=$?' | FileCheck %s --check-prefix=OUT
// RUN: FileCheck %s --check-prefix=DUMP < %t.cc.d/r.json.dump
// RUN: %check-expect %s %t.cc.d/r.json
//
// OUT: dump written
// OUT-NEXT: status=3
// DUMP: "at_sites": {"objects": 4, "bytes": 40}}
//
// Unusable values: one line each, and the program runs as without them.
// RUN: env ALLOCSITE_OUT=off ALLOCSITE_DUMP_SIGNAL=KILL %t.O2 2>&1 | FileCheck %s --check-prefix=BAD -DVALUE=KILL --match-full-lines
// RUN: env ALLOCSITE_OUT=off ALLOCSITE_DUMP_SIGNAL=SEGV %t.O2 2>&1 | FileCheck %s --check-prefix=BAD -DVALUE=SEGV --match-full-lines
// RUN: env ALLOCSITE_OUT=off ALLOCSITE_DUMP_SIGNAL=USR3 %t.O2 2>&1 | FileCheck %s --check-prefix=BAD -DVALUE=USR3 --match-full-lines
// RUN: env ALLOCSITE_OUT=off ALLOCSITE_DUMP_SIGNAL=99 %t.O2 2>&1 | FileCheck %s --check-prefix=BAD -DVALUE=99 --match-full-lines
// BAD: allocsite: error: ALLOCSITE_DUMP_SIGNAL='[[VALUE]]' is not a signal the runtime can use (e.g. USR1, SIGUSR2, 10); no dump handler installed
// BAD-NEXT: no arguments: nothing to do
// BAD-EMPTY:
//
// Not set: SIGUSR1 is not caught.
// RUN: env ALLOCSITE_OUT=off sh -c '%t.O2 %t.O2.d/none.json 10; echo status=$?' | FileCheck %s --check-prefix=DEFAULT
// DEFAULT: status=138
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *volatile sink;

int main(int argc, char **argv) {
  if (argc < 3) {
    puts("no arguments: nothing to do");
    return 0;
  }
  for (int i = 0; i < 4; i++) {
    sink = malloc(10); // EXPECT: objects=4 bytes=40
    free(sink);
  }
  char dump[4096];
  snprintf(dump, sizeof dump, "%s.dump", argv[1]);
  kill(getpid(), atoi(argv[2]));
  // The runtime's thread writes the report; wait for it (up to 20 s).
  for (int i = 0; i < 2000 && access(argv[1], F_OK) != 0; i++)
    usleep(10000);
  if (rename(argv[1], dump) != 0) {
    puts("no dump");
    return 1;
  }
  puts("dump written");
  for (int i = 0; i < 6; i++) {
    sink = malloc(10); // EXPECT: objects=6 bytes=60
    free(sink);
  }
  return 3;
}
// EXPECT-TOTAL: objects=10 bytes=100
