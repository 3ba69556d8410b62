/*
 * coppock: the Coppock curve (Edwin Coppock, Barron's, 1962; as
 * StockCharts' ChartSchool, "Coppock Curve", defines it).
 *
 * Definition, with roc(n) = (x / x[n] - 1) * 100 (TA-Lib's ROC, 0 where
 * x[n] is 0):
 *   coppock = WMA(roc(a) + roc(b), w)
 * a = 14, b = 11, w = 10 by default (Coppock's months, used on any bars).
 * The WMA is TA-Lib's (weights 1..w, newest heaviest; ma.h).  Lookback
 * max(a, b) + w - 1, 23.
 */
#include "ma.h"
#include "stats.h"

struct coppock {
	struct pe_lag la, lb;
	struct pe_wma w;
};

static void
coppock_init(void *st, const double *p, void *rings)
{
	struct coppock *s = st;
	char *mem = rings;

	pe_lag_init(&s->la, p[0], mem);
	mem += pe_lag_rings(p[0]);
	pe_lag_init(&s->lb, p[1], mem);
	mem += pe_lag_rings(p[1]);
	pe_wma_init(&s->w, (uint32_t)p[2], (double *)(void *)mem);
}

/* TA-Lib's ROC: 0 where the old value is 0. */
static inline double
coppock_roc(double x, double old)
{
	return old != 0 ? (x / old - 1.0) * 100 : 0;
}

static inline int
coppock_step(struct coppock *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double oa = 0, ob = 0;
	int a = pe_lag_step(&s->la, b->x, &oa, u);

	if (!pe_lag_step(&s->lb, b->x, &ob, u) || !a)
		return 0;
	return pe_wma_step(&s->w, coppock_roc(b->x, oa) +
	    coppock_roc(b->x, ob), out, u);
}

PE_IND_DEFINE(coppock, struct coppock, 1)

static long
coppock_lookback(const double *p)
{
	return (long)fmax(p[0], p[1]) + (long)p[2] - 1;
}

static size_t
coppock_rings(const double *p)
{
	return pe_lag_rings(p[0]) + pe_lag_rings(p[1]) + pe_doubles(p[2]);
}

const struct pe_ind_info pe_ind_coppock = {
	.name = "coppock",
	.desc = "Coppock curve: WMA(w) of the sum of the rates of change "
	    "over a and b bars",
	.inputs = PE_IN_X,
	.nparams = 3,
	.param = {
		{ "long", PE_P_INT, 14, 1, 100000 },
		{ "short", PE_P_INT, 11, 1, 100000 },
		{ "wma", PE_P_INT, 10, 1, 100000 },
	},
	.nout = 1,
	.out = { "coppock" },
	.lookback = coppock_lookback,
	.ring_size = coppock_rings,
	PE_IND_FUNCS(coppock, struct coppock),
};
