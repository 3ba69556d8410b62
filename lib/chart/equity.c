/*
 * equity: reading an equity curve for pe-chart --equity.  See pe_chart.h.
 *
 * The file is a small CSV written by pe-backtest --equity (time, equity,
 * cash, positions), so it is split on commas by hand rather than through
 * the candle reader: its columns are no candle's, and its faults get
 * their own sentences.  The curve is kept as a series (each price the
 * equity) so that the chart's window and time axis work on it unchanged
 * when it is drawn without candles.
 *
 * Memory: the struct pe_chart_equity, its series and its drawdown are
 * the caller's, freed by pe_chart_equity_free.
 *
 * Bloat: no quoted cells holding commas, no other delimiter, no decimal
 * comma, no time zones but the ones pe_time_parse reads (a curve is
 * written by pe, in UTC).
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pe_chart.h"
#include "pe_num.h"
#include "pe_time.h"

/* The state of one read. */
struct reader {
	FILE *fp;
	const char *name;
	char *line;
	size_t cap;
	long lineno;
	int tcol, ecol;		/* the time and equity columns */
	char shown[48];
	struct pe_error *err;
};

static int bad(struct reader *r, int code, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
bad(struct reader *r, int code, long line, const char *fmt, ...)
{
	char msg[PE_ERRMSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return pe_error_set(r->err, code, r->name, line, 0, "%s", msg);
}

/* The next line without its end (LF or CRLF) into *p, *n: 1, or 0 at
 * the end of the file, or -1 on a read error. */
static int
next_line(struct reader *r, const char **p, size_t *n)
{
	ssize_t len = getline(&r->line, &r->cap, r->fp);

	if (len < 0)
		return ferror(r->fp) ? -1 : 0;
	r->lineno++;
	while (len > 0 && (r->line[len - 1] == '\n' ||
	    r->line[len - 1] == '\r'))
		len--;
	*p = r->line;
	*n = (size_t)len;
	return 1;
}

/* Cell k of s[0..n) (split on commas), blanks and quotes around it
 * trimmed: its start, with *len; NULL when the row is shorter. */
static const char *
cell(const char *s, size_t n, int k, size_t *len)
{
	const char *e = s + n, *c;

	for (; k > 0; k--) {
		if ((s = memchr(s, ',', (size_t)(e - s))) == NULL)
			return NULL;
		s++;
	}
	c = memchr(s, ',', (size_t)(e - s));
	e = c != NULL ? c : e;
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (e - s >= 2 && *s == '"' && e[-1] == '"')
		s++, e--;
	*len = (size_t)(e - s);
	return s;
}

/* A value for a message: at most 40 bytes, control characters as '?'. */
static const char *
shown(struct reader *r, const char *s, size_t n)
{
	size_t i, m = n > 40 ? 40 : n;

	for (i = 0; i < m; i++)
		r->shown[i] = (unsigned char)s[i] < 0x20 ? '?' : s[i];
	if (n > m)
		memcpy(r->shown + m, "...", 3), m += 3;
	r->shown[m] = '\0';
	return r->shown;
}

/* The header: the first line that is not blank, naming the columns
 * time and equity (any case) among others. */
static int
header(struct reader *r)
{
	const char *p, *c;
	size_t n, len;
	int k, got;

	while ((got = next_line(r, &p, &n)) == 1 && strspn(p, " \t") == n)
		;
	if (got < 0)
		return bad(r, PE_ERR_IO, 0, "read error: %s", strerror(errno));
	if (got == 0)
		return bad(r, PE_ERR_FORMAT, 0, "empty input (expected the "
		    "header time,equity)");
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3, n -= 3;	/* a byte order mark */
	r->tcol = r->ecol = -1;
	for (k = 0; (c = cell(p, n, k, &len)) != NULL; k++) {
		if (r->tcol < 0 && len == 4 && strncasecmp(c, "time", 4) == 0)
			r->tcol = k;
		if (r->ecol < 0 && len == 6 &&
		    strncasecmp(c, "equity", 6) == 0)
			r->ecol = k;
	}
	if (r->tcol < 0 || r->ecol < 0)
		return bad(r, PE_ERR_FORMAT, r->lineno, "no %s column in the "
		    "header (expected time,equity)", r->tcol < 0 ? "time" :
		    "equity");
	return PE_OK;
}

/* One row's time and equity into *c, after the last row of s. */
static int
row(struct reader *r, const char *p, size_t n, const struct pe_series *s,
    struct pe_candle *c, int *has_tod)
{
	struct pe_time_info info;
	const char *t, *e, *why;
	size_t tn, en;
	char buf[PE_TIME_BUFSZ];
	int rc;

	t = cell(p, n, r->tcol, &tn);
	e = cell(p, n, r->ecol, &en);
	if (t == NULL || tn == 0)
		return bad(r, PE_ERR_DATA, r->lineno, "missing time");
	if (e == NULL || en == 0)
		return bad(r, PE_ERR_DATA, r->lineno, "missing equity");
	if (pe_time_parse(t, tn, &c->time, &info, &why) != 0)
		return bad(r, PE_ERR_DATA, r->lineno, "bad time '%s': %s",
		    shown(r, t, tn), why);
	if ((rc = pe_num_parse(e, en, '.', &c->close)) != 0)
		return bad(r, PE_ERR_DATA, r->lineno, "equity is %s: '%s'",
		    rc == -2 ? "out of range" : "not a number",
		    shown(r, e, en));
	if (c->close < 0)
		return bad(r, PE_ERR_DATA, r->lineno, "equity is negative: "
		    "'%s'", shown(r, e, en));
	if (s->n > 0 && c->time <= s->time[s->n - 1]) {
		pe_time_format(c->time, !info.has_tod, buf);
		return bad(r, PE_ERR_DATA, r->lineno, "times not increasing "
		    "at %s", buf);
	}
	c->open = c->high = c->low = c->close;
	c->volume = NAN;
	*has_tod = info.has_tod;
	return PE_OK;
}

/* Every row after the header into s. */
static int
rows(struct reader *r, struct pe_series *s)
{
	struct pe_candle c;
	const char *p;
	size_t n;
	int got, tod = 0, rc;

	while ((got = next_line(r, &p, &n)) == 1) {
		if (strspn(p, " \t") == n)
			continue;
		if ((rc = row(r, p, n, s, &c, &tod)) != PE_OK)
			return rc;
		if (pe_series_push(s, &c, tod) != PE_OK)
			return bad(r, PE_ERR_NOMEM, 0, "out of memory");
	}
	if (got < 0)
		return bad(r, PE_ERR_IO, 0, "read error: %s", strerror(errno));
	if (s->n == 0)
		return bad(r, PE_ERR_DATA, 0, "no rows after the header");
	return PE_OK;
}

/* 1 - equity / the highest equity so far; 0 while that is 0. */
static void
drawdown(const struct pe_series *s, double *dd)
{
	double peak = 0;
	size_t i;

	for (i = 0; i < s->n; i++) {
		peak = s->close[i] > peak ? s->close[i] : peak;
		dd[i] = peak > 0 ? 1 - s->close[i] / peak : 0;
	}
}

int
pe_chart_equity_read(FILE *fp, const char *name,
    struct pe_chart_equity **out, struct pe_error *err)
{
	struct reader r = { .fp = fp, .name = name, .err = err };
	struct pe_chart_equity *eq;
	int rc;

	*out = NULL;
	if ((eq = calloc(1, sizeof *eq)) == NULL ||
	    (eq->s = pe_series_new(name)) == NULL) {
		free(eq);
		return bad(&r, PE_ERR_NOMEM, 0, "out of memory");
	}
	if ((rc = header(&r)) == PE_OK && (rc = rows(&r, eq->s)) == PE_OK &&
	    (eq->drawdown = malloc(eq->s->n * sizeof *eq->drawdown)) == NULL)
		rc = bad(&r, PE_ERR_NOMEM, 0, "out of memory");
	free(r.line);
	if (rc != PE_OK) {
		pe_chart_equity_free(eq);
		return rc;
	}
	drawdown(eq->s, eq->drawdown);
	*out = eq;
	return PE_OK;
}

void
pe_chart_equity_free(struct pe_chart_equity *eq)
{
	if (eq == NULL)
		return;
	pe_series_free(eq->s);
	free(eq->drawdown);
	free(eq);
}
