//===- LLVMCompat.cpp - version probes that need code ----------------------===//
#include "LLVMCompat.h"

#include <dlfcn.h>

unsigned allocsite::hostLLVMMajor() {
  using GetVersionFn = void (*)(unsigned *, unsigned *, unsigned *);
  void *Sym = dlsym(RTLD_DEFAULT, "LLVMGetVersion");
  if (!Sym)
    return 0;
  unsigned Major = 0, Minor = 0, Patch = 0;
  reinterpret_cast<GetVersionFn>(Sym)(&Major, &Minor, &Patch);
  return Major;
}
