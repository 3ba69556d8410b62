/*
 * vec.c: the vectorised evaluator.  Every node of a plan becomes a column
 * over the whole series, node after node in the plan's order (operands
 * first): indicators through pe_ind_batch over their input columns, the
 * element-wise ops as one tight loop each (the semantics from ops.h), the
 * rolling built-ins in O(n) (a monotonic deque for highest/lowest, the
 * shared running sum of ops.h for sum).  See pe_plan.h for the contract
 * and pe_plan_vec_* for the memory.
 *
 * Bloat: no SIMD intrinsics (the loops are left to the compiler), no
 * evaluation of only the last bars (--last computes every column: the
 * indicators need the whole history anyway), no threads.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "pe_plan.h"

struct pe_plan_vec {
	const struct pe_plan *p;
	size_t n, cap;		/* bars of the last run; room per column */
	const double **col;	/* per node: its column */
	double **own;		/* per node: its storage, NULL for a raw series */
	double *mem;		/* every owned column, cap doubles each */
	size_t nown;
	double *scratch;	/* PE_IND_MAXOUT x cap doubles: unused
				 * outputs (each its own, for a store),
				 * windows */
	size_t *iscratch;	/* cap indices: deques, positions */
	struct pe_ind **ind;	/* per instance */
	int *ind_first;		/* per instance: its first output node */
	int *grp;		/* per node: the root of the recursive let
				 * whose recurrence it is part of, or -1 */
	int *grp_from;		/* per root: its recurrence's first node */
	struct pe_plan_vec **sub;	/* per tf: its plan's evaluator */
	struct pe_series **tfbars;	/* per tf: the other bars */
	const struct pe_plan_store *store;	/* NULL: none */
	const struct pe_plan_refs *refs;	/* sym()'s series; NULL: none */
};

/* A raw series node reads s's own column. */
static int
is_raw(const struct pe_plan_node *n)
{
	return n->op == PE_OP_SERIES && n->n <= PE_SER_VOLUME;
}

/*
 * The recurrences of recursive lets (pe_plan.h, PREV): a PREV and the
 * nodes up to its let's root that read it belong to the root's group,
 * run bar by bar when the root's turn comes.  (Only element-wise ops and
 * offsets read a PREV there: the checker makes sure.)
 */
static void
find_groups(struct pe_plan_vec *v)
{
	const struct pe_plan *p = v->p;
	const struct pe_plan_node *nd;
	size_t i;
	int g, k, in[2];

	for (i = 0; i < p->nnodes; i++)
		v->grp_from[i] = -1;
	for (i = 0; i < p->nnodes; i++) {
		nd = &p->node[i];
		g = nd->op == PE_OP_PREV && nd->ind > (int)i ? nd->ind : -1;
		in[0] = nd->a;
		in[1] = nd->b;
		for (k = 0; k < 2 && g < 0 && nd->op != PE_OP_IND; k++)
			if (in[k] >= 0 && v->grp[in[k]] >= 0 &&
			    v->grp[in[k]] != in[k] && v->grp[in[k]] >= (int)i)
				g = v->grp[in[k]];
		v->grp[i] = g;
		if (g >= 0 && v->grp_from[g] < 0)	/* its first PREV */
			v->grp_from[g] = (int)i;
	}
}

struct pe_plan_vec *
pe_plan_vec_new(const struct pe_plan *p, struct pe_error *err)
{
	struct pe_plan_vec *v;
	size_t i;
	int k;

	if ((v = calloc(1, sizeof *v)) == NULL)
		goto nomem;
	v->p = p;
	if ((v->col = calloc(p->nnodes + 1, sizeof *v->col)) == NULL ||
	    (v->own = calloc(p->nnodes + 1, sizeof *v->own)) == NULL ||
	    (v->ind = calloc(p->ninds + 1, sizeof *v->ind)) == NULL ||
	    (v->ind_first = calloc(p->ninds + 1, sizeof *v->ind_first)) ==
	    NULL)
		goto nomem;
	for (i = 0; i < p->nnodes; i++)
		v->nown += !is_raw(&p->node[i]);
	if ((v->grp = malloc((p->nnodes + 1) * sizeof *v->grp)) == NULL ||
	    (v->grp_from = malloc((p->nnodes + 1) * sizeof *v->grp_from)) ==
	    NULL || (v->sub = calloc(p->ntf + 1, sizeof *v->sub)) == NULL ||
	    (v->tfbars = calloc(p->ntf + 1, sizeof *v->tfbars)) == NULL)
		goto nomem;
	find_groups(v);
	for (i = 0; i < p->ntf; i++) {
		if ((v->tfbars[i] = pe_series_new("tf")) == NULL)
			goto nomem;
		if ((v->sub[i] = pe_plan_vec_new(p->tf[i].plan, err)) == NULL) {
			pe_plan_vec_free(v);
			return NULL;
		}
	}
	for (i = 0; i < p->ninds; i++) {
		if ((v->ind[i] = pe_ind_new(p->ind[i].info, p->ind[i].p,
		    err)) == NULL) {
			pe_plan_vec_free(v);
			return NULL;
		}
		v->ind_first[i] = -1;
		for (k = PE_IND_MAXOUT; k-- > 0;)
			if (p->ind[i].node[k] >= 0 && (v->ind_first[i] < 0 ||
			    p->ind[i].node[k] < v->ind_first[i]))
				v->ind_first[i] = p->ind[i].node[k];
	}
	return v;
nomem:
	pe_plan_vec_free(v);
	pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0, "out of memory");
	return NULL;
}

void
pe_plan_vec_free(struct pe_plan_vec *v)
{
	size_t i;

	if (v == NULL)
		return;
	if (v->ind != NULL)
		for (i = 0; i < v->p->ninds; i++)
			pe_ind_free(v->ind[i]);
	free(v->ind);
	free(v->ind_first);
	free(v->grp);
	free(v->grp_from);
	for (i = 0; v->sub != NULL && v->tfbars != NULL && i < v->p->ntf;
	    i++) {
		pe_plan_vec_free(v->sub[i]);
		pe_series_free(v->tfbars[i]);
	}
	free(v->sub);
	free(v->tfbars);
	free(v->col);
	free(v->own);
	free(v->mem);
	free(v->scratch);
	free(v->iscratch);
	free(v);
}

size_t
pe_plan_vec_len(const struct pe_plan_vec *v)
{
	return v->n;
}

const double *
pe_plan_col(const struct pe_plan_vec *v, int node)
{
	return v->col[node];
}

/* Room for n bars in every column. */
static int
reserve(struct pe_plan_vec *v, size_t n)
{
	size_t i, j, cap;
	double *mem, *scratch;
	size_t *iscratch;

	if (n <= v->cap && v->mem != NULL)
		return 0;
	cap = n > v->cap + v->cap / 2 ? n : v->cap + v->cap / 2;
	if (cap < 64)
		cap = 64;
	if (v->nown > 0 && cap > SIZE_MAX / sizeof(double) / v->nown)
		return -1;
	free(v->mem);
	free(v->scratch);
	free(v->iscratch);
	v->mem = NULL;
	v->scratch = NULL;
	v->iscratch = NULL;
	v->cap = 0;
	mem = malloc((v->nown ? v->nown : 1) * cap * sizeof *mem);
	scratch = malloc(PE_IND_MAXOUT * cap * sizeof *scratch);
	iscratch = malloc(cap * sizeof *iscratch);
	if (mem == NULL || scratch == NULL || iscratch == NULL) {
		free(mem);
		free(scratch);
		free(iscratch);
		return -1;
	}
	v->mem = mem;
	v->scratch = scratch;
	v->iscratch = iscratch;
	v->cap = cap;
	for (i = j = 0; i < v->p->nnodes; i++)
		v->own[i] = is_raw(&v->p->node[i]) ? NULL : mem + cap * j++;
	return 0;
}

static void
fill(double *o, size_t n, double x)
{
	size_t j;

	for (j = 0; j < n; j++)
		o[j] = x;
}

void
pe_plan_vec_store(struct pe_plan_vec *v, const struct pe_plan_store *st)
{
	v->store = st;
}

void
pe_plan_vec_refs(struct pe_plan_vec *v, const struct pe_plan_refs *r)
{
	v->refs = r;
}

/* Instance i over the series: every output column at once, or from the
 * store. */
static void
run_ind(struct pe_plan_vec *v, const struct pe_series *s, size_t i)
{
	const struct pe_plan_ind *in = &v->p->ind[i];
	size_t n = s->n, start = (size_t)in->start;
	double *out[PE_IND_MAXOUT], *at[PE_IND_MAXOUT];
	struct pe_cols c;
	int k;

	if (start > n)
		start = n;
	for (k = 0; k < in->info->nout; k++)
		out[k] = in->node[k] >= 0 ? v->own[in->node[k]] :
		    v->scratch + (size_t)k * v->cap;
	if (v->store != NULL && v->store->get(v->store->ctx, in, n, out))
		return;
	for (k = 0; k < in->info->nout; k++) {
		fill(out[k], start, NAN);
		at[k] = out[k] + start;
	}
	if (start < n) {
		c.open = s->open + start;
		c.high = s->high + start;
		c.low = s->low + start;
		c.close = s->close + start;
		c.volume = s->volume + start;
		c.time = s->time + start;
		c.x = in->x >= 0 ? v->col[in->x] + start : NULL;
		c.y = in->y >= 0 ? v->col[in->y] + start : NULL;
		pe_ind_batch(v->ind[i], n - start, &c, at);
	}
	if (v->store != NULL)
		v->store->put(v->store->ctx, in, n,
		    (const double *const *)out);
}

#define MAP1(EXPR) do {							\
	for (j = 0; j < n; j++) {					\
		double x = A[j];					\
		o[j] = (EXPR);						\
	}								\
} while (0)

#define MAP2(EXPR) do {							\
	for (j = 0; j < n; j++) {					\
		double x = A[j], y = B[j];				\
		o[j] = (EXPR);						\
	}								\
} while (0)

static void
run_elem(enum pe_op op, const double *A, const double *B, double *o,
    size_t n)
{
	size_t j;

	switch (op) {
	case PE_OP_NEG: MAP1(-x); break;
	case PE_OP_ADD: MAP2(x + y); break;
	case PE_OP_SUB: MAP2(x - y); break;
	case PE_OP_MUL: MAP2(x * y); break;
	case PE_OP_DIV: MAP2(pe_op_div(x, y)); break;
	case PE_OP_MOD: MAP2(pe_op_mod(x, y)); break;
	case PE_OP_LT: MAP2(pe_op_bool(x, y, x < y)); break;
	case PE_OP_LE: MAP2(pe_op_bool(x, y, x <= y)); break;
	case PE_OP_GT: MAP2(pe_op_bool(x, y, x > y)); break;
	case PE_OP_GE: MAP2(pe_op_bool(x, y, x >= y)); break;
	case PE_OP_EQ: MAP2(pe_op_bool(x, y, x == y)); break;
	case PE_OP_NE: MAP2(pe_op_bool(x, y, x != y)); break;
	case PE_OP_AND: MAP2(pe_op_and(x, y)); break;
	case PE_OP_OR: MAP2(pe_op_or(x, y)); break;
	case PE_OP_NOT: MAP1(pe_op_not(x)); break;
	case PE_OP_NA: MAP1(isnan(x) ? 1.0 : 0.0); break;
	case PE_OP_NZ: MAP2(isnan(x) ? y : x); break;
	case PE_OP_ABS: MAP1(fabs(x)); break;
	case PE_OP_MIN: MAP2(pe_op_min(x, y)); break;
	case PE_OP_MAX: MAP2(pe_op_max(x, y)); break;
	case PE_OP_WHEN: MAP2(x == 1 ? y : NAN); break;
	case PE_OP_UNLESS: MAP2(x == 0 ? y : NAN); break;
	default:
		if (op == PE_OP_POW || op == PE_OP_ROUND)
			MAP2(pe_op_math(op, x, y));
		else if (pe_op_is_math(op))
			MAP1(pe_op_math(op, x, NAN));
		else
			fill(o, n, NAN);
		break;
	}
}

/*
 * The highest (dir > 0) or lowest of the w values ending at each bar,
 * NaN before w values or while a NaN is among them; a zero comes out +0.
 * dq: n indices, a deque that only moves forward.
 */
static void
rolling_ext(const double *A, double *o, size_t n, size_t w, int dir,
    size_t *dq)
{
	size_t j, head = 0, tail = 0, nan_until = 0;	/* NaN while j < */
	double x;

	for (j = 0; j < n; j++) {
		x = A[j];
		if (isnan(x))
			nan_until = j + w;
		else if (dir > 0) {
			while (tail > head && A[dq[tail - 1]] <= x)
				tail--;
			dq[tail++] = j;
		} else {
			while (tail > head && A[dq[tail - 1]] >= x)
				tail--;
			dq[tail++] = j;
		}
		while (tail > head && dq[head] + w <= j)
			head++;
		if (j + 1 < w || j < nan_until || tail == head)
			o[j] = NAN;
		else
			o[j] = A[dq[head]] + 0.0;
	}
}

/* The column of raw series ser (PE_SER_OPEN .. PE_SER_VOLUME): s's own. */
static const double *
raw_col(const struct pe_series *s, long ser)
{
	switch (ser) {
	case PE_SER_OPEN: return s->open;
	case PE_SER_HIGH: return s->high;
	case PE_SER_LOW: return s->low;
	case PE_SER_CLOSE: return s->close;
	default: return s->volume;
	}
}

/* The built-ins over a window of past bars of column A (offset, change,
 * highest, lowest, rising, falling, sum) into o. */
/* The median of p[0..w), sorted in scratch (w doubles). */
static double
median_of(const double *p, size_t w, double *scratch)
{
	memcpy(scratch, p, w * sizeof *p);
	return pe_op_median(scratch, w);
}

static void
run_window(struct pe_plan_vec *v, const struct pe_plan_node *nd,
    const double *A, double *o, size_t n)
{
	size_t j, w = (size_t)nd->n;
	struct pe_wsum ws;

	switch (nd->op) {
	case PE_OP_OFFSET:
		for (j = 0; j < n; j++)
			o[j] = j < w ? NAN : A[j - w];
		break;
	case PE_OP_CHANGE:
		for (j = 0; j < n; j++)
			o[j] = j < w ? NAN : A[j] - A[j - w];
		break;
	case PE_OP_HIGHEST: case PE_OP_LOWEST:
		rolling_ext(A, o, n, w, nd->op == PE_OP_HIGHEST ? 1 : -1,
		    v->iscratch);
		break;
	case PE_OP_PERCENTRANK:
		for (j = 0; j < n; j++)
			o[j] = j < w ? NAN : pe_op_percentrank(A + j - w, w,
			    A[j]);
		break;
	case PE_OP_MEDIAN:
		for (j = 0; j < n; j++)
			o[j] = j + 1 < w ? NAN : median_of(A + j + 1 - w, w,
			    v->scratch);
		break;
	case PE_OP_RISING: case PE_OP_FALLING:
		/* scratch[j - 1]: the extreme of a_j-w .. a_j-1 */
		rolling_ext(A, v->scratch, n, w, nd->op == PE_OP_RISING ?
		    1 : -1, v->iscratch);
		for (j = 0; j < n; j++) {
			if (j < w || isnan(A[j]) || isnan(v->scratch[j - 1]))
				o[j] = NAN;
			else if (nd->op == PE_OP_RISING)
				o[j] = A[j] > v->scratch[j - 1];
			else
				o[j] = A[j] < v->scratch[j - 1];
		}
		break;
	default:	/* PE_OP_SUM */
		memset(&ws, 0, sizeof ws);
		for (j = 0; j < n; j++) {
			pe_wsum_add(&ws, A[j]);
			if (j + 1 < w) {
				o[j] = NAN;
				continue;
			}
			o[j] = pe_wsum_value(&ws);
			pe_wsum_drop(&ws, A[j + 1 - w]);
		}
		break;
	}
}

/* The built-ins that carry what they saw from bar to bar (cross_above,
 * cross_below, barssince, valuewhen, first) into o. */
static void
run_carry(struct pe_plan_vec *v, const struct pe_plan_node *nd,
    const double *A, const double *B, double *o, size_t n)
{
	size_t j, w = (size_t)nd->n, cnt;
	double prev, cur;
	long last;

	switch (nd->op) {
	case PE_OP_CROSS_ABOVE: case PE_OP_CROSS_BELOW:
		if (n > 0)
			o[0] = NAN;
		for (j = 1; j < n; j++) {
			double a0 = A[j - 1], b0 = B[j - 1], a1 = A[j],
			    b1 = B[j];

			if (isunordered(a0, b0) | isunordered(a1, b1))
				o[j] = NAN;
			else if (nd->op == PE_OP_CROSS_ABOVE)
				o[j] = (a1 > b1) & (a0 <= b0);
			else
				o[j] = (a1 < b1) & (a0 >= b0);
		}
		break;
	case PE_OP_BARSSINCE:
		for (j = 0, last = -1; j < n; j++) {
			if (A[j] == 1)
				last = (long)j;
			o[j] = last < 0 ? NAN : (double)((long)j - last);
		}
		break;
	case PE_OP_VALUEWHEN:
		for (j = 0, cnt = 0; j < n; j++) {
			if (A[j] == 1)
				v->iscratch[cnt++] = j;
			o[j] = cnt > w ? B[v->iscratch[cnt - 1 - w]] : NAN;
		}
		break;
	case PE_OP_CUM:
		for (j = 0, prev = 0; j < n; j++) {
			if (!isnan(A[j]))
				prev += A[j];
			o[j] = prev;
		}
		break;
	default:	/* PE_OP_FIRST */
		for (j = 0, prev = 0; j < n; j++) {
			cur = A[j] == 1;
			o[j] = cur > prev;	/* true now, not before */
			prev = cur;
		}
		break;
	}
}

static void
run_node(struct pe_plan_vec *v, const struct pe_series *s, size_t i)
{
	const struct pe_plan_node *nd = &v->p->node[i];
	const double *A = nd->a >= 0 ? v->col[nd->a] : NULL;
	const double *B = nd->b >= 0 ? v->col[nd->b] : NULL;
	double *o = v->own[i];
	size_t n = s->n, j;

	if (o == NULL) {	/* a raw series */
		v->col[i] = raw_col(s, nd->n);
		return;
	}
	v->col[i] = o;
	switch (nd->op) {
	case PE_OP_CONST:
		fill(o, n, nd->value);
		break;
	case PE_OP_TIME:
		for (j = 0; j < n; j++)
			o[j] = pe_op_time(nd->n, s->time[j], (int64_t)j,
			    s->date_only);
		break;
	case PE_OP_SERIES:
		for (j = 0; j < n; j++)
			o[j] = pe_op_series(nd->n, s->open[j], s->high[j],
			    s->low[j], s->close[j], s->volume[j]);
		break;
	case PE_OP_IND:
		if ((int)i == v->ind_first[nd->ind])
			run_ind(v, s, (size_t)nd->ind);
		break;
	case PE_OP_OFFSET: case PE_OP_CHANGE: case PE_OP_HIGHEST:
	case PE_OP_LOWEST: case PE_OP_RISING: case PE_OP_FALLING:
	case PE_OP_SUM: case PE_OP_PERCENTRANK: case PE_OP_MEDIAN:
		run_window(v, nd, A, o, n);
		break;
	case PE_OP_CROSS_ABOVE: case PE_OP_CROSS_BELOW:
	case PE_OP_BARSSINCE: case PE_OP_VALUEWHEN: case PE_OP_FIRST:
	case PE_OP_CUM:
		run_carry(v, nd, A, B, o, n);
		break;
	default:
		run_elem(nd->op, A, B, o, n);
		break;
	}
}

/*
 * The recurrence of a recursive let whose root is node r: its nodes bar
 * by bar, each bar's in order (their operands outside it are columns
 * already), with the element-wise semantics inc.c uses.
 */
static void
run_recurrence(struct pe_plan_vec *v, size_t n, size_t r)
{
	const struct pe_plan_node *nd;
	size_t t, j, from = (size_t)v->grp_from[r];
	double x, y;

	for (j = from; j <= r; j++)
		if (v->grp[j] == (int)r)
			v->col[j] = v->own[j];
	for (t = 0; t < n; t++)
		for (j = from; j <= r; j++) {
			if (v->grp[j] != (int)r)
				continue;
			nd = &v->p->node[j];
			if (nd->op == PE_OP_PREV || nd->op == PE_OP_OFFSET) {
				v->own[j][t] = t < (size_t)nd->n ? NAN :
				    v->col[nd->op == PE_OP_PREV ? nd->ind :
				    nd->a][t - (size_t)nd->n];
				continue;
			}
			x = v->col[nd->a][t];
			y = nd->b >= 0 ? v->col[nd->b][t] : NAN;
			v->own[j][t] = pe_op_elem(nd->op, x, y);
		}
}

/*
 * tf number k over s (pe_plan.h, TF): s's bars grouped into the other
 * timeframe's in v->tfbars[k], its plan run over them, and each bar of
 * s given the value at the bar before its own bucket's, into o.  A
 * timeframe no longer than the gaps between s's bars is an error: every
 * bucket would hold one bar.
 */
static int
run_tf(struct pe_plan_vec *v, const struct pe_series *s, long k, double *o,
    struct pe_error *err)
{
	const struct pe_plan_tf *t = &v->p->tf[k];
	struct pe_series *h = v->tfbars[k];
	size_t *idx = v->iscratch;	/* per bar: its bucket's bar in h */
	int64_t b = 0, bk, gap = INT64_MAX;
	struct pe_candle c, acc;
	const double *col;
	size_t j;
	int rc;

	pe_series_clear(h);
	for (j = 0; j < s->n; j++) {
		pe_series_get(s, j, &c);
		if (j > 0 && s->time[j] - s->time[j - 1] < gap)
			gap = s->time[j] - s->time[j - 1];
		bk = pe_op_tf_bucket(c.time, t->ms, s->date_only);
		if (j > 0 && bk == b) {
			pe_op_tf_merge(&acc, &c);
			idx[j] = h->n;
			continue;
		}
		if (j > 0 && pe_series_push(h, &acc, !s->date_only) != PE_OK)
			return pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0,
			    "out of memory");
		acc = c;
		b = bk;
		idx[j] = h->n;
	}
	if (s->n > 1 && gap >= pe_timeframe_min_ms(t->ms))
		return pe_error_set(err, PE_ERR_DATA, NULL, 0, 0, "tf(\"%s\", "
		    "...): the bars are %s apart or more; the timeframe must be "
		    "longer", t->name, t->name);
	if (s->n > 0 && pe_series_push(h, &acc, !s->date_only) != PE_OK)
		return pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	h->has_volume = s->has_volume;
	if ((rc = pe_plan_run(v->sub[k], h, err)) != PE_OK)
		return rc;
	col = pe_plan_col(v->sub[k], t->root);
	for (j = 0; j < s->n; j++)	/* the bucket before its own */
		o[j] = idx[j] > 0 ? col[idx[j] - 1] : NAN;
	return PE_OK;
}

/* Where bar j of s ends: where the next begins or a spacing after it
 * begins, whichever is first (a gap, a night or a weekend, is not part
 * of the bar before it). */
static int64_t
bar_end(const struct pe_series *s, size_t j, int64_t spacing)
{
	int64_t e = s->time[j] + spacing;

	return j + 1 < s->n && s->time[j + 1] < e ? s->time[j + 1] : e;
}

/* The smallest gap between s's bars; 0 for fewer than two. */
static int64_t
spacing_of(const struct pe_series *s)
{
	int64_t g = INT64_MAX;
	size_t j;

	for (j = 1; j < s->n; j++)
		if (s->time[j] - s->time[j - 1] < g)
			g = s->time[j] - s->time[j - 1];
	return s->n > 1 ? g : 0;
}

/*
 * sym number k over s (pe_plan.h, SYM): the other symbol's series from
 * the refs, its plan run over it, and each bar of s given the value at
 * that series' last bar that ended by the end of s's bar, into o.
 */
static int
run_sym(struct pe_plan_vec *v, const struct pe_series *s, long k, double *o,
    struct pe_error *err)
{
	const struct pe_plan_tf *t = &v->p->tf[k];
	const struct pe_series *r;
	int64_t sp, rsp;
	const double *col;
	size_t j, m = 0;
	int rc;

	if (v->refs == NULL)
		return pe_error_set(err, PE_ERR_USAGE, NULL, 0, 0, "sym(\"%s\","
		    " ...): no other symbol's candles here", t->symbol);
	if ((r = v->refs->get(v->refs->ctx, t->symbol, err)) == NULL)
		return err != NULL && err->code != PE_OK ? err->code :
		    PE_ERR_USAGE;
	if ((rc = pe_plan_run(v->sub[k], r, err)) != PE_OK)
		return rc;
	col = pe_plan_col(v->sub[k], t->root);
	sp = spacing_of(s);
	rsp = spacing_of(r);
	/* m: how many of r's bars have ended by the end of bar j */
	for (j = 0; j < s->n; j++) {
		while (m < r->n && bar_end(r, m, rsp) <= bar_end(s, j, sp))
			m++;
		o[j] = m > 0 ? col[m - 1] : NAN;
	}
	return PE_OK;
}

/*
 * The text of the first thing in p that reads volume (the series itself
 * before any indicator), or NULL; *series says whether it is the series.
 */
static const char *
volume_reader(const struct pe_plan *p, int *series)
{
	size_t i;

	*series = 1;
	for (i = 0; i < p->nnodes; i++)
		if (p->node[i].op == PE_OP_SERIES &&
		    p->node[i].n == PE_SER_VOLUME)
			return p->node[i].text;
	*series = 0;
	for (i = 0; i < p->ninds; i++)
		if (p->ind[i].info->inputs & PE_IN_VOLUME)
			return p->ind[i].text;
	return NULL;
}

int
pe_plan_run(struct pe_plan_vec *v, const struct pe_series *s,
    struct pe_error *err)
{
	const char *what;
	size_t i;
	int series, rc;

	v->n = 0;
	if ((v->p->inputs & PE_IN_VOLUME) && !s->has_volume &&
	    (what = volume_reader(v->p, &series)) != NULL)
		return pe_error_set(err, PE_ERR_DATA, NULL, 0, 0, series ?
		    "%s: the input has no volume" :
		    "%s needs volume, and the input has none", what);
	if (reserve(v, s->n) != 0)
		return pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	for (i = 0; i < v->p->nnodes; i++)
		if (v->p->node[i].op == PE_OP_TF ||
		    v->p->node[i].op == PE_OP_SYM) {
			v->col[i] = v->own[i];
			rc = v->p->node[i].op == PE_OP_TF ? run_tf(v, s,
			    v->p->node[i].n, v->own[i], err) : run_sym(v, s,
			    v->p->node[i].n, v->own[i], err);
			if (rc != PE_OK)
				return rc;
		} else if (v->grp[i] < 0)
			run_node(v, s, i);
		else if (v->grp[i] == (int)i)
			run_recurrence(v, s->n, i);
	v->n = s->n;
	return PE_OK;
}
