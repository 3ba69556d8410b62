/*
 * sarext.h: the parabolic SAR's state and step, written once for sar.c
 * (TA-Lib's SAR) and sarext.c (SAREXT, its every knob).  SAR is SAREXT
 * with no start value, no offset and one acceleration and maximum for
 * both sides, and TA-Lib's two functions compute the same numbers then.
 *
 * As TA-Lib (ta_func/ta_SAR.c, ta_SAREXT.c), in its operations.  Bar 0
 * has no value.  The start value s decides the position at bar 1: s = 0
 * short when bar 1's -DM is positive (the low fell more than the high
 * rose), else long, with the SAR at low[0] (long) or high[0] (short);
 * s > 0 long at s; s < 0 short at |s|.  The extreme point is high[1]
 * (long) or low[1] (short).  The value at bar t is the SAR in force for
 * bar t.  When low[t] <= SAR (long) or high[t] >= SAR (short) the
 * position reverses: the SAR becomes the extreme point kept outside the
 * previous and current bar's range, moved away from the price by offset
 * times itself, and that side's acceleration factor starts at its init.
 * Otherwise a new extreme raises the side's factor by its step, up to its
 * maximum.  The next SAR, sar + af (ep - sar), is kept outside the last
 * two bars' range.  An init or a step above its side's maximum is taken
 * as the maximum.  At bar 1 the "previous bar" is bar 1 itself (TA-Lib's
 * start).  Scalars only: nothing to undo.
 */
#ifndef PE_IND_SAREXT_H
#define PE_IND_SAREXT_H

#include "dm.h"

struct pe_sarext {
	double start, offset;
	double initl, accl, maxl, inits, accs, maxs;	/* long, short */
	double afl, afs, ep, sar, ph, pl;	/* ph, pl: the previous bar */
	uint32_t count;		/* bars seen, up to 2 */
	int islong;
};

/* p: TA-Lib's eight SAREXT parameters, in its order. */
static inline void
pe_sarext_init(struct pe_sarext *s, const double *p)
{
	memset(s, 0, sizeof *s);
	s->start = p[0];
	s->offset = p[1];
	s->initl = p[2] > p[4] ? p[4] : p[2];
	s->accl = p[3] > p[4] ? p[4] : p[3];
	s->maxl = p[4];
	s->inits = p[5] > p[7] ? p[7] : p[5];
	s->accs = p[6] > p[7] ? p[7] : p[6];
	s->maxs = p[7];
	s->afl = s->initl;
	s->afs = s->inits;
}

/* Keep the SAR of a long position at or below the lows lo1 and lo2. */
static inline double
pe_sar_below(double v, double lo1, double lo2)
{
	if (v > lo1)
		v = lo1;
	if (v > lo2)
		v = lo2;
	return v;
}

/* Keep the SAR of a short position at or above the highs hi1 and hi2. */
static inline double
pe_sar_above(double v, double hi1, double hi2)
{
	if (v < hi1)
		v = hi1;
	if (v < hi2)
		v = hi2;
	return v;
}

/* Bar 1: the first position, SAR and extreme point. */
static inline void
pe_sarext_first(struct pe_sarext *s, double h, double l)
{
	double pdm, mdm;

	if (s->start == 0) {
		pe_dm_bar(h - s->ph, s->pl - l, &pdm, &mdm);
		s->islong = !(mdm > 0);
		s->sar = s->islong ? s->pl : s->ph;
	} else {
		s->islong = s->start > 0;
		s->sar = fabs(s->start);
	}
	s->ep = s->islong ? h : l;
	s->ph = h;
	s->pl = l;
}

/* A long position reverses at bar (h, l) after the bar (ph, pl). */
static inline double
pe_sarext_to_short(struct pe_sarext *s, double h, double l, double ph)
{
	double v;

	s->islong = 0;
	s->sar = pe_sar_above(s->ep, ph, h);
	if (s->offset != 0.0)
		s->sar += s->sar * s->offset;
	v = s->sar;
	s->afs = s->inits;
	s->ep = l;
	s->sar = s->sar + s->afs * (s->ep - s->sar);
	s->sar = pe_sar_above(s->sar, ph, h);
	return v;
}

static inline double
pe_sarext_to_long(struct pe_sarext *s, double h, double l, double pl)
{
	double v;

	s->islong = 1;
	s->sar = pe_sar_below(s->ep, pl, l);
	if (s->offset != 0.0)
		s->sar -= s->sar * s->offset;
	v = s->sar;
	s->afl = s->initl;
	s->ep = h;
	s->sar = s->sar + s->afl * (s->ep - s->sar);
	s->sar = pe_sar_below(s->sar, pl, l);
	return v;
}

/*
 * One bar: *v gets the SAR in force for it, returning 1 from bar 1 on;
 * the position it belongs to is then s->islong.
 */
static inline int
pe_sarext_step(struct pe_sarext *s, double h, double l, double *v)
{
	double ph, pl;

	if (s->count == 0) {
		s->count = 1;
		s->ph = h;
		s->pl = l;
		return 0;
	}
	if (s->count == 1) {
		s->count = 2;
		pe_sarext_first(s, h, l);
	}
	ph = s->ph;
	pl = s->pl;
	s->ph = h;
	s->pl = l;
	if (s->islong) {
		if (l <= s->sar) {
			*v = pe_sarext_to_short(s, h, l, ph);
			return 1;
		}
		*v = s->sar;
		if (h > s->ep) {
			s->ep = h;
			s->afl += s->accl;
			if (s->afl > s->maxl)
				s->afl = s->maxl;
		}
		s->sar = s->sar + s->afl * (s->ep - s->sar);
		s->sar = pe_sar_below(s->sar, pl, l);
		return 1;
	}
	if (h >= s->sar) {
		*v = pe_sarext_to_long(s, h, l, pl);
		return 1;
	}
	*v = s->sar;
	if (l < s->ep) {
		s->ep = l;
		s->afs += s->accs;
		if (s->afs > s->maxs)
			s->afs = s->maxs;
	}
	s->sar = s->sar + s->afs * (s->ep - s->sar);
	s->sar = pe_sar_above(s->sar, ph, h);
	return 1;
}

#endif
