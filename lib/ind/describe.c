/*
 * describe: an indicator's entry as pe-indicators --list shows it, from
 * the registry's table: its inputs, parameters (defaults, and in JSON
 * their types and ranges), outputs and lookback with the defaults; as
 * JSONL and CSV for programs, and for people as a table that fits a width
 * and as one indicator in full.  See pe_ind.h.
 *
 * Text for people is laid out in columns, each wrapped at its blanks (a
 * word longer than its column is cut), so that no line passes the width.
 *
 * Bloat: no terminal width detection (the caller gives the width), no
 * hyphenation, no other formats.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pe_ind.h"
#include "pe_num.h"

/* "x" / "high,low,close" for the table; "x" quoted for JSON. */
static void
inputs_text(unsigned m, int json, char *buf, size_t n)
{
	static const unsigned bits[] = { PE_IN_X, PE_IN_Y, PE_IN_OPEN,
	    PE_IN_HIGH, PE_IN_LOW, PE_IN_CLOSE, PE_IN_VOLUME, PE_IN_TIME };
	const char *name;
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof bits / sizeof bits[0] && len < n; i++) {
		if (!(m & bits[i]))
			continue;
		name = bits[i] == PE_IN_X ? "x" : bits[i] == PE_IN_Y ? "y" :
		    bits[i] == PE_IN_TIME ? "time" : pe_input_name(bits[i]);
		len += (size_t)snprintf(buf + len, n - len, json ?
		    "%s\"%s\"" : "%s%s", len ? "," : "", name);
	}
}

/* A parameter's number for the table, or JSON's (not finite: null). */
static const char *
param_num(double v, int json, char *buf)
{
	if (json && !isfinite(v))
		return strcpy(buf, "null");
	pe_num_format(v, buf);
	return buf;
}

/* Parameter i of f: "period=30" for the table, a JSON object with its
 * type and range.  A default that is another parameter's value is that
 * parameter's name: "nbdevdn=nbdevup", and in JSON a null default with
 * "default_from" naming it (no number would be true of every call).
 * Returns the length snprintf gives. */
static int
param_text(const struct pe_ind_info *f, int i, int json, const char *sep,
    char *buf, size_t n)
{
	static const char *const type[] = { "int", "real", "ma" };
	const struct pe_ind_param *p = &f->param[i];
	const char *ma = pe_ma_name((int)p->def), *from = f->def_from[i];
	char d[PE_NUM_BUFSZ + 64], lo[PE_NUM_BUFSZ], hi[PE_NUM_BUFSZ];

	param_num(p->def, json, d);
	param_num(p->min, json, lo);
	param_num(p->max, json, hi);
	if (json && from != NULL)
		snprintf(d, sizeof d, "null,\"default_from\":\"%s\"", from);
	if (json && p->type == PE_P_MA)
		return snprintf(buf, n, "%s{\"name\":\"%s\",\"type\":\"ma\","
		    "\"default\":\"%s\"}", sep, p->name, ma);
	if (json)
		return snprintf(buf, n, "%s{\"name\":\"%s\",\"type\":\"%s\","
		    "\"default\":%s,\"min\":%s,\"max\":%s}", sep, p->name,
		    type[p->type], d, lo, hi);
	/* the table: defaults only; the ranges are in JSONL and the man page */
	return snprintf(buf, n, "%s%s=%s", sep, p->name, from != NULL ? from :
	    p->type == PE_P_MA ? ma : d);
}

void
pe_ind_describe(const struct pe_ind_info *f, int json,
    struct pe_ind_text *t)
{
	double def[PE_IND_MAXPARAMS];
	size_t len = 0, n = sizeof t->params;
	int i, k;

	inputs_text(f->inputs, json, t->inputs, sizeof t->inputs);
	t->params[0] = '\0';
	for (i = 0; i < f->nparams && len < n; i++)
		len += (size_t)param_text(f, i, json, i == 0 ? "" :
		    json ? "," : ", ", t->params + len, n - len);
	pe_ind_defaults(f, def, 0);
	t->outputs[0] = '\0';
	for (k = 0, len = 0; k < f->nout && len < sizeof t->outputs; k++)
		len += (size_t)snprintf(t->outputs + len, sizeof t->outputs -
		    len, json ? "%s\"%s\"" : "%s%s", k ? "," : "", f->out[k]);
	t->lookback = f->lookback(def);
}

int
pe_ind_describe_json(const struct pe_ind_info *f, struct pe_buf *b)
{
	struct pe_ind_text t;

	pe_ind_describe(f, 1, &t);
	pe_buf_printf(b, "{\"name\":\"%s\",\"inputs\":[%s],\"params\":[%s],"
	    "\"outputs\":[%s],\"lookback\":%ld,\"description\":", f->name,
	    t.inputs, t.params, t.outputs, t.lookback);
	pe_buf_json(b, f->desc);
	pe_buf_puts(b, "}\n");
	return b->oom ? PE_ERR_NOMEM : PE_OK;
}

int
pe_ind_describe_csv(const struct pe_ind_info *f, struct pe_buf *b)
{
	struct pe_ind_text t;

	if (f == NULL) {
		pe_buf_puts(b, "name,inputs,parameters,outputs,lookback,"
		    "description\n");
		return b->oom ? PE_ERR_NOMEM : PE_OK;
	}
	pe_ind_describe(f, 0, &t);
	pe_buf_csv(b, f->name);
	pe_buf_putc(b, ',');
	pe_buf_csv(b, t.inputs);
	pe_buf_putc(b, ',');
	pe_buf_csv(b, t.params);
	pe_buf_putc(b, ',');
	pe_buf_csv(b, t.outputs);
	pe_buf_printf(b, ",%ld,", t.lookback);
	pe_buf_csv(b, f->desc);
	pe_buf_putc(b, '\n');
	return b->oom ? PE_ERR_NOMEM : PE_OK;
}

/*
 * Text laid out in columns for people.
 */

#define GAP 2		/* blanks between two columns */
#define MIN_COL 12	/* the narrowest a wrapped column gets */

/*
 * The next line of *p that fits in w columns: up to its last blank that
 * fits (or w bytes of a longer word), its length into *len; *p moves past
 * it and the blanks after.  Returns the line's start.
 */
static const char *
next_piece(const char **p, size_t w, size_t *len)
{
	const char *s = *p, *e, *next;
	size_t cut = strlen(s);

	if (cut > w) {
		for (cut = w; cut > 0 && s[cut] != ' '; cut--)
			;
		if (cut == 0)
			cut = w;
	}
	for (e = s + cut; e > s && e[-1] == ' '; e--)
		;
	for (next = s + cut; *next == ' '; next++)
		;
	*len = (size_t)(e - s);
	*p = next;
	return s;
}

/*
 * One row of n columns (at most ROW_MAX) into b: column k's text in w[k]
 * columns, wrapped onto as many lines as the longest needs, each column
 * but the last padded, gap blanks between two; no blank ends a line.  A
 * column of width 0 holds no text (an indent).
 */
#define ROW_MAX 4

static void
row(struct pe_buf *b, size_t n, const char *const *text, const size_t *w,
    size_t gap)
{
	const char *p[ROW_MAX], *piece;
	size_t k, len, cw;
	int more;

	for (k = 0; k < n; k++)
		p[k] = text[k];
	do {
		for (k = 0, more = 0; k < n; k++) {
			cw = w[k] > 0 ? w[k] : 1;
			piece = next_piece(&p[k], cw, &len);
			pe_buf_put(b, piece, len);
			if (k + 1 < n)
				pe_buf_printf(b, "%*s", (int)((len < w[k] ?
				    w[k] - len : 0) + gap), "");
			more |= *p[k] != '\0';
		}
		while (b->len > 0 && b->p[b->len - 1] == ' ')
			b->len--;
		pe_buf_putc(b, '\n');
	} while (more);
}

/* What is left of width after used columns, at least MIN_COL. */
static size_t
rest_of(size_t width, size_t used)
{
	return width > used + MIN_COL ? width - used : MIN_COL;
}

/* f's parameters with their defaults, "period=5 matype=sma", into buf. */
static void
defaults_text(const struct pe_ind_info *f, char *buf, size_t n)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < f->nparams && len < n; i++)
		len += (size_t)param_text(f, i, 0, i ? " " : "", buf + len,
		    n - len);
}

/* The table of the indicators of s[0..n) (pe_ind_list). */
static void
table(const struct pe_ind_spec *s, size_t n, size_t width, struct pe_buf *b)
{
	static const char *const head[] = { "NAME", "PARAMETERS",
	    "DESCRIPTION" };
	const char *text[3];
	char params[1024], one[128];
	size_t w[3] = { 4, 10, 0 }, i, len;
	int k;

	for (i = 0; i < n; i++) {
		if (strlen(s[i].info->name) > w[0])
			w[0] = strlen(s[i].info->name);
		for (k = 0; k < s[i].info->nparams; k++) {
			len = (size_t)param_text(s[i].info, k, 0, "", one,
			    sizeof one);
			if (len > w[1])
				w[1] = len;
		}
	}
	if (w[1] > width / 4 && width / 4 > 10)	/* the rest for words */
		w[1] = width / 4;
	w[2] = rest_of(width, w[0] + w[1] + 2 * GAP);
	row(b, 3, head, w, GAP);
	for (i = 0; i < n; i++) {
		defaults_text(s[i].info, params, sizeof params);
		text[0] = s[i].info->name;
		text[1] = params;
		text[2] = s[i].info->desc;
		row(b, 3, text, w, GAP);
	}
}

/* What f reads, for people: its series of choice, then the fixed ones. */
static void
reads_text(const struct pe_ind_info *f, struct pe_buf *b)
{
	static const unsigned fixed[] = { PE_IN_OPEN, PE_IN_HIGH, PE_IN_LOW,
	    PE_IN_CLOSE, PE_IN_VOLUME, PE_IN_TIME };
	const char *sep = "";
	size_t i;

	if (f->inputs & (PE_IN_X | PE_IN_Y)) {
		pe_buf_puts(b, (f->inputs & PE_IN_Y) ? "two series, given as "
		    "@INPUT,INPUT2" : "one series: close, or the one @INPUT "
		    "names");
		sep = "; ";
	}
	for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (f->inputs & fixed[i]) {
			pe_buf_printf(b, "%s%s", sep, fixed[i] == PE_IN_TIME ?
			    "time" : pe_input_name(fixed[i]));
			sep = ", ";
		}
}

/* Parameter i of f for people: its range and default. */
static void
range_text(const struct pe_ind_info *f, int i, struct pe_buf *b)
{
	const struct pe_ind_param *p = &f->param[i];
	char lo[PE_NUM_BUFSZ], hi[PE_NUM_BUFSZ], d[PE_NUM_BUFSZ];

	pe_num_format(p->min, lo);
	pe_num_format(p->max, hi);
	pe_num_format(p->def, d);
	if (p->type == PE_P_MA)
		pe_buf_printf(b, "one of %s; default %s", PE_MA_WORDS,
		    pe_ma_name((int)p->def));
	else
		pe_buf_printf(b, "a %s from %s to %s; default %s",
		    p->type == PE_P_INT ? "whole number" : "number", lo, hi,
		    f->def_from[i] != NULL ? f->def_from[i] : d);
	if (f->def_from[i] != NULL)
		pe_buf_puts(b, "'s value");
}

/* Parameter i of s as a spec or a formula writes it. */
static void
param_value(const struct pe_ind_spec *s, int i, struct pe_buf *b)
{
	char num[PE_NUM_BUFSZ];

	if (s->info->param[i].type == PE_P_MA) {
		pe_buf_puts(b, pe_ma_name((int)s->p[i]));
		return;
	}
	pe_num_format(s->p[i], num);
	pe_buf_puts(b, num);
}

/* s as a spec with every parameter: "bbands:5:2:2:sma", "sma:30@high". */
static void
spec_text(const struct pe_ind_spec *s, struct pe_buf *b)
{
	int i;

	pe_buf_puts(b, s->info->name);
	for (i = 0; i < s->info->nparams; i++) {
		pe_buf_putc(b, ':');
		param_value(s, i, b);
	}
	if (s->y != 0)
		pe_buf_printf(b, "@%s,%s", pe_input_name(s->x),
		    pe_input_name(s->y));
	else if (s->x != 0 && s->x != PE_IN_CLOSE)
		pe_buf_printf(b, "@%s", pe_input_name(s->x));
}

/* s as a formula's call: "bbands(close, 5, 2, 2, sma).upper". */
static void
call_text(const struct pe_ind_spec *s, struct pe_buf *b)
{
	const char *sep = "";
	int i, k = s->out >= 0 ? s->out : 0;

	pe_buf_printf(b, "%s(", s->info->name);
	if (s->x != 0) {
		pe_buf_puts(b, pe_input_name(s->x));
		sep = ", ";
	}
	if (s->y != 0)
		pe_buf_printf(b, ", %s", pe_input_name(s->y));
	for (i = 0; i < s->info->nparams; i++) {
		pe_buf_puts(b, sep);
		param_value(s, i, b);
		sep = ", ";
	}
	pe_buf_putc(b, ')');
	if (s->info->nout > 1)
		pe_buf_printf(b, ".%s", s->info->out[k]);
}

#define LABEL_W 10	/* "parameters" */

/* A field of the long form: its label (or "") and up to two columns of
 * text, the first sub in wsub columns. */
static void
field(struct pe_buf *b, size_t width, const char *label, const char *sub,
    size_t wsub, const char *text)
{
	const char *t[4] = { "", label, sub != NULL ? sub : text, text };
	size_t w[4] = { 0, LABEL_W, 0, 0 }, used = 2 * GAP + LABEL_W;

	if (sub == NULL) {
		w[2] = rest_of(width, used);
		row(b, 3, t, w, GAP);
		return;
	}
	w[2] = wsub < width / 4 ? wsub : width / 4;	/* the rest for words */
	w[3] = rest_of(width, used + w[2] + GAP);
	row(b, 4, t, w, GAP);
}

/* The length of the longest of the n names of v. */
static size_t
longest(const char *const *v, size_t n)
{
	size_t i, m = 0;

	for (i = 0; i < n; i++)
		if (strlen(v[i]) > m)
			m = strlen(v[i]);
	return m;
}

/* t's text, "" when it has none (or memory ran out building it). */
static const char *
text_of(const struct pe_buf *t)
{
	return t->p != NULL && !t->oom ? t->p : "";
}

/* "NAME - DESCRIPTION", the description wrapped under itself. */
static void
head_line(const struct pe_ind_info *f, size_t width, struct pe_buf *b)
{
	const char *text[3] = { f->name, "-", f->desc };
	size_t w[3] = { strlen(f->name), 1, 0 };

	w[2] = rest_of(width, w[0] + 3);
	row(b, 3, text, w, 1);
}

/* Each parameter of f with its range and default; t is scratch. */
static void
params_field(const struct pe_ind_info *f, size_t width, struct pe_buf *t,
    struct pe_buf *b)
{
	const char *names[PE_IND_MAXPARAMS];
	size_t w;
	int i;

	if (f->nparams == 0)
		field(b, width, "parameters", NULL, 0, "none");
	for (i = 0; i < f->nparams; i++)
		names[i] = f->param[i].name;
	w = longest(names, (size_t)f->nparams);
	for (i = 0; i < f->nparams; i++) {
		t->len = 0;
		range_text(f, i, t);
		field(b, width, i ? "" : "parameters", names[i], w,
		    text_of(t));
	}
}

/* Each output of s with its column's name; t is scratch. */
static void
outputs_field(const struct pe_ind_spec *s, size_t width, struct pe_buf *t,
    struct pe_buf *b)
{
	const struct pe_ind_info *f = s->info;
	size_t w = longest(f->out, (size_t)f->nout);
	char col[256];
	int k;

	for (k = 0; k < f->nout; k++) {
		t->len = 0;
		pe_ind_spec_column(s, k, col, sizeof col);
		pe_buf_printf(t, "column %s", col);
		field(b, width, k ? "" : "outputs", f->out[k], w, text_of(t));
	}
}

int
pe_ind_describe_long(const struct pe_ind_spec *spec, size_t width,
    struct pe_buf *b)
{
	const struct pe_ind_info *f = spec->info;
	struct pe_ind_spec s = *spec;
	struct pe_buf t = { 0 };
	long lb = f->lookback(s.p);

	if ((f->inputs & PE_IN_Y) && s.y == 0) {	/* an example: high, low */
		s.x = PE_IN_HIGH;
		s.y = PE_IN_LOW;
	}
	head_line(f, width, b);
	pe_buf_putc(b, '\n');
	reads_text(f, &t);
	field(b, width, "inputs", NULL, 0, text_of(&t));
	params_field(f, width, &t, b);
	outputs_field(&s, width, &t, b);
	t.len = 0;
	pe_buf_printf(&t, "%ld bar%s before the first value", lb, lb == 1 ?
	    "" : "s");
	field(b, width, "lookback", NULL, 0, text_of(&t));
	t.len = 0;
	spec_text(&s, &t);
	field(b, width, "spec", NULL, 0, text_of(&t));
	t.len = 0;
	call_text(&s, &t);
	field(b, width, "formula", NULL, 0, text_of(&t));
	if (t.oom)
		b->oom = 1;
	free(t.p);
	return b->oom ? PE_ERR_NOMEM : PE_OK;
}

int
pe_ind_list(const struct pe_ind_spec *s, size_t n, enum pe_ind_form form,
    size_t width, struct pe_buf *b)
{
	size_t i;

	if (form == PE_IND_TABLE)
		table(s, n, width, b);
	if (form == PE_IND_CSV)
		pe_ind_describe_csv(NULL, b);
	for (i = 0; i < n && form != PE_IND_TABLE; i++) {
		if (form == PE_IND_LONG) {
			pe_buf_puts(b, i ? "\n" : "");	/* a blank between */
			pe_ind_describe_long(&s[i], width, b);
		} else if (form == PE_IND_CSV)
			pe_ind_describe_csv(s[i].info, b);
		else
			pe_ind_describe_json(s[i].info, b);
	}
	return b->oom ? PE_ERR_NOMEM : PE_OK;
}
