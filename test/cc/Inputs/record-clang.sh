#!/bin/sh
# record-clang.sh - stands in for clang in wrapper_args.c and env_override.c (via
# ALLOCSITE_CLANG): writes the arguments it was run with, one per line, to
# $RECORD_ARGS and its process id to $RECORD_PID, then does what
# $RECORD_ACTION says (exit=N: exit with N; kill: die of SIGTERM) or, by
# default, execs the real clang ($RECORD_REAL_CLANG) with those arguments.
printf '%s\n' "$0" "$@" > "$RECORD_ARGS"
[ -n "$RECORD_PID" ] && echo $$ > "$RECORD_PID"
case "$RECORD_ACTION" in
  exit=*) exit "${RECORD_ACTION#exit=}" ;;
  kill) kill -TERM $$ ;;
esac
exec "$RECORD_REAL_CLANG" "$@"
