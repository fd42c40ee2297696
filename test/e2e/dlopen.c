// An instrumented shared library loaded with dlopen, used, unloaded with
// dlclose, loaded and used again, unloaded again, then loaded a third time and
// left loaded at exit: its sites are listed once each, with the sum of all
// three uses, and never-run sites with zeros.
//
// RUN: %cc_as -O0 -g -fPIC -shared %S/Inputs/dl_plugin.c -o %t.O0.so
// RUN: %cc_as -O0 -g %s %rt -ldl '-Wl,--export-dynamic-symbol=__allocsite_*' -o %t.O0
// RUN: rm -f %t.O0.json
// RUN: env ALLOCSITE_OUT=%t.O0.json %t.O0 %t.O0.so | FileCheck %s --check-prefix=OUT
// RUN: %check-expect %s %t.O0.json
// RUN: %check-expect %S/Inputs/dl_plugin.c %t.O0.json
//
// RUN: %cc_as -O2 -g -fPIC -shared %S/Inputs/dl_plugin.c -o %t.O2.so
// RUN: %cc_as -O2 -g %s %rt -ldl '-Wl,--export-dynamic-symbol=__allocsite_*' -o %t.O2
// RUN: rm -f %t.O2.json
// RUN: env ALLOCSITE_OUT=%t.O2.json %t.O2 %t.O2.so | FileCheck %s --check-prefix=OUT
// RUN: %check-expect %s %t.O2.json
// RUN: %check-expect %S/Inputs/dl_plugin.c %t.O2.json
//
// OUT: unloaded: yes
// OUT-NEXT: unloaded: yes
// OUT-NEXT: done
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

static void *volatile sink;

static int use_plugin(const char *path, int n, int unload) {
  void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    printf("dlopen: %s\n", dlerror());
    exit(1);
  }
  void (*work)(int) = (void (*)(int))dlsym(h, "plugin_work");
  work(n);
  if (!unload)
    return 0;
  dlclose(h);
  // Really gone? RTLD_NOLOAD only finds a library that is still loaded.
  void *again = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
  printf("unloaded: %s\n", again ? "no" : "yes");
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  sink = malloc(7); // EXPECT: objects=1 bytes=7
  use_plugin(argv[1], 5, 1);
  use_plugin(argv[1], 4, 1);
  use_plugin(argv[1], 3, 0);
  puts("done");
  return 0;
}
// EXPECT-TOTAL: objects=16 bytes=508 sites=4
