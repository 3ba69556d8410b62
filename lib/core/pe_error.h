/*
 * pe_error: error codes and the diagnostic every library call can fill.
 *
 * The library never prints and never exits.  A call that fails returns one
 * of the codes below and, when the caller passed a struct pe_error, fills it
 * with a message and the place (path, line, column) the problem is at.  Only
 * cmd/ turns a diagnostic into text, as "pe-load: a.csv:12: message".
 *
 * Bloat: no error stacks, no localisation, no dynamic messages (a message
 * longer than PE_ERRMSG_MAX is truncated).
 */
#ifndef PE_ERROR_H
#define PE_ERROR_H

#include <stddef.h>

enum {
	PE_OK = 0,
	PE_ERR_USAGE,	/* a bad argument: unknown timeframe, bad option value */
	PE_ERR_IO,	/* a file could not be opened, read or written */
	PE_ERR_FORMAT,	/* input that cannot be read at all: no header, bad header */
	PE_ERR_DATA,	/* one bad row; the reader can go on after it */
	PE_ERR_NOMEM	/* an allocation failed */
};

#define PE_ERRMSG_MAX 320
#define PE_ERRPATH_MAX 256

struct pe_error {
	int code;
	char msg[PE_ERRMSG_MAX];
	char path[PE_ERRPATH_MAX];	/* "" when there is no file */
	long line;			/* 1-based; 0 when not about a line */
	int column;			/* 1-based; 0 when not about a column */
};

/*
 * Fill err (which may be NULL) and return code, so that a caller can write
 * "return pe_error_set(err, PE_ERR_DATA, path, line, 0, "...", ...);".
 * path may be NULL.
 */
int pe_error_set(struct pe_error *err, int code, const char *path, long line,
    int column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Reset err to "no error". err may be NULL. */
void pe_error_clear(struct pe_error *err);

/*
 * Write "PATH:LINE: MSG" (the parts that are known) into buf of size n and
 * return buf: the form cmd/ prints after its program name.
 */
char *pe_error_format(const struct pe_error *err, char *buf, size_t n);

#endif
