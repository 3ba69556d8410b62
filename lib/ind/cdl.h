/*
 * cdl.h: what TA-Lib's candlestick patterns (lib/ind/cdl.c) share: the
 * candle settings that say what "long", "short", "near" ... mean, the
 * ranges they measure, the last few candles, and the running averages of
 * a range over the candles before a pattern's candle.
 *
 * A setting (TA-Lib's TA_CandleSettingType, defaults from ta_global.c)
 * measures one range of a candle: its real body |C - O|, its high-low
 * range, or its two shadows summed.  Its threshold for a candle is
 *	factor * (total / period) / (2 for the shadows range, else 1)
 * (TA_CANDLEAVERAGE), total being that range summed over the period
 * candles before the candle; with period 0 the candle's own range stands
 * in for the average (ShadowLong: "longer than the body").  The halving
 * makes ShadowShort one average shadow, not the two.
 *
 * TA-Lib keeps each total as a running sum, and a pattern compares with
 * < or <=, so a total one ulp off can flip a signal.  pe_cdl_avg repeats
 * TA-Lib's rounding: with L the pattern's lookback, the first total sums
 * the range of candles L-P-k .. L-1-k one at a time from 0 (k: how many
 * bars before the pattern's last candle the measured candle is); after
 * each output bar, total += (range(newest) - range(oldest)), the
 * difference first.  The bars before L-P are never summed.
 *
 * Bloat: the settings are TA-Lib's defaults, fixed (there is no
 * TA_SetCandleSettings); a pattern measures candles at most 4 bars back
 * (breakaway, mat hold) with settings of period at most 10, so the last
 * 16 candles suffice.
 *
 * Each pattern keeps its own averages.  One pass sharing them between
 * patterns would not give TA-Lib's bits: a total's first sum starts at
 * the pattern's own lookback, so the same average of the same candle is
 * rounded differently in two patterns of different lookbacks.
 */
#ifndef PE_IND_CDL_H
#define PE_IND_CDL_H

#include "ind.h"

/* Candles kept: a pattern's own (up to 5) and 10 more, rounded up. */
#define PE_CDL_HIST 16
/* Running averages one pattern keeps (advance block: 9). */
#define PE_CDL_MAXAVG 10

enum pe_cdl_range { PE_CDL_REALBODY, PE_CDL_HIGHLOW, PE_CDL_SHADOWS };

enum pe_cdl_set {
	PE_CDL_BODYLONG, PE_CDL_BODYVERYLONG, PE_CDL_BODYSHORT,
	PE_CDL_BODYDOJI, PE_CDL_SHADOWLONG, PE_CDL_SHADOWVERYLONG,
	PE_CDL_SHADOWSHORT, PE_CDL_SHADOWVERYSHORT, PE_CDL_NEAR, PE_CDL_FAR,
	PE_CDL_EQUAL, PE_CDL_NSET
};

struct pe_cdl_setting {
	enum pe_cdl_range range;
	int period;
	double factor;
};

/* TA-Lib's default candle settings (TA_RestoreCandleDefaultSettings). */
static inline const struct pe_cdl_setting *
pe_cdl_setting(enum pe_cdl_set set)
{
	static const struct pe_cdl_setting table[PE_CDL_NSET] = {
		[PE_CDL_BODYLONG] = { PE_CDL_REALBODY, 10, 1.0 },
		[PE_CDL_BODYVERYLONG] = { PE_CDL_REALBODY, 10, 3.0 },
		[PE_CDL_BODYSHORT] = { PE_CDL_REALBODY, 10, 1.0 },
		[PE_CDL_BODYDOJI] = { PE_CDL_HIGHLOW, 10, 0.1 },
		[PE_CDL_SHADOWLONG] = { PE_CDL_REALBODY, 0, 1.0 },
		[PE_CDL_SHADOWVERYLONG] = { PE_CDL_REALBODY, 0, 2.0 },
		[PE_CDL_SHADOWSHORT] = { PE_CDL_SHADOWS, 10, 1.0 },
		[PE_CDL_SHADOWVERYSHORT] = { PE_CDL_HIGHLOW, 10, 0.1 },
		[PE_CDL_NEAR] = { PE_CDL_HIGHLOW, 5, 0.2 },
		[PE_CDL_FAR] = { PE_CDL_HIGHLOW, 5, 0.6 },
		[PE_CDL_EQUAL] = { PE_CDL_HIGHLOW, 5, 0.05 },
	};

	return &table[set];
}

/* One candle's prices. */
struct pe_cdl_candle {
	double o, h, l, c;
};

/*
 * The parts of a candle, each computed as TA-Lib's macros compute it
 * (ta_utility.h), so that the same bits come out.  White: C >= O.
 */
static inline int
pe_cdl_color(const struct pe_cdl_candle *k)
{
	return k->c >= k->o ? 1 : -1;
}

static inline double
pe_cdl_body(const struct pe_cdl_candle *k)
{
	return fabs(k->c - k->o);
}

static inline double
pe_cdl_upper(const struct pe_cdl_candle *k)
{
	return k->h - (k->c >= k->o ? k->c : k->o);
}

static inline double
pe_cdl_lower(const struct pe_cdl_candle *k)
{
	return (k->c >= k->o ? k->o : k->c) - k->l;
}

static inline double
pe_cdl_top(const struct pe_cdl_candle *k)
{
	return fmax(k->o, k->c);
}

static inline double
pe_cdl_bottom(const struct pe_cdl_candle *k)
{
	return fmin(k->o, k->c);
}

static inline double
pe_cdl_range(enum pe_cdl_range r, const struct pe_cdl_candle *k)
{
	switch (r) {
	case PE_CDL_REALBODY:
		return pe_cdl_body(k);
	case PE_CDL_HIGHLOW:
		return k->h - k->l;
	default:
		return pe_cdl_upper(k) + pe_cdl_lower(k);
	}
}

/*
 * What a pattern measures: setting set on the candle k bars before its
 * last one.  A pattern's definition lists them; extra is what TA-Lib's
 * lookback adds to the longest period (mostly the candles before the
 * last, but 2 for engulfing, 3 for three black crows).
 */
struct pe_cdl_use {
	enum pe_cdl_set set;
	int k;
};

struct pe_cdl_def {
	int extra;
	int nuse;
	struct pe_cdl_use use[PE_CDL_MAXAVG];
};

/* TA-Lib's lookback of a pattern: the longest period, plus extra. */
static inline long
pe_cdl_lookback(const struct pe_cdl_def *d)
{
	long p = 0;
	int i;

	for (i = 0; i < d->nuse; i++)
		if (pe_cdl_setting(d->use[i].set)->period > p)
			p = pe_cdl_setting(d->use[i].set)->period;
	return p + d->extra;
}

struct pe_cdl_avg {
	double total;
	enum pe_cdl_set set;
	int k;
};

/*
 * A pattern's state: the last PE_CDL_HIST candles (ring memory of
 * pe_cdl_rings() bytes, four doubles a candle), one running average per
 * use of its definition, its penetration (the stars, dark cloud cover,
 * mat hold), and the pending pattern of hikkake: the bar it was seen at
 * (mark) and its value (result), 0 when none.
 */
struct pe_cdl {
	double *mem;
	uint32_t head;		/* slot of the newest candle */
	int64_t n;		/* candles pushed */
	long lookback;
	/* The first bar looked at: the lookback, but a pattern with a
	 * memory (hikkake) looks at a few bars before its first output,
	 * and its averages start that much earlier. */
	long first;
	int navg;
	double penetration;
	int64_t mark;
	double result;
	struct pe_cdl_avg avg[PE_CDL_MAXAVG];
};

static inline size_t
pe_cdl_rings(void)
{
	return 4 * pe_doubles(PE_CDL_HIST);
}

static inline void
pe_cdl_init(struct pe_cdl *s, const struct pe_cdl_def *d, void *rings,
    double penetration)
{
	int i;

	s->mem = rings;
	memset(s->mem, 0, pe_cdl_rings());
	s->head = PE_CDL_HIST - 1;
	s->n = 0;
	s->lookback = pe_cdl_lookback(d);
	s->first = s->lookback;
	s->navg = d->nuse;
	s->penetration = penetration;
	s->mark = 0;
	s->result = 0;
	for (i = 0; i < d->nuse; i++) {
		s->avg[i].total = 0;
		s->avg[i].set = d->use[i].set;
		s->avg[i].k = d->use[i].k;
	}
}

/* The candle k bars before the newest (k < PE_CDL_HIST). */
static inline struct pe_cdl_candle
pe_cdl_get(const struct pe_cdl *s, int k)
{
	const double *p = s->mem + 4 * ((s->head - (uint32_t)k) &
	    (PE_CDL_HIST - 1));
	struct pe_cdl_candle c = { p[0], p[1], p[2], p[3] };

	return c;
}

/* Keep bar b (four logged writes); 1 when the pattern is defined there. */
static inline int
pe_cdl_push(struct pe_cdl *s, const struct pe_bar *b, struct pe_undo *u)
{
	double *p;

	s->head = (s->head + 1) & (PE_CDL_HIST - 1);
	p = s->mem + 4 * s->head;
	pe_wd(u, &p[0], b->open);
	pe_wd(u, &p[1], b->high);
	pe_wd(u, &p[2], b->low);
	pe_wd(u, &p[3], b->close);
	return s->n++ >= s->lookback;
}

/* The range that average i measures, of the candle j bars before the
 * newest. */
static inline double
pe_cdl_range_ago(const struct pe_cdl *s, int i, int j)
{
	struct pe_cdl_candle c = pe_cdl_get(s, j);

	return pe_cdl_range(pe_cdl_setting(s->avg[i].set)->range, &c);
}

/* TA_CANDLEAVERAGE: the threshold of average i for its candle. */
static inline double
pe_cdl_th(const struct pe_cdl *s, int i)
{
	const struct pe_cdl_setting *set = pe_cdl_setting(s->avg[i].set);
	double base;

	if (set->period != 0)
		base = s->avg[i].total / set->period;
	else
		base = pe_cdl_range_ago(s, i, s->avg[i].k);
	return set->factor * base /
	    (set->range == PE_CDL_SHADOWS ? 2.0 : 1.0);
}

/*
 * Harami and harami cross: a long body (threshold 0) then a body within
 * it no larger than threshold 1 (short for the harami, a doji for the
 * cross); -100 after a white one, 100 after a black one, +-80 when an
 * end of the second body meets the first's.
 */
static inline double
pe_cdl_harami(const struct pe_cdl *s)
{
	struct pe_cdl_candle c = pe_cdl_get(s, 0), p = pe_cdl_get(s, 1);
	int sign = -pe_cdl_color(&p);

	if (!(pe_cdl_body(&p) > pe_cdl_th(s, 0)) ||
	    !(pe_cdl_body(&c) <= pe_cdl_th(s, 1)))
		return 0;
	if (pe_cdl_top(&c) < pe_cdl_top(&p) &&
	    pe_cdl_bottom(&c) > pe_cdl_bottom(&p))
		return sign * 100;
	if (pe_cdl_top(&c) <= pe_cdl_top(&p) &&
	    pe_cdl_bottom(&c) >= pe_cdl_bottom(&p))
		return sign * 80;
	return 0;
}

/* After the newest bar's output: move every total on, as TA-Lib does. */
static inline void
pe_cdl_next(struct pe_cdl *s)
{
	int64_t t = s->n - 1;
	int i, k, p;

	for (i = 0; i < s->navg; i++) {
		p = pe_cdl_setting(s->avg[i].set)->period;
		k = s->avg[i].k;
		if (p == 0 || t < s->first - p)
			continue;
		if (t < s->first)
			s->avg[i].total += pe_cdl_range_ago(s, i, k);
		else
			s->avg[i].total += pe_cdl_range_ago(s, i, k) -
			    pe_cdl_range_ago(s, i, k + p);
	}
}

/* One bar: keep the candle, compute the pattern (NAME_eval), move the
 * averages on. */
#define PE_CDL_STEP(NAME)						\
static inline int							\
NAME##_step(struct pe_cdl *s, const struct pe_bar *b, double *out,	\
    struct pe_undo *u)							\
{									\
	int ok = pe_cdl_push(s, b, u);					\
									\
	if (ok)								\
		out[0] = NAME##_eval(s);				\
	pe_cdl_next(s);							\
	return ok;							\
}									\
PE_IND_DEFINE(NAME, struct pe_cdl, 1)

static inline size_t
pe_cdl_ring_size(const double *p)
{
	(void)p;
	return pe_cdl_rings();
}

/* TA-Lib's optInPenetration: how far into the first body the last
 * candle closes (or mat hold's middle candles fall), as a fraction of
 * that body; DEF is TA-Lib's default (0.3 or 0.5). */
#define PE_CDL_PENETRATION(DEF) { "penetration", PE_P_REAL, DEF, 0, 3e37 }
#define PE_CDL_NOPARAM { 0 }

/* The registry entry of pattern NAME (its NAME_def and NAME_step
 * defined before), with its init and lookback. */
#define PE_CDL_ENTRY(NAME, DESC, NPARAMS, PARAM)			\
static void								\
NAME##_init(void *st, const double *p, void *rings)			\
{									\
	pe_cdl_init(st, &NAME##_def, rings, (NPARAMS) > 0 ? p[0] : 0);	\
}									\
PE_CDL_INFO(NAME, DESC, NPARAMS, PARAM)

/* The same, for a pattern with an init of its own (NAME_init).  PARAM is
 * variadic: it arrives from PE_CDL_ENTRY expanded, commas and all. */
#define PE_CDL_INFO(NAME, DESC, NPARAMS, ...)				\
static long								\
NAME##_lookback(const double *p)					\
{									\
	(void)p;							\
	return pe_cdl_lookback(&NAME##_def);				\
}									\
									\
const struct pe_ind_info pe_ind_##NAME = {				\
	.name = #NAME,							\
	.desc = DESC,							\
	.inputs = PE_IN_OPEN | PE_IN_HIGH | PE_IN_LOW | PE_IN_CLOSE,	\
	.nparams = NPARAMS,						\
	.param = { __VA_ARGS__ },					\
	.nout = 1,							\
	.out = { #NAME },						\
	.lookback = NAME##_lookback,					\
	.ring_size = pe_cdl_ring_size,					\
	PE_IND_FUNCS_INIT(NAME, struct pe_cdl, NAME##_init),		\
};

#endif
