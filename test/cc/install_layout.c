// The wrapper finds the plugin and runtime at ../lib relative to its own
// executable, so an installed tree (<prefix>/bin, <prefix>/lib) works like
// the build tree, also through a symlink to the wrapper; what is missing is
// named clearly, and only when the command needs it.
//
// RUN: rm -rf %t && mkdir -p %t/prefix/bin %t/prefix/lib %t/elsewhere
// RUN: cp %allocsite-cc %allocsite-cxx %t/prefix/bin/
//
// No plugin: commands that compile fail, naming where it should be.
// RUN: not %t/prefix/bin/allocsite-cc -c %s -o %t/main.o 2>&1 | FileCheck --check-prefix=NO-PLUGIN %s
// RUN: not %t/prefix/bin/allocsite-c++ -x c++ -E %s 2>&1 | FileCheck --check-prefix=NO-PLUGIN-CXX %s
// NO-PLUGIN: allocsite-cc: error: cannot find the allocsite plugin at '{{/.*}}/prefix/lib/allocsite.so'
// NO-PLUGIN-CXX: allocsite-c++: error: cannot find the allocsite plugin at '{{/.*}}/prefix/lib/allocsite.so'
// Commands that need neither still run.
// RUN: %t/prefix/bin/allocsite-cc --version | FileCheck --check-prefix=VERSION %s
// VERSION: clang version
//
// No runtime: compiling works, linking an executable fails.
// RUN: cp %plugin %t/prefix/lib/allocsite.so
// RUN: %t/prefix/bin/allocsite-cc -g -c %s -o %t/main.o
// RUN: not %t/prefix/bin/allocsite-cc %t/main.o -o %t/app 2>&1 | FileCheck --check-prefix=NO-RUNTIME %s
// NO-RUNTIME: allocsite-cc: error: cannot find the allocsite runtime at '{{/.*}}/prefix/lib/liballocsite_rt.a'
//
// The complete layout: build, run, report.
// RUN: cp %rt %t/prefix/lib/liballocsite_rt.a
// RUN: %t/prefix/bin/allocsite-cc %t/main.o -o %t/app
// RUN: env ALLOCSITE_OUT=%t/app.json %t/app
// RUN: FileCheck --check-prefix=REPORT %s < %t/app.json
//
// Through a symlink in another directory: still the prefix's plugin and runtime.
// RUN: ln -s %t/prefix/bin/allocsite-cc %t/elsewhere/cc
// RUN: %t/elsewhere/cc -g %s -o %t/app2
// RUN: env ALLOCSITE_OUT=%t/app2.json %t/app2
// RUN: FileCheck --check-prefix=REPORT %s < %t/app2.json
//
// --allocsite-help says what the wrapper does and which files it uses.
// RUN: %t/elsewhere/cc --allocsite-help | FileCheck --check-prefix=HELP %s
// HELP:      usage: allocsite-cc [clang arguments...]
// HELP:      -fpass-plugin=PLUGIN
// HELP:      -fplugin=PLUGIN
// HELP:      -Wl,--export-dynamic-symbol=__allocsite_*
// HELP:      -shared
// HELP:      ALLOCSITE_CLANG    the clang to run (default: {{/.*}}/clang)
// HELP-NEXT: ALLOCSITE_OUT
// HELP:      clang    {{/.*}}/clang{{$}}
// HELP-NEXT: plugin   {{/.*}}/prefix/lib/allocsite.so{{$}}
// HELP-NEXT: runtime  {{/.*}}/prefix/lib/liballocsite_rt.a{{$}}
// RUN: rm %t/prefix/lib/liballocsite_rt.a
// RUN: env ALLOCSITE_CLANGXX=/opt/other/clang++ %t/prefix/bin/allocsite-c++ --allocsite-help | FileCheck --check-prefix=HELP-CXX %s
// HELP-CXX:      usage: allocsite-c++ [clang arguments...]
// HELP-CXX:      ALLOCSITE_CLANGXX  the clang to run (default: {{/.*}}/clang++)
// HELP-CXX:      clang    /opt/other/clang++{{$}}
// HELP-CXX-NEXT: plugin   {{/.*}}/prefix/lib/allocsite.so{{$}}
// HELP-CXX-NEXT: runtime  {{/.*}}/prefix/lib/liballocsite_rt.a  (MISSING){{$}}
#include <stdlib.h>

void *volatile keep;

int main(void) {
  // REPORT: "file": "{{.*}}install_layout.c", "line": [[@LINE+1]], {{.*}}"objects": 1, "bytes": 17}
  keep = malloc(17);
  return 0;
}
