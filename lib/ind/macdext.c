/*
 * macdext: MACD with a moving-average type for each of its three averages.
 *
 * As TA-Lib's MACDEXT (ta_MACDEXT.c): MA(fast) - MA(slow) and the signal
 * MA of that line (TA-Lib swaps fast > slow with their types; pe refuses
 * fast >= slow, pe_ind_fast_below_slow); both averages
 * give their first value at L, the larger of their lookbacks, each reading
 * from bar L - its own lookback (an EMA is seeded there); the signal reads
 * the line from bar L (pe_macd_step in ma.h).  TA-Lib's default type is
 * SMA for all three.  Parameters in pe's spec order: periods first, then
 * the types (macdext:12:26:9:ema:ema:ema).  Lookback L + the signal's.
 */
#include "ma.h"

static void
macdext_init(void *st, const double *p, void *rings)
{
	pe_macd_init(st, (int)p[3], (uint32_t)p[0], (int)p[4],
	    (uint32_t)p[1], (int)p[5], (uint32_t)p[2], rings);
}

static inline int
macdext_step(struct pe_macd *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	return pe_macd_step(s, b->x, out, u);
}

PE_IND_DEFINE(macdext, struct pe_macd, 3)

static long
macdext_lookback(const double *p)
{
	return pe_macd_lookback((int)p[3], (uint32_t)p[0], (int)p[4],
	    (uint32_t)p[1], (int)p[5], (uint32_t)p[2]);
}

static size_t
macdext_rings(const double *p)
{
	return pe_doubles(pe_macd_ring_size((int)p[3], (uint32_t)p[0],
	    (int)p[4], (uint32_t)p[1], (int)p[5], (uint32_t)p[2]));
}

const struct pe_ind_info pe_ind_macdext = {
	.name = "macdext",
	.desc = "MACD with a moving-average type for fast, slow and signal; "
	    "fast < slow",
	.inputs = PE_IN_X,
	.nparams = 6,
	.param = {
		{ "fast", PE_P_INT, 12, 2, 100000 },
		{ "slow", PE_P_INT, 26, 2, 100000 },
		{ "signal", PE_P_INT, 9, 1, 100000 },
		{ "fastmatype", PE_P_MA, PE_MA_SMA, 0, 8 },
		{ "slowmatype", PE_P_MA, PE_MA_SMA, 0, 8 },
		{ "signalmatype", PE_P_MA, PE_MA_SMA, 0, 8 },
	},
	.nout = 3,
	.out = { "macd", "signal", "hist" },
	.lookback = macdext_lookback,
	.check = pe_ind_fast_below_slow,
	.ring_size = macdext_rings,
	PE_IND_FUNCS(macdext, struct pe_macd),
};
