// -allocsite-cross-check shows where llvm::MemoryBuiltins and allocsite's
// allocator table disagree; the option works through -mllvm (with -fplugin)
// and through the environment.  posix_memalign is unknown to MemoryBuiltins
// in both versions; on LLVM 19 at -O0 even malloc is (no allockind yet).
// RUN: %cc_as -fplugin=%plugin -O0 -c -mllvm -allocsite-cross-check -Rpass-analysis=allocsite %s -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,O0-LLVM%llvm-major
// RUN: env ALLOCSITE_CROSS_CHECK=1 %cc_as -O2 -c -Rpass-analysis=allocsite %s -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,O2
// RUN: %cc_as -O2 -c -Rpass-analysis=allocsite %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=OFF
#include <stdlib.h>
void sink(void *);
void f(void) {
  // O0-LLVM19: [[@LINE+2]]:8: remark: call to 'malloc': allocsite counts it, llvm::MemoryBuiltins does not recognise it
  // O0-LLVM14-NOT: call to 'malloc'
  sink(malloc(8));
  void *p;
  // CHECK: [[@LINE+1]]:7: remark: call to 'posix_memalign': allocsite counts it, llvm::MemoryBuiltins does not recognise it
  if (posix_memalign(&p, 16, 32) == 0)
    sink(p);
}
// O2-NOT: call to 'malloc'
// OFF-NOT: call to
