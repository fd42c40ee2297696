/*
 * fork.c - a forked child counts only its own allocations.
 *
 * The child starts with zero counts (its report lists what it allocated
 * after fork), so the reports of a parent and its children add up to the
 * program's true totals; give ALLOCSITE_OUT a %p so each process writes its
 * own file.  Threads other than the forking one do not exist in the child,
 * so their counter blocks are forgotten there.
 *
 * The runtime's locks are taken before fork and released on both sides, in
 * one order (writer, registry, arena: the order in which the runtime nests
 * them), so the child never inherits a lock held by a thread it does not
 * have.  pthread_atfork runs prepare handlers in reverse order of
 * registration and child handlers in order, so a program's own child
 * handlers (registered after the runtime's, which is installed from the
 * runtime's constructor) run after the reset and their allocations count
 * for the child.
 */
#define _GNU_SOURCE
#include <pthread.h>

#include "rt_internal.h"

static void before_fork(void) {
  rt_writer_lock();
  rt_registry_lock();
  rt_arena_lock();
}

static void in_parent(void) {
  rt_arena_unlock();
  rt_registry_unlock();
  rt_writer_unlock();
}

static void in_child(void) {
  rt_arena_unlock();
  rt_registry_after_fork_child(); /* releases the registry lock */
  rt_contexts_reset();
  rt_writer_unlock();
  rt_dump_signal_after_fork_child();
}

void rt_fork_init(void) {
  if (pthread_atfork(before_fork, in_parent, in_child) != 0)
    rt_error("cannot install fork handlers; a forked child's report will include its parent's counts");
}
