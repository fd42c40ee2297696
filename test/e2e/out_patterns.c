// ALLOCSITE_OUT: %p expands to the pid, %h to the host name, %% to a
// percent sign; "off" and "" disable the report (no file at all), unset
// means ./allocsite.json.  A report that cannot be written gives exactly one
// line on stderr, leaves no temporary file, and changes neither the
// program's exit status nor its stdout.
//
// Usage of the program: out_patterns [STATUS [pid]]: exits with STATUS and,
// with "pid", prints its pid.
//
// RUN: %cc_as -O2 -g %s %rt -o %t
// RUN: %clang -O2 -g %s -o %t.plain
//
// %p, %h and %% (written %%p, %%h and %%%% here: lit itself expands one %).
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env ALLOCSITE_OUT=%t.d/r.%%p.json %t 0 pid > %t.pid.out
// RUN: hostname >> %t.pid.out
// RUN: env ALLOCSITE_OUT=%t.d/h.%%h.json %t
// RUN: env ALLOCSITE_OUT=%t.d/pct%%%%.json %t
// RUN: ls -A %t.d >> %t.pid.out
// RUN: cat %t.d/r.*.json >> %t.pid.out
// RUN: FileCheck %s --check-prefix=PID < %t.pid.out
// PID: pid=[[PID:[0-9]+]]
// PID-NEXT: [[HOST:.+]]
// PID-NEXT: h.[[HOST]].json
// PID-NEXT: pct%.json
// PID-NEXT: r.[[PID]].json
// PID-NEXT: {
// PID: "pid": [[PID]],
// RUN: %check-expect %s %t.d/pct%%.json
//
// Unset: ./allocsite.json.  "off" and "": nothing written anywhere.
// RUN: rm -rf %t.default %t.off %t.empty && mkdir %t.default %t.off %t.empty
// RUN: cd %t.default && %t
// RUN: ls -A %t.default | FileCheck %s --check-prefix=DEFAULT --match-full-lines
// DEFAULT: allocsite.json
// DEFAULT-NOT: {{.}}
// RUN: %check-expect %s %t.default/allocsite.json
// RUN: cd %t.off && env ALLOCSITE_OUT=off %t
// RUN: ls -A %t.off | count 0
// RUN: cd %t.empty && env ALLOCSITE_OUT= %t
// RUN: ls -A %t.empty | count 0
//
// Unwritable: the exact message, exit status 3 kept, stdout as without
// instrumentation, stderr nothing else.
// RUN: %t.plain 3 > %t.plain.stdout || true
// RUN: env ALLOCSITE_OUT=/nonexistent/dir/r.json sh -c '%t 3 > %t.nodir.stdout 2> %t.nodir.stderr; echo "status=$?"' > %t.nodir.status
// RUN: FileCheck %s --check-prefix=STATUS3 --match-full-lines < %t.nodir.status
// STATUS3: status=3
// RUN: echo "allocsite: error: cannot write '/nonexistent/dir/r.json': No such file or directory" > %t.nodir.expected
// RUN: diff %t.nodir.expected %t.nodir.stderr
// RUN: diff %t.plain.stdout %t.nodir.stdout
//
// The target is a directory: the temporary file can be written but not
// renamed over it; it must be removed again.
// RUN: rm -rf %t.isdir && mkdir -p %t.isdir/r.json
// RUN: env ALLOCSITE_OUT=%t.isdir/r.json sh -c '%t 3 > %t.isdir.stdout 2> %t.isdir.stderr; echo "status=$?"' > %t.isdir.status
// RUN: FileCheck %s --check-prefix=STATUS3 --match-full-lines < %t.isdir.status
// RUN: echo "allocsite: error: cannot write '%t.isdir/r.json': Is a directory" > %t.isdir.expected
// RUN: diff %t.isdir.expected %t.isdir.stderr
// RUN: diff %t.plain.stdout %t.isdir.stdout
// RUN: ls -A %t.isdir | FileCheck %s --check-prefix=ISDIR --match-full-lines
// ISDIR: r.json
// ISDIR-NOT: {{.}}
// RUN: ls -A %t.isdir/r.json | count 0
//
// The same behaviour at -O0 (the runtime is the same; the program is not).
// RUN: %cc_as -O0 -g %s %rt -o %t.O0
// RUN: rm -rf %t.O0d && mkdir -p %t.O0d
// RUN: env ALLOCSITE_OUT=%t.O0d/r.%%p.json %t.O0 0 pid > %t.O0.pid.out
// RUN: ls -A %t.O0d >> %t.O0.pid.out
// RUN: FileCheck %s --check-prefix=AGAIN < %t.O0.pid.out
// AGAIN: pid=[[PROC:[0-9]+]]
// AGAIN-NEXT: r.[[PROC]].json
// RUN: %check-expect %s %t.O0d/r.*.json
// RUN: cd %t.O0d && env ALLOCSITE_OUT=off %t.O0
// RUN: cd %t.O0d && env ALLOCSITE_OUT= %t.O0
// RUN: ls -A %t.O0d | count 1
// RUN: env ALLOCSITE_OUT=/nonexistent/dir/r.json sh -c '%t.O0 3 > %t.O0.nodir.stdout 2> %t.O0.nodir.stderr; echo "status=$?"' > %t.O0.nodir.status
// RUN: FileCheck %s --check-prefix=STATUS3 --match-full-lines < %t.O0.nodir.status
// RUN: diff %t.nodir.expected %t.O0.nodir.stderr
// RUN: diff %t.plain.stdout %t.O0.nodir.stdout
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *volatile sink;

int main(int argc, char **argv) {
  for (int i = 0; i < 4; i++)
    sink = malloc(32); // EXPECT: objects=4 bytes=128
  printf("some output\n");
  if (argc > 2 && strcmp(argv[2], "pid") == 0)
    printf("pid=%ld\n", (long)getpid());
  return argc > 1 ? atoi(argv[1]) : 0;
}
// EXPECT-TOTAL: objects=4 bytes=128
