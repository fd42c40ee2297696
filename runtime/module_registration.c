/*
 * module_registration.c - the ABI entry points an instrumented module (and
 * the heap pseudo-module, heap_counts.c) calls from its constructor and
 * destructor: ALLOCSITE_REGISTER_FN and ALLOCSITE_UNREGISTER_FN.
 *
 * Each forwards to the process's copy of the runtime when that is another
 * one (primary_copy.c), checks the module's ABI version, makes sure the
 * runtime is started (init.c: a module's constructor may run before the
 * runtime's), and hands the table to the registry.  The registry's own
 * bookkeeping may allocate: inside the re-entry guard, so that is not the
 * program's allocation.
 */
#include "rt_internal.h"

static void register_module(struct allocsite_module *m);

/* Linking the runtime links its entry points.  A linker takes an archive
 * member only for a symbol something asks for, and nothing need ask for
 * malloc: instrumented code calls it through the direct pointers, and a C++
 * program may never name it (libstdc++'s own malloc calls, such as its
 * exception pool, come from a shared library, after the archive is
 * searched).  Every instrumented module asks for this file's symbols, so
 * this file asks for the entry points' objects. */
__attribute__((used)) static const void *const link_entry_points[] = {
    (const void *)rt_interposed_malloc, &rt_cxx_entry_points_linked};

RT_EXPORT void ALLOCSITE_REGISTER_FN_ID(struct allocsite_module *m) {
  rt_enter_runtime();
  register_module(m);
  rt_leave_runtime();
}

static void register_module(struct allocsite_module *m) {
  const struct rt_entry_points *primary = rt_primary_copy();
  if (primary) {
    primary->register_module(m);
    return;
  }
  if (m->abi_version != ALLOCSITE_ABI_VERSION) {
    rt_error("module '%s' was instrumented for report ABI %u but this runtime speaks %u; "
             "its allocations are not reported (rebuild it with the matching plugin)",
             m->source ? m->source : "?", m->abi_version, ALLOCSITE_ABI_VERSION);
    return;
  }
  rt_ensure_initialized();
  rt_registry_add_module(m);
}

RT_EXPORT void ALLOCSITE_UNREGISTER_FN_ID(struct allocsite_module *m) {
  const struct rt_entry_points *primary = rt_primary_copy();
  if (primary) {
    primary->unregister_module(m);
    return;
  }
  rt_enter_runtime();
  rt_registry_remove_module(m);
  rt_leave_runtime();
}
