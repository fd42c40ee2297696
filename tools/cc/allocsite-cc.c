/*
 * allocsite-cc.c - the compiler wrappers allocsite-cc and allocsite-c++.
 *
 * Each runs the clang that matches the allocsite plugin with the user's
 * arguments unchanged, and adds what an instrumented build needs: the plugin
 * when source is compiled, the runtime when an executable is linked.  So
 * `make CC=allocsite-cc` or `cmake -DCMAKE_C_COMPILER=allocsite-cc` builds a
 * project instrumented without touching its build files.
 *
 * The same source builds both wrappers; ALLOCSITE_CC_CXX (0 or 1) and
 * ALLOCSITE_CC_DEFAULT_COMPILER (the clang or clang++ found at configure
 * time) are compile definitions.  The plugin and runtime are found relative
 * to the wrapper's own executable (<prefix>/bin/allocsite-cc ->
 * <prefix>/lib/...), which holds in the build tree and in an installed tree.
 *
 * Shared libraries follow AddressSanitizer's model: one runtime per process,
 * in the executable.  `-shared` links get no runtime; an instrumented
 * library's calls to the runtime resolve against the executable when it is
 * loaded, so it needs an executable linked by allocsite-cc/allocsite-c++
 * (which exports the runtime's entry points for it, also for dlopen), and it
 * cannot be linked with -Wl,-z,defs or -Wl,--no-undefined.
 *
 * The wrapper never changes or drops a user argument (only its own options,
 * --allocsite-help, --promote and --profile-use=, are not clang's), and it
 * execs clang, so clang's exit status, signals, stdout and stderr reach the
 * caller untouched.  The exception is a link with LLVM bitcode objects
 * (-flto): the wrapper merges them and compiles the program as one module
 * first (whole_program_prepare, plugin/WholeProgram.h), then runs the link
 * with that object in their place as a child, and exits as it did.
 * It only needs to know what kind of command it runs, so it classifies the
 * arguments the way clang's driver would (input languages, -x, -c/-E/...,
 * response files) but never interprets them further.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "allocsite_abi.h"
#include "whole_program.h"

#if !defined(ALLOCSITE_CC_CXX) || !defined(ALLOCSITE_CC_DEFAULT_COMPILER)
#error "build with -DALLOCSITE_CC_CXX=0|1 -DALLOCSITE_CC_DEFAULT_COMPILER=\"/path/to/clang\""
#endif

#if ALLOCSITE_CC_CXX
#define TOOL_NAME "allocsite-c++"
#define COMPILER_ENV "ALLOCSITE_CLANGXX"
#define LANGUAGE_NAME "C++"
#else
#define TOOL_NAME "allocsite-cc"
#define COMPILER_ENV "ALLOCSITE_CLANG"
#define LANGUAGE_NAME "C"
#endif

/* The wrapper's own option.  clang has no option starting with --allocsite,
 * so it can never shadow one of clang's. */
#define HELP_OPTION "--allocsite-help"
/* Rewrite promotable allocations to stack slots: the plugin reads
 * ALLOCSITE_PROMOTE, which the wrapper sets (so it also reaches compiles
 * with -fpass-plugin only).  Taken off the command line clang sees. */
#define PROMOTE_OPTION "--promote"
/* --profile-use=FILE (repeatable): reports of earlier runs that choose the
 * stack buffers of sites promoted if small and give remarks their hotness
 * (plugin/ProfileUse.h).  The wrapper appends FILE to ALLOCSITE_PROFILE_USE,
 * comma-separated, for the same reason as ALLOCSITE_PROMOTE. */
#define PROFILE_USE_OPTION "--profile-use="

#define PLUGIN_RELPATH "lib/allocsite.so"
#define RUNTIME_RELPATH "lib/liballocsite_rt.a"

/* Every runtime symbol instrumented code refers to, and the public API
 * (include/allocsite.h), by name: gold exports only exact names (a glob
 * covers them for GNU ld and lld).  From the one list, allocsite_abi.inc:
 * the entry points and thread state, and the direct pointers. */
#define ALLOCSITE_IS_EXPORTED_FUNCTION 1
#define ALLOCSITE_IS_EXPORTED_THREAD_LOCAL 1
#define ALLOCSITE_IS_EXPORTED_HIDDEN 0
static const char *const runtime_symbols[] = {
#define ALLOCSITE_SYMBOL(Name, Kind)                                                            \
  ALLOCSITE_IS_EXPORTED_##Kind ? ALLOCSITE_STRINGIFY(Name) : NULL,
#define ALLOCSITE_DIRECT(Name) ALLOCSITE_DIRECT_PREFIX #Name,
#include "allocsite_abi.inc"
};
#define NUM_RUNTIME_SYMBOLS (sizeof runtime_symbols / sizeof *runtime_symbols)

/* The public API, exported like the entry points so that an instrumented
 * shared library calling it reaches the executable's runtime. */
static const char *const public_api_functions[] = {
#define ALLOCSITE_API_FUNCTION(Name) #Name,
#include "allocsite_abi.inc"
};
#define NUM_API_FUNCTIONS (sizeof public_api_functions / sizeof *public_api_functions)
#define INCLUDE_RELPATH "include"

/* clang expands nested response files; a cycle would recurse forever. */
#define MAX_RESPONSE_FILE_DEPTH 16

__attribute__((format(printf, 1, 2), noreturn)) static void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs(TOOL_NAME ": error: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(1);
}

/* ------------------------------------------------------------------------ */
/* What the command does.                                                    */
/* ------------------------------------------------------------------------ */

/* How clang's driver treats an input file. */
enum input_kind {
  INPUT_LINKER,   /* objects, archives, shared libraries, linker scripts */
  INPUT_ASSEMBLY, /* .s: assembled by cc1as, clang's frontend never runs */
  INPUT_FRONTEND, /* headers, .S: the frontend runs but generates no code */
  INPUT_CODEGEN,  /* C-family source and LLVM IR: LLVM optimises it, so the pass plugin runs */
};

struct command_facts {
  int inputs;              /* input files of any kind */
  int frontend_inputs;     /* INPUT_FRONTEND or INPUT_CODEGEN */
  int codegen_inputs;      /* INPUT_CODEGEN */
  int stop_before_link;    /* -c, -S, -E, -M, -MM, -fsyntax-only, ... */
  int stop_before_codegen; /* -E, -M, -MM, -fsyntax-only */
  int shared;              /* -shared: a shared library */
  int relocatable;         /* -r: a relocatable object */
  int help;
  /* argv[i] (top level) is the wrapper's own (PROMOTE_OPTION,
   * PROFILE_USE_OPTION), not passed to clang; argc entries */
  unsigned char *promote_at;
  int promote;
  /* argv[i + 1] is an input file on the command line itself: its
   * input_kind + 1, or 0 (argc entries). */
  unsigned char *input_at;
  int top_codegen_inputs;  /* INPUT_CODEGEN inputs among them */
  int lto;                 /* the last of -flto[=...] and -fno-lto is -flto */
  int any_x;               /* an -x anywhere */
  int output_at;           /* argv index of -o (or -oFILE, --output...), or 0 */
  int output_joined;       /* ... and whether its value is joined to it */
  int opt_at;              /* argv index of the last -O option, or 0 */
  int sources_compiled;    /* the whole-program link compiled the source inputs */
  int dashdash;            /* index in argv of "--" (or of the @file holding it), or 0 */
  /* The -x in effect at the end, or before argv[dashdash] if there is "--":
   * where the wrapper inserts the runtime. */
  int x_seen_at_insert;
  const char *x_value_at_insert;
};

/* The scan's state, which carries across response-file boundaries just as
 * clang's expansion splices a response file's arguments into the list. */
struct scan_state {
  enum { NEXT_IS_ARG, NEXT_IS_VALUE, NEXT_IS_LANGUAGE, NEXT_IS_LINKER_ARG } next;
  int language;   /* -1: by file extension (-x none); else an input_kind */
  int any_x_seen;      /* an -x other than none is in effect */
  const char *x_value; /* its language, as written */
  int after_dashdash; /* after "--", every argument is an input file */
  int top_index;      /* index in main's argv of the argument being scanned */
  int top_any_x;               /* any_x_seen before that argument */
  const char *top_x_value;     /* x_value before that argument */
};

static int in_list(const char *s, const char *const *list) {
  for (; *list; list++)
    if (strcmp(s, *list) == 0)
      return 1;
  return 0;
}

/* The language named by -x LANG, as an input_kind; -1 for "none". */
static int language_kind(const char *lang) {
  if (strcmp(lang, "none") == 0)
    return -1;
  if (strcmp(lang, "assembler") == 0)
    return INPUT_ASSEMBLY;
  if (strcmp(lang, "assembler-with-cpp") == 0 || strstr(lang, "header"))
    return INPUT_FRONTEND;
  /* c, c++, objective-c(++), cuda, hip, cl, ir, *-cpp-output, ...: clang
   * rejects names it does not know, so guessing "code" is safe. */
  return INPUT_CODEGEN;
}

/* The kind of an input file clang sees without -x, from its extension
 * (clang's types::lookupTypeForExtension; case matters: .C is C++, .S is
 * preprocessed assembly). */
static enum input_kind kind_by_extension(const char *path) {
  static const char *const codegen[] = {
      "c", "i", "cc", "cp", "cxx", "cpp", "CPP", "c++", "C", "ii", "m", "mi", "mm", "M", "mii",
      "cu", "cui", "hip", "hipi", "cl", "clcpp", "cppm", "ccm", "cxxm", "c++m", "ixx", "ll",
      "bc", "ast", NULL};
  static const char *const frontend[] = {"h", "H", "hh", "hp", "hpp", "hxx", "h++", "cuh",
                                         "hlsl", "S", "sx", NULL};
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(slash ? slash + 1 : path, '.');
  if (!dot)
    return INPUT_LINKER;
  const char *ext = dot + 1;
  if (in_list(ext, codegen))
    return INPUT_CODEGEN;
  if (in_list(ext, frontend))
    return INPUT_FRONTEND;
  if (strcmp(ext, "s") == 0)
    return INPUT_ASSEMBLY;
  return INPUT_LINKER;
}

static enum input_kind note_input(struct command_facts *f, const struct scan_state *st,
                                  const char *path) {
  enum input_kind kind;
  if (st->language >= 0)
    kind = (enum input_kind)st->language;
  else if (strcmp(path, "-") == 0)
    kind = INPUT_FRONTEND; /* stdin without -x: clang accepts it only with -E, as C */
  else
    kind = kind_by_extension(path);
  f->inputs++;
  if (kind == INPUT_FRONTEND || kind == INPUT_CODEGEN)
    f->frontend_inputs++;
  if (kind == INPUT_CODEGEN)
    f->codegen_inputs++;
  return kind;
}

/* An input at the top level (index I of main's argv + 1), which the
 * whole-program link may compile or replace. */
static void note_top_input(struct command_facts *f, int i, enum input_kind kind) {
  f->input_at[i] = (unsigned char)(kind + 1);
  if (kind == INPUT_CODEGEN)
    f->top_codegen_inputs++;
}

/* -x LANG.  The copy outlives a response file's buffer; it is never freed
 * because the wrapper execs clang moments later. */
static void note_language(struct scan_state *st, const char *lang) {
  st->language = language_kind(lang);
  st->any_x_seen = st->language >= 0;
  st->x_value = strdup(lang);
  if (!st->x_value)
    die("out of memory");
}

/* An argument handed to the linker itself (-Wl,a,b or -Xlinker a). */
static void note_linker_arg(struct command_facts *f, const char *arg) {
  if (strcmp(arg, "-shared") == 0 || strcmp(arg, "--shared") == 0 ||
      strcmp(arg, "-Bshareable") == 0)
    f->shared = 1;
  else if (strcmp(arg, "-r") == 0 || strcmp(arg, "--relocatable") == 0)
    f->relocatable = 1;
}

/* Options whose value is the next argument when written alone.  Missing one
 * here would make its value look like an input file (`-o foo.c`, `-MT x.c`),
 * so the list covers every separate-value option a build may pass to the
 * driver. */
static const char *const separate_value_options[] = {
    "-o", "-I", "-L", "-D", "-U", "-l", "-F", "-B", "-T", "-u", "-e", "-z", "-A", "-G",
    "-MF", "-MT", "-MQ", "-MJ", "-include", "-imacros", "-isystem", "-idirafter", "-iquote",
    "-iprefix", "-iwithprefix", "-iwithprefixbefore", "-isysroot", "-isystem-after",
    "-iframework", "-iframeworkwithsysroot", "-iwithsysroot", "-imultilib", "-include-pch",
    "-ivfsoverlay", "-cxx-isystem", "-Xassembler", "-Xpreprocessor", "-Xclang", "-Xanalyzer",
    "-Xopenmp-target", "-Xcuda-fatbinary", "-Xcuda-ptxas", "-Xarch_device", "-Xarch_host",
    "-Xoffload-linker", "-Xflang", "-mllvm", "-arch", "-target", "-ccc-gcc-name",
    "-ccc-install-dir", "-dsym-dir", "-dependency-file", "-dependency-dot",
    "-working-directory", "-serialize-diagnostics", "-install_name", "-exported_symbols_list",
    "-filelist", "-framework", "-rpath", "-index-store-path", "-ftime-trace-file", "--param", "--sysroot",
    "--config", "--output", "--include-directory", "--library-directory", "--define-macro",
    "--undefine-macro", "--include", "--include-prefix", "--include-with-prefix",
    "--include-with-prefix-before", "--include-directory-after", "--include-barrier",
    "--imacros", "--prefix", "--serialize-diagnostics", "--system-header-prefix",
    "--no-system-header-prefix", "--write-dependencies", "--assert", "--for-linker",
    "--force-link", "--dyld-prefix", "--gcc-toolchain", "--target", "--ld-path",
    "--rtlib", "--unwindlib", "--hip-path", "--cuda-path", "--rocm-path", NULL};

static void scan_args(struct command_facts *f, struct scan_state *st, int argc, char **argv,
                      int depth);

static int read_file(const char *path, char **text, size_t *len) {
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return -1;
  size_t cap = 4096, n = 0;
  char *buf = NULL;
  int failed = 0;
  for (;;) {
    if (cap - n < 2) /* room for more text and the terminating NUL */
      cap *= 2;
    char *bigger = realloc(buf, cap);
    if (!bigger) {
      failed = 1;
      break;
    }
    buf = bigger;
    size_t got = fread(buf + n, 1, cap - n - 1, fp);
    n += got;
    if (got == 0) {
      failed = ferror(fp);
      break;
    }
  }
  fclose(fp);
  if (failed) {
    free(buf);
    return -1;
  }
  buf[n] = '\0';
  *text = buf;
  *len = n;
  return 0;
}

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Splits a response file the way clang does on Linux (LLVM's GNU command
 * line tokenizer): whitespace separates, quotes group, backslash escapes the
 * next character inside and outside quotes.  Returns the number of tokens,
 * or -1; *toks and *storage are malloc'd. */
static int tokenize_gnu(const char *text, size_t len, char ***toks, char **storage) {
  /* Every token but the last is followed by a separator in TEXT, so the
   * tokens and their NULs fit in len + 1 bytes, and there are fewer than
   * len / 2 + 1 of them. */
  char *out = malloc(len + 1);
  char **list = malloc(sizeof *list * (len / 2 + 1));
  if (!out || !list) {
    free(out);
    free(list);
    return -1;
  }
  int n = 0;
  char *w = out;
  size_t i = 0;
  for (;;) {
    while (i < len && is_space(text[i]))
      i++;
    if (i >= len)
      break;
    list[n++] = w;
    while (i < len && !is_space(text[i])) {
      char c = text[i];
      if (c == '\\' && i + 1 < len) {
        *w++ = text[i + 1];
        i += 2;
      } else if (c == '"' || c == '\'') {
        for (i++; i < len && text[i] != c; i++) {
          if (text[i] == '\\' && i + 1 < len)
            i++;
          *w++ = text[i];
        }
        i++; /* the closing quote */
      } else {
        *w++ = c;
        i++;
      }
    }
    *w++ = '\0';
  }
  *toks = list;
  *storage = out;
  return n;
}

/* @FILE: clang splices FILE's arguments in place of it.  A file that cannot
 * be read is an ordinary argument (clang then reports it as a missing input). */
static void scan_response_file(struct command_facts *f, struct scan_state *st, const char *arg,
                               int depth) {
  char *text, *storage;
  size_t len;
  char **toks;
  if (depth >= MAX_RESPONSE_FILE_DEPTH || read_file(arg + 1, &text, &len) != 0) {
    note_input(f, st, arg);
    return;
  }
  int n = tokenize_gnu(text, len, &toks, &storage);
  free(text);
  if (n < 0)
    die("out of memory");
  scan_args(f, st, n, toks, depth + 1);
  free(toks);
  free(storage);
}

static void scan_args(struct command_facts *f, struct scan_state *st, int argc, char **argv,
                      int depth) {
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (depth == 0) {
      st->top_index = i + 1;
      st->top_any_x = st->any_x_seen;
      st->top_x_value = st->x_value;
    }
    if (st->after_dashdash) {
      enum input_kind kind = note_input(f, st, a);
      if (depth == 0)
        note_top_input(f, i, kind);
      continue;
    }
    switch (st->next) {
    case NEXT_IS_VALUE:
      st->next = NEXT_IS_ARG;
      continue;
    case NEXT_IS_LANGUAGE:
      st->next = NEXT_IS_ARG;
      note_language(st, a);
      continue;
    case NEXT_IS_LINKER_ARG:
      st->next = NEXT_IS_ARG;
      note_linker_arg(f, a);
      continue;
    case NEXT_IS_ARG:
      break;
    }

    if (strcmp(a, "--") == 0) {
      st->after_dashdash = 1;
      f->dashdash = st->top_index;
      f->x_seen_at_insert = st->top_any_x;
      f->x_value_at_insert = st->top_x_value;
    } else if (a[0] == '@' && a[1]) {
      scan_response_file(f, st, a, depth);
    } else if (a[0] != '-' || strcmp(a, "-") == 0) {
      enum input_kind kind = note_input(f, st, a);
      if (depth == 0 && strcmp(a, "-") != 0)
        note_top_input(f, i, kind);
    } else if (strcmp(a, "-flto") == 0 || strncmp(a, "-flto=", 6) == 0) {
      f->lto = 1;
    } else if (strcmp(a, "-fno-lto") == 0) {
      f->lto = 0;
    } else if (depth == 0 && a[1] == 'O' && strncmp(a, "-ObjC", 5) != 0) {
      f->opt_at = i + 1;
    } else if (depth == 0 && ((strncmp(a, "-o", 2) == 0 && strncmp(a, "-obj", 4) != 0) ||
                              strcmp(a, "--output") == 0 || strncmp(a, "--output=", 9) == 0)) {
      f->output_at = i + 1;
      f->output_joined = strcmp(a, "-o") != 0 && strcmp(a, "--output") != 0;
      if (!f->output_joined)
        st->next = NEXT_IS_VALUE;
    } else if (strcmp(a, HELP_OPTION) == 0) {
      f->help = 1;
    } else if (depth == 0 && strcmp(a, PROMOTE_OPTION) == 0) {
      /* Only on the command line: the wrapper cannot take it out of an @file. */
      f->promote = 1;
      f->promote_at[i] = 1;
    } else if (depth == 0 && strncmp(a, PROFILE_USE_OPTION, strlen(PROFILE_USE_OPTION)) == 0) {
      f->promote_at[i] = 1;
    } else if (strcmp(a, "-x") == 0 || strcmp(a, "--language") == 0) {
      f->any_x = 1;
      st->next = NEXT_IS_LANGUAGE;
    } else if (strncmp(a, "-x", 2) == 0 || strncmp(a, "--language=", 11) == 0) {
      f->any_x = 1;
      note_language(st, a[1] == 'x' ? a + 2 : a + 11);
    } else if (strcmp(a, "-c") == 0 || strcmp(a, "--compile") == 0 || strcmp(a, "-S") == 0 ||
               strcmp(a, "--assemble") == 0 || strcmp(a, "--precompile") == 0 ||
               strcmp(a, "-emit-ast") == 0 || strcmp(a, "--emit-ast") == 0) {
      f->stop_before_link = 1;
    } else if (strcmp(a, "-E") == 0 || strcmp(a, "--preprocess") == 0 || strcmp(a, "-M") == 0 ||
               strcmp(a, "--dependencies") == 0 || strcmp(a, "-MM") == 0 ||
               strcmp(a, "--user-dependencies") == 0 || strcmp(a, "-fsyntax-only") == 0) {
      /* -M and -MM imply -E (unlike -MD and -MMD, which compile too). */
      f->stop_before_link = 1;
      f->stop_before_codegen = 1;
    } else if (strcmp(a, "-shared") == 0 || strcmp(a, "--shared") == 0) {
      f->shared = 1;
    } else if (strcmp(a, "-r") == 0 || strcmp(a, "--relocatable") == 0) {
      f->relocatable = 1;
    } else if (strncmp(a, "-Wl,", 4) == 0) {
      char *copy = strdup(a + 4);
      if (copy) {
        char *save = NULL;
        for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
          note_linker_arg(f, tok);
        free(copy);
      }
    } else if (strcmp(a, "-Xlinker") == 0 || strcmp(a, "--for-linker") == 0) {
      st->next = NEXT_IS_LINKER_ARG;
    } else if (in_list(a, separate_value_options) || strncmp(a, "-Xarch_", 7) == 0 ||
               strncmp(a, "-Xopenmp-target=", 16) == 0) {
      st->next = NEXT_IS_VALUE;
    }
    /* Anything else is a flag or carries its value joined (-ofoo, -DX=1,
     * --sysroot=/x): nothing to learn from it. */
  }
}

/* ------------------------------------------------------------------------ */
/* Where things are.                                                         */
/* ------------------------------------------------------------------------ */

/* <prefix> such that the wrapper is <prefix>/bin/<name>.  /proc/self/exe
 * has symlinks resolved, so a symlink to the wrapper (e.g. in /usr/local/bin)
 * still finds the tree the wrapper really lives in.  Returns -1 if the
 * wrapper cannot tell where it is, which matters only to commands that need
 * the plugin or runtime. */
static int find_prefix(const char *argv0, char *prefix, size_t size) {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0)
    exe[n] = '\0';
  else if (!strchr(argv0, '/') || !realpath(argv0, exe))
    return -1;
  for (int up = 0; up < 2; up++) { /* strip "/<name>", then "/bin" */
    char *slash = strrchr(exe, '/');
    if (!slash)
      return -1;
    *slash = '\0';
  }
  return snprintf(prefix, size, "%s", exe) < (int)size ? 0 : -1;
}

/* "-Wl,<option><value>", allocated for the exec'd command line. */
static char *linker_option(const char *option, const char *value) {
  size_t size = strlen("-Wl,") + strlen(option) + strlen(value) + 1;
  char *arg = malloc(size);
  if (!arg)
    die("out of memory");
  snprintf(arg, size, "-Wl,%s%s", option, value);
  return arg;
}

static int exists(const char *path) {
  struct stat sb;
  return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

static const char *compiler_path(void) {
  const char *env = getenv(COMPILER_ENV);
  return env && *env ? env : ALLOCSITE_CC_DEFAULT_COMPILER;
}

/* If COMPILER is this wrapper itself (a likely mistake when setting
 * ALLOCSITE_CLANG to "allocsite-cc"), exec would loop forever. */
static int is_self(const char *compiler) {
  char self[PATH_MAX], target[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0)
    return 0;
  self[n] = '\0';
  return wp_command_path(compiler, target) == 0 && strcmp(target, self) == 0;
}

/* ------------------------------------------------------------------------ */

static void print_help(const char *plugin, const char *runtime) {
  printf(
      "usage: " TOOL_NAME " [clang arguments...]\n"
      "       " TOOL_NAME " " PROMOTE_OPTION " [clang arguments...]\n"
      "       " TOOL_NAME " " HELP_OPTION "\n"
      "\n"
      "Compiles and links " LANGUAGE_NAME " with clang and the allocsite instrumentation: the\n"
      "program counts the objects and bytes allocated at every heap allocation site and\n"
      "writes a JSON report when it exits (./allocsite.json, or $ALLOCSITE_OUT with %%p\n"
      "replaced by the process id).  Use it as CC/CXX:\n"
      "    make CC=allocsite-cc CXX=allocsite-c++\n"
      "    cmake -DCMAKE_C_COMPILER=allocsite-cc -DCMAKE_CXX_COMPILER=allocsite-c++ ...\n"
      "\n"
      "Every argument is passed to clang unchanged, and clang is exec'd, so its exit\n"
      "status and output are the wrapper's.  " TOOL_NAME " adds:\n"
      "  - when source is compiled to code (not with -E, -M, -MM, -fsyntax-only):\n"
      "      -fpass-plugin=PLUGIN   the instrumentation pass\n"
      "  - whenever clang's frontend reads a source file:\n"
      "      -fplugin=PLUGIN        makes the plugin's -mllvm -allocsite-* options known\n"
      "      -idirafter INCLUDE     where <allocsite.h> is (after every other directory)\n"
      "  - when an executable is linked (no -c, -S, -E, -M, -MM, -fsyntax-only, -shared, -r):\n"
      "      -Wl,--export-dynamic-symbol=__allocsite_* (and each entry point by name)\n"
      "      -Wl,--export-dynamic-symbol=allocsite_* (and each API function by name)\n"
      "      -Wl,--whole-archive RUNTIME -Wl,--no-whole-archive\n"
      "    the runtime writes the report; the executable exports its entry points so\n"
      "    that instrumented shared libraries, also ones loaded with dlopen, register\n"
      "    their sites with it.\n"
      "  - with -flto, when source is compiled: ALLOCSITE_DEFER_TO_LINK=1 in clang's\n"
      "    environment; the module is instrumented at the link, below\n"
      "  - when a link has LLVM bitcode objects (from -flto): they are merged with\n"
      "    llvm-link and compiled with the plugin as one module (every file's bodies\n"
      "    in view), and that object is linked in their place; remarks come from\n"
      "    this step, so give -Rpass=allocsite to the link command; the bitcode\n"
      "    members of archives are compiled one by one into a copy of the archive\n"
      "  - when a shared library is linked (-shared) or a relocatable object (-r):\n"
      "    nothing.  A process has one runtime, in its executable; an instrumented\n"
      "    shared library needs an executable linked by allocsite-cc/allocsite-c++\n"
      "    (else loading it fails with: undefined symbol: " ALLOCSITE_REGISTER_FN "),\n"
      "    and cannot be linked with -Wl,-z,defs or -Wl,--no-undefined.\n"
      "\n"
      "Own option:\n"
      "  " PROMOTE_OPTION "          rewrite every allocation judged promotable to a stack slot\n"
      "                     (sets ALLOCSITE_PROMOTE=1 for clang; not passed to clang)\n"
      "  " PROFILE_USE_OPTION "FILE  an allocsite.json of earlier runs (repeatable): stack buffers\n"
      "                     sized from the sizes seen, remarks with hotness (appended to\n"
      "                     ALLOCSITE_PROFILE_USE for clang; not passed to clang)\n"
      "\n"
      "Environment:\n"
      "  " COMPILER_ENV "%*sthe clang to run (default: %s)\n"
      "  ALLOCSITE_OUT      where instrumented programs write their report\n"
      "  ALLOCSITE_LLVM_LINK  the llvm-link of -flto links (default: beside the clang)\n"
      "  ALLOCSITE_LLVM_AR    the llvm-ar that copies -flto archives (default: beside the clang)\n"
      "  ALLOCSITE_KEEP_TEMPS keep the -flto link's merged module in $TMPDIR\n"
      "\n"
      "Paths (found relative to this executable: <prefix>/bin -> <prefix>/lib):\n"
      "  clang    %s\n"
      "  plugin   %s%s\n"
      "  runtime  %s%s\n",
      (int)(20 - sizeof COMPILER_ENV), "", ALLOCSITE_CC_DEFAULT_COMPILER, compiler_path(),
      plugin, exists(plugin) ? "" : "  (MISSING)", runtime, exists(runtime) ? "" : "  (MISSING)");
}

/* Appends file to ALLOCSITE_PROFILE_USE (comma-separated). */
static void add_profile_use(const char *file) {
  const char *old = getenv("ALLOCSITE_PROFILE_USE");
  size_t n = (old ? strlen(old) + 1 : 0) + strlen(file) + 1;
  char *value = malloc(n);
  if (!value)
    die("out of memory");
  snprintf(value, n, "%s%s%s", old ? old : "", old && *old ? "," : "", file);
  if (setenv("ALLOCSITE_PROFILE_USE", value, 1) != 0)
    die("cannot set ALLOCSITE_PROFILE_USE: %s", strerror(errno));
  free(value);
}

/* ------------------------------------------------------------------------ */
/* The whole-program -flto link (plugin/WholeProgram.h).                      */
/* ------------------------------------------------------------------------ */

struct arg_list {
  char **v;
  int n, cap;
};

static void push(struct arg_list *l, const char *arg) {
  if (l->n + 2 > l->cap) {
    l->cap = l->cap ? 2 * l->cap : 32;
    l->v = realloc(l->v, (size_t)l->cap * sizeof *l->v);
    if (!l->v)
      die("out of memory");
  }
  l->v[l->n++] = (char *)arg;
  l->v[l->n] = NULL;
}

/* Runs a step of the link.  If it fails, or if it is the LAST (the link
 * itself), the temporary files are removed and the wrapper exits as the step
 * did (the step printed why), as clang's driver does when one of its jobs
 * fails. */
static void run_step(char **argv, int last) {
  int sig;
  int status = wp_run(TOOL_NAME, argv, &sig);
  if (status == 0 && !last)
    return;
  int err = errno;
  wp_cleanup();
  if (status < 0) {
    fprintf(stderr, TOOL_NAME ": error: cannot run '%s': %s\n", argv[0], strerror(err));
    exit(err == ENOENT ? 127 : 126);
  }
  if (sig) {
    signal(sig, SIG_DFL);
    raise(sig);
  }
  exit(status);
}

/* Options of the link command that the compile of the merged module needs
 * too: how to optimise, the plugin's options, what to remark and warn
 * about, and the target and code model. */
static int forwarded_to_merged_compile(const char *a) {
  static const char *const prefixes[] = {"-R", "-fdiagnostics-", "-fsave-optimization-record",
                                         "-foptimization-record-", "--target=", "-fPIC",
                                         "-fpic", "-fPIE", "-fpie", "-fno-PIC", "-fno-pic",
                                         "-fno-PIE", "-fno-pie", NULL};
  for (const char *const *p = prefixes; *p; p++)
    if (strncmp(a, *p, strlen(*p)) == 0)
      return 1;
  if (strncmp(a, "-W", 2) == 0)
    return a[2] != 'l' && a[2] != 'a' && a[2] != 'p' ? 1 : a[3] != ',';
  return strcmp(a, "-w") == 0 || strcmp(a, "-fcolor-diagnostics") == 0 ||
         strcmp(a, "-fno-color-diagnostics") == 0;
}

/* The LLVM tool NAME of COMPILER's LLVM (or $ENV), which WHY needs; a clear
 * error without it. */
static const char *required_tool(const char *compiler, const char *name, const char *env,
                                 const char *why) {
  const char *tool = wp_find_tool(compiler, name, env);
  if (!tool) {
    wp_cleanup();
    die("%s needs %s of the same LLVM as '%s', and there is none beside it (Debian: the "
        "llvm-<version> package); set %s to one",
        why, name, compiler, env);
  }
  return tool;
}

/* PREFIX<K>SUFFIX in the temporary directory, removed by wp_cleanup. */
static char *numbered_temp_file(const char *prefix, int k, const char *suffix) {
  char name[64];
  snprintf(name, sizeof name, "%s%d%s", prefix, k, suffix);
  char *path = wp_temp_file(name);
  if (!path)
    die("out of memory");
  return path;
}

/* Compiles the bitcode IN to the object OUT with the plugin, not deferred:
 * at the link line's -O level (LTO's default, -O2, without one), -fPIC for a
 * shared library, and the link line's options that the compile needs too. */
static void compile_with_plugin(const struct command_facts *f, int argc, char **argv,
                                const unsigned char *skip, const char *compiler, char *fplugin,
                                char *fpass_plugin, const char *in, const char *out) {
  struct arg_list cc = {0};
  push(&cc, compiler);
  push(&cc, fplugin);
  push(&cc, fpass_plugin);
  push(&cc, f->opt_at ? argv[f->opt_at] : "-O2");
  if (f->shared)
    push(&cc, "-fPIC");
  for (int i = 1; i < argc; i++) {
    if (skip[i - 1] || f->input_at[i - 1])
      continue;
    if (strcmp(argv[i], "-mllvm") == 0 && i + 1 < argc) {
      push(&cc, argv[i]);
      push(&cc, argv[++i]);
    } else if (forwarded_to_merged_compile(argv[i])) {
      push(&cc, argv[i]);
    }
  }
  push(&cc, "-c");
  push(&cc, "-x");
  push(&cc, "ir");
  push(&cc, in);
  push(&cc, "-o");
  push(&cc, out);
  unsetenv("ALLOCSITE_DEFER_TO_LINK");
  run_step(cc.v, 0);
  free(cc.v);
}

/* Under -flto, allocsite-cc's compile steps leave their modules to the link
 * (ALLOCSITE_DEFER_TO_LINK).  Before a link, this
 *   1. compiles each source file of a one-command build (`allocsite-cc
 *      -flto a.c b.c -o app`) on its own, deferred, as separate compile
 *      steps would have, since clang's driver would otherwise hand the
 *      objects straight to its LTO link;
 *   2. merges the link's bitcode objects into one module with llvm-link and
 *      compiles it with the plugin, which judges and counts the program as
 *      one file;
 *   3. puts that object where the first bitcode object was in ARGV and
 *      marks the others SKIPped;
 *   4. for each archive with bitcode members, compiles those members with
 *      the plugin one by one (per file: the linker, not the wrapper, picks
 *      the members a program needs) into a copy of the archive, which
 *      takes the archive's place in ARGV.
 * Returns whether it did anything (the link then runs as a child, so that
 * the temporary files can be removed after it). */
static int whole_program_prepare(struct command_facts *f, int argc, char **argv,
                                 unsigned char *skip, const char *compiler, char *fplugin,
                                 char *fpass_plugin, char *include_dir) {
  /* Sources whose arguments this cannot take apart safely (-x changes the
   * language mid-line, "--" makes everything after it an input) are
   * compiled by clang's driver with per-file verdicts, as without -flto. */
  int compile_sources = f->lto && f->top_codegen_inputs > 0;
  if (compile_sources && (f->any_x || f->dashdash || f->top_codegen_inputs != f->codegen_inputs))
    return 0;
  int bitcode = 0, archives = 0;
  for (int i = 1; i < argc; i++)
    if (f->input_at[i - 1] == INPUT_LINKER + 1) {
      bitcode += wp_is_bitcode(argv[i]);
      archives += wp_is_archive(argv[i]);
    }
  if (!compile_sources && !bitcode && !archives)
    return 0;
  if (!wp_temp_dir())
    die("cannot create a temporary directory: %s", strerror(errno));

  if (compile_sources) {
    if (setenv("ALLOCSITE_DEFER_TO_LINK", "1", 1) != 0)
      die("cannot set ALLOCSITE_DEFER_TO_LINK: %s", strerror(errno));
    int k = 0;
    for (int i = 1; i < argc; i++) {
      if (f->input_at[i - 1] != INPUT_CODEGEN + 1)
        continue;
      char *object = numbered_temp_file("source", k++, ".o");
      struct arg_list cmd = {0};
      push(&cmd, compiler);
      push(&cmd, fplugin);
      push(&cmd, fpass_plugin);
      push(&cmd, "-idirafter");
      push(&cmd, include_dir);
      push(&cmd, "-Qunused-arguments"); /* the link's own flags (-l, -Wl,...) */
      for (int j = 1; j < argc; j++) {
        if (skip[j - 1] || f->input_at[j - 1])
          continue;
        if (j == f->output_at) {
          j += !f->output_joined;
          continue;
        }
        push(&cmd, argv[j]);
      }
      push(&cmd, "-c");
      push(&cmd, argv[i]);
      push(&cmd, "-o");
      push(&cmd, object);
      run_step(cmd.v, 0);
      free(cmd.v);
      argv[i] = object;
      f->input_at[i - 1] = INPUT_LINKER + 1;
      bitcode++;
    }
    unsetenv("ALLOCSITE_DEFER_TO_LINK");
    f->sources_compiled = 1;
  }
  int changed = compile_sources;

  /* Archives: the linker picks which members it needs, so their bitcode
   * members cannot join the merged module (it would hold members the link
   * never pulls in).  Each is compiled with the plugin on its own, judged
   * per file as without -flto, into a copy of the archive. */
  int k = 0;
  for (int i = 1; i < argc; i++) {
    if (f->input_at[i - 1] != INPUT_LINKER + 1)
      continue;
    struct wp_member *members;
    const char *error;
    int n = wp_extract_bitcode_archive(argv[i], &members, &error);
    if (n < 0) {
      wp_cleanup();
      die("cannot read the archive '%s': %s", argv[i], error);
    }
    if (n == 0)
      continue;
    const char *llvm_ar = required_tool(compiler, "llvm-ar", "ALLOCSITE_LLVM_AR",
                                        "an archive with bitcode members (from -flto)");
    char *archive = numbered_temp_file("archive", k++, ".a");
    struct arg_list ar = {0};
    push(&ar, llvm_ar);
    push(&ar, "rcs");
    push(&ar, archive);
    for (int m = 0; m < n; m++) {
      if (members[m].bitcode) {
        size_t len = strlen(members[m].path) + 1;
        char *bitcode_copy = malloc(len + 3);
        if (!bitcode_copy)
          die("out of memory");
        /* The object keeps the member's name; the bitcode moves aside. */
        snprintf(bitcode_copy, len + 3, "%s.bc", members[m].path);
        if (rename(members[m].path, bitcode_copy) != 0 || wp_remember(bitcode_copy) != 0)
          die("cannot rename '%s': %s", members[m].path, strerror(errno));
        compile_with_plugin(f, argc, argv, skip, compiler, fplugin, fpass_plugin, bitcode_copy,
                            members[m].path);
      }
      push(&ar, members[m].path);
    }
    run_step(ar.v, 0);
    free(ar.v);
    free(members);
    argv[i] = archive;
    changed = 1;
  }
  if (!bitcode) {
    if (!changed)
      wp_cleanup(); /* archives without bitcode: nothing to do */
    return changed;
  }

  const char *llvm_link = required_tool(compiler, "llvm-link", "ALLOCSITE_LLVM_LINK",
                                        "a link of bitcode objects (from -flto)");
  char *merged_bc = wp_temp_file("program.bc");
  char *merged_o = wp_temp_file("program.o");
  if (!merged_bc || !merged_o)
    die("out of memory");
  struct arg_list link = {0};
  push(&link, llvm_link);
  push(&link, "-o");
  push(&link, merged_bc);
  int first = 0;
  for (int i = 1; i < argc; i++)
    if (f->input_at[i - 1] == INPUT_LINKER + 1 && wp_is_bitcode(argv[i])) {
      push(&link, argv[i]);
      if (first)
        skip[i - 1] = 1;
      else
        first = i;
    }
  run_step(link.v, 0);
  free(link.v);
  compile_with_plugin(f, argc, argv, skip, compiler, fplugin, fpass_plugin, merged_bc, merged_o);
  argv[first] = merged_o;
  return 1;
}

int main(int argc, char **argv) {
  struct command_facts facts = {0};
  struct scan_state state = {NEXT_IS_ARG, -1, 0, NULL, 0, 0, 0, NULL};
  facts.promote_at = calloc((size_t)argc, 1);
  facts.input_at = calloc((size_t)argc, 1);
  if (!facts.promote_at || !facts.input_at)
    die("out of memory");
  scan_args(&facts, &state, argc - 1, argv + 1, 0);
  if (!facts.dashdash) {
    facts.x_seen_at_insert = state.any_x_seen;
    facts.x_value_at_insert = state.x_value;
  }

  char prefix[PATH_MAX], plugin[PATH_MAX + 32], runtime[PATH_MAX + 32];
  static char include_dir[PATH_MAX + 32];
  int located = find_prefix(argv[0], prefix, sizeof prefix) == 0;
  snprintf(include_dir, sizeof include_dir, "%s/" INCLUDE_RELPATH, located ? prefix : "<unknown>");
  snprintf(plugin, sizeof plugin, "%s/" PLUGIN_RELPATH, located ? prefix : "<unknown>");
  snprintf(runtime, sizeof runtime, "%s/" RUNTIME_RELPATH, located ? prefix : "<unknown>");

  if (facts.help) {
    print_help(plugin, runtime);
    return fflush(stdout) == 0 ? 0 : 1;
  }

  /* Flags for clang's frontend are added only when the frontend runs: on a
   * pure link step clang warns "argument unused during compilation", which
   * -Werror makes an error.  -fplugin is harmless (and warning-free in clang
   * 14 and 19) for -E and -fsyntax-only, and user flags such as
   * `-mllvm -allocsite-...` in CFLAGS reach those too. */
  int add_frontend_plugin = facts.frontend_inputs > 0;
  int add_pass_plugin = facts.codegen_inputs > 0 && !facts.stop_before_codegen;
  int link_executable =
      facts.inputs > 0 && !facts.stop_before_link && !facts.shared && !facts.relocatable;

  if ((add_frontend_plugin || add_pass_plugin || link_executable) && !located)
    die("cannot find its own executable (is /proc mounted?), so not the allocsite plugin "
        "and runtime beside it");
  if ((add_frontend_plugin || add_pass_plugin) && !exists(plugin))
    die("cannot find the allocsite plugin at '%s'", plugin);
  if (link_executable && !exists(runtime))
    die("cannot find the allocsite runtime at '%s'", runtime);

  const char *compiler = compiler_path();
  if (is_self(compiler))
    die(COMPILER_ENV " names this wrapper ('%s'); it must name a clang", compiler);

  static char fplugin[PATH_MAX + 64], fpass_plugin[PATH_MAX + 64];
  snprintf(fplugin, sizeof fplugin, "-fplugin=%s", plugin);
  snprintf(fpass_plugin, sizeof fpass_plugin, "-fpass-plugin=%s", plugin);

  /* For clang and for the steps of a whole-program link. */
  if (facts.promote && setenv("ALLOCSITE_PROMOTE", "1", 1) != 0)
    die("cannot set ALLOCSITE_PROMOTE: %s", strerror(errno));
  for (int i = 1; i < argc; i++)
    if (facts.promote_at[i - 1] && strncmp(argv[i], PROFILE_USE_OPTION, strlen(PROFILE_USE_OPTION)) == 0)
      add_profile_use(argv[i] + strlen(PROFILE_USE_OPTION));

  /* -flto: the compile steps defer to the link, which judges and counts the
   * program as one module (whole_program_prepare). */
  int whole_program = 0;
  if (facts.inputs > 0 && !facts.stop_before_link && !facts.relocatable) {
    if (located && exists(plugin))
      whole_program = whole_program_prepare(&facts, argc, argv, facts.promote_at, compiler,
                                            fplugin, fpass_plugin, include_dir);
    if (facts.sources_compiled) { /* objects now */
      add_frontend_plugin = 0;
      add_pass_plugin = 0;
    }
  } else if (facts.lto && add_pass_plugin && setenv("ALLOCSITE_DEFER_TO_LINK", "1", 1) != 0) {
    die("cannot set ALLOCSITE_DEFER_TO_LINK: %s", strerror(errno));
  }

  char **args = calloc((size_t)argc + 20 + NUM_RUNTIME_SYMBOLS + NUM_API_FUNCTIONS, sizeof *args);
  if (!args)
    die("out of memory");
  int n = 0;
  args[n++] = (char *)compiler; /* clang picks its C or C++ mode from argv[0] */
  /* Before the user's arguments: after a "--" they would be input files. */
  if (add_frontend_plugin)
    args[n++] = fplugin;
  if (add_pass_plugin)
    args[n++] = fpass_plugin;
  if (add_frontend_plugin) {
    args[n++] = "-idirafter";
    args[n++] = include_dir;
  }
  /* The runtime goes at the end, or just before a "--" (after which only
   * input files may follow).  Being linked whole, it needs no place after
   * the objects that reference it, as an archive normally would. */
  int insert_at = facts.dashdash ? facts.dashdash : argc;
  for (int i = 1; i < insert_at; i++)
    if (!facts.promote_at[i - 1])
      args[n++] = argv[i];
  if (link_executable) {
    /* Instrumented shared libraries call the runtime in the executable.  The
     * linker exports a symbol on its own only when a library linked in
     * (DT_NEEDED) references it, not for libraries loaded later with dlopen,
     * so export the runtime's entry points explicitly.  GNU ld and lld take
     * the glob, which covers entry points added later; gold takes only
     * exact names, so the ones this wrapper knows of are named too. */
    args[n++] = "-Wl,--export-dynamic-symbol=__allocsite_*";
    for (size_t k = 0; k < NUM_RUNTIME_SYMBOLS; k++)
      if (runtime_symbols[k])
        args[n++] = linker_option("--export-dynamic-symbol=", runtime_symbols[k]);
    args[n++] = "-Wl,--export-dynamic-symbol=allocsite_*";
    for (size_t k = 0; k < NUM_API_FUNCTIONS; k++)
      args[n++] = linker_option("--export-dynamic-symbol=", public_api_functions[k]);
    /* The runtime is named by its path, which an -x LANG in effect would
     * make clang compile as LANG. */
    if (facts.x_seen_at_insert) {
      args[n++] = "-x";
      args[n++] = "none";
    }
    /* --whole-archive links every runtime entry point even if no linked
     * object references it (say, nothing in the executable is instrumented),
     * so that a library dlopen'ed later finds them all. */
    args[n++] = "-Wl,--whole-archive";
    args[n++] = runtime;
    args[n++] = "-Wl,--no-whole-archive";
    if (facts.x_seen_at_insert && facts.dashdash) { /* what follows keeps its -x */
      args[n++] = "-x";
      args[n++] = (char *)facts.x_value_at_insert;
    }
  }
  for (int i = insert_at; i < argc; i++)
    args[n++] = argv[i];
  args[n] = NULL;

  if (whole_program)
    run_step(args, 1); /* does not return */
  execvp(compiler, args);
  int err = errno;
  fprintf(stderr, TOOL_NAME ": error: cannot run '%s': %s\n", compiler, strerror(err));
  return err == ENOENT ? 127 : 126;
}
