/*
 * avgdev: average absolute deviation, the mean of |x - mean| over the last
 * n values.
 *
 * As TA-Lib's AVGDEV, which sums each window afresh: the deviations from
 * the window's own mean cannot be kept running, so each step reads its n
 * values twice (O(n) per bar, the one exception in this family; a sorted
 * window would make it O(log n) at the cost of far more code and undo
 * writes).  Sums newest to oldest, as TA-Lib.  Lookback n-1.
 */
#include "ind.h"

struct avgdev {
	struct pe_ring win;	/* the last n values */
	uint32_t n, count;
};

static void
avgdev_init(void *st, const double *p, void *rings)
{
	struct avgdev *s = st;

	s->n = (uint32_t)p[0];
	s->count = 0;
	pe_ring_init(&s->win, rings, s->n);
}

static inline int
avgdev_step(struct avgdev *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double sum = 0, dev = 0;
	uint32_t i;

	pe_ring_push(&s->win, b->x, u);
	if (s->count < s->n)
		s->count++;
	if (s->count < s->n)
		return 0;
	for (i = 0; i < s->n; i++)
		sum += pe_ring_ago(&s->win, i);
	for (i = 0; i < s->n; i++)
		dev += fabs(pe_ring_ago(&s->win, i) - sum / s->n);
	out[0] = dev / s->n;
	return 1;
}

PE_IND_DEFINE(avgdev, struct avgdev, 1)

static long
avgdev_lookback(const double *p)
{
	return (long)p[0] - 1;
}

static size_t
avgdev_rings(const double *p)
{
	return pe_doubles(p[0]);
}

const struct pe_ind_info pe_ind_avgdev = {
	.name = "avgdev",
	.desc = "average absolute deviation of the last n values from their "
	    "mean",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 2, 100000 } },
	.nout = 1,
	.out = { "avgdev" },
	.lookback = avgdev_lookback,
	.ring_size = avgdev_rings,
	PE_IND_FUNCS(avgdev, struct avgdev),
};
