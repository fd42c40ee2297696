// An instrumented shared library that dlopen.c loads, unloads and loads
// again (compiled and checked by it; linked without the runtime).
#include <stdlib.h>
#include <string.h>

void *volatile plugin_sink;

void plugin_work(int n) {
  for (int i = 0; i < n; i++) {
    void *p = malloc(40); // EXPECT: objects=12 bytes=480 sites=1
    plugin_sink = p;
    free(p);
  }
  plugin_sink = strdup("plugin"); // EXPECT: objects=3 bytes=21 sites=1
  free(plugin_sink);
}

void plugin_unused(void) {
  plugin_sink = calloc(1, 1); // EXPECT: objects=0 bytes=0 sites=1
}
