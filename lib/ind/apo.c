/*
 * apo: absolute price oscillator, MA(fast) - MA(slow).
 *
 * As TA-Lib's APO (ta_APO.c): both averages of one type (TA-Lib's
 * default SMA), each seeded from bar 0 by its own rule; fast > slow are
 * swapped (pe_po_step in ma.h).  Lookback that of the slow average.
 */
#include "ma.h"

static void
apo_init(void *st, const double *p, void *rings)
{
	pe_po_init(st, (int)p[2], (uint32_t)p[0], (uint32_t)p[1], rings);
}

static inline int
apo_step(struct pe_po *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double f, sl;

	if (!pe_po_step(s, b->x, &f, &sl, u))
		return 0;
	out[0] = f - sl;
	return 1;
}

PE_IND_DEFINE(apo, struct pe_po, 1)

static long
apo_lookback(const double *p)
{
	return pe_po_lookback((int)p[2], (uint32_t)p[0], (uint32_t)p[1]);
}

static size_t
apo_rings(const double *p)
{
	return pe_doubles(pe_po_ring_size((int)p[2], (uint32_t)p[0],
	    (uint32_t)p[1]));
}

const struct pe_ind_info pe_ind_apo = {
	.name = "apo",
	.desc = "absolute price oscillator: MA(fast) - MA(slow)",
	.inputs = PE_IN_X,
	.nparams = 3,
	.param = {
		{ "fast", PE_P_INT, 12, 2, 100000 },
		{ "slow", PE_P_INT, 26, 2, 100000 },
		{ "matype", PE_P_MA, PE_MA_SMA, 0, 8 },
	},
	.nout = 1,
	.out = { "apo" },
	.lookback = apo_lookback,
	.ring_size = apo_rings,
	PE_IND_FUNCS(apo, struct pe_po),
};
