/*
 * whole_program.h - the services allocsite-cc's whole-program -flto link
 * needs: recognising bitcode, finding llvm-link, running a command and
 * waiting for it, and a temporary directory removed afterwards.
 *
 * Why a whole-program link exists is in plugin/WholeProgram.h; how the
 * wrapper drives it is in allocsite-cc.c (whole_program_link).
 */
#ifndef ALLOCSITE_CC_WHOLE_PROGRAM_H
#define ALLOCSITE_CC_WHOLE_PROGRAM_H

/* 1 if PATH is an LLVM bitcode file (what clang -flto -c writes), raw or
 * in its wrapper; 0 otherwise, also if it cannot be read (the linker then
 * says why). */
int wp_is_bitcode(const char *path);

/* The real path (symlinks resolved, PATH_MAX bytes) of the program that
 * exec'ing COMMAND runs: COMMAND itself if it has a slash, else the first
 * executable file of that name in PATH, as execvp finds it.  Returns 0, or
 * -1 if there is none. */
int wp_command_path(const char *command, char *out);

/* An LLVM tool (llvm-link, llvm-ar) of the LLVM that COMPILER belongs to:
 * $ENV_OVERRIDE if set, else NAME beside the compiler's real path
 * (/usr/bin/clang-14 -> /usr/lib/llvm-14/bin/NAME).  NULL if there is none. */
const char *wp_find_tool(const char *compiler, const char *name, const char *env_override);

/* Whether PATH is an ar archive (not a thin one). */
int wp_is_archive(const char *path);

/* One member of an archive, extracted: its file (DIR/mNNN/NAME, so that an
 * archive made again from it keeps the member's name) and whether it is
 * bitcode. */
struct wp_member {
  char *path;
  int bitcode;
};

/* If PATH is an ar archive with at least one bitcode member, extracts every
 * member, in order, under the temporary directory and returns how many
 * (*members malloc'd); 0 if it is not such an archive (or a thin one, whose
 * members are files elsewhere); -1 if it cannot be read or is malformed,
 * with *error set. */
int wp_extract_bitcode_archive(const char *path, struct wp_member **members, const char **error);

/* A fresh directory for the link's intermediate files; NULL on failure. */
const char *wp_temp_dir(void);
/* DIR/NAME, remembered so that wp_cleanup removes it. */
char *wp_temp_file(const char *name);
/* Remembers PATH (malloc'd, made by the caller in the temporary directory)
 * for wp_cleanup.  Returns 0, or -1 when out of memory. */
int wp_remember(char *path);
/* Removes the remembered files and the directory (unless
 * ALLOCSITE_KEEP_TEMPS is set, for debugging the wrapper). */
void wp_cleanup(void);

/* Runs ARGV (argv[0] looked up in PATH) and waits; TOOL names the wrapper
 * in the error if it cannot be started.  Returns its exit status
 * if it exited, 128 + N if signal N killed it (*signal_out = N), or -1 with
 * errno set if it could not be started. */
int wp_run(const char *tool, char *const *argv, int *signal_out);

#endif
