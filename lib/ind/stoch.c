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
	struct pe_ma d;		/* slow %D */
};

/*
 * p = (fastk, slowk, slowd, slowk's MA type, slowd's): the fast
 * stochastic takes fastk, slowk and slowk's type.
 */
static void
stoch_init(void *st, const double *p, void *rings)
{
	struct stoch *s = st;

	stochf_init3(&s->fast, p[0], p[1], p[3], rings);
	pe_ma_init(&s->d, (int)p[4], (uint32_t)p[2], (double *)(void *)
	    ((char *)rings + stochf_rings3(p[0], p[1], p[3])));
}

static inline int
stoch_step(struct stoch *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double f[2];

	if (!stochf_step(&s->fast, b, f, u))
		return 0;
	if (!pe_ma_step(&s->d, f[1], &out[1], u))
		return 0;
	out[0] = f[1];
	return 1;
}

PE_IND_DEFINE(stoch, struct stoch, 2)

static long
stoch_lookback(const double *p)
{
	return stochf_lookback3(p[0], p[1], p[3]) +
	    pe_ma_lookback((int)p[4], (uint32_t)p[2]);
}

static size_t
stoch_rings(const double *p)
{
	return stochf_rings3(p[0], p[1], p[3]) +
	    pe_doubles((double)pe_ma_ring_size((int)p[4], (uint32_t)p[2]));
}

const struct pe_ind_info pe_ind_stoch = {
	.name = "stoch",
	.desc = "slow stochastic: %K = MA of fast %K, %D = MA of %K",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 5,
	.param = {
		{ "fastk", PE_P_INT, 5, 1, 100000 },
		{ "slowk", PE_P_INT, 3, 1, 100000 },
		{ "slowd", PE_P_INT, 3, 1, 100000 },
		{ "slowkmatype", PE_P_MA, PE_MA_SMA, 0, 8 },
		{ "slowdmatype", PE_P_MA, PE_MA_SMA, 0, 8 },
	},
	.nout = 2,
	.out = { "slowk", "slowd" },
	.lookback = stoch_lookback,
	.ring_size = stoch_rings,
	PE_IND_FUNCS(stoch, struct stoch),
};
