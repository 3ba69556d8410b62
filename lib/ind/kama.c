/*
 * kama: Kaufman adaptive moving average.
 *
 * As TA-Lib's KAMA (ta_KAMA.c): efficiency ratio ER = |x - x[n]| over the
 * sum of the n absolute changes (1 when that sum is 0 or not above the net
 * change), sc = (ER (2/3 - 2/31) + 2/31)^2 (fast 2, slow 30 fixed),
 * kama += (x - kama) sc, seeded with x[n-1] (pe_kama_step in ma.h).
 * Lookback n.
 */
#include "ma.h"

static void
kama_init(void *st, const double *p, void *rings)
{
	pe_kama_init(st, (uint32_t)p[0], rings);
}

static inline int
kama_step(struct pe_kama *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	return pe_kama_step(s, b->x, out, u);
}

PE_IND_DEFINE(kama, struct pe_kama, 1)

static long
kama_lookback(const double *p)
{
	return (long)p[0];
}

static size_t
kama_rings(const double *p)
{
	return pe_doubles(p[0] + 2);
}

const struct pe_ind_info pe_ind_kama = {
	.name = "kama",
	.desc = "Kaufman adaptive moving average (fast 2, slow 30)",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 30, 2, 100000 } },
	.nout = 1,
	.out = { "kama" },
	.lookback = kama_lookback,
	.ring_size = kama_rings,
	PE_IND_FUNCS(kama, struct pe_kama),
};
