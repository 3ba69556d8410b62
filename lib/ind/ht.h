/*
 * ht.h: Ehlers' Hilbert transform of a price and what is built on it,
 * written once for ht.c (HT_DCPERIOD, HT_PHASOR, HT_DCPHASE, HT_SINE,
 * HT_TRENDMODE, HT_TRENDLINE), mama.c (MAMA) and ma.h (MAMA as a
 * moving-average type).
 *
 * As TA-Lib 0.6 (ta_func/ta_MAMA.c, ta_HT_*.c, which repeat one loop), in
 * its operations:
 *   smoother  a 4-bar WMA of the price (weights 4 3 2 1 over 10), from
 *             bar 3 on, as running sums;
 *   transform from bar `start` on (12 for the functions of lookback 32,
 *             37 for those of lookback 63), each of the detrender (of the
 *             smoothed price), Q1 (of the detrender), jI (of I1) and jQ
 *             (of Q1) is (a x + b x[2] - b x[4] - a x[6]) times (0.075
 *             period + 0.54), a = 0.0962, b = 0.5769, x[k] the input k
 *             bars ago; TA-Lib keeps even and odd bars apart (each input
 *             of a parity in its own 3-slot ring and delay line), so
 *             here too, for the same rounding; I1 is the detrender 3 bars
 *             ago of the same parity;
 *   period    I2 = 0.2 (I1 - jQ) + 0.8 I2, Q2 = 0.2 (Q1 + jI) + 0.8 Q2,
 *             Re and Im their smoothed products, period = 360 / atan(Im /
 *             Re) in degrees (kept when either is 0), held within 0.67
 *             and 1.5 times the previous one and within 6..50, smoothed
 *             0.2 / 0.8; the smooth period 0.33 / 0.67 on top (DCPERIOD).
 * The "cycle" (pe_htc), for the functions of lookback 63: the dominant
 * cycle phase from the last int(smooth period + 0.5) smoothed prices
 * (their sine and cosine sums; 90 degrees added, 360 / smooth period for
 * the smoother's lag, 180 when the cosine sum is negative, wrapped above
 * 315), its sine and the sine 45 degrees ahead, the instantaneous
 * trendline (the mean of the last int(smooth period + 0.5) prices, a
 * 4-bar WMA of those means) and the trend mode (1 unless the sines
 * crossed less than half a period ago or the phase moves at the cycle's
 * rate, and 1 whenever the smoothed price is 1.5% or more off the
 * trendline).
 * MAMA (pe_mama): the phase atan(Q1 / I1) in degrees; alpha = fast limit
 * / (previous phase - phase), the change taken as at least 1, alpha at
 * least the slow limit; mama = alpha x + (1 - alpha) mama, fama = alpha/2
 * mama + (1 - alpha/2) fama.
 *
 * Bar parity: TA-Lib's loops test the input's absolute index; here it is
 * the bars this state has seen, the same thing for a state fed from bar
 * 0, and the same values anyway (even and odd bars run the same code on
 * their own, zero-started, state).
 *
 * Bloat: no TA-Lib "unstable period".
 */
#ifndef PE_IND_HT_H
#define PE_IND_HT_H

#include "ind.h"

/* 180 / pi: TA-Lib's 45 / atan(1), the same double. */
#define PE_HT_RAD2DEG (180.0 / 3.14159265358979323846)
#define PE_HT_2PI 6.28318530717958647692

enum { PE_HT_DET, PE_HT_Q1, PE_HT_JI, PE_HT_JQ };

struct pe_ht {
	double ring[2][4][3];	/* a x of each input, per parity, 3 slots */
	double prev[2][4];	/* b x[2] of each input, per parity */
	double previn[2][4];	/* each input 1 bar of its parity ago */
	double i1p2[2], i1p3[2];	/* I1 of each parity, 2 and 3 ago */
	double x1, x2, x3;	/* the last three prices */
	double trail, sub, sum;	/* the smoother's running sums */
	double prevq2, previ2, re, im, period, smooth;
	int64_t t;		/* bars seen */
	uint32_t slot, start;	/* ring slot; the transform's first bar */
};

static inline void
pe_ht_init(struct pe_ht *h, uint32_t start)
{
	memset(h, 0, sizeof *h);
	h->start = start;
}

/* One input k of parity p through its Hilbert FIR, TA-Lib's order. */
static inline double
pe_ht_fir(struct pe_ht *h, int p, int k, double x, double adj)
{
	double ax = 0.0962 * x, v;

	v = 0 - h->ring[p][k][h->slot];
	h->ring[p][k][h->slot] = ax;
	v += ax;
	v -= h->prev[p][k];
	h->prev[p][k] = 0.5769 * h->previn[p][k];
	v += h->prev[p][k];
	h->previn[p][k] = x;
	return v * adj;
}

/* The 4-bar WMA of the price: *s from bar 3 on (returns 1). */
static inline int
pe_ht_smooth(struct pe_ht *h, double x, double *s)
{
	int64_t t = h->t++;

	if (t < 3) {
		h->sub += x;
		h->sum += x * (double)(t + 1);
	} else {
		h->sub += x;
		h->sub -= h->trail;
		h->sum += x * 4.0;
		h->trail = h->x3;
		*s = h->sum * 0.1;
		h->sum -= h->sub;
	}
	h->x3 = h->x2;
	h->x2 = h->x1;
	h->x1 = x;
	return t >= 3;
}

/* The period's update from this bar's I2 and Q2. */
static inline void
pe_ht_period(struct pe_ht *h, double i2, double q2)
{
	double old = h->period, lim;

	h->re = 0.2 * (i2 * h->previ2 + q2 * h->prevq2) + 0.8 * h->re;
	h->im = 0.2 * (i2 * h->prevq2 - q2 * h->previ2) + 0.8 * h->im;
	h->prevq2 = q2;
	h->previ2 = i2;
	if (h->im != 0.0 && h->re != 0.0)
		h->period = 360.0 / (atan(h->im / h->re) * PE_HT_RAD2DEG);
	lim = 1.5 * old;
	if (h->period > lim)
		h->period = lim;
	lim = 0.67 * old;
	if (h->period < lim)
		h->period = lim;
	if (h->period < 6)
		h->period = 6;
	else if (h->period > 50)
		h->period = 50;
	h->period = 0.2 * h->period + 0.8 * old;
	h->smooth = 0.33 * h->period + 0.67 * h->smooth;
}

/*
 * One bar of price x.  Returns 1 from bar start on, with the smoothed
 * price *s, the in-phase I1 and quadrature Q1 of the bar; the period and
 * smooth period (h->period, h->smooth) are then this bar's.
 */
static inline int
pe_ht_step(struct pe_ht *h, double x, double *s, double *i1, double *q1)
{
	double adj = 0.075 * h->period + 0.54, det, q, ji, jq;
	int p = (int)(h->t & 1);

	if (!pe_ht_smooth(h, x, s) || h->t <= (int64_t)h->start)
		return 0;
	*i1 = h->i1p3[p];
	det = pe_ht_fir(h, p, PE_HT_DET, *s, adj);
	q = pe_ht_fir(h, p, PE_HT_Q1, det, adj);
	ji = pe_ht_fir(h, p, PE_HT_JI, *i1, adj);
	jq = pe_ht_fir(h, p, PE_HT_JQ, q, adj);
	if (p == 0 && ++h->slot == 3)
		h->slot = 0;
	h->i1p3[!p] = h->i1p2[!p];
	h->i1p2[!p] = det;
	*q1 = q;
	pe_ht_period(h, 0.2 * (*i1 - jq) + 0.8 * h->previ2,
	    0.2 * (q + ji) + 0.8 * h->prevq2);
	return 1;
}

/* The dominant cycle: phase, sines, trendline, trend mode. */

#define PE_HTC_N 50		/* at most int(50 + 0.5) bars back */

struct pe_htc {
	struct pe_ht ht;	/* started at bar 37 */
	struct pe_ring sp, px;	/* the last 50 smoothed prices; prices */
	double phase, sine, lead, it1, it2, it3;
	int64_t days;		/* bars since the sines crossed */
};

enum { PE_HTC_PHASE, PE_HTC_SINE, PE_HTC_LEAD, PE_HTC_TREND,
    PE_HTC_MODE, PE_HTC_NOUT };

/* Ring doubles a pe_htc needs. */
#define PE_HTC_RING (2 * PE_HTC_N)

static inline void
pe_htc_init(struct pe_htc *c, double *mem)
{
	memset(c, 0, sizeof *c);
	pe_ht_init(&c->ht, 37);
	pe_ring_init(&c->sp, mem, PE_HTC_N);
	pe_ring_init(&c->px, mem + PE_HTC_N, PE_HTC_N);
}

/* The dominant cycle phase from the last n smoothed prices. */
static inline void
pe_htc_phase(struct pe_htc *c, int n, double sp)
{
	double re = 0, im = 0, a, v;
	int i;

	for (i = 0; i < n; i++) {
		a = (double)i * PE_HT_2PI / (double)n;
		v = pe_ring_ago(&c->sp, (uint32_t)i);
		re += sin(a) * v;
		im += cos(a) * v;
	}
	if (fabs(im) > 0.0)
		c->phase = atan(re / im) * PE_HT_RAD2DEG;
	else if (fabs(im) <= 0.01) {	/* not NaN */
		if (re < 0.0)
			c->phase -= 90.0;
		else if (re > 0.0)
			c->phase += 90.0;
	}
	c->phase += 90.0;
	c->phase += 360.0 / sp;
	if (im < 0.0)
		c->phase += 180.0;
	if (c->phase > 315.0)
		c->phase -= 360.0;
}

/* The instantaneous trendline: a 4-bar WMA of n-bar means of prices. */
static inline double
pe_htc_trendline(struct pe_htc *c, int n)
{
	double m = 0, tl;
	int i;

	for (i = 0; i < n; i++)
		m += pe_ring_ago(&c->px, (uint32_t)i);
	if (n > 0)
		m = m / (double)n;
	tl = (4.0 * m + 3.0 * c->it1 + 2.0 * c->it2 + c->it3) / 10.0;
	c->it3 = c->it2;
	c->it2 = c->it1;
	c->it1 = m;
	return tl;
}

/* TA-Lib's trend mode, 1 or 0, from this bar's values. */
static inline double
pe_htc_mode(struct pe_htc *c, double prevphase, double psine,
    double plead, double s, double tl)
{
	double sp = c->ht.smooth, d = c->phase - prevphase;
	int trend = 1;

	if ((c->sine > c->lead && psine <= plead) ||
	    (c->sine < c->lead && psine >= plead)) {
		c->days = 0;
		trend = 0;
	}
	c->days++;
	if ((double)c->days < 0.5 * sp)
		trend = 0;
	if (sp != 0.0 && (d > 0.67 * 360.0 / sp && d < 1.5 * 360.0 / sp))
		trend = 0;
	if (tl != 0.0 && fabs((s - tl) / tl) >= 0.015)
		trend = 1;
	return trend;
}

/*
 * One bar of price x: out[PE_HTC_*] once the transform runs (bar 37 on,
 * returning 1; TA-Lib's outputs start at bar 63).  Two ring writes.
 */
static inline int
pe_htc_step(struct pe_htc *c, double x, double *out, struct pe_undo *u)
{
	double s, i1, q1, prevphase = c->phase, psine = c->sine,
	    plead = c->lead, sp;
	int n;

	pe_ring_push(&c->px, x, u);
	if (!pe_ht_step(&c->ht, x, &s, &i1, &q1))
		return 0;
	pe_ring_push(&c->sp, s, u);
	sp = c->ht.smooth;
	n = (int)(sp + 0.5);
	pe_htc_phase(c, n, sp);
	c->sine = sin(c->phase * (1.0 / PE_HT_RAD2DEG));
	c->lead = sin((c->phase + 45) * (1.0 / PE_HT_RAD2DEG));
	out[PE_HTC_PHASE] = c->phase;
	out[PE_HTC_SINE] = c->sine;
	out[PE_HTC_LEAD] = c->lead;
	out[PE_HTC_TREND] = pe_htc_trendline(c, n);
	out[PE_HTC_MODE] = pe_htc_mode(c, prevphase, psine, plead, s,
	    out[PE_HTC_TREND]);
	return 1;
}

/* MAMA: the MESA adaptive moving average and its following average. */

struct pe_mama {
	struct pe_ht ht;	/* started at bar 12 */
	double fast, slow, phase, mama, fama;
};

static inline void
pe_mama_init(struct pe_mama *m, double fast, double slow)
{
	memset(m, 0, sizeof *m);
	pe_ht_init(&m->ht, 12);
	m->fast = fast;
	m->slow = slow;
}

/* One bar of x: *mama and *fama from bar 32 on (returns 1). */
static inline int
pe_mama_step(struct pe_mama *m, double x, double *mama, double *fama)
{
	double s, i1, q1, ph, a;

	if (!pe_ht_step(&m->ht, x, &s, &i1, &q1))
		return 0;
	ph = i1 != 0.0 ? atan(q1 / i1) * PE_HT_RAD2DEG : 0.0;
	a = m->phase - ph;
	m->phase = ph;
	if (a < 1.0)
		a = 1.0;
	if (a > 1.0) {
		a = m->fast / a;
		if (a < m->slow)
			a = m->slow;
	} else
		a = m->fast;
	m->mama = a * x + (1 - a) * m->mama;
	a *= 0.5;
	m->fama = a * m->mama + (1 - a) * m->fama;
	if (m->ht.t <= 32)
		return 0;
	*mama = m->mama;
	*fama = m->fama;
	return 1;
}

#endif
