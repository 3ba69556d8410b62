/*
 * describe: an indicator's entry as pe-indicators --list shows it, from
 * the registry's table: its inputs, parameters (defaults, and in JSON
 * their types and ranges), outputs and lookback with the defaults.  See
 * pe_ind.h.
 *
 * Bloat: no wrapping or column widths (the caller lays the table out), no
 * other formats.
 */
#include <math.h>
#include <stdio.h>
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
