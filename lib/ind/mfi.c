/*
 * mfi: money flow index, 100 * positive flow / (positive + negative flow)
 * over the last n bars.
 *
 * As TA-Lib's MFI (ta_func/ta_MFI.c): typical price TP = (H + L + C) / 3,
 * money flow TP * V counted positive when TP rose, negative when it fell,
 * neither when it is unchanged; running sums over the last n flows (the
 * oldest taken away before the new one is added); 0 when the two sums
 * together are below 1.  Lookback n.
 */
#include "ind.h"

struct mfi {
	struct pe_ring pos, neg;
	double prev, psum, nsum;
	uint32_t n, count;
};

static void
mfi_init(void *st, const double *p, void *rings)
{
	struct mfi *s = st;
	uint32_t n = (uint32_t)p[0];

	memset(s, 0, sizeof *s);
	s->n = n;
	pe_ring_init(&s->pos, rings, n);
	pe_ring_init(&s->neg, (double *)rings + n, n);
}

static inline int
mfi_step(struct mfi *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double tp, d, f, pf = 0, nf = 0, t;
	uint32_t i = s->count;

	if (s->count < UINT32_MAX)
		s->count++;
	tp = (b->high + b->low + b->close) / 3.0;
	if (i == 0) {
		s->prev = tp;
		return 0;
	}
	if (i > s->n) {
		s->psum -= pe_ring_ago(&s->pos, s->n - 1);
		s->nsum -= pe_ring_ago(&s->neg, s->n - 1);
	}
	d = tp - s->prev;
	s->prev = tp;
	f = tp * b->volume;
	if (d < 0) {
		nf = f;
		s->nsum += f;
	} else if (d > 0) {
		pf = f;
		s->psum += f;
	}
	pe_ring_push(&s->pos, pf, u);
	pe_ring_push(&s->neg, nf, u);
	if (i < s->n)
		return 0;
	t = s->psum + s->nsum;
	out[0] = t < 1.0 ? 0.0 : 100.0 * (s->psum / t);
	return 1;
}

PE_IND_DEFINE(mfi, struct mfi, 1)

static long
mfi_lookback(const double *p)
{
	return (long)p[0];
}

static size_t
mfi_rings(const double *p)
{
	return pe_doubles(2 * p[0]);
}

const struct pe_ind_info pe_ind_mfi = {
	.name = "mfi",
	.desc = "money flow index: 100 * positive / (positive + negative) "
	    "money flow over n bars",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE | PE_IN_VOLUME,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 2, 100000 } },
	.nout = 1,
	.out = { "mfi" },
	.lookback = mfi_lookback,
	.ring_size = mfi_rings,
	PE_IND_FUNCS(mfi, struct mfi),
};
