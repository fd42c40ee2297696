// std::vector temporaries: the allocation happens in libstdc++'s allocator
// (new_allocator.h), where the size is the vector's run-time capacity; the
// site stays on the heap at both levels, for the address, not the size: at
// -O0 the allocator returns it, and at -O2, the copy inlined into the
// function that grows the vector, the old buffer is kept across the loop's
// iterations (copied into the next one) (a fixed-size vector that is only
// summed is folded away by LLVM and has no site at all).
// RUN: %cxx_as -std=c++17 -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --check-prefix=O0 --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 1
// RUN: %cxx_as -std=c++17 -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --check-prefix=O2 --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 1
#include <numeric>
#include <vector>

int sum_small(int n) {
  std::vector<int> v(8);
  for (int i = 0; i < 8; i++)
    v[i] = i * n;
  return std::accumulate(v.begin(), v.end(), 0);
}

int sum_pushed(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; i++)
    v.push_back(i);
  return std::accumulate(v.begin(), v.end(), 0);
}
// At -O2 the chain of calls it was inlined through ends in sum_pushed.
// O0: new_allocator.h:{{[0-9]+}}:{{[0-9]+}}: remark: operator new(...) stays on the heap: returned to the caller at {{.*}}new_allocator.h:{{[0-9]+}}:{{[0-9]+}} [site {{[0-9a-f]{16}\]}}
// O2: new_allocator.h:{{[0-9]+}}:{{[0-9]+}}: remark: operator new(...) stays on the heap: kept across loop iterations at {{.*}} (inlined into {{.*}}, into sum_pushed(int) at {{.*}}heap_cxx_vector.cpp:27:{{[0-9]+}}) [site {{[0-9a-f]{16}\]}}
