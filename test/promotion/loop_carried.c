// Promotion of a loop's object that -O2 carries round the back edge: a
// loop freeing its object on two exits is rotated, the allocation copied
// before the loop and into its latch, and the frees merged into one free
// of a phi after the loop.  Each object is dead before the next is made,
// so one slot per copy serves; with a size that is not constant, the
// guarded buffer does.  Output, AddressSanitizer (use after scope, use
// after return) and the report's heap counts are checked.
// RUN: %allocsite-cc -O2 -g %s -o %t.plain
// RUN: env ALLOCSITE_OUT=off %t.plain > %t.plain.out
// RUN: %allocsite-cc --promote -O0 -g -fsanitize=address -Rpass=allocsite -Rpass-missed=allocsite -fno-caret-diagnostics %s -o %t.O0 2> %t.O0.txt
// RUN: FileCheck %s --check-prefix=REMARK < %t.O0.txt
// RUN: env ALLOCSITE_OUT=%t.O0.json ASAN_OPTIONS=detect_stack_use_after_return=1 %t.O0 > %t.O0.out
// RUN: diff %t.plain.out %t.O0.out
// RUN: %allocsite-cc --promote -O2 -g -fsanitize=address -Rpass=allocsite -Rpass-missed=allocsite -fno-caret-diagnostics %s -o %t.O2 2> %t.O2.txt
// RUN: FileCheck %s --check-prefix=REMARK < %t.O2.txt
// RUN: env ALLOCSITE_OUT=%t.O2.json ASAN_OPTIONS=detect_stack_use_after_return=1 %t.O2 > %t.O2.out
// RUN: diff %t.plain.out %t.O2.out
// RUN: FileCheck %s --check-prefix=OUT < %t.O2.out
// Heap objects left: only the guarded site's sizes above the buffer (8 of
// the 40 lines need more than 32 bytes); two_exits makes 486 objects, all
// on the stack (the heap is not counted under ASan: totals are the sites').
// RUN: %allocsite-report top %t.O0.json | FileCheck %s --check-prefix=TOP
// RUN: %allocsite-report top %t.O2.json | FileCheck %s --check-prefix=TOP
// TOP: Of which promoted to the stack (not heap allocations): 518 objects
// TOP-DAG: {{^ *}}486 {{.*}}loop_carried.c:{{[0-9]+}}:18 two_exits malloc promotable [promoted]
// TOP-DAG: {{^ *}}32 {{.*}}loop_carried.c:{{[0-9]+}}:18 lengths malloc promotable-if-small (non-constant-size) [promoted,stack-buffer]
// TOP-DAG: {{^ *}}8 {{.*}}loop_carried.c:{{[0-9]+}}:18 lengths malloc promotable-if-small (non-constant-size) [stack-buffer]
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Words of a fixed-width record, each copied into a temporary: the loop
// ends at a stop word (return) or at the end of the input (break).
__attribute__((noinline)) int two_exits(const char *src, int n) {
  int sum = 0, at = 0;
  while (1) {
    char *word = malloc(8); // REMARK: [[@LINE]]:18: remark: malloc(8) does not escape: promoted to stack
    memcpy(word, src + at, 8);
    if (at + 8 > n) {
      sum -= word[0];
      free(word);
      break;
    }
    if (memcmp(word, "stopstop", 8) == 0) {
      free(word);
      return sum;
    }
    sum += word[at % 8];
    at += 8;
    free(word);
  }
  return sum;
}

// The size is the line's length: a stack buffer up to 32 bytes, the heap
// above.  The loop ends on two exits, so -O2 copies the allocation before
// the loop and into its latch, and the copies share the free after it:
// that free is tested against both copies' buffers.
__attribute__((noinline)) long lengths(char **lines, int n) {
  long total = 0;
  int it = 0;
  while (1) {
    size_t len = strlen(lines[it]) + 1;
    char *copy = malloc(len); // REMARK: [[@LINE]]:18: remark: malloc(...) does not escape: promoted to a stack buffer of 32 bytes, heap above
    memcpy(copy, lines[it], len);
    if (copy[0] == '#') {
      free(copy);
      break;
    }
    total += (long)strlen(copy) * (copy[len / 2] & 7);
    if (++it == n) {
      free(copy);
      return total;
    }
    free(copy);
  }
  return -total;
}

int main(void) {
  char src[256];
  for (int i = 0; i < 256; i++)
    src[i] = (char)('a' + i % 26);
  memcpy(src + 160, "stopstop", 8);
  int a = 0;
  for (int n = 0; n < 240; n += 7)
    a += two_exits(src, n);
  char *lines[40];
  char storage[40][64];
  for (int i = 0; i < 40; i++) {
    int len = 5 + (i * 11) % 34; // 5..38: three are longer than 31
    memset(storage[i], 'A' + i % 26, (size_t)len);
    storage[i][len] = 0;
    lines[i] = storage[i];
  }
  long b = lengths(lines, 40);
  printf("two_exits %d lengths %ld\n", a, b);
  return 0;
}
// OUT: two_exits 46519 lengths 2974
