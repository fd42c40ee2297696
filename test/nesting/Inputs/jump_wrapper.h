#include <setjmp.h>
#include <stddef.h>
__attribute__((malloc, alloc_size(1))) void *checked_alloc(size_t n);
extern jmp_buf *error_handler;
