// Set-user-ID and set-group-ID programs ignore the ALLOCSITE_* environment
// (secure_getenv): run by an unprivileged user, a set-user-ID-root copy
// neither writes the report where ALLOCSITE_OUT says nor installs the
// ALLOCSITE_DUMP_SIGNAL handler; it behaves as if nothing were set and
// writes ./allocsite.json.  The same copy without the set-user-ID bit
// honours both.  And a report in a directory the user cannot write gives one
// error line and keeps the exit status.
//
// REQUIRES: setpriv-nobody
// RUN: %cc_as -O2 -g %s %rt -o %t
// RUN: rm -rf %t.d && mkdir -p %t.d/cwd %t.d/locked && chmod 755 %t.d %t.d/locked && chmod 777 %t.d/cwd
// RUN: cp %t %t.d/prog && chmod 4755 %t.d/prog
// RUN: cd %t.d/cwd && env ALLOCSITE_OUT=%t.d/cwd/chosen.json ALLOCSITE_DUMP_SIGNAL=USR1 setpriv --reuid=65534 --regid=65534 --clear-groups sh -c '%t.d/prog; echo status=$?' | FileCheck %s --check-prefix=SETUID
// SETUID: ruid=65534 euid=0
// SETUID-NEXT: USR1 handler: default
// SETUID-NEXT: status=4
// RUN: ls %t.d/cwd | FileCheck %s --check-prefix=DEFAULT --match-full-lines
// DEFAULT: allocsite.json
// DEFAULT-NOT: chosen.json
// RUN: %check-expect %s %t.d/cwd/allocsite.json
//
// The same program without the bit: the environment applies.
// RUN: rm -f %t.d/cwd/*.json && chmod 755 %t.d/prog
// RUN: cd %t.d/cwd && env ALLOCSITE_OUT=%t.d/cwd/chosen.json ALLOCSITE_DUMP_SIGNAL=USR1 setpriv --reuid=65534 --regid=65534 --clear-groups sh -c '%t.d/prog; echo status=$?' | FileCheck %s --check-prefix=PLAIN
// PLAIN: ruid=65534 euid=65534
// PLAIN-NEXT: USR1 handler: installed
// PLAIN-NEXT: status=4
// RUN: ls %t.d/cwd | FileCheck %s --check-prefix=CHOSEN --match-full-lines
// CHOSEN: chosen.json
// CHOSEN-NOT: allocsite.json
//
// A directory the user cannot write to.
// RUN: cd %t.d/cwd && env ALLOCSITE_OUT=%t.d/locked/r.json setpriv --reuid=65534 --regid=65534 --clear-groups sh -c '%t.d/prog 2>&1; echo status=$?' | FileCheck %s --check-prefix=LOCKED -DDIR=%t.d/locked
// LOCKED: ruid=65534 euid=65534
// LOCKED: allocsite: error: cannot write '[[DIR]]/r.json': Permission denied
// LOCKED-NEXT: status=4
// RUN: ls -A %t.d/locked | count 0
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *volatile sink;

int main(void) {
  sink = malloc(12); // EXPECT: objects=1 bytes=12
  printf("ruid=%d euid=%d\n", (int)getuid(), (int)geteuid());
  struct sigaction current;
  sigaction(SIGUSR1, NULL, &current);
  printf("USR1 handler: %s\n", current.sa_handler == SIG_DFL ? "default" : "installed");
  fflush(stdout);
  return 4;
}
// EXPECT-TOTAL: objects=1 bytes=12
