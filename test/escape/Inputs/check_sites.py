#!/usr/bin/env python3
"""Self-checks for the escape corpus (test/escape), runnable before the
escape analysis exists.

For every test file given (default: all of test/escape):
 1. sites: compiles it at -O0 and -O2 with LLVM 14 and 19 using the plugin's
    existing -Rpass-analysis=allocsite remarks ("heap allocation site ID: X")
    and checks that the set of line:col positions with an allocation site is
    exactly the set of positions the CHECK lines expect a remark at, with one
    site ID per position.
 2. mock: builds the remark output the specification implies from the CHECK
    lines themselves and runs the file's own FileCheck / count RUN lines over
    it, so a pattern that cannot match its intended text is caught now.

usage: check_sites.py [--build DIR] [files...]
"""
import argparse, glob, os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ESC = os.path.dirname(HERE)
REMARK_AT = re.compile(r"//\s*([A-Z0-9_]+(?:-[A-Z0-9_]+)*?)(?:-DAG|-NEXT|-SAME)?:\s*\[\[@LINE([+-]\d+)?\]\]:(\d+): remark: (.*)$")
SITE = re.compile(r"^(.*?):(\d+):(\d+): remark: heap allocation site ([0-9a-f]{16}): (\S+)")


def expectations(path):
    """[(prefix, line, col, pattern-rest)] from the check lines."""
    out = []
    for n, text in enumerate(open(path), 1):
        m = REMARK_AT.search(text)
        if m:
            off = int(m.group(2) or 0)
            out.append((m.group(1), n + off, int(m.group(3)), m.group(4), n))
    return out


def run_lines(path):
    lines, cur = [], ""
    for text in open(path):
        m = re.match(r"^\s*//\s*RUN:\s?(.*)$", text)
        if not m:
            continue
        cur += m.group(1)
        if cur.endswith("\\"):
            cur = cur[:-1]
            continue
        lines.append(cur)
        cur = ""
    return lines


def compile_cmds(path, build):
    """(version, level, argv) for each compile RUN line, per LLVM version."""
    res = []
    for v in ("14", "19"):
        plugin = os.path.join(build, "lib/allocsite.so") if v == "14" else os.path.join(build, "llvm-19/lib/allocsite.so")
        rls = run_lines(path)
        for i, rl in enumerate(rls):
            prefixes = ["CHECK"]
            om = re.search(r"2>\s*(%t\S*)", rl)
            if om:
                for u in rls[i + 1:]:
                    if re.search(re.escape(om.group(1)) + r"(\s|$)", u) and "FileCheck" in u:
                        pm = re.search(r"--check-prefix(?:es)?[= ](\S+)", u)
                        prefixes = pm.group(1).split(",") if pm else ["CHECK"]
                        break
            rl = rl.split("|")[0].split(" 2>")[0]
            m = re.search(r"(?:^|\s)(env\s+(?:\S+=\S+\s+)+)?%(cc_as|cxx_as)\s(.*)$", rl)
            if not m:
                continue
            cc = "/usr/lib/llvm-%s/bin/%s" % (v, "clang" if m.group(2) == "cc_as" else "clang++")
            args = m.group(3).replace("%s", path).replace("%plugin", plugin).split()
            env = {}
            if m.group(1):
                for kv in m.group(1).split()[1:]:
                    k, val = kv.split("=", 1)
                    env[k] = val
            lvl = next((a for a in args if re.match(r"^-O[0-3s]$", a)), "-O0")
            # only the site existence matters: drop the remark flags, ask for the site remarks
            args = [a for a in args if not a.startswith("-Rpass") and a not in ("-o", "/dev/null")]
            # options of the analysis that the plugin may not know yet
            while "-mllvm" in args:
                k = args.index("-mllvm")
                if not args[k + 1].startswith("-allocsite-max-stack-size"):
                    break
                del args[k:k + 2]
            argv = [cc, "-fpass-plugin=" + plugin] + args + ["-Rpass-analysis=allocsite", "-fno-caret-diagnostics", "-o", "/dev/null"]
            res.append((v, lvl, argv, env, prefixes))
    return res


def check_sites(path, build):
    ok = True
    want = {}
    for pfx, line, col, _, _ in expectations(path):
        want.setdefault((line, col), set()).add(pfx)
    seen_cfg = set()
    for v, lvl, argv, env, _ in compile_cmds(path, build):
        key = (v, lvl, tuple(argv), tuple(sorted(env.items())))
        if key in seen_cfg:
            continue
        seen_cfg.add(key)
        e = dict(os.environ); e.update(env)
        p = subprocess.run(argv, capture_output=True, text=True, env=e)
        if p.returncode != 0:
            print("%s: LLVM %s %s: compile failed:\n%s" % (path, v, lvl, p.stderr)); ok = False; continue
        sites = {}
        for l in p.stderr.splitlines():
            m = SITE.match(l)
            if m:
                sites.setdefault((int(m.group(2)), int(m.group(3))), set()).add(m.group(4))
            elif "warning" in l or "error" in l:
                print("%s: LLVM %s %s: %s" % (path, v, lvl, l)); ok = False
        for pos in sorted(set(want) | set(sites)):
            if pos not in sites:
                print("%s:%d:%d: LLVM %s %s: expected a site, none there" % (path, pos[0], pos[1], v, lvl)); ok = False
            elif pos not in want:
                print("%s:%d:%d: LLVM %s %s: site %s has no expected remark" % (path, pos[0], pos[1], v, lvl, sites[pos])); ok = False
            elif len(sites[pos]) != 1:
                print("%s:%d:%d: LLVM %s %s: %d site IDs" % (path, pos[0], pos[1], v, lvl, len(sites[pos]))); ok = False
    return ok


def mock_text(pattern, line, path):
    """Text the specification says the remark is, from a check pattern."""
    t = pattern
    t = re.sub(r"\{\{\.\*\}\}(?=[A-Za-z0-9_]+\.(?:c|cpp):)", os.path.dirname(path) + "/", t)
    t = t.replace("{{[0-9a-f]{16}\\]}}", "0123456789abcdef]")
    t = t.replace("{{.*}}", "/some/dir/")
    t = t.replace("{{[^)]*}}", "...")
    t = t.replace("{{p|\\.\\.\\.}}", "p")
    t = re.sub(r"\{\{\[0-9\]\+\}\}", "7", t)
    def lineexpr(m):
        return str(line + int(m.group(1) or 0))
    t = re.sub(r"\[\[@LINE([+-]\d+)?\]\]", lineexpr, t)
    if "{{" in t or "[[" in t:
        raise ValueError("mock: cannot expand pattern: " + pattern)
    return t


def check_mock(path):
    """Run the file's FileCheck/count lines over the output the CHECK lines describe."""
    ok = True
    rls = run_lines(path)
    exps = expectations(path)
    with tempfile.TemporaryDirectory() as tmp:
        for i, rl in enumerate(rls):
            m = re.search(r"2>\s*(%t\S*)", rl)
            if not m or not re.search(r"%(cc_as|cxx_as)", rl):
                continue
            outname = m.group(1)
            # every later RUN line reading this output; the mock is built for
            # the prefixes of the FileCheck line among them
            users = [r for r in rls[i + 1:] if re.search(re.escape(outname) + r"(\s|$)", r)]
            fcs = [r for r in users if "FileCheck" in r]
            if not fcs:
                continue
            pm = re.search(r"--check-prefix(?:es)?[= ](\S+)", fcs[0])
            prefixes = pm.group(1).split(",") if pm else ["CHECK"]
            lines = []
            for pfx, line, col, rest, n in exps:
                if pfx in prefixes:
                    lines.append((line, col, "%s:%d:%d: remark: %s [-Rpass=allocsite]" % (path, line, col, mock_text(rest, n, path))))
            lines.sort()
            mock = os.path.join(tmp, "mock.txt")
            with open(mock, "w") as f:
                for _, _, t in lines:
                    f.write(t + "\n")
            for u in users:
                cmd = re.sub(re.escape(outname) + r"(?=\s|$)", mock, u).replace("%s", path)
                cmd = re.sub(r"\bFileCheck\b", "/usr/lib/llvm-14/bin/FileCheck", cmd)
                cmd = re.sub(r"\bcount\b", "/usr/lib/llvm-14/bin/count", cmd)
                p = subprocess.run(cmd, shell=True, capture_output=True, text=True)
                if p.returncode != 0:
                    print("%s: mock output fails '%s':\n%s%s" % (path, u, p.stdout, p.stderr)); ok = False
    return ok


MSG_LOC = re.compile(r"\{\{\.\*\}\}[A-Za-z0-9_]+\.(?:c|cpp):\[\[@LINE([+-]\d+)?\]\]:(\d+)")


def check_message_locations(path, build):
    """Every FILE:LINE:COL a message names must be the debug location of some
    instruction in the IR as compiled (-O0 and -O2, LLVM 14 and 19), so a
    column typo is caught now."""
    ok = True
    wanted_by_prefix = {}
    for n, text in enumerate(open(path), 1):
        pm = REMARK_AT.search(text)
        for m in MSG_LOC.finditer(text):
            wanted_by_prefix.setdefault(pm.group(1) if pm else "?", set()).add((n + int(m.group(1) or 0), int(m.group(2))))
    if not wanted_by_prefix:
        return True
    for v, lvl, argv, env, prefixes in compile_cmds(path, build):
        wanted = set()
        for pf in prefixes:
            wanted |= wanted_by_prefix.get(pf, set())
        argv = [a for a in argv if a not in ("-fno-caret-diagnostics", "-Rpass-analysis=allocsite", "-c")]
        argv = argv[:argv.index("-o")] + ["-S", "-emit-llvm", "-o", "-"]
        e = dict(os.environ); e.update(env)
        p = subprocess.run(argv, capture_output=True, text=True, env=e)
        locs = set((int(a), int(b)) for a, b in re.findall(r"!DILocation\(line: (\d+), column: (\d+)", p.stdout))
        for w in sorted(wanted - locs):
            print("%s:%d:%d: LLVM %s %s: no instruction has this location" % (path, w[0], w[1], v, lvl)); ok = False
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(os.path.dirname(os.path.dirname(ESC)), "build-escape"))
    ap.add_argument("--no-sites", action="store_true")
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    files = a.files or sorted(glob.glob(os.path.join(ESC, "*.c")) + glob.glob(os.path.join(ESC, "*.cpp")))
    ok = True
    for f in files:
        f = os.path.abspath(f)
        if not a.no_sites:
            ok &= check_sites(f, a.build)
            ok &= check_message_locations(f, a.build)
        ok &= check_mock(f)
    print("OK" if ok else "FAILED", "(%d files)" % len(files))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
