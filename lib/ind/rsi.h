/*
 * rsi.h: the RSI state and step, shared by rsi.c and stochrsi.c (STOCHF
 * over RSI), so that the RSI is written once.  See rsi.c for its
 * definition.
 */
#ifndef PE_IND_RSI_H
#define PE_IND_RSI_H

#include "ind.h"

struct rsi {
	double prev, gain, loss;
	uint32_t n, count;
};

static inline void
rsi_init(void *st, const double *p, void *rings)
{
	struct rsi *s = st;

	(void)rings;
	memset(s, 0, sizeof *s);
	s->n = (uint32_t)p[0];
}

static inline int
rsi_step(struct rsi *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double d, t;

	(void)u;
	if (s->count++ == 0) {
		s->prev = b->x;
		return 0;
	}
	d = b->x - s->prev;
	s->prev = b->x;
	if (s->count <= s->n + 1) {
		if (d < 0)
			s->loss -= d;
		else
			s->gain += d;
		if (s->count <= s->n)
			return 0;
	} else {
		s->loss *= s->n - 1;
		s->gain *= s->n - 1;
		if (d < 0)
			s->loss -= d;
		else
			s->gain += d;
	}
	s->loss /= s->n;
	s->gain /= s->n;
	t = s->gain + s->loss;
	out[0] = pe_is_zero(t) ? 0 : 100 * (s->gain / t);
	return 1;
}

#endif
