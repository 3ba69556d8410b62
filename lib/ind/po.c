/*
 * po: the price oscillators apo and ppo.
 *
 * As TA-Lib's APO and PPO (ta_APO.c, ta_PPO.c): two averages of one type
 * (TA-Lib's default SMA), each seeded from bar 0 by its own rule
 * (pe_po_step in ma.h).  TA-Lib swaps fast > slow; pe refuses fast >=
 * slow (pe_ind_fast_below_slow).
 *   apo: MA(fast) - MA(slow).
 *   ppo: (MA(fast) - MA(slow)) / MA(slow) * 100, 0 where MA(slow) is
 *   within 1e-14 of zero (TA_IS_ZERO).
 * Lookback that of the slow average.
 */
#include "ma.h"

static void
po_init(void *st, const double *p, void *rings)
{
	pe_po_init(st, (int)p[2], (uint32_t)p[0], (uint32_t)p[1], rings);
}

static long
po_lookback(const double *p)
{
	return pe_po_lookback((int)p[2], (uint32_t)p[0], (uint32_t)p[1]);
}

static size_t
po_rings(const double *p)
{
	return pe_doubles(pe_po_ring_size((int)p[2], (uint32_t)p[0],
	    (uint32_t)p[1]));
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

static inline int
ppo_step(struct pe_po *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double f, sl;

	if (!pe_po_step(s, b->x, &f, &sl, u))
		return 0;
	out[0] = pe_is_zero(sl) ? 0 : ((f - sl) / sl) * 100.0;
	return 1;
}

PE_IND_DEFINE(apo, struct pe_po, 1)
PE_IND_DEFINE(ppo, struct pe_po, 1)

#define PO_ENTRY(NAME, DESC)						\
const struct pe_ind_info pe_ind_##NAME = {				\
	.name = #NAME,							\
	.desc = DESC,							\
	.inputs = PE_IN_X,						\
	.nparams = 3,							\
	.param = {							\
		{ "fast", PE_P_INT, 12, 2, 100000 },			\
		{ "slow", PE_P_INT, 26, 2, 100000 },			\
		{ "matype", PE_P_MA, PE_MA_SMA, 0, 8 },			\
	},								\
	.nout = 1,							\
	.out = { #NAME },						\
	.lookback = po_lookback,					\
	.check = pe_ind_fast_below_slow,				\
	.ring_size = po_rings,						\
	PE_IND_FUNCS_INIT(NAME, struct pe_po, po_init),			\
};

PO_ENTRY(apo, "absolute price oscillator: MA(fast) - MA(slow); fast < slow")
PO_ENTRY(ppo, "percentage price oscillator: (MA(fast) - MA(slow)) / "
    "MA(slow) * 100; fast < slow")
