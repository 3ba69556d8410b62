/*
 * cvi: Chaikin's volatility, the rate of change over n bars of an EMA(n)
 * of the range H - L, in percent.
 *
 * As Tulip Indicators 0.8.4's cvi (indicators/cvi.c): the EMA, k =
 * 2 / (n + 1), is seeded with the range of bar 0 (not an SMA), then e =
 * (range - e) k + e; cvi = 100 (e - e[n]) / e[n].  Where e[n] is 0 (a
 * series flat from its start) cvi is 0, not Tulip's inf or NaN.
 * Lookback 2n - 1.
 */
#include "tulip.h"

struct cvi {
	struct pe_ring lag;	/* the last n EMA values */
	double per, val;
	uint32_t n, count;
};

static void
cvi_init(void *st, const double *p, void *rings)
{
	struct cvi *s = st;

	memset(s, 0, sizeof *s);
	s->n = (uint32_t)p[0];
	s->per = 2 / (p[0] + 1);
	pe_ring_init(&s->lag, rings, s->n);
}

static inline int
cvi_step(struct cvi *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	uint32_t i = pe_tcount(&s->count);
	double old;

	if (i == 0) {
		s->val = b->high - b->low;
		return 0;
	}
	s->val = ((b->high - b->low) - s->val) * s->per + s->val;
	old = pe_ring_ago(&s->lag, s->n - 1);
	pe_ring_push(&s->lag, s->val, u);
	if (i < 2 * s->n - 1)
		return 0;
	out[0] = pe_tdiv(100.0 * (s->val - old), old);
	return 1;
}

PE_IND_DEFINE(cvi, struct cvi, 1)

static long
cvi_lookback(const double *p)
{
	return 2 * (long)p[0] - 1;
}

static size_t
cvi_rings(const double *p)
{
	return pe_doubles(p[0]);
}

const struct pe_ind_info pe_ind_cvi = {
	.name = "cvi",
	.desc = "Chaikin volatility (Tulip): rate of change over n bars of "
	    "an EMA(n) of H - L, in percent",
	.inputs = PE_IN_HIGH | PE_IN_LOW,
	.nparams = 1,
	/* At 1 Tulip reads a lag it never wrote. */
	.param = { { "period", PE_P_INT, 10, 2, 100000 } },
	.nout = 1,
	.out = { "cvi" },
	.lookback = cvi_lookback,
	.ring_size = cvi_rings,
	PE_IND_FUNCS(cvi, struct cvi),
};
