/*
 * allocsite_abi.h - the contract between the allocsite pass plugin and runtime.
 *
 * The plugin emits, for every instrumented translation unit, one
 * allocsite_module descriptor, a constant table of allocsite_site records and
 * a zeroed array of allocsite_counter slots, and a module constructor that
 * calls ALLOCSITE_REGISTER_FN (and a destructor that calls
 * ALLOCSITE_UNREGISTER_FN).  Every instrumented allocation then adds to its
 * slot with inline relaxed atomic adds; the runtime only reads the slots.
 *
 * This header is C and is included by the C++ plugin, so the layouts below
 * are written once.  The plugin builds the matching LLVM struct types field
 * by field (plugin/RuntimeABI.cpp); a static_assert there pins the sizes.
 *
 * Any change to a layout or to the meaning of a field bumps ALLOCSITE_ABI_VERSION.
 * The version is part of the registration function's name, so an object
 * built by an older plugin fails to link against a newer runtime with an
 * undefined reference that names the version, instead of misreading tables.
 */
#ifndef ALLOCSITE_ABI_H
#define ALLOCSITE_ABI_H

#include <stdint.h>

#define ALLOCSITE_ABI_VERSION 1

#define ALLOCSITE_REGISTER_FN "__allocsite_register_module_v1"
#define ALLOCSITE_UNREGISTER_FN "__allocsite_unregister_module_v1"

/*
 * One cache line per site: counters of different sites never share a line,
 * so threads allocating at different sites do not contend, and the array is
 * 64-byte aligned so it shares no line with program data either.  The spare
 * words are reserved for later counters (e.g. promoted-to-stack objects).
 */
#define ALLOCSITE_COUNTER_ALIGN 64
#define ALLOCSITE_COUNTER_OBJECTS_INDEX 0
#define ALLOCSITE_COUNTER_BYTES_INDEX 1
#define ALLOCSITE_COUNTER_WORDS 8

/* Verdicts of the escape analysis (filled in by a later pass stage). */
enum allocsite_verdict {
  ALLOCSITE_VERDICT_UNKNOWN = 0,
  ALLOCSITE_VERDICT_PROMOTABLE = 1,
  ALLOCSITE_VERDICT_HEAP = 2,
};

struct allocsite_counter {
  uint64_t words[ALLOCSITE_COUNTER_WORDS]; /* [0] objects, [1] bytes */
};

/* A call site into which the site's function was inlined. */
struct allocsite_frame {
  const char *file;     /* absolute path; NULL without debug info */
  const char *function; /* demangled */
  uint32_t line;
  uint32_t column;
};

struct allocsite_site {
  uint64_t id;           /* stable across rebuilds; see plugin/SiteIdentity.cpp */
  const char *file;      /* absolute path; NULL without debug info */
  const char *function;  /* demangled name of the function the call is written in */
  const char *allocator; /* "malloc", "operator new[]", ... */
  uint32_t line;         /* 0 without debug info */
  uint32_t column;
  uint32_t num_inlined;  /* entries in inlined_at */
  uint32_t verdict;      /* enum allocsite_verdict */
  const struct allocsite_frame *inlined_at; /* innermost first */
  const char *reason_code;    /* NULL while the verdict is unknown */
  const char *reason_message; /* NULL while the verdict is unknown */
};

struct allocsite_module {
  uint32_t abi_version;
  uint32_t num_sites;
  const char *source; /* the translation unit's main source file */
  const struct allocsite_site *sites;
  struct allocsite_counter *counters; /* num_sites slots */
  struct allocsite_module *next;      /* owned by the runtime */
};

#endif /* ALLOCSITE_ABI_H */
