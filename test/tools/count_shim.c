/*
 * count_shim.so - an LD_PRELOAD library that counts, independently of
 * allocsite, the heap allocations the main executable's own code asks for.
 *
 * Every malloc-family function and C++ operator new variant is interposed.
 * A call counts when its return address lies in the main executable (the
 * first object dl_iterate_phdr reports), so the C library's and libstdc++'s
 * internal allocations (stdio buffers, the malloc inside strdup or inside
 * operator new) are not counted.  The counting rules are allocsite's:
 * objects += 1 per successful allocation, bytes += the requested size
 * (calloc and reallocarray n * size, realloc the new size, strdup and
 * strndup strlen(result) + 1); posix_memalign counts only when it returns 0,
 * the others only when they return non-NULL.
 *
 * When the program itself defines the malloc family (allocsite's runtime
 * does, to see every allocation), the program's definitions run first and
 * call these; a call whose return address is in such a program-defined
 * allocator function is charged to that function's own caller (one frame
 * up, through the allocator's frame pointer), so the rule above still
 * holds.
 *
 * It also counts every allocation of the process, whoever asks: the
 * outermost interposed call of each thread counts once (so strdup's inner
 * malloc or libstdc++'s operator new calling malloc are not counted twice).
 *
 * At exit (destructor) it writes "objects=N bytes=M\n" for the main
 * executable's own allocations to $COUNT_SHIM_OUT and the same line for all
 * allocations to $COUNT_SHIM_HEAP_OUT (nothing when unset).  It never reads
 * an allocsite report.
 *
 * The real functions are found with dlsym(RTLD_NEXT, ...).  dlsym may itself
 * allocate; while this thread is resolving, allocations are served from a
 * static buffer whose blocks are never freed to the real allocator.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXPORT __attribute__((visibility("default")))

/* ------------------------------------------------------------------------ */
/* Where the main executable is                                              */
/* ------------------------------------------------------------------------ */

#define MAX_SEGMENTS 16
static uintptr_t seg_lo[MAX_SEGMENTS], seg_hi[MAX_SEGMENTS];
static int num_segments;
static int ranges_state; /* 0 not yet, 1 computing, 2 ready */

static int first_object(struct dl_phdr_info *info, size_t size, void *ctx) {
  (void)size;
  (void)ctx;
  for (int i = 0; i < info->dlpi_phnum && num_segments < MAX_SEGMENTS; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_LOAD)
      continue;
    seg_lo[num_segments] = info->dlpi_addr + ph->p_vaddr;
    seg_hi[num_segments] = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
    num_segments++;
  }
  return 1; /* the first entry is the main program */
}

static void find_main_program(void) {
  int expected = 0;
  if (!__atomic_compare_exchange_n(&ranges_state, &expected, 1, 0, __ATOMIC_ACQ_REL,
                                   __ATOMIC_ACQUIRE))
    return;
  dl_iterate_phdr(first_object, NULL);
  __atomic_store_n(&ranges_state, 2, __ATOMIC_RELEASE);
}

static int from_main_program(const void *return_address) {
  if (__atomic_load_n(&ranges_state, __ATOMIC_ACQUIRE) != 2) {
    /* The main program's code cannot run before our constructor (preloaded
     * objects are initialised first), so an early caller is not it. */
    return 0;
  }
  uintptr_t a = (uintptr_t)return_address;
  for (int i = 0; i < num_segments; i++)
    if (a >= seg_lo[i] && a < seg_hi[i])
      return 1;
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Counters                                                                  */
/* ------------------------------------------------------------------------ */

static uint64_t count_objects, count_bytes;
static uint64_t heap_objects, heap_bytes;

/* How many interposed calls this thread is inside. */
static _Thread_local int call_depth __attribute__((tls_model("initial-exec")));

static const char *const allocator_names[] = {
    "malloc", "calloc", "realloc", "reallocarray", "aligned_alloc", "memalign", "valloc",
    "pvalloc", "posix_memalign", "strdup", "strndup", "_Znwm", "_Znam", "_ZnwmRKSt9nothrow_t",
    "_ZnamRKSt9nothrow_t", "_ZnwmSt11align_val_t", "_ZnamSt11align_val_t",
    "_ZnwmSt11align_val_tRKSt9nothrow_t", "_ZnamSt11align_val_tRKSt9nothrow_t"};

/* Whether address is inside a malloc-family function the main program
 * defines itself (an interposer in front of this one). */
static int in_program_allocator(const void *address) {
  Dl_info info;
  if (!dladdr(address, &info) || !info.dli_sname)
    return 0;
  for (size_t k = 0; k < sizeof allocator_names / sizeof allocator_names[0]; k++)
    if (strcmp(info.dli_sname, allocator_names[k]) == 0)
      return 1;
  return 0;
}

static void count(const void *return_address, const void *frame, uint64_t bytes) {
  if (call_depth == 1) {
    __atomic_fetch_add(&heap_objects, 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&heap_bytes, bytes, __ATOMIC_RELAXED);
  }
  if (from_main_program(return_address) && in_program_allocator(return_address)) {
    /* frame is ours; frame[0] is the interposer's frame, whose [1] is the
     * return address into its caller. */
    const void *const *theirs = *(const void *const *const *)frame;
    return_address = theirs[1];
  }
  if (!from_main_program(return_address))
    return;
  __atomic_fetch_add(&count_objects, 1, __ATOMIC_RELAXED);
  __atomic_fetch_add(&count_bytes, bytes, __ATOMIC_RELAXED);
}

struct depth_guard {
  int unused;
};
static inline struct depth_guard enter_call(void) {
  call_depth++;
  return (struct depth_guard){0};
}
static inline void leave_call(struct depth_guard *g) {
  (void)g;
  call_depth--;
}

/* ------------------------------------------------------------------------ */
/* The real functions                                                        */
/* ------------------------------------------------------------------------ */

typedef void *(*malloc_fn)(size_t);
typedef void *(*calloc_fn)(size_t, size_t);
typedef void *(*realloc_fn)(void *, size_t);
typedef void *(*reallocarray_fn)(void *, size_t, size_t);
typedef void *(*align_fn)(size_t, size_t);
typedef int (*posix_memalign_fn)(void **, size_t, size_t);
typedef char *(*strdup_fn)(const char *);
typedef char *(*strndup_fn)(const char *, size_t);
typedef void (*free_fn)(void *);
typedef void *(*new_fn)(size_t);
typedef void *(*new2_fn)(size_t, uintptr_t);
typedef void *(*new3_fn)(size_t, uintptr_t, uintptr_t);

static struct {
  malloc_fn malloc, valloc, pvalloc;
  calloc_fn calloc;
  realloc_fn realloc;
  reallocarray_fn reallocarray;
  align_fn aligned_alloc, memalign;
  posix_memalign_fn posix_memalign;
  strdup_fn strdup;
  strndup_fn strndup;
  free_fn free;
  /* C++: size; size + (nothrow_t& or align_val_t); size + align_val_t + nothrow_t&. */
  new_fn new_, new_array;
  new2_fn new_nothrow, new_array_nothrow, new_aligned, new_array_aligned;
  new3_fn new_aligned_nothrow, new_array_aligned_nothrow;
} real;

/* volatile: the compiler must not drop the store around dlsym, which calls
 * back into malloc. */
static _Thread_local volatile int resolving __attribute__((tls_model("initial-exec")));
static int resolved;

/* The bootstrap buffer for allocations made by dlsym while resolving. */
static alignas(64) unsigned char boot_buf[64 * 1024];
static size_t boot_used;

static void *boot_alloc(size_t size) {
  size = (size + 63) & ~(size_t)63;
  size_t at = __atomic_fetch_add(&boot_used, size, __ATOMIC_RELAXED);
  if (at + size > sizeof boot_buf) {
    static const char msg[] = "count_shim: bootstrap buffer exhausted\n";
    ssize_t ignored = write(2, msg, sizeof msg - 1);
    (void)ignored;
    abort();
  }
  return boot_buf + at; /* zeroed: static storage, never reused */
}

static int is_boot(const void *p) {
  return (const unsigned char *)p >= boot_buf && (const unsigned char *)p < boot_buf + sizeof boot_buf;
}

#define RESOLVE(field, name) real.field = (__typeof__(real.field))dlsym(RTLD_NEXT, name)

static void resolve(void) {
  if (__atomic_load_n(&resolved, __ATOMIC_ACQUIRE))
    return;
  resolving = 1;
  RESOLVE(malloc, "malloc");
  RESOLVE(calloc, "calloc");
  RESOLVE(realloc, "realloc");
  RESOLVE(reallocarray, "reallocarray");
  RESOLVE(aligned_alloc, "aligned_alloc");
  RESOLVE(memalign, "memalign");
  RESOLVE(valloc, "valloc");
  RESOLVE(pvalloc, "pvalloc");
  RESOLVE(posix_memalign, "posix_memalign");
  RESOLVE(strdup, "strdup");
  RESOLVE(strndup, "strndup");
  RESOLVE(free, "free");
  /* Absent in C programs (no libstdc++); then nothing calls them either. */
  RESOLVE(new_, "_Znwm");
  RESOLVE(new_array, "_Znam");
  RESOLVE(new_nothrow, "_ZnwmRKSt9nothrow_t");
  RESOLVE(new_array_nothrow, "_ZnamRKSt9nothrow_t");
  RESOLVE(new_aligned, "_ZnwmSt11align_val_t");
  RESOLVE(new_array_aligned, "_ZnamSt11align_val_t");
  RESOLVE(new_aligned_nothrow, "_ZnwmSt11align_val_tRKSt9nothrow_t");
  RESOLVE(new_array_aligned_nothrow, "_ZnamSt11align_val_tRKSt9nothrow_t");
  resolving = 0;
  if (!real.malloc || !real.calloc || !real.realloc || !real.free) {
    static const char msg[] = "count_shim: cannot find the real allocator\n";
    ssize_t ignored = write(2, msg, sizeof msg - 1);
    (void)ignored;
    abort();
  }
  __atomic_store_n(&resolved, 1, __ATOMIC_RELEASE);
}

static void missing(const char *name) {
  char msg[128];
  int n = snprintf(msg, sizeof msg, "count_shim: no real %s to forward to\n", name);
  ssize_t ignored = write(2, msg, (size_t)n);
  (void)ignored;
  abort();
}

/* Resolves on first use; inside dlsym, says "use the bootstrap buffer". */
#define ENSURE(field, name)                                                                    \
  do {                                                                                         \
    if (!__atomic_load_n(&resolved, __ATOMIC_ACQUIRE) && !resolving)                           \
      resolve();                                                                               \
    if (!real.field)                                                                           \
      missing(name);                                                                           \
  } while (0)

/* ------------------------------------------------------------------------ */
/* C and POSIX allocators                                                    */
/* ------------------------------------------------------------------------ */

EXPORT void *malloc(size_t size) {
  const void *ra = __builtin_return_address(0), *fa = __builtin_frame_address(0);
  struct depth_guard guard __attribute__((cleanup(leave_call))) = enter_call();
  (void)guard;
  if (resolving) {
    /* Served here, but still an allocation of the process (the dynamic
     * linker's, while it resolves for us): an interposer in front of us
     * counts it, and so do we. */
    void *p = boot_alloc(size);
    count(ra, fa, size);
    return p;
  }
  ENSURE(malloc, "malloc");
  void *p = real.malloc(size);
  if (p)
    count(ra, fa, size);
  return p;
}

EXPORT void *calloc(size_t n, size_t size) {
  const void *ra = __builtin_return_address(0), *fa = __builtin_frame_address(0);
  struct depth_guard guard __attribute__((cleanup(leave_call))) = enter_call();
  (void)guard;
  if (resolving) {
    size_t total;
    if (__builtin_mul_overflow(n, size, &total))
      return NULL;
    void *p = boot_alloc(total);
    count(ra, fa, total);
    return p;
  }
  ENSURE(calloc, "calloc");
  void *p = real.calloc(n, size);
  if (p)
    count(ra, fa, (uint64_t)n * size);
  return p;
}

EXPORT void *realloc(void *old, size_t size) {
  const void *ra = __builtin_return_address(0), *fa = __builtin_frame_address(0);
  struct depth_guard guard __attribute__((cleanup(leave_call))) = enter_call();
  (void)guard;
  if (is_boot(old)) {
    /* Only dlsym's own buffers live here; move them to the real heap. */
    ENSURE(malloc, "malloc");
    void *p = real.malloc(size);
    if (p) {
      size_t room = (size_t)(boot_buf + sizeof boot_buf - (unsigned char *)old);
      memcpy(p, old, size < room ? size : room);
    }
    return p;
  }
  ENSURE(realloc, "realloc");
  void *p = real.realloc(old, size);
  if (p)
    count(ra, fa, size);
  return p;
}

EXPORT void *reallocarray(void *old, size_t n, size_t size) {
  const void *ra = __builtin_return_address(0), *fa = __builtin_frame_address(0);
  struct depth_guard guard __attribute__((cleanup(leave_call))) = enter_call();
  (void)guard;
  ENSURE(reallocarray, "reallocarray");
  void *p = real.reallocarray(old, n, size);
  if (p)
    count(ra, fa, (uint64_t)n * size);
  return p;
}

EXPORT void *aligned_alloc(size_t alignment, size_t size) {
  const void *ra = __builtin_return_address(0), *fa = __builtin_frame_address(0);
  struct depth_guard guard __attribute__((cleanup(leave_call))) = enter_call();
  (void)guard;
  ENSURE(aligned_alloc, "aligned_alloc");
  void *p = real.aligned_alloc(alignment, size);
  if (p)
    count(ra, fa, size);
  return p;
}

EXPORT void *memalign(size_t alignment, size_t size) {
  const void *ra = __builtin_return_address(0), *fa = __builtin_frame_address(0);
  struct depth_guard guard __attribute__((cleanup(leave_call))) = enter_call();
  (void)guard;
  ENSURE(memalign, "memalign");
  void *p = real.memalign(alignment, size);
  if (p)
    count(ra, fa, size);
  return p;
}

EXPORT void *valloc(size_t size) {
  const void *ra = __builtin_return_address(0), *fa = __builtin_frame_address(0);
  struct depth_guard guard __attribute__((cleanup(leave_call))) = enter_call();
  (void)guard;
  ENSURE(valloc, "valloc");
  void *p = real.valloc(size);
  if (p)
    count(ra, fa, size);
  return p;
}

EXPORT void *pvalloc(size_t size) {
  const void *ra = __builtin_return_address(0), *fa = __builtin_frame_address(0);
  struct depth_guard guard __attribute__((cleanup(leave_call))) = enter_call();
  (void)guard;
  ENSURE(pvalloc, "pvalloc");
  void *p = real.pvalloc(size);
  if (p)
    count(ra, fa, size);
  return p;
}

EXPORT int posix_memalign(void **out, size_t alignment, size_t size) {
  const void *ra = __builtin_return_address(0), *fa = __builtin_frame_address(0);
  struct depth_guard guard __attribute__((cleanup(leave_call))) = enter_call();
  (void)guard;
  ENSURE(posix_memalign, "posix_memalign");
  int status = real.posix_memalign(out, alignment, size);
  if (status == 0)
    count(ra, fa, size);
  return status;
}

EXPORT char *strdup(const char *s) {
  const void *ra = __builtin_return_address(0), *fa = __builtin_frame_address(0);
  struct depth_guard guard __attribute__((cleanup(leave_call))) = enter_call();
  (void)guard;
  ENSURE(strdup, "strdup");
  char *p = real.strdup(s);
  if (p)
    count(ra, fa, strlen(p) + 1);
  return p;
}

EXPORT char *__strdup(const char *s) {
  const void *ra = __builtin_return_address(0), *fa = __builtin_frame_address(0);
  struct depth_guard guard __attribute__((cleanup(leave_call))) = enter_call();
  (void)guard;
  ENSURE(strdup, "strdup");
  char *p = real.strdup(s);
  if (p)
    count(ra, fa, strlen(p) + 1);
  return p;
}

EXPORT char *strndup(const char *s, size_t n) {
  const void *ra = __builtin_return_address(0), *fa = __builtin_frame_address(0);
  struct depth_guard guard __attribute__((cleanup(leave_call))) = enter_call();
  (void)guard;
  ENSURE(strndup, "strndup");
  char *p = real.strndup(s, n);
  if (p)
    count(ra, fa, strlen(p) + 1);
  return p;
}

EXPORT char *__strndup(const char *s, size_t n) {
  const void *ra = __builtin_return_address(0), *fa = __builtin_frame_address(0);
  struct depth_guard guard __attribute__((cleanup(leave_call))) = enter_call();
  (void)guard;
  ENSURE(strndup, "strndup");
  char *p = real.strndup(s, n);
  if (p)
    count(ra, fa, strlen(p) + 1);
  return p;
}

EXPORT void free(void *p) {
  if (!p || is_boot(p))
    return;
  ENSURE(free, "free");
  real.free(p);
}

/* ------------------------------------------------------------------------ */
/* C++ replaceable allocation functions (LP64 mangling).  nothrow_t is       */
/* passed by reference and align_val_t as a size_t-sized integer, so both    */
/* travel as uintptr_t.  Exceptions (bad_alloc) unwind through these frames  */
/* (built with -fexceptions).                                                */
/* ------------------------------------------------------------------------ */

EXPORT void *_Znwm(size_t size) {
  const void *ra = __builtin_return_address(0), *fa = __builtin_frame_address(0);
  struct depth_guard guard __attribute__((cleanup(leave_call))) = enter_call();
  (void)guard;
  ENSURE(new_, "operator new");
  void *p = real.new_(size);
  if (p)
    count(ra, fa, size);
  return p;
}

EXPORT void *_Znam(size_t size) {
  const void *ra = __builtin_return_address(0), *fa = __builtin_frame_address(0);
  struct depth_guard guard __attribute__((cleanup(leave_call))) = enter_call();
  (void)guard;
  ENSURE(new_array, "operator new[]");
  void *p = real.new_array(size);
  if (p)
    count(ra, fa, size);
  return p;
}

EXPORT void *_ZnwmRKSt9nothrow_t(size_t size, uintptr_t nothrow) {
  const void *ra = __builtin_return_address(0), *fa = __builtin_frame_address(0);
  struct depth_guard guard __attribute__((cleanup(leave_call))) = enter_call();
  (void)guard;
  ENSURE(new_nothrow, "operator new(nothrow)");
  void *p = real.new_nothrow(size, nothrow);
  if (p)
    count(ra, fa, size);
  return p;
}

EXPORT void *_ZnamRKSt9nothrow_t(size_t size, uintptr_t nothrow) {
  const void *ra = __builtin_return_address(0), *fa = __builtin_frame_address(0);
  struct depth_guard guard __attribute__((cleanup(leave_call))) = enter_call();
  (void)guard;
  ENSURE(new_array_nothrow, "operator new[](nothrow)");
  void *p = real.new_array_nothrow(size, nothrow);
  if (p)
    count(ra, fa, size);
  return p;
}

EXPORT void *_ZnwmSt11align_val_t(size_t size, uintptr_t align) {
  const void *ra = __builtin_return_address(0), *fa = __builtin_frame_address(0);
  struct depth_guard guard __attribute__((cleanup(leave_call))) = enter_call();
  (void)guard;
  ENSURE(new_aligned, "operator new(align_val_t)");
  void *p = real.new_aligned(size, align);
  if (p)
    count(ra, fa, size);
  return p;
}

EXPORT void *_ZnamSt11align_val_t(size_t size, uintptr_t align) {
  const void *ra = __builtin_return_address(0), *fa = __builtin_frame_address(0);
  struct depth_guard guard __attribute__((cleanup(leave_call))) = enter_call();
  (void)guard;
  ENSURE(new_array_aligned, "operator new[](align_val_t)");
  void *p = real.new_array_aligned(size, align);
  if (p)
    count(ra, fa, size);
  return p;
}

EXPORT void *_ZnwmSt11align_val_tRKSt9nothrow_t(size_t size, uintptr_t align, uintptr_t nothrow) {
  const void *ra = __builtin_return_address(0), *fa = __builtin_frame_address(0);
  struct depth_guard guard __attribute__((cleanup(leave_call))) = enter_call();
  (void)guard;
  ENSURE(new_aligned_nothrow, "operator new(align_val_t, nothrow)");
  void *p = real.new_aligned_nothrow(size, align, nothrow);
  if (p)
    count(ra, fa, size);
  return p;
}

EXPORT void *_ZnamSt11align_val_tRKSt9nothrow_t(size_t size, uintptr_t align, uintptr_t nothrow) {
  const void *ra = __builtin_return_address(0), *fa = __builtin_frame_address(0);
  struct depth_guard guard __attribute__((cleanup(leave_call))) = enter_call();
  (void)guard;
  ENSURE(new_array_aligned_nothrow, "operator new[](align_val_t, nothrow)");
  void *p = real.new_array_aligned_nothrow(size, align, nothrow);
  if (p)
    count(ra, fa, size);
  return p;
}

/* ------------------------------------------------------------------------ */
/* Start and end                                                             */
/* ------------------------------------------------------------------------ */

__attribute__((constructor)) static void count_shim_init(void) {
  resolve();
  find_main_program();
}

static void write_count(const char *env, const uint64_t *objects, const uint64_t *bytes) {
  const char *path = getenv(env);
  if (!path || !*path)
    return;
  char line[128];
  int n = snprintf(line, sizeof line, "objects=%llu bytes=%llu\n",
                   (unsigned long long)__atomic_load_n(objects, __ATOMIC_RELAXED),
                   (unsigned long long)__atomic_load_n(bytes, __ATOMIC_RELAXED));
  int saved_errno = errno;
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0 || write(fd, line, (size_t)n) != n || close(fd) != 0) {
    char msg[512];
    int m = snprintf(msg, sizeof msg, "count_shim: cannot write '%s': %s\n", path, strerror(errno));
    ssize_t ignored = write(2, msg, (size_t)m);
    (void)ignored;
  }
  errno = saved_errno;
}

__attribute__((destructor)) static void count_shim_fini(void) {
  write_count("COUNT_SHIM_OUT", &count_objects, &count_bytes);
  write_count("COUNT_SHIM_HEAP_OUT", &heap_objects, &heap_bytes);
}
