/* Loaded with dlopen by dlopen_thread.c after its worker threads started;
 * its allocations, on those threads, go through its own wrapper. */
#include <stdlib.h>

__attribute__((noinline)) static void *plugin_xmalloc(size_t n) {
  return malloc(n); // EXPECT: objects=0 bytes=0
}

void *volatile plugin_sink;

void plugin_work(int n) {
  for (int i = 0; i < n; i++) {
    plugin_sink = plugin_xmalloc(40); // EXPECT: objects=300 bytes=12000
    free(plugin_sink);
  }
}
