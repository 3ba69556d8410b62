/*
 * cmo: Chande momentum oscillator, 100 * (gain - loss) / (gain + loss).
 *
 * As TA-Lib's CMO, which smooths gain and loss as its RSI does (simple
 * means of the first n changes, then Wilder's avg = (avg*(n-1) + x)/n),
 * not with Chande's plain sums over n bars; so CMO = 2*RSI - 100.  The
 * averages come from the RSI state and step of rsi.h (written once);
 * the output is TA-Lib's 100 * ((gain - loss) / (gain + loss)), 0 when
 * gain + loss is within 1e-14 of 0.  Lookback n.
 */
#include "rsi.h"

struct cmo {
	struct rsi rsi;
};

static void
cmo_init(void *st, const double *p, void *rings)
{
	struct cmo *s = st;

	rsi_init(&s->rsi, p, rings);
}

static inline int
cmo_step(struct cmo *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double rsi, t;

	if (!rsi_step(&s->rsi, b, &rsi, u))
		return 0;
	t = s->rsi.gain + s->rsi.loss;
	out[0] = pe_is_zero(t) ? 0 :
	    100.0 * ((s->rsi.gain - s->rsi.loss) / t);
	return 1;
}

PE_IND_DEFINE(cmo, struct cmo, 1)

static long
cmo_lookback(const double *p)
{
	return (long)p[0];
}

const struct pe_ind_info pe_ind_cmo = {
	.name = "cmo",
	.desc = "Chande momentum oscillator: 100 * (gain - loss) / (gain + "
	    "loss), Wilder-smoothed as TA-Lib",
	.inputs = PE_IN_X,
	.nparams = 1,
	.param = { { "period", PE_P_INT, 14, 2, 100000 } },
	.nout = 1,
	.out = { "cmo" },
	.lookback = cmo_lookback,
	PE_IND_FUNCS(cmo, struct cmo),
};
