/*
 * symbolize.h - turns calling-context frames (module, offset) into source
 * places with llvm-symbolizer, run once per command as a subprocess (the
 * same symbolizer sanitizers and pprof use; allocsite-report does not read
 * DWARF itself).  An address inside inlined code becomes several frames,
 * innermost first, as in the report's own inlined_at chains.
 */
#ifndef ALLOCSITE_REPORT_SYMBOLIZE_H
#define ALLOCSITE_REPORT_SYMBOLIZE_H

#include <stdint.h>

#include "report_model.h"

/* One source-level frame. */
struct sym_frame {
  char *function; /* demangled; NULL when unknown */
  char *file;     /* NULL when unknown */
  uint32_t line, column;
};

/* What one return address symbolizes to: num_frames >= 1, innermost
 * first; an address that could not be resolved has one frame whose
 * function and file are NULL. */
struct sym_location {
  int64_t module;
  uint64_t offset;
  struct sym_frame *frames;
  size_t num_frames;
};

struct sym_table {
  struct sym_location *locations; /* sorted by (module, offset), each once */
  size_t num_locations;
};

/*
 * Which symbolizer to run: explicit (--symbolizer) if not NULL, else
 * $ALLOCSITE_SYMBOLIZER, else llvm-symbolizer on PATH, else the one of the
 * LLVM allocsite was built with.  Returns a fresh path, or NULL with *error
 * set saying how to provide one.
 */
char *symbolizer_find(const char *explicit_path, char **error);

/* Symbolizes every frame of every stack in c with the symbolizer at path.
 * Returns 0, or -1 with *error set when the symbolizer cannot be run. */
int symbolize_contexts(const struct as_contexts *c, const char *symbolizer, struct sym_table *out,
                       char **error);

/* The location of frame f (always found for a frame of the symbolized
 * contexts). */
const struct sym_location *sym_lookup(const struct sym_table *t, const struct as_stack_frame *f);

void sym_table_free(struct sym_table *t);

#endif
