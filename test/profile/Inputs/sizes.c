/* A program for profile-guided stack buffers (../profile_use.test):
 * checksum() asks for a buffer whose size is not a compile-time constant and
 * frees it (promotable if small); the sizes it asks for are 40 to 60 bytes,
 * above the default 32-byte buffer, and once 3000 or, in mode "big", mostly
 * 5000 bytes.  make() returns its block (a heap site), label() asks for a
 * constant size (promotable: no histogram).
 *   sizes [ROUNDS]         ROUNDS x sizes 40..60, then one of 3000
 *   sizes threads ROUNDS   the same in each of 4 threads, then one of 3000
 *   sizes fork ROUNDS      ROUNDS before fork, then ROUNDS in the parent and
 *                          ROUNDS + 1 in the child
 *   sizes big ROUNDS       ROUNDS of 5000, then one of 40 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static unsigned checksum(size_t n) {
  char *p = malloc(n);
  memset(p, (int)(n & 0x7f), n);
  unsigned s = 0;
  for (size_t i = 0; i < n; i++)
    s += (unsigned char)p[i];
  free(p);
  return s;
}

static char *make(size_t n) {
  char *p = malloc(n);
  memset(p, 1, n);
  return p;
}

static unsigned label(int i) {
  char *p = malloc(16);
  snprintf(p, 16, "L%d", i);
  unsigned s = (unsigned)strlen(p);
  free(p);
  return s;
}

static unsigned rounds(int n) {
  unsigned total = 0;
  for (int r = 0; r < n; r++)
    for (size_t size = 40; size <= 60; size++)
      total += checksum(size);
  return total;
}

static void *thread_main(void *arg) {
  unsigned *total = arg;
  *total = rounds((int)*total);
  return NULL;
}

int main(int argc, char **argv) {
  const char *mode = argc > 2 ? argv[1] : "seq";
  int n = atoi(argc > 2 ? argv[2] : argc > 1 ? argv[1] : "100");
  unsigned total = 0;
  if (strcmp(mode, "threads") == 0) {
    pthread_t t[4];
    unsigned totals[4];
    for (int i = 0; i < 4; i++) {
      totals[i] = (unsigned)n;
      pthread_create(&t[i], NULL, thread_main, &totals[i]);
    }
    for (int i = 0; i < 4; i++) {
      pthread_join(t[i], NULL);
      total += totals[i];
    }
  } else if (strcmp(mode, "fork") == 0) {
    total += rounds(n);
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
      printf("child %u\n", rounds(n + 1));
      return 0;
    }
    waitpid(child, NULL, 0);
    total += rounds(n);
  } else if (strcmp(mode, "big") == 0) {
    for (int i = 0; i < n; i++)
      total += checksum(5000);
    total += checksum(40);
  } else {
    total += rounds(n);
  }
  if (strcmp(mode, "big") != 0)
    total += checksum(3000);
  char *kept[3];
  for (int i = 0; i < 3; i++)
    kept[i] = make(10);
  total += label(7) + (unsigned)kept[2][0];
  for (int i = 0; i < 3; i++)
    free(kept[i]);
  printf("%u\n", total);
  return 0;
}
