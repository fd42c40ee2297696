// Two identical malloc calls that SimplifyCFG hoists into one (AllocSite_merged_unrecorded.test).
#include <stdlib.h>
#include <string.h>

int hoisted(int c) {
  char *p;
  if (c) {
    p = malloc(32);
    memset(p, 1, 32);
  } else {
    p = malloc(32);
    memset(p, 2, 32);
  }
  int r = p[3];
  free(p);
  return r;
}
