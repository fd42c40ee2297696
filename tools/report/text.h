/*
 * text.h - making report strings safe and measurable for a terminal.
 *
 * Everything printed from a report (paths, function names, even values in
 * error messages) comes from a file that may be hostile, so it passes through
 * text_escape() first: control characters become visible escapes instead of
 * moving the cursor or recolouring the user's terminal.
 */
#ifndef ALLOCSITE_REPORT_TEXT_H
#define ALLOCSITE_REPORT_TEXT_H

#include <stddef.h>

/* A fresh copy of s (valid UTF-8, as jansson guarantees) with C0/C1 control
 * characters and DEL written as \n, \t, \xNN or \uNNNN.  If max_chars is not
 * 0 and s is longer than that many characters, the copy is cut there and
 * ends in "...", so a megabyte-long name cannot flood an error line. */
char *text_escape(const char *s, size_t max_chars);

/* Display width of UTF-8 text, counted as one column per code point.  Wide
 * (CJK) characters are rare in paths and names, and counting them as one
 * keeps the result independent of the locale. */
size_t text_width(const char *s);

#endif
