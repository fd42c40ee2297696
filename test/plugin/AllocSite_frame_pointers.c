// The plugin leaves frame pointers as clang set them (they cost about 4% on
// call-heavy code, and only calling contexts need them) and records in the
// module descriptor whether every calling function keeps one, so the runtime
// knows which code a context walk can go through (README, "Every heap
// allocation").  Leaf functions do not count: no allocation happens below them.
//
// RUN: %clang -fpass-plugin=%plugin -O2 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=O2
// RUN: %clang -fpass-plugin=%plugin -O2 -fno-omit-frame-pointer -S -emit-llvm %s -o - | FileCheck %s --check-prefix=FP
// RUN: %clang -fpass-plugin=%plugin -O2 -fno-omit-frame-pointer -momit-leaf-frame-pointer -S -emit-llvm %s -o - | FileCheck %s --check-prefix=FP
// RUN: %clang -fpass-plugin=%plugin -O0 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=FP
//
// O2-NOT: "frame-pointer"="all"
// (the two i32 before the thread_block function: flags, then num_counts:
// the site and the NESTED record of malloc, no size histogram)
// O2: @__allocsite_module = internal global {{.*}} null, {{(i8\*|ptr)}} null, i32 0, i32 2, {{.*}}@__allocsite_thread_block
// O2-NOT: "frame-pointer"="all"
// FP: @__allocsite_module = internal global {{.*}} null, {{(i8\*|ptr)}} null, i32 1, i32 2, {{.*}}@__allocsite_thread_block
#include <stdlib.h>

int leaf(int x) { return x * 3 + 1; }

void *keep;
void allocate(int n) { keep = malloc((size_t)leaf(n)); }
