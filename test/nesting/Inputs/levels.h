/* Three wrapper levels, each in its own file, each declared as an
 * allocator: level_a asks level_b, which asks level_c, which calls malloc. */
#include <stddef.h>
__attribute__((malloc, alloc_size(1))) void *level_a(size_t n);
__attribute__((malloc, alloc_size(1))) void *level_b(size_t n);
__attribute__((malloc, alloc_size(1))) void *level_c(size_t n);
