/*
 * ultosc: Williams' ultimate oscillator, 100 * (4 A1 + 2 A2 + A3) / 7,
 * Ak = sum(C - true low) / sum(true range) over the k-th period.
 *
 * As TA-Lib's ULTOSC(7, 14, 28): the periods are sorted, the shortest
 * weighted 4 and the longest 1; true low = min(L, C[-1]), true range as
 * TA-Lib builds it (H - L, then the larger of |C[-1] - H|, |C[-1] - L|);
 * running sums from bar 1 (each window's first term added, the total
 * used, its oldest term subtracted, in TA-Lib's order); a ratio whose
 * range sum is within 1e-14 of zero is left out.  Lookback: the longest
 * period.
 */
#include "window.h"

struct ultosc {
	struct pe_ring cmtl, tr;	/* the terms of the last L bars */
	double a[3], b[3], prev;
	uint32_t n[3];			/* the periods, shortest first */
	uint32_t count;
};

static void
ultosc_sort(const double *p, uint32_t *n)
{
	uint32_t t;
	int i, j;

	for (i = 0; i < 3; i++)
		n[i] = (uint32_t)p[i];
	for (i = 0; i < 3; i++)
		for (j = i + 1; j < 3; j++)
			if (n[j] < n[i]) {
				t = n[i];
				n[i] = n[j];
				n[j] = t;
			}
}

static void
ultosc_init(void *st, const double *p, void *rings)
{
	struct ultosc *s = st;

	memset(s, 0, sizeof *s);
	ultosc_sort(p, s->n);
	pe_ring_init(&s->cmtl, rings, s->n[2]);
	pe_ring_init(&s->tr, (double *)rings + s->n[2], s->n[2]);
}

static inline int
ultosc_step(struct ultosc *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double cy = s->prev, tl, cmtl, tr, d, o;
	uint32_t t = s->count;
	int k;

	s->prev = b->close;
	if (s->count < s->n[2])
		s->count++;
	if (t == 0)
		return 0;
	tl = b->low < cy ? b->low : cy;
	cmtl = b->close - tl;
	tr = b->high - b->low;
	if ((d = fabs(cy - b->high)) > tr)
		tr = d;
	if ((d = fabs(cy - b->low)) > tr)
		tr = d;
	pe_ring_push(&s->cmtl, cmtl, u);
	pe_ring_push(&s->tr, tr, u);
	for (k = 0; k < 3; k++)
		if (t >= s->n[2] - s->n[k] + 1) {
			s->a[k] += cmtl;
			s->b[k] += tr;
		}
	if (t < s->n[2])
		return 0;
	o = 0.0;
	if (!pe_is_zero(s->b[0]))
		o += 4.0 * (s->a[0] / s->b[0]);
	if (!pe_is_zero(s->b[1]))
		o += 2.0 * (s->a[1] / s->b[1]);
	if (!pe_is_zero(s->b[2]))
		o += s->a[2] / s->b[2];
	for (k = 0; k < 3; k++) {
		s->a[k] -= pe_ring_ago(&s->cmtl, s->n[k] - 1);
		s->b[k] -= pe_ring_ago(&s->tr, s->n[k] - 1);
	}
	out[0] = 100.0 * (o / 7.0);
	return 1;
}

PE_IND_DEFINE(ultosc, struct ultosc, 1)

static long
ultosc_lookback(const double *p)
{
	return (long)fmax(p[0], fmax(p[1], p[2]));
}

static size_t
ultosc_rings(const double *p)
{
	return 2 * pe_doubles(fmax(p[0], fmax(p[1], p[2])));
}

const struct pe_ind_info pe_ind_ultosc = {
	.name = "ultosc",
	.desc = "ultimate oscillator: weighted buying pressure over three "
	    "periods, 0..100",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 3,
	.param = {
		{ "period1", PE_P_INT, 7, 1, 100000 },
		{ "period2", PE_P_INT, 14, 1, 100000 },
		{ "period3", PE_P_INT, 28, 1, 100000 },
	},
	.nout = 1,
	.out = { "ultosc" },
	.lookback = ultosc_lookback,
	.ring_size = ultosc_rings,
	PE_IND_FUNCS(ultosc, struct ultosc),
};
