// A program with 1502 sites and a report of several hundred kilobytes (more
// than the runtime's 64 KiB output buffer, so it is written in several
// pieces): the JSON is complete and valid, no site id repeats, and every
// site is counted exactly.  The 1500 one-line sites are generated at test
// time (Inputs/gen_big_report.sh).  Calls that share file:line:column (a
// macro expanding to many allocations on one line) are one site.
//
// RUN: sh %S/Inputs/gen_big_report.sh 1500 > %t.gen.inc
//
// RUN: %cc_as -O0 -g '-DGENERATED="%t.gen.inc"' %s %rt -o %t.O0
// RUN: rm -f %t.O0.json
// RUN: env ALLOCSITE_OUT=%t.O0.json %t.O0
// RUN: %check-expect %s %t.O0.json
// RUN: %check-expect %t.gen.inc %t.O0.json
// RUN: wc -c < %t.O0.json | FileCheck %s --check-prefix=SIZE
//
// RUN: %cc_as -O2 -g '-DGENERATED="%t.gen.inc"' %s %rt -o %t.O2
// RUN: rm -f %t.O2.json
// RUN: env ALLOCSITE_OUT=%t.O2.json %t.O2
// RUN: %check-expect %s %t.O2.json
// RUN: %check-expect %t.gen.inc %t.O2.json
// RUN: wc -c < %t.O2.json | FileCheck %s --check-prefix=SIZE
//
// SIZE: {{^ *[0-9]{6,}$}}
#include <stdlib.h>

static void *volatile sink;

#define ONE(n) sink = malloc(n), free(sink);
#define TEN(n) ONE(n) ONE(n) ONE(n) ONE(n) ONE(n) ONE(n) ONE(n) ONE(n) ONE(n) ONE(n)
#define HUNDRED(n) TEN(n) TEN(n) TEN(n) TEN(n) TEN(n) TEN(n) TEN(n) TEN(n) TEN(n) TEN(n)

__attribute__((noinline)) void macro_sites(int rounds) {
  for (int r = 0; r < rounds; r++) {
    HUNDRED(3) // EXPECT: objects=200 bytes=600 sites=1
  }
  HUNDRED(5) // EXPECT: objects=100 bytes=500 sites=1
}

__attribute__((noinline)) void generated(void) {
#include GENERATED
}

int main(void) {
  macro_sites(2);
  generated();
  return 0;
}
// 300 + 1500 objects; 1100 + 1500 * 1501 / 2 bytes; 2 + 1500 sites.
// EXPECT-TOTAL: objects=1800 bytes=1126850 sites=1502
