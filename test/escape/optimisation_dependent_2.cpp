// Verdicts are for sites as compiled, C++: an RAII buffer whose constructor
// new[]s and whose destructor delete[]s.  At -O0 the constructor is its own
// function and stores the array into *this (memory of a parameter); at -O2
// constructor and destructor are inlined into the function with the local
// object, where the array never escapes and is deleted.
// RUN: %cxx_as -std=c++17 -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --check-prefix=O0 --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 1
// RUN: %cxx_as -std=c++17 -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --check-prefix=O2 --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 1
#include <cstring>

class Buffer {
public:
  explicit Buffer(const char *src) {
    data_ = new char[64]; // O0-DAG: [[@LINE]]:13: remark: operator new[](64) stays on the heap: stored to memory that outlives the function at {{.*}}optimisation_dependent_2.cpp:[[@LINE]]:11 [site {{[0-9a-f]{16}\]}}
    std::memcpy(data_, src, 64); // O2-DAG: [[@LINE-1]]:13: remark: operator new[](64) does not escape: can be stack-allocated (inlined into use_buffer(char const*, int) at {{.*}}optimisation_dependent_2.cpp:[[@LINE+10]]:10) [site {{[0-9a-f]{16}\]}}
  }
  ~Buffer() { delete[] data_; }
  int at(int i) const { return data_[i & 63]; }

private:
  char *data_;
};

int use_buffer(const char *src, int i) {
  Buffer b(src);
  return b.at(i) + b.at(i + 1);
}
