#include <stdlib.h>
void *make(size_t n) { return malloc(n); }
