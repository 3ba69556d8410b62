/*
 * adxr: Wilder's average directional movement rating,
 * (ADX + ADX[n-1 bars ago]) / 2.
 *
 * As TA-Lib's ADXR (ta_func/ta_ADXR.c): the ADX of adx.c (pe_adx in dm.h),
 * its last n values kept in a ring.  Lookback 3n-2.
 */
#include "dm.h"

struct adxr {
	struct pe_adx adx;
	struct pe_ring hist;
	uint32_t nadx;		/* ADX values so far, up to n */
};

static void
adxr_init(void *st, const double *p, void *rings)
{
	struct adxr *s = st;

	pe_adx_init(&s->adx, (uint32_t)p[0]);
	pe_ring_init(&s->hist, rings, (uint32_t)p[0]);
	s->nadx = 0;
}

static inline int
adxr_step(struct adxr *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	uint32_t n = s->adx.dm.n;

	if (!pe_adx_step(&s->adx, b))
		return 0;
	pe_ring_push(&s->hist, s->adx.adx, u);
	if (s->nadx < n)
		s->nadx++;
	if (s->nadx < n)
		return 0;
	out[0] = (s->adx.adx + pe_ring_ago(&s->hist, n - 1)) / 2.0;
	return 1;
}

PE_IND_DEFINE(adxr, struct adxr, 1)

static long
adxr_lookback(const double *p)
{
	return 3 * (long)p[0] - 2;
}

static size_t
adxr_rings(const double *p)
{
	return pe_doubles(p[0]);
}

const struct pe_ind_info pe_ind_adxr = {
	.name = "adxr",
	.desc = "average directional movement rating: (ADX + ADX n-1 bars "
	    "ago) / 2",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 2, 100000 } },
	.nout = 1,
	.out = { "adxr" },
	.lookback = adxr_lookback,
	.ring_size = adxr_rings,
	PE_IND_FUNCS(adxr, struct adxr),
};
