/* util.h - the tiny project's library interface (see CMakeLists.txt). */
#ifndef UTIL_H
#define UTIL_H
char *make_label(int id);
int *make_table(int n);
#endif
