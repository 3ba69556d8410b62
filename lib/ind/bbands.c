/*
 * bbands: Bollinger bands, a moving average of x and that average plus and
 * minus multiples of the standard deviation.
 *
 * As TA-Lib's BBANDS (ta_BBANDS.c): middle = MA(n) of the chosen type
 * (pe_ma_step in ma.h; TA-Lib's default SMA); sigma is the population
 * standard deviation of the last n values around their SMA, also when the
 * middle is not an SMA, from running sums: sum(x^2)/n - (sum(x)/n)^2, 0
 * when that is below 1e-14 (TA_IS_ZERO_OR_NEG).  upper = middle + up*sigma,
 * lower = middle - down*sigma.  Lookback that of the middle average, or
 * n-1 when larger (a MAMA middle, lookback 32, with n above 33).
 * One default differs from TA-Lib's on purpose: nbdevdn left out is
 * nbdevup (bbands:20:1.5 is 1.5 sigma both ways, as a trader means it and
 * as TradingView, pandas-ta, Tulip and AmiBroker draw it), where TA-Lib
 * keeps its own default of 2.  Both given, the values are TA-Lib's.
 * With an SMA middle (the default) the middle is s1/n itself: the
 * operations of pe_sma_step, in its order, so the same value, from one
 * running sum instead of two.
 */
#include "ma.h"

struct bbands {
	struct pe_ma mid;
	struct pe_ring win;	/* the last n values */
	double s1, s2, up, dn;	/* running sums of x and x^2; factors */
	double fn;		/* n as a double */
	uint32_t n, count;
	int sma;		/* the middle is s1/n: mid is not stepped */
};

static void
bbands_init(void *st, const double *p, void *rings)
{
	struct bbands *s = st;
	double *mem = rings;

	s->n = (uint32_t)p[0];
	s->fn = s->n;
	s->sma = (int)p[3] == PE_MA_SMA;
	s->up = p[1];
	s->dn = p[2];
	s->s1 = s->s2 = 0;
	s->count = 0;
	pe_ring_init(&s->win, mem, s->n);
	pe_ma_init(&s->mid, (int)p[3], s->n, mem + s->n);
}

static inline int
bbands_step(struct bbands *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double x = b->x, m = 0, m1, m2, old, sd;
	int ok = s->sma || pe_ma_step(&s->mid, x, &m, u);

	s->s1 += x;
	s->s2 += x * x;
	pe_ring_push(&s->win, x, u);
	if (s->count < s->n)
		s->count++;
	if (s->count < s->n)
		return 0;
	m1 = s->s1 / s->fn;
	m2 = s->s2 / s->fn;
	old = pe_ring_ago(&s->win, s->n - 1);
	s->s1 -= old;
	s->s2 -= old * old;
	if (!ok)
		return 0;
	if (s->sma)
		m = m1;
	m2 -= m1 * m1;
	sd = m2 < 1e-14 ? 0.0 : sqrt(m2);
	out[0] = m + sd * s->up;
	out[1] = m;
	out[2] = m - sd * s->dn;
	return 1;
}

PE_IND_DEFINE(bbands, struct bbands, 3)

/* The middle's, or the deviation's n-1 when larger (a MAMA middle). */
static long
bbands_lookback(const double *p)
{
	long m = pe_ma_lookback((int)p[3], (uint32_t)p[0]);

	return m > (long)p[0] - 1 ? m : (long)p[0] - 1;
}

static size_t
bbands_rings(const double *p)
{
	return pe_doubles(p[0] + pe_ma_ring_size((int)p[3], (uint32_t)p[0]));
}

const struct pe_ind_info pe_ind_bbands = {
	.name = "bbands",
	.desc = "Bollinger bands: MA(n) +/- k population standard deviations",
	.inputs = PE_IN_X,
	.nparams = 4,
	.param = {
		{ "period", PE_P_INT, 5, 2, 100000 },
		{ "nbdevup", PE_P_REAL, 2, -3e37, 3e37 },
		{ "nbdevdn", PE_P_REAL, 2, -3e37, 3e37 },
		{ "matype", PE_P_MA, PE_MA_SMA, 0, 8 },
	},
	.def_from = { [2] = "nbdevup" },
	.nout = 3,
	.out = { "upper", "middle", "lower" },
	.lookback = bbands_lookback,
	.ring_size = bbands_rings,
	PE_IND_FUNCS(bbands, struct bbands),
};
