/* The helpers of whole_program.test's program, defined in another file
 * (helpers.c) than their callers (app.c), declared without attributes: only
 * their bodies say what they do. */
#include <stddef.h>
void *xmalloc(size_t n);
unsigned checksum(const char *p, size_t n);
void keep(const char *p);
