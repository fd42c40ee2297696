// Every function the plugin compiles keeps a frame pointer, so the runtime
// can walk calling contexts (README, "Every heap allocation"): at -O2, where
// clang would omit it, and in a module without any allocation site.
//
// RUN: %clang -fpass-plugin=%plugin -O2 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clang -fpass-plugin=%plugin -O2 -S %s -o - | FileCheck %s --check-prefix=ASM
// RUN: %clang -O2 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=PLAIN
//
// CHECK: define{{.*}} @leaf({{.*}} #[[ATTR:[0-9]+]]
// CHECK: attributes #[[ATTR]] = {{{.*}}"frame-pointer"="all"
// ASM-LABEL: leaf:
// ASM: pushq %rbp
// ASM-NEXT: .cfi_def_cfa_offset 16
// ASM-NEXT: .cfi_offset %rbp, -16
// ASM-NEXT: movq %rsp, %rbp
// PLAIN-NOT: "frame-pointer"="all"
int leaf(int x) { return x * 3 + 1; }
