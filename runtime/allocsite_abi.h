/*
 * allocsite_abi.h - the contract between the allocsite pass plugin and runtime.
 *
 * The plugin emits, for every instrumented translation unit, one
 * allocsite_module descriptor, a constant table of allocsite_site records, a
 * thread-local allocsite_thread_counters block, and a module constructor
 * that calls ALLOCSITE_REGISTER_FN (and a destructor that calls
 * ALLOCSITE_UNREGISTER_FN).
 *
 * Counting is sharded per thread.  Each allocation adds to the calling
 * thread's own block with a plain load, add and store (relaxed atomics that
 * compile to ordinary moves): only the owning thread writes a block, so no
 * update is ever lost, and no lock or locked instruction is on the path.
 * (A `lock xadd` per counter costs several times a plain add on a
 * malloc/free loop; bench/RESULTS.md has the thread-local add's ratio.)  Per-thread blocks also mean counters never
 * share a cache line with another thread's counters or with data another
 * thread writes: a thread's static TLS lives in its own stack mapping, so
 * the only data beside its counters is its own (its other thread-locals).
 * Sharding beats padding one shared counter per site to a cache line: that
 * would still be one line written by every thread (true sharing, and a
 * locked add to lose nothing).  Per-CPU counters would need restartable
 * sequences.  The price is memory: sites x threads x 16 bytes, never
 * proportional to allocations.
 *
 * THE THREAD STATE.  Every site also reads one word of the runtime's
 * per-thread state (ALLOCSITE_THREAD_STATE, struct allocsite_thread_state)
 * before it counts; the word is zero in the common case, so a successful
 * allocation costs a test of the result, a test of that word and two adds.
 * A nonzero word sends the site down a cold path for one of two reasons:
 *  - `pending`: the thread has blocks to register.  It is 1 in every new
 *    thread (the TLS image), set again by the runtime in every live thread
 *    when a module registers (dlopen) and in a thread that exits (its blocks
 *    are folded, and destructors that run later may still count).  The site
 *    then calls ALLOCSITE_THREAD_SLOW_FN, which registers the calling
 *    thread's block of every module (each module's `thread_block` function
 *    returns it) and clears the byte.  So the runtime can sum every live
 *    thread's block when it writes a report and fold a block into the
 *    module's `settled` counts when its thread exits.
 *  - `nested`: the thread is inside a call of an allocation wrapper
 *    (xmalloc, a function declared with __attribute__((malloc)), ...) made
 *    by instrumented code.  That call is a site and counts the allocation
 *    the user asked for; whatever the wrapper allocates inside it (its
 *    malloc, a pool's new chunk) is not counted again at a site.  Each
 *    allocation is counted once, at the outermost instrumented allocation
 *    call that made it, in whichever files the wrapper and its callers are.
 *    An instrumented call of the C malloc family made while nested adds to
 *    its module's ALLOCSITE_SITE_NESTED record of that allocator instead,
 *    so the heap count still sees it when the call bypassed the interposer.
 * The wrapper call sets `nested` before it and restores the old value after
 * it; landing pads that catch and returns from setjmp in instrumented code
 * restore the value their function started with, so an exception or a
 * longjmp out of a wrapper cannot leave it set.
 *
 * SIZE HISTOGRAMS.  A site whose size is not a compile-time constant and
 * that could use a stack buffer (verdict PROMOTABLE_IF_SMALL) also counts
 * each object into one of ALLOCSITE_SIZE_BUCKETS power-of-two buckets of
 * the size asked for: bucket k holds the sizes up to 2^k bytes (bucket 0:
 * 0 and 1 byte; k from 1: 2^(k-1) < size <= 2^k), the last bucket every
 * larger size.  -allocsite-profile-use reads them back to choose the site's
 * stack buffer (plugin/ProfileUse.h).  The buckets are plain counts stored
 * as words in the same counters as the sites' (after the num_sites
 * records, ALLOCSITE_SIZE_BUCKETS / 2 allocsite_count slots per
 * histogram, `objects` and `bytes` words in bucket order), so threads,
 * thread exit, dlclose, allocsite_reset() and fork treat them exactly like
 * site counts: the runtime walks num_counts slots, not num_sites.  Other
 * sites pay nothing: a constant size needs no histogram, and a heap
 * verdict could not use it.
 *
 * This header is C and is included by the C++ plugin and the tools.  The
 * layouts, symbol names, flags, verdicts and entry points are listed once,
 * in allocsite_abi.inc, which this header expands into C declarations and
 * plugin/RuntimeABI.cpp into the matching LLVM types.
 *
 * Any change to a layout or to the meaning of a field bumps ALLOCSITE_ABI_VERSION.
 * The version is part of the registration function's name, so an object
 * built by an older plugin fails to link against a newer runtime with an
 * undefined reference that names the version, instead of misreading tables.
 */
#ifndef ALLOCSITE_ABI_H
#define ALLOCSITE_ABI_H

#include <stddef.h>
#include <stdint.h>

#define ALLOCSITE_ABI_VERSION 6

/* Buckets of a size histogram (SIZE HISTOGRAMS above); even, so that a
 * histogram fills whole allocsite_count slots.  2^14 = 16 KiB is the last
 * bound, a bit above the default stack limit (4096). */
#define ALLOCSITE_SIZE_BUCKETS 16

/* The report format the runtime writes and allocsite-report reads
 * (README, "Report format"). */
#define ALLOCSITE_REPORT_FORMAT_VERSION 5

/* The symbols' names as strings (allocsite_abi.inc has them as
 * identifiers, ALLOCSITE_*_ID).  ALLOCSITE_RUNTIME_IN_EXECUTABLE is defined
 * by the runtime with hidden visibility, next to the thread state.  Code compiled for an
 * executable reaches the thread state at a fixed offset from the thread
 * pointer (local-exec), which only works when the state is defined in the
 * executable itself; such a module refers to this symbol, which no shared
 * library exports, so the linker always takes the runtime's copy into the
 * executable, even when a shared library that contains another copy is
 * linked first. */
#define ALLOCSITE_STRINGIFY_(x) #x
#define ALLOCSITE_STRINGIFY(x) ALLOCSITE_STRINGIFY_(x)
#include "allocsite_abi.inc" /* defines the ALLOCSITE_*_ID names */
#define ALLOCSITE_REGISTER_FN ALLOCSITE_STRINGIFY(ALLOCSITE_REGISTER_FN_ID)
#define ALLOCSITE_UNREGISTER_FN ALLOCSITE_STRINGIFY(ALLOCSITE_UNREGISTER_FN_ID)
#define ALLOCSITE_THREAD_SLOW_FN ALLOCSITE_STRINGIFY(ALLOCSITE_THREAD_SLOW_FN_ID)
#define ALLOCSITE_THREAD_STATE ALLOCSITE_STRINGIFY(ALLOCSITE_THREAD_STATE_ID)
#define ALLOCSITE_RUNTIME_IN_EXECUTABLE ALLOCSITE_STRINGIFY(ALLOCSITE_RUNTIME_IN_EXECUTABLE_ID)

/* "__allocsite_direct_" followed by the allocator's name: a pointer to
 * the function an instrumented call of that allocator should call. */
#define ALLOCSITE_DIRECT_PREFIX "__allocsite_direct_"

/* The runtime's per-thread state (a thread-local the runtime defines and
 * exports as ALLOCSITE_THREAD_STATE).  Instrumented code reads its first
 * eight bytes as one word: nonzero means "take the slow path" (see THE
 * THREAD STATE above). */
struct allocsite_thread_state {
  uint8_t nested;  /* written only by the owning thread */
  uint8_t pending; /* set by any thread (atomic byte store), cleared by the owner */
  uint8_t reserved[6];
};

enum allocsite_verdict {
#define ALLOCSITE_VERDICT(Id, Value, ReportName) ALLOCSITE_VERDICT_##Id = Value,
#include "allocsite_abi.inc"
};

enum allocsite_site_flag {
#define ALLOCSITE_SITE_FLAG(Id, Bit, ReportName) ALLOCSITE_SITE_##Id = 1u << Bit,
#include "allocsite_abi.inc"
};

enum allocsite_module_flag {
#define ALLOCSITE_MODULE_FLAG(Id, Bit) ALLOCSITE_MODULE_##Id = 1u << Bit,
#include "allocsite_abi.inc"
};

struct allocsite_count {
#define ALLOCSITE_COUNT_FIELD(Kind, CType, Name) CType Name;
#include "allocsite_abi.inc"
};

/* One per thread per module, in thread-local storage. */
struct allocsite_thread_counters {
#define ALLOCSITE_THREAD_COUNTERS_FIELD(Kind, CType, Name) CType Name;
#include "allocsite_abi.inc"
  struct allocsite_count sites[]; /* num_sites entries */
};

struct allocsite_frame {
#define ALLOCSITE_FRAME_FIELD(Kind, CType, Name) CType Name;
#include "allocsite_abi.inc"
};

struct allocsite_site {
#define ALLOCSITE_SITE_FIELD(Kind, CType, Name) CType Name;
#include "allocsite_abi.inc"
};

typedef struct allocsite_thread_counters *(*allocsite_thread_block_fn)(void);

struct allocsite_module {
#define ALLOCSITE_MODULE_FIELD(Kind, CType, Name) CType Name;
#include "allocsite_abi.inc"
};

#endif /* ALLOCSITE_ABI_H */
