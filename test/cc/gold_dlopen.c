// An executable linked by allocsite-cc through gold (-fuse-ld=gold), which
// exports only the symbols it is given by exact name, dlopens an
// instrumented library.  The library refers to every kind of runtime
// symbol (the registration functions, the thread state, the direct
// pointers of the malloc family and free), so the load fails unless
// allocsite-cc named them all: they come from the one list in
// runtime/allocsite_abi.inc.  The counts are exact.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %allocsite-cc -O2 -g -fPIC -shared -DPLUGIN %s -o %t/libplug.so
// RUN: %allocsite-cc -O2 -g -fuse-ld=gold %s -ldl -o %t/app
// RUN: llvm-nm -D --defined-only %t/app | FileCheck --check-prefix=EXPORTS %s
// RUN: env ALLOCSITE_OUT=%t/r.json %t/app %t/libplug.so | FileCheck --check-prefix=OUT %s
// RUN: %check-expect %s %t/r.json
//
// EXPORTS-DAG: T __allocsite_register_module_v6
// EXPORTS-DAG: T __allocsite_unregister_module_v6
// EXPORTS-DAG: T __allocsite_thread_slow_v6
// EXPORTS-DAG: {{[BD]}} __allocsite_thread_v6
// EXPORTS-DAG: D __allocsite_direct_malloc
// EXPORTS-DAG: D __allocsite_direct_free
// EXPORTS-DAG: T allocsite_totals
// OUT: plugin ran
#include <stdlib.h>
#include <string.h>

#ifdef PLUGIN
void *volatile plug_sink;

__attribute__((noinline)) static void *plug_xmalloc(size_t n) {
  return malloc(n); // EXPECT: objects=0 bytes=0
}

void plug_run(void) {
  for (int i = 0; i < 6; i++) {
    plug_sink = plug_xmalloc(24); // EXPECT: objects=6 bytes=144
    free(plug_sink);
  }
  plug_sink = calloc(2, 8); // EXPECT: objects=1 bytes=16
  free(plug_sink);
}
#else
#include <dlfcn.h>
#include <stdio.h>

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  void *h = dlopen(argv[1], RTLD_NOW);
  if (!h) {
    printf("dlopen: %s\n", dlerror());
    return 1;
  }
  void (*run)(void) = (void (*)(void))dlsym(h, "plug_run");
  run();
  puts("plugin ran");
  return 0;
}
#endif
