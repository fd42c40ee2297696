/*
 * contexts.c - the calling context of every heap allocation: which chain of
 * calls asked for the memory, so that an allocation made through a wrapper
 * or a function pointer is charged to the code that wanted it.
 *
 * Walking.  The plugin gives every function it compiles a frame pointer
 * (plugin/AllocSitePlugin.cpp), and this runtime is built with them, so the
 * chain of saved frame pointers leads from the interposed entry point up
 * through instrumented code.  Code built without frame pointers (libc,
 * libstdc++, other libraries) may use the register for data; a walk through
 * it can stop early or, rarely, skip a frame, but never read outside the
 * current thread's stack: every frame pointer must lie strictly above the
 * previous one and below the top of the thread's stack, whose bounds are
 * read once per thread.  Memory there is always mapped, so a garbage value
 * can mislead the walk but cannot fault.
 *
 * Storing.  A fixed-size open-addressing table keyed by (entry point,
 * frames), allocated once with mmap: no malloc, no lock.  A thread claims an
 * empty slot with a compare-and-swap, fills in the key, then publishes it;
 * counts are atomic adds (contexts are shared between threads, unlike the
 * per-site counters, and cost far more than the add anyway).  A full table
 * never loses a count: the allocation is still counted in the heap totals
 * and shows up as "dropped" in the report.
 *
 * ALLOCSITE_DEPTH sets how many frames are kept (default 16, at most 64;
 * 0 turns recording off, leaving the interposer's cost at two adds).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "rt_internal.h"

#define DEFAULT_DEPTH 16
#define MAX_DEPTH 64
#define TABLE_SLOTS (1u << 15)
#define MAX_PROBES 64

int rt_contexts_depth;

enum slot_state { SLOT_EMPTY, SLOT_WRITING, SLOT_READY };

struct slot {
  uint64_t hash;
  uint32_t state; /* enum slot_state */
  uint16_t entry;
  uint16_t depth;
  uint64_t objects, bytes;
  uintptr_t frames[]; /* rt_contexts_depth entries */
};

static unsigned char *table;
static size_t slot_size;

static struct slot *slot_at(uint32_t i) { return (struct slot *)(table + (size_t)i * slot_size); }

/* Reads ALLOCSITE_DEPTH and maps the table; before main, single-threaded. */
__attribute__((constructor(101))) static void contexts_init(void) {
  int depth = DEFAULT_DEPTH;
  const char *env = secure_getenv("ALLOCSITE_DEPTH");
  if (env && *env) {
    char *end;
    long v = strtol(env, &end, 10);
    if (*end || v < 0 || v > MAX_DEPTH) {
      rt_error("ALLOCSITE_DEPTH='%s' is not a number from 0 to %d; using %d", env, MAX_DEPTH,
               DEFAULT_DEPTH);
    } else {
      depth = (int)v;
    }
  }
  if (depth == 0)
    return;
  slot_size = (sizeof(struct slot) + sizeof(uintptr_t) * (size_t)depth + 15) & ~(size_t)15;
  /* Reserved, not committed: only slots that get used cost memory. */
  void *p = mmap(NULL, slot_size * TABLE_SLOTS, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    rt_error("cannot reserve memory for calling contexts; the report will have none");
    return;
  }
  table = p;
  __atomic_store_n(&rt_contexts_depth, depth, __ATOMIC_RELEASE);
}

/* ------------------------------------------------------------------------ */
/* Walking                                                                   */
/* ------------------------------------------------------------------------ */

static __thread uintptr_t stack_lo __attribute__((tls_model("initial-exec")));
static __thread uintptr_t stack_hi __attribute__((tls_model("initial-exec")));

static void read_stack_bounds(void) {
  pthread_attr_t attr;
  void *addr;
  size_t size;
  /* Allocates (the main thread's bounds come from /proc/self/maps): inside
   * the runtime, so from its own buffer, uncounted (interpose.c). */
  rt_enter_runtime();
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    if (pthread_attr_getstack(&attr, &addr, &size) == 0) {
      stack_lo = (uintptr_t)addr;
      stack_hi = (uintptr_t)addr + size;
    }
    pthread_attr_destroy(&attr);
  }
  rt_leave_runtime();
  if (!stack_hi)
    stack_hi = 1; /* unknown: walk nothing beyond the first frame */
}

static uint32_t walk(void *frame, uintptr_t *out, uint32_t max) {
  if (__builtin_expect(!stack_hi, 0))
    read_stack_bounds();
  uintptr_t *fp = frame;
  uintptr_t lo = (uintptr_t)fp, hi = stack_hi;
  if (lo < stack_lo || lo >= hi)
    return 0; /* another stack (signal or coroutine stack): do not walk */
  uint32_t n = 0;
  /* fp[1] is the entry point's return address: the allocating call. */
  while (n < max) {
    uintptr_t pc = fp[1];
    if (!pc)
      break;
    out[n++] = pc;
    uintptr_t next = fp[0];
    if (next <= (uintptr_t)fp || next > hi - 2 * sizeof(uintptr_t) || (next & 7))
      break;
    fp = (uintptr_t *)next;
  }
  return n;
}

/* ------------------------------------------------------------------------ */
/* Storing                                                                   */
/* ------------------------------------------------------------------------ */

static uint64_t hash_key(uint32_t entry, const uintptr_t *frames, uint32_t n) {
  uint64_t h = 0x9e3779b97f4a7c15ull ^ entry;
  for (uint32_t i = 0; i < n; i++) {
    h ^= frames[i];
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  return h | 1; /* 0 marks an empty slot */
}

static int same_key(const struct slot *s, uint64_t h, uint32_t entry, const uintptr_t *frames,
                    uint32_t n) {
  return s->hash == h && s->entry == entry && s->depth == n &&
         memcmp(s->frames, frames, n * sizeof *frames) == 0;
}

void rt_context_record(enum rt_heap_entry entry, uint64_t bytes, void *frame) {
  if (!table)
    return;
  uintptr_t frames[MAX_DEPTH];
  uint32_t n = walk(frame, frames, (uint32_t)rt_contexts_depth);
  uint64_t h = hash_key(entry, frames, n);
  for (uint32_t probe = 0; probe < MAX_PROBES; probe++) {
    struct slot *s = slot_at((uint32_t)(h + probe) & (TABLE_SLOTS - 1));
    uint32_t state = __atomic_load_n(&s->state, __ATOMIC_ACQUIRE);
    if (state == SLOT_EMPTY) {
      uint32_t expected = SLOT_EMPTY;
      if (__atomic_compare_exchange_n(&s->state, &expected, SLOT_WRITING, 0, __ATOMIC_ACQUIRE,
                                      __ATOMIC_ACQUIRE)) {
        s->hash = h;
        s->entry = (uint16_t)entry;
        s->depth = (uint16_t)n;
        memcpy(s->frames, frames, n * sizeof *frames);
        __atomic_store_n(&s->state, SLOT_READY, __ATOMIC_RELEASE);
        state = SLOT_READY;
      } else {
        state = expected;
      }
    }
    /* Another thread is filling this slot in: a few stores, wait for them. */
    while (state == SLOT_WRITING) {
      sched_yield();
      state = __atomic_load_n(&s->state, __ATOMIC_ACQUIRE);
    }
    if (same_key(s, h, entry, frames, n)) {
      __atomic_fetch_add(&s->objects, 1, __ATOMIC_RELAXED);
      __atomic_fetch_add(&s->bytes, bytes, __ATOMIC_RELAXED);
      return;
    }
  }
  /* Table full around this key: counted in the heap totals only (dropped). */
}

void rt_for_each_context(rt_context_visitor visit, void *ctx) {
  if (!table)
    return;
  for (uint32_t i = 0; i < TABLE_SLOTS; i++) {
    struct slot *s = slot_at(i);
    if (__atomic_load_n(&s->state, __ATOMIC_ACQUIRE) != SLOT_READY)
      continue;
    struct rt_context c = {(enum rt_heap_entry)s->entry, s->depth,
                           __atomic_load_n(&s->objects, __ATOMIC_RELAXED),
                           __atomic_load_n(&s->bytes, __ATOMIC_RELAXED), s->frames};
    if (c.objects)
      visit(&c, ctx);
  }
}
