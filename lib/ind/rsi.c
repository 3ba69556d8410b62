/*
 * rsi: Wilder's relative strength index, 100 * gain / (gain + loss).
 *
 * As TA-Lib's RSI: the first averages are the simple means of the first n
 * changes (bars 1..n), then Wilder smoothing avg = (avg * (n-1) + x) / n,
 * in TA-Lib's order of operations.  gain + loss within 1e-14 of zero gives
 * 0 (TA-Lib's TA_IS_ZERO), not 50.  Lookback n.
 */
#include "ind.h"

struct rsi {
	double prev, gain, loss;
	uint32_t n, count;
};

static void
rsi_init(void *st, const double *p, void *rings)
{
	struct rsi *s = st;

	(void)rings;
	memset(s, 0, sizeof *s);
	s->n = (uint32_t)p[0];
}

static inline int
rsi_step(struct rsi *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double d, t;

	(void)u;
	if (s->count++ == 0) {
		s->prev = b->x;
		return 0;
	}
	d = b->x - s->prev;
	s->prev = b->x;
	if (s->count <= s->n + 1) {
		if (d < 0)
			s->loss -= d;
		else
			s->gain += d;
		if (s->count <= s->n)
			return 0;
	} else {
		s->loss *= s->n - 1;
		s->gain *= s->n - 1;
		if (d < 0)
			s->loss -= d;
		else
			s->gain += d;
	}
	s->loss /= s->n;
	s->gain /= s->n;
	t = s->gain + s->loss;
	out[0] = t > -1e-14 && t < 1e-14 ? 0 : 100 * (s->gain / t);
	return 1;
}

PE_IND_DEFINE(rsi, struct rsi, 1)

static long
rsi_lookback(const double *p)
{
	return (long)p[0];
}

const struct pe_ind_info pe_ind_rsi = {
	.name = "rsi",
	.desc = "relative strength index (Wilder): 100 * avg gain / "
	    "(avg gain + avg loss)",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 2, 100000 } },
	.nout = 1,
	.out = { "rsi" },
	.lookback = rsi_lookback,
	PE_IND_FUNCS(rsi, struct rsi),
};
