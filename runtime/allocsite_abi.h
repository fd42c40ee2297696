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
 * (A `lock xadd` per counter measured 2.6x on a malloc(32)/free loop here;
 * the thread-local add 1.04x.)  Per-thread blocks also mean counters never
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

#define ALLOCSITE_ABI_VERSION 4

#define ALLOCSITE_REGISTER_FN "__allocsite_register_module_v4"
#define ALLOCSITE_UNREGISTER_FN "__allocsite_unregister_module_v4"
#define ALLOCSITE_THREAD_SLOW_FN "__allocsite_thread_slow_v4"
#define ALLOCSITE_THREAD_STATE "__allocsite_thread_v4"
/* Defined by the runtime with hidden visibility, next to the thread state.
 * Code compiled for an executable reaches the thread state at a fixed
 * offset from the thread pointer (local-exec), which only works when the
 * state is defined in the executable itself; such a module refers to this
 * symbol, which no shared library exports, so the linker always takes the
 * runtime's copy into the executable, even when a shared library that
 * contains another copy is linked first. */
#define ALLOCSITE_RUNTIME_IN_EXECUTABLE "__allocsite_runtime_in_executable_v4"

/* The runtime's per-thread state (a thread-local the runtime defines and
 * exports as ALLOCSITE_THREAD_STATE).  Instrumented code reads its first
 * eight bytes as one word: nonzero means "take the slow path" (see THE
 * THREAD STATE above). */
struct allocsite_thread_state {
  uint8_t nested;  /* written only by the owning thread */
  uint8_t pending; /* set by any thread (atomic byte store), cleared by the owner */
  uint8_t reserved[6];
};

/* Verdicts of the escape analysis. */
enum allocsite_verdict {
  ALLOCSITE_VERDICT_UNKNOWN = 0,
  ALLOCSITE_VERDICT_PROMOTABLE = 1,
  ALLOCSITE_VERDICT_HEAP = 2,
};

/* Bits of allocsite_site.flags: what kind of call a site is. */
enum allocsite_site_flag {
  /* The call is to an allocation wrapper (xmalloc, g_malloc, ...), not to
   * the malloc family itself: the memory is asked for here. */
  ALLOCSITE_SITE_WRAPPER_CALL = 1u << 0,
  /* The allocation is inside a function recognised as a wrapper: calls of
   * that wrapper from instrumented code are counted at their own sites as
   * well, so a report must not add this site's counts to theirs. */
  ALLOCSITE_SITE_IN_WRAPPER = 1u << 1,
  /* The plugin rewrote the allocation to a stack slot: its counts are
   * objects kept off the heap, not heap allocations. */
  ALLOCSITE_SITE_PROMOTED = 1u << 2,
  /* The call goes through the runtime's __allocsite_direct_<name> pointer
   * (the C malloc family), which may bypass the runtime's interposer: the
   * runtime then adds this site's counts to the heap itself. */
  ALLOCSITE_SITE_DIRECT = 1u << 3,
  /* Not a site: the module's count of its direct calls of `allocator` (the
   * C malloc family) made inside an instrumented allocation-wrapper call,
   * which counted them at its own site.  The runtime adds it to the heap
   * (when such calls bypass the interposer); reports never list it. */
  ALLOCSITE_SITE_NESTED = 1u << 4,
};

/* "__allocsite_direct_" followed by the allocator's name: a pointer to
 * the function an instrumented call of that allocator should call. */
#define ALLOCSITE_DIRECT_PREFIX "__allocsite_direct_"

/* What one site counted (in one thread, or settled). */
struct allocsite_count {
  uint64_t objects;
  uint64_t bytes;
};

/* One per thread per module, in thread-local storage. */
struct allocsite_thread_counters {
  uint64_t registered; /* 0 until the runtime registered this block (runtime's word) */
  uint64_t reserved;
  struct allocsite_count sites[]; /* num_sites entries */
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
  uint32_t flags;             /* enum allocsite_site_flag bits */
  uint32_t reserved;
};

/* Bits of allocsite_module.flags. */
enum allocsite_module_flag {
  /* Every function of the translation unit that can call keeps a frame
   * pointer (clang's -fno-omit-frame-pointer; leaf functions may omit it,
   * since no allocation happens below them).  Calling-context walks
   * (runtime/contexts.c) can go through such code's frames; through code
   * without them, a walk stops early. */
  ALLOCSITE_MODULE_FRAME_POINTERS = 1u << 0,
};

struct allocsite_module {
  uint32_t abi_version;
  uint32_t num_sites;
  const char *source; /* the translation unit's main source file */
  const struct allocsite_site *sites;
  /* num_sites zeroed entries, written only by the runtime: counts of threads
   * that have exited, added with atomics when they go. */
  struct allocsite_count *settled;
  /* Owned by the runtime (zero-initialised by the plugin). */
  struct allocsite_module *next;
  void *threads; /* blocks registered by live threads */
  uint32_t flags; /* enum allocsite_module_flag bits */
  uint32_t reserved;
  /* The calling thread's block of this module (its thread-local
   * allocsite_thread_counters); NULL for a module without one. */
  struct allocsite_thread_counters *(*thread_block)(void);
};

#endif /* ALLOCSITE_ABI_H */
