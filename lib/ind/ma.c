/*
 * ma: a moving average of any type: sma ema wma dema tema trima kama mama
 * t3.
 *
 * As TA-Lib's MA (ta_MA.c) with its MAType; T3 with vfactor 0.7, MAMA's
 * mama with limits 0.5 and 0.05 (the period unused), a period of 1 the
 * input itself.  The math is pe_ma_step in ma.h.  Lookback that
 * of the type (pe_ma_lookback).
 */
#include "ma.h"

static void
ma_init(void *st, const double *p, void *rings)
{
	pe_ma_init(st, (int)p[1], (uint32_t)p[0], rings);
}

static inline int
ma_step(struct pe_ma *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	return pe_ma_step(s, b->x, out, u);
}

PE_IND_DEFINE(ma, struct pe_ma, 1)

static long
ma_lookback(const double *p)
{
	return pe_ma_lookback((int)p[1], (uint32_t)p[0]);
}

static size_t
ma_rings(const double *p)
{
	return pe_doubles(pe_ma_ring_size((int)p[1], (uint32_t)p[0]));
}

const struct pe_ind_info pe_ind_ma = {
	.name = "ma",
	.desc = "moving average of a chosen type (" PE_MA_WORDS ")",
	.inputs = PE_IN_X,
	.nparams = 2,
	.param = {
		{ "period", PE_P_INT, 30, 1, 100000 },
		{ "matype", PE_P_MA, PE_MA_SMA, 0, 8 },
	},
	.nout = 1,
	.out = { "ma" },
	.lookback = ma_lookback,
	.ring_size = ma_rings,
	PE_IND_FUNCS(ma, struct pe_ma),
};
