/*
 * fuzz_plan.c: libFuzzer target for the formula compiler and the
 * vectorised evaluator (pe_plan_compile, pe_plan_explain, pe_plan_run) on
 * arbitrary bytes.
 *
 * The first byte picks the mode and is not part of the input: bit 0 a
 * formula file (else one expression), bit 1 --values formulas (any type),
 * bit 2 PE_PLAN_EDGE.  What parses is compiled, then:
 *
 *	- a failed compile leaves diagnostics (in source order, each one
 *	  rendering to three lines with a caret) and err filled from the
 *	  first, and no plan;
 *	- a plan is well formed: nodes in topological order, each reached
 *	  from a formula, none twice; every node's type and lookback what
 *	  the rules of pe_plan.h give; texts short; instances shared,
 *	  with valid parameters, their start and lookback composed; each
 *	  formula's list of values exactly the indicator outputs and
 *	  windows it reaches; every value named, of [a-z0-9_.], no name
 *	  on two nodes, no label on two signal formulas;
 *	- pe_plan_explain keeps snprintf's contract;
 *	- run over a fixed 50-bar series (and an empty one without volume:
 *	  a data error exactly when the plan reads volume), every boolean
 *	  column holds only 1, 0 and NaN, and na() and first() never NaN.
 *
 * Bloat: no comparison with the incremental evaluator here (that is the
 * property test's job), no random series.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "pe_formula.h"
#include "pe_ind.h"
#include "pe_plan.h"
#include "pe_series.h"

#define NBARS 50
#define MAX_PAIRWISE 400	/* nodes checked two by two for duplicates */

static struct pe_series *bars, *empty;

static void
make_series(void)
{
	struct pe_candle c;
	double x = 100;
	int i;

	if (bars != NULL)
		return;
	bars = pe_series_new("F");
	empty = pe_series_new("E");
	for (i = 0; bars != NULL && i < NBARS; i++) {
		c.time = (int64_t)i * 86400000;
		c.open = x;
		x += (i * 7 % 11) - 5 + (i % 4 == 0 ? 0.5 : 0);
		c.close = i % 6 == 0 ? c.open : x;	/* flat bars: 0 / 0 */
		c.high = (c.open > c.close ? c.open : c.close) + (i % 3);
		c.low = (c.open < c.close ? c.open : c.close) - (i % 2);
		c.volume = (double)(i % 5) * 100;
		pe_series_push(bars, &c, 0);
	}
	if (bars != NULL)
		bars->has_volume = 1;
}

static int
is_bool_op(enum pe_op op)
{
	return (op >= PE_OP_LT && op <= PE_OP_NOT) ||
	    op == PE_OP_CROSS_ABOVE || op == PE_OP_CROSS_BELOW ||
	    op == PE_OP_RISING || op == PE_OP_FALLING ||
	    op == PE_OP_FIRST || op == PE_OP_NA;
}

static long
lbmax(long a, long b)
{
	return a > b ? a : b;
}

/* sym("X", x)'s series: the fixed one, whatever X. */
static const struct pe_series *
ref_get(void *ctx, const char *symbol, struct pe_error *err)
{
	(void)ctx;
	(void)symbol;
	(void)err;
	return bars;
}

static const struct pe_plan_refs refs = { ref_get, NULL };

/* Whether a tf() of p is no longer than the bars' spacing (a day, in
 * the fixed series): a data error. */
static int
tf_too_short(const struct pe_plan *p, const struct pe_series *s)
{
	size_t i;

	for (i = 0; s->n > 1 && i < p->nnodes; i++)
		if (p->node[i].op == PE_OP_TF &&
		    p->tf[p->node[i].n].ms <= 86400000)
			return 1;
	return 0;
}

static void
check_node(const struct pe_plan *p, size_t i)
{
	const struct pe_plan_node *n = &p->node[i];
	long la, lb, want;

	FUZZ_CHECK((int)n->op >= 0 && n->op < PE_OP_NOPS);
	FUZZ_CHECK(n->a < (int)i && n->b < (int)i);
	FUZZ_CHECK(n->a >= -1 && n->b >= -1);
	FUZZ_CHECK(n->text != NULL && strlen(n->text) <= PE_PLAN_TEXT_MAX);
	FUZZ_CHECK(n->text[0] != '\0');
	la = n->a >= 0 ? p->node[n->a].lookback : 0;
	lb = n->b >= 0 ? p->node[n->b].lookback : 0;
	switch (n->op) {
	case PE_OP_CONST:
		FUZZ_CHECK(n->a < 0 && n->b < 0 && n->type == PE_VT_NUM);
		want = 0;
		break;
	case PE_OP_SYM:		/* another symbol's plan's value */
		FUZZ_CHECK(p->tf[n->n].symbol != NULL);
		/* FALLTHROUGH */
	case PE_OP_TF:		/* another plan's value: a leaf here */
		FUZZ_CHECK(n->a < 0 && n->b < 0);
		FUZZ_CHECK(n->n >= 0 && (size_t)n->n < p->ntf);
		FUZZ_CHECK(n->type ==
		    p->tf[n->n].plan->node[p->tf[n->n].root].type);
		want = 0;
		break;
	case PE_OP_PREV:	/* a recursive let's past: its root later */
		FUZZ_CHECK(n->a < 0 && n->b < 0 && n->type == PE_VT_NUM);
		FUZZ_CHECK(n->n >= 1 && n->n <= PE_PLAN_MAX_N);
		FUZZ_CHECK(n->ind > (int)i && (size_t)n->ind < p->nnodes);
		FUZZ_CHECK(p->node[n->ind].type == PE_VT_NUM);
		want = 0;
		break;
	case PE_OP_CUM:		/* 0 before its input's first value */
		FUZZ_CHECK(n->type == PE_VT_NUM &&
		    p->node[n->a].type == PE_VT_NUM);
		want = 0;
		break;
	case PE_OP_SERIES:
		FUZZ_CHECK(n->n >= PE_SER_OPEN && n->n <= PE_SER_OHLC4);
		want = 0;
		break;
	case PE_OP_IND:
		FUZZ_CHECK(n->ind >= 0 && (size_t)n->ind < p->ninds);
		FUZZ_CHECK(n->k >= 0 && n->k < p->ind[n->ind].info->nout);
		FUZZ_CHECK(p->ind[n->ind].node[n->k] == (int)i);
		FUZZ_CHECK(n->a == p->ind[n->ind].x && n->b == p->ind[n->ind].y);
		want = p->ind[n->ind].lookback;
		break;
	case PE_OP_OFFSET: case PE_OP_CHANGE: case PE_OP_RISING:
	case PE_OP_FALLING: case PE_OP_PERCENTRANK:
		FUZZ_CHECK(n->n >= 1 && n->n <= PE_PLAN_MAX_N);
		want = la + n->n;
		break;
	case PE_OP_HIGHEST: case PE_OP_LOWEST: case PE_OP_SUM:
	case PE_OP_MEDIAN:
		FUZZ_CHECK(n->n >= 1 && n->n <= PE_PLAN_MAX_N);
		want = la + n->n - 1;
		break;
	case PE_OP_CROSS_ABOVE: case PE_OP_CROSS_BELOW:
		want = lbmax(la, lb) + 1;
		break;
	case PE_OP_VALUEWHEN:
		FUZZ_CHECK(n->n >= 0 && n->n <= PE_PLAN_MAX_N);
		FUZZ_CHECK(p->node[n->a].type == PE_VT_BOOL);
		FUZZ_CHECK(n->type == p->node[n->b].type);
		want = lbmax(la, lb) + n->n;
		break;
	default:
		want = lbmax(la, lb);
		break;
	}
	FUZZ_CHECK(n->lookback == want);
	if (is_bool_op(n->op))
		FUZZ_CHECK(n->type == PE_VT_BOOL);
	if (n->op >= PE_OP_NEG && n->op <= PE_OP_MOD) {
		FUZZ_CHECK(n->type == PE_VT_NUM);
		FUZZ_CHECK(p->node[n->a].type == PE_VT_NUM);
		FUZZ_CHECK(n->b < 0 || p->node[n->b].type == PE_VT_NUM);
	}
	if (n->op == PE_OP_WHEN || n->op == PE_OP_UNLESS) {	/* iif */
		FUZZ_CHECK(p->node[n->a].type == PE_VT_BOOL);
		FUZZ_CHECK(n->type == p->node[n->b].type ||
		    (n->type == PE_VT_BOOL && p->node[n->b].op == PE_OP_CONST));
	}
	if (n->op >= PE_OP_SQRT && n->op <= PE_OP_TANH) {	/* math */
		FUZZ_CHECK(n->type == PE_VT_NUM);
		FUZZ_CHECK(p->node[n->a].type == PE_VT_NUM);
		FUZZ_CHECK(n->b < 0 || p->node[n->b].type == PE_VT_NUM);
		FUZZ_CHECK((n->b >= 0) == (n->op == PE_OP_POW ||
		    n->op == PE_OP_ROUND));
	}
	if (n->op == PE_OP_AND || n->op == PE_OP_OR || n->op == PE_OP_NOT) {
		FUZZ_CHECK(p->node[n->a].type == PE_VT_BOOL);
		FUZZ_CHECK(n->b < 0 || p->node[n->b].type == PE_VT_BOOL);
	}
}

/* Whether a node of kind op is named by the column rule. */
static int
is_column(enum pe_op op)
{
	return op == PE_OP_IND || op == PE_OP_HIGHEST || op == PE_OP_LOWEST ||
	    op == PE_OP_SUM || op == PE_OP_CHANGE;
}

/* A name is made of [a-z0-9_.] and not empty. */
static void
check_name(const char *s)
{
	FUZZ_CHECK(s != NULL && *s != '\0');
	for (; s != NULL && *s != '\0'; s++)
		FUZZ_CHECK((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')
		    || *s == '_' || *s == '.');
}

/*
 * The names: every column node and --values root has a name, every
 * non-series input of one an alias, each of [a-z0-9_.]; no two nodes
 * share one (checked two by two over the first nodes); formula labels
 * unique too.
 */
static void
check_names(const struct pe_plan *p)
{
	const struct pe_plan_node *n, *m;
	size_t i, j;

	for (i = 0; i < p->nnodes; i++) {
		n = &p->node[i];
		FUZZ_CHECK((n->name != NULL) >= is_column(n->op));
		if (n->name != NULL)
			check_name(n->name);
		if (n->alias != NULL)
			check_name(n->alias);
		FUZZ_CHECK(n->op != PE_OP_SERIES || n->alias == NULL ||
		    n->alias == n->name);
		if (is_column(n->op) && n->a >= 0 &&
		    p->node[n->a].op != PE_OP_SERIES &&
		    p->node[n->a].op != PE_OP_TIME)	/* named by their names */
			FUZZ_CHECK(p->node[n->a].alias != NULL);
		for (j = 0; j < i && i < MAX_PAIRWISE; j++) {
			m = &p->node[j];
			FUZZ_CHECK(n->name == NULL || ((m->name == NULL ||
			    strcmp(n->name, m->name) != 0) && (m->alias ==
			    NULL || strcmp(n->name, m->alias) != 0)));
			FUZZ_CHECK(n->alias == NULL || ((m->name == NULL ||
			    strcmp(n->alias, m->name) != 0) && (m->alias ==
			    NULL || strcmp(n->alias, m->alias) != 0)));
		}
	}
	for (i = 0; i < p->nformulas; i++) {
		FUZZ_CHECK(p->formula[i].label != NULL);
		FUZZ_CHECK(p->formula[i].role != PE_PR_VALUE ||
		    p->formula[i].label == p->node[p->formula[i].root].name);
		for (j = 0; j < i && i < MAX_PAIRWISE; j++)
			FUZZ_CHECK(p->formula[i].role == PE_PR_VALUE ||
			    p->formula[j].role == PE_PR_VALUE ||
			    strcmp(p->formula[i].label,
			    p->formula[j].label) != 0);
	}
}

static void
check_plan(const struct pe_plan *p, int values, int edge)
{
	const struct pe_plan_formula *f;
	unsigned char *mark;
	size_t i, j, k, cnt;
	long lb = 0;
	char small[16];

	FUZZ_CHECK(p->nnodes >= 1 && p->nformulas >= 1);
	for (i = 0; i < p->nnodes; i++)
		check_node(p, i);
	for (i = 0; i < p->nnodes && i < MAX_PAIRWISE; i++)
		for (j = 0; j < i; j++) {
			const struct pe_plan_node *x = &p->node[i], *y =
			    &p->node[j];

			FUZZ_CHECK(!(x->op == y->op && x->a == y->a &&
			    x->b == y->b && x->n == y->n && x->ind == y->ind &&
			    x->k == y->k && x->type == y->type &&
			    fuzz_same_double(x->value, y->value) &&
			    (x->op != PE_OP_CONST || signbit(x->value) ==
			    signbit(y->value))));
		}
	for (i = 0; i < p->ninds; i++) {
		const struct pe_plan_ind *in = &p->ind[i];
		long start = 0;

		FUZZ_CHECK(pe_ind_check(in->info, in->p, NULL) == PE_OK);
		FUZZ_CHECK((in->x >= 0) == !!(in->info->inputs & PE_IN_X));
		FUZZ_CHECK((in->y >= 0) == !!(in->info->inputs & PE_IN_Y));
		if (in->x >= 0)
			start = p->node[in->x].lookback;
		if (in->y >= 0)
			start = lbmax(start, p->node[in->y].lookback);
		FUZZ_CHECK(in->start == start);
		FUZZ_CHECK(in->lookback == start + in->info->lookback(in->p));
		FUZZ_CHECK(in->text != NULL);
		for (k = 0, cnt = 0; k < PE_IND_MAXOUT; k++)
			cnt += in->node[k] >= 0;
		FUZZ_CHECK(cnt >= 1);
		for (j = 0; j < i; j++)	/* one instance per call */
			FUZZ_CHECK(!(p->ind[j].info == in->info &&
			    p->ind[j].x == in->x && p->ind[j].y == in->y &&
			    memcmp(p->ind[j].p, in->p, sizeof in->p) == 0));
	}
	if ((mark = calloc(p->nnodes, 2)) == NULL)
		return;
	for (i = 0; i < p->nformulas; i++) {
		f = &p->formula[i];
		FUZZ_CHECK(f->root >= 0 && (size_t)f->root < p->nnodes);
		FUZZ_CHECK(f->lookback == p->node[f->root].lookback);
		FUZZ_CHECK(f->role == (values ? PE_PR_VALUE : PE_PR_SIGNAL));
		FUZZ_CHECK(f->src != NULL);
		if (!values)
			FUZZ_CHECK(p->node[f->root].type == PE_VT_BOOL);
		if (!values && edge)
			FUZZ_CHECK(p->node[f->root].op == PE_OP_FIRST);
		lb = lbmax(lb, f->lookback);
		memset(mark, 0, p->nnodes);
		mark[f->root] = 1;
		for (j = p->nnodes, cnt = 0; j-- > 0;) {
			if (!mark[j])
				continue;
			mark[p->nnodes + j] = 1;	/* reached by some */
			if (p->node[j].a >= 0)
				mark[p->node[j].a] = 1;
			if (p->node[j].b >= 0)
				mark[p->node[j].b] = 1;
		}
		for (j = 0, k = 0; j < p->nnodes; j++)
			if (mark[j] && is_column(p->node[j].op)) {
				FUZZ_CHECK(k < f->nval && f->val[k] == (int)j);
				k++;
			}
		FUZZ_CHECK(k == f->nval);
	}
	for (j = 0; j < p->nnodes; j++)
		FUZZ_CHECK(mark[p->nnodes + j]);	/* no dead node */
	free(mark);
	check_names(p);
	FUZZ_CHECK(p->lookback == lb);
	FUZZ_CHECK(pe_plan_explain(p, small, sizeof small) >= strlen(small));
	FUZZ_CHECK(strlen(small) < sizeof small);
}

static void
check_run(const struct pe_plan *p, const struct pe_series *s)
{
	struct pe_plan_vec *v;
	const double *c;
	size_t i, j;
	int rc;

	if (s == NULL || (v = pe_plan_vec_new(p, NULL)) == NULL)
		return;
	pe_plan_vec_refs(v, &refs);	/* every sym() reads the 50 bars */
	rc = pe_plan_run(v, s, NULL);
	FUZZ_CHECK(rc == PE_OK || rc == PE_ERR_NOMEM || rc == PE_ERR_DATA);
	FUZZ_CHECK((rc == PE_ERR_DATA) == (((p->inputs & PE_IN_VOLUME) &&
	    !s->has_volume) || tf_too_short(p, s)));
	if (rc == PE_OK) {
		FUZZ_CHECK(pe_plan_vec_len(v) == s->n);
		for (i = 0; i < p->nnodes; i++) {
			c = pe_plan_col(v, (int)i);
			for (j = 0; j < s->n; j++) {
				if (p->node[i].type == PE_VT_BOOL)
					FUZZ_CHECK(c[j] == 0 || c[j] == 1 ||
					    isnan(c[j]));
				if (p->node[i].op == PE_OP_NA ||
				    p->node[i].op == PE_OP_FIRST)
					FUZZ_CHECK(!isnan(c[j]));
			}
		}
	}
	pe_plan_vec_free(v);
}

static void
check_diags(const struct pe_formula *f, const struct pe_error *err)
{
	size_t k, len, lines, i;
	char *text;

	FUZZ_CHECK(f->ndiag >= 1);
	FUZZ_CHECK(err->code == PE_ERR_USAGE);
	FUZZ_CHECK(strcmp(err->msg, f->diag[0].msg) == 0);
	for (k = 0; k < f->ndiag; k++) {
		const struct pe_fdiag *d = &f->diag[k];

		FUZZ_CHECK(d->msg[0] != '\0');
		FUZZ_CHECK(d->at.off <= f->len &&
		    d->at.len <= f->len - d->at.off);
		if (k > 0)
			FUZZ_CHECK(d->at.off >= f->diag[k - 1].at.off);
		len = pe_formula_render(f, d, NULL, 0);
		if ((text = malloc(len + 1)) == NULL)
			continue;
		FUZZ_CHECK(pe_formula_render(f, d, text, len + 1) == len);
		for (i = 0, lines = 0; i < len; i++)
			lines += text[i] == '\n';
		FUZZ_CHECK(lines == 2);
		free(text);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pe_formula *f = NULL;
	struct pe_plan *p = NULL;
	struct pe_plan_src src;
	struct pe_error err;
	int file, values, edge, rc;

	if (size < 1)
		return 0;
	file = data[0] & 1;
	values = (data[0] >> 1) & 1;
	edge = (data[0] >> 2) & 1;
	if (file)
		rc = pe_formula_parse_file((const char *)data + 1, size - 1,
		    "fuzz.pe", &f, NULL);
	else
		rc = pe_formula_parse_expr((const char *)data + 1, size - 1,
		    NULL, &f, NULL);
	if (rc != PE_OK) {
		pe_formula_free(f);
		return 0;
	}
	make_series();
	src.f = f;
	src.role = values ? PE_PR_VALUE : PE_PR_SIGNAL;
	pe_error_clear(&err);
	rc = pe_plan_compile(&src, 1, edge ? PE_PLAN_EDGE : 0, &p, &err);
	FUZZ_CHECK(rc == PE_OK || rc == PE_ERR_USAGE || rc == PE_ERR_NOMEM);
	FUZZ_CHECK((rc == PE_OK) == (p != NULL));
	if (rc == PE_OK) {
		FUZZ_CHECK(f->ndiag == 0);
		check_plan(p, values, edge);
		check_run(p, bars);
		check_run(p, empty);
	} else if (rc == PE_ERR_USAGE)
		check_diags(f, &err);
	pe_plan_free(p);
	pe_formula_free(f);
	return 0;
}
