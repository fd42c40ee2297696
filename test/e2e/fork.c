// fork: a child's report holds only what the child allocated after the fork
// (and in the program's own pthread_atfork child handler), never what the
// parent allocated before it, also in threads that are alive at the fork and
// do not exist in the child; so the parent's and the child's reports add up
// to the exact totals.  Each process writes its own file (%p).  A child that
// leaves with _exit writes no report.
//
// RUN: %cc_as -O0 -g -pthread %s %rt -o %t.O0
// RUN: rm -rf %t.O0.d && mkdir %t.O0.d
// RUN: env ALLOCSITE_OUT=%t.O0.d/r.%%p.json %t.O0 > %t.O0.out
// RUN: FileCheck %s --check-prefix=OUT < %t.O0.out
// RUN: ls %t.O0.d | count 2
// RUN: sed -n 's/^parent pid //p' %t.O0.out > %t.O0.ppid
// RUN: sed -n 's/^child pid //p' %t.O0.out > %t.O0.cpid
// RUN: sh -c 'FileCheck %s --check-prefix=PARENT < %t.O0.d/r.$(cat %t.O0.ppid).json'
// RUN: sh -c 'FileCheck %s --check-prefix=CHILD < %t.O0.d/r.$(cat %t.O0.cpid).json'
// RUN: %allocsite-report top %t.O0.d/*.json | FileCheck %s --check-prefix=SUM
//
// RUN: %cc_as -O2 -g -pthread %s %rt -o %t.O2
// RUN: rm -rf %t.O2.d && mkdir %t.O2.d
// RUN: env ALLOCSITE_OUT=%t.O2.d/r.%%p.json %t.O2 > %t.O2.out
// RUN: FileCheck %s --check-prefix=OUT < %t.O2.out
// RUN: ls %t.O2.d | count 2
// RUN: sed -n 's/^parent pid //p' %t.O2.out > %t.O2.ppid
// RUN: sed -n 's/^child pid //p' %t.O2.out > %t.O2.cpid
// RUN: sh -c 'FileCheck %s --check-prefix=PARENT < %t.O2.d/r.$(cat %t.O2.ppid).json'
// RUN: sh -c 'FileCheck %s --check-prefix=CHILD < %t.O2.d/r.$(cat %t.O2.cpid).json'
// RUN: %allocsite-report top %t.O2.d/*.json | FileCheck %s --check-prefix=SUM
//
// OUT: parent pid {{[0-9]+}}
// OUT-NEXT: child pid {{[0-9]+}}
// OUT-NEXT: child exited 0
// OUT-NEXT: quick child exited 0
// OUT-NEXT: parent done
//
// SUM: Total: 28 objects, 630 bytes in 5 sites (2 reports)
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void *volatile sink;
static volatile int ten = 10, five = 5, three = 3; // bounds -O2 cannot unroll
static pthread_barrier_t counted, may_exit;

// Alive at the fork, in the parent only: its 7 allocations are the parent's.
static void *bystander(void *arg) {
  (void)arg;
  for (int i = 0; i < 7; i++) {
    // PARENT-DAG: "line": [[@LINE+2]], {{.*}}"objects": 7, "bytes": 7}
    // CHILD-DAG: "line": [[@LINE+1]], {{.*}}"objects": 0, "bytes": 0}
    sink = malloc(1);
    free(sink);
  }
  pthread_barrier_wait(&counted);
  pthread_barrier_wait(&may_exit);
  return NULL;
}

static void in_child(void) {
  for (int i = 0; i < 3; i++) {
    // PARENT-DAG: "line": [[@LINE+2]], {{.*}}"objects": 0, "bytes": 0}
    // CHILD-DAG: "line": [[@LINE+1]], {{.*}}"objects": 3, "bytes": 120}
    sink = malloc(40);
    free(sink);
  }
}

int main(void) {
  pthread_t thread;
  pthread_barrier_init(&counted, NULL, 2);
  pthread_barrier_init(&may_exit, NULL, 2);
  pthread_create(&thread, NULL, bystander, NULL);
  pthread_atfork(NULL, NULL, in_child);
  for (int i = 0; i < ten; i++) {
    // PARENT-DAG: "line": [[@LINE+2]], {{.*}}"objects": 10, "bytes": 80}
    // CHILD-DAG: "line": [[@LINE+1]], {{.*}}"objects": 0, "bytes": 0}
    sink = malloc(8);
    free(sink);
  }
  pthread_barrier_wait(&counted);
  printf("parent pid %ld\n", (long)getpid());
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    for (int i = 0; i < five; i++) {
      // PARENT-DAG: "line": [[@LINE+2]], {{.*}}"objects": 0, "bytes": 0}
      // CHILD-DAG: "line": [[@LINE+1]], {{.*}}"objects": 5, "bytes": 420}
      sink = malloc(84);
      free(sink);
    }
    printf("child pid %ld\n", (long)getpid());
    exit(0);
  }
  int status;
  waitpid(child, &status, 0);
  printf("child exited %d\n", WEXITSTATUS(status));
  fflush(stdout);
  pid_t quick = fork();
  if (quick == 0)
    _exit(0);
  for (int i = 0; i < three; i++) {
    // PARENT-DAG: "line": [[@LINE+2]], {{.*}}"objects": 3, "bytes": 3}
    // CHILD-DAG: "line": [[@LINE+1]], {{.*}}"objects": 0, "bytes": 0}
    sink = calloc(1, 1);
    free(sink);
  }
  waitpid(quick, &status, 0);
  printf("quick child exited %d\n", WEXITSTATUS(status));
  pthread_barrier_wait(&may_exit);
  pthread_join(thread, NULL);
  puts("parent done");
  return 0;
}
// After every site above (FileCheck reads these in order):
// PARENT: "at_sites": {"objects": 20, "bytes": 90}}
// CHILD: "at_sites": {"objects": 8, "bytes": 540}}
