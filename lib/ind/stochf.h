/*
 * stochf.h: the fast stochastic's state and step, shared by stochf.c, by
 * stoch.c (the slow stochastic embeds it: its slow %K is the fast %D) and
 * by stochrsi.c (the fast stochastic of the RSI), so that fast %K and its
 * smoothing are written once.  See stochf.c for the definition.
 *
 * The parameters are (fastk, fastd), the first two of stoch's (fastk,
 * slowk, ...) and the last two of stochrsi's (period, fastk, fastd), so
 * the embedding indicators pass their own parameter array, offset.
 *
 * Bloat: SMA smoothing only (TA-Lib's default), no MA-type parameter.
 */
#ifndef PE_IND_STOCHF_H
#define PE_IND_STOCHF_H

#include "window.h"

struct stochf {
	struct pe_ext hi, lo;	/* highest high, lowest low over fastk */
	struct pe_rsum d;	/* %D: the SMA of %K over fastd */
};

/* Lookback and ring bytes for p = (fastk, fastd). */
static inline long
stochf_lookback(const double *p)
{
	return (long)(p[0] - 1 + p[1] - 1);
}

static inline size_t
stochf_rings(const double *p)
{
	return 2 * pe_ext_size(p[0]) + pe_rsum_size(p[1]);
}

/* p = (fastk, fastd); rings: stochf_rings(p) bytes. */
static inline void
stochf_init(void *st, const double *p, void *rings)
{
	struct stochf *s = st;
	uint32_t fk = (uint32_t)p[0], fd = (uint32_t)p[1];
	char *m = rings;

	pe_ext_init(&s->hi, m, fk, 1);
	m += pe_ext_size(fk);
	pe_ext_init(&s->lo, m, fk, -1);
	m += pe_ext_size(fk);
	pe_rsum_init(&s->d, m, fd);
}

/*
 * Feed one bar as high h, low l and close c: out[0] = %K, out[1] = %D,
 * returning 1 once both are defined.  %K is TA-Lib's (c - LL) / ((HH -
 * LL) / 100), 0 when HH = LL.
 */
static inline int
stochf_hlc(struct stochf *s, double h, double l, double c, double *out,
    struct pe_undo *u)
{
	double hh, ll, diff, k;

	pe_ext_push(&s->hi, h, u);
	pe_ext_push(&s->lo, l, u);
	if (!pe_ext_full(&s->hi))
		return 0;
	hh = pe_ext_value(&s->hi);
	ll = pe_ext_value(&s->lo);
	diff = (hh - ll) / 100.0;
	k = diff != 0.0 ? (c - ll) / diff : 0.0;
	if (!pe_rsum_mean(&s->d, k, &out[1], u))
		return 0;
	out[0] = k;
	return 1;
}

static inline int
stochf_step(struct stochf *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	return stochf_hlc(s, b->high, b->low, b->close, out, u);
}

#endif
