/*
 * vidya: Chande's variable index dynamic average, an EMA whose factor is
 * alpha times the ratio of a short to a long standard deviation.
 *
 * As Tulip Indicators 0.8.4's vidya (indicators/vidya.c): population
 * standard deviations of the last s and the last l values from running
 * sums of x and x^2 (each new value added, then the one leaving the
 * window subtracted; the short sums start s bars before bar l - 1),
 * sqrt(s2 / n - (s1 / n)^2) with each division a product by 1/n;
 * k = alpha sd_s / sd_l, 0 where that is not a finite number (Tulip: 0
 * only where it is NaN, as 0 / 0); v = (x - v) k + v, seeded with x at
 * bar l - 2, the first value.  Lookback l - 2.
 */
#include "tulip.h"

struct vidya {
	struct pe_ring win;	/* the last l values */
	double sdiv, ldiv, alpha, ssum, ssum2, lsum, lsum2, val;
	uint32_t sn, ln, count;
};

static void
vidya_init(void *st, const double *p, void *rings)
{
	struct vidya *s = st;

	memset(s, 0, sizeof *s);
	s->sn = (uint32_t)p[0];
	s->ln = (uint32_t)p[1];
	s->alpha = p[2];
	s->sdiv = 1.0 / p[0];
	s->ldiv = 1.0 / p[1];
	pe_ring_init(&s->win, rings, s->ln);
}

/* Tulip's standard deviation from the sums (NaN below 0, kept). */
static inline double
vidya_sd(double sum, double sum2, double div)
{
	return sqrt(sum2 * div - (sum * div) * (sum * div));
}

static inline int
vidya_step(struct vidya *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	uint32_t i = pe_tcount(&s->count);
	double x = b->x, k, old;

	s->lsum += x;
	s->lsum2 += x * x;
	if (i >= s->ln - s->sn) {
		s->ssum += x;
		s->ssum2 += x * x;
	}
	if (i >= s->ln) {
		old = pe_ring_ago(&s->win, s->ln - 1);
		s->lsum -= old;
		s->lsum2 -= old * old;
		old = pe_ring_ago(&s->win, s->sn - 1);
		s->ssum -= old;
		s->ssum2 -= old * old;
	}
	pe_ring_push(&s->win, x, u);
	if (i + 2 < s->ln)
		return 0;
	if (i + 2 == s->ln)
		s->val = x;
	else {
		k = vidya_sd(s->ssum, s->ssum2, s->sdiv) /
		    vidya_sd(s->lsum, s->lsum2, s->ldiv);
		if (!isfinite(k))
			k = 0;
		k *= s->alpha;
		s->val = (x - s->val) * k + s->val;
	}
	out[0] = s->val;
	return 1;
}

PE_IND_DEFINE(vidya, struct vidya, 1)

static long
vidya_lookback(const double *p)
{
	return (long)p[1] - 2;
}

static size_t
vidya_rings(const double *p)
{
	return pe_doubles(p[1]);
}

const struct pe_ind_info pe_ind_vidya = {
	.name = "vidya",
	.desc = "variable index dynamic average (Tulip): an EMA with factor "
	    "alpha * sd(short) / sd(long); short <= long",
	.inputs = PE_IN_X,
	.nparams = 3,
	.param = {
		{ "short", PE_P_INT, 14, 1, 100000 },
		{ "long", PE_P_INT, 30, 2, 100000 },
		{ "alpha", PE_P_REAL, 0.2, 0, 1 },
	},
	.nout = 1,
	.out = { "vidya" },
	.lookback = vidya_lookback,
	.ring_size = vidya_rings,
	.check = pe_tulip_short_long,
	PE_IND_FUNCS(vidya, struct vidya),
};
