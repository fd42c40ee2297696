/*
 * dump_signal.c - ALLOCSITE_DUMP_SIGNAL=USR1 (a name, with or without SIG,
 * or a number): write the report whenever the process receives that signal,
 * for programs that never exit.  Opt-in: without the variable the runtime
 * installs no handler and starts no thread.
 *
 * Writing the report takes the registry and writer locks, which the
 * interrupted thread may hold, so it cannot be done in the handler.  The
 * handler only posts a semaphore (sem_post is async-signal-safe) and a
 * helper thread, which waits on it with every signal blocked, writes the
 * report.  A semaphore rather than a pipe: no file descriptor that a program
 * closing "all other descriptors" (daemons do) could close or, worse, reuse
 * for its own file and then receive our wake-up byte.  Signals that arrive
 * while a report is being written are merged into one more report.
 *
 * The report goes where the exit report goes ($ALLOCSITE_OUT), replacing
 * the previous one atomically; the exit report replaces the last dump.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rt_internal.h"

static sem_t dump_requests;
static int dump_signo; /* 0: not enabled */

static void on_dump_signal(int signo) {
  (void)signo;
  int saved_errno = errno;
  sem_post(&dump_requests);
  errno = saved_errno;
}

static void *dump_thread(void *unused) {
  (void)unused;
  for (;;) {
    while (sem_wait(&dump_requests) != 0)
      ; /* EINTR */
    while (sem_trywait(&dump_requests) == 0)
      ; /* signals that arrived meanwhile: one report covers them */
    rt_write_report(NULL);
  }
  return NULL;
}

static const struct {
  const char *name;
  int signo;
} signal_names[] = {
    {"HUP", SIGHUP},   {"INT", SIGINT},     {"QUIT", SIGQUIT},   {"USR1", SIGUSR1},
    {"USR2", SIGUSR2}, {"PIPE", SIGPIPE},   {"ALRM", SIGALRM},   {"TERM", SIGTERM},
    {"CHLD", SIGCHLD}, {"CONT", SIGCONT},   {"TSTP", SIGTSTP},   {"TTIN", SIGTTIN},
    {"TTOU", SIGTTOU}, {"URG", SIGURG},     {"XCPU", SIGXCPU},   {"XFSZ", SIGXFSZ},
    {"VTALRM", SIGVTALRM}, {"PROF", SIGPROF}, {"WINCH", SIGWINCH}, {"IO", SIGIO},
    {"PWR", SIGPWR},   {"SYS", SIGSYS},
};

/* The signal number $ALLOCSITE_DUMP_SIGNAL names, or 0 (error printed).
 * Signals that report a fault (SEGV, BUS, ...) are not accepted: returning
 * from their handler would re-run the faulting instruction forever. */
static int parse_signal(const char *text) {
  const char *name = strncasecmp(text, "SIG", 3) == 0 ? text + 3 : text;
  for (size_t i = 0; i < sizeof signal_names / sizeof signal_names[0]; i++)
    if (strcasecmp(name, signal_names[i].name) == 0)
      return signal_names[i].signo;
  char *end;
  long n = strtol(text, &end, 10);
  if (*text && !*end && n > 0 && n < NSIG) {
    for (size_t i = 0; i < sizeof signal_names / sizeof signal_names[0]; i++)
      if (n == signal_names[i].signo)
        return (int)n;
    if (n >= SIGRTMIN && n <= SIGRTMAX)
      return (int)n;
  }
  rt_error("ALLOCSITE_DUMP_SIGNAL='%s' is not a signal the runtime can use (e.g. USR1, SIGUSR2, "
           "10); no dump handler installed",
           text);
  return 0;
}

/* Starts the helper with every signal blocked, so it never takes a signal
 * meant for the program's threads. */
static int start_dump_thread(void) {
  sigset_t all, old;
  sigfillset(&all);
  pthread_t thread;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  int status = pthread_create(&thread, &attr, dump_thread, NULL);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  pthread_attr_destroy(&attr);
  return status;
}

void rt_dump_signal_init(void) {
  const char *text = rt_getenv("ALLOCSITE_DUMP_SIGNAL");
  if (!text || !*text)
    return;
  int signo = parse_signal(text);
  if (!signo)
    return;
  int err = sem_init(&dump_requests, 0, 0) != 0 ? errno : start_dump_thread();
  if (err) {
    rt_error("cannot start the report thread for ALLOCSITE_DUMP_SIGNAL: %s", strerror(err));
    return;
  }
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_dump_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART; /* the program's blocking calls carry on */
  if (sigaction(signo, &action, NULL) != 0) {
    rt_error("cannot install the ALLOCSITE_DUMP_SIGNAL handler: %s", strerror(errno));
    return;
  }
  dump_signo = signo;
}

/* The helper thread does not exist in a forked child: start a new one
 * (with a fresh semaphore: the old one may have been mid-update). */
void rt_dump_signal_after_fork_child(void) {
  if (!dump_signo)
    return;
  if (sem_init(&dump_requests, 0, 0) != 0 || start_dump_thread() != 0)
    rt_error("cannot start the report thread for ALLOCSITE_DUMP_SIGNAL in a forked child");
}
