/*
 * tokens.c - the stack-promotion benchmark's workload: a tokenizer and
 * evaluator for lines like `let v12 = (v3 + 17) * v5 - 42;` that, like many
 * hand-written parsers, mallocs a small token record and a copy of its text
 * for every token and frees both once the token is consumed.  allocsite
 * judges both allocations promotable; with --promote they become stack slots.
 *
 * Usage: tokens [LINES]   (default 2000000)
 * Prints a checksum of every value computed, so both builds can be compared.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum kind { NUMBER, NAME, LET, OP, END };

struct token {
  enum kind kind;
  long value;     /* NUMBER */
  unsigned slot;  /* NAME: variable index */
  char op;        /* OP */
};

#define VARS 64
static long vars[VARS];

/* A deterministic source of program text (no I/O in the measured loop). */
static uint64_t rng = 88172645463325252ULL;
static unsigned next_rand(unsigned n) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (unsigned)(rng % n);
}

static char *put_uint(char *p, unsigned v) {
  char digits[12];
  int n = 0;
  do
    digits[n++] = (char)('0' + v % 10);
  while ((v /= 10) != 0);
  while (n)
    *p++ = digits[--n];
  return p;
}

/* One line of program text, built by hand: formatting it with snprintf
 * would cost more than parsing it and hide what is measured. */
static void make_line(char *buf) {
  char *p = buf;
  memcpy(p, "let v", 5);
  p = put_uint(p + 5, next_rand(VARS));
  memcpy(p, " = ", 3);
  p += 3;
  unsigned terms = 2 + next_rand(5);
  for (unsigned t = 0; t < terms; t++) {
    if (t) {
      p[0] = ' ';
      p[1] = "+-*"[next_rand(3)];
      p[2] = ' ';
      p += 3;
    }
    if (next_rand(2)) {
      *p++ = 'v';
      p = put_uint(p, next_rand(VARS));
    } else {
      p = put_uint(p, next_rand(1000));
    }
  }
  p[0] = ';';
  p[1] = '\0';
}

static int is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Fills TOK from the token's text. */
static void classify(struct token *tok, const char *text) {
  if (is_digit(text[0])) {
    long v = 0;
    for (const char *p = text; *p; p++)
      v = v * 10 + (*p - '0');
    tok->kind = NUMBER;
    tok->value = v;
  } else if (strcmp(text, "let") == 0) {
    tok->kind = LET;
  } else if (is_letter(text[0])) {
    unsigned slot = 0;
    for (const char *p = text + 1; *p; p++)
      slot = slot * 10 + (unsigned)(*p - '0');
    tok->kind = NAME;
    tok->slot = slot % VARS;
  } else {
    tok->kind = text[0] == ';' ? END : OP;
    tok->op = text[0];
  }
}

static long apply(long acc, char op, long v) {
  switch (op) {
  case '+': return acc + v;
  case '-': return acc - v;
  case '*': return (acc * v) % 1000003;
  default: return v;
  }
}

/* Evaluates one line, token by token; each token's record and text are
 * allocated when it is read and freed when it has been used. */
static long run_line(const char *line) {
  const char *p = line;
  long acc = 0;
  char pending = '=';
  unsigned target = 0;
  int want_target = 0;
  for (;;) {
    while (*p == ' ')
      p++;
    if (!*p)
      break;
    size_t len = 1;
    if (is_letter(*p) || is_digit(*p))
      while (is_letter(p[len]) || is_digit(p[len]))
        len++;
    char *text = malloc(32);
    struct token *tok = malloc(sizeof *tok);
    if (!text || !tok) {
      free(text);
      free(tok);
      return acc;
    }
    if (len > 31)
      len = 31;
    memcpy(text, p, len);
    text[len] = '\0';
    p += len;
    classify(tok, text);
    switch (tok->kind) {
    case LET:
      want_target = 1;
      break;
    case NAME:
      if (want_target) {
        target = tok->slot;
        want_target = 0;
      } else {
        acc = apply(acc, pending, vars[tok->slot]);
      }
      break;
    case NUMBER:
      acc = apply(acc, pending, tok->value);
      break;
    case OP:
      pending = tok->op;
      break;
    case END:
      vars[target] = acc;
      break;
    }
    free(tok);
    free(text);
  }
  return acc;
}

int main(int argc, char **argv) {
  long lines = argc > 1 ? atol(argv[1]) : 2000000;
  uint64_t sum = 0;
  char line[256];
  for (long i = 0; i < lines; i++) {
    make_line(line);
    sum = sum * 1099511628211ULL + (uint64_t)run_line(line);
  }
  printf("%ld lines, checksum %016llx\n", lines, (unsigned long long)sum);
  return 0;
}
