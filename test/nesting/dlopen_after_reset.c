// allocsite_reset() keeps every thread alive to the runtime: threads that
// counted before the reset are still told when an instrumented library is
// loaded afterwards, and their counts there are exact (the reset used to
// forget every thread but the caller, whose first counts in the library
// were then lost).  Counts from before the reset are gone, as documented.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %cc_as -O0 -g -fPIC -shared %S/Inputs/late_plugin.c -o %t/O0.so
// RUN: %allocsite-cc -O0 -g -pthread -I%srcroot/runtime/include %s -ldl -o %t/O0
// RUN: env ALLOCSITE_OUT=%t/O0.json %t/O0 %t/O0.so | FileCheck %s
// RUN: %check-expect %s %t/O0.json
// RUN: %check-expect %S/Inputs/late_plugin.c %t/O0.json
// RUN: %cc_as -O2 -g -fPIC -shared %S/Inputs/late_plugin.c -o %t/O2.so
// RUN: %allocsite-cc -O2 -g -pthread -I%srcroot/runtime/include %s -ldl -o %t/O2
// RUN: env ALLOCSITE_OUT=%t/O2.json %t/O2 %t/O2.so | FileCheck %s
// RUN: %check-expect %s %t/O2.json
// RUN: %check-expect %S/Inputs/late_plugin.c %t/O2.json
//
// CHECK: workers done
#include <allocsite.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static void *volatile sink;
static pthread_barrier_t loaded, counted;
static void (*plugin_work)(int);

static void *worker(void *arg) {
  (void)arg;
  sink = malloc(16); // EXPECT: objects=0 bytes=0
  free(sink);
  pthread_barrier_wait(&counted); /* registered here before the library exists */
  pthread_barrier_wait(&loaded);
  plugin_work(100);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  pthread_t t[3];
  pthread_barrier_init(&counted, NULL, 4);
  pthread_barrier_init(&loaded, NULL, 4);
  for (int i = 0; i < 3; i++)
    pthread_create(&t[i], NULL, worker, NULL);
  pthread_barrier_wait(&counted);
  allocsite_reset();
  void *h = dlopen(argv[1], RTLD_NOW);
  if (!h) {
    printf("dlopen: %s\n", dlerror());
    return 1;
  }
  plugin_work = (void (*)(int))dlsym(h, "plugin_work");
  pthread_barrier_wait(&loaded);
  for (int i = 0; i < 3; i++)
    pthread_join(t[i], NULL);
  puts("workers done");
  return 0;
}
