/*
 * pe_buf: the one growable text buffer of pe.  Signal lines, summaries,
 * SVG, cache keys and formula texts are all built in it; nothing here
 * prints.  The caller owns the buffer and frees p.
 */
#ifndef PE_BUF_H
#define PE_BUF_H

#include <stddef.h>

#include "pe_error.h"
#include "pe_num.h"

/*
 * A growing NUL-terminated text.  Start from { 0 }; free p when done.
 * Every pe_buf_* call returns PE_OK, or PE_ERR_NOMEM leaving the buffer as
 * it was (so a caller may check once, after a run of calls, through the
 * sticky flag oom, which a failed append sets).
 */
struct pe_buf {
	char *p;
	size_t len, cap;
	int oom;
};

int pe_buf_put(struct pe_buf *b, const char *s, size_t n);
int pe_buf_puts(struct pe_buf *b, const char *s);
int pe_buf_putc(struct pe_buf *b, char c);
/* s as a JSON string: quotes, backslashes and control bytes escaped,
 * each byte that is not UTF-8 written as U+FFFD. */
int pe_buf_json(struct pe_buf *b, const char *s);
/* s as a CSV field (RFC 4180: quoted when it holds , " CR or LF), each
 * byte that is not UTF-8 written as U+FFFD. */
int pe_buf_csv(struct pe_buf *b, const char *s);
/* v in shortest form; NaN is an empty CSV cell, a non-finite JSON null. */
int pe_buf_num(struct pe_buf *b, double v, int json);
/* The same to digits places (pe_num_format_digits); PE_NUM_SHORTEST (any
 * negative digits) is pe_buf_num. */
int pe_buf_num_digits(struct pe_buf *b, double v, int digits, int json);
/* printf-style append. */
int pe_buf_printf(struct pe_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
