// Real code: Debian's stb_ds.h (dynamic arrays, hash maps with integer and
// string keys, string arena), compiled with allocsite.  The report's totals
// must equal, exactly, what count_shim.so counts on its own in the same run,
// and be far from trivial.
//
// REQUIRES: stb
// RUN: %allocsite-cc -O0 -g %s -o %t.O0
// RUN: rm -f %t.O0.json %t.O0.shim %t.O0.heap
// RUN: env ALLOCSITE_OUT=%t.O0.json LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.O0.shim COUNT_SHIM_HEAP_OUT=%t.O0.heap %t.O0 | FileCheck %s
// RUN: %check-expect --totals-from %t.O0.shim --heap-from %t.O0.heap --min-objects 101 %t.O0.json
//
// RUN: %allocsite-cc -O2 -g %s -o %t.O2
// RUN: rm -f %t.O2.json %t.O2.shim %t.O2.heap
// RUN: env ALLOCSITE_OUT=%t.O2.json LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.O2.shim COUNT_SHIM_HEAP_OUT=%t.O2.heap %t.O2 | FileCheck %s
// RUN: %check-expect --totals-from %t.O2.shim --heap-from %t.O2.heap --min-objects 101 %t.O2.json
//
// The allocations happen inside stb_ds.h's implementation:
// RUN: FileCheck %s --check-prefix=SITES < %t.O2.json
// SITES: "file": "/usr/include/stb/stb_ds.h"
//
// CHECK: array sum 4005 len 90
// CHECK-NEXT: int map 2000 entries, 13 -> 169, deleted 1000
// CHECK-NEXT: string map 500 entries, key-17 -> 17
// CHECK-NEXT: arena map 300 entries, name-299 -> 299
// CHECK-NEXT: records 250, last id 249 name rec-249
#define STB_DS_IMPLEMENTATION
#include <stb/stb_ds.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct int_entry {
  int key;
  int value;
};
struct str_entry {
  char *key;
  int value;
};
struct record {
  int id;
  char *name; // malloc'd by strdup
  int *tags;  // an stb_ds array
};

int main(void) {
  // Dynamic arrays: push, insert, delete, grow, free.
  int *numbers = NULL;
  for (int i = 0; i < 100; i++)
    arrput(numbers, i);
  arrins(numbers, 0, -1);
  arrdel(numbers, 0);
  arrdeln(numbers, 90, 10);
  long sum = 0;
  for (int i = 0; i < arrlen(numbers); i++)
    sum += numbers[i];
  arrsetcap(numbers, 1000);
  printf("array sum %ld len %d\n", sum, (int)arrlen(numbers));
  arrfree(numbers);

  // Hash map with integer keys.
  struct int_entry *squares = NULL;
  for (int i = 0; i < 2000; i++)
    hmput(squares, i, i * i);
  int thirteen = hmget(squares, 13);
  int deleted = 0;
  for (int i = 0; i < 2000; i += 2)
    deleted += hmdel(squares, i);
  printf("int map %d entries, 13 -> %d, deleted %d\n", 2000, thirteen, deleted);
  hmfree(squares);

  // String keys the map copies (sh_new_strdup), then deletes.
  struct str_entry *by_name = NULL;
  sh_new_strdup(by_name);
  char key[32];
  for (int i = 0; i < 500; i++) {
    snprintf(key, sizeof key, "key-%d", i);
    shput(by_name, key, i);
  }
  int seventeen = shget(by_name, "key-17");
  printf("string map %d entries, key-17 -> %d\n", (int)shlen(by_name), seventeen);
  for (int i = 0; i < 500; i += 3) {
    snprintf(key, sizeof key, "key-%d", i);
    shdel(by_name, key);
  }
  shfree(by_name);

  // String keys in the map's arena.
  struct str_entry *arena = NULL;
  sh_new_arena(arena);
  for (int i = 0; i < 300; i++) {
    snprintf(key, sizeof key, "name-%d", i);
    shput(arena, key, i);
  }
  printf("arena map %d entries, name-299 -> %d\n", (int)shlen(arena), shget(arena, "name-299"));
  shfree(arena);

  // An array of structs owning malloc'd memory and arrays of their own.
  struct record *records = NULL;
  for (int i = 0; i < 250; i++) {
    struct record r = {i, NULL, NULL};
    snprintf(key, sizeof key, "rec-%d", i);
    r.name = strdup(key);
    for (int t = 0; t < i % 7; t++)
      arrput(r.tags, t);
    arrput(records, r);
  }
  struct record *last = &arrlast(records);
  printf("records %d, last id %d name %s\n", (int)arrlen(records), last->id, last->name);
  for (int i = 0; i < arrlen(records); i++) {
    free(records[i].name);
    arrfree(records[i].tags);
  }
  arrfree(records);
  return 0;
}
