// allocsite-c++ compiles and links C++ (clang++, libstdc++) with the plugin
// and runtime: new, new[] and delete, in one step and with -c then link.
//
// RUN: rm -f %t.*.json
// RUN: %allocsite-cxx -O2 -g %s -o %t.onestep
// RUN: env ALLOCSITE_OUT=%t.onestep.json %t.onestep
// RUN: FileCheck %s < %t.onestep.json
//
// RUN: %allocsite-cxx -O0 -g -c %s -o %t.o
// RUN: %allocsite-cxx %t.o -o %t.separate
// RUN: env ALLOCSITE_OUT=%t.separate.json %t.separate
// RUN: FileCheck %s < %t.separate.json

// A destructor makes new[] store the element count in front of the array
// (8 bytes on x86-64), which operator new[] is asked for too.
struct Node {
  long value[3];
  ~Node() { value[0] = 0; }
};

// Kept until exit, so that -O2 cannot delete the allocations as unused.
static int *volatile ints[16];
static Node *volatile nodes[16];
static volatile int four = 4, two = 2;

int main() {
  for (int i = 0; i < four; i++)
    // CHECK-DAG: "file": "{{.*}}cxx_new_delete.cpp", "line": [[@LINE+1]], {{.*}}"function": "main", {{.*}}"allocator": "operator new", {{.*}}"objects": 4, "bytes": 16}
    ints[i] = new int(i);
  for (int i = 0; i < two; i++)
    // CHECK-DAG: "file": "{{.*}}cxx_new_delete.cpp", "line": [[@LINE+1]], {{.*}}"allocator": "operator new[]", {{.*}}"objects": 2, "bytes": 80}
    ints[8 + i] = new int[10];
  for (int i = 0; i < two; i++)
    // CHECK-DAG: "file": "{{.*}}cxx_new_delete.cpp", "line": [[@LINE+1]], {{.*}}"allocator": "operator new[]", {{.*}}"objects": 2, "bytes": 160}
    nodes[i] = new Node[3];
  // delete and delete[] allocate nothing: they add no site and change no count.
  for (int i = 0; i < four; i++)
    delete ints[i];
  delete[] ints[8];
  delete[] nodes[0];
  return 0;
}
// CHECK: "at_sites": {"objects": 8, "bytes": 256}}
