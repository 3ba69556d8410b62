/*
 * plus_dm: Wilder's smoothed +DM (directional movement).
 *
 * As TA-Lib's PLUS_DM (ta_func/ta_PLUS_DM.c): with up = H - H[-1] and
 * down = L[-1] - L, +DM = up when it is positive and larger than the other,
 * else 0 (ties: both 0).  The first value (bar n-1) is the plain sum of
 * +DM over bars 1..n-1; then s = s - s/n + dm.  n = 1 is the bar's +DM
 * itself, from bar 1.  Lookback n-1 (1 when n = 1).  The math is pe_dm in
 * dm.h.
 */
#include "dm.h"

static void
plus_dm_init(void *st, const double *p, void *rings)
{
	(void)rings;
	pe_dm_init(st, (uint32_t)p[0]);
}

static inline int
plus_dm_step(struct pe_dm *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	uint32_t i;

	(void)u;
	i = pe_dm_step(s, b);
	if (i == 0 || i + 1 < s->n)
		return 0;
	out[0] = s->pdm;
	return 1;
}

PE_IND_DEFINE(plus_dm, struct pe_dm, 1)

static long
plus_dm_lookback(const double *p)
{
	return p[0] > 1 ? (long)p[0] - 1 : 1;
}

const struct pe_ind_info pe_ind_plus_dm = {
	.name = "plus_dm",
	.desc = "plus directional movement (+DM), Wilder-smoothed sum",
	.inputs = PE_IN_HIGH | PE_IN_LOW,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 1, 100000 } },
	.nout = 1,
	.out = { "plus_dm" },
	.lookback = plus_dm_lookback,
	PE_IND_FUNCS(plus_dm, struct pe_dm),
};
