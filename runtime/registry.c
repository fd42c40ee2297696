/*
 * registry.c - the list of instrumented modules (executables and shared
 * libraries) whose sites the report lists.
 *
 * Each instrumented translation unit registers its table from a module
 * constructor and unregisters it from the matching destructor.  A module that
 * goes away before exit (dlclose) must still be reported, and its table and
 * counters go away with its code, so unregistering copies both into arena
 * memory ("retired" modules).  If the same library is loaded again, its
 * retired counts are folded into the new live counters, so the report never
 * lists one site twice.
 *
 * Registration is rare and never on the allocation path, so a mutex is fine.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct allocsite_module *modules_head, *modules_tail;

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

/* A retired module is marked by counters living in the arena; we keep a
 * separate flag array-free by tagging abi_version's high bit. */
#define RETIRED_TAG 0x80000000u

static int is_retired(const struct allocsite_module *m) {
  return (m->abi_version & RETIRED_TAG) != 0;
}

static int same_sites(const struct allocsite_module *a, const struct allocsite_module *b) {
  if (a->num_sites != b->num_sites)
    return 0;
  for (uint32_t i = 0; i < a->num_sites; i++)
    if (a->sites[i].id != b->sites[i].id)
      return 0;
  return 1;
}

static struct allocsite_module *retire_copy(const struct allocsite_module *m) {
  struct allocsite_module *copy = rt_arena_alloc(sizeof *copy);
  struct allocsite_site *sites = rt_arena_alloc(sizeof *sites * (m->num_sites ? m->num_sites : 1));
  struct allocsite_counter *counters =
      rt_arena_alloc(sizeof *counters * (m->num_sites ? m->num_sites : 1));
  if (!copy || !sites || !counters)
    return NULL;
  *copy = *m;
  copy->abi_version = m->abi_version | RETIRED_TAG;
  copy->source = rt_arena_strdup(m->source);
  for (uint32_t i = 0; i < m->num_sites; i++) {
    const struct allocsite_site *s = &m->sites[i];
    sites[i] = *s;
    sites[i].file = rt_arena_strdup(s->file);
    sites[i].function = rt_arena_strdup(s->function);
    sites[i].allocator = rt_arena_strdup(s->allocator);
    sites[i].reason_code = rt_arena_strdup(s->reason_code);
    sites[i].reason_message = rt_arena_strdup(s->reason_message);
    struct allocsite_frame *frames = NULL;
    if (s->num_inlined) {
      frames = rt_arena_alloc(sizeof *frames * s->num_inlined);
      if (!frames)
        return NULL;
      for (uint32_t k = 0; k < s->num_inlined; k++) {
        frames[k] = s->inlined_at[k];
        frames[k].file = rt_arena_strdup(s->inlined_at[k].file);
        frames[k].function = rt_arena_strdup(s->inlined_at[k].function);
      }
    }
    sites[i].inlined_at = frames;
    for (int w = 0; w < ALLOCSITE_COUNTER_WORDS; w++)
      counters[i].words[w] = rt_load_counter(&m->counters[i].words[w]);
  }
  copy->sites = sites;
  copy->counters = counters;
  return copy;
}

RT_EXPORT void __allocsite_register_module_v1(struct allocsite_module *m) {
  if (m->abi_version != ALLOCSITE_ABI_VERSION) {
    rt_error("module '%s' was instrumented for report ABI %u but this runtime speaks %u; "
             "its allocations are not reported (rebuild it with the matching plugin)",
             m->source ? m->source : "?", m->abi_version, ALLOCSITE_ABI_VERSION);
    return;
  }
  rt_ensure_initialized();
  pthread_mutex_lock(&registry_lock);
  for (struct allocsite_module *it = modules_head; it; it = it->next) {
    if (!is_retired(it) || !same_sites(it, m))
      continue;
    for (uint32_t i = 0; i < m->num_sites; i++)
      for (int w = 0; w < ALLOCSITE_COUNTER_WORDS; w++)
        __atomic_fetch_add(&m->counters[i].words[w], it->counters[i].words[w], __ATOMIC_RELAXED);
    unlink_locked(it);
    break;
  }
  append_locked(m);
  pthread_mutex_unlock(&registry_lock);
}

RT_EXPORT void __allocsite_unregister_module_v1(struct allocsite_module *m) {
  pthread_mutex_lock(&registry_lock);
  int found = 0;
  for (struct allocsite_module *it = modules_head; it; it = it->next)
    if (it == m)
      found = 1;
  if (found) {
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

void rt_for_each_module(rt_module_visitor visit, void *ctx) {
  pthread_mutex_lock(&registry_lock);
  for (struct allocsite_module *it = modules_head; it; it = it->next)
    visit(it, ctx);
  pthread_mutex_unlock(&registry_lock);
}
