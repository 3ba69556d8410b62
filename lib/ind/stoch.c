/*
 * stoch: the slow stochastic, %K and %D.
 *
 * As TA-Lib's STOCH(fastk 5, slowk 3, SMA, slowd 3, SMA): fast %K =
 * (C - LL) / ((HH - LL) / 100) over fastk bars, 0 when HH = LL; slow %K =
 * SMA(slowk) of fast %K; slow %D = SMA(slowd) of slow %K; both outputs
 * start at the same bar, lookback (fastk-1) + (slowk-1) + (slowd-1).  The
 * smoothing is SMA only (TA-Lib's default): its MA-type parameters are not
 * offered.  A composite: the fast stochastic (stochf.h) with fastd =
 * slowk gives the slow %K as its %D, and one more SMA the slow %D.
 */
#include "stochf.h"

struct stoch {
	struct stochf fast;	/* its %D is the slow %K */
	struct pe_rsum d;	/* slow %D */
};

/* p = (fastk, slowk, slowd): the fast stochastic takes the first two. */
static void
stoch_init(void *st, const double *p, void *rings)
{
	struct stoch *s = st;

	stochf_init(&s->fast, p, rings);
	pe_rsum_init(&s->d, (char *)rings + stochf_rings(p), (uint32_t)p[2]);
}

static inline int
stoch_step(struct stoch *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double f[2];

	if (!stochf_step(&s->fast, b, f, u))
		return 0;
	if (!pe_rsum_mean(&s->d, f[1], &out[1], u))
		return 0;
	out[0] = f[1];
	return 1;
}

PE_IND_DEFINE(stoch, struct stoch, 2)

static long
stoch_lookback(const double *p)
{
	return stochf_lookback(p) + (long)(p[2] - 1);
}

static size_t
stoch_rings(const double *p)
{
	return stochf_rings(p) + pe_rsum_size(p[2]);
}

const struct pe_ind_info pe_ind_stoch = {
	.name = "stoch",
	.desc = "slow stochastic: %K = SMA of fast %K, %D = SMA of %K",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 3,
	.param = {
		{ "fastk", PE_P_INT, 5, 1, 100000 },
		{ "slowk", PE_P_INT, 3, 1, 100000 },
		{ "slowd", PE_P_INT, 3, 1, 100000 },
	},
	.nout = 2,
	.out = { "slowk", "slowd" },
	.lookback = stoch_lookback,
	.ring_size = stoch_rings,
	PE_IND_FUNCS(stoch, struct stoch),
};
