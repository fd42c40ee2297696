// A C++ allocation wrapper that throws when asked for too much (after
// allocating a scratch block), declared as an allocator (unwind.cpp).
#include <cstdlib>
#include <stdexcept>

void *volatile scratch;

__attribute__((malloc, alloc_size(1))) void *checked_new(std::size_t n) {
  scratch = std::malloc(8); // EXPECT: objects=0 bytes=0
  std::free(scratch);
  if (n > 4096)
    throw std::length_error("too much");
  return ::operator new(n); // EXPECT: objects=0 bytes=0
}
