/*
 * stochf.h: the fast stochastic's state and step, shared by stochf.c, by
 * stoch.c (the slow stochastic embeds it: its slow %K is the fast %D) and
 * by stochrsi.c (the fast stochastic of the RSI), so that fast %K and its
 * smoothing are written once.  See stochf.c for the definition.
 *
 * The embedding indicators pass (fastk, fastd, MA type of %D): stochf's
 * own three parameters, stoch's fastk, slowk and slowk's MA type, and
 * stochrsi's last three.  The smoothing is pe_ma (ma.h), any of TA-Lib's
 * MA types; TA-Lib's default SMA gives the values of its running sum.
 */
#ifndef PE_IND_STOCHF_H
#define PE_IND_STOCHF_H

#include "ma.h"
#include "window.h"

struct stochf {
	struct pe_ext hi, lo;	/* highest high, lowest low over fastk */
	struct pe_ma d;		/* %D: the average of %K over fastd */
};

/* Lookback and ring bytes for fastk, fastd and %D's MA type. */
static inline long
stochf_lookback3(double fk, double fd, double type)
{
	return (long)(fk - 1) + pe_ma_lookback((int)type, (uint32_t)fd);
}

static inline size_t
stochf_rings3(double fk, double fd, double type)
{
	return 2 * pe_ext_size(fk) +
	    pe_doubles((double)pe_ma_ring_size((int)type, (uint32_t)fd));
}

/* rings: stochf_rings3(fk, fd, type) bytes. */
static inline void
stochf_init3(struct stochf *s, double fk, double fd, double type,
    void *rings)
{
	char *m = rings;

	pe_ext_init(&s->hi, m, (uint32_t)fk, 1);
	m += pe_ext_size(fk);
	pe_ext_init(&s->lo, m, (uint32_t)fk, -1);
	m += pe_ext_size(fk);
	pe_ma_init(&s->d, (int)type, (uint32_t)fd, (double *)(void *)m);
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
	if (!pe_ma_step(&s->d, k, &out[1], u))
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
