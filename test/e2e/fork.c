// fork: the child inherits the parent's counts and writes its own report
// when it exits (here to the path it puts in ALLOCSITE_OUT before exiting;
// the runtime reads the variable at exit); the parent's report has only its
// own allocations.  A child that leaves with _exit writes no report.
//
// RUN: %cc_as -O0 -g %s %rt -o %t.O0
// RUN: rm -f %t.O0.parent.json %t.O0.child.json %t.O0.quick.json
// RUN: env ALLOCSITE_OUT=%t.O0.parent.json %t.O0 %t.O0.child.json %t.O0.quick.json | FileCheck %s --check-prefix=OUT
// RUN: FileCheck %s --check-prefix=PARENT < %t.O0.parent.json
// RUN: FileCheck %s --check-prefix=CHILD < %t.O0.child.json
// RUN: not ls %t.O0.quick.json
//
// RUN: %cc_as -O2 -g %s %rt -o %t.O2
// RUN: rm -f %t.O2.parent.json %t.O2.child.json %t.O2.quick.json
// RUN: env ALLOCSITE_OUT=%t.O2.parent.json %t.O2 %t.O2.child.json %t.O2.quick.json | FileCheck %s --check-prefix=OUT
// RUN: FileCheck %s --check-prefix=PARENT < %t.O2.parent.json
// RUN: FileCheck %s --check-prefix=CHILD < %t.O2.child.json
// RUN: not ls %t.O2.quick.json
//
// OUT: child exited 0
// OUT-NEXT: quick child exited 0
// OUT-NEXT: parent done
//
// PARENT-DAG: "line": 45, {{.*}} "objects": 10, "bytes": 80}
// PARENT-DAG: "line": 52, {{.*}} "objects": 0, "bytes": 0}
// PARENT-DAG: "line": 68, {{.*}} "objects": 3, "bytes": 3}
// PARENT: "totals": {"objects": 13, "bytes": 83}
//
// CHILD-DAG: "line": 45, {{.*}} "objects": 10, "bytes": 80}
// CHILD-DAG: "line": 52, {{.*}} "objects": 5, "bytes": 500}
// CHILD-DAG: "line": 68, {{.*}} "objects": 0, "bytes": 0}
// CHILD: "totals": {"objects": 15, "bytes": 580}
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void *volatile sink;
static volatile int ten = 10, five = 5, three = 3; // bounds -O2 cannot unroll

int main(int argc, char **argv) {
  if (argc < 3)
    return 2;
  for (int i = 0; i < ten; i++) {
    sink = malloc(8);
    free(sink);
  }
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    for (int i = 0; i < five; i++) {
      sink = malloc(100);
      free(sink);
    }
    setenv("ALLOCSITE_OUT", argv[1], 1);
    exit(0);
  }
  int status;
  waitpid(child, &status, 0);
  printf("child exited %d\n", WEXITSTATUS(status));
  fflush(stdout);
  pid_t quick = fork();
  if (quick == 0) {
    setenv("ALLOCSITE_OUT", argv[2], 1);
    _exit(0);
  }
  for (int i = 0; i < three; i++) {
    sink = calloc(1, 1);
    free(sink);
  }
  waitpid(quick, &status, 0);
  printf("quick child exited %d\n", WEXITSTATUS(status));
  puts("parent done");
  return 0;
}
