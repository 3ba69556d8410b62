/*
 * mavp: a moving average whose period changes bar by bar, read from a
 * second series.
 *
 * As TA-Lib's MAVP(x, periods, minperiod 2, maxperiod 30, matype SMA)
 * (ta_func/ta_MAVP.c): at each bar the period is the periods series'
 * value truncated to a whole number and held within minperiod..maxperiod,
 * and the value is that bar's MA of that period, of the type given.
 * TA-Lib runs one MA of each period needed over the bars from its
 * lookback on, so the MA of period p starts reading at bar L - (its own
 * lookback), L the lookback of the MA of maxperiod, and every value is
 * defined from bar L on.  A period of 1 is x itself, as TA-Lib's MA.
 * How, here, without knowing the periods to come:
 *   sma, wma, trima  each bar's MA is summed afresh over a window of the
 *                    last maxperiod values (TRIMA by its triangular
 *                    weights): O(p) a bar, no state per period; TA-Lib's
 *                    running sums differ by rounding only;
 *   ema, dema, tema, kama, t3  one average per period in the range, each
 *                    started as TA-Lib starts it, all stepped every bar
 *                    (KAMAs read the shared window).  Their states are
 *                    kept twice in ring memory: each step copies the
 *                    current ones into the other copy and steps those,
 *                    so undoing a step (pe_ind_replace) only needs the
 *                    scalars restored, however many periods there are;
 *   mama             one MAMA: its value does not depend on the period.
 * A NaN period gives no value at that bar.  Lookback L.
 *
 * Bloat: O(maxperiod - minperiod) work a bar for the recursive types.
 */
#include <stdio.h>

#include "ma.h"

/* One average of the bank: a ringless pe_ma, or KAMA's running part. */
union mavp_ma {
	struct pe_ma ma;
	struct pe_kamac k;
};

struct mavp {
	struct pe_ring win;	/* the last maxperiod + 2 values */
	union mavp_ma *bank;	/* two banks of max - min + 1, in rings */
	struct pe_ma mama;	/* matype mama */
	int64_t t;		/* bars seen */
	long lb;		/* L */
	uint32_t min, max, cur;
	int type;
};

/* The averages of a type that keep a state per period. */
static int
mavp_banked(int type)
{
	return type != PE_MA_SMA && type != PE_MA_WMA &&
	    type != PE_MA_TRIMA && type != PE_MA_MAMA;
}

/* Elements of one bank (0 when none), for p = (min, max, type). */
static size_t
mavp_nbank(const double *p)
{
	return mavp_banked((int)p[2]) ? (size_t)(p[1] - p[0] + 1) : 0;
}

static size_t
mavp_rings(const double *p)
{
	return pe_doubles(p[1] + 2) + 2 * mavp_nbank(p) *
	    sizeof(union mavp_ma) + pe_doubles((double)pe_ma_ring_size(
	    (int)p[2], 2) * ((int)p[2] == PE_MA_MAMA));
}

static long
mavp_lookback(const double *p)
{
	return pe_ma_lookback((int)p[2], (uint32_t)p[1]);
}

static void
mavp_init(void *st, const double *p, void *rings)
{
	struct mavp *s = st;
	char *m = rings;
	size_t i, n = mavp_nbank(p);
	uint32_t q;

	memset(s, 0, sizeof *s);
	s->min = (uint32_t)p[0];
	s->max = (uint32_t)p[1];
	s->type = (int)p[2];
	s->lb = mavp_lookback(p);
	pe_ring_init(&s->win, (double *)(void *)m, s->max + 2);
	m += pe_doubles(p[1] + 2);
	s->bank = (union mavp_ma *)(void *)m;
	memset(m, 0, 2 * n * sizeof(union mavp_ma));
	for (i = 0; i < n; i++) {
		q = s->min + (uint32_t)i;
		if (s->type == PE_MA_KAMA)
			pe_kamac_init(&s->bank[i].k, q);
		else	/* ringless types: the memory given is not used */
			pe_ma_init(&s->bank[i].ma, s->type, q, s->win.buf);
	}
	m += 2 * n * sizeof(union mavp_ma);
	if (s->type == PE_MA_MAMA)
		pe_ma_init(&s->mama, PE_MA_MAMA, 2, (double *)(void *)m);
}

/* The MA of period p (2..max) of the window's values, summed afresh. */
static inline double
mavp_window(const struct mavp *s, uint32_t p)
{
	uint32_t i, a = p, b = 1, w;
	double sum = 0;

	if (s->type == PE_MA_TRIMA) {
		a = pe_trima_first(p);
		b = pe_trima_second(p);
	}
	for (i = 0; i < p; i++) {
		if (s->type == PE_MA_WMA)
			w = p - i;
		else {		/* box a convolved with box b (b = 1: SMA) */
			w = i + 1 < a ? i + 1 : a;
			w = w < b ? w : b;
			w = w < p - i ? w : p - i;
		}
		sum += w * pe_ring_ago(&s->win, i);
	}
	if (s->type == PE_MA_WMA)
		return sum / ((double)p * (p + 1) / 2);
	return sum / ((double)a * b);
}

/*
 * Step every average of the bank that has started (the one of period q
 * at bar L - its lookback) into the other copy; *v gets period p's.
 */
static inline void
mavp_bank(struct mavp *s, double x, uint32_t p, double *v)
{
	size_t n = s->max - s->min + 1, i;
	union mavp_ma *to = s->bank + (s->cur ? 0 : n);
	uint32_t q;
	double o = NAN;

	memcpy(to, s->bank + (s->cur ? n : 0), n * sizeof *to);
	s->cur = !s->cur;
	for (i = 0; i < n; i++) {
		q = s->min + (uint32_t)i;
		if (q == 1 || s->t < s->lb - pe_ma_lookback(s->type, q))
			continue;
		if (s->type == PE_MA_KAMA)
			pe_kamac_step(&to[i].k, &s->win, x, &o);
		else
			pe_ma_step(&to[i].ma, x, &o, NULL);
		if (q == p)
			*v = o;
	}
}

static inline int
mavp_step(struct mavp *s, const struct pe_bar *b, double *out,
    struct pe_undo *u)
{
	double x = b->x, y = b->y, v = NAN, m = NAN;
	uint32_t p;

	/* TA-Lib's (int)y held within min..max; held first, as a double */
	p = !(y > s->min) ? s->min : y >= s->max ? s->max : (uint32_t)y;
	pe_ring_push(&s->win, x, u);
	if (mavp_banked(s->type))
		mavp_bank(s, x, isnan(y) ? 0 : p, &v);
	else if (s->type == PE_MA_MAMA)
		pe_ma_step(&s->mama, x, &m, u);
	if (s->t++ < s->lb || isnan(y))
		return 0;
	if (p == 1)
		v = x;
	else if (s->type == PE_MA_MAMA)
		v = m;
	else if (!mavp_banked(s->type))
		v = mavp_window(s, p);
	out[0] = v;
	return 1;
}

PE_IND_DEFINE(mavp, struct mavp, 1)

/* TA-Lib refuses minperiod above maxperiod. */
static int
mavp_check(const double *p, char *why, size_t n)
{
	if (p[0] <= p[1])
		return 0;
	snprintf(why, n, "minperiod %g must not be above maxperiod %g", p[0],
	    p[1]);
	return -1;
}

const struct pe_ind_info pe_ind_mavp = {
	.name = "mavp",
	.desc = "moving average of a variable period, read bar by bar from a "
	    "second series",
	.inputs = PE_IN_X | PE_IN_Y,
	.nparams = 3,
	.param = {
		{ "minperiod", PE_P_INT, 2, 1, 100000 },
		{ "maxperiod", PE_P_INT, 30, 1, 100000 },
		{ "matype", PE_P_MA, PE_MA_SMA, 0, 8 },
	},
	.nout = 1,
	.out = { "mavp" },
	.lookback = mavp_lookback,
	.check = mavp_check,
	.ring_size = mavp_rings,
	PE_IND_FUNCS(mavp, struct mavp),
};
