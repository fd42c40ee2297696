/*
 * display.h - how sites are named on screen, the same way in every command:
 * paths relative to the current directory when the file is under it (what
 * the user would type), else relative to the program's directory when
 * under that (an in-tree build), else absolute; "file:line:col" locations, with a
 * hint instead when the code was compiled without -g; and the function an
 * allocation is in, with the function it was inlined into.
 *
 * Every string returned is freshly allocated and already escaped for the
 * terminal (text.h); the caller frees it.
 */
#ifndef ALLOCSITE_REPORT_DISPLAY_H
#define ALLOCSITE_REPORT_DISPLAY_H

#include "report_model.h"
#include "symbolize.h"

/* Remembers the current directory and the directory of program (the
 * report's "program", or NULL); call once before the functions below. */
void display_init(const char *program);

/* path relative to the current directory if it is under it, else to the
 * program's directory if under that, else as is. */
char *display_path(const char *path);

/* path relative to the current directory if it is under it, else as is
 * (for the program itself, which is always under its own directory). */
char *display_cwd_path(const char *path);

/* "src/a.c:7:15", "a.c:7" without a column, "a.c" without a line. */
char *display_place(const char *file, uint32_t line, uint32_t column);

/* A function name, escaped; "?" for NULL. */
char *display_name(const char *name);

/* A symbolized frame's function, or the module and offset when unknown. */
char *display_sym_function(const struct sym_frame *f, const struct sym_location *where,
                           const struct as_contexts *contexts);

/* "src/a.c:7:15" ("a.c:7" without a column, "a.c" without a line); for a
 * site without debug info "a.c: (file:line needs -g)", naming the module. */
char *display_location(const struct as_site *site);

/* "main", or for an inlined allocation "parse (inlined into main at
 * a.c:9:10)", or through several calls "f (inlined via g into main at
 * a.c:9:10)". */
char *display_function(const struct as_site *site);

#endif
