/*
 * keltner: Keltner channels, the modern form (Linda Raschke's, as most
 * charting tools draw them).
 *
 * Definition: middle = EMA(close, n), upper = middle + m * ATR(a),
 * lower = middle - m * ATR(a).  The EMA is TA-Lib's (k = 2/(n+1), seeded
 * by the SMA of the first n closes; ma.h), the ATR TA-Lib's (Wilder: the
 * mean of TR[1..a], then atr = (atr (a-1) + tr) / a; dm.h).  Both read
 * from bar 0; the bands exist once both do.  Lookback max(n-1, a): 19
 * with the defaults n = 20, m = 2, a = 10.
 *
 * Bloat: no choice of average for the middle line, no Chester Keltner's
 * original (SMA of the typical price +/- SMA of the range).
 */
#include "dm.h"
#include "ma.h"

struct keltner {
	struct pe_ema mid;
	struct pe_atr atr;
	double m;
};

static void
keltner_init(void *st, const double *p, void *rings)
{
	struct keltner *s = st;
	uint32_t n = (uint32_t)p[0];

	(void)rings;
	pe_ema_init(&s->mid, n, 2.0 / (n + 1.0));
	pe_atr_init(&s->atr, (uint32_t)p[2]);
	s->m = p[1];
}

static inline int
keltner_step(struct keltner *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double mid = 0;
	int a = pe_ema_step(&s->mid, b->close, &mid);

	(void)u;
	if (!pe_atr_step(&s->atr, b) || !a)
		return 0;
	out[0] = mid + s->m * s->atr.atr;
	out[1] = mid;
	out[2] = mid - s->m * s->atr.atr;
	return 1;
}

PE_IND_DEFINE(keltner, struct keltner, 3)

static long
keltner_lookback(const double *p)
{
	long n = (long)p[0] - 1, a = (long)p[2];

	return n > a ? n : a;
}

const struct pe_ind_info pe_ind_keltner = {
	.name = "keltner",
	.desc = "Keltner channels: EMA(close, n) +/- m * ATR(a)",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 3,
	.param = {
		{ "period", PE_P_INT, 20, 2, 100000 },
		{ "multiplier", PE_P_REAL, 2, -3e37, 3e37 },
		{ "atrperiod", PE_P_INT, 10, 1, 100000 },
	},
	.nout = 3,
	.out = { "upper", "middle", "lower" },
	.lookback = keltner_lookback,
	PE_IND_FUNCS(keltner, struct keltner),
};
