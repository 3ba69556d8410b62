/*
 * stochrsi: the stochastic RSI, the fast stochastic of the RSI.
 *
 * As TA-Lib's STOCHRSI(14, fastk 5, fastd 3, fastd_matype SMA), the MA
 * type as pe's word after the numbers: RSI(n) (rsi.h, the one RSI step),
 * then STOCHF over it with the RSI as high, low and close: %K = (RSI -
 * lowest RSI) / ((highest RSI - lowest RSI) / 100) over fastk values, 0
 * when they are equal; %D = MA(fastd) of %K.  Both outputs start at the
 * same bar, lookback n + (fastk-1) + the average's (fastd-1 for an SMA).
 * A composite: the RSI step (rsi.h) feeding the fast stochastic's
 * (stochf.h).
 */
#include "rsi.h"
#include "stochf.h"

struct stochrsi {
	struct rsi rsi;
	struct stochf f;
};

/* p = (period, fastk, fastd, fastd's MA type): the last three are the
 * fast stochastic's. */
static void
stochrsi_init(void *st, const double *p, void *rings)
{
	struct stochrsi *s = st;

	rsi_init(&s->rsi, p, NULL);
	stochf_init3(&s->f, p[1], p[2], p[3], rings);
}

static inline int
stochrsi_step(struct stochrsi *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double r;

	if (!rsi_step(&s->rsi, b, &r, u))
		return 0;
	return stochf_hlc(&s->f, r, r, r, out, u);
}

PE_IND_DEFINE(stochrsi, struct stochrsi, 2)

static long
stochrsi_lookback(const double *p)
{
	return (long)p[0] + stochf_lookback3(p[1], p[2], p[3]);
}

static size_t
stochrsi_rings(const double *p)
{
	return stochf_rings3(p[1], p[2], p[3]);
}

const struct pe_ind_info pe_ind_stochrsi = {
	.name = "stochrsi",
	.desc = "stochastic RSI: the fast stochastic (%K, %D) of the RSI",
	.inputs = PE_IN_X,
	.nparams = 4,
	.param = {
		{ "period", PE_P_INT, 14, 2, 100000 },
		{ "fastk", PE_P_INT, 5, 1, 100000 },
		{ "fastd", PE_P_INT, 3, 1, 100000 },
		{ "fastdmatype", PE_P_MA, PE_MA_SMA, 0, 8 },
	},
	.nout = 2,
	.out = { "fastk", "fastd" },
	.lookback = stochrsi_lookback,
	.ring_size = stochrsi_rings,
	PE_IND_FUNCS(stochrsi, struct stochrsi),
};
