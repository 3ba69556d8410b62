/*
 * obv: on-balance volume, a running sum of volume signed by the direction
 * of the close.
 *
 * As TA-Lib's OBV (ta_func/ta_OBV.c): it starts at volume[0] (not 0, as
 * tulip and others do); then volume is added when the series rose, taken
 * away when it fell, and nothing is done when it is unchanged.  The series
 * is the close by default (TA-Lib's inReal).  Lookback 0.
 */
#include "ind.h"

struct obv {
	double prev, obv;
	uint32_t count;
};

static void
obv_init(void *st, const double *p, void *rings)
{
	struct obv *s = st;

	(void)p;
	(void)rings;
	memset(s, 0, sizeof *s);
}

static inline int
obv_step(struct obv *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	(void)u;
	if (s->count == 0) {
		s->count = 1;
		s->obv = b->volume;
	} else if (b->x > s->prev)
		s->obv += b->volume;
	else if (b->x < s->prev)
		s->obv -= b->volume;
	s->prev = b->x;
	out[0] = s->obv;
	return 1;
}

PE_IND_DEFINE(obv, struct obv, 1)

static long
obv_lookback(const double *p)
{
	(void)p;
	return 0;
}

const struct pe_ind_info pe_ind_obv = {
	.name = "obv",
	.desc = "on-balance volume: volume summed with the sign of the "
	    "close's change, from volume[0]",
	.inputs = PE_IN_X | PE_IN_VOLUME,
	.nparams = 0,
	.nout = 1,
	.out = { "obv" },
	.lookback = obv_lookback,
	PE_IND_FUNCS(obv, struct obv),
};
