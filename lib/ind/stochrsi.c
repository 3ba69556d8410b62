/*
 * stochrsi: the stochastic RSI, the fast stochastic of the RSI.
 *
 * As TA-Lib's STOCHRSI(14, fastk 5, fastd 3, SMA): RSI(n) (rsi.h, the one
 * RSI step), then STOCHF over it with the RSI as high, low and close:
 * %K = (RSI - lowest RSI) / ((highest RSI - lowest RSI) / 100) over fastk
 * values, 0 when they are equal; %D = SMA(fastd) of %K.  Both outputs
 * start at the same bar, lookback n + (fastk-1) + (fastd-1).  The
 * smoothing is SMA only (TA-Lib's default): its MA-type parameter is not
 * offered.  Highest and lowest from window.h, amortised O(1).
 */
#include "rsi.h"
#include "window.h"

struct stochrsi {
	struct rsi rsi;
	struct pe_ext hi, lo;
	struct pe_rsum d;
};

static void
stochrsi_init(void *st, const double *p, void *rings)
{
	struct stochrsi *s = st;
	uint32_t fk = (uint32_t)p[1], fd = (uint32_t)p[2];
	char *m = rings;

	rsi_init(&s->rsi, p, NULL);
	pe_ext_init(&s->hi, m, fk, 1);
	m += pe_ext_size(fk);
	pe_ext_init(&s->lo, m, fk, -1);
	m += pe_ext_size(fk);
	pe_rsum_init(&s->d, m, fd);
}

static inline int
stochrsi_step(struct stochrsi *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double r, k;

	if (!rsi_step(&s->rsi, b, &r, u))
		return 0;
	pe_ext_push(&s->hi, r, u);
	pe_ext_push(&s->lo, r, u);
	if (!pe_ext_full(&s->hi))
		return 0;
	k = pe_ext_fastk(&s->hi, &s->lo, r);
	if (!pe_rsum_mean(&s->d, k, &out[1], u))
		return 0;
	out[0] = k;
	return 1;
}

PE_IND_DEFINE(stochrsi, struct stochrsi, 2)

static long
stochrsi_lookback(const double *p)
{
	return (long)(p[0] + p[1] - 1 + p[2] - 1);
}

static size_t
stochrsi_rings(const double *p)
{
	return 2 * pe_ext_size(p[1]) + pe_rsum_size(p[2]);
}

const struct pe_ind_info pe_ind_stochrsi = {
	.name = "stochrsi",
	.desc = "stochastic RSI: the fast stochastic (%K, %D) of the RSI",
	.inputs = PE_IN_X,
	.nparams = 3,
	.param = {
		{ "period", PE_P_INT, 14, 2, 100000 },
		{ "fastk", PE_P_INT, 5, 1, 100000 },
		{ "fastd", PE_P_INT, 3, 1, 100000 },
	},
	.nout = 2,
	.out = { "fastk", "fastd" },
	.lookback = stochrsi_lookback,
	.ring_size = stochrsi_rings,
	PE_IND_FUNCS(stochrsi, struct stochrsi),
};
