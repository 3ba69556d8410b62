/*
 * accbands: acceleration bands (Headley): SMAs of widened highs, of the
 * close, and of narrowed lows.
 *
 * As TA-Lib's ACCBANDS (ta_ACCBANDS.c): with w = 4 (high - low) /
 * (high + low) (the bar unchanged when high + low is within 1e-14 of 0),
 * upper = SMA(n) of high (1 + w), middle = SMA(n) of close, lower =
 * SMA(n) of low (1 - w) (pe_sma_step in ma.h).  Lookback n-1.
 */
#include "ma.h"

struct accbands {
	struct pe_sma up, mid, lo;
};

static void
accbands_init(void *st, const double *p, void *rings)
{
	struct accbands *s = st;
	uint32_t n = (uint32_t)p[0];
	double *mem = rings;

	pe_sma_init(&s->up, n, mem);
	pe_sma_init(&s->mid, n, mem + n);
	pe_sma_init(&s->lo, n, mem + 2 * (size_t)n);
}

static inline int
accbands_step(struct accbands *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double h = b->high, l = b->low, w = h + l;
	int a, c, d;

	if (!pe_is_zero(w)) {
		w = 4 * (h - l) / w;
		h = h * (1 + w);
		l = l * (1 - w);
	}
	a = pe_sma_step(&s->up, h, &out[0], u);
	c = pe_sma_step(&s->mid, b->close, &out[1], u);
	d = pe_sma_step(&s->lo, l, &out[2], u);
	return a && c && d;
}

PE_IND_DEFINE(accbands, struct accbands, 3)

static long
accbands_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
accbands_rings(const double *p)
{
	return pe_doubles(3 * p[0]);
}

const struct pe_ind_info pe_ind_accbands = {
	.name = "accbands",
	.desc = "acceleration bands: SMAs of high (1 + w), close, low (1 - w), "
	    "w = 4 (high - low) / (high + low)",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 20, 2, 100000 } },
	.nout = 3,
	.out = { "upper", "middle", "lower" },
	.lookback = accbands_lookback,
	.ring_size = accbands_rings,
	PE_IND_FUNCS(accbands, struct accbands),
};
