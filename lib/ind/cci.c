/*
 * cci: Lambert's commodity channel index, (TP - SMA(TP)) / (0.015 * mean
 * absolute deviation of TP from that SMA), TP = (H + L + C) / 3.
 *
 * As TA-Lib's CCI (lookback n-1, default 14), in its operations: the mean
 * and the deviation summed over the ring of the last n TPs in slot order
 * (bar t in slot t mod n), 0 when TP - mean or the deviation is within
 * 1e-14 of zero (TA_IS_ZERO).  The mean absolute deviation needs every
 * value again at each bar, so a step is O(n), as in TA-Lib: accepted, as
 * no running form of it exists.
 */
#include "window.h"

struct cci {
	struct pe_ring tp;	/* the last n typical prices */
	uint32_t n, count;
};

static void
cci_init(void *st, const double *p, void *rings)
{
	struct cci *s = st;

	s->n = (uint32_t)p[0];
	s->count = 0;
	pe_ring_init(&s->tp, rings, s->n);
}

static inline int
cci_step(struct cci *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double last = (b->high + b->low + b->close) / 3, avg = 0, dev = 0, d;
	uint32_t j;

	pe_ring_push(&s->tp, last, u);
	if (s->count < s->n)
		s->count++;
	if (s->count < s->n)
		return 0;
	for (j = 0; j < s->n; j++)
		avg += s->tp.buf[j];
	avg /= s->n;
	for (j = 0; j < s->n; j++)
		dev += fabs(s->tp.buf[j] - avg);
	d = last - avg;
	out[0] = !pe_is_zero(d) && !pe_is_zero(dev) ?
	    d / (0.015 * (dev / s->n)) : 0.0;
	return 1;
}

PE_IND_DEFINE(cci, struct cci, 1)

static long
cci_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
cci_rings(const double *p)
{
	return pe_doubles(p[0]);
}

const struct pe_ind_info pe_ind_cci = {
	.name = "cci",
	.desc = "commodity channel index: (TP - SMA) / (0.015 * mean "
	    "deviation), TP = (H+L+C)/3",
	.inputs = PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 2, 100000 } },
	.nout = 1,
	.out = { "cci" },
	.lookback = cci_lookback,
	.ring_size = cci_rings,
	PE_IND_FUNCS(cci, struct cci),
};
