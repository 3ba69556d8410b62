/*
 * change: the change of x over n bars, as a difference or a ratio: mom,
 * roc, rocp, rocr and rocr100.
 *
 * As TA-Lib's MOM, ROC, ROCP, ROCR and ROCR100 (ta_func/ta_*.c), period
 * 1..100000, default 10, lookback n:
 *   mom      x - x[n]
 *   roc      (x / x[n] - 1) * 100
 *   rocp     (x - x[n]) / x[n]
 *   rocr     x / x[n]
 *   rocr100  (x / x[n]) * 100
 * The four ratios give 0 where x[n] is 0, as TA-Lib does; each keeps
 * TA-Lib's own order of operations (so roc is not rocr100 - 100).  x[n]
 * comes from stats.h's pe_lag, the state of every member.
 */
#include "stats.h"

enum { CHANGE_MOM, CHANGE_ROC, CHANGE_ROCP, CHANGE_ROCR, CHANGE_ROCR100 };

static void
change_init(void *st, const double *p, void *rings)
{
	pe_lag_init(st, p[0], rings);
}

static long
change_lookback(const double *p)
{
	return (long)p[0];
}

static size_t
change_rings(const double *p)
{
	return pe_lag_rings(p[0]);
}

/* The change from old to x by the formula of kind. */
static inline double
change_of(int kind, double x, double old)
{
	if (kind == CHANGE_MOM)
		return x - old;
	if (old == 0.0)
		return 0.0;
	switch (kind) {
	case CHANGE_ROC:
		return (x / old - 1.0) * 100.0;
	case CHANGE_ROCP:
		return (x - old) / old;
	case CHANGE_ROCR:
		return x / old;
	default:
		return (x / old) * 100.0;
	}
}

/* One step of any member: kind is a constant at each call, so the
 * compiler keeps only that member's formula. */
static inline int
change_step(struct pe_lag *s, const struct pe_bar *b, double *out,
    struct pe_undo *u, int kind)
{
	double old;

	if (!pe_lag_step(s, b->x, &old, u))
		return 0;
	out[0] = change_of(kind, b->x, old);
	return 1;
}

/*
 * A member: its step (change_step with its formula), the registry's
 * stream and batch forms of it, and its entry.
 */
#define CHANGE_ENTRY(NAME, KIND, DESC)					\
static inline int							\
NAME##_step(struct pe_lag *s, const struct pe_bar *b, double *out,	\
    struct pe_undo *u)							\
{									\
	return change_step(s, b, out, u, KIND);				\
}									\
									\
PE_IND_DEFINE(NAME, struct pe_lag, 1)					\
									\
const struct pe_ind_info pe_ind_##NAME = {				\
	.name = #NAME,							\
	.desc = DESC,							\
	.inputs = PE_IN_X,						\
	.nparams = 1,							\
	.param = { { "period", PE_P_INT, 10, 1, 100000 } },		\
	.nout = 1,							\
	.out = { #NAME },						\
	.lookback = change_lookback,					\
	.ring_size = change_rings,					\
	PE_IND_FUNCS_INIT(NAME, struct pe_lag, change_init),		\
};

CHANGE_ENTRY(mom, CHANGE_MOM, "momentum: the change over n bars, x - x[n]")
CHANGE_ENTRY(roc, CHANGE_ROC, "rate of change in percent: (x / x[n] - 1) "
    "* 100")
CHANGE_ENTRY(rocp, CHANGE_ROCP, "rate of change as a fraction: (x - x[n]) "
    "/ x[n]")
CHANGE_ENTRY(rocr, CHANGE_ROCR, "rate of change ratio: x / x[n]")
CHANGE_ENTRY(rocr100, CHANGE_ROCR100, "rate of change ratio, 100 scale: "
    "x / x[n] * 100")
