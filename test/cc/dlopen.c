// An instrumented library loaded with dlopen, its function fetched with
// dlsym, by an executable linked by allocsite-cc: the library registers with
// the runtime in the executable (exported for it), and its sites appear in
// the report with exact counts, also when it is dlclose'd before exit (the
// runtime keeps a copy of the unloaded module's counts) and when it is
// loaded, used and unloaded twice (one site entry with the summed counts).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %allocsite-cc -O2 -g -fPIC -shared -DPLUGIN %s -o %t/libplug.so
// RUN: %allocsite-cc -O2 -g %s -o %t/app
//
// Loaded and kept until exit.
// RUN: env ALLOCSITE_OUT=%t/keep.json %t/app %t/libplug.so keep | FileCheck --check-prefix=RUN-KEEP %s
// RUN-KEEP: round 1: unloaded: no
// RUN: FileCheck --check-prefix=KEEP %s < %t/keep.json
// RUN: grep '"function": "plug_alloc"' %t/keep.json | count 2
//
// dlclose'd before exit: the library really is unloaded, and its counts stay.
// RUN: env ALLOCSITE_OUT=%t/close.json %t/app %t/libplug.so close | FileCheck --check-prefix=RUN-CLOSE %s
// RUN-CLOSE: round 1: unloaded: yes
// RUN: FileCheck --check-prefix=KEEP %s < %t/close.json
// RUN: grep '"function": "plug_alloc"' %t/close.json | count 2
//
// Loaded, used, unloaded, and again: each site once, with both rounds' counts.
// RUN: env ALLOCSITE_OUT=%t/reopen.json %t/app %t/libplug.so reopen | FileCheck --check-prefix=RUN-REOPEN %s
// RUN-REOPEN: round 1: unloaded: yes
// RUN-REOPEN: round 2: unloaded: yes
// RUN: FileCheck --check-prefix=REOPEN %s < %t/reopen.json
// RUN: grep '"function": "plug_alloc"' %t/reopen.json | count 2
//
// The executable need not be instrumented itself: linked by allocsite-cc from
// objects compiled without the plugin, it still carries the whole runtime.
// RUN: %clang -O2 -g -c %s -o %t/plain.o
// RUN: %allocsite-cc -Werror %t/plain.o -o %t/plain-app
// RUN: env ALLOCSITE_OUT=%t/plain.json %t/plain-app %t/libplug.so reopen
// RUN: FileCheck --check-prefix=REOPEN %s < %t/plain.json
// RUN: grep '"function": "plug_alloc"' %t/plain.json | count 2
#include <stdlib.h>
#include <string.h>

#ifdef PLUGIN
void *plug_keep[64];

int plug_alloc(int n) {
  for (int i = 0; i < n; i++)
    // KEEP-DAG: "file": "{{.*}}dlopen.c", "line": [[@LINE+2]], {{.*}}"function": "plug_alloc", {{.*}}"allocator": "malloc", {{.*}}"objects": 5, "bytes": 120}
    // REOPEN-DAG: "file": "{{.*}}dlopen.c", "line": [[@LINE+1]], {{.*}}"function": "plug_alloc", {{.*}}"allocator": "malloc", {{.*}}"objects": 10, "bytes": 240}
    plug_keep[i] = malloc(24);
  // KEEP-DAG: "file": "{{.*}}dlopen.c", "line": [[@LINE+2]], {{.*}}"function": "plug_alloc", {{.*}}"allocator": "strdup", {{.*}}"objects": 1, "bytes": 6}
  // REOPEN-DAG: "file": "{{.*}}dlopen.c", "line": [[@LINE+1]], {{.*}}"function": "plug_alloc", {{.*}}"allocator": "strdup", {{.*}}"objects": 2, "bytes": 12}
  plug_keep[63] = strdup("hello");
  return n;
}
// KEEP: "at_sites": {"objects": 6, "bytes": 126}}
// REOPEN: "at_sites": {"objects": 12, "bytes": 252}}

#else
#include <dlfcn.h>
#include <stdio.h>

// usage: app LIBRARY keep|close|reopen
int main(int argc, char **argv) {
  if (argc != 3)
    return 2;
  const char *mode = argv[2];
  int rounds = strcmp(mode, "reopen") == 0 ? 2 : 1;
  for (int round = 1; round <= rounds; round++) {
    void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
      fprintf(stderr, "dlopen: %s\n", dlerror());
      return 1;
    }
    int (*plug_alloc)(int) = (int (*)(int))dlsym(lib, "plug_alloc");
    if (!plug_alloc) {
      fprintf(stderr, "dlsym: %s\n", dlerror());
      return 1;
    }
    plug_alloc(5);
    if (strcmp(mode, "keep") != 0)
      dlclose(lib);
    // RTLD_NOLOAD finds the library only if it is still mapped.
    void *again = dlopen(argv[1], RTLD_NOW | RTLD_NOLOAD);
    printf("round %d: unloaded: %s\n", round, again ? "no" : "yes");
    if (again)
      dlclose(again);
  }
  return 0;
}
#endif
