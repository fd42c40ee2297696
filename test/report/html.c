// html: the static site in a real headless Chromium (Debian chromium), for a
// real instrumented program at -O0 and -O2.  The pages load without console
// messages (a broken page shows that such messages are caught), the script
// sorts by objects or bytes and filters to promotable sites (?sort=bytes,
// ?promotable=1), and the source page shows each line's counts, verdict
// badges and reasons.
#include <stdlib.h>
#include <string.h>

void *volatile kept;
__attribute__((noinline)) static int peek(const char *p) { return p[3]; }

int main(void) {
  int sum = 0;
  for (int i = 0; i < 50; i++) {
    char *s = malloc(32); /* line 16: promotable */
    memset(s, i, 32);
    sum += peek(s);
    free(s);
  }
  for (int i = 0; i < 5; i++)
    kept = malloc(1000); /* line 22: stored to a global */
  kept = (void *)(long)sum;
  return 0;
}

// REQUIRES: chromium
// RUN: rm -rf %t.site %t.src && mkdir -p %t.src && cp %s %t.src/page.c
// RUN: cd %t.src && %cc_as -O0 -g page.c %rt -o %t.O0 && %cc_as -O2 -g page.c %rt -o %t.O2
// RUN: env ALLOCSITE_OUT=%t.O0.json %t.O0 && env ALLOCSITE_OUT=%t.O2.json %t.O2
// RUN: %allocsite-report html -o %t.site %t.O0.json %t.O2.json

// Default order: by objects; every site shown.
// RUN: %headless --dump-dom "file://%t.site/index.html" > %t.index.html 2> %t.index.err
// RUN: FileCheck %s --check-prefix=INDEX < %t.index.html
// INDEX:     <b id="total-objects">110</b> objects, <b id="total-bytes">13200</b> bytes in 2 sites (2 reports)
// INDEX:     <span id="shown">2</span> sites shown, ranked by <span id="order">objects</span>
// INDEX:     data-objects="100" data-bytes="3200" data-verdict="promotable"><td class="n">100</td><td class="n">90.91%</td>
// INDEX-SAME: <a href="src/1.html#L16">{{.*}}page.c:16:{{[0-9]+}}</a>
// INDEX-SAME: <span class="badge promotable">promotable</span>
// INDEX:     data-objects="10" data-bytes="10000" data-verdict="heap"><td class="n">10</td>
// INDEX-SAME: <span class="badge heap" title="stored to global 'kept' at {{.*}}">heap: stored-to-global</span>
// RUN: not grep CONSOLE %t.index.err

// ?sort=bytes reorders the rows (the heap site, which has more bytes, comes
// first) and &promotable=1 hides it.  (One browser run for both: each
// costs seconds.)
// RUN: %headless --dump-dom "file://%t.site/index.html?sort=bytes&promotable=1" > %t.prom.html 2> %t.prom.err
// RUN: FileCheck %s --check-prefix=PROM < %t.prom.html
// PROM:     <span id="shown">1</span> sites shown, ranked by <span id="order">bytes</span>
// PROM:     data-verdict="heap" hidden="">
// PROM:     data-verdict="promotable">
// RUN: not grep CONSOLE %t.prom.err

// The source page: per-line counts, heat, badges, reasons.
// RUN: %headless --dump-dom "file://%t.site/src/1.html" > %t.src.html 2> %t.src.err
// RUN: FileCheck %s --check-prefix=SRC < %t.src.html
// SRC:      <h1>{{.*}}page.c</h1>
// SRC:      <p>2 sites, 110 objects, 13200 bytes</p>
// SRC:      <tr id="L15"><td></td><td></td><td class="ln">15</td><td class="code">  for (int i = 0; i &lt; 50; i++) {</td></tr>
// SRC-NEXT: <tr class="hot" id="L16" style="background:rgba(230,60,30,0.50)"><td class="n">100</td><td class="n">3200</td><td class="ln">16</td><td class="code">    char *s = malloc(32); /* line 16: promotable */<div class="note" id="site-{{[0-9a-f]+}}">col {{[0-9]+}}: malloc — 100 objects, 3200 bytes <span class="badge promotable">promotable</span></div></td></tr>
// SRC:      <tr class="hot" id="L22" style="background:rgba(230,60,30,0.23)"><td class="n">10</td><td class="n">10000</td><td class="ln">22</td><td class="code">    kept = malloc(1000); /* line 22: stored to a global */<div class="note" id="site-{{[0-9a-f]+}}">col {{[0-9]+}}: malloc — 10 objects, 10000 bytes <span class="badge heap" title="stored to global 'kept' at {{.*}}">heap: stored-to-global</span> stored to global 'kept' at {{.*}}</div></td></tr>
// RUN: not grep CONSOLE %t.src.err

// The console check is not vacuous: a page with a script error is caught.
// RUN: echo '<html><body><script>undefined_function();</script></body></html>' > %t.broken.html
// RUN: %headless --dump-dom "file://%t.broken.html" > /dev/null 2> %t.broken.err
// RUN: grep 'CONSOLE.*Uncaught ReferenceError: undefined_function is not defined' %t.broken.err

// A moved source: a warning, and the page lists only the lines that allocate.
// RUN: cd %S && rm -rf %t.src && %allocsite-report html -o %t.site2 %t.O0.json 2> %t.warn
// RUN: FileCheck %s --check-prefix=WARN < %t.warn
// WARN: allocsite-report: error: cannot read source '{{.*}}page.c': No such file or directory; use --source-dir DIR to say where the sources are
// RUN: FileCheck %s --check-prefix=MISSING < %t.site2/src/1.html
// MISSING:     <p class="missing">cannot read source &#39;{{.*}}page.c&#39;: No such file or directory &mdash; only the lines with allocations are shown.</p>
// MISSING:     <tr class="hot" id="L16"
// MISSING-NOT: <tr id=
// MISSING:     <tr class="hot" id="L22"
// RUN: not %allocsite-report html %t.O0.json 2>&1 | FileCheck %s --check-prefix=NODIR
// NODIR: allocsite-report: error: no output given (-o DIR)
