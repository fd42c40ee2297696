/* An allocation wrapper declared in a header, as real projects declare
 * theirs (Redis's zmalloc.h, git's git-compat-util.h): the attributes make
 * every call of it, in every file that includes this, an allocation site. */
#include <stddef.h>
__attribute__((malloc, alloc_size(1))) void *xmalloc(size_t n);
/* Another file's pointer-to-wrapper: calls through it are not sites. */
extern void *(*xmalloc_pointer)(size_t);
