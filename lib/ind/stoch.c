/*
 * stoch: the slow stochastic, %K and %D.
 *
 * As TA-Lib's STOCH(fastk 5, slowk 3, SMA, slowd 3, SMA): fast %K =
 * (C - LL) / ((HH - LL) / 100) over fastk bars, 0 when HH = LL; slow %K =
 * SMA(slowk) of fast %K; slow %D = SMA(slowd) of slow %K; both outputs
 * start at the same bar, lookback (fastk-1) + (slowk-1) + (slowd-1).  The
 * smoothing is SMA only (TA-Lib's default): its MA-type parameters are not
 * offered.  HH and LL from window.h's rolling extremes, amortised O(1).
 */
#include "window.h"

struct stoch {
	struct pe_ext hi, lo;
	struct pe_rsum k, d;	/* slow %K, slow %D */
};

static void
stoch_init(void *st, const double *p, void *rings)
{
	struct stoch *s = st;
	uint32_t fk = (uint32_t)p[0], sk = (uint32_t)p[1], sd = (uint32_t)p[2];
	char *m = rings;

	pe_ext_init(&s->hi, m, fk, 1);
	m += pe_ext_size(fk);
	pe_ext_init(&s->lo, m, fk, -1);
	m += pe_ext_size(fk);
	pe_rsum_init(&s->k, m, sk);
	m += pe_rsum_size(sk);
	pe_rsum_init(&s->d, m, sd);
}

static inline int
stoch_step(struct stoch *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double k;

	pe_ext_push(&s->hi, b->high, u);
	pe_ext_push(&s->lo, b->low, u);
	if (!pe_ext_full(&s->hi))
		return 0;
	if (!pe_rsum_mean(&s->k, pe_ext_fastk(&s->hi, &s->lo, b->close), &k,
	    u))
		return 0;
	if (!pe_rsum_mean(&s->d, k, &out[1], u))
		return 0;
	out[0] = k;
	return 1;
}

PE_IND_DEFINE(stoch, struct stoch, 2)

static long
stoch_lookback(const double *p)
{
	return (long)(p[0] - 1 + p[1] - 1 + p[2] - 1);
}

static size_t
stoch_rings(const double *p)
{
	return 2 * pe_ext_size(p[0]) + pe_rsum_size(p[1]) +
	    pe_rsum_size(p[2]);
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
