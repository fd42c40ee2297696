/*
 * hidden_frames.h - the frames `top --skip-wrappers` looks past when it
 * ranks calling contexts by caller: the allocator entry points and the
 * allocation wrappers of common libraries, known in advance (what pprof
 * users hide with -hide), plus regular expressions the user adds.
 *
 * Only names are compared here.  The plugin's allocation wrappers
 * (plugin/Wrappers.*) are a different thing: functions it recognises from
 * their code, whose calls it counts as sites.
 */
#ifndef ALLOCSITE_REPORT_HIDDEN_FRAMES_H
#define ALLOCSITE_REPORT_HIDDEN_FRAMES_H

struct hidden_frames;

/* The default list. */
struct hidden_frames *hidden_frames_new(void);

/* Adds a POSIX extended regular expression matched anywhere in a function
 * name (like pprof's -hide).  Returns 0, or -1 with *error set when the
 * expression is invalid. */
int hidden_frames_add(struct hidden_frames *h, const char *regex, char **error);

/* Whether a frame of function (a demangled name, maybe with its parameter
 * list) is hidden; an unknown function (NULL) is not. */
int hidden_frames_match(const struct hidden_frames *h, const char *function);

void hidden_frames_free(struct hidden_frames *h);

/* The default patterns, NULL-terminated (`top --help` and the README
 * summarise them). */
extern const char *const hidden_frames_default[];

#endif
