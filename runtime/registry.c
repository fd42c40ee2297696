/*
 * registry.c - the instrumented modules (executables and shared libraries)
 * and the per-thread counter blocks the report sums.
 *
 * Modules register their table from a module constructor and unregister it
 * from the matching destructor (module_registration.c).  A thread registers
 * its thread-local counter block of every module at once, from its first
 * count at any site (thread_registration.c), and again after a module was
 * loaded, which sets `pending` in every live thread.  When a thread exits,
 * a pthread key destructor adds its blocks into the modules' `settled`
 * counts, so counts of threads that ended long before exit are kept.
 *
 * A module that goes away before exit (dlclose) must still be reported, and
 * its table and counters go away with its code, so unregistering folds every
 * thread's block into `settled` and copies the table and counts into arena
 * memory ("retired" modules).  If the same library is loaded again, its
 * retired counts are carried into the new instance, so the report never lists
 * one site twice.
 *
 * All of this is rare (once per module, once per thread and module), never
 * per allocation, so one mutex guards it.  The ABI entry points that lead
 * here, and the forwarding to another copy of the runtime
 * (primary_copy.c), live above: the report writer reads the registry, so
 * nothing here may call up into starting the runtime or the heap counts.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

struct thread_block {
  struct allocsite_module *module; /* NULL once folded (thread exit, dlclose) */
  struct allocsite_thread_counters *counters;
  struct thread_block *next_in_module;
  struct thread_block *next_in_thread;
};

/* The thread state instrumented code reads at every site (allocsite_abi.h).
 * Exported: every instrumented module of the process, and every copy of the
 * runtime, uses the executable's one definition.  `pending` starts at 1 in
 * every thread: its first count registers its blocks. */
__thread struct allocsite_thread_state rt_thread_state = {.pending = 1};
RT_EXPORT extern __thread struct allocsite_thread_state ALLOCSITE_THREAD_STATE_ID
    __attribute__((alias("rt_thread_state")));
/* allocsite_abi.h, ALLOCSITE_RUNTIME_IN_EXECUTABLE. */
RT_HIDDEN const char ALLOCSITE_RUNTIME_IN_EXECUTABLE_ID = 1;

/* A thread that registered its blocks, so that a module loaded later can
 * tell it to register that module's block too. */
struct live_thread {
  struct allocsite_thread_state *state;
  struct live_thread *next;
};

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct allocsite_module *modules_head, *modules_tail;
static struct thread_block *free_blocks;
static __thread struct thread_block *this_thread_blocks;
static struct live_thread *live_threads, *free_live_threads;
static __thread struct live_thread *this_live_thread;
static pthread_key_t thread_exit_key;
static pthread_once_t thread_exit_key_once = PTHREAD_ONCE_INIT;

/* A retired module's descriptor lives in the arena; its abi_version carries
 * this tag so it is never mistaken for a live one. */
#define RETIRED_TAG 0x80000000u

static int is_retired(const struct allocsite_module *m) {
  return (m->abi_version & RETIRED_TAG) != 0;
}

static void append_locked(struct allocsite_module *m) {
  m->next = NULL;
  if (modules_tail)
    modules_tail->next = m;
  else
    modules_head = m;
  modules_tail = m;
}

static void unlink_locked(struct allocsite_module *m) {
  struct allocsite_module *prev = NULL;
  for (struct allocsite_module *it = modules_head; it; prev = it, it = it->next) {
    if (it != m)
      continue;
    if (prev)
      prev->next = it->next;
    else
      modules_head = it->next;
    if (modules_tail == it)
      modules_tail = prev;
    it->next = NULL;
    return;
  }
}

static void add_counts(struct allocsite_count *into, const struct allocsite_count *from,
                       uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    __atomic_fetch_add(&into[i].objects, rt_load_counter(&from[i].objects), __ATOMIC_RELAXED);
    __atomic_fetch_add(&into[i].bytes, rt_load_counter(&from[i].bytes), __ATOMIC_RELAXED);
  }
}

/* Moves every live thread's counts of m into m->settled and forgets the
 * blocks (their memory is about to go with the module). */
static void settle_all_threads_locked(struct allocsite_module *m) {
  for (struct thread_block *b = m->threads; b; b = b->next_in_module) {
    add_counts(m->settled, b->counters->sites, m->num_counts);
    b->module = NULL;
  }
  m->threads = NULL;
}

static void unlink_block_locked(struct thread_block *block) {
  struct allocsite_module *m = block->module;
  struct thread_block **link = (struct thread_block **)&m->threads;
  while (*link && *link != block)
    link = &(*link)->next_in_module;
  if (*link)
    *link = block->next_in_module;
}

static void forget_live_thread_locked(void) {
  struct live_thread **link = &live_threads;
  while (*link && *link != this_live_thread)
    link = &(*link)->next;
  if (*link) {
    *link = this_live_thread->next;
    this_live_thread->next = free_live_threads;
    free_live_threads = this_live_thread;
  }
  this_live_thread = NULL;
}

/* A module was loaded: every live thread must register its block of it
 * before counting there.  Another thread's byte is written atomically; its
 * owner only clears it under this lock. */
static void tell_live_threads_locked(void) {
  for (struct live_thread *t = live_threads; t; t = t->next)
    __atomic_store_n(&t->state->pending, 1, __ATOMIC_RELAXED);
}

/* Thread exit: fold this thread's blocks into their modules' settled counts. */
static void settle_exiting_thread(void *unused) {
  (void)unused;
  pthread_mutex_lock(&registry_lock);
  struct thread_block *b = this_thread_blocks;
  while (b) {
    struct thread_block *next = b->next_in_thread;
    if (b->module) {
      add_counts(b->module->settled, b->counters->sites, b->module->num_counts);
      unlink_block_locked(b);
      /* Destructors that run after this one (later pthread keys, a second
       * round) may still allocate: zero the block and let the next count
       * register it again, which also brings this destructor back. */
      for (uint32_t i = 0; i < b->module->num_counts; i++) {
        __atomic_store_n(&b->counters->sites[i].objects, 0, __ATOMIC_RELAXED);
        __atomic_store_n(&b->counters->sites[i].bytes, 0, __ATOMIC_RELAXED);
      }
      __atomic_store_n(&b->counters->registered, 0, __ATOMIC_RELAXED);
    }
    b->module = NULL;
    b->next_in_thread = free_blocks;
    free_blocks = b;
    b = next;
  }
  this_thread_blocks = NULL;
  forget_live_thread_locked();
  /* A count from a destructor that runs later registers the blocks again. */
  __atomic_store_n(&rt_thread_state.pending, 1, __ATOMIC_RELAXED);
  pthread_mutex_unlock(&registry_lock);
}

static void create_thread_exit_key(void) {
  if (pthread_key_create(&thread_exit_key, settle_exiting_thread) != 0)
    rt_error("cannot create a thread-exit hook; counts of threads that exit early may be lost");
}

/* Frames of an unloaded module, with their strings, in arena memory. */
static const struct allocsite_frame *copy_frames(const struct allocsite_frame *from, uint32_t n) {
  struct allocsite_frame *frames = rt_arena_alloc(sizeof *frames * n);
  if (!frames)
    return NULL;
  for (uint32_t k = 0; k < n; k++) {
    frames[k] = from[k];
    frames[k].file = rt_arena_strdup(from[k].file);
    frames[k].function = rt_arena_strdup(from[k].function);
  }
  return frames;
}

static struct allocsite_module *retire_copy(const struct allocsite_module *m) {
  uint32_t n = m->num_sites ? m->num_sites : 1;
  uint32_t num_counts = m->num_counts ? m->num_counts : 1;
  struct allocsite_module *copy = rt_arena_alloc(sizeof *copy);
  struct allocsite_site *sites = rt_arena_alloc(sizeof *sites * n);
  struct allocsite_count *settled = rt_arena_alloc(sizeof *settled * num_counts);
  if (!copy || !sites || !settled)
    return NULL;
  *copy = *m;
  copy->abi_version = m->abi_version | RETIRED_TAG;
  copy->source = rt_arena_strdup(m->source);
  copy->threads = NULL;
  for (uint32_t i = 0; i < m->num_sites; i++) {
    const struct allocsite_site *s = &m->sites[i];
    sites[i] = *s;
    sites[i].file = rt_arena_strdup(s->file);
    sites[i].function = rt_arena_strdup(s->function);
    sites[i].allocator = rt_arena_strdup(s->allocator);
    sites[i].reason_code = rt_arena_strdup(s->reason_code);
    sites[i].reason_message = rt_arena_strdup(s->reason_message);
    sites[i].wrapper = rt_arena_strdup(s->wrapper);
    if ((s->num_inlined && !(sites[i].inlined_at = copy_frames(s->inlined_at, s->num_inlined))) ||
        (s->num_merged && !(sites[i].merged = copy_frames(s->merged, s->num_merged))))
      return NULL;
  }
  /* The sites' counts and their size histograms' (allocsite_abi.h). */
  for (uint32_t i = 0; i < m->num_counts; i++) {
    settled[i].objects = rt_load_counter(&m->settled[i].objects);
    settled[i].bytes = rt_load_counter(&m->settled[i].bytes);
  }
  copy->sites = sites;
  copy->settled = settled;
  return copy;
}

static int same_sites(const struct allocsite_module *a, const struct allocsite_module *b) {
  if (a->num_sites != b->num_sites || a->num_counts != b->num_counts)
    return 0;
  for (uint32_t i = 0; i < a->num_sites; i++)
    if (a->sites[i].id != b->sites[i].id)
      return 0;
  return 1;
}

void rt_registry_add_module(struct allocsite_module *m) {
  pthread_mutex_lock(&registry_lock);
  for (struct allocsite_module *it = modules_head; it; it = it->next) {
    if (!is_retired(it) || !same_sites(it, m))
      continue;
    add_counts(m->settled, it->settled, m->num_counts); /* loaded again after dlclose */
    unlink_locked(it);
    break;
  }
  append_locked(m);
  rt_contexts_note_module(m, 1);
  tell_live_threads_locked();
  pthread_mutex_unlock(&registry_lock);
}

void rt_registry_remove_module(struct allocsite_module *m) {
  pthread_mutex_lock(&registry_lock);
  int found = 0;
  for (struct allocsite_module *it = modules_head; it; it = it->next)
    if (it == m)
      found = 1;
  if (found) {
    rt_contexts_note_module(m, 0);
    settle_all_threads_locked(m);
    struct allocsite_module *copy = retire_copy(m);
    unlink_locked(m);
    if (copy)
      append_locked(copy);
    else
      rt_error("out of memory while saving the counts of unloaded module '%s'",
               m->source ? m->source : "?");
  }
  pthread_mutex_unlock(&registry_lock);
}

/* Links the calling thread's block of m into m's list (once). */
static void register_block_locked(struct allocsite_module *m,
                                  struct allocsite_thread_counters *counters) {
  if (rt_load_counter(&counters->registered))
    return;
  struct thread_block *b = free_blocks;
  if (b)
    free_blocks = b->next_in_thread;
  else
    b = rt_arena_alloc(sizeof *b);
  if (b) {
    b->module = m;
    b->counters = counters;
    b->next_in_module = m->threads;
    m->threads = b;
    b->next_in_thread = this_thread_blocks;
    this_thread_blocks = b;
  } else {
    rt_error("out of memory registering a thread's counters; its counts in '%s' are not reported",
             m->source ? m->source : "?");
  }
  /* Set even on failure, so the thread does not retry on every allocation. */
  __atomic_store_n(&counters->registered, 1, __ATOMIC_RELAXED);
}

/* Makes the thread-exit destructor run for this thread.  pthread_setspecific
 * may allocate (for keys past the first 32): the runtime's own allocation. */
void rt_registry_arm_thread_exit(void) {
  rt_enter_runtime();
  pthread_once(&thread_exit_key_once, create_thread_exit_key);
  pthread_setspecific(thread_exit_key, (void *)1); /* any non-null value */
  rt_leave_runtime();
}

void rt_registry_add_thread(struct allocsite_module *m) {
  pthread_mutex_lock(&registry_lock);
  __atomic_store_n(&rt_thread_state.pending, 0, __ATOMIC_RELAXED);
  if (!this_live_thread) {
    struct live_thread *t = free_live_threads;
    if (t)
      free_live_threads = t->next;
    else
      t = rt_arena_alloc(sizeof *t);
    if (t) {
      t->state = &rt_thread_state;
      t->next = live_threads;
      live_threads = t;
      this_live_thread = t;
    }
  }
  /* m itself may not be registered yet (a constructor of the program that
   * runs before m's own allocates in m). */
  if (m->thread_block)
    register_block_locked(m, m->thread_block());
  for (struct allocsite_module *it = modules_head; it; it = it->next)
    if (!is_retired(it) && it->thread_block)
      register_block_locked(it, it->thread_block());
  pthread_mutex_unlock(&registry_lock);
}

void rt_register_thread_block(struct allocsite_module *m,
                              struct allocsite_thread_counters *counters) {
  int saved_errno = errno;
  rt_registry_arm_thread_exit();
  pthread_mutex_lock(&registry_lock);
  register_block_locked(m, counters);
  pthread_mutex_unlock(&registry_lock);
  errno = saved_errno;
}

struct allocsite_count rt_site_count(const struct allocsite_module *m, uint32_t slot) {
  struct allocsite_count sum = {rt_load_counter(&m->settled[slot].objects),
                                rt_load_counter(&m->settled[slot].bytes)};
  for (const struct thread_block *b = m->threads; b; b = b->next_in_module) {
    sum.objects += rt_load_counter(&b->counters->sites[slot].objects);
    sum.bytes += rt_load_counter(&b->counters->sites[slot].bytes);
  }
  return sum;
}

void rt_for_each_module(rt_module_visitor visit, void *ctx) {
  pthread_mutex_lock(&registry_lock);
  for (struct allocsite_module *it = modules_head; it; it = it->next)
    visit(it, ctx);
  pthread_mutex_unlock(&registry_lock);
}

/* ------------------------------------------------------------------------ */
/* Resetting counts: allocsite_reset() and a forked child.                   */
/* ------------------------------------------------------------------------ */

/* Makes every site's sum read zero without storing into any thread's block:
 * its thread may be adding to it right now, and a store from here could be
 * overwritten by that add (the reset would be lost) or overwrite it.
 * Counters are unsigned and wrap, so subtracting each site's current sum
 * from `settled` leaves settled + blocks == 0 now, and == the allocations
 * made since later on; an add racing with the read is counted after the
 * reset.  Folding a block at thread exit moves counts from the block into
 * `settled`, which leaves the sum unchanged, so the baseline holds. */
static void reset_locked(void) {
  for (struct allocsite_module *m = modules_head; m; m = m->next) {
    for (uint32_t i = 0; i < m->num_counts; i++) {
      struct allocsite_count now = rt_site_count(m, i);
      __atomic_store_n(&m->settled[i].objects,
                       rt_load_counter(&m->settled[i].objects) - now.objects, __ATOMIC_RELAXED);
      __atomic_store_n(&m->settled[i].bytes, rt_load_counter(&m->settled[i].bytes) - now.bytes,
                       __ATOMIC_RELAXED);
    }
  }
}

/* In a forked child, under the lock: only this thread is alive; every
 * count starts again from zero. */
static void restart_in_child_locked(void) {
  live_threads = NULL;
  if (this_live_thread) {
    this_live_thread->next = NULL;
    live_threads = this_live_thread;
  }
  reset_locked();
}

/* allocsite_reset(): every thread stays alive and keeps its blocks. */
void rt_reset_all_counts(void) {
  pthread_mutex_lock(&registry_lock);
  reset_locked();
  pthread_mutex_unlock(&registry_lock);
}

/* fork.c holds the registry lock across fork(), so the child never inherits
 * it held by a thread that does not exist there. */
void rt_registry_lock(void) { pthread_mutex_lock(&registry_lock); }
void rt_registry_unlock(void) { pthread_mutex_unlock(&registry_lock); }

static int is_this_threads_block(const struct thread_block *block) {
  for (const struct thread_block *b = this_thread_blocks; b; b = b->next_in_thread)
    if (b == block)
      return 1;
  return 0;
}

/* In a forked child, with the lock taken before fork: only the forking
 * thread exists, so the other threads' blocks would never be counted into
 * nor settled again; forget them (their memory is the dead threads' copied
 * TLS, left alone).  Then start from zero, so that the child reports only
 * what it allocates itself and parent + child add up to the true total. */
void rt_registry_after_fork_child(void) {
  for (struct allocsite_module *m = modules_head; m; m = m->next) {
    struct thread_block **link = (struct thread_block **)&m->threads;
    while (*link) {
      struct thread_block *b = *link;
      if (is_this_threads_block(b)) {
        link = &b->next_in_module;
      } else {
        *link = b->next_in_module;
        b->module = NULL;
      }
    }
  }
  restart_in_child_locked();
  pthread_mutex_unlock(&registry_lock);
}
