/*
 * stochf: the fast stochastic, %K and %D.
 *
 * As TA-Lib's STOCHF(fastk 5, fastd 3, SMA): %K = (C - LL) / ((HH - LL) /
 * 100) over fastk bars, 0 when HH = LL; %D = SMA(fastd) of %K; both
 * outputs start at the same bar, lookback (fastk-1) + (fastd-1).  The
 * smoothing is SMA only (TA-Lib's default): its MA-type parameter is not
 * offered.  HH and LL from window.h's rolling extremes, amortised O(1).
 */
#include "window.h"

struct stochf {
	struct pe_ext hi, lo;
	struct pe_rsum d;
};

static void
stochf_init(void *st, const double *p, void *rings)
{
	struct stochf *s = st;
	uint32_t fk = (uint32_t)p[0], fd = (uint32_t)p[1];
	char *m = rings;

	pe_ext_init(&s->hi, m, fk, 1);
	m += pe_ext_size(fk);
	pe_ext_init(&s->lo, m, fk, -1);
	m += pe_ext_size(fk);
	pe_rsum_init(&s->d, m, fd);
}

static inline int
stochf_step(struct stochf *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double k;

	pe_ext_push(&s->hi, b->high, u);
	pe_ext_push(&s->lo, b->low, u);
	if (!pe_ext_full(&s->hi))
		return 0;
	k = pe_ext_fastk(&s->hi, &s->lo, b->close);
	if (!pe_rsum_mean(&s->d, k, &out[1], u))
		return 0;
	out[0] = k;
	return 1;
}

PE_IND_DEFINE(stochf, struct stochf, 2)

static long
stochf_lookback(const double *p)
{
	return (long)(p[0] - 1 + p[1] - 1);
}

static size_t
stochf_rings(const double *p)
{
	return 2 * pe_ext_size(p[0]) + pe_rsum_size(p[1]);
}

const struct pe_ind_info pe_ind_stochf = {
	.name = "stochf",
	.desc = "fast stochastic: %K = (close - lowest low) / range, %D = "
	    "SMA of %K",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 2,
	.param = {
		{ "fastk", PE_P_INT, 5, 1, 100000 },
		{ "fastd", PE_P_INT, 3, 1, 100000 },
	},
	.nout = 2,
	.out = { "fastk", "fastd" },
	.lookback = stochf_lookback,
	.ring_size = stochf_rings,
	PE_IND_FUNCS(stochf, struct stochf),
};
