/*
 * spec.c: indicator specs ("macd:12:26:9.signal", "sma:50@high") to a
 * registry entry with parameters, and back to column names.  See pe_ind.h.
 *
 * A message that echoes what was typed cuts it to 40 bytes, the last
 * three "..." (cut()): a 100000-digit parameter is not written back.
 *
 * Bloat: no named parameters (period=20), no derived inputs (hl2) here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ind.h"
#include "pe_num.h"

static const struct {
	const char *name;
	unsigned bit;
} inputs[] = {
	{ "open", PE_IN_OPEN }, { "high", PE_IN_HIGH }, { "low", PE_IN_LOW },
	{ "close", PE_IN_CLOSE }, { "volume", PE_IN_VOLUME },
	{ "o", PE_IN_OPEN }, { "h", PE_IN_HIGH }, { "l", PE_IN_LOW },
	{ "c", PE_IN_CLOSE }, { "v", PE_IN_VOLUME },
};

const char *
pe_input_name(unsigned bit)
{
	size_t i;

	for (i = 0; i < 5; i++)
		if (inputs[i].bit == bit)
			return inputs[i].name;
	return NULL;
}

unsigned
pe_input_parse(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
		if (strlen(inputs[i].name) == n &&
		    strncmp(inputs[i].name, name, n) == 0)
			return inputs[i].bit;
	return 0;
}

static const double *
column_of(const struct pe_series *s, unsigned bit)
{
	switch (bit) {
	case PE_IN_OPEN: return s->open;
	case PE_IN_HIGH: return s->high;
	case PE_IN_LOW: return s->low;
	case PE_IN_CLOSE: return s->close;
	case PE_IN_VOLUME: return s->volume;
	default: return NULL;
	}
}

void
pe_ind_cols(const struct pe_series *s, const struct pe_ind_spec *sp,
    struct pe_cols *c)
{
	c->open = s->open;
	c->high = s->high;
	c->low = s->low;
	c->close = s->close;
	c->volume = s->volume;
	c->x = column_of(s, sp->x);
	c->y = column_of(s, sp->y);
	c->time = s->time;
}

#define CUT_SZ 48	/* what cut() writes, NUL included */

/* t[0..n) for a message, into buf[CUT_SZ]: whole up to 40 bytes, else
 * its first 37 and "...". */
static const char *
cut(const char *t, size_t n, char *buf)
{
	if (n > 40)
		snprintf(buf, CUT_SZ, "%.37s...", t);
	else
		snprintf(buf, CUT_SZ, "%.*s", (int)n, t);
	return buf;
}

/* One parameter's text into *v: a number, or a word for an MA type. */
static int
param_value(const struct pe_ind_info *info, int i, const char *t, size_t n,
    double *v, struct pe_error *err)
{
	const struct pe_ind_param *d = &info->param[i];
	char word[32], c[CUT_SZ];
	int ma, rc;

	if (d->type == PE_P_MA) {
		if (n < sizeof word) {
			memcpy(word, t, n);
			word[n] = '\0';
			if ((ma = pe_ma_parse(word)) >= 0) {
				*v = ma;
				return PE_OK;
			}
		}
		return pe_error_set(err, PE_ERR_USAGE, NULL, 0, 0,
		    "%s: %s '%s' is not a moving-average type (expected one "
		    "of " PE_MA_WORDS ")", info->name, d->name, cut(t, n, c));
	}
	if ((rc = pe_num_parse(t, n, '.', v)) == -2)	/* 1e999, 10^100000 */
		return pe_error_set(err, PE_ERR_USAGE, NULL, 0, 0,
		    "%s: %s must be %s from %g to %g (got %s)",
		    info->name, d->name, d->type == PE_P_REAL ? "a number" :
		    "a whole number", d->min, d->max, cut(t, n, c));
	if (rc != 0)
		return pe_error_set(err, PE_ERR_USAGE, NULL, 0, 0,
		    "%s: %s '%s' is not a number", info->name, d->name,
		    cut(t, n, c));
	return PE_OK;
}

static int
parse_inputs(const struct pe_ind_info *info, const char *t, size_t n,
    struct pe_ind_spec *s, struct pe_error *err)
{
	const char *comma = memchr(t, ',', n);
	size_t n1 = comma ? (size_t)(comma - t) : n;
	char c[CUT_SZ];

	if (!(info->inputs & PE_IN_X))
		return pe_error_set(err, PE_ERR_USAGE, NULL, 0, 0,
		    "%s reads fixed inputs; it takes no @input", info->name);
	if (comma != NULL && !(info->inputs & PE_IN_Y))
		return pe_error_set(err, PE_ERR_USAGE, NULL, 0, 0,
		    "%s reads one input; '@%s' gives two", info->name,
		    cut(t, n, c));
	s->x = pe_input_parse(t, n1);
	if (comma != NULL)
		s->y = pe_input_parse(comma + 1, n - n1 - 1);
	if (s->x == 0 || (comma != NULL && s->y == 0))
		return pe_error_set(err, PE_ERR_USAGE, NULL, 0, 0,
		    "unknown input '%s' (expected open, high, low, close "
		    "or volume)", cut(t, n, c));
	return PE_OK;
}

static int
parse_output(const struct pe_ind_info *info, const char *t,
    struct pe_ind_spec *s, struct pe_error *err)
{
	char list[128] = "", c[CUT_SZ];
	int k;

	for (k = 0; k < info->nout; k++) {
		if (strcmp(info->out[k], t) == 0) {
			s->out = k;
			return PE_OK;
		}
		snprintf(list + strlen(list), sizeof list - strlen(list),
		    "%s%s", k ? ", " : "", info->out[k]);
	}
	return pe_error_set(err, PE_ERR_USAGE, NULL, 0, 0,
	    "%s has no output '%s' (outputs: %s)", info->name,
	    cut(t, strlen(t), c), list);
}

int
pe_ind_spec_parse(const char *spec, struct pe_ind_spec *s,
    struct pe_error *err)
{
	const struct pe_ind_info *info;
	const char *p, *at, *dot, *end, *sug;
	char name[64], c[CUT_SZ];
	size_t n;
	int i = 0;

	memset(s, 0, sizeof *s);
	s->out = -1;
	n = strcspn(spec, ":@.");
	if (n == 0 || n >= sizeof name)
		return pe_error_set(err, PE_ERR_USAGE, NULL, 0, 0,
		    "bad indicator spec '%s' (expected NAME[:P1...]"
		    "[@INPUT][.OUTPUT])", cut(spec, strlen(spec), c));
	memcpy(name, spec, n);
	name[n] = '\0';
	if ((info = pe_ind_find(name)) == NULL) {
		sug = pe_ind_suggest(name);
		return pe_error_set(err, PE_ERR_USAGE, NULL, 0, 0,
		    "unknown indicator '%s'%s%s%s", name,
		    sug ? " (did you mean '" : "", sug ? sug : "",
		    sug ? "'?)" : "");
	}
	s->info = info;
	dot = strchr(spec + n, '.');
	at = strchr(spec + n, '@');
	/* A '.' inside a number ("bbands:20:2.5") is not the output's. */
	while (dot != NULL && (at == NULL || dot < at) && dot > spec &&
	    dot[-1] >= '0' && dot[-1] <= '9' && dot[1] >= '0' && dot[1] <= '9')
		dot = strchr(dot + 1, '.');
	end = at ? at : dot ? dot : spec + strlen(spec);
	for (p = spec + n, i = 0; p < end && *p == ':'; i++) {
		const char *q = p + 1;

		p = q + strcspn(q, ":");
		if (p > end)
			p = end;
		if (i >= info->nparams)
			return pe_error_set(err, PE_ERR_USAGE, NULL, 0, 0,
			    "%s: too many parameters (it takes %d)", info->name,
			    info->nparams);
		if (param_value(info, i, q, (size_t)(p - q), &s->p[i], err))
			return PE_ERR_USAGE;
	}
	pe_ind_defaults(info, s->p, i);
	if (pe_ind_check(info, s->p, err) != PE_OK)
		return PE_ERR_USAGE;
	if (info->inputs & PE_IN_X)
		s->x = PE_IN_CLOSE;
	if (at != NULL && parse_inputs(info, at + 1, (size_t)((dot && dot >
	    at ? dot : spec + strlen(spec)) - at - 1), s, err) != PE_OK)
		return PE_ERR_USAGE;
	if ((info->inputs & PE_IN_Y) && s->y == 0)
		return pe_error_set(err, PE_ERR_USAGE, NULL, 0, 0,
		    "%s reads two inputs: give them as @INPUT,INPUT2",
		    info->name);
	if (dot != NULL && parse_output(info, dot + 1, s, err) != PE_OK)
		return PE_ERR_USAGE;
	return PE_OK;
}

/* Append "_" and v's shortest form, '-' as 'm' and without '+'. */
static size_t
put_param(char *buf, size_t len, size_t n, double v)
{
	char num[PE_NUM_BUFSZ];
	const char *c;

	if (len < n)
		buf[len++] = '_';
	pe_num_format(v, num);
	for (c = num; *c != '\0' && len < n; c++)
		if (*c != '+')
			buf[len++] = *c == '-' ? 'm' : *c;
	return len;
}

size_t
pe_ind_column(const struct pe_ind_info *info, const double *p,
    const char *x, const char *y, int k, char *buf, size_t n)
{
	size_t len;
	int i;

	len = (size_t)snprintf(buf, n, "%s", info->name);
	for (i = 0; i < info->nparams && len < n; i++) {
		/* DESIGN.md's bbands_20_2_2_upper: a moving-average type is
		 * named only when it is not the default. */
		if (info->param[i].type != PE_P_MA)
			len = put_param(buf, len, n, p[i]);
		else if (p[i] != info->param[i].def)
			len += (size_t)snprintf(buf + len, n - len, "_%s",
			    pe_ma_name((int)p[i]));
	}
	if (len < n && x != NULL && (strcmp(x, "close") != 0 || y != NULL))
		len += (size_t)snprintf(buf + len, n - len, "_%s", x);
	if (len < n && y != NULL)
		len += (size_t)snprintf(buf + len, n - len, "_%s", y);
	if (len < n && info->nout > 1 && !(k == 0 &&
	    strcmp(info->out[0], info->name) == 0))
		len += (size_t)snprintf(buf + len, n - len, "_%s",
		    info->out[k]);
	if (len >= n)
		len = n - 1;
	buf[len] = '\0';
	return len;
}

size_t
pe_ind_spec_column(const struct pe_ind_spec *s, int k, char *buf, size_t n)
{
	return pe_ind_column(s->info, s->p, s->x ? pe_input_name(s->x) : NULL,
	    s->y ? pe_input_name(s->y) : NULL, k, buf, n);
}

int
pe_ind_spec_lookup(const char *arg, struct pe_ind_spec *s,
    struct pe_error *err)
{
	if (pe_ind_spec_parse(arg, s, err) == PE_OK)
		return PE_OK;
	if ((s->info = pe_ind_find(arg)) == NULL)
		return PE_ERR_USAGE;	/* err says why */
	pe_ind_defaults(s->info, s->p, 0);
	s->x = (s->info->inputs & PE_IN_X) ? PE_IN_CLOSE : 0;
	s->y = 0;
	s->out = -1;
	return PE_OK;
}
