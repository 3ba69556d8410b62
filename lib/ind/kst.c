/*
 * kst: Know Sure Thing (Martin Pring, "Summed Rate of Change (KST)",
 * Technical Analysis of Stocks & Commodities, September 1992; his daily
 * parameters, as StockCharts' ChartSchool gives them).
 *
 * Definition, with roc(n) = (x / x[n] - 1) * 100 (TA-Lib's ROC, 0 where
 * x[n] is 0) and SMA TA-Lib's:
 *   kst    = 1 SMA(roc(r1), s) + 2 SMA(roc(r2), s) + 3 SMA(roc(r3), s)
 *            + 4 SMA(roc(r4), s4)
 *   signal = SMA(kst, 9)
 * r1..r4 = 10, 15, 20, 30, s = 10, s4 = 15 by default (Pring's daily
 * KST; his monthly one is kst(9, 12, 18, 24, 6, 9)).  Both outputs start
 * together, at the signal's first value: lookback
 * max(r1 + s, r2 + s, r3 + s, r4 + s4) - 1 + 8, 52.
 *
 * Bloat: no separate periods for the first three averages (Pring's sets
 * all have them equal; six parameters are the registry's most), no
 * signal period (Pring's 9).
 */
#include "ma.h"
#include "stats.h"

#define KST_SIGNAL 9

struct kst {
	struct pe_lag lag[4];
	struct pe_sma sma[4], sig;
};

static void
kst_init(void *st, const double *p, void *rings)
{
	struct kst *s = st;
	char *mem = rings;
	uint32_t i, m;

	for (i = 0; i < 4; i++) {
		m = (uint32_t)(i < 3 ? p[4] : p[5]);
		pe_lag_init(&s->lag[i], p[i], mem);
		mem += pe_lag_rings(p[i]);
		pe_sma_init(&s->sma[i], m, (double *)(void *)mem);
		mem += pe_doubles(m);
	}
	pe_sma_init(&s->sig, KST_SIGNAL, (double *)(void *)mem);
}

static inline int
kst_step(struct kst *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double old, m[4], k = 0;
	int i, ok = 1;

	for (i = 0; i < 4; i++) {
		if (!pe_lag_step(&s->lag[i], b->x, &old, u)) {
			ok = 0;
			continue;
		}
		old = old != 0 ? (b->x / old - 1.0) * 100 : 0;
		ok &= pe_sma_step(&s->sma[i], old, &m[i], u);
	}
	if (!ok)
		return 0;
	for (i = 0; i < 4; i++)
		k += (i + 1) * m[i];
	if (!pe_sma_step(&s->sig, k, &out[1], u))
		return 0;
	out[0] = k;
	return 1;
}

PE_IND_DEFINE(kst, struct kst, 2)

static long
kst_lookback(const double *p)
{
	double m = 0, v;
	int i;

	for (i = 0; i < 4; i++)
		if ((v = p[i] + (i < 3 ? p[4] : p[5])) > m)
			m = v;
	return (long)m - 1 + KST_SIGNAL - 1;
}

static size_t
kst_rings(const double *p)
{
	return pe_lag_rings(p[0]) + pe_lag_rings(p[1]) + pe_lag_rings(p[2]) +
	    pe_lag_rings(p[3]) + pe_doubles(3 * p[4] + p[5] + KST_SIGNAL);
}

const struct pe_ind_info pe_ind_kst = {
	.name = "kst",
	.desc = "Know Sure Thing (Pring): weighted sum 1..4 of SMAs of four "
	    "rates of change, and its 9-bar SMA signal",
	.inputs = PE_IN_X,
	.nparams = 6,
	.param = {
		{ "roc1", PE_P_INT, 10, 1, 100000 },
		{ "roc2", PE_P_INT, 15, 1, 100000 },
		{ "roc3", PE_P_INT, 20, 1, 100000 },
		{ "roc4", PE_P_INT, 30, 1, 100000 },
		{ "sma", PE_P_INT, 10, 1, 100000 },
		{ "sma4", PE_P_INT, 15, 1, 100000 },
	},
	.nout = 2,
	.out = { "kst", "signal" },
	.lookback = kst_lookback,
	.ring_size = kst_rings,
	PE_IND_FUNCS(kst, struct kst),
};
