// A small tokenizer in the style of real C code: every allocation goes
// through xmalloc (which aborts on failure and counts its calls) and is
// released with xfree.  The wrapper calls are the sites that asked for the
// memory, each counted exactly and once: xmalloc's own malloc (an
// "in-wrapper" site) counts none of them, so the shim's count equals the
// sum over the sites.  The token that lives for one loop iteration is
// promotable through the wrapper.
// xmalloc and xfree are noinline, as when they live in another file of the
// project, so that -O2 keeps the calls (test/wrappers/inlined_at_O2.c shows
// what inlining does).
//
// RUN: %cc_as -O0 -g %s %rt -o %t.O0
// RUN: rm -f %t.O0.json %t.O0.shim
// RUN: env ALLOCSITE_OUT=%t.O0.json LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.O0.shim %t.O0 | FileCheck %s --check-prefix=OUT
// RUN: %check-expect %s %t.O0.json
// RUN: %check-expect --totals-from %t.O0.shim --min-objects 57 %t.O0.json
// RUN: %allocsite-report top --promotable %t.O0.json | FileCheck %s --check-prefix=TOP
//
// RUN: %cc_as -O2 -g %s %rt -o %t.O2
// RUN: rm -f %t.O2.json %t.O2.shim
// RUN: env ALLOCSITE_OUT=%t.O2.json LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.O2.shim %t.O2 | FileCheck %s --check-prefix=OUT
// RUN: %check-expect %s %t.O2.json
// RUN: %check-expect --totals-from %t.O2.shim --min-objects 57 %t.O2.json
// RUN: %allocsite-report top --promotable %t.O2.json | FileCheck %s --check-prefix=TOP
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long allocations, releases;

__attribute__((noinline)) void *xmalloc(size_t n) {
  void *p = malloc(n); // EXPECT: objects=0 bytes=0 sites=1 allocator=malloc flags=in-wrapper verdict=heap
  if (!p) {
    fputs("tokenizer: out of memory\n", stderr);
    abort();
  }
  allocations++;
  return p;
}

__attribute__((noinline)) void xfree(void *p) {
  if (!p)
    return;
  releases++;
  free(p);
}

enum kind { END, IDENT, NUMBER, PUNCT, NUM_KINDS };

struct tok {
  int kind;
  int len;
  char text[32];
};

struct sym {
  struct sym *next;
  char name[16];
};

// Scans the token at *pos into t; 0 at the end of the input.
static int scan(const char *s, size_t *pos, struct tok *t) {
  size_t i = *pos;
  while (s[i] == ' ')
    i++;
  size_t start = i;
  if (!s[i]) {
    t->kind = END;
    t->len = 0;
    return 0;
  }
  if (isalpha((unsigned char)s[i])) {
    while (isalnum((unsigned char)s[i]))
      i++;
    t->kind = IDENT;
  } else if (isdigit((unsigned char)s[i])) {
    while (isdigit((unsigned char)s[i]))
      i++;
    t->kind = NUMBER;
  } else {
    i++;
    t->kind = PUNCT;
  }
  t->len = (int)(i - start);
  memcpy(t->text, s + start, (size_t)t->len);
  t->text[t->len] = '\0';
  *pos = i;
  return 1;
}

static volatile int rounds = 3;
// Read through volatile, so that -O2 cannot fold strlen(source).
static const char *volatile input = "let x = 42 + y * (7 - z);";

int main(void) {
  const char *source = input;
  int counts[NUM_KINDS] = {0};
  struct sym *symbols = NULL;
  for (int r = 0; r < rounds; r++) {
    char *copy = xmalloc(strlen(source) + 1); // EXPECT: objects=3 bytes=78 sites=1 allocator=xmalloc flags=wrapper-call verdict=promotable-if-small
    strcpy(copy, source);
    size_t pos = 0;
    for (;;) {
      struct tok *t = xmalloc(sizeof *t); // EXPECT: objects=42 bytes=1680 sites=1 allocator=xmalloc flags=wrapper-call verdict=promotable
      if (!scan(copy, &pos, t)) {
        xfree(t);
        break;
      }
      counts[t->kind]++;
      if (t->kind == IDENT) {
        struct sym *s = xmalloc(sizeof *s); // EXPECT: objects=12 bytes=288 sites=1 allocator=xmalloc flags=wrapper-call verdict=heap
        snprintf(s->name, sizeof s->name, "%s", t->text);
        s->next = symbols;
        symbols = s;
      }
      xfree(t);
    }
    xfree(copy);
  }
  printf("identifiers %d numbers %d punctuation %d\n", counts[IDENT], counts[NUMBER], counts[PUNCT]);
  while (symbols) {
    struct sym *next = symbols->next;
    xfree(symbols);
    symbols = next;
  }
  printf("allocations %lu releases %lu\n", allocations, releases);
  return 0;
}
// EXPECT-TOTAL: objects=57 bytes=2046 sites=4

// OUT: identifiers 12 numbers 6 punctuation 21
// OUT-NEXT: allocations 57 releases 57

// TOP: Total: 57 objects, 2046 bytes in 4 sites (1 report), ranked by objects
// TOP-NEXT: Promotable sites only: 2 of 4
// TOP-NEXT: (cum counts callers through inlined calls only{{.*}}
// TOP-NEXT: flat flat% cum cum% flat-bytes flat-bytes% cum-bytes cum-bytes% avg location function allocator verdict
// TOP-NEXT: 42 73.68% 42 73.68% 1680 82.11% 1680 82.11% 40 {{.*}}tokenizer_wrappers.c:105:23 main xmalloc promotable [wrapper-call]
// TOP-NEXT: 3 5.26% 3 5.26% 78 3.81% 78 3.81% 26 {{.*}}tokenizer_wrappers.c:101:18 main xmalloc promotable-if-small (non-constant-size) [wrapper-call]
// TOP-NOT: {{.}}
