// Promotable: objects whose address is kept only in another fresh heap
// object of the same function that itself stays local (a struct allocated,
// filled and freed locally, its fields pointing at buffers of their own):
// the struct is a container like a local variable, both can live on the
// stack.  Heap when the struct escapes (stored through a parameter), is
// given to a function that could read the pointer out of it, has its
// bytes copied elsewhere, or is read by an atomic exchange: the address
// goes with it.  (At -O2 LLVM deletes
// the struct allocations it can keep in registers, so those are checked at
// -O0 only: O0 prefixes.)
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --check-prefixes=CHECK,O0 --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 15
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 12
#include <stdlib.h>
#include <string.h>

struct token {
  char *text;
  int len;
  int kind;
};

int token_score(const char *src, int n) {
  struct token *t = malloc(sizeof *t); // O0-DAG: [[@LINE]]:21: remark: malloc(16) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  t->len = n;
  t->kind = src[0];
  t->text = malloc(16); // CHECK-DAG: [[@LINE]]:13: remark: malloc(16) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  memcpy(t->text, src, 16);
  int score = t->text[3] * t->len + t->kind;
  free(t->text);
  free(t);
  return score;
}

// The text's size is not constant: a stack buffer, the heap above.
int token_sum(const char *src, int n) {
  struct token *t = malloc(sizeof *t); // O0-DAG: [[@LINE]]:21: remark: malloc(16) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  t->len = n;
  t->text = malloc(n); // CHECK-DAG: [[@LINE]]:13: remark: malloc(...) does not escape: can use a stack buffer of 32 bytes, heap above (size is not a compile-time constant) [site {{[0-9a-f]{16}\]}}
  memcpy(t->text, src, n);
  int s = 0;
  for (int i = 0; i < t->len; i++)
    s += t->text[i];
  free(t->text);
  free(t);
  return s;
}

// Two fields, each its own site, freed through the struct.
struct pair {
  char *key;
  char *value;
};

int pair_compare(const char *src) {
  struct pair *p = malloc(sizeof *p); // O0-DAG: [[@LINE]]:20: remark: malloc(16) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  p->key = malloc(8); // CHECK-DAG: [[@LINE]]:12: remark: malloc(8) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  p->value = malloc(12); // CHECK-DAG: [[@LINE]]:14: remark: malloc(12) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  memcpy(p->key, src, 8);
  memcpy(p->value, src + 1, 12);
  int r = memcmp(p->key, p->value, 8);
  free(p->key);
  free(p->value);
  free(p);
  return r;
}

// The struct leaves through a parameter: its text goes with it.
void token_out(const char *src, struct token **out) {
  struct token *t = malloc(sizeof *t); // CHECK-DAG: [[@LINE]]:21: remark: malloc(16) stays on the heap: stored to memory that outlives the function at {{.*}}promotable_held_1.c:[[@LINE+4]]:8 [site {{[0-9a-f]{16}\]}}
  t->text = malloc(16); // CHECK-DAG: [[@LINE]]:13: remark: malloc(16) stays on the heap: stored to memory that outlives the function at {{.*}}promotable_held_1.c:[[@LINE]]:11 [site {{[0-9a-f]{16}\]}}
  memcpy(t->text, src, 16);
  t->len = 16;
  *out = t;
}

void use_token(struct token *t);

// Given to a function that could read the text pointer out and keep it.
int token_passed(const char *src) {
  struct token *t = malloc(sizeof *t); // CHECK-DAG: [[@LINE]]:21: remark: malloc(16) stays on the heap: passed to 'use_token' (argument 1), which may capture it, at {{.*}}promotable_held_1.c:[[@LINE+4]]:3 [site {{[0-9a-f]{16}\]}}
  t->text = malloc(16); // CHECK-DAG: [[@LINE]]:13: remark: malloc(16) stays on the heap: stored to memory that outlives the function at {{.*}}promotable_held_1.c:[[@LINE]]:11 [site {{[0-9a-f]{16}\]}}
  memcpy(t->text, src, 16);
  t->len = 16;
  use_token(t);
  int r = t->text[1];
  free(t->text);
  free(t);
  return r;
}

// Its bytes, the text pointer among them, copied out.
int token_copied(const char *src, struct token *out) {
  struct token *t = malloc(sizeof *t); // CHECK-DAG: [[@LINE]]:21: remark: malloc(16) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  t->text = malloc(16); // CHECK-DAG: [[@LINE]]:13: remark: malloc(16) stays on the heap: stored to memory that outlives the function at {{.*}}promotable_held_1.c:[[@LINE]]:11 [site {{[0-9a-f]{16}\]}}
  memcpy(t->text, src, 16);
  t->len = 16;
  memcpy(out, t, sizeof *t);
  free(t);
  return out->len;
}

char *taken;

// An atomic exchange on the struct reads the text pointer out of it (and
// puts another in): the text goes where the old value goes.
int token_exchanged(const char *src, char *other) {
  struct token *t = malloc(sizeof *t); // CHECK-DAG: [[@LINE]]:21: remark: malloc(16) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  t->text = malloc(16); // CHECK-DAG: [[@LINE]]:13: remark: malloc(16) stays on the heap: stored to memory that outlives the function at {{.*}}promotable_held_1.c:[[@LINE]]:11 [site {{[0-9a-f]{16}\]}}
  memcpy(t->text, src, 16);
  t->len = 16;
  taken = __atomic_exchange_n(&t->text, other, __ATOMIC_SEQ_CST);
  int r = t->len;
  free(t);
  return r;
}
