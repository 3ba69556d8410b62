/*
 * msw: the mesa sine wave (Ehlers): the sine of the phase of the
 * dominant n-bar cycle, and a lead line 45 degrees ahead.
 *
 * As Tulip Indicators 0.8.4's msw (indicators/msw.c): over the last n
 * values, newest first (j = 0..n-1), rp = sum cos(2 pi j / n) x[j] and
 * ip = sum sin(2 pi j / n) x[j]; the phase is atan(ip / rp) when |rp| >
 * 0.001, else +-pi by the sign of ip; plus pi when rp < 0, plus pi / 2,
 * brought into 0..2 pi; sine = sin(phase), lead = sin(phase + pi / 4).
 * pi is Tulip's 3.1415926, as written there.  The first value is at bar
 * n, one later than n values would allow.  Lookback n.
 *
 * Bloat: the sums are taken afresh each bar, O(n) (a sliding DFT would
 * be O(1), but its rounding would wander from Tulip's); the cosines and
 * sines are computed once, at init, after the ring of values.
 */
#include "tulip.h"

#define MSW_PI 3.1415926
#define MSW_TPI (2 * MSW_PI)

struct msw {
	struct pe_ring win;	/* the last n values */
	const double *cs, *sn;	/* cos and sin of 2 pi j / n, j < n */
	uint32_t n, count;
};

static void
msw_init(void *st, const double *p, void *rings)
{
	struct msw *s = st;
	double *cs = (double *)rings + (uint32_t)p[0], *sn;
	uint32_t j;

	s->n = (uint32_t)p[0];
	s->count = 0;
	pe_ring_init(&s->win, rings, s->n);
	sn = cs + s->n;
	for (j = 0; j < s->n; j++) {
		cs[j] = cos(MSW_TPI * j / s->n);
		sn[j] = sin(MSW_TPI * j / s->n);
	}
	s->cs = cs;
	s->sn = sn;
}

static inline int
msw_step(struct msw *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double rp = 0, ip = 0, w, phase;
	uint32_t j;

	pe_ring_push(&s->win, b->x, u);
	if (pe_tcount(&s->count) < s->n)
		return 0;
	for (j = 0; j < s->n; j++) {
		w = pe_ring_ago(&s->win, j);
		rp = rp + s->cs[j] * w;
		ip = ip + s->sn[j] * w;
	}
	if (fabs(rp) > .001)
		phase = atan(ip / rp);
	else
		phase = MSW_TPI / 2.0 * (ip < 0 ? -1.0 : 1.0);
	if (rp < 0.0)
		phase += MSW_PI;
	phase += MSW_PI / 2.0;
	if (phase < 0.0)
		phase += MSW_TPI;
	if (phase > MSW_TPI)
		phase -= MSW_TPI;
	out[0] = sin(phase);
	out[1] = sin(phase + MSW_PI / 4.0);
	return 1;
}

PE_IND_DEFINE(msw, struct msw, 2)

static long
msw_lookback(const double *p)
{
	return (long)p[0];
}

static size_t
msw_rings(const double *p)
{
	return 3 * pe_doubles(p[0]);
}

const struct pe_ind_info pe_ind_msw = {
	.name = "msw",
	.desc = "mesa sine wave (Tulip): sine of the phase of the n-bar "
	    "cycle, and a lead line 45 degrees ahead",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 20, 1, 100000 } },
	.nout = 2,
	.out = { "sine", "lead" },
	.lookback = msw_lookback,
	.ring_size = msw_rings,
	PE_IND_FUNCS(msw, struct msw),
};
