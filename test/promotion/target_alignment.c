// A promoted allocation's slot has the alignment malloc guarantees, as the
// target's DataLayout tells it (its natural stack alignment): 16 on x86-64,
// 8 on 32-bit ARM.  valloc's page alignment comes from the target too
// (TargetTransformInfo, LLVM 17 and later): LLVM 19 knows AArch64's page
// size, nothing tells it for x86-64 (or anything on LLVM 14), and then
// valloc stays on the heap, remarked.  No headers: it compiles for every
// target without a sysroot.
// RUN: env ALLOCSITE_PROMOTE=1 %cc_as --target=x86_64-linux-gnu -O0 -S -emit-llvm -Rpass=allocsite -fno-caret-diagnostics %s -o %t.x86.ll 2> %t.x86.txt
// RUN: FileCheck %s --check-prefix=X86 < %t.x86.ll
// RUN: FileCheck %s --check-prefix=NOPAGE < %t.x86.txt
// RUN: env ALLOCSITE_PROMOTE=1 %cc_as --target=armv7-linux-gnueabihf -O0 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=ARM
// RUN: env ALLOCSITE_PROMOTE=1 %cc_as --target=aarch64-linux-gnu -O0 -S -emit-llvm -Rpass=allocsite -fno-caret-diagnostics %s -o %t.arm64.ll 2> %t.arm64.txt
// RUN: FileCheck %s --check-prefix=ARM64-%llvm-major < %t.arm64.ll
// RUN: FileCheck %s --check-prefix=ARM64-REMARK-%llvm-major < %t.arm64.txt

void *malloc(unsigned long);
void *valloc(unsigned long);
void free(void *);

int main(void) {
  // X86: alloca [24 x i8], align 16
  // ARM: alloca [24 x i8], align 8
  // ARM64-14: alloca [24 x i8], align 16
  // ARM64-19-DAG: alloca [24 x i8], align 16
  char *p = malloc(24);
  p[0] = 1;
  int r = p[0];
  free(p);
  // NOPAGE: [[@LINE+4]]:13: remark: valloc(64) does not escape: can be stack-allocated (not promoted: it asks for page alignment, and the target does not tell the page size)
  // ARM64-REMARK-14: [[@LINE+3]]:13: remark: valloc(64) does not escape: can be stack-allocated (not promoted: it asks for page alignment, and the target does not tell the page size)
  // ARM64-REMARK-19: [[@LINE+2]]:13: remark: valloc(64) does not escape: promoted to stack
  // ARM64-19-DAG: alloca [64 x i8], align 4096
  char *q = valloc(64);
  q[0] = 2;
  r += q[0];
  free(q);
  return r;
}
