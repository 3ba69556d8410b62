/*
 * error.c: filling and formatting struct pe_error.  See pe_error.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pe_error.h"

int
pe_error_set(struct pe_error *err, int code, const char *path, long line,
    int column, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	err->code = code;
	snprintf(err->path, sizeof err->path, "%s", path ? path : "");
	err->line = line;
	err->column = column;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return code;
}

void
pe_error_clear(struct pe_error *err)
{
	if (err != NULL)
		memset(err, 0, sizeof *err);
}

char *
pe_error_format(const struct pe_error *err, char *buf, size_t n)
{
	if (err->path[0] != '\0' && err->line > 0 && err->column > 0)
		snprintf(buf, n, "%s:%ld:%d: %s", err->path, err->line,
		    err->column, err->msg);
	else if (err->path[0] != '\0' && err->line > 0)
		snprintf(buf, n, "%s:%ld: %s", err->path, err->line, err->msg);
	else if (err->path[0] != '\0')
		snprintf(buf, n, "%s: %s", err->path, err->msg);
	else
		snprintf(buf, n, "%s", err->msg);
	return buf;
}
