/*
 * tulip.h: what the indicators taken from Tulip Indicators 0.8.4 share
 * (ao, cvi, decay, edecay, dpo, emv, fisher, fosc, kvo, marketfi, mass,
 * msw, nvi, pvi, qstick, stderr, vhf, vidya, volatility, vosc, vwma, wad,
 * wilders, zlema: the ones TA-Lib lacks, under Tulip's names and in the
 * order of its options).
 *
 * Each file follows Tulip's source (indicators/NAME.c) operation for
 * operation, running sums included: the new value added first, then the
 * one leaving the window subtracted, the quotient taken after both, so
 * that pe gives Tulip's numbers to the last bits, not only to 1e-9.
 *
 * Tulip divides without a guard.  Where its denominator is 0 (a flat
 * stretch, a bar without volume, a zero price) it writes inf or NaN, and
 * in a running sum or an average that NaN stays for good.  pe gives 0
 * there instead, TA-Lib's rule for its oscillators (roc, willr, cci), via
 * pe_tdiv; the few indicators where 0 would be wrong say what they do.
 * On series without such bars (every real series of tests/data) nothing
 * differs.
 *
 * Bloat: no Tulip indicator that TA-Lib already has under its name (those
 * keep TA-Lib's definition), no Tulip option validation beyond the ranges
 * of each pe_ind_info.
 */
#ifndef PE_IND_TULIP_H
#define PE_IND_TULIP_H

#include <stdio.h>

#include "ind.h"

/* a / b, or 0 when b is 0 (Tulip: inf or NaN). */
static inline double
pe_tdiv(double a, double b)
{
	return b == 0 ? 0 : a / b;
}

/* sqrt(v), or 0 when rounding left v below 0 (Tulip: NaN). */
static inline double
pe_tsqrt(double v)
{
	return v > 0 ? sqrt(v) : 0;
}

/*
 * The pe_ind_info check of Tulip's two-period indicators (kvo, vidya,
 * vosc): parameter 0, the short period, is not above parameter 1, the
 * long one (Tulip refuses long < short; equal periods are accepted).
 */
static inline int
pe_tulip_short_long(const double *p, char *why, size_t n)
{
	if (p[0] <= p[1])
		return 0;
	snprintf(why, n, "short period %g must not be above long period %g",
	    p[0], p[1]);
	return -1;
}

/* Count a bar, saturating: returns the bars counted before this one. */
static inline uint32_t
pe_tcount(uint32_t *count)
{
	uint32_t i = *count;

	if (i < UINT32_MAX)
		(*count)++;
	return i;
}

#endif
