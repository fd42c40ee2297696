/*
 * report_model.h - allocsite reports in memory: loading and validating one
 * report file, and summing several by site ID.  Every allocsite-report
 * command works on this model and never on JSON, so the rules about what a
 * valid report is, and when reports may be combined, live in one place:
 * this header, implemented by report_model.c (the model: names, counting
 * rules, freeing), report_load.c (reading JSON), report_validate.c (the
 * rules below, checked) and report_merge.c (summing).
 *
 * What a valid report is (anything else is refused with one error
 * line naming the file and the problem; nothing is ever half-read):
 *  - well-formed JSON (UTF-8, no duplicate keys, nothing after the document)
 *    whose top level is an object with "format": "allocsite" and
 *    "version": 1 or 2;
 *  - "program" a string or null, "pid" a non-negative integer;
 *  - "sites" an array of objects, each with every field the runtime writes:
 *    "id" (16 hex digits), "file" (string or null), "line" and "column"
 *    (integers 0..2^32-1), "function" (string or null), "module" (string or
 *    null), "allocator" (string), "inlined_at" (array of {file, line,
 *    column, function}), "verdict" ("unknown", "promotable" or "heap", and
 *    from version 4 "promotable-if-small"),
 *    "reason" (null or {"code": string, "message": string or null}),
 *    "objects" and "bytes", (from version 2) "flags", an array of
 *    "wrapper-call", "in-wrapper" and "promoted" (and from version 3
 *    "merged"), and (from version 3) "wrapper", a string or null, and
 *    "merged", an array of frames like "inlined_at", and (from version 5)
 *    "sizes", null or an array of ALLOCSITE_SIZE_BUCKETS counts (the
 *    site's size histogram; its sum may differ from "objects" by what
 *    threads added while the report was written);
 *  - "totals" {"objects", "bytes"}: up to version 2 equal to the sums over
 *    the sites; from version 3 the program's total, each allocation once:
 *    the sum over the sites not flagged "promoted" plus, when "heap" is
 *    present and interposed, heap minus heap.at_sites;
 *  - (version 2, optional) "heap": {"interposed": bool, "objects", "bytes",
 *    "by_function": [{"function": non-empty string, "objects", "bytes"}]}
 *    with each function once and the entries summing to objects and bytes,
 *    and (from version 3) "at_sites": {"objects", "bytes"}, at most the
 *    heap's: the heap allocations instrumented sites counted;
 *  - (version 2, optional) "contexts": null, or {"depth": 0..2^32-1,
 *    "modules": [{"path": non-empty string, "build_id": even-length hex
 *    string or null}], "stacks": [{"function": non-empty string, "objects",
 *    "bytes", "frames": [{"module": -1 or an index into modules, "offset":
 *    "0x" and 1 to 16 hex digits}] with at most depth frames}],
 *    "dropped": {"objects", "bytes"}}; when "heap" is present too, the stacks
 *    plus dropped sum to it exactly.  (The README's "Report format" says
 *    what these mean.)
 * Counts are integers from 0 to 2^63-1.  The runtime writes unsigned 64-bit
 * counters, but no program allocates 2^63 objects or bytes in one run, and
 * JSON readers (jansson included) stop at the signed range; a larger,
 * negative or fractional count means the file is not an honest report.
 * Sums over several reports are kept in 64 bits unsigned and refused if they
 * overflow.  Members a version-1 report does not define are ignored.
 */
#ifndef ALLOCSITE_REPORT_MODEL_H
#define ALLOCSITE_REPORT_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "allocsite_abi.h" /* the runtime's format version, flag and verdict names */

/* Version 2 added each site's "flags", "heap" and "contexts"; version 3
 * counts each allocation once (an allocation made inside an instrumented
 * wrapper call is counted at that call's site only), adds "heap.at_sites"
 * and makes "totals" the program's total.  Versions 1 and 2 still load, and
 * are converted to version 3's counting on loading. */
#define AS_REPORT_FORMAT_VERSION ALLOCSITE_REPORT_FORMAT_VERSION
#define AS_REPORT_FORMAT_OLDEST 1

/* Bits of as_site.flags: the runtime's (allocsite_abi.inc names them). */
enum as_site_flag {
  AS_SITE_WRAPPER_CALL = ALLOCSITE_SITE_WRAPPER_CALL, /* "wrapper-call" */
  AS_SITE_IN_WRAPPER = ALLOCSITE_SITE_IN_WRAPPER,     /* "in-wrapper" */
  AS_SITE_PROMOTED = ALLOCSITE_SITE_PROMOTED,         /* "promoted" */
};

enum as_verdict {
#define ALLOCSITE_VERDICT(Id, Value, ReportName) AS_VERDICT_##Id = Value,
#include "allocsite_abi.inc"
};

/* A call the allocation was inlined through. */
struct as_frame {
  char *file;     /* absolute path; NULL without debug info */
  char *function; /* the function containing the call; NULL if not known */
  uint32_t line, column;
};

struct as_site {
  uint64_t id;
  char *file; /* absolute path; NULL without debug info */
  uint32_t line, column; /* 0 without debug info */
  char *function;        /* NULL if not known */
  char *module;          /* the translation unit's main source; NULL if not known */
  char *allocator;
  struct as_frame *inlined_at; /* innermost first */
  size_t num_inlined;
  struct as_frame *merged; /* calls the optimiser merged into this site (version 3) */
  size_t num_merged;
  enum as_verdict verdict;
  char *reason_code;    /* NULL when "reason" is null */
  char *reason_message; /* NULL when "reason" is null or has no message */
  char *wrapper;  /* for an in-wrapper site, the wrapper it is in (version 3); else NULL */
  unsigned flags; /* enum as_site_flag bits */
  uint64_t objects, bytes;
  /* The size histogram (version 5, allocsite_abi.h SIZE HISTOGRAMS): only
   * sites promotable if small have one. */
  int has_sizes;
  uint64_t sizes[ALLOCSITE_SIZE_BUCKETS];
};

/* The report's name of one flag bit, or NULL. */
const char *as_site_flag_name(unsigned bit);

/* The process-wide allocator counts ("heap"): present only in version-2
 * reports from a runtime that has the interposer. */
struct as_heap_entry {
  char *function; /* the allocator entry point: "malloc", "operator new", ... */
  uint64_t objects, bytes;
};

struct as_heap {
  int interposed; /* the runtime's entry points were the ones the process used */
  uint64_t objects, bytes;
  /* The part of the heap that instrumented sites counted (each at its
   * outermost instrumented allocation call); the rest was allocated
   * elsewhere: uninstrumented code, calls through function pointers. */
  uint64_t at_sites_objects, at_sites_bytes;
  struct as_heap_entry *by_function; /* sorted by function, each once */
  size_t num_by_function;
};

/* A loaded object of the process that context frames point into. */
struct as_module {
  char *path;
  char *build_id; /* lowercase hex, or NULL */
};

/* One return address: an ELF virtual address in module, or with module -1
 * (unknown) an absolute address. */
struct as_stack_frame {
  int64_t module; /* index into as_contexts.modules, or -1 */
  uint64_t offset;
};

struct as_stack {
  char *function; /* the allocator entry point the stack ends in */
  struct as_stack_frame *frames; /* innermost first */
  size_t num_frames;
  uint64_t objects, bytes;
};

/* Calling contexts of the heap allocations ("contexts"); in a sum of several
 * reports the modules are merged by path, sorted by (path, build_id), and
 * the stacks sorted and each key once, so that the sum is canonical. */
struct as_contexts {
  uint32_t depth; /* most frames recorded per stack */
  struct as_module *modules;
  size_t num_modules;
  struct as_stack *stacks;
  size_t num_stacks;
  uint64_t dropped_objects, dropped_bytes;
};

struct as_report {
  char *source;      /* where it was read from, for messages ("-" is "<stdin>");
                        NULL for a sum of several reports */
  size_t num_inputs; /* 1 for a report read from a file; the number summed otherwise */
  char *program;     /* NULL when unknown, or when summed reports disagree */
  uint64_t pid;      /* 0 for a sum of several reports */
  struct as_site *sites; /* sorted by id, each id once */
  size_t num_sites;
  /* The program's total ("totals"): every allocation once, at its site, or
   * in the heap outside the sites (README, "Each allocation once"). */
  uint64_t objects, bytes;
  struct as_heap *heap;         /* NULL when the report has none */
  struct as_contexts *contexts; /* NULL when absent or null */
};

/*
 * Reads and validates the report at path ("-" reads standard input).  On
 * success fills *out and returns 0.  On failure returns -1 and sets *error
 * to one line (without "error:" prefix or newline) that names the file, e.g.
 * "r.json:3:5: invalid JSON: ..."; the caller frees it.
 *
 * A site ID listed twice in one report (one object file linked into the
 * executable and into a shared library gives two counter tables) is one site
 * whose counts are summed, provided both entries describe it identically.
 */
int as_report_load(const char *path, struct as_report *out, char **error);

/* The same for a report already in memory; name stands for the file in
 * messages.  (For the fuzz target, which must not touch the disk.) */
int as_report_parse(const char *name, const void *data, size_t len, struct as_report *out,
                    char **error);

/*
 * Sums reports by site ID into *out (which the caller frees with
 * as_report_free), for runs of one program or processes of one test suite.
 * A site that appears in several reports must be described identically in
 * all of them (everything except the counts): the same ID with another
 * location, function, module, allocator, inlining chain, verdict or reason
 * means the reports come from different builds, and their counts must not be
 * mixed.  Returns -1 and sets *error (naming both reports) in that case, and
 * when a sum overflows 64 bits.  The inputs are not modified.
 *
 * "heap" is summed only when every report has one (it is interposed only if
 * all were); "contexts" only when every report has them: a sum that left
 * out some processes' allocations would no longer equal the heap counts.
 * Stacks are summed by function and frames, a frame being (module path,
 * offset); two reports giving one module path different build IDs come
 * from different builds and are refused like disagreeing sites.
 */
int as_report_merge(const struct as_report *reports, size_t n, struct as_report *out,
                    char **error);

void as_report_free(struct as_report *report);

const char *as_verdict_name(enum as_verdict verdict);

/* The sum over the sites not flagged "promoted" (stack slots): the heap
 * allocations of instrumented call sites, each once. */
void as_report_sites_total(const struct as_report *report, uint64_t *objects, uint64_t *bytes);

/* "8d1c850e1b58a035": IDs are always shown as 16 lowercase hex digits. */
void as_format_id(uint64_t id, char buf[17]);

#endif
