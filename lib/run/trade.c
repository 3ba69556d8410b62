/*
 * trade: reading back pe-backtest's trade lines.  See pe_trade.h.
 *
 * The members are gathered first (the last of a key given twice wins),
 * then judged in a fixed order, so a line with several faults always
 * gets the same sentence: the JSON first, then "type", then the keys in
 * the order pe-backtest writes them.
 *
 * Bloat: no check that a short's prices or a return agree with its side
 * (a reader of trades draws or sums them; it does not re-run them).
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "pe_num.h"
#include "pe_time.h"
#include "pe_trade.h"

enum key {
	K_TYPE, K_SYMBOL, K_SIDE, K_ENTRY_TIME, K_ENTRY_PRICE, K_EXIT_TIME,
	K_EXIT_PRICE, K_REASON, K_BARS, K_RETURN, K_MAE, K_MFE, NKEYS
};

static const char *const key_name[NKEYS] = {
	"type", "symbol", "side", "entry_time", "entry_price", "exit_time",
	"exit_price", "reason", "bars", "return", "mae", "mfe"
};

/* The members of one line: the value of each known key, if given. */
struct members {
	struct pe_json_tok v[NKEYS];
	unsigned char have[NKEYS];
};

static int bad(struct pe_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* err filled as PE_ERR_DATA with the sentence; returns -1. */
static int
bad(struct pe_error *err, const char *fmt, ...)
{
	char msg[PE_ERRMSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	pe_error_set(err, PE_ERR_DATA, NULL, 0, 0, "%s", msg);
	return -1;
}

/* Key k's name, or -1 for a key that is none of ours (or too long to
 * be one). */
static int
key_of(const struct pe_json_tok *key)
{
	char name[16];
	int k;

	if (pe_json_decode(key, name, sizeof name) < 0)
		return -1;
	for (k = 0; k < NKEYS; k++)
		if (strcmp(name, key_name[k]) == 0)
			return k;
	return -1;
}

/* A key for a message: at most 40 bytes, control characters as '?'. */
static const char *
shown(const struct pe_json_tok *key, char *buf, size_t cap)
{
	long i, n = pe_json_decode(key, buf, cap);

	if (n < 0)
		n = (long)strlen(buf);
	for (i = 0; i < n; i++)
		if ((unsigned char)buf[i] < 0x20)
			buf[i] = '?';
	return buf;
}

/* Walk the line's object into m.  0, or -1 with err filled. */
static int
gather(const char *line, size_t n, struct members *m,
    struct pe_error *err)
{
	struct pe_json j;
	struct pe_json_tok key, v;
	char name[41];
	int rc, k;

	memset(m->have, 0, sizeof m->have);
	if (pe_json_open(&j, line, n) != 0)
		return bad(err, "not a JSON object");
	while ((rc = pe_json_next(&j, &key, &v)) == 1)
		if ((k = key_of(&key)) >= 0) {
			m->v[k] = v;
			m->have[k] = 1;
		}
	if (rc < 0 && j.in_value)
		return bad(err, "bad JSON in the value of \"%s\"",
		    shown(&key, name, sizeof name));
	if (rc < 0)
		return bad(err, "not a JSON object");
	return 0;
}

/* String member k decoded into buf (cap bytes); -1 when it is no
 * string, does not fit or holds a NUL ("long\u0000" is not "long"). */
static long
text_of(const struct members *m, enum key k, char *buf, size_t cap)
{
	long n;

	if (!m->have[k] || m->v[k].kind != PE_JSON_STRING)
		return -1;
	n = pe_json_decode(&m->v[k], buf, cap);
	return n >= 0 && strlen(buf) == (size_t)n ? n : -1;
}

/* Number member k into *out (finite); null gives NaN when nullable. */
static int
number(const struct members *m, enum key k, int nullable, double *out,
    struct pe_error *err)
{
	const struct pe_json_tok *v = &m->v[k];

	if (!m->have[k])
		return bad(err, "missing \"%s\"", key_name[k]);
	if (nullable && v->kind == PE_JSON_NULL) {
		*out = NAN;
		return 0;
	}
	if (v->kind != PE_JSON_NUMBER ||
	    pe_num_parse(v->s, v->n, '.', out) != 0 || !isfinite(*out))
		return bad(err, "\"%s\" is not a number", key_name[k]);
	return 0;
}

/* Time member k: a string pe_time_parse reads, or an epoch number. */
static int
time_of(const struct members *m, enum key k, int64_t *out, int *has_tod,
    struct pe_error *err)
{
	const struct pe_json_tok *v = &m->v[k];
	struct pe_time_info info;
	const char *why;
	char buf[64];
	long len = -1;

	if (!m->have[k])
		return bad(err, "missing \"%s\"", key_name[k]);
	if (v->kind == PE_JSON_STRING)
		len = pe_json_decode(v, buf, sizeof buf);
	else if (v->kind == PE_JSON_NUMBER && v->n < sizeof buf) {
		memcpy(buf, v->s, v->n);
		len = (long)v->n;
	}
	if (len < 0)
		return bad(err, "\"%s\" is not a time", key_name[k]);
	if (pe_time_parse(buf, (size_t)len, out, &info, &why) != 0)
		return bad(err, "\"%s\" is not a time: %s", key_name[k], why);
	*has_tod |= info.has_tod;
	return 0;
}

static int
side_of(const struct members *m, struct pe_trade *t, struct pe_error *err)
{
	char text[8];

	if (!m->have[K_SIDE])
		return bad(err, "missing \"side\"");
	if (text_of(m, K_SIDE, text, sizeof text) < 0 ||
	    (strcmp(text, "long") != 0 && strcmp(text, "short") != 0))
		return bad(err, "\"side\" is not \"long\" or \"short\"");
	t->side = text[0] == 'l' ? 1 : -1;
	return 0;
}

/* The reason named text, or -1. */
static int
reason_of(const char *text)
{
	int r;

	for (r = 0; r < PE_BT_NREASONS; r++)
		if (strcmp(text, pe_bt_reason_name((enum pe_bt_reason)r)) == 0)
			return r;
	return -1;
}

/* The optional members: reason, bars, mae, mfe. */
static int
optional(const struct members *m, struct pe_trade *t, struct pe_error *err)
{
	char text[8];
	double b;

	t->reason = -1;
	t->bars = -1;
	t->mae = t->mfe = NAN;
	if (m->have[K_REASON]) {
		if (text_of(m, K_REASON, text, sizeof text) >= 0)
			t->reason = reason_of(text);
		if (t->reason < 0)
			return bad(err, "\"reason\" is not one of signal, "
			    "stop, trail, target, time, end");
	}
	if (m->have[K_BARS]) {
		if (number(m, K_BARS, 0, &b, NULL) != 0 || b < 0 ||
		    b != floor(b) || b >= (double)LONG_MAX)
			return bad(err, "\"bars\" is not a whole number "
			    ">= 0");
		t->bars = (long)b;
	}
	if (m->have[K_MAE] && number(m, K_MAE, 1, &t->mae, err) != 0)
		return -1;
	if (m->have[K_MFE] && number(m, K_MFE, 1, &t->mfe, err) != 0)
		return -1;
	return 0;
}

int
pe_trade_parse(const char *line, size_t n, struct pe_trade *t,
    struct pe_error *err)
{
	struct members m;
	char type[8];

	t->symbol[0] = '\0';
	if (pe_json_blank(line, line + n) == line + n)
		return 0;
	if (gather(line, n, &m, err) != 0)
		return -1;
	if (text_of(&m, K_TYPE, type, sizeof type) < 0 ||
	    strcmp(type, "trade") != 0)
		return 0;
	if (m.have[K_SYMBOL] && text_of(&m, K_SYMBOL, t->symbol,
	    sizeof t->symbol) < 0)
		return bad(err, "\"symbol\" is not a string of at most 255 "
		    "bytes");
	t->has_tod = 0;
	if (side_of(&m, t, err) != 0 ||
	    time_of(&m, K_ENTRY_TIME, &t->entry_time, &t->has_tod, err) ||
	    number(&m, K_ENTRY_PRICE, 0, &t->entry_price, err) != 0 ||
	    time_of(&m, K_EXIT_TIME, &t->exit_time, &t->has_tod, err) ||
	    number(&m, K_EXIT_PRICE, 0, &t->exit_price, err) != 0)
		return -1;
	if (t->exit_time < t->entry_time)
		return bad(err, "\"exit_time\" is before \"entry_time\"");
	if (optional(&m, t, err) != 0 ||
	    number(&m, K_RETURN, 0, &t->ret, err) != 0)
		return -1;
	return 1;
}

/* One more trade in *v (of *n, room for *cap). */
static int
grow(struct pe_trade **v, size_t n, size_t *cap)
{
	struct pe_trade *p;
	size_t c = *cap ? *cap * 2 : 16;

	if (n < *cap)
		return PE_OK;
	if (c > SIZE_MAX / sizeof *p || (p = realloc(*v, c * sizeof *p)) ==
	    NULL)
		return PE_ERR_NOMEM;
	*v = p;
	*cap = c;
	return PE_OK;
}

int
pe_trade_read(FILE *fp, const char *name, struct pe_trade **v,
    size_t *n, struct pe_error *err)
{
	struct pe_trade *t = NULL;
	struct pe_error e;
	char *line = NULL;
	size_t len = 0, cap = 0, nt = 0;
	long lineno = 0;
	ssize_t got;
	int rc = PE_OK, one;

	while (rc == PE_OK && (got = getline(&line, &len, fp)) != -1) {
		lineno++;
		if ((rc = grow(&t, nt, &cap)) != PE_OK)
			pe_error_set(err, rc, name, 0, 0, "out of memory");
		else if ((one = pe_trade_parse(line, (size_t)got, &t[nt],
		    &e)) < 0)
			rc = pe_error_set(err, PE_ERR_DATA, name, lineno, 0,
			    "%s", e.msg);
		else
			nt += (size_t)one;
	}
	if (rc == PE_OK && ferror(fp))
		rc = pe_error_set(err, PE_ERR_IO, name, 0, 0,
		    "read error: %s", strerror(errno));
	free(line);
	if (rc != PE_OK || nt == 0) {
		free(t);
		t = NULL;
		nt = 0;
	}
	*v = t;
	*n = nt;
	return rc;
}
