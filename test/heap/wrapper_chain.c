// A wrapper chain three deep, in the style of git's xmalloc: callers ask
// xmalloc, which asks xmalloc_checked, which asks pool_alloc, which calls
// malloc.  Only the calls of xmalloc count (the outermost instrumented
// allocation calls); the heap count agrees exactly; and every allocation's calling context runs from the malloc call
// up through the three wrappers to the function that asked for the memory.
//
// RUN: %cc_as -O0 -g %s %rt -o %t.O0
// RUN: rm -f %t.O0.json %t.O0.shim.json %t.O0.heap
// RUN: env ALLOCSITE_DEPTH=8 ALLOCSITE_OUT=%t.O0.json %t.O0 | FileCheck %s
// RUN: %check-expect --opt O0 %s %t.O0.json
// RUN: env ALLOCSITE_DEPTH=8 ALLOCSITE_OUT=%t.O0.shim.json LD_PRELOAD=%count-shim COUNT_SHIM_HEAP_OUT=%t.O0.heap %t.O0 | FileCheck %s
// RUN: %check-expect --heap-from %t.O0.heap %t.O0.shim.json
// Three stacks, one per caller (parse_token, make_name, main), each at least
// five frames deep (or four for main's buffer): the wrappers (at -O2 the
// tail call in xmalloc leaves no frame), the caller, main, the C library.
// RUN: FileCheck %s --check-prefix=STACKS < %t.O0.json
//
// RUN: %cc_as -O2 -g -fno-omit-frame-pointer %s %rt -o %t.O2
// RUN: rm -f %t.O2.json %t.O2.shim.json %t.O2.heap
// RUN: env ALLOCSITE_DEPTH=8 ALLOCSITE_OUT=%t.O2.json %t.O2 | FileCheck %s
// RUN: %check-expect --opt O2 %s %t.O2.json
// RUN: env ALLOCSITE_DEPTH=8 ALLOCSITE_OUT=%t.O2.shim.json LD_PRELOAD=%count-shim COUNT_SHIM_HEAP_OUT=%t.O2.heap %t.O2 | FileCheck %s
// RUN: %check-expect --heap-from %t.O2.heap %t.O2.shim.json
// RUN: FileCheck %s --check-prefix=STACKS < %t.O2.json
//
// allocsite-report charges each allocation to the first caller outside the
// wrappers (named here, as a project would); --cum ranks functions by cum.
// RUN: cd %S && %allocsite-report top --skip-wrappers='^(pool_alloc|xmalloc_checked|xmalloc)$' %t.O0.json | FileCheck %s --check-prefix=TOP
// RUN: cd %S && %allocsite-report top --skip-wrappers='^(pool_alloc|xmalloc_checked|xmalloc)$' %t.O2.json | FileCheck %s --check-prefix=TOP
// RUN: cd %S && %allocsite-report top --cum %t.O0.json | FileCheck %s --check-prefix=CUM
// TOP: Total: 601 objects, 22496 bytes in 3 stacks (1 report), ranked by objects, by first caller outside allocator wrappers
// TOP-NEXT: objects objects% bytes bytes% avg location function
// TOP-NEXT: 500 83.19% 12000 53.34% 24 wrapper_chain.c:81:21 parse_token
// TOP-NEXT: 100 16.64% 6400 28.45% 64 wrapper_chain.c:89:16 make_name
// TOP-NEXT: 1 0.17% 4096 18.21% 4096 wrapper_chain.c:101:18 main
// TOP-NOT: {{.}}
// CUM-DAG: 0 0.00% 601 100.00% 0 0.00% 22496 100.00% 37.43 wrapper_chain.c xmalloc 1 0
// CUM-DAG: 0 0.00% 601 100.00% 0 0.00% 22496 100.00% 37.43 wrapper_chain.c xmalloc_checked 1 0
// CUM-DAG: 601 100.00% 601 100.00% 22496 100.00% 22496 100.00% 37.43 wrapper_chain.c pool_alloc 1 0
// CUM-DAG: 0 0.00% 601 100.00% 0 0.00% 22496 100.00% 37.43 wrapper_chain.c main 1 1
// CUM-DAG: 0 0.00% 500 83.19% 0 0.00% 12000 53.34% 24 wrapper_chain.c parse_token 1 0
// CUM-DAG: 0 0.00% 100 16.64% 0 0.00% 6400 28.45% 64 wrapper_chain.c make_name 1 0
//
// CHECK: tokens=500 names=100 buffer=4096
//
// STACKS: "contexts": {"depth": 8, "stacks": [
// STACKS-DAG: {"function": "malloc", "objects": 500, "bytes": 12000, "frames": [{"module": {{[0-9]+}}, "offset": "{{0x[0-9a-f]+}}"}, {"module": {{[0-9]+}}, "offset": "{{0x[0-9a-f]+}}"}, {"module": {{[0-9]+}}, "offset": "{{0x[0-9a-f]+}}"}, {"module": {{[0-9]+}}, "offset": "{{0x[0-9a-f]+}}"}, 
// STACKS-DAG: {"function": "malloc", "objects": 100, "bytes": 6400, "frames": [{"module": {{[0-9]+}}, "offset": "{{0x[0-9a-f]+}}"}, {"module": {{[0-9]+}}, "offset": "{{0x[0-9a-f]+}}"}, {"module": {{[0-9]+}}, "offset": "{{0x[0-9a-f]+}}"}, {"module": {{[0-9]+}}, "offset": "{{0x[0-9a-f]+}}"}, 
// STACKS-DAG: {"function": "malloc", "objects": 1, "bytes": 4096, "frames": [{"module": {{[0-9]+}}, "offset": "{{0x[0-9a-f]+}}"}, {"module": {{[0-9]+}}, "offset": "{{0x[0-9a-f]+}}"}, {"module": {{[0-9]+}}, "offset": "{{0x[0-9a-f]+}}"}, 
// STACKS: "dropped": {"objects": 0, "bytes": 0}
//
// EXPECT-HEAP: objects=601 bytes=22496
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static size_t pool_bytes;

__attribute__((noinline)) static void *pool_alloc(size_t n) {
  pool_bytes += n; // a statistics counter, as real wrappers keep
  return malloc(n); // EXPECT: objects=0 bytes=0
}

__attribute__((noinline)) static void *xmalloc_checked(size_t n) {
  void *p = pool_alloc(n); // EXPECT: objects=0 bytes=0 flags=wrapper-call,in-wrapper
  if (!p)
    abort();
  return p;
}

__attribute__((noinline)) static void *xmalloc(size_t n) { return xmalloc_checked(n); } // EXPECT: objects=0 bytes=0

struct token {
  int kind;
  long value;
  struct token *next;
};

__attribute__((noinline)) static struct token *parse_token(int i, struct token *next) {
  struct token *t = xmalloc(sizeof *t); // EXPECT: objects=500 bytes=12000 allocator=xmalloc
  t->kind = i % 3;
  t->value = i;
  t->next = next;
  return t;
}

__attribute__((noinline)) static char *make_name(int i) {
  char *name = xmalloc(64); // EXPECT: objects=100 bytes=6400 allocator=xmalloc
  snprintf(name, 64, "name-%d", i);
  return name;
}

int main(void) {
  struct token *tokens = NULL;
  for (int i = 0; i < 500; i++)
    tokens = parse_token(i, tokens);
  char *names[100];
  for (int i = 0; i < 100; i++)
    names[i] = make_name(i);
  char *buffer = xmalloc(4096); // EXPECT: objects=1 bytes=4096 allocator=xmalloc
  int ntokens = 0;
  while (tokens) {
    struct token *t = tokens;
    tokens = t->next;
    free(t);
    ntokens++;
  }
  for (int i = 0; i < 100; i++)
    free(names[i]);
  free(buffer);
  char line[128];
  int len = snprintf(line, sizeof line, "tokens=%d names=%d buffer=%d\n", ntokens, 100, 4096);
  return write(1, line, (size_t)len) == len ? 0 : 1;
}
