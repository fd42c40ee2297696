/*
 * threads_same_site.c - THREADS threads (argv[2], default 2) each allocate N
 * times (argv[1]) at the same site at the same time: no count may be lost,
 * and counting must not make the threads share cache lines.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_THREADS 64

static long per_thread;
static pthread_barrier_t start;

static void *hammer(void *arg) {
  void *volatile *sink = arg;
  pthread_barrier_wait(&start);
  for (long i = 0; i < per_thread; i++) {
    *sink = malloc(32);
    free(*sink);
  }
  return NULL;
}

int main(int argc, char **argv) {
  per_thread = argc > 1 ? atol(argv[1]) : 1000000;
  int threads = argc > 2 ? atoi(argv[2]) : 2;
  if (threads < 1 || threads > MAX_THREADS)
    return 2;
  /* One sink per cache line, so the program itself shares none. */
  static struct {
    void *volatile p;
    char pad[64 - sizeof(void *)];
  } sinks[MAX_THREADS];
  pthread_t t[MAX_THREADS];
  pthread_barrier_init(&start, NULL, (unsigned)threads);
  for (int i = 0; i < threads; i++)
    pthread_create(&t[i], NULL, hammer, (void *)&sinks[i].p);
  for (int i = 0; i < threads; i++)
    pthread_join(t[i], NULL);
  printf("%ld allocations\n", per_thread * threads);
  return 0;
}
