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
