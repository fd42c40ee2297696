#include <stddef.h>
__attribute__((malloc, alloc_size(1))) void *pool_alloc(size_t n);
extern unsigned long pool_calls, pool_chunks;
