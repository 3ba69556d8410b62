/*
 * dm.h: Wilder's true range, directional movement and their smoothing,
 * written once for atr, natr, plus_dm, minus_dm, plus_di, minus_di, dx,
 * adx and adxr.
 *
 * As TA-Lib 0.6 (ta_func/ta_TRANGE.c, ta_ATR.c, ta_NATR.c, ta_PLUS_DM.c,
 * ta_PLUS_DI.c, ta_DX.c, ta_ADX.c), in its order of operations:
 *   tr     max(H - L, |C[-1] - H|, |C[-1] - L|), undefined at bar 0.
 *   +DM    up = H - H[-1], down = L[-1] - L; +DM = up if up > 0 and
 *          up > down, -DM = down if down > 0 and down > up, else 0.
 *   sums   +DM, -DM and TR seeded with their plain sums over bars 1..n-1;
 *          from bar n on, s = s - s/n + x.
 *   DI     100 * (sDM / sTR), 0 when sTR is within 1e-14 of 0.
 *   DX     100 * (|-DI - +DI| / (-DI + +DI)).
 *   ADX    the mean of DX over bars n..2n-1, then Wilder smoothing.
 *   atr    the mean of TR[1..n] (a plain sum divided by n), then
 *          a = (a * (n-1) + tr) / n.
 *   ad     running sum of ((C - L) - (H - C)) / (H - L) * V (ta_AD.c,
 *          ta_ADOSC.c).
 * Every state here is scalars only (nothing to undo).
 */
#ifndef PE_DM_H
#define PE_DM_H

#include "ind.h"

/* The true range of a bar (h, l) after a close pc. */
static inline double
pe_trange(double h, double l, double pc)
{
	double g = h - l, v;

	if ((v = fabs(h - pc)) > g)
		g = v;
	if ((v = fabs(l - pc)) > g)
		g = v;
	return g;
}

/* +DM and -DM of a bar from up = H - H[-1], down = L[-1] - L. */
static inline void
pe_dm_bar(double up, double down, double *pdm, double *mdm)
{
	*pdm = 0;
	*mdm = 0;
	if (down > 0 && up < down)
		*mdm = down;
	else if (up > 0 && up > down)
		*pdm = up;
}

/* Wilder-smoothed sums of +DM, -DM and TR, as TA-Lib seeds them. */
struct pe_dm {
	double ph, pl, pc;	/* the previous bar */
	double pdm, mdm, tr;	/* the sums */
	uint32_t n;
	uint32_t count;		/* bars seen */
};

static inline void
pe_dm_init(struct pe_dm *d, uint32_t n)
{
	memset(d, 0, sizeof *d);
	d->n = n;
}

/*
 * Feed one bar; returns its index (0 for the first).  After bar i the sums
 * are seeded (plain sums) for 1 <= i <= n-1 and smoothed for i >= n.
 */
static inline uint32_t
pe_dm_step(struct pe_dm *d, const struct pe_bar *b)
{
	double up, down, p, m, tr;
	uint32_t i = d->count;

	if (d->count < UINT32_MAX)
		d->count++;
	if (i == 0) {
		d->ph = b->high;
		d->pl = b->low;
		d->pc = b->close;
		return 0;
	}
	up = b->high - d->ph;
	down = d->pl - b->low;
	d->ph = b->high;
	d->pl = b->low;
	pe_dm_bar(up, down, &p, &m);
	tr = pe_trange(b->high, b->low, d->pc);
	d->pc = b->close;
	if (i < d->n) {
		d->pdm += p;
		d->mdm += m;
		d->tr += tr;
	} else {
		d->pdm = d->pdm - d->pdm / d->n + p;
		d->mdm = d->mdm - d->mdm / d->n + m;
		d->tr = d->tr - d->tr / d->n + tr;
	}
	return i;
}

/* +DI and -DI of the current sums (0 when the TR sum is 0). */
static inline void
pe_dm_di(const struct pe_dm *d, double *pdi, double *mdi)
{
	if (pe_is_zero(d->tr)) {
		*pdi = 0;
		*mdi = 0;
		return;
	}
	*mdi = 100.0 * (d->mdm / d->tr);
	*pdi = 100.0 * (d->pdm / d->tr);
}

/* DX of the current sums into *dx; 0 when it is undefined (TR or the
 * sum of the DIs 0), *dx then untouched. */
static inline int
pe_dm_dx(const struct pe_dm *d, double *dx)
{
	double pdi, mdi, t;

	if (pe_is_zero(d->tr))
		return 0;
	mdi = 100.0 * (d->mdm / d->tr);
	pdi = 100.0 * (d->pdm / d->tr);
	t = mdi + pdi;
	if (pe_is_zero(t))
		return 0;
	*dx = 100.0 * (fabs(mdi - pdi) / t);
	return 1;
}

/*
 * Wilder's ADX: DX summed over bars n..2n-1, the first ADX (bar 2n-1) that
 * sum divided by n, then adx = (adx * (n-1) + dx) / n.  A bar whose DX is
 * undefined adds nothing and leaves the ADX as it was.
 */
struct pe_adx {
	struct pe_dm dm;
	double adx;
};

static inline void
pe_adx_init(struct pe_adx *a, uint32_t n)
{
	pe_dm_init(&a->dm, n);
	a->adx = 0;
}

/* Feed one bar; returns 1 when a->adx is defined (from bar 2n-1). */
static inline int
pe_adx_step(struct pe_adx *a, const struct pe_bar *b)
{
	uint32_t i, n = a->dm.n;
	double dx;

	if ((i = pe_dm_step(&a->dm, b)) < n)
		return 0;
	if (i < 2 * n) {
		if (pe_dm_dx(&a->dm, &dx))
			a->adx += dx;
		if (i < 2 * n - 1)
			return 0;
		a->adx = a->adx / n;
	} else if (pe_dm_dx(&a->dm, &dx))
		a->adx = (a->adx * (n - 1) + dx) / n;
	return 1;
}

/* Wilder's average true range: the mean of TR[1..n], then smoothed. */
struct pe_atr {
	double pc, atr;
	uint32_t n, count;
};

static inline void
pe_atr_init(struct pe_atr *a, uint32_t n)
{
	memset(a, 0, sizeof *a);
	a->n = n;
}

/* Feed one bar; returns 1 when a->atr is defined (from bar n).  With
 * n = 1 the ATR is the true range itself (TA-Lib's TRANGE). */
static inline int
pe_atr_step(struct pe_atr *a, const struct pe_bar *b)
{
	double tr;
	uint32_t i = a->count;

	if (a->count < UINT32_MAX)
		a->count++;
	if (i == 0) {
		a->pc = b->close;
		return 0;
	}
	tr = pe_trange(b->high, b->low, a->pc);
	a->pc = b->close;
	if (a->n == 1) {
		a->atr = tr;
		return 1;
	}
	if (i <= a->n) {
		a->atr += tr;
		if (i < a->n)
			return 0;
		a->atr = a->atr / a->n;
		return 1;
	}
	a->atr *= a->n - 1;
	a->atr += tr;
	a->atr /= a->n;
	return 1;
}

/*
 * Chaikin's accumulation/distribution line after bar b is added to ad, as
 * TA-Lib's AD and ADOSC compute it (kept here, beside the other running
 * sums of a bar's range, for ad and adosc).  A bar with H - L not above 0
 * adds nothing.
 */
static inline double
pe_ad_add(double ad, const struct pe_bar *b)
{
	double r = b->high - b->low;

	if (r > 0.0)
		ad += (((b->close - b->low) - (b->high - b->close)) / r) *
		    b->volume;
	return ad;
}

#endif
