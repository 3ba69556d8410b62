/*
 * ma.h: the moving averages as small states, written once and embedded by
 * every indicator that needs one (sma.c, ema.c, wma.c ... and the
 * composites: bbands, macd, apo, ...).  Each state follows ind.h's rules:
 * scalars plus rings in memory the caller gives, every ring write through
 * pe_ring_push with the undo log.
 *
 * The definitions and seeding are TA-Lib 0.6's (ta_func/ta_SMA.c, ta_EMA.c,
 * ta_WMA.c, ta_DEMA.c, ta_TEMA.c, ta_TRIMA.c, ta_KAMA.c, ta_T3.c, ta_MA.c):
 *   sma    running sum; the new value is added before the mean is taken,
 *          the oldest subtracted after.  Lookback n-1.
 *   ema    k = 2/(n+1) (or a given k), seeded by the SMA of its first n
 *          values, then e = (x - e) * k + e.  Lookback n-1.
 *   wma    weights 1..n, newest heaviest, over n(n+1)/2; a running weighted
 *          sum and a running plain sum.  Lookback n-1.
 *   dema   2 e1 - e2, e2 the EMA of e1 seeded by the SMA of e1's first n
 *          values.  Lookback 2(n-1).
 *   tema   3 e1 - 3 e2 + e3, likewise.  Lookback 3(n-1).
 *   trima  SMA of an SMA: n/2 then n/2+1 for even n, (n+1)/2 twice for odd
 *          n.  Lookback n-1.
 *   kama   Kaufman: efficiency ER = |x - x[n]| / sum |x[i] - x[i-1]| over n
 *          changes (1 when the sum is 0 or not above the net change),
 *          sc = (ER (2/3 - 2/31) + 2/31)^2, k = k + sc (x - k) seeded with
 *          x[n-1].  Lookback n.
 *   t3     Tillson, six EMAs e = k x + (1-k) e, each seeded by the mean of
 *          the previous one's first n values; c1 e6 + c2 e5 + c3 e4 + c4 e3
 *          with the vfactor v (0.7 inside pe_ma).  Lookback 6(n-1).
 *   mama   Ehlers' MESA adaptive moving average (ht.h), its mama output
 *          with the limits 0.5 and 0.05, whatever n: TA-Lib's MA with
 *          MAType MAMA.  Lookback 32.
 * A period of 1 is the input itself (TA-Lib's MA with period 1), lookback 0.
 *
 * Bloat: no TA-Lib "unstable period".
 */
#ifndef PE_MA_H
#define PE_MA_H

#include "ht.h"

enum {
	PE_MA_SMA, PE_MA_EMA, PE_MA_WMA, PE_MA_DEMA, PE_MA_TEMA,
	PE_MA_TRIMA, PE_MA_KAMA, PE_MA_MAMA, PE_MA_T3
};

/* sma */

struct pe_sma {
	struct pe_ring win;	/* the last n values */
	double sum;
	uint32_t n, count;
};

static inline void
pe_sma_init(struct pe_sma *s, uint32_t n, double *mem)
{
	s->n = n;
	s->sum = 0;
	s->count = 0;
	pe_ring_init(&s->win, mem, n);
}

static inline int
pe_sma_step(struct pe_sma *s, double x, double *out, struct pe_undo *u)
{
	s->sum += x;
	pe_ring_push(&s->win, x, u);
	if (s->count < s->n)
		s->count++;
	if (s->count < s->n)
		return 0;
	*out = s->sum / s->n;
	s->sum -= pe_ring_ago(&s->win, s->n - 1);
	return 1;
}

/* ema */

struct pe_ema {
	double k, e;
	uint32_t n, count;
};

/* k: the smoothing factor, 2/(n+1) for the usual EMA. */
static inline void
pe_ema_init(struct pe_ema *s, uint32_t n, double k)
{
	s->n = n;
	s->k = k;
	s->e = 0;
	s->count = 0;
}

static inline int
pe_ema_step(struct pe_ema *s, double x, double *out)
{
	if (s->count < s->n) {
		s->e += x;	/* the sum of the seed */
		if (++s->count < s->n)
			return 0;
		s->e /= s->n;
	} else
		s->e = (x - s->e) * s->k + s->e;
	*out = s->e;
	return 1;
}

/* wma */

struct pe_wma {
	struct pe_ring win;	/* the last n values */
	double sum, sub, div;	/* weighted sum, plain sum, n(n+1)/2 */
	uint32_t n, count;
};

static inline void
pe_wma_init(struct pe_wma *s, uint32_t n, double *mem)
{
	s->n = n;
	s->sum = s->sub = 0;
	s->div = (double)((n * (n + 1)) >> 1);
	s->count = 0;
	pe_ring_init(&s->win, mem, n);
}

static inline int
pe_wma_step(struct pe_wma *s, double x, double *out, struct pe_undo *u)
{
	double old;

	if (s->count + 1 < s->n) {	/* the first n-1 values */
		s->count++;
		s->sub += x;
		s->sum += x * s->count;
		pe_ring_push(&s->win, x, u);
		return 0;
	}
	old = s->count + 1 == s->n ? 0 : pe_ring_ago(&s->win, s->n - 1);
	s->count = s->n;
	pe_ring_push(&s->win, x, u);
	s->sub += x;
	s->sub -= old;
	s->sum += x * s->n;
	*out = s->sum / s->div;
	s->sum -= s->sub;
	return 1;
}

/* dema, tema */

struct pe_dema {
	struct pe_ema e1, e2;
};

static inline void
pe_dema_init(struct pe_dema *s, uint32_t n)
{
	pe_ema_init(&s->e1, n, 2.0 / (n + 1.0));
	pe_ema_init(&s->e2, n, 2.0 / (n + 1.0));
}

static inline int
pe_dema_step(struct pe_dema *s, double x, double *out)
{
	double a, b;

	if (!pe_ema_step(&s->e1, x, &a) || !pe_ema_step(&s->e2, a, &b))
		return 0;
	*out = 2.0 * a - b;
	return 1;
}

struct pe_tema {
	struct pe_ema e1, e2, e3;
};

static inline void
pe_tema_init(struct pe_tema *s, uint32_t n)
{
	pe_ema_init(&s->e1, n, 2.0 / (n + 1.0));
	pe_ema_init(&s->e2, n, 2.0 / (n + 1.0));
	pe_ema_init(&s->e3, n, 2.0 / (n + 1.0));
}

static inline int
pe_tema_step(struct pe_tema *s, double x, double *out)
{
	double a, b, c;

	if (!pe_ema_step(&s->e1, x, &a) || !pe_ema_step(&s->e2, a, &b) ||
	    !pe_ema_step(&s->e3, b, &c))
		return 0;
	*out = 3.0 * a - 3.0 * b + c;
	return 1;
}

/* trima */

struct pe_trima {
	struct pe_sma a, b;
};

static inline uint32_t
pe_trima_first(uint32_t n)
{
	return n % 2 ? (n + 1) / 2 : n / 2;
}

static inline uint32_t
pe_trima_second(uint32_t n)
{
	return n % 2 ? (n + 1) / 2 : n / 2 + 1;
}

static inline void
pe_trima_init(struct pe_trima *s, uint32_t n, double *mem)
{
	pe_sma_init(&s->a, pe_trima_first(n), mem);
	pe_sma_init(&s->b, pe_trima_second(n), mem + pe_trima_first(n));
}

static inline int
pe_trima_step(struct pe_trima *s, double x, double *out, struct pe_undo *u)
{
	double m;

	return pe_sma_step(&s->a, x, &m, u) && pe_sma_step(&s->b, m, out, u);
}

/* kama */

/*
 * The running part of KAMA, reading its window from a ring the caller
 * pushes x into first (at least n+2 values): pe_kama's own ring, or one
 * window that MAVP's KAMAs of every period share.
 */
struct pe_kamac {
	double sum, k;		/* sum of |changes| over the window; kama */
	uint32_t n, count;
};

static inline void
pe_kamac_init(struct pe_kamac *s, uint32_t n)
{
	s->n = n;
	s->sum = s->k = 0;
	s->count = 0;
}

/* x was just pushed into win; the values before it are win's older. */
static inline int
pe_kamac_step(struct pe_kamac *s, const struct pe_ring *win, double x,
    double *out)
{
	const double fast = 2.0 / (2.0 + 1.0), slow = 2.0 / (30.0 + 1.0);
	double roc, er, sc;
	uint32_t t = s->count;

	if (t < s->n)
		s->count++;
	if (t == 0)
		return 0;
	if (t <= s->n) {
		s->sum += fabs(pe_ring_ago(win, 1) - x);
		if (t < s->n)
			return 0;
		s->k = pe_ring_ago(win, 1);	/* the seed, x[n-1] */
	} else {
		s->sum -= fabs(pe_ring_ago(win, s->n + 1) -
		    pe_ring_ago(win, s->n));
		s->sum += fabs(x - pe_ring_ago(win, 1));
	}
	if (t == s->n)
		s->count++;
	roc = x - pe_ring_ago(win, s->n);
	if (s->sum <= roc || pe_is_zero(s->sum))
		er = 1.0;
	else
		er = fabs(roc / s->sum);
	sc = er * (fast - slow) + slow;
	sc *= sc;
	s->k = (x - s->k) * sc + s->k;
	*out = s->k;
	return 1;
}

struct pe_kama {
	struct pe_ring win;	/* the last n+2 values */
	struct pe_kamac c;
};

static inline void
pe_kama_init(struct pe_kama *s, uint32_t n, double *mem)
{
	pe_kamac_init(&s->c, n);
	pe_ring_init(&s->win, mem, n + 2);
}

static inline int
pe_kama_step(struct pe_kama *s, double x, double *out, struct pe_undo *u)
{
	pe_ring_push(&s->win, x, u);
	return pe_kamac_step(&s->c, &s->win, x, out);
}

/* t3 */

struct pe_t3 {
	double e[6], sum, k, c1, c2, c3, c4;
	uint32_t n, stage, count;	/* stage: EMAs seeded so far */
};

static inline void
pe_t3_init(struct pe_t3 *s, uint32_t n, double v)
{
	double v2 = v * v;

	memset(s, 0, sizeof *s);
	s->n = n;
	s->k = 2.0 / (n + 1.0);
	s->c1 = 0 - v2 * v;
	s->c2 = 3.0 * (v2 - s->c1);
	s->c3 = (0 - 6.0) * v2 - 3.0 * (v - s->c1);
	s->c4 = 1.0 + 3.0 * v - s->c1 + 3.0 * v2;
}

static inline int
pe_t3_step(struct pe_t3 *s, double x, double *out)
{
	double k = s->k, k1 = 1.0 - s->k;
	uint32_t i;

	if (s->n == 1) {
		*out = x;
		return 1;
	}
	if (s->stage == 0) {
		s->sum += x;
		if (++s->count < s->n)
			return 0;
		s->e[0] = s->sum / s->n;
		s->sum = s->e[0];
		s->stage = 1;
		s->count = 0;
		return 0;
	}
	s->e[0] = k * x + k1 * s->e[0];
	for (i = 1; i < s->stage; i++)
		s->e[i] = k * s->e[i - 1] + k1 * s->e[i];
	if (s->stage < 6) {
		s->sum += s->e[s->stage - 1];
		if (++s->count < s->n - 1)
			return 0;
		s->e[s->stage] = s->sum / s->n;
		s->sum = s->e[s->stage];
		s->count = 0;
		if (++s->stage < 6)
			return 0;
	}
	*out = s->c1 * s->e[5] + s->c2 * s->e[4] + s->c3 * s->e[3] +
	    s->c4 * s->e[2];
	return 1;
}

/*
 * mama as an average: MAMA's state is large (about 500 bytes), and every
 * pe_ma is as large as its largest type, copied at every stream step of
 * each indicator that embeds one.  So MAMA's state lives in ring memory,
 * twice: each step copies the current state into the other one and steps
 * that, then flips cur.  A step thus writes only ring memory nobody reads
 * before the next step overwrites it, and the undo (the scalars, cur
 * among them, restored) finds the previous state untouched: nothing needs
 * the undo log.
 */
struct pe_mamab {
	struct pe_mama *st;	/* two states, in ring memory */
	uint32_t cur;
};

static inline void
pe_mamab_init(struct pe_mamab *m, double *mem)
{
	m->st = (struct pe_mama *)(void *)mem;
	m->cur = 0;
	pe_mama_init(&m->st[0], 0.5, 0.05);
	pe_mama_init(&m->st[1], 0.5, 0.05);
}

static inline int
pe_mamab_step(struct pe_mamab *m, double x, double *out)
{
	struct pe_mama *to = &m->st[!m->cur];
	double fama;

	*to = m->st[m->cur];
	m->cur = !m->cur;
	return pe_mama_step(to, x, out, &fama);
}

/* Any of them, by TA-Lib's MA type (0..8). */

struct pe_ma {
	int type;
	uint32_t n;
	union {
		struct pe_sma sma;
		struct pe_ema ema;
		struct pe_wma wma;
		struct pe_dema dema;
		struct pe_tema tema;
		struct pe_trima trima;
		struct pe_kama kama;
		struct pe_mamab mama;
		struct pe_t3 t3;
	} u;
};

/* Doubles of ring memory an MA of this type and period needs. */
static inline size_t
pe_ma_ring_size(int type, uint32_t n)
{
	if (n == 1)
		return 0;
	switch (type) {
	case PE_MA_SMA:
	case PE_MA_WMA:
		return n;
	case PE_MA_TRIMA:
		return pe_trima_first(n) + pe_trima_second(n);
	case PE_MA_KAMA:
		return n + 2;
	case PE_MA_MAMA:
		return 2 * sizeof(struct pe_mama) / sizeof(double);
	default:
		return 0;
	}
}

static inline long
pe_ma_lookback(int type, uint32_t n)
{
	if (n == 1)
		return 0;
	switch (type) {
	case PE_MA_DEMA:
		return 2 * ((long)n - 1);
	case PE_MA_TEMA:
		return 3 * ((long)n - 1);
	case PE_MA_KAMA:
		return n;
	case PE_MA_MAMA:
		return 32;
	case PE_MA_T3:
		return 6 * ((long)n - 1);
	default:
		return (long)n - 1;
	}
}

/* mem: pe_ma_ring_size(type, n) doubles. */
static inline void
pe_ma_init(struct pe_ma *m, int type, uint32_t n, double *mem)
{
	memset(m, 0, sizeof *m);
	m->type = type;
	m->n = n;
	if (n == 1)		/* the input itself: no state, no ring */
		return;
	switch (type) {
	case PE_MA_SMA:
		pe_sma_init(&m->u.sma, n, mem);
		break;
	case PE_MA_EMA:
		pe_ema_init(&m->u.ema, n, 2.0 / (n + 1.0));
		break;
	case PE_MA_WMA:
		pe_wma_init(&m->u.wma, n, mem);
		break;
	case PE_MA_DEMA:
		pe_dema_init(&m->u.dema, n);
		break;
	case PE_MA_TEMA:
		pe_tema_init(&m->u.tema, n);
		break;
	case PE_MA_TRIMA:
		pe_trima_init(&m->u.trima, n, mem);
		break;
	case PE_MA_KAMA:
		pe_kama_init(&m->u.kama, n, mem);
		break;
	case PE_MA_MAMA:
		pe_mamab_init(&m->u.mama, mem);
		break;
	default:
		pe_t3_init(&m->u.t3, n, 0.7);
		break;
	}
}

static inline int
pe_ma_step(struct pe_ma *m, double x, double *out, struct pe_undo *u)
{
	if (m->n == 1) {
		*out = x;
		return 1;
	}
	switch (m->type) {
	case PE_MA_SMA:
		return pe_sma_step(&m->u.sma, x, out, u);
	case PE_MA_EMA:
		return pe_ema_step(&m->u.ema, x, out);
	case PE_MA_WMA:
		return pe_wma_step(&m->u.wma, x, out, u);
	case PE_MA_DEMA:
		return pe_dema_step(&m->u.dema, x, out);
	case PE_MA_TEMA:
		return pe_tema_step(&m->u.tema, x, out);
	case PE_MA_TRIMA:
		return pe_trima_step(&m->u.trima, x, out, u);
	case PE_MA_KAMA:
		return pe_kama_step(&m->u.kama, x, out, u);
	case PE_MA_MAMA:
		return pe_mamab_step(&m->u.mama, x, out);
	default:
		return pe_t3_step(&m->u.t3, x, out);
	}
}

/*
 * The MACD line and its signal, as TA-Lib's MACD, MACDFIX and MACDEXT
 * compute them: the slow average and the fast one (fast < slow:
 * pe_ind_check refuses the rest, where TA-Lib swaps them) both give their
 * first value at the larger of their lookbacks, L: each starts reading at bar L - its own
 * lookback, so the fast EMA is seeded by the SMA of bars s-f..s-1, not
 * 0..f-1.  The signal averages the line from bar L on.  Outputs macd,
 * signal, hist = macd - signal.  At most 6 ring writes a step.
 *
 * The step is written once, by PE_MACD_DEFINE, for averages of a type MA
 * stepped by STEP(ma, x, out, u): pe_macd over struct pe_ma (macdext, any
 * types) and pe_macde over struct pe_ema (macd, macdfix), a quarter of
 * the size: a stream step copies its state every bar.
 */
#define PE_MACD_DEFINE(NAME, MA, STEP)					\
struct NAME {								\
	MA fast, slow, sig;						\
	long t, fstart, sstart;	/* bars seen; when each average starts */ \
};									\
									\
static inline int							\
NAME##_step(struct NAME *m, double x, double *out, struct pe_undo *u)	\
{									\
	double a = 0, b = 0, sig, line;					\
	int fa = 0, sb = 0;						\
	long t = m->t;							\
									\
	if (t <= m->fstart || t <= m->sstart)				\
		m->t++;							\
	if (t >= m->fstart)						\
		fa = STEP(&m->fast, x, &a, u);				\
	if (t >= m->sstart)						\
		sb = STEP(&m->slow, x, &b, u);				\
	if (!fa || !sb)							\
		return 0;						\
	line = a - b;							\
	if (!STEP(&m->sig, line, &sig, u))				\
		return 0;						\
	out[0] = line;							\
	out[1] = sig;							\
	out[2] = line - sig;						\
	return 1;							\
}

PE_MACD_DEFINE(pe_macd, struct pe_ma, pe_ma_step)

/* An EMA as pe_ma_step steps one (period 1: the input itself). */
static inline int
pe_ema_ustep(struct pe_ema *s, double x, double *out, struct pe_undo *u)
{
	(void)u;
	if (s->n == 1) {
		*out = x;
		return 1;
	}
	return pe_ema_step(s, x, out);
}

PE_MACD_DEFINE(pe_macde, struct pe_ema, pe_ema_ustep)
static inline size_t
pe_macd_ring_size(int ft, uint32_t f, int st, uint32_t s, int gt, uint32_t g)
{
	return pe_ma_ring_size(ft, f) + pe_ma_ring_size(st, s) +
	    pe_ma_ring_size(gt, g);
}

/*
 * When each of the two averages starts reading: at bar L - its own
 * lookback, L the larger of the two lookbacks, which is returned.
 */
static inline long
pe_macd_starts(int ft, uint32_t f, int st, uint32_t s, long *fstart,
    long *sstart)
{
	long a, b, l;

	a = pe_ma_lookback(ft, f);
	b = pe_ma_lookback(st, s);
	l = a > b ? a : b;
	*fstart = l - a;
	*sstart = l - b;
	return l;
}

static inline long
pe_macd_lookback(int ft, uint32_t f, int st, uint32_t s, int gt, uint32_t g)
{
	long fstart, sstart;

	return pe_macd_starts(ft, f, st, s, &fstart, &sstart) +
	    pe_ma_lookback(gt, g);
}

static inline void
pe_macd_init(struct pe_macd *m, int ft, uint32_t f, int st, uint32_t s,
    int gt, uint32_t g, double *mem)
{
	m->t = 0;
	pe_macd_starts(ft, f, st, s, &m->fstart, &m->sstart);
	pe_ma_init(&m->fast, ft, f, mem);
	mem += pe_ma_ring_size(ft, f);
	pe_ma_init(&m->slow, st, s, mem);
	mem += pe_ma_ring_size(st, s);
	pe_ma_init(&m->sig, gt, g, mem);
}

/* MACD with EMAs of periods f < s and g, each k = 2/(n+1). */
static inline void
pe_macde_init(struct pe_macde *m, uint32_t f, uint32_t s, uint32_t g)
{
	m->t = 0;
	pe_macd_starts(PE_MA_EMA, f, PE_MA_EMA, s, &m->fstart, &m->sstart);
	pe_ema_init(&m->fast, f, 2.0 / (f + 1.0));
	pe_ema_init(&m->slow, s, 2.0 / (s + 1.0));
	pe_ema_init(&m->sig, g, 2.0 / (g + 1.0));
}


/*
 * The two averages of TA-Lib's APO and PPO (ta_APO.c, ta_PPO.c): MA(fast)
 * and MA(slow) of one type, each from bar 0 with its own seeding (fast <
 * slow: pe_ind_check refuses the rest, where TA-Lib swaps them).
 * Defined from the slower one's lookback on.
 */
struct pe_po {
	struct pe_ma fast, slow;
};

static inline void
pe_po_init(struct pe_po *m, int type, uint32_t f, uint32_t s, double *mem)
{
	pe_ma_init(&m->fast, type, f, mem);
	pe_ma_init(&m->slow, type, s, mem + pe_ma_ring_size(type, f));
}

static inline long
pe_po_lookback(int type, uint32_t f, uint32_t s)
{
	return pe_ma_lookback(type, f > s ? f : s);
}

static inline size_t
pe_po_ring_size(int type, uint32_t f, uint32_t s)
{
	return pe_ma_ring_size(type, f) + pe_ma_ring_size(type, s);
}

static inline int
pe_po_step(struct pe_po *m, double x, double *fast, double *slow,
    struct pe_undo *u)
{
	int a = pe_ma_step(&m->fast, x, fast, u);

	return pe_ma_step(&m->slow, x, slow, u) && a;
}

#endif
