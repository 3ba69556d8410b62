/*
 * hma: Hull moving average (Alan Hull, 2005).
 *
 * Definition: hma = WMA(2 * WMA(x, n/2) - WMA(x, n), floor(sqrt(n))),
 * n/2 rounded down, every WMA as TA-Lib's (weights 1..m, newest
 * heaviest, over m(m+1)/2; ma.h), a WMA of period 1 being its input.  Both
 * inner WMAs read x from bar 0; the difference exists from bar n-1, and
 * the outer WMA of period s = floor(sqrt(n)) gives its first value s-1
 * bars later.  Lookback n-1 + s-1 (11 for the default n = 9).
 */
#include <math.h>

#include "ma.h"

struct hma {
	struct pe_ma half, full, fin;
};

/* floor(sqrt(n)), exactly. */
static uint32_t
hma_isqrt(uint32_t n)
{
	uint32_t s = (uint32_t)sqrt((double)n);

	while ((uint64_t)s * s > n)
		s--;
	while ((uint64_t)(s + 1) * (s + 1) <= n)
		s++;
	return s;
}

static void
hma_init(void *st, const double *p, void *rings)
{
	struct hma *s = st;
	uint32_t n = (uint32_t)p[0], h = n / 2, q = hma_isqrt(n);
	double *mem = rings;

	pe_ma_init(&s->half, PE_MA_WMA, h, mem);
	mem += pe_ma_ring_size(PE_MA_WMA, h);
	pe_ma_init(&s->full, PE_MA_WMA, n, mem);
	mem += pe_ma_ring_size(PE_MA_WMA, n);
	pe_ma_init(&s->fin, PE_MA_WMA, q, mem);
}

static inline int
hma_step(struct hma *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double a = 0, f = 0;
	int ha = pe_ma_step(&s->half, b->x, &a, u);

	if (!pe_ma_step(&s->full, b->x, &f, u) || !ha)
		return 0;
	return pe_ma_step(&s->fin, 2.0 * a - f, out, u);
}

PE_IND_DEFINE(hma, struct hma, 1)

static long
hma_lookback(const double *p)
{
	uint32_t n = (uint32_t)p[0];

	return (long)n - 1 + (long)hma_isqrt(n) - 1;
}

static size_t
hma_rings(const double *p)
{
	uint32_t n = (uint32_t)p[0];

	return pe_doubles((double)(pe_ma_ring_size(PE_MA_WMA, n / 2) +
	    pe_ma_ring_size(PE_MA_WMA, n) +
	    pe_ma_ring_size(PE_MA_WMA, hma_isqrt(n))));
}

const struct pe_ind_info pe_ind_hma = {
	.name = "hma",
	.desc = "Hull moving average: WMA(2 WMA(n/2) - WMA(n), "
	    "floor(sqrt(n)))",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 9, 2, 100000 } },
	.nout = 1,
	.out = { "hma" },
	.lookback = hma_lookback,
	.ring_size = hma_rings,
	PE_IND_FUNCS(hma, struct hma),
};
