/*
 * wrappers.h - which functions are allocator wrappers, for `top
 * --skip-wrappers`: the frames pprof users hide with -hide, known in
 * advance.  A default list (the C and C++ allocators themselves and the
 * wrappers of common libraries) plus regular expressions the user adds.
 */
#ifndef ALLOCSITE_REPORT_WRAPPERS_H
#define ALLOCSITE_REPORT_WRAPPERS_H

struct wrappers;

/* The default list. */
struct wrappers *wrappers_new(void);

/* Adds a POSIX extended regular expression matched anywhere in a function
 * name (like pprof's -hide).  Returns 0, or -1 with *error set when the
 * expression is invalid. */
int wrappers_add(struct wrappers *w, const char *regex, char **error);

/* Whether function (a demangled name, maybe with its parameter list) is a
 * wrapper; an unknown function (NULL) is not. */
int wrappers_match(const struct wrappers *w, const char *function);

void wrappers_free(struct wrappers *w);

/* The default patterns, NULL-terminated, for --help and the README. */
extern const char *const wrappers_default[];

#endif
