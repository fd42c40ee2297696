/*
 * env.c - how the runtime reads its ALLOCSITE_* environment variables.
 *
 * Through secure_getenv: in a set-user-ID or set-group-ID program (or one
 * that gained capabilities on exec) it returns NULL, so the person running
 * the program cannot point a report at a file only the program's owner may
 * write, or make it install a signal handler.  Such a program behaves as if
 * no ALLOCSITE_* variable were set.
 */
#define _GNU_SOURCE
#include <stdlib.h>

#include "rt_internal.h"

const char *rt_getenv(const char *name) { return secure_getenv(name); }
