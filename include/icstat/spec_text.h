/* spec_text.h — spec files (`icstat simulate --spec`, `icstat power fit
 * --spec`): reading one into memory, walking its `key = value` lines, and
 * which layout it declares.
 *
 * A spec is UTF-8 text (a UTF-8 byte order mark is skipped); LF, CRLF and
 * CR end lines; # starts a comment; blank lines are skipped.  Every other
 * line is `key = value`, both trimmed and neither empty.  Every problem
 * names the file and line. */
#ifndef ICSTAT_SPEC_TEXT_H
#define ICSTAT_SPEC_TEXT_H

#include "icstat/status.h"

/* Read the spec at path ("-" is standard input, named <stdin>) into
 * *text (NUL-terminated, the caller frees it); *name is the name for
 * messages (path, or "<stdin>").  Refused with ICSTAT_EDATA: a file that
 * cannot be read, holds a NUL byte, starts with a UTF-16 or UTF-32 byte
 * order mark, or is over 16 MB. */
int icstat_spec_read_text(const char *path, char **text, const char **name, icstat_error *err);

/* What a line callback returns to end the walk early without an error. */
#define ICSTAT_SPEC_STOP (-1)

/* Called for each `key = value` line with both trimmed (writable copies,
 * freed after the call).  Returns ICSTAT_OK to go on, ICSTAT_SPEC_STOP to
 * stop, or an error status (with err filled) to fail. */
typedef int (*icstat_spec_line_fn)(void *ctx, char *key, char *value, long line,
                                   icstat_error *err);

/* Walk the lines of text (name for messages); ICSTAT_OK, or the first
 * error: a line that is not UTF-8 or not `key = value`, or the callback's. */
int icstat_spec_lines(const char *name, const char *text, icstat_spec_line_fn fn, void *ctx,
                      icstat_error *err);

/* The kinds of spec: `layout = inspections` (or no layout key: the
 * inspector model of simulate.h) and `layout = ofsted_mi` (sim_ofsted.h). */
typedef enum { ICSTAT_LAYOUT_INSPECTIONS, ICSTAT_LAYOUT_OFSTED_MI } icstat_spec_layout;

/* The layout of text: its first key when that is `layout`, else
 * ICSTAT_LAYOUT_INSPECTIONS.  An unknown layout is ICSTAT_EDATA naming
 * the line.  (Each parser refuses `layout` anywhere but first.) */
int icstat_spec_layout_of(const char *name, const char *text, icstat_spec_layout *layout,
                          icstat_error *err);

/* The layout named by value, or -1. */
int icstat_spec_layout_lookup(const char *value);

#endif
