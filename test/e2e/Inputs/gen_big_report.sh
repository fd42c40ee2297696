#!/bin/sh
# Prints N statements, each an allocation site on its own line with its
# EXPECT annotation; big_report.c includes the output in a function.
n=${1:-1500}
i=1
while [ "$i" -le "$n" ]; do
  echo "  sink = malloc($i); free(sink); // EXPECT: objects=1 bytes=$i sites=1"
  i=$((i + 1))
done
