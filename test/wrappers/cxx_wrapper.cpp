// C++: a wrapper of operator new, and a pure wrapper of malloc called from
// C++ code, are recognised like C ones (names shown without parameters).
// RUN: %cxx_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 4
// RUN: %cxx_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 4
#include <cstdlib>
#include <cstring>
#include <new>

__attribute__((noinline)) void *raw_new(std::size_t n) {
  return ::operator new(n); // CHECK-DAG: [[@LINE]]:10: remark: operator new(...) stays on the heap: returned: wrapper 'raw_new', judged at each call of it [site {{[0-9a-f]{16}\]}}
}

__attribute__((noinline)) void *xmalloc(std::size_t n) {
  void *p = std::malloc(n); // CHECK-DAG: [[@LINE]]:13: remark: malloc(...) stays on the heap: returned: wrapper 'xmalloc', judged at each call of it [site {{[0-9a-f]{16}\]}}
  if (!p)
    std::abort();
  return p;
}

int use(const char *s) {
  char *a = static_cast<char *>(raw_new(16)); // CHECK-DAG: [[@LINE]]:33: remark: raw_new(16) does not escape: can be stack-allocated (through wrapper raw_new) [site {{[0-9a-f]{16}\]}}
  std::memcpy(a, s, 16);
  int k = a[2];
  ::operator delete(a);
  char *b = static_cast<char *>(xmalloc(8)); // CHECK-DAG: [[@LINE]]:33: remark: xmalloc(8) does not escape: can be stack-allocated (through wrapper xmalloc) [site {{[0-9a-f]{16}\]}}
  std::memcpy(b, s, 8);
  k += b[1];
  std::free(b);
  return k;
}
