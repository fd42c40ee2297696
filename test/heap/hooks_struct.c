// cJSON's pattern: the allocator is a hooks struct holding pointers to
// malloc, realloc and free, so the program contains no call to the malloc
// family at all: the per-site report is empty.  The interposer still counts
// every allocation, exactly (checked against the source and against an
// independent LD_PRELOAD count).
// 200 items: each a 32-byte node plus a key of 8 bytes ("key-NNN" + NUL),
// and 20 values grown 8 -> 16 -> 32 bytes by realloc: 420 + 40 allocations.
//
// RUN: %cc_as -O0 -g %s %rt -o %t.O0
// RUN: rm -f %t.O0.json %t.O0.shim.json %t.O0.heap
// RUN: env ALLOCSITE_DEPTH=8 ALLOCSITE_OUT=%t.O0.json %t.O0 | FileCheck %s
// RUN: %check-expect --opt O0 %s %t.O0.json
// RUN: env ALLOCSITE_DEPTH=8 ALLOCSITE_OUT=%t.O0.shim.json LD_PRELOAD=%count-shim COUNT_SHIM_HEAP_OUT=%t.O0.heap %t.O0 | FileCheck %s
// RUN: %check-expect --heap-from %t.O0.heap %t.O0.shim.json
//
// RUN: %cc_as -O2 -g %s %rt -o %t.O2
// RUN: rm -f %t.O2.json %t.O2.shim.json %t.O2.heap
// RUN: env ALLOCSITE_DEPTH=8 ALLOCSITE_OUT=%t.O2.json %t.O2 | FileCheck %s
// RUN: %check-expect --opt O2 %s %t.O2.json
// RUN: env ALLOCSITE_DEPTH=8 ALLOCSITE_OUT=%t.O2.shim.json LD_PRELOAD=%count-shim COUNT_SHIM_HEAP_OUT=%t.O2.heap %t.O2 | FileCheck %s
// RUN: %check-expect --heap-from %t.O2.heap %t.O2.shim.json
//
// The calling contexts name the lines that asked, through the hooks.
// RUN: cd %S && %allocsite-report top --skip-wrappers='^cjson_strdup$' %t.O0.json | FileCheck %s --check-prefix=TOP
// RUN: cd %S && %allocsite-report top --skip-wrappers='^cjson_strdup$' %t.O2.json | FileCheck %s --check-prefix=TOP
// TOP: Total: 460 objects, 9120 bytes in {{[0-9]+}} stacks (1 report), ranked by objects, by first caller outside allocator wrappers
// TOP-NEXT: objects objects% bytes bytes% avg location function
// TOP-DAG: 200 43.48% 6400 70.18% 32 hooks_struct.c:79:23 main
// TOP-DAG: 200 43.48% 1600 17.54% 8 hooks_struct.c:82:15 main
// TOP-DAG: 40 8.70% 960 10.53% 24 hooks_struct.c:96:19 main
// TOP-DAG: 20 4.35% 160 1.75% 8 hooks_struct.c:92:17 main
//
// CHECK: items=200 keys=1400 values=640
//
// EXPECT-TOTAL: objects=0 bytes=0 sites=0
// EXPECT-HEAP: objects=460 bytes=9120
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct internal_hooks {
  void *(*allocate)(size_t size);
  void (*deallocate)(void *pointer);
  void *(*reallocate)(void *pointer, size_t size);
} internal_hooks;

static internal_hooks global_hooks = {malloc, free, realloc};

/* What cJSON_InitHooks does; volatile so that the optimiser cannot prove the
 * hooks constant and call malloc directly. */
static void init_hooks(internal_hooks *volatile hooks) {
  if (hooks)
    global_hooks = *hooks;
}

static char *cjson_strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *copy = global_hooks.allocate(n);
  if (copy)
    memcpy(copy, s, n);
  return copy;
}

struct item {
  struct item *next;
  char *key;
  char *value;
  size_t value_size;
};

int main(void) {
  static internal_hooks hooks = {malloc, free, realloc};
  init_hooks(&hooks);

  struct item *items = NULL;
  size_t keys = 0;
  for (int i = 0; i < 200; i++) {
    struct item *it = global_hooks.allocate(sizeof *it);
    char key[16];
    snprintf(key, sizeof key, "key-%03d", i);
    it->key = cjson_strdup(key);
    keys += strlen(it->key);
    it->value = NULL;
    it->value_size = 0;
    it->next = items;
    items = it;
  }
  size_t values = 0;
  int n = 0;
  for (struct item *it = items; it && n < 20; it = it->next, n++) {
    it->value = global_hooks.allocate(8);
    it->value_size = 8;
    while (it->value_size < 32) {
      it->value_size *= 2;
      it->value = global_hooks.reallocate(it->value, it->value_size);
    }
    values += it->value_size;
  }
  int count = 0;
  while (items) {
    struct item *it = items;
    items = it->next;
    global_hooks.deallocate(it->value);
    global_hooks.deallocate(it->key);
    global_hooks.deallocate(it);
    count++;
  }
  char line[128];
  int len = snprintf(line, sizeof line, "items=%d keys=%zu values=%zu\n", count, keys, values);
  return write(1, line, (size_t)len) == len ? 0 : 1;
}
