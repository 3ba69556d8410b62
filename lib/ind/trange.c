/*
 * trange: Wilder's true range, max(H - L, |H - C[-1]|, |L - C[-1]|).
 *
 * As TA-Lib's TRANGE (ta_func/ta_TRANGE.c): undefined at bar 0, which has
 * no previous close.  Lookback 1.  The math is pe_trange in dm.h.
 */
#include "dm.h"

struct trange {
	double pc;
	uint32_t count;
};

static void
trange_init(void *st, const double *p, void *rings)
{
	struct trange *s = st;

	(void)p;
	(void)rings;
	memset(s, 0, sizeof *s);
}

static inline int
trange_step(struct trange *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	(void)u;
	if (s->count == 0) {
		s->count = 1;
		s->pc = b->close;
		return 0;
	}
	out[0] = pe_trange(b->high, b->low, s->pc);
	s->pc = b->close;
	return 1;
}

PE_IND_DEFINE(trange, struct trange, 1)

static long
trange_lookback(const double *p)
{
	(void)p;
	return 1;
}

const struct pe_ind_info pe_ind_trange = {
	.name = "trange",
	.desc = "true range: max(high - low, |high - close[-1]|, "
	    "|low - close[-1]|)",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 0,
	.nout = 1,
	.out = { "trange" },
	.lookback = trange_lookback,
	PE_IND_FUNCS(trange, struct trange),
};
