/*
 * buf: the growable text buffer of the whole library.  See pe_buf.h.
 *
 * Bloat: no shrinking, no insertion in the middle, no formats of its own
 * beyond JSON strings, CSV fields and pe's numbers.  Strings are written
 * as valid UTF-8 whatever they hold (pe_utf8.h).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pe_buf.h"
#include "pe_num.h"
#include "pe_utf8.h"

/* Room for n more bytes and the NUL. */
static int
reserve(struct pe_buf *b, size_t n)
{
	size_t cap;
	char *p;

	if (b->len + n + 1 <= b->cap)
		return PE_OK;
	cap = (b->len + n + 1) * 2;
	if ((p = realloc(b->p, cap)) == NULL) {
		b->oom = 1;
		return PE_ERR_NOMEM;
	}
	b->p = p;
	b->cap = cap;
	return PE_OK;
}

int
pe_buf_put(struct pe_buf *b, const char *s, size_t n)
{
	if (reserve(b, n) != PE_OK)
		return PE_ERR_NOMEM;
	if (n > 0)		/* s may be NULL then */
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return PE_OK;
}

int
pe_buf_puts(struct pe_buf *b, const char *s)
{
	return pe_buf_put(b, s, strlen(s));
}

int
pe_buf_putc(struct pe_buf *b, char c)
{
	return pe_buf_put(b, &c, 1);
}

int
pe_buf_json(struct pe_buf *b, const char *s)
{
	const char *run, *end = s + strlen(s);
	char u[8];
	size_t m;
	int rc = pe_buf_put(b, "\"", 1);

	for (run = s; s < end; s++) {
		if ((unsigned char)*s >= 0x80) {
			if ((m = pe_utf8_len(s, (size_t)(end - s))) > 0) {
				s += m - 1;
				continue;
			}
			rc |= pe_buf_put(b, run, (size_t)(s - run));
			rc |= pe_buf_puts(b, PE_UTF8_REPLACEMENT);
			run = s + 1;
			continue;
		}
		if (*s != '"' && *s != '\\' && (unsigned char)*s >= 0x20)
			continue;
		rc |= pe_buf_put(b, run, (size_t)(s - run));
		run = s + 1;
		if (*s == '"' || *s == '\\') {
			rc |= pe_buf_put(b, "\\", 1);
			rc |= pe_buf_put(b, s, 1);
		} else if (*s == '\n')
			rc |= pe_buf_put(b, "\\n", 2);
		else if (*s == '\t')
			rc |= pe_buf_put(b, "\\t", 2);
		else if (*s == '\r')
			rc |= pe_buf_put(b, "\\r", 2);
		else {
			snprintf(u, sizeof u, "\\u%04x", (unsigned char)*s);
			rc |= pe_buf_puts(b, u);
		}
	}
	rc |= pe_buf_put(b, run, (size_t)(s - run));
	rc |= pe_buf_put(b, "\"", 1);
	return rc ? PE_ERR_NOMEM : PE_OK;
}

int
pe_buf_csv(struct pe_buf *b, const char *s)
{
	size_t n = strlen(s), m;
	int rc = 0, quote = strpbrk(s, ",\"\r\n") != NULL;

	if (!quote && pe_utf8_valid(s, n))
		return pe_buf_put(b, s, n);
	if (quote)
		rc |= pe_buf_put(b, "\"", 1);
	for (; *s != '\0'; s += m ? m : 1) {
		if ((m = pe_utf8_len(s, n)) == 0)
			rc |= pe_buf_puts(b, PE_UTF8_REPLACEMENT);
		else {
			if (*s == '"')
				rc |= pe_buf_put(b, "\"", 1);
			rc |= pe_buf_put(b, s, m);
		}
		n -= m ? m : 1;
	}
	if (quote)
		rc |= pe_buf_put(b, "\"", 1);
	return rc ? PE_ERR_NOMEM : PE_OK;
}

int
pe_buf_num(struct pe_buf *b, double v, int json)
{
	char t[PE_NUM_BUFSZ];

	if (json && !isfinite(v))
		return pe_buf_put(b, "null", 4);
	return pe_buf_put(b, t, pe_num_format(v, t));
}

int
pe_buf_num_digits(struct pe_buf *b, double v, int digits, int json)
{
	char t[PE_NUM_DIGITS_BUFSZ];

	if (digits < 0)
		return pe_buf_num(b, v, json);
	if (json && !isfinite(v))
		return pe_buf_put(b, "null", 4);
	return pe_buf_put(b, t, pe_num_format_digits(v, digits, t));
}

int
pe_buf_printf(struct pe_buf *b, const char *fmt, ...)
{
	char t[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(t, sizeof t, fmt, ap);
	va_end(ap);
	if (n < 0)
		return PE_ERR_NOMEM;
	if ((size_t)n < sizeof t)	/* the usual case: one pass */
		return pe_buf_put(b, t, (size_t)n);
	if (reserve(b, (size_t)n) != PE_OK)	/* longer: again, in place */
		return PE_ERR_NOMEM;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return PE_OK;
}
