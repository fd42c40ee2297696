#!/bin/sh
# Stands in for csmith (csmith --seed N --output FILE): writes a program
# that dies of a signal, as csmith-compare treats a Csmith program whose
# plain build crashes (undefined behaviour): it skips it.
while [ $# -gt 0 ]; do
  case $1 in
  --output) out=$2; shift ;;
  esac
  shift
done
printf '#include <signal.h>\nint main(void) { raise(SIGSEGV); return 0; }\n' > "$out"
