// -fno-builtin, -fno-builtin-malloc and -ffreestanding do not hide
// allocations: the program still calls the C library's allocators, and each
// call is counted exactly (README, "What is counted").
//
// RUN: %cc_as -O0 -g -fno-builtin %s %rt -o %t.nb0
// RUN: env ALLOCSITE_OUT=%t.nb0.json %t.nb0
// RUN: %check-expect %s %t.nb0.json
// RUN: %cc_as -O2 -g -fno-builtin %s %rt -o %t.nb2
// RUN: env ALLOCSITE_OUT=%t.nb2.json %t.nb2
// RUN: %check-expect %s %t.nb2.json
// RUN: %cc_as -O0 -g -fno-builtin-malloc -fno-builtin-strdup %s %rt -o %t.nbm0
// RUN: env ALLOCSITE_OUT=%t.nbm0.json %t.nbm0
// RUN: %check-expect %s %t.nbm0.json
// RUN: %cc_as -O2 -g -fno-builtin-malloc -fno-builtin-strdup %s %rt -o %t.nbm2
// RUN: env ALLOCSITE_OUT=%t.nbm2.json %t.nbm2
// RUN: %check-expect %s %t.nbm2.json
// RUN: %cc_as -O0 -g -ffreestanding %s %rt -o %t.fs0
// RUN: env ALLOCSITE_OUT=%t.fs0.json %t.fs0
// RUN: %check-expect %s %t.fs0.json
// RUN: %cc_as -O2 -g -ffreestanding %s %rt -o %t.fs2
// RUN: env ALLOCSITE_OUT=%t.fs2.json %t.fs2
// RUN: %check-expect %s %t.fs2.json
#include <stdlib.h>
#include <string.h>

static void *volatile sink;

int main(void) {
  for (int i = 0; i < 10; i++) {
    sink = malloc(8); // EXPECT: objects=10 bytes=80 allocator=malloc
    free(sink);
  }
  sink = strdup("abc"); // EXPECT: objects=1 bytes=4 allocator=strdup
  free(sink);
  sink = calloc(2, 3); // EXPECT: objects=1 bytes=6 allocator=calloc
  free(sink);
  void *p = NULL;
  if (posix_memalign(&p, 64, 100) == 0) // EXPECT: objects=1 bytes=100 allocator=posix_memalign
    free(p);
  return 0;
}
// EXPECT-TOTAL: objects=13 bytes=190
