// Report files are complete or absent, never written through a planted file
// or link, and a report that cannot be written is one "allocsite: error:"
// line that leaves the program's exit status and stdout alone: a full disk
// (/dev/full, written directly as devices are), an over-long path or file
// name, an unknown pattern.
//
// The program: out_files [STATUS [plant VICTIM]] allocates, prints a line
// and exits with STATUS; with "plant" it first creates, under every name the
// runtime could choose for its temporary file (REPORT.tmp.PID.0 to .99 are
// tried in turn), a symbolic link to VICTIM for the first and regular files
// for the rest but the last.
//
// RUN: %cc_as -O2 -g %s %rt -o %t
// RUN: %clang -O2 -g %s -o %t.plain
// RUN: %t.plain 3 > %t.expected.stdout || true
//
// A full disk.
// RUN: env ALLOCSITE_OUT=/dev/full sh -c '%t 3 > %t.full.stdout 2> %t.full.stderr; echo status=$?' | FileCheck %s --check-prefix=STATUS3 --match-full-lines
// STATUS3: status=3
// RUN: echo "allocsite: error: cannot write '/dev/full': No space left on device" > %t.full.expected
// RUN: diff %t.full.expected %t.full.stderr
// RUN: diff %t.expected.stdout %t.full.stdout
// RUN: ls /dev/full* | FileCheck %s --check-prefix=DEVFULL --match-full-lines
// DEVFULL: /dev/full
// DEVFULL-NOT: {{.}}
//
// A pipe gets the whole report, written directly; /dev/stderr redirected
// to a file replaces that file (the link /dev/stderr itself is never
// touched).
// RUN: env ALLOCSITE_OUT=/dev/stderr sh -c '%t 0 2>&1 >/dev/null | cat > %t.pipe.json'
// RUN: %check-expect %s %t.pipe.json
// RUN: env ALLOCSITE_OUT=/dev/stderr %t 0 2> %t.stderr.json > /dev/null
// RUN: %check-expect %s %t.stderr.json
// RUN: sh -c 'test -L /dev/stderr'
//
// A path longer than PATH_MAX once expanded, and a file name longer than NAME_MAX.
// RUN: sh -c 'ALLOCSITE_OUT=%t.$(printf "%%04096d" 0) %t 3 > %t.long.stdout 2> %t.long.stderr; echo status=$?' | FileCheck %s --check-prefix=STATUS3 --match-full-lines
// RUN: FileCheck %s --check-prefix=LONG --match-full-lines < %t.long.stderr
// LONG: allocsite: error: ALLOCSITE_OUT is longer than 4095 bytes once expanded; no report written
// LONG-EMPTY:
// RUN: diff %t.expected.stdout %t.long.stdout
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: sh -c 'ALLOCSITE_OUT=%t.d/$(printf "%%0300d" 0).json %t 3 > %t.name.stdout 2> %t.name.stderr; echo status=$?' | FileCheck %s --check-prefix=STATUS3 --match-full-lines
// RUN: FileCheck %s --check-prefix=NAME --match-full-lines < %t.name.stderr
// NAME: allocsite: error: cannot write '{{.*}}/000000{{0+}}.json': File name too long
// NAME-EMPTY:
// RUN: diff %t.expected.stdout %t.name.stdout
//
// Unknown patterns, also a lone % at the end: nothing written anywhere.
// RUN: env ALLOCSITE_OUT=%t.d/r.%%x.json sh -c '%t 3 > %t.pat.stdout 2> %t.pat.stderr; echo status=$?' | FileCheck %s --check-prefix=STATUS3 --match-full-lines
// RUN: FileCheck %s --check-prefix=PATTERN --match-full-lines -DDIR=%t.d < %t.pat.stderr
// PATTERN: allocsite: error: ALLOCSITE_OUT '[[DIR]]/r.%x.json' has an unknown pattern '%x' (known: %p, %h, %%); no report written
// PATTERN-EMPTY:
// RUN: diff %t.expected.stdout %t.pat.stdout
// RUN: env ALLOCSITE_OUT=%t.d/r.json%% %t 0 2>&1 >/dev/null | FileCheck %s --check-prefix=TRAILING --match-full-lines -DDIR=%t.d
// TRAILING: allocsite: error: ALLOCSITE_OUT '[[DIR]]/r.json%' has an unknown pattern '%' (known: %p, %h, %%); no report written
// RUN: ls -A %t.d | count 0
//
// Planted names: the runtime skips a symbolic link and files already under
// its temporary names, and writes neither through them nor over them.
// RUN: rm -rf %t.p && mkdir %t.p && echo victim > %t.p/victim
// RUN: env ALLOCSITE_OUT=%t.p/r.json %t 0 plant %t.p/victim > /dev/null
// RUN: %check-expect %s %t.p/r.json
// RUN: FileCheck %s --check-prefix=VICTIM --match-full-lines < %t.p/victim
// VICTIM: victim
// VICTIM-EMPTY:
// RUN: ls %t.p | count 101
// Every temporary name taken: one error line, no report, the planted files kept.
// RUN: rm -rf %t.q && mkdir %t.q && echo victim > %t.q/victim
// RUN: env ALLOCSITE_OUT=%t.q/r.json %t 0 plant-all %t.q/victim 2>&1 > /dev/null | FileCheck %s --check-prefix=ALLTAKEN --match-full-lines -DDIR=%t.q
// ALLTAKEN: allocsite: error: cannot write '[[DIR]]/r.json': File exists
// RUN: ls %t.q | count 101
//
// A report path that is a symbolic link: the file it leads to is replaced
// (atomically, beside it), the link is kept.
// RUN: rm -rf %t.l && mkdir -p %t.l/sub && echo target > %t.l/sub/target && ln -s sub/target %t.l/r.json
// RUN: env ALLOCSITE_OUT=%t.l/r.json %t 0 > /dev/null
// RUN: sh -c 'test -L %t.l/r.json'
// RUN: %check-expect %s %t.l/sub/target
// RUN: ls %t.l/sub | count 1
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *volatile sink;

static void plant(const char *report, const char *victim, int all) {
  char name[4096];
  for (int i = 0; i < 100; i++) {
    if (i == 99 && !all)
      break;
    snprintf(name, sizeof name, "%s.tmp.%ld.%d", report, (long)getpid(), i);
    if (i == 0) {
      if (symlink(victim, name) != 0)
        perror("symlink");
    } else {
      int fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0644);
      if (fd < 0)
        perror("open");
      else
        close(fd);
    }
  }
}

int main(int argc, char **argv) {
  for (int i = 0; i < 3; i++)
    sink = malloc(24); // EXPECT: objects=3 bytes=72
  puts("some output");
  if (argc > 3 && strncmp(argv[2], "plant", 5) == 0)
    plant(getenv("ALLOCSITE_OUT"), argv[3], strcmp(argv[2], "plant-all") == 0);
  return argc > 1 ? atoi(argv[1]) : 0;
}
// EXPECT-TOTAL: objects=3 bytes=72
