/*
 * json.c: the one-object-a-line JSON scanner.  See json.h.
 *
 * Each scanning function takes the position of the first byte of what
 * it scans and returns the position just past it, or NULL when the text
 * there is not that kind of JSON; the end of the line is always passed
 * along, so nothing reads past it (the line need not be NUL-terminated).
 * Nested values are scanned by recursion, bounded by PE_JSON_DEPTH.
 *
 * Bloat: no SIMD scanning of strings; numbers are checked against the
 * grammar, never converted.
 */
#include <stddef.h>

#include "json.h"

/* Where a cursor stands: before the first member, after one (a comma
 * or the closing brace next), at the end, or past a fault. */
enum { S_FIRST, S_MORE, S_DONE, S_FAILED };

static const char *scan_value(const char *p, const char *e,
    struct pe_json_tok *t, int depth);

const char *
pe_json_blank(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' ||
	    *p == '\n'))
		p++;
	return p;
}

/* Four hex digits at p into *c: 0, or -1. */
static int
hex4(const char *p, const char *e, unsigned long *c)
{
	int i, d;

	*c = 0;
	if (e - p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		d = p[i] >= '0' && p[i] <= '9' ? p[i] - '0' :
		    p[i] >= 'a' && p[i] <= 'f' ? p[i] - 'a' + 10 :
		    p[i] >= 'A' && p[i] <= 'F' ? p[i] - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		*c = *c << 4 | (unsigned long)d;
	}
	return 0;
}

/* The character an escape letter stands for (u excluded), or -1. */
static int
unescape(char c)
{
	switch (c) {
	case '"': return '"';
	case '\\': return '\\';
	case '/': return '/';
	case 'b': return '\b';
	case 'f': return '\f';
	case 'n': return '\n';
	case 'r': return '\r';
	case 't': return '\t';
	default: return -1;
	}
}

/* The string at p (on its opening quote): no control byte, every escape
 * one JSON knows. */
static const char *
scan_string(const char *p, const char *e, struct pe_json_tok *t)
{
	unsigned long c;
	unsigned char b;
	int esc = 0;

	t->s = ++p;
	for (; p < e; p++) {
		if ((b = (unsigned char)*p) > '\\')
			continue;	/* most of a key: one test a byte */
		if (b == '"')
			break;
		if (b < 0x20)
			return NULL;
		if (b != '\\')
			continue;
		esc = 1;
		if (++p == e)
			return NULL;
		if (*p == 'u') {
			if (hex4(p + 1, e, &c) != 0)
				return NULL;
			p += 4;
		} else if (unescape(*p) < 0)
			return NULL;
	}
	if (p == e)
		return NULL;
	t->kind = PE_JSON_STRING;
	t->esc = esc;
	t->n = (size_t)(p - t->s);
	return p + 1;
}

/* One digit or more at p: the byte after them, or NULL for none. */
static const char *
digits(const char *p, const char *e)
{
	const char *q = p;

	while (q < e && (unsigned char)(*q - '0') < 10)
		q++;
	return q > p ? q : NULL;
}

/* A number as JSON spells it: -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)? */
static const char *
scan_number(const char *p, const char *e)
{
	if (p < e && *p == '-')
		p++;
	if (p < e && *p == '0')
		p++;
	else if ((p = digits(p, e)) == NULL)
		return NULL;
	if (p < e && *p == '.' && (p = digits(p + 1, e)) == NULL)
		return NULL;
	if (p < e && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < e && (*p == '+' || *p == '-'))
			p++;
		p = digits(p, e);
	}
	return p;
}

/* The word w (true, false, null) at p. */
static const char *
scan_word(const char *p, const char *e, const char *w)
{
	for (; *w != '\0'; p++, w++)
		if (p == e || *p != *w)
			return NULL;
	return p;
}

/* The members or elements of the object or array at p, to its closing
 * bracket: each separated by a comma, none after the last. */
static const char *
scan_nested(const char *p, const char *e, int depth)
{
	struct pe_json_tok t;
	char close = *p == '{' ? '}' : ']';

	if (depth >= PE_JSON_DEPTH)
		return NULL;
	p = pe_json_blank(p + 1, e);
	if (p < e && *p == close)
		return p + 1;
	for (;;) {
		if (close == '}') {
			if (p == e || *p != '"' ||
			    (p = scan_string(p, e, &t)) == NULL ||
			    (p = pe_json_blank(p, e)) == e || *p++ != ':')
				return NULL;
			p = pe_json_blank(p, e);
		}
		if ((p = scan_value(p, e, &t, depth + 1)) == NULL ||
		    (p = pe_json_blank(p, e)) == e)
			return NULL;
		if (*p == close)
			return p + 1;
		if (*p != ',')
			return NULL;
		p = pe_json_blank(p + 1, e);
	}
}

/* Any value at p; depth counts the brackets around it. */
static const char *
scan_value(const char *p, const char *e, struct pe_json_tok *t, int depth)
{
	const char *q;

	if (p == e)
		return NULL;
	if (*p == '"')
		return scan_string(p, e, t);
	switch (*p) {
	case '{':
		t->kind = PE_JSON_OBJECT;
		q = scan_nested(p, e, depth);
		break;
	case '[':
		t->kind = PE_JSON_ARRAY;
		q = scan_nested(p, e, depth);
		break;
	case 't':
		t->kind = PE_JSON_TRUE;
		q = scan_word(p, e, "true");
		break;
	case 'f':
		t->kind = PE_JSON_FALSE;
		q = scan_word(p, e, "false");
		break;
	case 'n':
		t->kind = PE_JSON_NULL;
		q = scan_word(p, e, "null");
		break;
	default:
		t->kind = PE_JSON_NUMBER;
		q = scan_number(p, e);
	}
	t->esc = 0;
	t->s = p;
	t->n = q != NULL ? (size_t)(q - p) : 0;
	return q;
}

int
pe_json_open(struct pe_json *j, const char *line, size_t n)
{
	j->end = line + n;
	j->p = pe_json_blank(line, j->end);
	j->in_value = 0;
	j->state = S_FAILED;
	if (j->p == j->end || *j->p != '{')
		return -1;
	j->p = pe_json_blank(j->p + 1, j->end);
	j->state = S_FIRST;
	return 0;
}

/* The line's last closing brace at p: only blanks may follow. */
static int
close_object(struct pe_json *j, const char *p)
{
	if (pe_json_blank(p + 1, j->end) != j->end) {
		j->state = S_FAILED;
		return -1;
	}
	j->state = S_DONE;
	return 0;
}

int
pe_json_next(struct pe_json *j, struct pe_json_tok *key,
    struct pe_json_tok *val)
{
	const char *p = j->p, *e = j->end;

	if (j->state == S_DONE || j->state == S_FAILED)
		return j->state == S_DONE ? 0 : -1;
	if (p < e && *p == '}')
		return close_object(j, p);
	if (j->state == S_MORE) {	/* a member before: then a comma */
		if (p == e || *p != ',') {
			j->state = S_FAILED;
			return -1;
		}
		p = pe_json_blank(p + 1, e);
	}
	j->state = S_FAILED;
	if (p == e || *p != '"' || (p = scan_string(p, e, key)) == NULL ||
	    (p = pe_json_blank(p, e)) == e || *p != ':')
		return -1;
	p = pe_json_blank(p + 1, e);
	if ((p = scan_value(p, e, val, 0)) == NULL) {
		j->in_value = 1;
		return -1;
	}
	j->p = pe_json_blank(p, e);
	j->state = S_MORE;
	return 1;
}

/* Append code point c to out as UTF-8: 0, or -1 when it does not fit
 * with a NUL after it. */
static int
put_utf8(unsigned long c, char *out, size_t cap, size_t *len)
{
	char b[4];
	size_t n, i;

	if (c < 0x80)
		b[0] = (char)c, n = 1;
	else if (c < 0x800)
		b[0] = (char)(0xC0 | c >> 6), n = 2;
	else if (c < 0x10000)
		b[0] = (char)(0xE0 | c >> 12), n = 3;
	else
		b[0] = (char)(0xF0 | c >> 18), n = 4;
	for (i = 1; i < n; i++)	/* continuation bytes, 6 bits each */
		b[i] = (char)(0x80 | (c >> 6 * (n - 1 - i) & 0x3F));
	if (*len + n >= cap)
		return -1;
	for (i = 0; i < n; i++)
		out[(*len)++] = b[i];
	return 0;
}

/* The escape at p (just past its backslash) into *c; returns the byte
 * after it.  The scanner has checked it. */
static const char *
decode_escape(const char *p, const char *e, unsigned long *c)
{
	unsigned long lo;

	if (*p != 'u') {
		*c = (unsigned long)unescape(*p);
		return p + 1;
	}
	hex4(p + 1, e, c);
	p += 5;
	if (*c >= 0xD800 && *c < 0xDC00 && e - p >= 6 && p[0] == '\\' &&
	    p[1] == 'u' && hex4(p + 2, e, &lo) == 0 && lo >= 0xDC00 &&
	    lo < 0xE000) {
		*c = 0x10000 + ((*c - 0xD800) << 10) + (lo - 0xDC00);
		p += 6;
	}
	return p;
}

long
pe_json_decode(const struct pe_json_tok *t, char *out, size_t cap)
{
	const char *p = t->s, *e = t->s + t->n;
	unsigned long c;
	size_t len = 0;
	int rc = 0;

	while (p < e && rc == 0) {
		if (*p != '\\') {
			if ((rc = len + 1 < cap ? 0 : -1) == 0)
				out[len++] = *p;
			p++;
			continue;
		}
		p = decode_escape(p + 1, e, &c);
		rc = put_utf8(c, out, cap, &len);
	}
	if (cap > 0)
		out[len] = '\0';
	return rc == 0 ? (long)len : -1;
}
