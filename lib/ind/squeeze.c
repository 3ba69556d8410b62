/*
 * squeeze: the TTM Squeeze (John Carter, "Mastering the Trade",
 * McGraw-Hill 2005, chapter 11), its momentum as TradingView's widely
 * used "Squeeze Momentum Indicator" (LazyBear) computes it.
 *
 * Definition, with n = 20, b = 2, k = 1.5 by default:
 *   Bollinger bands  SMA(C, n) +/- b sigma, sigma the population standard
 *                    deviation of the last n closes (TA-Lib's BBANDS)
 *   Keltner channel  EMA(C, n) +/- k ATR(n) (pe's keltner: TA-Lib's EMA
 *                    and Wilder ATR)
 *   on               1 while both Bollinger bands lie inside the Keltner
 *                    channel (upper below upper, lower above lower: the
 *                    squeeze is on), else 0
 *   momentum         the least-squares line's value at this bar, fitted
 *                    over the last n values of
 *                    C - ((HH + LL) / 2 + SMA(C, n)) / 2,
 *                    HH and LL the highest high and lowest low of n bars
 * Carter's histogram is the momentum; the dots are on (red while 1).
 * Lookback max(2(n-1), n), 38: the momentum needs n values of a series
 * that starts at bar n-1.
 *
 * Bloat: no separate periods for the bands, the channel and the
 * momentum (Carter's are all 20).
 */
#include "dm.h"
#include "ma.h"
#include "stats.h"
#include "window.h"

struct squeeze {
	struct pe_var var;
	struct pe_sma sma;
	struct pe_ema ema;
	struct pe_atr atr;
	struct pe_ext hi, lo;
	struct pe_linreg lr;
	double b, k, n;
};

static void
squeeze_init(void *st, const double *p, void *rings)
{
	struct squeeze *s = st;
	uint32_t n = (uint32_t)p[0];
	char *mem = rings;

	s->n = p[0];
	s->b = p[1];
	s->k = p[2];
	pe_var_init(&s->var, p[0], mem);
	mem += pe_doubles(p[0]);
	pe_sma_init(&s->sma, n, (double *)(void *)mem);
	mem += pe_doubles(p[0]);
	pe_ext_init(&s->hi, mem, n, 1);
	mem += pe_ext_size(p[0]);
	pe_ext_init(&s->lo, mem, n, -1);
	mem += pe_ext_size(p[0]);
	pe_linreg_init(&s->lr, p[0], mem);
	pe_ema_init(&s->ema, n, 2.0 / (p[0] + 1));
	pe_atr_init(&s->atr, n);
}

static inline int
squeeze_step(struct squeeze *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double var = 0, mid = 0, e = 0, m, i, sd, mom;
	int ok;

	pe_ext_push(&s->hi, b->high, u);
	pe_ext_push(&s->lo, b->low, u);
	ok = pe_var_step(&s->var, b->close, &var, u);
	ok &= pe_sma_step(&s->sma, b->close, &mid, u);
	ok &= pe_ema_step(&s->ema, b->close, &e);
	ok &= pe_atr_step(&s->atr, b);
	if (!pe_ext_full(&s->hi))
		return 0;
	mom = b->close - ((pe_ext_value(&s->hi) + pe_ext_value(&s->lo)) / 2 +
	    mid) / 2;
	if (!pe_linreg_step(&s->lr, mom, &m, &i, u) || !ok)
		return 0;
	sd = pe_is_zero(var) || var < 0 ? 0 : sqrt(var);
	out[0] = mid + s->b * sd < e + s->k * s->atr.atr &&
	    mid - s->b * sd > e - s->k * s->atr.atr;
	out[1] = i + m * (s->n - 1);
	return 1;
}

PE_IND_DEFINE(squeeze, struct squeeze, 2)

static long
squeeze_lookback(const double *p)
{
	long n = (long)p[0];

	return 2 * (n - 1) > n ? 2 * (n - 1) : n;
}

static size_t
squeeze_rings(const double *p)
{
	return 3 * pe_doubles(p[0]) + 2 * pe_ext_size(p[0]);
}

const struct pe_ind_info pe_ind_squeeze = {
	.name = "squeeze",
	.desc = "TTM squeeze (Carter): on (1) while Bollinger(n, b) lies "
	    "inside Keltner(n, k ATR); momentum by linear regression",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 3,
	.param = {
		{ "period", PE_P_INT, 20, 2, 100000 },
		{ "bbmult", PE_P_REAL, 2, 0, 3e37 },
		{ "kcmult", PE_P_REAL, 1.5, 0, 3e37 },
	},
	.nout = 2,
	.out = { "on", "momentum" },
	.lookback = squeeze_lookback,
	.ring_size = squeeze_rings,
	PE_IND_FUNCS(squeeze, struct squeeze),
};
