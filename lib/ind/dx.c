/*
 * dx: Wilder's directional movement index, 100 * |+DI - -DI| / (+DI + -DI).
 *
 * As TA-Lib's DX (ta_func/ta_DX.c): the DIs of plus_di/minus_di (pe_dm in
 * dm.h); the first DX (bar n) is 0 when the TR sum or the sum of the DIs
 * is within 1e-14 of 0, a later one repeats the previous DX then.
 * Lookback n.
 */
#include "dm.h"

struct dx {
	struct pe_dm dm;
	double dx;
};

static void
dx_init(void *st, const double *p, void *rings)
{
	struct dx *s = st;

	(void)rings;
	pe_dm_init(&s->dm, (uint32_t)p[0]);
	s->dx = 0;
}

static inline int
dx_step(struct dx *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	(void)u;
	if (pe_dm_step(&s->dm, b) < s->dm.n)
		return 0;
	(void)pe_dm_dx(&s->dm, &s->dx);
	out[0] = s->dx;
	return 1;
}

PE_IND_DEFINE(dx, struct dx, 1)

static long
dx_lookback(const double *p)
{
	return (long)p[0];
}

const struct pe_ind_info pe_ind_dx = {
	.name = "dx",
	.desc = "directional movement index: 100 * |+DI - -DI| / (+DI + -DI)",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 2, 100000 } },
	.nout = 1,
	.out = { "dx" },
	.lookback = dx_lookback,
	PE_IND_FUNCS(dx, struct dx),
};
