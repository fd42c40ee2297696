// Instrumentation does not change what the program writes: stdout is byte
// for byte the same as an uninstrumented build's (more than one stdio buffer
// of text, binary bytes with NULs, output from an atexit handler and a last
// line without newline that only exit's flush writes), and stderr stays
// empty when the report is written.
//
// RUN: %clang -O0 -g %s -o %t.plain
// RUN: %t.plain > %t.plain.out
// RUN: %t.plain | cat > %t.plain.pipe
//
// RUN: %cc_as -O0 -g %s %rt -o %t.O0
// RUN: rm -f %t.O0.json
// RUN: env ALLOCSITE_OUT=%t.O0.json %t.O0 > %t.O0.out 2> %t.O0.err
// RUN: cmp %t.plain.out %t.O0.out
// RUN: count 0 < %t.O0.err
// RUN: env ALLOCSITE_OUT=%t.O0.json %t.O0 | cat > %t.O0.pipe
// RUN: cmp %t.plain.pipe %t.O0.pipe
// RUN: %check-expect %s %t.O0.json
//
// RUN: %cc_as -O2 -g %s %rt -o %t.O2
// RUN: rm -f %t.O2.json
// RUN: env ALLOCSITE_OUT=%t.O2.json %t.O2 > %t.O2.out 2> %t.O2.err
// RUN: cmp %t.plain.out %t.O2.out
// RUN: count 0 < %t.O2.err
// RUN: env ALLOCSITE_OUT=%t.O2.json %t.O2 | cat > %t.O2.pipe
// RUN: cmp %t.plain.pipe %t.O2.pipe
// RUN: %check-expect %s %t.O2.json
//
// The comparison is not vacuous:
// RUN: wc -c < %t.plain.out | FileCheck %s --check-prefix=SIZE
// SIZE: {{^ *[0-9]{6,}$}}
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *volatile sink;
static volatile int lines = 5000;

static void goodbye(void) {
  sink = malloc(17); // EXPECT: objects=1 bytes=17
  printf("atexit handler: errno is %s\n", strerror(errno));
  fputs("last line without newline", stdout);
}

int main(void) {
  atexit(goodbye);
  for (int i = 0; i < lines; i++) {
    char *line = malloc(64); // EXPECT: objects=5000 bytes=320000
    snprintf(line, 64, "line %d of text that goes through stdio", i);
    printf("%s %x\n", line, (unsigned)i * 2654435761u);
    free(line);
  }
  unsigned char bytes[256];
  for (int i = 0; i < 256; i++)
    bytes[i] = (unsigned char)i;
  fwrite(bytes, 1, sizeof bytes, stdout);
  putchar('\n');
  errno = ERANGE; // whatever the program leaves in errno is its own business
  return 0;
}
// EXPECT-TOTAL: objects=5001 bytes=320017
