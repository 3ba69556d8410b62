/*
 * willr: Williams' %R, -100 * (HH - C) / (HH - LL) over the last n bars.
 *
 * As TA-Lib's WILLR (lookback n-1, default n 14), in its operations:
 * diff = (HH - LL) / -100, %R = (HH - C) / diff, 0 when HH = LL.  HH and
 * LL from window.h's rolling extremes, amortised O(1) per bar.
 */
#include "window.h"

struct willr {
	struct pe_ext hi, lo;
};

static void
willr_init(void *st, const double *p, void *rings)
{
	struct willr *s = st;
	uint32_t n = (uint32_t)p[0];

	pe_ext_init(&s->hi, rings, n, 1);
	pe_ext_init(&s->lo, (char *)rings + pe_ext_size(n), n, -1);
}

static inline int
willr_step(struct willr *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double hh, diff;

	pe_ext_push(&s->hi, b->high, u);
	pe_ext_push(&s->lo, b->low, u);
	if (!pe_ext_full(&s->hi))
		return 0;
	hh = pe_ext_value(&s->hi);
	diff = (hh - pe_ext_value(&s->lo)) / (0 - 100.0);
	out[0] = diff != 0.0 ? (hh - b->close) / diff : 0.0;
	return 1;
}

PE_IND_DEFINE(willr, struct willr, 1)

static long
willr_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
willr_rings(const double *p)
{
	return 2 * pe_ext_size(p[0]);
}

const struct pe_ind_info pe_ind_willr = {
	.name = "willr",
	.desc = "Williams' %R: -100 * (highest high - close) / (highest high "
	    "- lowest low)",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 2, 100000 } },
	.nout = 1,
	.out = { "willr" },
	.lookback = willr_lookback,
	.ring_size = willr_rings,
	PE_IND_FUNCS(willr, struct willr),
};
