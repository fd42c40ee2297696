/*
 * modules.c - the loaded objects (executable, shared libraries) a report's
 * calling contexts point into, so that allocsite-report can symbolize them
 * later, for PIE executables and libraries loaded anywhere.
 *
 * A frame is written as (object, address minus the object's load bias):
 * that is the ELF virtual address llvm-symbolizer and addr2line expect.  The
 * snapshot is taken when the report is written, with dl_iterate_phdr, into
 * static storage (this runs in exit handlers: no malloc).  A frame in a
 * library that was unloaded before then is written as an absolute address
 * with no object.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <limits.h>
#include <link.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rt_internal.h"

#define MAX_SEGMENTS 8
#define BUILD_ID_MAX 64

struct module {
  const char *path;
  uintptr_t bias;
  int num_segments;
  uintptr_t lo[MAX_SEGMENTS], hi[MAX_SEGMENTS];
  char build_id[2 * BUILD_ID_MAX + 1];
};

static struct module modules[MAX_MODULES];
static int num_modules;
static char main_path[PATH_MAX];

static void read_build_id(struct module *m, const struct dl_phdr_info *info) {
  m->build_id[0] = '\0';
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_NOTE)
      continue;
    const unsigned char *p = (const unsigned char *)(info->dlpi_addr + ph->p_vaddr);
    const unsigned char *end = p + ph->p_memsz;
    while (p + sizeof(ElfW(Nhdr)) <= end) {
      const ElfW(Nhdr) *note = (const ElfW(Nhdr) *)p;
      const unsigned char *name = p + sizeof *note;
      const unsigned char *desc = name + ((note->n_namesz + 3) & ~3u);
      const unsigned char *next = desc + ((note->n_descsz + 3) & ~3u);
      if (next > end)
        break;
      if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 &&
          memcmp(name, "GNU", 4) == 0 && note->n_descsz <= BUILD_ID_MAX) {
        static const char hex[] = "0123456789abcdef";
        for (uint32_t k = 0; k < note->n_descsz; k++) {
          m->build_id[2 * k] = hex[desc[k] >> 4];
          m->build_id[2 * k + 1] = hex[desc[k] & 15];
        }
        m->build_id[2 * note->n_descsz] = '\0';
        return;
      }
      p = next;
    }
  }
}

static int add_module(struct dl_phdr_info *info, size_t size, void *ctx) {
  (void)size;
  (void)ctx;
  if (num_modules == MAX_MODULES)
    return 1;
  struct module *m = &modules[num_modules];
  m->num_segments = 0;
  for (int i = 0; i < info->dlpi_phnum && m->num_segments < MAX_SEGMENTS; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
      continue; /* return addresses are always in code */
    m->lo[m->num_segments] = info->dlpi_addr + ph->p_vaddr;
    m->hi[m->num_segments] = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
    m->num_segments++;
  }
  if (!m->num_segments)
    return 0;
  m->bias = info->dlpi_addr;
  /* The first object is the executable, named "" by the dynamic linker. */
  m->path = num_modules == 0 && (!info->dlpi_name || !*info->dlpi_name) ? main_path
                                                                        : info->dlpi_name;
  read_build_id(m, info);
  num_modules++;
  return 0;
}

int rt_modules_snapshot(void) {
  ssize_t n = readlink("/proc/self/exe", main_path, sizeof main_path - 1);
  main_path[n > 0 ? n : 0] = '\0';
  num_modules = 0;
  dl_iterate_phdr(add_module, NULL);
  return num_modules;
}

int rt_module_lookup(uintptr_t address, uintptr_t *offset) {
  /* A return address can sit just past the end of its code, after a call
   * to a function that does not return: look up the call itself. */
  uintptr_t call = address - 1;
  for (int i = 0; i < num_modules; i++)
    for (int s = 0; s < modules[i].num_segments; s++)
      if (call >= modules[i].lo[s] && call < modules[i].hi[s]) {
        *offset = address - modules[i].bias;
        return i;
      }
  *offset = address;
  return -1;
}

const char *rt_module_path(int index) { return modules[index].path; }

const char *rt_module_build_id(int index) {
  return modules[index].build_id[0] ? modules[index].build_id : NULL;
}
