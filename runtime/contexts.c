/*
 * contexts.c - the calling context of every heap allocation: which chain of
 * calls asked for the memory, so that an allocation made through a wrapper
 * or a function pointer is charged to the code that wanted it.
 *
 * Walking.  The chain of saved frame pointers leads from the interposed
 * entry point (this runtime is built with frame pointers) up through code
 * compiled with them: clang's -fno-omit-frame-pointer, which the plugin
 * records per translation unit (ALLOCSITE_MODULE_FRAME_POINTERS) and never
 * adds itself, since it costs call-heavy programs time whether or not
 * contexts are recorded.  Code built without frame pointers (libc,
 * libstdc++, other libraries, instrumented code compiled at -O1 and above
 * without the flag) may use the register for data; a walk through it can
 * stop early or, rarely, skip a frame, but never read outside the current
 * thread's stack: every frame pointer must lie strictly above the previous
 * one and below the top of the thread's stack, whose bounds are read once
 * per thread.  Memory there is always mapped, so a garbage value can
 * mislead the walk but cannot fault.  When contexts are on and an
 * instrumented translation unit lacks frame pointers, one warning names it.
 *
 * A function without a frame pointer that calls the allocator (std::string's
 * _M_create in libstdc++, strdup in libc) leaves the walk without the frame
 * of the code that called *it*, which is the one the user wants.  So when
 * the allocator's caller is not in code built with frame pointers, the
 * words between the allocator's frame and the next saved frame pointer are
 * searched for the first return address into such code (an address inside
 * an instrumented object's code, right after a call instruction).  The
 * search reads only that stretch of the current stack.
 *
 * Storing.  A fixed-size open-addressing table keyed by (entry point,
 * frames), allocated once with mmap: no malloc, no lock.  A thread claims an
 * empty slot with a compare-and-swap, fills in the key, then publishes it;
 * counts are atomic adds (contexts are shared between threads, unlike the
 * per-site counters, and cost far more than the add anyway).  A full table
 * never loses a count: the allocation is still counted in the heap totals
 * and shows up as "dropped" in the report.
 *
 * ALLOCSITE_DEPTH sets how many frames are kept (at most 64; 0, the default,
 * records none, leaving the interposer's cost at two adds).  The cost is the
 * walk and the shared table, a fixed part per allocation plus a part per
 * frame (measured in bench/RESULTS.md and README "Performance"); 8 frames
 * get past a few wrappers to the code that asked.
 */
#define _GNU_SOURCE
#include <link.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "rt_internal.h"

/* Off unless asked for: recording costs far more than counting (below), and
 * allocsite is meant to be left on.  8 is what the README recommends. */
#define DEFAULT_DEPTH 0
#define MAX_DEPTH 64
#define TABLE_SLOTS (1u << 15)
#define MAX_PROBES 64

/* -1 until the first allocation reads ALLOCSITE_DEPTH: allocations happen
 * before any constructor of the program runs (libstdc++'s start-up pool),
 * and their contexts are wanted too. */
int rt_contexts_depth = -1;

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

static void warn_frameless(void);

/* Reads ALLOCSITE_DEPTH and maps the table, on the first allocation (or
 * from the runtime's constructor if none came earlier): before main, when
 * the process has one thread. */
static void contexts_init(void) {
  static int started;
  if (__atomic_exchange_n(&started, 1, __ATOMIC_ACQ_REL)) {
    /* Another thread is initialising (a program that starts threads from
     * constructors): record nothing until it is done. */
    return;
  }
  int depth = DEFAULT_DEPTH;
  const char *env = secure_getenv("ALLOCSITE_DEPTH");
  if (env && *env) {
    char *end;
    long v = strtol(env, &end, 10);
    if (*end || v < 0 || v > MAX_DEPTH) {
      rt_error("ALLOCSITE_DEPTH='%s' is not a number from 0 to %d; recording no calling contexts",
               env, MAX_DEPTH);
    } else {
      depth = (int)v;
    }
  }
  if (depth == 0) {
    __atomic_store_n(&rt_contexts_depth, 0, __ATOMIC_RELEASE);
    return;
  }
  slot_size = (sizeof(struct slot) + sizeof(uintptr_t) * (size_t)depth + 15) & ~(size_t)15;
  /* Reserved, not committed: only slots that get used cost memory. */
  void *p = mmap(NULL, slot_size * TABLE_SLOTS, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    rt_error("cannot reserve memory for calling contexts; the report will have none");
    __atomic_store_n(&rt_contexts_depth, 0, __ATOMIC_RELEASE);
    return;
  }
  table = p;
  __atomic_store_n(&rt_contexts_depth, depth, __ATOMIC_RELEASE);
  warn_frameless(); /* units registered before ALLOCSITE_DEPTH was read */
}

static __thread uintptr_t stack_lo __attribute__((tls_model("initial-exec")));
static __thread uintptr_t stack_hi __attribute__((tls_model("initial-exec")));

static void read_stack_bounds(void) {
  pthread_attr_t attr;
  void *addr;
  size_t size;
  /* Allocates (the main thread's bounds come from /proc/self/maps): inside
   * the runtime, so from its own buffer, uncounted (reentry_guard.c). */
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

/* ------------------------------------------------------------------------ */
/* Code built with frame pointers                                            */
/* ------------------------------------------------------------------------ */

#define MAX_FP_RANGES 256

/* Executable segments of the objects that registered allocsite modules:
 * appended under the registry's lock, read without one (a range is
 * published by the count, and cleared, never reused, when its object goes).
 * An object with any instrumented translation unit compiled without frame
 * pointers is not frame-pointer code: its range stays, marked frameless
 * (for good: the units register in no particular order). */
static struct {
  uintptr_t lo, hi;
  int frameless;
} fp_ranges[MAX_FP_RANGES];
static int num_fp_ranges;

struct find_object {
  uintptr_t address;
  int add;       /* 1: record the object's code; 0: forget it */
  int frameless; /* when adding: a unit of it has no frame pointers */
};

static int visit_object(struct dl_phdr_info *info, size_t size, void *ctx) {
  (void)size;
  struct find_object *f = ctx;
  int contains = 0;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
    if (ph->p_type == PT_LOAD && f->address >= lo && f->address < lo + ph->p_memsz)
      contains = 1;
  }
  if (!contains)
    return 0;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
      continue;
    uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;
    int n = __atomic_load_n(&num_fp_ranges, __ATOMIC_ACQUIRE), known = 0;
    for (int k = 0; k < n; k++) {
      if (fp_ranges[k].lo != lo)
        continue;
      known = 1;
      if (f->add && f->frameless)
        __atomic_store_n(&fp_ranges[k].frameless, 1, __ATOMIC_RELAXED);
      if (!f->add) {
        __atomic_store_n(&fp_ranges[k].hi, 0, __ATOMIC_RELAXED);
        __atomic_store_n(&fp_ranges[k].lo, 0, __ATOMIC_RELAXED);
      }
    }
    if (f->add && !known && n < MAX_FP_RANGES) {
      fp_ranges[n].lo = lo;
      fp_ranges[n].hi = hi;
      fp_ranges[n].frameless = f->frameless;
      __atomic_store_n(&num_fp_ranges, n + 1, __ATOMIC_RELEASE);
    }
  }
  return 1;
}

/* The first instrumented translation unit seen without frame pointers, for
 * the warning (under the registry's lock, like the ranges). */
static const char *frameless_unit;
static int frameless_units;
static int frameless_warned;

static void warn_frameless(void) {
  if (!__atomic_load_n(&frameless_unit, __ATOMIC_ACQUIRE) ||
      __atomic_load_n(&rt_contexts_depth, __ATOMIC_ACQUIRE) <= 0 ||
      __atomic_exchange_n(&frameless_warned, 1, __ATOMIC_ACQ_REL))
    return;
  rt_warning("ALLOCSITE_DEPTH is set, but '%s'%s was compiled without frame pointers: calling "
             "contexts stop at its functions (compile with -fno-omit-frame-pointer)",
             frameless_unit, frameless_units > 1 ? " (and other files)" : "");
}

void rt_contexts_note_module(const struct allocsite_module *m, int loaded) {
  int frameless = !(m->flags & ALLOCSITE_MODULE_FRAME_POINTERS);
  struct find_object f = {(uintptr_t)m, loaded, frameless};
  dl_iterate_phdr(visit_object, &f);
  if (loaded && frameless) {
    if (!frameless_unit)
      __atomic_store_n(&frameless_unit, m->source ? m->source : "?", __ATOMIC_RELEASE);
    frameless_units++;
    warn_frameless();
  }
}

static int in_fp_code(uintptr_t pc) {
  int n = __atomic_load_n(&num_fp_ranges, __ATOMIC_ACQUIRE);
  for (int k = 0; k < n; k++)
    if (pc - 1 - fp_ranges[k].lo < fp_ranges[k].hi - fp_ranges[k].lo)
      return !fp_ranges[k].frameless;
  return 0;
}

/* Whether the bytes before pc end with an x86-64 call instruction: direct
 * (e8 rel32), or indirect through a register or memory (ff /2, with an
 * optional REX prefix).  pc is known to be inside code, at least 8 bytes in. */
static int after_call(uintptr_t pc) {
  const unsigned char *b = (const unsigned char *)pc;
  if (b[-5] == 0xe8)
    return 1;
  if (b[-2] == 0xff && (b[-1] & 0xf8) == 0xd0) /* call *%reg */
    return 1;
  if (b[-3] == 0xff && (b[-2] & 0x38) == 0x10 && (b[-2] & 0xc0) == 0x40) /* disp8 */
    return 1;
  if (b[-6] == 0xff && (b[-5] & 0x38) == 0x10 && ((b[-5] & 0xc7) == 0x05 || (b[-5] & 0xc0) == 0x80))
    return 1; /* rip-relative or disp32 */
  return 0;
}

/* The first return address into frame-pointer code in [from, to): the
 * caller of a frameless function.  *at is where it was found. */
static uintptr_t find_caller(const uintptr_t *from, const uintptr_t *to, const uintptr_t **at) {
  for (const uintptr_t *w = from; w < to; w++)
    if (in_fp_code(*w) && after_call(*w)) {
      *at = w;
      return *w;
    }
  return 0;
}

/* The frame (saved frame pointer, return address) of the function that a
 * return address found at `at` returns into: the first pair above it whose
 * return address is into frame-pointer code and whose saved frame pointer
 * points further up.  NULL if none within [at, to). */
static const uintptr_t *find_frame(const uintptr_t *at, const uintptr_t *to) {
  for (const uintptr_t *w = at + 1; w + 1 < to; w++)
    if (w[0] > (uintptr_t)w && w[0] < (uintptr_t)to && in_fp_code(w[1]) && after_call(w[1]))
      return w;
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Walking                                                                   */
/* ------------------------------------------------------------------------ */

/* Walks from an entry point's frame, filling out[] with return addresses
 * (innermost first) and hashing them as it goes; returns how many. */
static inline uint32_t walk(void *frame, uintptr_t *restrict out, uint32_t max, uint32_t entry,
                            uint64_t *hash) {
  if (__builtin_expect(!stack_hi, 0))
    read_stack_bounds();
  const uintptr_t *fp = frame;
  /* Frames must lie in [our frame, top of stack); one unsigned compare
   * rejects a saved frame pointer that does not go up or leaves the stack. */
  uintptr_t top = stack_hi - 2 * sizeof(uintptr_t);
  uint64_t h = 0x9e3779b97f4a7c15ull ^ entry;
  if ((uintptr_t)fp < stack_lo || (uintptr_t)fp > top || max == 0) {
    *hash = h | 1;
    return 0; /* another stack (signal or coroutine stack): do not walk */
  }
  /* fp[1] is the entry point's return address: the allocating call. */
  uintptr_t pc = fp[1], next = fp[0];
  out[0] = pc;
  h = (h ^ pc) * 0xff51afd7ed558ccdull;
  uint32_t n = 1;
  if (n < max && __builtin_expect(!in_fp_code(pc), 0)) {
    /* A frameless caller: its frame pointer register may hold anything.
     * Find its caller, then that caller's frame, by searching a bounded
     * stretch of the stack above. */
    const uintptr_t *end = fp + 2 + 512;
    if ((uintptr_t)end > top)
      end = (const uintptr_t *)top;
    const uintptr_t *at;
    uintptr_t caller = find_caller(fp + 2, end, &at);
    const uintptr_t *frame_of_caller = caller ? find_frame(at, end) : NULL;
    if (caller) {
      out[n++] = caller;
      h = (h ^ caller) * 0xff51afd7ed558ccdull;
    }
    if (!frame_of_caller)
      goto done;
    fp = frame_of_caller;
    pc = fp[1];
    next = fp[0];
    if (n < max) {
      out[n++] = pc;
      h = (h ^ pc) * 0xff51afd7ed558ccdull;
    }
  }
  while (n < max && next - (uintptr_t)fp - 1 < top - (uintptr_t)fp) {
    fp = (const uintptr_t *)next;
    pc = fp[1];
    next = fp[0];
    out[n++] = pc;
    h = (h ^ pc) * 0xff51afd7ed558ccdull;
  }
done:
  *hash = ((h ^ (h >> 29)) + n) | 1; /* 0 marks an empty slot */
  return n;
}

/* Two contexts are the same when their 64-bit hashes, entry points, depths
 * and innermost frames agree: comparing every frame on every allocation
 * cost a third of the recording, and a collision of the full hash between
 * the few thousand contexts of a program is not a practical concern. */
static inline int same_key(const struct slot *s, uint64_t h, uint32_t entry,
                           const uintptr_t *frames, uint32_t n) {
  return s->hash == h && s->entry == entry && s->depth == n && (n == 0 || s->frames[0] == frames[0]);
}

void rt_contexts_configure(void) {
  if (__atomic_load_n(&rt_contexts_depth, __ATOMIC_ACQUIRE) < 0)
    contexts_init();
}

__attribute__((constructor(101))) static void contexts_init_at_start(void) {
  if (__atomic_load_n(&rt_contexts_depth, __ATOMIC_ACQUIRE) < 0)
    contexts_init();
}

void rt_context_record(enum rt_heap_entry entry, uint64_t bytes, void *frame) {
  if (__builtin_expect(__atomic_load_n(&rt_contexts_depth, __ATOMIC_ACQUIRE) < 0, 0))
    contexts_init();
  if (!table)
    return;
  uintptr_t frames[MAX_DEPTH];
  uint64_t h;
  uint32_t n = walk(frame, frames, (uint32_t)rt_contexts_depth, entry, &h);
  struct slot *s = NULL;
  {
    for (uint32_t probe = 0; probe < MAX_PROBES && !s; probe++) {
      struct slot *t = slot_at((uint32_t)(h + probe) & (TABLE_SLOTS - 1));
      uint32_t state = __atomic_load_n(&t->state, __ATOMIC_ACQUIRE);
      if (state == SLOT_EMPTY) {
        uint32_t expected = SLOT_EMPTY;
        if (__atomic_compare_exchange_n(&t->state, &expected, SLOT_WRITING, 0,
                                        __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE)) {
          t->hash = h;
          t->entry = (uint16_t)entry;
          t->depth = (uint16_t)n;
          memcpy(t->frames, frames, n * sizeof *frames);
          __atomic_store_n(&t->state, SLOT_READY, __ATOMIC_RELEASE);
          state = SLOT_READY;
        } else {
          state = expected;
        }
      }
      /* Another thread is filling this slot in: a few stores, wait for them. */
      while (state == SLOT_WRITING) {
        sched_yield();
        state = __atomic_load_n(&t->state, __ATOMIC_ACQUIRE);
      }
      if (same_key(t, h, entry, frames, n))
        s = t;
    }
    if (!s)
      return; /* table full around this key: in the heap totals only (dropped) */
  }
  __atomic_fetch_add(&s->objects, 1, __ATOMIC_RELAXED);
  __atomic_fetch_add(&s->bytes, bytes, __ATOMIC_RELAXED);
}

/* Slot i once its frames are written (state READY), else NULL. */
static struct slot *ready_slot_at(uint32_t i) {
  struct slot *s = slot_at(i);
  return __atomic_load_n(&s->state, __ATOMIC_ACQUIRE) == SLOT_READY ? s : NULL;
}

void rt_for_each_context(rt_context_visitor visit, void *ctx) {
  if (!table)
    return;
  for (uint32_t i = 0; i < TABLE_SLOTS; i++) {
    struct slot *s = ready_slot_at(i);
    if (!s)
      continue;
    struct rt_context c = {(enum rt_heap_entry)s->entry, s->depth,
                           __atomic_load_n(&s->objects, __ATOMIC_RELAXED),
                           __atomic_load_n(&s->bytes, __ATOMIC_RELAXED), s->frames};
    if (c.objects)
      visit(&c, ctx);
  }
}

void rt_contexts_reset(void) {
  if (!table)
    return;
  for (uint32_t i = 0; i < TABLE_SLOTS; i++) {
    struct slot *s = ready_slot_at(i);
    if (!s)
      continue;
    __atomic_store_n(&s->objects, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&s->bytes, 0, __ATOMIC_RELAXED);
  }
}
