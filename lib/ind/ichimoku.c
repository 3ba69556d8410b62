/*
 * ichimoku: Ichimoku Kinko Hyo (Goichi Hosoda), its four lines computed
 * at each bar.
 *
 * Definition, with mid(k) = (highest high + lowest low) / 2 of the last k
 * bars (this one included; window.h's monotonic deques):
 *   tenkan    mid(t)                   (conversion line, t = 9)
 *   kijun     mid(k)                   (base line, k = 26)
 *   senkou_a  (tenkan + kijun) / 2     (leading span A)
 *   senkou_b  mid(s)                   (leading span B, s = 52)
 * The spans are given at the bar they are computed from, NOT shifted: a
 * chart draws senkou_a and senkou_b k bars ahead (26 with the defaults);
 * in a formula, the cloud under the current bar is
 * ichimoku(9, 26, 52).senkou_a[26] and .senkou_b[26].  All four are
 * defined from bar max(t, k, s) - 1 on (one lookback per indicator):
 * lookback 51 with the defaults.
 *
 * Bloat: no chikou span (the close drawn k bars back: it is close itself,
 * for a chart to shift), no shifted outputs (a stream cannot give a value
 * for a bar that has not come).
 */
#include "window.h"

struct ichimoku {
	struct pe_ext w[6];	/* high, low for tenkan, kijun, senkou_b */
};

static void
ichimoku_init(void *st, const double *p, void *rings)
{
	struct ichimoku *s = st;
	char *mem = rings;
	int i;

	for (i = 0; i < 3; i++) {
		uint32_t n = (uint32_t)p[i];

		pe_ext_init(&s->w[2 * i], mem, n, 1);
		mem += pe_ext_size(n);
		pe_ext_init(&s->w[2 * i + 1], mem, n, -1);
		mem += pe_ext_size(n);
	}
}

static inline double
ichimoku_mid(const struct ichimoku *s, int i)
{
	return (pe_ext_value(&s->w[2 * i]) + pe_ext_value(&s->w[2 * i + 1])) /
	    2;
}

static inline int
ichimoku_step(struct ichimoku *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	int i;

	for (i = 0; i < 3; i++) {
		pe_ext_push(&s->w[2 * i], b->high, u);
		pe_ext_push(&s->w[2 * i + 1], b->low, u);
	}
	if (!pe_ext_full(&s->w[0]) || !pe_ext_full(&s->w[2]) ||
	    !pe_ext_full(&s->w[4]))
		return 0;
	out[0] = ichimoku_mid(s, 0);
	out[1] = ichimoku_mid(s, 1);
	out[2] = (out[0] + out[1]) / 2;
	out[3] = ichimoku_mid(s, 2);
	return 1;
}

PE_IND_DEFINE(ichimoku, struct ichimoku, 4)

static long
ichimoku_lookback(const double *p)
{
	double m = p[0];

	if (p[1] > m)
		m = p[1];
	if (p[2] > m)
		m = p[2];
	return (long)m - 1;
}

static size_t
ichimoku_rings(const double *p)
{
	return 2 * (pe_ext_size(p[0]) + pe_ext_size(p[1]) +
	    pe_ext_size(p[2]));
}

const struct pe_ind_info pe_ind_ichimoku = {
	.name = "ichimoku",
	.desc = "Ichimoku: tenkan, kijun, senkou A, senkou B (unshifted "
	    "midpoints of high/low)",
	.inputs = PE_IN_HIGH | PE_IN_LOW,
	.nparams = 3,
	.param = {
		{ "tenkan", PE_P_INT, 9, 1, 100000 },
		{ "kijun", PE_P_INT, 26, 1, 100000 },
		{ "senkou", PE_P_INT, 52, 1, 100000 },
	},
	.nout = 4,
	.out = { "tenkan", "kijun", "senkou_a", "senkou_b" },
	.lookback = ichimoku_lookback,
	.ring_size = ichimoku_rings,
	PE_IND_FUNCS(ichimoku, struct ichimoku),
};
