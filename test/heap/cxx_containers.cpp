// C++ allocates inside libstdc++: std::string's long strings are made by
// _M_create in libstdc++.so, std::vector's growth and std::map's nodes by
// templates instantiated here.  The heap count (operator new included,
// counted once even though libstdc++'s new would call malloc) equals an
// independent LD_PRELOAD count exactly.
//
// RUN: %cxx_as -O0 -g %s %rt -o %t.O0
// RUN: rm -f %t.O0.json %t.O0.heap
// RUN: env ALLOCSITE_DEPTH=8 ALLOCSITE_OUT=%t.O0.json LD_PRELOAD=%count-shim COUNT_SHIM_HEAP_OUT=%t.O0.heap %t.O0 | FileCheck %s
// RUN: %check-expect --heap-from %t.O0.heap %t.O0.json
// RUN: FileCheck %s --check-prefix=NEW < %t.O0.json
//
// RUN: %cxx_as -O2 -g -fno-omit-frame-pointer %s %rt -o %t.O2
// RUN: rm -f %t.O2.json %t.O2.heap
// RUN: env ALLOCSITE_DEPTH=8 ALLOCSITE_OUT=%t.O2.json LD_PRELOAD=%count-shim COUNT_SHIM_HEAP_OUT=%t.O2.heap %t.O2 | FileCheck %s
// RUN: %check-expect --heap-from %t.O2.heap %t.O2.json
// RUN: FileCheck %s --check-prefix=NEW < %t.O2.json
//
// std::string's memory is allocated by _M_create inside libstdc++, which
// has no frame pointer; the runtime still finds the line that built the
// string.  (libstdc++'s own start-up pool comes first in the heap, with no
// symbols: it is in no stack of this program's code.)
// RUN: cd %S && %allocsite-report top --skip-wrappers='^(void )?std::' %t.O2.json | FileCheck %s --check-prefix=TOP
// TOP-DAG: 1000 {{.*}} 41000 {{.*}} cxx_containers.cpp:38:23 main
// TOP-DAG: 100 {{.*}} 7200 {{.*}} cxx_containers.cpp:44:5 main
//
// CHECK: strings=1000 vector=1000 map=100
// 1000 long strings of 40 characters (41 bytes each), at least.
// NEW: "heap": {"interposed": true, {{.*}}{"function": "operator new", "objects": {{[0-9]+}}
#include <cstdio>
#include <map>
#include <string>
#include <vector>

int main() {
  std::vector<std::string> strings;
  for (int i = 0; i < 1000; i++)
    strings.push_back(std::string(40, static_cast<char>('a' + i % 26)));
  std::vector<int> numbers;
  for (int i = 0; i < 1000; i++)
    numbers.push_back(i);
  std::map<int, std::string> names;
  for (int i = 0; i < 100; i++)
    names[i] = "name-" + std::to_string(i) + "-with-a-long-enough-suffix";
  std::printf("strings=%zu vector=%zu map=%zu\n", strings.size(), numbers.size(), names.size());
  return 0;
}
