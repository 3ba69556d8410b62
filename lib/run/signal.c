/*
 * signal: signal lines (JSONL and CSV) for pe-eval, pe-scan, pe-stream,
 * and reading back a line's symbol, time and type for pe-chart.  See
 * pe_signal.h.
 *
 * Reading goes through the core JSON scanner (json.h): members are taken
 * in order as it hands them out, so the first fault on a line is the one
 * reported, whether in a value or in the line's shape.
 *
 * Bloat: keys are looked up by a linear search when the maker is built
 * (plans hold a handful of indicators); nothing but symbol, time and type
 * is read back.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "pe_num.h"
#include "pe_signal.h"
#include "pe_time.h"

/* A value key: its node and how it is written in each format. */
struct key {
	int node;
	char *json;		/* "\"text\":" */
	char *csv;		/* the header cell */
};

struct pe_signal {
	const struct pe_plan *plan;
	struct key *col;	/* every key of every formula */
	size_t ncol;
	int **fkeys;		/* per formula: its keys (indices into col), -1 ends */
	char **fjson, **fcsv;	/* per formula: "formula" as JSON and CSV */
	int digits;		/* places of numbers, or PE_NUM_SHORTEST */
	unsigned flags;		/* PE_SIGNAL_* */
	int *colof;		/* while set up: per node, its column or -1 */
};

/* ---- the line maker ---- */

/* enc(s) followed by tail, as a new string; NULL when out of memory. */
static char *
text_of(int (*enc)(struct pe_buf *, const char *), const char *s,
    const char *tail)
{
	struct pe_buf b = { 0 };

	if (enc(&b, s) != PE_OK || pe_buf_puts(&b, tail) != PE_OK) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

/* The column of node, adding it when it is new (-1: out of memory).
 * The plan gives each value one name, so a node is a column. */
static int
add_col(struct pe_signal *sg, int node)
{
	const char *text = sg->plan->node[node].name;
	struct key *k;

	if (sg->colof[node] >= 0)
		return sg->colof[node];
	if ((k = realloc(sg->col, (sg->ncol + 1) * sizeof *k)) == NULL)
		return -1;
	sg->col = k;
	k += sg->ncol;
	k->node = node;
	k->json = text_of(pe_buf_json, text, ":");
	k->csv = strdup(text);
	if (k->json == NULL || k->csv == NULL) {
		free(k->json);
		free(k->csv);
		return -1;
	}
	sg->colof[node] = (int)sg->ncol;
	return (int)sg->ncol++;
}

/*
 * The keys: each formula's indicators and windows, then the --values;
 * a value is one column, and shows once in a formula's "values".  The
 * columns of the --values are found once, and each formula's own are
 * told apart by a stamp (in): linear in the keys, so a file of many
 * formulas costs no more than its formulas (it was formulas squared).
 */
static int
setup_keys(struct pe_signal *sg, int *vcol, int *in)
{
	const struct pe_plan *p = sg->plan;
	const struct pe_plan_formula *f;
	size_t i, k, nk, nv = 0;
	int c, any = 0;

	for (i = 0; i < p->nformulas; i++) {
		f = &p->formula[i];
		sg->fjson[i] = text_of(pe_buf_json, f->label, "");
		sg->fcsv[i] = text_of(pe_buf_csv, f->label, "");
		if (!sg->fjson[i] || !sg->fcsv[i])
			return -1;
		any |= f->role == PE_PR_SIGNAL;
		if (f->role != PE_PR_SIGNAL)
			continue;
		for (k = 0; k < f->nval; k++)
			if (add_col(sg, f->val[k]) < 0)
				return -1;
	}
	/* the --values' columns, in order, each once (only when there is
	 * a signal to show them, and they are shown) */
	any &= !(sg->flags & PE_SIGNAL_NO_VALUES);
	for (k = 0; any && k < p->nformulas; k++) {
		if (p->formula[k].role != PE_PR_VALUE)
			continue;
		if ((c = add_col(sg, p->formula[k].root)) < 0)
			return -1;
		if (in[c] != -2) {
			in[c] = -2;
			vcol[nv++] = c;
		}
	}
	for (i = 0; i < p->nformulas; i++) {
		f = &p->formula[i];
		nk = f->role == PE_PR_SIGNAL ? f->nval + nv : 0;
		if ((sg->fkeys[i] = malloc((nk + 1) * sizeof **sg->fkeys)) ==
		    NULL)
			return -1;
		if (f->role != PE_PR_SIGNAL) {
			sg->fkeys[i][0] = -1;
			continue;
		}
		for (nk = k = 0; k < f->nval; k++, nk++) {
			c = sg->fkeys[i][k] = sg->colof[f->val[k]];
			in[c] = (int)i;
		}
		for (k = 0; k < nv; k++)
			if (in[vcol[k]] != (int)i)
				sg->fkeys[i][nk++] = vcol[k];
		sg->fkeys[i][nk] = -1;
	}
	return 0;
}

static int
setup(struct pe_signal *sg)
{
	const struct pe_plan *p = sg->plan;
	size_t i, n = p->nnodes + 1;
	int *vcol, *in, rc = -1;

	sg->colof = malloc(n * sizeof *sg->colof);
	vcol = malloc(n * sizeof *vcol);
	in = malloc(n * sizeof *in);
	if (sg->colof != NULL && vcol != NULL && in != NULL) {
		for (i = 0; i < n; i++)
			sg->colof[i] = in[i] = -1;
		rc = setup_keys(sg, vcol, in);
	}
	free(sg->colof);
	sg->colof = NULL;
	free(vcol);
	free(in);
	return rc;
}

struct pe_signal *
pe_signal_new(const struct pe_plan *plan, struct pe_error *err)
{
	return pe_signal_new_flags(plan, 0, err);
}

struct pe_signal *
pe_signal_new_flags(const struct pe_plan *plan, unsigned flags,
    struct pe_error *err)
{
	struct pe_signal *sg;
	size_t n = plan->nformulas ? plan->nformulas : 1;

	if ((sg = calloc(1, sizeof *sg)) == NULL)
		goto nomem;
	sg->plan = plan;
	sg->flags = flags;
	sg->digits = PE_NUM_SHORTEST;
	sg->fkeys = calloc(n, sizeof *sg->fkeys);
	sg->fjson = calloc(n, sizeof *sg->fjson);
	sg->fcsv = calloc(n, sizeof *sg->fcsv);
	if (sg->fkeys && sg->fjson && sg->fcsv && setup(sg) == 0)
		return sg;
	pe_signal_free(sg);
nomem:
	pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0, "out of memory");
	return NULL;
}

void
pe_signal_free(struct pe_signal *sg)
{
	size_t i;

	if (sg == NULL)
		return;
	for (i = 0; i < sg->ncol; i++) {
		free(sg->col[i].json);
		free(sg->col[i].csv);
	}
	for (i = 0; i < sg->plan->nformulas; i++) {
		if (sg->fkeys)
			free(sg->fkeys[i]);
		if (sg->fjson)
			free(sg->fjson[i]);
		if (sg->fcsv)
			free(sg->fcsv[i]);
	}
	free(sg->col);
	free(sg->fkeys);
	free(sg->fjson);
	free(sg->fcsv);
	free(sg);
}

void
pe_signal_digits(struct pe_signal *sg, int digits)
{
	sg->digits = digits < 0 ? PE_NUM_SHORTEST : digits;
}

int
pe_signal_header(const struct pe_signal *sg, struct pe_buf *b)
{
	return pe_signal_header_extra(sg, NULL, b);
}

int
pe_signal_header_extra(const struct pe_signal *sg, const char *extra,
    struct pe_buf *b)
{
	size_t i;
	int rc;

	rc = pe_buf_puts(b, "symbol,time,formula,type,open,high,low,close,"
	    "volume");
	for (i = 0; i < sg->ncol; i++) {
		rc |= pe_buf_put(b, ",", 1);
		rc |= pe_buf_csv(b, sg->col[i].csv);
	}
	if (extra != NULL && *extra != '\0') {
		rc |= pe_buf_put(b, ",", 1);
		rc |= pe_buf_puts(b, extra);
	}
	rc |= pe_buf_put(b, "\n", 1);
	return rc ? PE_ERR_NOMEM : PE_OK;
}

/*
 * Where a line's numbers come from: bar i of a vectorised run, or the node
 * values of an incremental state (vals, indexed by node).
 */
struct src {
	const struct pe_plan_vec *vec;
	size_t i;
	const double *vals;
};

static double
value_of(const struct src *v, int node)
{
	return v->vals ? v->vals[node] : pe_plan_col(v->vec, node)[v->i];
}

/* v as pe_signal_digits says (the default straight to pe_buf_num). */
static inline int
put_num(struct pe_buf *b, double v, int digits, int json)
{
	if (digits < 0)
		return pe_buf_num(b, v, json);
	return pe_buf_num_digits(b, v, digits, json);
}

/*
 * The one line builder: pe_signal_line and pe_signal_line_values.  Always
 * inlined, into each of them and into build_digits, so that in the
 * default's copies digits is a constant and its tests fold away.
 */
static inline __attribute__((always_inline)) int
build_line(const struct pe_signal *sg, const struct src *v,
    const struct pe_candle *cd, int date_only, const char *sym, size_t fi,
    int json, const char *extra, struct pe_buf *b, int digits)
{
	static const char *const ckey[] = { "{\"open\":", ",\"high\":",
	    ",\"low\":", ",\"close\":", ",\"volume\":" };
	const double cand[5] = { cd->open, cd->high, cd->low, cd->close,
	    cd->volume };
	const int *k;
	char t[PE_TIME_BUFSZ];
	int c, sep = 0, rc = 0;
	size_t ci;

	rc |= pe_buf_puts(b, json ? "{\"symbol\":" : "");
	rc |= pe_buf_puts(b, sym);
	rc |= pe_buf_puts(b, json ? ",\"time\":\"" : ",");
	rc |= pe_buf_put(b, t, pe_time_format(cd->time, date_only, t));
	rc |= pe_buf_puts(b, json ? "\",\"formula\":" : ",");
	rc |= pe_buf_puts(b, json ? sg->fjson[fi] : sg->fcsv[fi]);
	rc |= pe_buf_puts(b, json ? ",\"type\":\"" : ",");
	rc |= pe_buf_puts(b, pe_ftype_name(sg->plan->formula[fi].type));
	rc |= pe_buf_puts(b, json ? "\",\"candle\":" : "");
	for (c = 0; c < 5; c++) {
		rc |= pe_buf_puts(b, json ? ckey[c] : ",");
		rc |= put_num(b, cand[c], digits, json);
	}
	if (json) {
		rc |= pe_buf_puts(b, "},\"values\":{");
		for (k = sg->fkeys[fi]; *k >= 0; k++) {
			rc |= pe_buf_puts(b, sep++ ? "," : "");
			rc |= pe_buf_puts(b, sg->col[*k].json);
			rc |= put_num(b, value_of(v, sg->col[*k].node),
			    digits, 1);
		}
		rc |= pe_buf_puts(b, "}");
		if (extra != NULL && *extra != '\0') {
			rc |= pe_buf_put(b, ",", 1);
			rc |= pe_buf_puts(b, extra);
		}
		rc |= pe_buf_puts(b, "}");
	} else {
		for (ci = 0; ci < sg->ncol; ci++) {
			rc |= pe_buf_put(b, ",", 1);
			rc |= put_num(b, value_of(v, sg->col[ci].node),
			    digits, 0);
		}
		if (extra != NULL) {
			rc |= pe_buf_put(b, ",", 1);
			rc |= pe_buf_puts(b, extra);
		}
	}
	rc |= pe_buf_put(b, "\n", 1);
	return rc ? PE_ERR_NOMEM : PE_OK;
}

/* The lines with places: a function of its own, so that the default's
 * copy is compiled as if alone. */
static __attribute__((noinline)) int
build_digits(const struct pe_signal *sg, const struct src *v,
    const struct pe_candle *cd, int date_only, const char *sym, size_t fi,
    int json, const char *extra, struct pe_buf *b)
{
	return build_line(sg, v, cd, date_only, sym, fi, json, extra, b,
	    sg->digits);
}

int
pe_signal_line(const struct pe_signal *sg, const struct pe_plan_vec *vec,
    const struct pe_series *s, const char *sym, size_t i, size_t fi,
    int json, struct pe_buf *b)
{
	struct src v = { vec, i, NULL };
	struct pe_candle c;

	pe_series_get(s, i, &c);
	if (sg->digits >= 0)
		return build_digits(sg, &v, &c, s->date_only, sym, fi, json,
		    NULL, b);
	return build_line(sg, &v, &c, s->date_only, sym, fi, json, NULL, b,
	    PE_NUM_SHORTEST);
}

int
pe_signal_line_values(const struct pe_signal *sg, const double *vals,
    const struct pe_candle *c, int date_only, const char *sym, size_t fi,
    int json, const char *extra, struct pe_buf *b)
{
	struct src v = { NULL, 0, vals };

	if (sg->digits >= 0)
		return build_digits(sg, &v, c, date_only, sym, fi, json, extra,
		    b);
	return build_line(sg, &v, c, date_only, sym, fi, json, extra, b,
	    PE_NUM_SHORTEST);
}

/* ---- reading a line back ---- */

#define BAD_VALUE "bad value of \"symbol\", \"time\" or \"type\""

/* The time's text: a string decoded, any other value as written. */
static int
time_text(const struct pe_json_tok *v, char *out, size_t cap)
{
	if (v->kind == PE_JSON_STRING)
		return pe_json_decode(v, out, cap) < 0 ? -1 : 0;
	if (v->n >= cap)
		return -1;
	memcpy(out, v->s, v->n);
	out[v->n] = '\0';
	return 0;
}

/* One member: kept when it is one of the three; -1 for a bad value. */
static int
take(const struct pe_json_tok *key, const struct pe_json_tok *v,
    struct pe_signal_match *sg, char *time, char *type)
{
	char name[16];

	if (pe_json_decode(key, name, sizeof name) < 0)
		return 0;	/* a long key: not one of ours */
	if (strcmp(name, "symbol") == 0 && v->kind == PE_JSON_STRING)
		return pe_json_decode(v, sg->symbol, sizeof sg->symbol) < 0 ?
		    -1 : 0;
	if (strcmp(name, "time") == 0)
		return time_text(v, time, 64);
	if (strcmp(name, "type") == 0 && v->kind == PE_JSON_STRING)
		return pe_json_decode(v, type, 16) < 0 ? -1 : 0;
	return 0;
}

/* The type named text, by the names the line maker writes. */
static int
type_of(const char *text, enum pe_ftype *t)
{
	static const enum pe_ftype all[] = { PE_FT_SCAN, PE_FT_ENTRY,
	    PE_FT_EXIT, PE_FT_SHORT, PE_FT_COVER };
	size_t i;

	for (i = 0; i < sizeof all / sizeof all[0]; i++)
		if (strcmp(text, pe_ftype_name(all[i])) == 0) {
			*t = all[i];
			return 0;
		}
	return -1;
}

int
pe_signal_parse(const char *line, size_t n, struct pe_signal_match *sg,
    const char **why)
{
	struct pe_json j;
	struct pe_json_tok key, v;
	char time[64] = "", type[16] = "scan_hit";
	int rc;

	sg->symbol[0] = '\0';
	if (pe_json_blank(line, line + n) == line + n)
		return 0;
	*why = "not a JSON object";
	if (pe_json_open(&j, line, n) != 0)
		return -1;
	while ((rc = pe_json_next(&j, &key, &v)) == 1)
		if (take(&key, &v, sg, time, type) != 0) {
			*why = BAD_VALUE;
			return -1;
		}
	if (rc < 0) {
		*why = j.in_value ? BAD_VALUE : "not a JSON object";
		return -1;
	}
	if (time[0] == '\0')
		return 0;
	if (pe_time_parse(time, strlen(time), &sg->time, NULL, why) != 0)
		return -1;
	if (type_of(type, &sg->type) != 0) {
		*why = "unknown type (expected scan_hit, entry, exit, short "
		    "or cover)";
		return -1;
	}
	return 1;
}
