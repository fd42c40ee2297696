/*
 * gen-alloc-program.c - writes a random, allocation-heavy C program for the
 * stack-promotion differential tests (test/promotion/).
 *
 * Usage: gen-alloc-program SEED [FUNCTIONS]
 *
 * The program (on stdout) is a function of SEED alone.  Each generated
 * function mixes blocks drawn from the patterns allocsite's escape analysis
 * must tell apart: temporaries freed on one or several paths, per-iteration
 * temporaries in loops, calloc'd tables, leaks, objects handed to a global
 * list (read and freed later by main), objects returned by a helper, two
 * objects freed through one merged pointer, linked lists built across
 * iterations, function-pointer calls, objects stored inside other objects,
 * and calls of the other generated functions.  main calls every function
 * several times and prints one checksum of everything computed, including
 * the objects that escaped, so a wrong promotion (a slot reused or gone while
 * its object is still reachable) changes the output, and under
 * AddressSanitizer with detect_stack_use_after_return it is reported.
 *
 * The programs are well defined: every byte read was written, nothing is
 * used after it is freed, and the output does not depend on addresses.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "testutil.h"

static uint64_t rng_state;

/* splitmix64: the same sequence for the same seed on every machine. */
static uint64_t next(void) {
  uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static unsigned pick(unsigned n) { return (unsigned)(next() % n); }

/* Object sizes: mostly small, sometimes over the 4096-byte promotion limit. */
static unsigned size_bytes(void) {
  static const unsigned sizes[] = {1, 8, 16, 24, 32, 48, 64, 100, 128, 256, 512, 4096, 5000};
  return sizes[pick(sizeof sizes / sizeof *sizes)];
}

static void prelude(void) {
  puts("#include <stdint.h>\n"
       "#include <stdio.h>\n"
       "#include <stdlib.h>\n"
       "#include <string.h>\n"
       "\n"
       "static uint64_t mix(uint64_t a, uint64_t v) { return (a ^ v) * 0x100000001b3ULL + 7; }\n"
       "static void fill(unsigned char *p, size_t n, uint64_t s) {\n"
       "  for (size_t i = 0; i < n; i++) p[i] = (unsigned char)((s >> (i % 8 * 8)) + i);\n"
       "}\n"
       "static uint64_t sum(const unsigned char *p, size_t n) {\n"
       "  uint64_t h = 1469598103934665603ULL;\n"
       "  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ULL;\n"
       "  return h;\n"
       "}\n"
       "static uint64_t sum_odd(const unsigned char *p, size_t n) {\n"
       "  uint64_t h = 7;\n"
       "  for (size_t i = 1; i < n; i += 2) h = h * 31 + p[i];\n"
       "  return h;\n"
       "}\n"
       "/* Objects that outlive their function: main reads and frees them. */\n"
       "struct kept { unsigned char *p; size_t n; };\n"
       "static struct kept kept[4096];\n"
       "static size_t nkept;\n"
       "static void keep(unsigned char *p, size_t n) {\n"
       "  if (nkept < sizeof kept / sizeof *kept) { kept[nkept].p = p; kept[nkept].n = n; nkept++; }\n"
       "  else free(p);\n"
       "}\n"
       "static unsigned char *make(size_t n, uint64_t s) {\n"
       "  unsigned char *p = malloc(n);\n"
       "  if (p) fill(p, n, s);\n"
       "  return p;\n"
       "}\n"
       "struct node { struct node *next; uint64_t v; };\n"
       "struct box { unsigned char *inner; uint64_t tag; };\n");
}

/* One block of a function body.  Each uses its own names (suffix B) and
 * folds what it computes into `acc`. */
static void block(unsigned f, unsigned b) {
  unsigned s = size_bytes(), s2 = size_bytes();
  switch (pick(14)) {
  case 0: /* a temporary freed at the end */
    printf("  { unsigned char *p%u = malloc(%u); if (!p%u) return acc;\n"
           "    fill(p%u, %u, acc); acc = mix(acc, sum(p%u, %u)); free(p%u); }\n",
           b, s, b, b, s, b, s, b);
    break;
  case 1: /* per-iteration temporary, freed on two paths */
    printf("  for (int i%u = 0; i%u < n; i%u++) {\n"
           "    unsigned char *p%u = malloc(%u); if (!p%u) return acc;\n"
           "    fill(p%u, %u, acc + i%u);\n"
           "    if ((acc + i%u) %% 3 == 0) { acc = mix(acc, p%u[0]); free(p%u); continue; }\n"
           "    acc = mix(acc, sum(p%u, %u)); free(p%u);\n"
           "  }\n",
           b, b, b, b, s, b, b, s, b, b, b, b, b, s, b);
    break;
  case 2: /* a zeroed table, partly written */
    printf("  { uint64_t *t%u = calloc(%u, sizeof(uint64_t)); if (!t%u) return acc;\n"
           "    t%u[acc %% %u] = acc; acc = mix(acc, sum((unsigned char *)t%u, %u * sizeof(uint64_t)));\n"
           "    free(t%u); }\n",
           b, s / 8 + 1, b, b, s / 8 + 1, b, s / 8 + 1, b);
    break;
  case 3: /* escapes into the global list */
    printf("  { unsigned char *p%u = malloc(%u); if (!p%u) return acc;\n"
           "    fill(p%u, %u, acc ^ %u); acc = mix(acc, p%u[%u]); keep(p%u, %u); }\n",
           b, s, b, b, s, f, b, s - 1, b, s);
    break;
  case 4: /* returned by a helper */
    printf("  { unsigned char *p%u = make(%u, acc); if (!p%u) return acc;\n"
           "    acc = mix(acc, sum(p%u, %u)); free(p%u); }\n",
           b, s, b, b, s, b);
    break;
  case 5: /* two objects freed through merged pointers */
    printf("  { unsigned char *a%u = malloc(%u), *b%u = malloc(%u);\n"
           "    if (!a%u || !b%u) { free(a%u); free(b%u); return acc; }\n"
           "    fill(a%u, %u, acc); fill(b%u, %u, ~acc);\n"
           "    unsigned char *q%u = (acc & 1) ? a%u : b%u;\n"
           "    acc = mix(acc, q%u[0]);\n"
           "    free(q%u == a%u ? b%u : a%u); free(q%u); }\n",
           b, s, b, s2, b, b, b, b, b, s, b, s2, b, b, b, b, b, b, b, b, b);
    break;
  case 6: /* a list built across iterations, freed after the loop */
    printf("  { struct node *h%u = 0;\n"
           "    for (int i%u = 0; i%u < n + 2; i%u++) {\n"
           "      struct node *e%u = malloc(sizeof *e%u); if (!e%u) break;\n"
           "      e%u->v = acc + i%u; e%u->next = h%u; h%u = e%u;\n"
           "    }\n"
           "    while (h%u) { struct node *x%u = h%u; acc = mix(acc, x%u->v); h%u = x%u->next; free(x%u); } }\n",
           b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b);
    break;
  case 7: /* read through a function pointer: the callee is unknown */
    printf("  { unsigned char *p%u = malloc(%u); if (!p%u) return acc;\n"
           "    uint64_t (*fn%u)(const unsigned char *, size_t) = (acc & 2) ? sum : sum_odd;\n"
           "    fill(p%u, %u, acc); acc = mix(acc, fn%u(p%u, %u)); free(p%u); }\n",
           b, s, b, b, b, s, b, b, s, b);
    break;
  case 8: /* stored inside another heap object */
    printf("  { struct box *x%u = malloc(sizeof *x%u); unsigned char *in%u = malloc(%u);\n"
           "    if (!x%u || !in%u) { free(x%u); free(in%u); return acc; }\n"
           "    fill(in%u, %u, acc); x%u->inner = in%u; x%u->tag = acc;\n"
           "    acc = mix(acc, sum(x%u->inner, %u) + x%u->tag); free(x%u->inner); free(x%u); }\n",
           b, b, b, s, b, b, b, b, b, s, b, b, b, b, s, b, b, b);
    break;
  case 9: /* freed on some paths only (a leak on the others) */
    printf("  { unsigned char *p%u = malloc(%u); if (!p%u) return acc;\n"
           "    fill(p%u, %u, acc); acc = mix(acc, sum(p%u, %u));\n"
           "    if (acc %% 4 != 0) free(p%u); }\n",
           b, s, b, b, s, b, s, b);
    break;
  case 10: /* escapes on one path, freed on the other */
    printf("  { unsigned char *p%u = malloc(%u); if (!p%u) return acc;\n"
           "    fill(p%u, %u, acc); acc = mix(acc, p%u[0]);\n"
           "    if (acc & 8) keep(p%u, %u); else free(p%u); }\n",
           b, s, b, b, s, b, b, s, b);
    break;
  case 11: /* a string built with the C library */
    printf("  { char *str%u = malloc(64); if (!str%u) return acc;\n"
           "    snprintf(str%u, 64, \"%%llu-%u\", (unsigned long long)acc);\n"
           "    acc = mix(acc, strlen(str%u) + (unsigned char)str%u[0]); free(str%u); }\n",
           b, b, b, b, b, b, b);
    break;
  case 12: /* local array of pointers, filled in a loop */
    printf("  { unsigned char *arr%u[3];\n"
           "    for (int i%u = 0; i%u < 3; i%u++) { arr%u[i%u] = malloc(%u); if (arr%u[i%u]) fill(arr%u[i%u], %u, acc + i%u); }\n"
           "    for (int i%u = 0; i%u < 3; i%u++) { if (arr%u[i%u]) acc = mix(acc, sum(arr%u[i%u], %u)); free(arr%u[i%u]); } }\n",
           b, b, b, b, b, b, s, b, b, b, b, s, b, b, b, b, b, b, b, b, s, b, b);
    break;
  default: /* a call of an earlier function */
    if (f > 0)
      printf("  acc = mix(acc, f%u(acc, n > 1 ? n - 1 : 0));\n", pick(f));
    else
      printf("  acc = mix(acc, n);\n");
    break;
  }
}

int main(int argc, char **argv) {
  tu_init("gen-alloc-program");
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: gen-alloc-program SEED [FUNCTIONS]\n");
    return 2;
  }
  char *end;
  rng_state = strtoull(argv[1], &end, 10);
  unsigned functions = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 8;
  if (*end || functions == 0 || functions > 1000)
    tu_die("bad seed or function count");
  printf("/* generated by gen-alloc-program %s %u */\n", argv[1], functions);
  prelude();
  for (unsigned f = 0; f < functions; f++) {
    printf("\n%suint64_t f%u(uint64_t acc, int n) {\n", pick(2) ? "static " : "", f);
    unsigned blocks = 2 + pick(5);
    for (unsigned b = 0; b < blocks; b++)
      block(f, b);
    printf("  return acc;\n}\n");
  }
  printf("\nint main(void) {\n"
         "  uint64_t total = 0;\n"
         "  for (int r = 0; r < 4; r++) {\n");
  for (unsigned f = 0; f < functions; f++)
    printf("    total = mix(total, f%u(total + %u, r + 1));\n", f, f);
  printf("  }\n"
         "  for (size_t k = 0; k < nkept; k++) { total = mix(total, sum(kept[k].p, kept[k].n)); "
         "free(kept[k].p); }\n"
         "  printf(\"%%016llx %%zu\\n\", (unsigned long long)total, nkept);\n"
         "  return 0;\n"
         "}\n");
  return 0;
}
