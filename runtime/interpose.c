/*
 * interpose.c - the malloc family and C++ operator new, defined in the
 * program so that every heap allocation of the process passes through the
 * runtime: direct calls, calls through function pointers (Lua's frealloc,
 * cJSON's hooks), and allocations inside uninstrumented libraries, libc and
 * libstdc++ (glibc routes its own internal calls through the program's
 * malloc when the program defines one).
 *
 * Who counts what.  Instrumented call sites keep counting themselves inline
 * (per site, nearly free); this file counts every allocation once more, per
 * entry point ("heap" in the report).  The two never add up to one number:
 * the report states the heap count and the site counts side by side, and
 * the report tool derives what no site saw as the difference.  So nothing
 * has to tell the interposer whether its caller was an instrumented site,
 * and the per-site path costs exactly what it did.
 *
 * Every definition is weak: a program (or a static allocator such as
 * jemalloc) that defines its own malloc or operator new keeps it, links
 * without a clash, and the report then says the heap was not interposed.
 *
 * The real functions are the next definitions in the dynamic linker's search
 * order (dlsym RTLD_NEXT): normally the C library's and libstdc++'s, or an
 * LD_PRELOADed allocator's.  dlsym can itself allocate; while a thread is
 * resolving, its allocations come from a static buffer that is never freed.
 * Operator new calls the real malloc directly and falls back to the real
 * operator new only when malloc fails (new-handler loop, bad_alloc), so the
 * common path costs one call, not two.
 *
 * Counting is per thread, in a thread-local block registered with the
 * registry like an instrumented module's (allocsite_abi.h explains why: no
 * locked instruction, no shared cache line).  While the runtime itself is
 * registering a thread (which may allocate), counts go straight to the
 * settled totals, so nothing recurses and nothing is lost.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_internal.h"

#define WEAK_EXPORT __attribute__((weak, visibility("default")))
#define TLS_IE __attribute__((tls_model("initial-exec")))

/* ------------------------------------------------------------------------ */
/* The heap "module": one pseudo-site per entry point                        */
/* ------------------------------------------------------------------------ */

const char *const rt_heap_entry_names[RT_HEAP_NUM_ENTRIES] = {
#define ALLOCSITE_HEAP_ENTRY(Id, ReportName) [RT_HEAP_##Id] = ReportName,
#include "allocsite_abi.inc"
};

/* Two pseudo-sites per entry point: allocations made outside any
 * instrumented allocation-wrapper call, then those made inside one (the
 * thread's `nested` byte was set: that call's site counted them already). */
static const struct allocsite_site heap_sites[2 * RT_HEAP_NUM_ENTRIES] = {
#define ALLOCSITE_HEAP_ENTRY(Id, ReportName)                                                  \
  [RT_HEAP_##Id] = {.allocator = ReportName, .verdict = ALLOCSITE_VERDICT_UNKNOWN,             \
                    .flags = RT_SITE_HEAP_ENTRY},                                              \
  [RT_HEAP_NUM_ENTRIES + RT_HEAP_##Id] = {.allocator = ReportName,                             \
                                          .verdict = ALLOCSITE_VERDICT_UNKNOWN,                \
                                          .flags = RT_SITE_HEAP_ENTRY | ALLOCSITE_SITE_NESTED},
#include "allocsite_abi.inc"
};

static struct allocsite_count heap_settled[2 * RT_HEAP_NUM_ENTRIES];

static struct allocsite_module heap_module = {
    .abi_version = ALLOCSITE_ABI_VERSION,
    .num_sites = 2 * RT_HEAP_NUM_ENTRIES,
    .source = "<allocsite heap>",
    .sites = heap_sites,
    .settled = heap_settled,
    .flags = ALLOCSITE_MODULE_FRAME_POINTERS, /* runtime/CMakeLists.txt */
};

struct heap_block {
  struct allocsite_thread_counters header;
  struct allocsite_count entries[2 * RT_HEAP_NUM_ENTRIES]; /* as heap_sites */
};
static __thread struct heap_block heap_block TLS_IE;

/* Set by the first call through any entry point: proof that the process
 * binds the allocator names to these definitions. */
static int interposer_used;

int rt_heap_interposed(void) { return __atomic_load_n(&interposer_used, __ATOMIC_RELAXED); }

/* Nonzero while this thread is inside the runtime's own bookkeeping
 * (resolving the real functions, registering a thread, reading its stack
 * bounds).  Allocations made there (dlsym's, pthread_setspecific's,
 * pthread_getattr_np's) are served from a static buffer: they are not the
 * program's, they are never counted, they never reach the real allocator
 * (so an independent counter agrees with the report), and nothing recurses. */
static __thread volatile int boot_depth TLS_IE;
/* volatile: GCC otherwise folds the increment and decrement around dlsym,
 * not seeing that dlsym calls back into malloc here. */

void rt_enter_runtime(void) { boot_depth++; }
void rt_leave_runtime(void) { boot_depth--; }

static void register_heap_module(void) {
  static int registered;
  if (!__atomic_exchange_n(&registered, 1, __ATOMIC_ACQ_REL))
    ALLOCSITE_REGISTER_FN_ID(&heap_module);
}

__attribute__((constructor(101))) static void heap_module_init(void) {
  rt_enter_runtime();
  register_heap_module();
  rt_leave_runtime();
}

static void set_direct_pointers(void);

/* Before main, so that the program's own allocator (when it has one) sees
 * the runtime's set-up work there rather than in the middle of its run. */
__attribute__((constructor(101))) static void direct_pointers_init(void) { set_direct_pointers(); }

/* A copy of the runtime inside a library that is unloaded must not leave
 * its tables in the registry (see registry.c on copies). */
__attribute__((destructor(101))) static void heap_module_fini(void) {
  if (rt_is_primary())
    return; /* the process's own copy: its counts are written at exit */
  rt_enter_runtime();
  ALLOCSITE_UNREGISTER_FN_ID(&heap_module);
  rt_leave_runtime();
}

static __attribute__((noinline, cold)) void register_this_thread(void) {
  int saved_errno = errno;
  rt_enter_runtime();
  __atomic_store_n(&interposer_used, 1, __ATOMIC_RELAXED);
  register_heap_module();
  rt_register_thread_block(&heap_module, (struct allocsite_thread_counters *)&heap_block);
  rt_leave_runtime();
  errno = saved_errno;
}

/* Only when the process is known to use these entry points: registering
 * the block is what marks them used (a program with its own malloc never
 * calls them, and its report must say so). */
void rt_heap_thread_ready(void) {
  if (rt_heap_interposed() && !heap_block.header.registered)
    register_this_thread();
}

/* Only this thread writes its block: plain load, add, store.  index is
 * the entry point, or (inside an instrumented wrapper call) its nested
 * pseudo-site. */
static inline void add_to_block(unsigned index, uint64_t bytes) {
  struct allocsite_count *c = &heap_block.entries[index];
  __atomic_store_n(&c->objects, c->objects + 1, __ATOMIC_RELAXED);
  __atomic_store_n(&c->bytes, c->bytes + bytes, __ATOMIC_RELAXED);
}

/* Everything but the common case: the thread's first count, recording a
 * calling context.  Out of line, so the entry points keep few registers. */
static __attribute__((noinline)) void count_slow(enum rt_heap_entry entry, uint64_t bytes,
                                                 void *frame) {
  if (!heap_block.header.registered)
    register_this_thread();
  /* Made inside an instrumented wrapper call, which counted it at its site. */
  add_to_block(entry + (rt_thread_state.nested ? RT_HEAP_NUM_ENTRIES : 0), bytes);
  if (rt_contexts_depth)
    rt_context_record(entry, bytes, frame);
}

static inline void count(enum rt_heap_entry entry, uint64_t bytes, void *frame) {
  if (__builtin_expect(!heap_block.header.registered || rt_contexts_depth ||
                           rt_thread_state.nested, 0))
    count_slow(entry, bytes, frame);
  else
    add_to_block(entry, bytes);
}

/* ------------------------------------------------------------------------ */
/* The real functions                                                        */
/* ------------------------------------------------------------------------ */

typedef void *(*size_fn)(size_t);
typedef void *(*size2_fn)(size_t, size_t);
typedef void *(*realloc_fn)(void *, size_t);
typedef int (*posix_memalign_fn)(void **, size_t, size_t);
typedef void (*free_fn)(void *);
typedef void *(*new2_fn)(size_t, uintptr_t);
typedef void *(*new3_fn)(size_t, uintptr_t, uintptr_t);

static struct {
  size_fn malloc, valloc, pvalloc;
  size2_fn calloc, aligned_alloc, memalign;
  realloc_fn realloc;
  posix_memalign_fn posix_memalign;
  free_fn free;
  /* Only for the failure path (new-handler, bad_alloc); NULL without libstdc++. */
  size_fn new_, new_array;
  new2_fn new_nothrow, new_array_nothrow, new_aligned, new_array_aligned;
  new3_fn new_aligned_nothrow, new_array_aligned_nothrow;
} real;

static int resolved;

/* Allocations the runtime's own bookkeeping makes (see boot_depth); never
 * handed to the real free.  Enough for about a thousand threads' stack
 * bounds; when it runs out, the bookkeeping call fails (ENOMEM) and the
 * runtime does without (that thread's contexts then have one frame). */
static alignas(64) unsigned char boot_buf[256 * 1024];
static size_t boot_used;

static void *boot_alloc(size_t size) {
  size = (size + 63) & ~(size_t)63;
  size_t at = __atomic_fetch_add(&boot_used, size, __ATOMIC_RELAXED);
  if (size > sizeof boot_buf || at + size > sizeof boot_buf)
    return NULL;
  return boot_buf + at; /* zero: static storage, never reused */
}

static int is_boot(const void *p) {
  return (const unsigned char *)p >= boot_buf && (const unsigned char *)p < boot_buf + sizeof boot_buf;
}

#define RESOLVE(field, name) real.field = (__typeof__(real.field))dlsym(RTLD_NEXT, name)

static void resolve(void) {
  int saved_errno = errno;
  rt_enter_runtime();
  RESOLVE(malloc, "malloc");
  RESOLVE(calloc, "calloc");
  RESOLVE(realloc, "realloc");
  RESOLVE(free, "free");
  RESOLVE(aligned_alloc, "aligned_alloc");
  RESOLVE(memalign, "memalign");
  RESOLVE(valloc, "valloc");
  RESOLVE(pvalloc, "pvalloc");
  RESOLVE(posix_memalign, "posix_memalign");
  RESOLVE(new_, "_Znwm");
  RESOLVE(new_array, "_Znam");
  RESOLVE(new_nothrow, "_ZnwmRKSt9nothrow_t");
  RESOLVE(new_array_nothrow, "_ZnamRKSt9nothrow_t");
  RESOLVE(new_aligned, "_ZnwmSt11align_val_t");
  RESOLVE(new_array_aligned, "_ZnamSt11align_val_t");
  RESOLVE(new_aligned_nothrow, "_ZnwmSt11align_val_tRKSt9nothrow_t");
  RESOLVE(new_array_aligned_nothrow, "_ZnamSt11align_val_tRKSt9nothrow_t");
  rt_leave_runtime();
  if (!real.malloc || !real.calloc || !real.realloc || !real.free) {
    static const char msg[] = "allocsite: error: cannot find the C library's malloc to forward to\n";
    ssize_t ignored = write(2, msg, sizeof msg - 1);
    (void)ignored;
    abort();
  }
  __atomic_store_n(&resolved, 1, __ATOMIC_RELEASE);
  errno = saved_errno;
}

/* Whether to forward to the real function (0: serve from boot_buf). */
static inline int ready(void) {
  if (__builtin_expect(boot_depth != 0, 0))
    return 0;
  if (__builtin_expect(!__atomic_load_n(&resolved, __ATOMIC_ACQUIRE), 0))
    resolve();
  return 1;
}

/* The real function for a call that needs more than the C library's malloc
 * family; a C++ entry point is only reached from C++ code, so libstdc++ is
 * loaded and has it. */
static void *need(void *fn) {
  if (!fn) {
    static const char msg[] = "allocsite: error: cannot find the C++ library's operator new\n";
    ssize_t ignored = write(2, msg, sizeof msg - 1);
    (void)ignored;
    abort();
  }
  return fn;
}

/* ------------------------------------------------------------------------ */
/* C and POSIX allocators                                                    */
/* ------------------------------------------------------------------------ */

#define FRAME __builtin_frame_address(0)

static void *interposed_malloc(size_t size) {
  if (!ready())
    return boot_alloc(size);
  void *p = real.malloc(size);
  if (p)
    count(RT_HEAP_MALLOC, size, FRAME);
  return p;
}

static void *interposed_calloc(size_t n, size_t size) {
  if (!ready()) {
    size_t total;
    return __builtin_mul_overflow(n, size, &total) ? NULL : boot_alloc(total);
  }
  void *p = real.calloc(n, size);
  if (p)
    count(RT_HEAP_CALLOC, (uint64_t)n * size, FRAME);
  return p;
}

static void *interposed_realloc(void *old, size_t size) {
  if (!ready()) {
    void *p = boot_alloc(size);
    if (p && is_boot(old)) {
      size_t room = (size_t)(boot_buf + sizeof boot_buf - (unsigned char *)old);
      memcpy(p, old, size < room ? size : room);
    }
    return p;
  }
  if (is_boot(old)) {
    /* Only dlsym's own blocks live there: move one to the real heap. */
    void *p = real.malloc(size);
    if (p) {
      size_t room = (size_t)(boot_buf + sizeof boot_buf - (unsigned char *)old);
      memcpy(p, old, size < room ? size : room);
      count(RT_HEAP_REALLOC, size, FRAME);
    }
    return p;
  }
  void *p = real.realloc(old, size);
  if (p)
    count(RT_HEAP_REALLOC, size, FRAME);
  return p;
}

static void interposed_free(void *p) {
  if (!p || is_boot(p))
    return;
  if (!__atomic_load_n(&resolved, __ATOMIC_ACQUIRE))
    return; /* cannot happen: only boot blocks exist before resolving */
  real.free(p);
}

static void *interposed_aligned_alloc(size_t alignment, size_t size) {
  if (!ready())
    return alignment <= 64 ? boot_alloc(size) : NULL;
  void *p = real.aligned_alloc(alignment, size);
  if (p)
    count(RT_HEAP_ALIGNED_ALLOC, size, FRAME);
  return p;
}

static void *interposed_memalign(size_t alignment, size_t size) {
  if (!ready())
    return alignment <= 64 ? boot_alloc(size) : NULL;
  void *p = real.memalign(alignment, size);
  if (p)
    count(RT_HEAP_MEMALIGN, size, FRAME);
  return p;
}

static void *interposed_valloc(size_t size) {
  if (!ready())
    return NULL;
  void *p = real.valloc(size);
  if (p)
    count(RT_HEAP_VALLOC, size, FRAME);
  return p;
}

static void *interposed_pvalloc(size_t size) {
  if (!ready())
    return NULL;
  void *p = real.pvalloc(size);
  if (p)
    count(RT_HEAP_PVALLOC, size, FRAME);
  return p;
}

static int interposed_posix_memalign(void **out, size_t alignment, size_t size) {
  if (!ready()) {
    *out = alignment <= 64 ? boot_alloc(size) : NULL;
    return *out ? 0 : ENOMEM;
  }
  int status = real.posix_memalign(out, alignment, size);
  if (status == 0)
    count(RT_HEAP_POSIX_MEMALIGN, size, FRAME);
  return status;
}


/* The names the process binds to: weak, so a program's own definition
 * wins at link time (then these functions are simply unused). */
#define INTERPOSE_ALIAS(name)                                                                    \
  extern __typeof__(interposed_##name) name                                                    \
      __attribute__((weak, alias("interposed_" #name), visibility("default")));
INTERPOSE_ALIAS(malloc)
INTERPOSE_ALIAS(free)
INTERPOSE_ALIAS(calloc)
INTERPOSE_ALIAS(realloc)
INTERPOSE_ALIAS(aligned_alloc)
INTERPOSE_ALIAS(memalign)
INTERPOSE_ALIAS(valloc)
INTERPOSE_ALIAS(pvalloc)
INTERPOSE_ALIAS(posix_memalign)

/* ------------------------------------------------------------------------ */
/* What the heap counted                                                     */
/* ------------------------------------------------------------------------ */

static int heap_entry_of(const char *allocator) {
  for (int e = 0; e < RT_HEAP_NUM_ENTRIES; e++)
    if (allocator && strcmp(allocator, rt_heap_entry_names[e]) == 0)
      return e;
  return -1;
}

/* The interposer's entry points of every copy of the runtime, plus the
 * instrumented calls of the C malloc family that went around it (see
 * below): their sites' counts, and their modules' NESTED records (such calls
 * made inside an instrumented wrapper call, counted at that call's site). */
static void add_heap_counts(const struct allocsite_module *m, void *ctx) {
  struct rt_heap_counts *heap = ctx;
  int bypass = __atomic_load_n(&rt_direct_sites_bypass, __ATOMIC_ACQUIRE);
  for (uint32_t i = 0; i < m->num_sites; i++) {
    uint32_t flags = m->sites[i].flags;
    int bypassed = bypass && (flags & (ALLOCSITE_SITE_DIRECT | ALLOCSITE_SITE_NESTED));
    if (!(flags & RT_SITE_HEAP_ENTRY) && !bypassed)
      continue;
    int e = heap_entry_of(m->sites[i].allocator);
    if (e < 0)
      continue;
    struct allocsite_count c = rt_site_count(m, i);
    heap->by_entry[e].objects += c.objects;
    heap->by_entry[e].bytes += c.bytes;
    if (flags & ALLOCSITE_SITE_NESTED) {
      heap->nested.objects += c.objects;
      heap->nested.bytes += c.bytes;
    }
  }
}

void rt_heap_snapshot(struct rt_heap_counts *heap) {
  memset(heap, 0, sizeof *heap);
  rt_for_each_module(add_heap_counts, heap);
}

/* ------------------------------------------------------------------------ */
/* The direct path of instrumented sites                                     */
/* ------------------------------------------------------------------------ */

/*
 * An instrumented call of the C malloc family counts itself, so passing it
 * through the interposer as well would only add cost (about 25
 * instructions on a ~130-instruction malloc/free pair).  The plugin makes
 * such calls through these pointers instead.  They point at:
 *  - the real functions when calling contexts are off: the interposer never
 *    sees those allocations, and the report adds the sites' counts to the
 *    heap (rt_direct_sites_bypass);
 *  - the interposer when contexts are on, so every allocation gets its
 *    context (and the heap is the interposer's count alone);
 *  - the program's own functions when it defines the malloc family.
 * Each starts at a stub that sets them all on the first call.
 */
int rt_direct_sites_bypass;

static void set_direct_pointers(void);

#define DIRECT_POINTER(name, ret, params, args)                                                  \
  static ret first_##name params;                                                              \
  RT_EXPORT ret(*__allocsite_direct_##name) params = first_##name;                              \
  static ret first_##name params {                                                             \
    set_direct_pointers();                                                                     \
    return __allocsite_direct_##name args;                                                     \
  }
DIRECT_POINTER(malloc, void *, (size_t size), (size))
DIRECT_POINTER(calloc, void *, (size_t n, size_t size), (n, size))
DIRECT_POINTER(realloc, void *, (void *old, size_t size), (old, size))
DIRECT_POINTER(aligned_alloc, void *, (size_t alignment, size_t size), (alignment, size))
DIRECT_POINTER(memalign, void *, (size_t alignment, size_t size), (alignment, size))
DIRECT_POINTER(valloc, void *, (size_t size), (size))
DIRECT_POINTER(pvalloc, void *, (size_t size), (size))
DIRECT_POINTER(posix_memalign, int, (void **out, size_t alignment, size_t size),
               (out, alignment, size))
/* free too: instrumented code's frees need not pass the interposer either
 * (it only has to recognise blocks of its own start-up buffer, which the
 * program never holds). */
static void first_free(void *p);
RT_EXPORT void (*__allocsite_direct_free)(void *) = first_free;
static void first_free(void *p) {
  set_direct_pointers();
  __allocsite_direct_free(p);
}

static void set_direct_pointers(void) {
  int ours = dlsym(RTLD_DEFAULT, "malloc") == (void *)interposed_malloc;
  /* The program's own allocator must see no allocation it did not ask
   * for: resolve (dlsym allocates on failed lookups) only when ours. */
  if (ours && !__atomic_load_n(&resolved, __ATOMIC_ACQUIRE))
    resolve();
  rt_contexts_configure();
  int bypass = ours && rt_contexts_depth == 0;
  if (ours)
    __atomic_store_n(&interposer_used, 1, __ATOMIC_RELAXED);
#define SET(name)                                                                              \
  do {                                                                                         \
    __typeof__(__allocsite_direct_##name) f;                                                   \
    if (bypass)                                                                                \
      f = (__typeof__(f))real.name;                                                            \
    else if (ours)                                                                             \
      f = interposed_##name;                                                                   \
    else                                                                                       \
      f = (__typeof__(f))dlsym(RTLD_DEFAULT, #name);                                           \
    if (!f)                                                                                    \
      f = interposed_##name;                                                                   \
    __atomic_store_n(&__allocsite_direct_##name, f, __ATOMIC_RELEASE);                         \
  } while (0)
  /* Every pointer the plugin calls through (allocsite_abi.inc). */
#define ALLOCSITE_DIRECT(Name) SET(Name);
#include "allocsite_abi.inc"
#undef SET
  __atomic_store_n(&rt_direct_sites_bypass, bypass, __ATOMIC_RELEASE);
}

/* ------------------------------------------------------------------------ */
/* C++ replaceable allocation functions (LP64 mangling).  nothrow_t is       */
/* passed by reference and align_val_t as a size_t-sized integer, so both    */
/* travel as uintptr_t.  The failure paths call libstdc++'s own operator,    */
/* which runs the new-handler and throws; its inner malloc then comes back   */
/* here and is counted as malloc, so a count is never lost or doubled.  This */
/* file is built with -fexceptions so bad_alloc unwinds through it.          */
/* ------------------------------------------------------------------------ */

/* libstdc++'s rules: size 0 asks for 1 byte; aligned new rounds the size up
 * to a multiple of the alignment (aligned_alloc requires it). */
static inline void *new_memory(size_t size) {
  if (!ready())
    return NULL;
  return real.malloc(size ? size : 1);
}

static inline void *new_aligned_memory(size_t size, uintptr_t align) {
  if (!ready())
    return NULL;
  if (align < sizeof(void *))
    align = sizeof(void *);
  size_t rounded = (size + align - 1) & ~(size_t)(align - 1);
  if (rounded < size)
    return NULL;
  return real.aligned_alloc(align, rounded ? rounded : align);
}

WEAK_EXPORT void *_Znwm(size_t size) {
  void *p = new_memory(size);
  if (!p)
    return ((size_fn)need((void *)real.new_))(size);
  count(RT_HEAP_NEW, size, FRAME);
  return p;
}

WEAK_EXPORT void *_Znam(size_t size) {
  void *p = new_memory(size);
  if (!p)
    return ((size_fn)need((void *)real.new_array))(size);
  count(RT_HEAP_NEW_ARRAY, size, FRAME);
  return p;
}

WEAK_EXPORT void *_ZnwmRKSt9nothrow_t(size_t size, uintptr_t nothrow) {
  void *p = new_memory(size);
  if (!p)
    return ((new2_fn)need((void *)real.new_nothrow))(size, nothrow);
  count(RT_HEAP_NEW, size, FRAME);
  return p;
}

WEAK_EXPORT void *_ZnamRKSt9nothrow_t(size_t size, uintptr_t nothrow) {
  void *p = new_memory(size);
  if (!p)
    return ((new2_fn)need((void *)real.new_array_nothrow))(size, nothrow);
  count(RT_HEAP_NEW_ARRAY, size, FRAME);
  return p;
}

WEAK_EXPORT void *_ZnwmSt11align_val_t(size_t size, uintptr_t align) {
  void *p = new_aligned_memory(size, align);
  if (!p)
    return ((new2_fn)need((void *)real.new_aligned))(size, align);
  count(RT_HEAP_NEW, size, FRAME);
  return p;
}

WEAK_EXPORT void *_ZnamSt11align_val_t(size_t size, uintptr_t align) {
  void *p = new_aligned_memory(size, align);
  if (!p)
    return ((new2_fn)need((void *)real.new_array_aligned))(size, align);
  count(RT_HEAP_NEW_ARRAY, size, FRAME);
  return p;
}

WEAK_EXPORT void *_ZnwmSt11align_val_tRKSt9nothrow_t(size_t size, uintptr_t align,
                                                     uintptr_t nothrow) {
  void *p = new_aligned_memory(size, align);
  if (!p)
    return ((new3_fn)need((void *)real.new_aligned_nothrow))(size, align, nothrow);
  count(RT_HEAP_NEW, size, FRAME);
  return p;
}

WEAK_EXPORT void *_ZnamSt11align_val_tRKSt9nothrow_t(size_t size, uintptr_t align,
                                                     uintptr_t nothrow) {
  void *p = new_aligned_memory(size, align);
  if (!p)
    return ((new3_fn)need((void *)real.new_array_aligned_nothrow))(size, align, nothrow);
  count(RT_HEAP_NEW_ARRAY, size, FRAME);
  return p;
}
