// C++: `new` in both arms merged into one; and std::make_unique called in
// both arms, inlined twice and its two `new`s merged (LLVM 14 keeps none of
// make_unique's frames, 19 keeps them and puts line 0 in the caller's): the
// site is make_unique's `new`, the merged calls are the two make_unique calls.
// std::make_unique returns through an sret argument, so calls are recorded
// whatever they return.
// RUN: %cxx_as -std=c++17 -O0 -g -c -fno-caret-diagnostics -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --check-prefix=O0 --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 3
// RUN: %cxx_as -std=c++17 -O2 -g -c -fno-caret-diagnostics -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --check-prefix=O2 --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 2
// RUN: not grep "could not determine" %t.O0 %t.O2
#include <cstdio>
#include <memory>

struct Node {
  int v;
  explicit Node(int x) : v(x) {}
};
Node *keep;
std::unique_ptr<Node> held;

void direct(int c) {
  if (c) {
    puts("a");
    keep = new Node(1); // O0-DAG: AllocSite_merged_calls_cxx.cpp:[[@LINE]]:12: remark: operator new(4) stays on the heap: stored to global 'keep' at {{.*}}AllocSite_merged_calls_cxx.cpp:[[@LINE]]:10 [site {{[0-9a-f]{16}\]}}
    // O2-DAG: AllocSite_merged_calls_cxx.cpp:[[@LINE-1]]:12: remark: operator new(4) stays on the heap: stored to global 'keep' (calls at {{.*}}AllocSite_merged_calls_cxx.cpp:[[@LINE-1]]:12 and {{.*}}AllocSite_merged_calls_cxx.cpp:[[@LINE+3]]:12 merged by the optimiser){{( \(inlined into .*\))?}} [site {{[0-9a-f]{16}\]}}
  } else {
    puts("b");
    keep = new Node(2); // O0-DAG: AllocSite_merged_calls_cxx.cpp:[[@LINE]]:12: remark: operator new(4) stays on the heap: stored to global 'keep' at {{.*}}AllocSite_merged_calls_cxx.cpp:[[@LINE]]:10 [site {{[0-9a-f]{16}\]}}
  }
}

// O0-DAG: unique_ptr.h:{{[0-9]+}}:{{[0-9]+}}: remark: operator new(4) stays on the heap: passed to 'std::unique_ptr<Node, std::default_delete<Node>{{ ?}}>::unique_ptr<std::default_delete<Node>, void>(Node*)' (argument 2), which may capture it, at {{.*}} [site {{[0-9a-f]{16}\]}}
void via_make_unique(int c) {
  if (c)
    held = std::make_unique<Node>(3); // O2-DAG: unique_ptr.h:{{[0-9]+}}:{{[0-9]+}}: remark: operator new(4) stays on the heap: stored to global 'held' at {{.*}}unique_ptr.h:{{[0-9]+}}:{{[0-9]+}} (calls at {{.*}}AllocSite_merged_calls_cxx.cpp:[[@LINE]]:12 and {{.*}}AllocSite_merged_calls_cxx.cpp:[[@LINE+2]]:12 merged by the optimiser){{( \(inlined into .*\))?}} [site {{[0-9a-f]{16}\]}}
  else
    held = std::make_unique<Node>(4);
}
