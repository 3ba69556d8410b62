/*
 * test_ind_edge: edge cases of every indicator in the registry (issue 3,
 * "Edge cases tested").  Each property is one aggregated check per
 * registry entry, so indicators added later are covered as they come;
 * two-input entries read "@high,low".
 *
 * 1. Shorter than the lookback: n = 0, 1, lookback bars give NaN in every
 *    output at every bar (batch and stream; batch over 0 bars does not
 *    crash); n = lookback + 1 defines the last bar for some output.
 * 2. Constant prices (O=H=L=C=100, volume 1000; and all 0): never inf,
 *    never NaN after the lookback (imi excepted: TA-Lib's 0/0), and
 *    TA-Lib's flat-series conventions (rsi 0, willr 0, cci 0, ...).
 * 3. Period 1 (each integer parameter whose minimum allows 1): runs,
 *    stream = batch, and the value the definition gives (ma:1 = x,
 *    atr:1 = trange, mom:1 = x - x[-1], ...).
 * 4. Prices around 1e12, 1e-8, and a series mixing both: finite after
 *    the lookback; the moving averages scale with the prices.
 * 5. Parameters out of range, and non-whole ones: refused with
 *    "NAME: PARAM must be a whole number from MIN to MAX (got V)"; a
 *    fast period not below the slow one, in every entry that has both,
 *    refused with "NAME: fast period F must be below slow period S".
 * 6. NaN bars inside a series: no crash, stream = batch bit for bit.
 * 7. pe_ind_replace before any step (a step) and after pe_ind_batch (-1,
 *    nothing changed).
 * Every array has exactly its length (so AddressSanitizer sees overruns).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pe.h"
#include "harness.h"

/* A series of bars, each column exactly n doubles long; one bar a day
 * from 1970-01-01 (pivots reads the times). */
struct ser {
	size_t n;
	double *o, *h, *l, *c, *v;
	int64_t *t;
};

static double *
dalloc(size_t n)
{
	double *p = malloc(n * sizeof(double) + (n == 0));

	if (p == NULL) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	return p;
}

static struct ser
ser_new(size_t n)
{
	struct ser s;
	size_t i;

	s.n = n;
	s.o = dalloc(n);
	s.h = dalloc(n);
	s.l = dalloc(n);
	s.c = dalloc(n);
	s.v = dalloc(n);
	if ((s.t = malloc(n * sizeof *s.t + (n == 0))) == NULL) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	for (i = 0; i < n; i++)
		s.t[i] = (int64_t)i * PE_MS_PER_DAY;
	return s;
}

static void
ser_free(struct ser *s)
{
	free(s->o);
	free(s->h);
	free(s->l);
	free(s->c);
	free(s->v);
	free(s->t);
}

/* A random walk around 100 times scale, with consistent OHLC. */
static struct ser
ser_walk(size_t n, double scale, uint64_t seed)
{
	struct ser s = ser_new(n);
	double price = 100;
	size_t i;

	rng_state = seed;
	for (i = 0; i < n; i++) {
		double r = (double)(rng() % 2001) / 1000 - 1;

		price *= 1 + r * 0.02;
		s.o[i] = price * (1 + ((double)(rng() % 201) - 100) / 10000) *
		    scale;
		s.c[i] = price * scale;
		s.h[i] = fmax(s.o[i], s.c[i]) * (1 + (double)(rng() % 100) /
		    10000);
		s.l[i] = fmin(s.o[i], s.c[i]) * (1 - (double)(rng() % 100) /
		    10000);
		s.v[i] = 1000 + (double)(rng() % 100000);
	}
	return s;
}

/* Every bar O=H=L=C=price, volume vol. */
static struct ser
ser_flat(size_t n, double price, double vol)
{
	struct ser s = ser_new(n);
	size_t i;

	for (i = 0; i < n; i++) {
		s.o[i] = s.h[i] = s.l[i] = s.c[i] = price;
		s.v[i] = vol;
	}
	return s;
}

/* Blocks of 37 bars alternating between prices near 1e12 and 1e-8. */
static struct ser
ser_mixed(size_t n)
{
	struct ser s = ser_walk(n, 1, 0x9e3779b97f4a7c15ULL);
	size_t i;

	for (i = 0; i < n; i++) {
		double f = (i / 37) % 2 ? 1e-10 : 1e10;

		s.o[i] *= f;
		s.h[i] *= f;
		s.l[i] *= f;
		s.c[i] *= f;
	}
	return s;
}

static const double *
column_of(const struct ser *s, unsigned bit)
{
	switch (bit) {
	case PE_IN_OPEN: return s->o;
	case PE_IN_HIGH: return s->h;
	case PE_IN_LOW: return s->l;
	case PE_IN_CLOSE: return s->c;
	case PE_IN_VOLUME: return s->v;
	default: return NULL;
	}
}

static void
cols_of(const struct ser *s, const struct pe_ind_spec *sp, struct pe_cols *c)
{
	c->open = s->o;
	c->high = s->h;
	c->low = s->l;
	c->close = s->c;
	c->volume = s->v;
	c->x = column_of(s, sp->x);
	c->y = column_of(s, sp->y);
	c->time = s->t;
}


/* Outputs of one run: nout arrays of exactly n doubles. */
struct run {
	int nout;
	size_t n;
	long lookback;
	double *out[PE_IND_MAXOUT];
};

static void
run_free(struct run *r)
{
	int k;

	for (k = 0; k < r->nout; k++)
		free(r->out[k]);
}

static void
run_alloc(struct run *r, const struct pe_ind_spec *sp, size_t n)
{
	int k;

	memset(r, 0, sizeof *r);
	r->nout = sp->info->nout;
	r->n = n;
	for (k = 0; k < r->nout; k++)
		r->out[k] = dalloc(n);
}

/* Batch over s; returns 0 when sp's parameters are refused. */
static int
run_batch(const struct pe_ind_spec *sp, const struct ser *s, struct run *r)
{
	struct pe_ind *ind = pe_ind_new(sp->info, sp->p, NULL);
	struct pe_cols c;

	if (ind == NULL)
		return 0;
	run_alloc(r, sp, s->n);
	r->lookback = pe_ind_lookback(ind);
	cols_of(s, sp, &c);
	pe_ind_batch(ind, s->n, &c, r->out);
	pe_ind_free(ind);
	return 1;
}

/*
 * Stream over s; with replace, every third bar is first fed as a
 * perturbed version then replaced by the real one.
 */
static int
run_stream(const struct pe_ind_spec *sp, const struct ser *s, struct run *r,
    int replace)
{
	struct pe_ind *ind = pe_ind_new(sp->info, sp->p, NULL);
	double o[PE_IND_MAXOUT];
	struct pe_cols c;
	struct pe_bar b, early;
	size_t i;
	int k;

	if (ind == NULL)
		return 0;
	run_alloc(r, sp, s->n);
	r->lookback = pe_ind_lookback(ind);
	cols_of(s, sp, &c);
	for (i = 0; i < s->n; i++) {
		pe_cols_bar(&c, i, &b);
		if (replace && i % 3 == 1) {
			early = b;
			early.close = b.close * 1.01 + 1;
			early.x = b.x * 0.99;
			early.y = b.y * 1.02;
			early.high = fmax(b.high, early.close);
			early.volume = b.volume * 0.5;
			pe_ind_step(ind, &early, o);
			pe_ind_replace(ind, &b, o);
		} else
			pe_ind_step(ind, &b, o);
		for (k = 0; k < r->nout; k++)
			r->out[k][i] = o[k];
	}
	pe_ind_free(ind);
	return 1;
}

/* The spec text of sp, for messages: "macd:12:26:9", "correl:30@high,low". */
static const char *
label(const struct pe_ind_spec *sp, char *buf, size_t n)
{
	const struct pe_ind_info *info = sp->info;
	size_t len;
	int i;

	len = (size_t)snprintf(buf, n, "%s", info->name);
	for (i = 0; i < info->nparams && len < n; i++) {
		if (info->param[i].type == PE_P_MA && pe_ma_name((int)sp->p[i]))
			len += (size_t)snprintf(buf + len, n - len, ":%s",
			    pe_ma_name((int)sp->p[i]));
		else
			len += (size_t)snprintf(buf + len, n - len, ":%.17g",
			    sp->p[i]);
	}
	if (len < n && (info->inputs & PE_IN_Y))
		snprintf(buf + len, n - len, "@high,low");
	return buf;
}

#define LABEL(sp) label((sp), (char[160]){0}, 160)

/* The spec of registry entry i with its defaults. */
static int
default_spec(size_t i, struct pe_ind_spec *sp)
{
	char spec[96];
	struct pe_error err;

	snprintf(spec, sizeof spec, "%s%s", pe_ind_at(i)->name,
	    pe_ind_at(i)->inputs & PE_IN_Y ? "@high,low" : "");
	if (pe_ind_spec_parse(spec, sp, &err) != PE_OK) {
		CHECK(0, "'%s' parses with its defaults: %s", spec, err.msg);
		return 0;
	}
	return 1;
}

/* Stream (with replace) equals batch, bit for bit, NaN == NaN. */
static void
agg_stream_batch(struct agg *a, const struct pe_ind_spec *sp,
    const struct ser *s, const char *what)
{
	struct run rb, rs, rr;
	size_t i;
	int k;

	if (!run_batch(sp, s, &rb))
		return;
	run_stream(sp, s, &rs, 0);
	run_stream(sp, s, &rr, 1);
	for (k = 0; k < rb.nout; k++)
		for (i = 0; i < s->n; i++) {
			a->total++;
			if (!same_dbl(rs.out[k][i], rb.out[k][i]) ||
			    !same_dbl(rr.out[k][i], rb.out[k][i]))
				agg_fail(a, "%s %s: %s at bar %zu: batch %.17g, "
				    "stream %.17g, with replace %.17g",
				    LABEL(sp), what, sp->info->out[k], i,
				    rb.out[k][i], rs.out[k][i], rr.out[k][i]);
		}
	run_free(&rb);
	run_free(&rs);
	run_free(&rr);
}

/* No inf anywhere; NaN exactly before the lookback (nan_ok: any NaN). */
static void
agg_finite(struct agg *a, const struct pe_ind_spec *sp, const struct run *r,
    const char *what, int nan_ok)
{
	size_t i;
	int k;

	for (k = 0; k < r->nout; k++)
		for (i = 0; i < r->n; i++) {
			double v = r->out[k][i];

			a->total++;
			if (isinf(v))
				agg_fail(a, "%s %s: %s is %g at bar %zu",
				    LABEL(sp), what, sp->info->out[k], v, i);
			else if ((long)i < r->lookback && !isnan(v))
				agg_fail(a, "%s %s: %s defined (%.17g) at bar "
				    "%zu, inside the lookback %ld", LABEL(sp),
				    what, sp->info->out[k], v, i, r->lookback);
			else if ((long)i >= r->lookback && isnan(v) && !nan_ok)
				agg_fail(a, "%s %s: %s is NaN at bar %zu "
				    "(lookback %ld)", LABEL(sp), what,
				    sp->info->out[k], i, r->lookback);
		}
}

/* ---- 1. Shorter than the lookback ---------------------------------- */

static void
short_one(struct agg *a, const struct pe_ind_spec *sp)
{
	struct pe_ind *ind = pe_ind_new(sp->info, sp->p, NULL);
	struct run rb, rs;
	struct ser s;
	size_t ns[4], j, i;
	long lb;
	int k, any;

	if (ind == NULL)
		return;
	lb = pe_ind_lookback(ind);
	pe_ind_free(ind);
	ns[0] = 0;
	ns[1] = 1;
	ns[2] = (size_t)lb;
	ns[3] = (size_t)lb + 1;
	for (j = 0; j < 4; j++) {
		if (j < 3 && (long)ns[j] > lb)
			continue;	/* lookback 0: one bar is defined */
		s = ser_walk(ns[j], 1, 0x1234567 + j);
		run_batch(sp, &s, &rb);
		run_stream(sp, &s, &rs, 0);
		for (k = 0; k < rb.nout; k++)
			for (i = 0; i < ns[j]; i++) {
				a->total++;
				if ((long)i < lb && (!isnan(rb.out[k][i]) ||
				    !isnan(rs.out[k][i])))
					agg_fail(a, "%s over %zu bars: %s at "
					    "bar %zu is %.17g (batch), %.17g "
					    "(stream); lookback %ld", LABEL(sp),
					    ns[j], sp->info->out[k], i,
					    rb.out[k][i], rs.out[k][i], lb);
			}
		if (j == 3) {
			for (any = 0, k = 0; k < rb.nout; k++)
				any |= !isnan(rb.out[k][lb]) &&
				    !isnan(rs.out[k][lb]);
			a->total++;
			if (!any)
				agg_fail(a, "%s over lookback+1 = %zu bars: "
				    "the last bar is NaN in every output",
				    LABEL(sp), ns[j]);
		}
		run_free(&rb);
		run_free(&rs);
		ser_free(&s);
	}
}

static void
huge_one(struct agg *a, const struct pe_ind_spec *sp)
{
	struct ser s = ser_walk(60, 1, 0x77);
	struct run rb, rs;
	size_t i;
	int k;

	if (!run_batch(sp, &s, &rb)) {
		a->total++;
		agg_fail(a, "%s: pe_ind_new fails", LABEL(sp));
		ser_free(&s);
		return;
	}
	run_stream(sp, &s, &rs, 1);
	for (k = 0; k < rb.nout; k++)
		for (i = 0; i < s.n; i++) {
			a->total++;
			if ((long)i < rb.lookback && (!isnan(rb.out[k][i]) ||
			    !isnan(rs.out[k][i])))
				agg_fail(a, "%s: %s at bar %zu is %.17g (batch) "
				    "%.17g (stream); lookback %ld", LABEL(sp),
				    sp->info->out[k], i, rb.out[k][i],
				    rs.out[k][i], rb.lookback);
			else if (!same_dbl(rb.out[k][i], rs.out[k][i]))
				agg_fail(a, "%s: %s at bar %zu: batch %.17g, "
				    "stream %.17g", LABEL(sp), sp->info->out[k],
				    i, rb.out[k][i], rs.out[k][i]);
		}
	a->total++;
	if (rb.lookback < 0)
		agg_fail(a, "%s: lookback %ld", LABEL(sp), rb.lookback);
	run_free(&rb);
	run_free(&rs);
	ser_free(&s);
}

static void
test_short(void)
{
	struct pe_ind_spec sp, mn;
	struct pe_cols c = { 0 };
	struct agg a;
	double *outs[PE_IND_MAXOUT] = { 0 };
	size_t i;
	int j;

	for (i = 0; i < pe_ind_count(); i++) {
		struct pe_ind *ind;

		if (!default_spec(i, &sp))
			continue;
		memset(&a, 0, sizeof a);
		/* Batch over 0 bars with every column NULL. */
		if ((ind = pe_ind_new(sp.info, sp.p, NULL)) != NULL) {
			pe_ind_batch(ind, 0, &c, outs);
			pe_ind_free(ind);
		}
		short_one(&a, &sp);
		/* Again with every whole-number parameter at its minimum. */
		mn = sp;
		for (j = 0; j < sp.info->nparams; j++)
			if (sp.info->param[j].type == PE_P_INT)
				mn.p[j] = sp.info->param[j].min;
		if (pe_ind_check(mn.info, mn.p, NULL) == PE_OK)
			short_one(&a, &mn);
		/* Each whole-number parameter at its maximum, over a few
		 * bars: nothing defined, no crash (rings of 1e5 slots). */
		for (j = 0; j < sp.info->nparams; j++) {
			if (sp.info->param[j].type != PE_P_INT)
				continue;
			mn = sp;
			mn.p[j] = sp.info->param[j].max;
			if (pe_ind_check(mn.info, mn.p, NULL) == PE_OK)
				huge_one(&a, &mn);
		}
		CHECK_AGG(a, "%s: over 0, 1 and lookback bars every output "
		    "is NaN; over lookback+1 the last bar is defined (also "
		    "with the smallest periods; largest ones run)",
		    sp.info->name);
	}
}

/* ---- 2. Constant prices -------------------------------------------- */

/*
 * Indicators whose TA-Lib value on a flat series is NaN: imi is
 * 100*up/(up+down) and TA-Lib divides 0 by 0 there (ta_IMI.c has no
 * guard); pe's imi documents the same.
 */
static int
flat_nan_ok(const char *name)
{
	return strcmp(name, "imi") == 0;
}

/*
 * And on a flat 0 with volume 0: vwap (no TA-Lib reference) has no value
 * while the summed volume is 0, as lib/ind/vwap.c documents.
 */
static int
zero_nan_ok(const char *name)
{
	return flat_nan_ok(name) || strcmp(name, "vwap") == 0;
}

static void
test_flat(void)
{
	struct ser flat = ser_flat(300, 100, 1000), zero = ser_flat(300, 0, 0);
	struct pe_ind_spec sp;
	struct run r;
	struct agg a;
	size_t i, b;
	int k;

	for (i = 0; i < pe_ind_count(); i++) {
		int nan_ok;

		if (!default_spec(i, &sp))
			continue;
		nan_ok = flat_nan_ok(sp.info->name);
		memset(&a, 0, sizeof a);
		run_batch(&sp, &flat, &r);
		agg_finite(&a, &sp, &r, "at a flat 100", nan_ok);
		if (nan_ok)	/* then NaN exactly, as TA-Lib */
			for (k = 0; k < r.nout; k++)
				for (b = 0; b < r.n; b++)
					if (!isnan(r.out[k][b]))
						agg_fail(&a, "%s at a flat 100: "
						    "%s is %.17g at bar %zu, "
						    "TA-Lib gives NaN (0/0)",
						    sp.info->name,
						    sp.info->out[k],
						    r.out[k][b], b);
		run_free(&r);
		run_batch(&sp, &zero, &r);
		agg_finite(&a, &sp, &r, "at a flat 0 (volume 0)",
		    zero_nan_ok(sp.info->name));
		run_free(&r);
		agg_stream_batch(&a, &sp, &flat, "at a flat 100");
		agg_stream_batch(&a, &sp, &zero, "at a flat 0");
		CHECK_AGG(a, "%s: constant prices (100 and 0): never inf, "
		    "defined after the lookback%s, stream = batch",
		    sp.info->name, nan_ok ? " (NaN as TA-Lib's 0/0)" : "");
	}
	ser_free(&flat);
	ser_free(&zero);
}

/* TA-Lib's value of spec's output on a flat series at 100 (volume 1000). */
static const struct {
	const char *spec, *out;
	double want;
} flat_want[] = {
	{ "rsi", "rsi", 0 },			/* g+l < 1e-14 -> 0 */
	{ "cmo", "cmo", 0 },
	{ "willr", "willr", 0 },		/* range 0 -> 0 */
	{ "stoch", "slowk", 0 }, { "stoch", "slowd", 0 },
	{ "stochf", "fastk", 0 }, { "stochf", "fastd", 0 },
	{ "stochrsi", "fastk", 0 }, { "stochrsi", "fastd", 0 },
	{ "cci", "cci", 0 },			/* 0 if either is 0 */
	{ "bop", "bop", 0 },			/* 0 if H = L */
	{ "roc", "roc", 0 }, { "rocp", "rocp", 0 }, { "rocr", "rocr", 1 },
	{ "rocr100", "rocr100", 100 }, { "mom", "mom", 0 },
	{ "mfi", "mfi", 0 },			/* pos+neg < 1 -> 0 */
	{ "bbands", "upper", 100 }, { "bbands", "middle", 100 },
	{ "bbands", "lower", 100 },		/* sigma^2 < 1e-14 -> 0 */
	{ "stddev", "stddev", 0 }, { "var", "var", 0 },
	{ "avgdev", "avgdev", 0 },
	{ "adx", "adx", 0 }, { "adxr", "adxr", 0 }, { "dx", "dx", 0 },
	{ "plus_di", "plus_di", 0 }, { "minus_di", "minus_di", 0 },
	{ "plus_dm", "plus_dm", 0 }, { "minus_dm", "minus_dm", 0 },
	{ "atr", "atr", 0 }, { "natr", "natr", 0 }, { "trange", "trange", 0 },
	{ "ultosc", "ultosc", 0 },
	{ "sma", "sma", 100 }, { "ema", "ema", 100 }, { "wma", "wma", 100 },
	{ "dema", "dema", 100 }, { "tema", "tema", 100 },
	{ "trima", "trima", 100 }, { "kama", "kama", 100 },
	{ "t3", "t3", 100 }, { "midpoint", "midpoint", 100 },
	{ "midprice", "midprice", 100 },
	{ "macd", "macd", 0 }, { "macd", "signal", 0 }, { "macd", "hist", 0 },
	{ "apo", "apo", 0 }, { "ppo", "ppo", 0 }, { "trix", "trix", 0 },
	{ "linearreg", "linearreg", 100 },
	{ "linearreg_slope", "linearreg_slope", 0 },
	{ "linearreg_angle", "linearreg_angle", 0 },
	{ "tsf", "tsf", 100 },
	{ "correl@high,low", "correl", 0 },	/* variance <= 0 -> 0 */
	{ "beta@high,low", "beta", 0 },		/* n*Sxx - Sx^2 = 0 -> 0 */
	{ "obv", "obv", 1000 },		/* volume[0], no change after */
	{ "ad", "ad", 0 }, { "adosc", "adosc", 0 },	/* H = L adds 0 */
	{ "aroonosc", "aroonosc", 0 },
	{ "sar", "sar", 100 },
};

/* TA-Lib's value on a flat series at 0 (volume 0): division by 0 -> 0. */
static const struct {
	const char *spec, *out;
	double want;
} zero_want[] = {
	{ "roc", "roc", 0 }, { "rocp", "rocp", 0 }, { "rocr", "rocr", 0 },
	{ "rocr100", "rocr100", 0 }, { "natr", "natr", 0 },
	{ "ppo", "ppo", 0 }, { "trix", "trix", 0 }, { "rsi", "rsi", 0 },
	{ "cmo", "cmo", 0 }, { "willr", "willr", 0 }, { "cci", "cci", 0 },
	{ "bop", "bop", 0 }, { "mfi", "mfi", 0 }, { "ad", "ad", 0 },
	{ "adosc", "adosc", 0 }, { "obv", "obv", 0 },
	{ "stoch", "slowk", 0 }, { "stochf", "fastk", 0 },
	{ "beta@high,low", "beta", 0 }, { "correl@high,low", "correl", 0 },
	{ "dx", "dx", 0 }, { "adx", "adx", 0 }, { "ultosc", "ultosc", 0 },
	{ "bbands", "upper", 0 }, { "stddev", "stddev", 0 },
};

static void
flat_values(double price, double vol, const char *spec, const char *out,
    double want)
{
	struct ser flat = ser_flat(300, price, vol);
	struct agg a = { 0 };
	struct pe_ind_spec sp;
	struct run r;
	size_t b;
	int k;

	if (pe_ind_spec_parse(spec, &sp, NULL) != PE_OK) {
		ser_free(&flat);
		return;		/* not in the registry (yet) */
	}
	for (k = 0; k < sp.info->nout; k++)
		if (strcmp(sp.info->out[k], out) == 0)
			break;
	if (k == sp.info->nout) {
		CHECK(0, "%s has an output %s", spec, out);
		ser_free(&flat);
		return;
	}
	run_batch(&sp, &flat, &r);
	for (b = (size_t)r.lookback; b < r.n; b++) {
		a.total++;
		if (!(fabs(r.out[k][b] - want) <= 1e-9))
			agg_fail(&a, "bar %zu: got %.17g", b, r.out[k][b]);
	}
	CHECK_AGG(a, "%s %s of a flat %g (volume %g) is %g after the "
	    "lookback (TA-Lib)", LABEL(&sp), out, price, vol, want);
	run_free(&r);
	ser_free(&flat);
}

static void
test_flat_values(void)
{
	size_t i;

	for (i = 0; i < sizeof flat_want / sizeof flat_want[0]; i++)
		flat_values(100, 1000, flat_want[i].spec, flat_want[i].out,
		    flat_want[i].want);
	for (i = 0; i < sizeof zero_want / sizeof zero_want[0]; i++)
		flat_values(0, 0, zero_want[i].spec, zero_want[i].out,
		    zero_want[i].want);
}

/* ---- 3. Period 1 ---------------------------------------------------- */

static double
trange_at(const struct ser *s, size_t i)
{
	double pc = s->c[i - 1];

	return fmax(s->h[i] - s->l[i], fmax(fabs(s->h[i] - pc),
	    fabs(s->l[i] - pc)));
}

static double
pdm_at(const struct ser *s, size_t i, int minus)
{
	double up = s->h[i] - s->h[i - 1], dn = s->l[i - 1] - s->l[i];

	if (minus)
		return dn > 0 && dn > up ? dn : 0;
	return up > 0 && up > dn ? up : 0;
}

/*
 * What the definition gives for output k of sp (param j at 1, the others
 * at their defaults) at bar i of s: *want (NaN where undefined) and a
 * tolerance relative to max(1, |want|).  0 when the definition is not
 * known here (the value is then only checked to be finite).
 */
static int
period1_want(const struct pe_ind_spec *sp, int j, const struct ser *s,
    size_t i, int k, double *want, double *tol)
{
	const char *n = sp->info->name;
	const double *x = column_of(s, sp->x ? sp->x : PE_IN_CLOSE);
	double p = i > 0 ? x[i - 1] : NAN, tr;

	(void)k;
	*tol = 1e-12;
	if (sp->info->nparams > 0 && strcmp(sp->info->param[j].name,
	    "period") != 0)
		return 0;
	if (strcmp(n, "ma") == 0 || strcmp(n, "t3") == 0) {
		*want = x[i];		/* every average of one bar */
		return 1;
	}
	if (strcmp(n, "var") == 0) {	/* one value: variance 0 */
		*want = 0;
		*tol = 1e-9 * x[i] * x[i];
		return 1;
	}
	if (strcmp(n, "correl") == 0) {	/* variance <= 0 -> 0 (TA-Lib) */
		*want = 0;
		*tol = 1e-9;
		return 1;
	}
	static const char *const known[] = { "mom", "roc", "rocp", "rocr",
	    "rocr100", "trix", "atr", "natr", "plus_dm", "minus_dm",
	    "plus_di", "minus_di", "beta" };
	size_t q;

	for (q = 0; q < sizeof known / sizeof known[0]; q++)
		if (strcmp(n, known[q]) == 0)
			break;
	if (q == sizeof known / sizeof known[0])
		return 0;
	if (i == 0) {			/* these need the bar before */
		*want = NAN;
		return 1;
	}
	tr = trange_at(s, i);
	if (strcmp(n, "mom") == 0)
		*want = x[i] - p;
	else if (strcmp(n, "roc") == 0)
		*want = (x[i] / p - 1) * 100;
	else if (strcmp(n, "rocp") == 0)
		*want = (x[i] - p) / p;
	else if (strcmp(n, "rocr") == 0)
		*want = x[i] / p;
	else if (strcmp(n, "rocr100") == 0)
		*want = x[i] / p * 100;
	else if (strcmp(n, "trix") == 0)
		*want = (x[i] / p - 1) * 100;
	else if (strcmp(n, "atr") == 0)
		*want = tr;
	else if (strcmp(n, "natr") == 0)
		*want = tr;	/* TA-Lib's NATR(1) is TRANGE, not normalized
				 * (ta_NATR.c: "no smoothing needed") */
	else if (strcmp(n, "plus_dm") == 0 || strcmp(n, "minus_dm") == 0)
		*want = pdm_at(s, i, n[0] == 'm');
	else if (strcmp(n, "plus_di") == 0 || strcmp(n, "minus_di") == 0)
		*want = tr == 0 ? 0 : 100 * pdm_at(s, i, n[0] == 'm') / tr;
	else {			/* beta */
		*want = 0;	/* one return: n*Sxx - Sx^2 = 0 -> 0 */
		*tol = 1e-9;
	}
	*tol = fmax(*tol, 1e-9);
	return 1;
}

static void
period1_check(struct agg *a, const struct pe_ind_spec *sp, int j,
    const struct ser *s)
{
	struct run r;
	double want, tol;
	size_t i;
	int k;

	if (!run_batch(sp, s, &r)) {
		a->total++;
		agg_fail(a, "%s is refused", LABEL(sp));
		return;
	}
	agg_finite(a, sp, &r, "(period 1)", 0);
	for (k = 0; k < r.nout; k++)
		for (i = 0; i < r.n; i++) {
			double g = r.out[k][i];

			if (!period1_want(sp, j, s, i, k, &want, &tol))
				break;
			a->total++;
			if (isnan(want) ? !isnan(g) :
			    !(fabs(g - want) <= tol * fmax(1, fabs(want))))
				agg_fail(a, "%s: %s at bar %zu is %.17g, the "
				    "definition gives %.17g", LABEL(sp),
				    sp->info->out[k], i, g, want);
		}
	run_free(&r);
	agg_stream_batch(a, sp, s, "(period 1)");
}

static void
test_period1(void)
{
	struct ser s = ser_walk(200, 1, 0xabcdef12345ULL);
	struct pe_ind_spec sp, p1;
	size_t i;
	int j, t, any;

	for (i = 0; i < pe_ind_count(); i++) {
		struct agg a = { 0 };
		char names[128] = "";

		if (!default_spec(i, &sp))
			continue;
		for (any = 0, j = 0; j < sp.info->nparams; j++) {
			const struct pe_ind_param *d = &sp.info->param[j];

			if (d->type != PE_P_INT || d->min > 1 || d->max < 1)
				continue;
			p1 = sp;
			p1.p[j] = 1;
			if (pe_ind_check(p1.info, p1.p, NULL) != PE_OK)
				continue;
			snprintf(names + strlen(names), sizeof names -
			    strlen(names), "%s%s", any++ ? ", " : "", d->name);
			if (strcmp(sp.info->name, "ma") == 0) {
				/* every moving-average type */
				for (t = 0; t < 16; t++) {
					if (pe_ma_name(t) == NULL)
						continue;
					p1.p[1] = t;
					period1_check(&a, &p1, j, &s);
				}
			} else
				period1_check(&a, &p1, j, &s);
		}
		if (any)
			CHECK_AGG(a, "%s: %s at 1 runs, stream = batch, and "
			    "gives the definition's value", sp.info->name,
			    names);
	}
	ser_free(&s);
}

/* Further one-bar windows whose value the definition gives. */
static void
test_period1_more(void)
{
	struct ser s = ser_walk(200, 1, 0x5555aaaa1234ULL);
	struct pe_ind_spec sp;
	struct run r;
	size_t i;

	/* ultosc:1:1:1 = 100 * BP / TR, BP = C - min(L, C[-1]). */
	if (pe_ind_spec_parse("ultosc:1:1:1", &sp, NULL) == PE_OK &&
	    run_batch(&sp, &s, &r)) {
		struct agg a = { 0 };

		for (i = 0; i < s.n; i++) {
			double w = NAN, g = r.out[0][i];

			if (i > 0) {
				double tl = fmin(s.l[i], s.c[i - 1]);
				double th = fmax(s.h[i], s.c[i - 1]);

				w = th - tl == 0 ? 0 : 100 * (s.c[i] - tl) /
				    (th - tl);
			}
			a.total++;
			if (isnan(w) ? !isnan(g) : !(fabs(g - w) <= 1e-9 *
			    fmax(1, fabs(w))))
				agg_fail(&a, "bar %zu: got %.17g, expected "
				    "%.17g", i, g, w);
		}
		CHECK_AGG(a, "ultosc:1:1:1 = 100*(C - min(L, C[-1]))/TR");
		run_free(&r);
	}
	/* stochf:1:1 and stoch:1:1:1: 100*(C-L)/(H-L), both outputs. */
	{
		static const char *const specs[] = { "stochf:1:1",
		    "stoch:1:1:1" };
		int q, k;

		for (q = 0; q < 2; q++) {
			struct agg a = { 0 };

			if (pe_ind_spec_parse(specs[q], &sp, NULL) != PE_OK ||
			    !run_batch(&sp, &s, &r))
				continue;
			for (k = 0; k < r.nout; k++)
				for (i = 0; i < s.n; i++) {
					double w = s.h[i] == s.l[i] ? 0 :
					    100 * (s.c[i] - s.l[i]) /
					    (s.h[i] - s.l[i]);

					a.total++;
					if (!(fabs(r.out[k][i] - w) <= 1e-9 *
					    fmax(1, fabs(w))))
						agg_fail(&a, "%s at bar %zu: "
						    "got %.17g, expected %.17g",
						    sp.info->out[k], i,
						    r.out[k][i], w);
				}
			CHECK_AGG(a, "%s = 100*(C-L)/(H-L) from bar 0",
			    specs[q]);
			run_free(&r);
		}
	}
	/* A signal line of one bar is the macd line; hist 0. */
	{
		static const char *const specs[] = { "macd:12:26:1",
		    "macdfix:1", "macdext:12:26:1" };
		int q;

		for (q = 0; q < 3; q++) {
			struct agg a = { 0 };

			if (pe_ind_spec_parse(specs[q], &sp, NULL) != PE_OK ||
			    !run_batch(&sp, &s, &r))
				continue;
			for (i = (size_t)r.lookback; i < s.n; i++) {
				a.total++;
				if (!(fabs(r.out[1][i] - r.out[0][i]) <= 1e-12
				    * fmax(1, fabs(r.out[0][i]))) ||
				    !(fabs(r.out[2][i]) <= 1e-12))
					agg_fail(&a, "bar %zu: macd %.17g, "
					    "signal %.17g, hist %.17g", i,
					    r.out[0][i], r.out[1][i],
					    r.out[2][i]);
			}
			a.total++;
			if (r.lookback != 25)
				agg_fail(&a, "lookback %ld, expected 25",
				    r.lookback);
			CHECK_AGG(a, "%s: signal = macd, hist = 0, lookback "
			    "25", specs[q]);
			run_free(&r);
		}
	}
	ser_free(&s);
}

/* ---- 4. Very large and very small prices ---------------------------- */

static void
test_scale(void)
{
	struct ser big = ser_walk(400, 1e10, 77), tiny = ser_walk(400, 1e-10,
	    77), mix = ser_mixed(400);
	struct pe_ind_spec sp;
	struct run r;
	size_t i;

	for (i = 0; i < pe_ind_count(); i++) {
		struct agg a = { 0 };

		if (!default_spec(i, &sp))
			continue;
		run_batch(&sp, &big, &r);
		agg_finite(&a, &sp, &r, "near 1e12", 0);
		run_free(&r);
		run_batch(&sp, &tiny, &r);
		agg_finite(&a, &sp, &r, "near 1e-8", 0);
		run_free(&r);
		run_batch(&sp, &mix, &r);
		agg_finite(&a, &sp, &r, "mixing 1e12 and 1e-8", 0);
		run_free(&r);
		agg_stream_batch(&a, &sp, &mix, "mixing 1e12 and 1e-8");
		CHECK_AGG(a, "%s: prices near 1e12, near 1e-8 and mixing "
		    "both: finite and defined after the lookback, stream = "
		    "batch", sp.info->name);
	}
	ser_free(&big);
	ser_free(&tiny);
	ser_free(&mix);
}

/* Moving averages of prices times f are f times those of the prices. */
static void
test_scale_linear(void)
{
	static const char *const specs[] = { "sma", "ema", "wma", "dema",
	    "tema", "trima", "kama", "t3", "midpoint", "max", "min", "sum",
	    "linearreg", "linearreg_intercept", "tsf", "midprice",
	    "medprice", "typprice", "avgprice", "wclprice", "ma:30:ema",
	    "accbands" };
	static const double scales[] = { 1e-8, 1e12 };
	struct ser base = ser_walk(300, 1, 4242), sc;
	struct pe_ind_spec sp;
	struct run r1, r2;
	size_t q, i, b;
	int k;

	for (q = 0; q < sizeof specs / sizeof specs[0]; q++) {
		struct agg a = { 0 };

		if (pe_ind_spec_parse(specs[q], &sp, NULL) != PE_OK)
			continue;
		run_batch(&sp, &base, &r1);
		for (i = 0; i < 2; i++) {
			double f = scales[i];

			sc = ser_new(base.n);
			for (b = 0; b < base.n; b++) {
				sc.o[b] = base.o[b] * f;
				sc.h[b] = base.h[b] * f;
				sc.l[b] = base.l[b] * f;
				sc.c[b] = base.c[b] * f;
				sc.v[b] = base.v[b];
			}
			run_batch(&sp, &sc, &r2);
			for (k = 0; k < r1.nout; k++)
				for (b = 0; b < base.n; b++) {
					double w = r1.out[k][b] * f;
					double g = r2.out[k][b];

					a.total++;
					if (isnan(w) ? !isnan(g) :
					    !(fabs(g - w) <= 1e-12 * fabs(w)))
						agg_fail(&a, "x%g: %s at bar "
						    "%zu: %.17g, expected "
						    "%.17g", f,
						    sp.info->out[k], b, g, w);
				}
			run_free(&r2);
			ser_free(&sc);
		}
		run_free(&r1);
		CHECK_AGG(a, "%s of prices times 1e-8 and 1e12 = the same "
		    "factor times %s of the prices (1e-12 relative)",
		    LABEL(&sp), sp.info->name);
	}
	ser_free(&base);
}

/* ---- 5. Parameters out of range ------------------------------------- */

/* spec is refused by pe_ind_spec_parse with exactly want. */
static void
agg_refused(struct agg *a, const char *spec, const char *want)
{
	struct pe_ind_spec sp;
	struct pe_error err = { 0 };
	int rc = pe_ind_spec_parse(spec, &sp, &err);

	a->total++;
	if (rc != PE_ERR_USAGE)
		agg_fail(a, "'%s' is accepted (%d)", spec, rc);
	else if (want != NULL && strcmp(err.msg, want) != 0)
		agg_fail(a, "'%s': \"%s\", expected \"%s\"", spec, err.msg,
		    want);
}

/* The spec of info with the defaults, param j set to the text v. */
static void
spec_with(const struct pe_ind_info *info, int j, const char *v, char *buf,
    size_t n)
{
	size_t len = (size_t)snprintf(buf, n, "%s", info->name);
	int i;

	for (i = 0; i < info->nparams && len < n; i++) {
		const struct pe_ind_param *d = &info->param[i];

		if (i == j)
			len += (size_t)snprintf(buf + len, n - len, ":%s", v);
		else if (d->type == PE_P_MA)
			len += (size_t)snprintf(buf + len, n - len, ":%s",
			    pe_ma_name((int)d->def));
		else
			len += (size_t)snprintf(buf + len, n - len, ":%.17g",
			    d->def);
	}
	if (len < n && (info->inputs & PE_IN_Y))
		snprintf(buf + len, n - len, "@high,low");
}

/* A value below min (above max when up), as TA-Lib's ranges allow. */
static double
outside(const struct pe_ind_param *d, int up)
{
	double v = up ? d->max + 1 : d->min - 1;

	if (v == (up ? d->max : d->min))	/* 1 is lost at 3e37 */
		v = up ? d->max * 2 : d->min * 2;
	return v;
}

static void
test_range(void)
{
	struct pe_error err;
	size_t i;
	int j, up;

	for (i = 0; i < pe_ind_count(); i++) {
		const struct pe_ind_info *info = pe_ind_at(i);
		struct agg a = { 0 };
		char spec[200], want[PE_ERRMSG_MAX], v[40];

		if (info->nparams == 0) {
			snprintf(spec, sizeof spec, "%s:5", info->name);
			snprintf(want, sizeof want, "%s: too many parameters "
			    "(it takes 0)", info->name);
			agg_refused(&a, spec, want);
			CHECK_AGG(a, "%s takes no parameter: '%s' is refused",
			    info->name, spec);
			continue;
		}
		for (j = 0; j < info->nparams; j++) {
			const struct pe_ind_param *d = &info->param[j];
			const char *kind = d->type == PE_P_REAL ? "a number" :
			    "a whole number";
			double p[PE_IND_MAXPARAMS], x;
			int q;

			for (up = 0; up < 2; up++) {
				if (up && d->type == PE_P_INT && d->max >= 1e6)
					continue;
				x = outside(d, up);
				snprintf(want, sizeof want, "%s: %s must be %s "
				    "from %g to %g (got %g)", info->name,
				    d->name, kind, d->min, d->max, x);
				if (d->type != PE_P_MA) {
					snprintf(v, sizeof v, "%.17g", x);
					spec_with(info, j, v, spec,
					    sizeof spec);
					agg_refused(&a, spec, want);
				}
				/* Directly, and pe_ind_new refuses too. */
				for (q = 0; q < info->nparams; q++)
					p[q] = info->param[q].def;
				p[j] = x;
				memset(&err, 0, sizeof err);
				a.total++;
				if (pe_ind_check(info, p, &err) != PE_ERR_USAGE
				    || strcmp(err.msg, want) != 0)
					agg_fail(&a, "pe_ind_check %s=%g: "
					    "\"%s\", expected \"%s\"", d->name,
					    x, err.msg, want);
				a.total++;
				if (pe_ind_new(info, p, NULL) != NULL)
					agg_fail(&a, "pe_ind_new accepts %s=%g",
					    d->name, x);
			}
			if (d->type == PE_P_INT) {
				snprintf(want, sizeof want, "%s: %s must be "
				    "a whole number from %g to %g (got 2.5)",
				    info->name, d->name, d->min, d->max);
				spec_with(info, j, "2.5", spec, sizeof spec);
				agg_refused(&a, spec, want);
				snprintf(want, sizeof want, "%s: %s 'abc' is "
				    "not a number", info->name, d->name);
				spec_with(info, j, "abc", spec, sizeof spec);
				agg_refused(&a, spec, want);
				for (q = 0; q < info->nparams; q++)
					p[q] = info->param[q].def;
				p[j] = NAN;
				a.total++;
				if (pe_ind_check(info, p, NULL) == PE_OK ||
				    pe_ind_new(info, p, NULL) != NULL)
					agg_fail(&a, "%s = NaN is accepted",
					    d->name);
			}
			if (d->type == PE_P_MA) {
				snprintf(want, sizeof want, "%s: %s 'foo' is "
				    "not a moving-average type (expected one "
				    "of " PE_MA_WORDS ")", info->name, d->name);
				spec_with(info, j, "foo", spec, sizeof spec);
				agg_refused(&a, spec, want);
			}
		}
		/* One parameter too many. */
		spec_with(info, -1, "", spec, sizeof spec);
		{
			char *at = strchr(spec, '@');
			char tail[32];

			snprintf(tail, sizeof tail, "%.20s", at ? at : "");
			if (at)
				*at = '\0';
			snprintf(spec + strlen(spec), sizeof spec -
			    strlen(spec), ":5%s", tail);
		}
		snprintf(want, sizeof want, "%s: too many parameters (it "
		    "takes %d)", info->name, info->nparams);
		agg_refused(&a, spec, want);
		CHECK_AGG(a, "%s: each parameter below its minimum, above "
		    "its maximum (< 1e6), not whole, not a number: a clear "
		    "error naming it and its range", info->name);
	}
}

/*
 * Every entry with parameters named fast and slow has them first, in
 * that order (pe_ind_fast_below_slow reads p[0] and p[1]), and refuses
 * fast >= slow, directly and as a spec; fast = slow - 1 is accepted.
 * TA-Lib swaps them; pe does not (issue 15).
 */
static void
test_fast_slow(void)
{
	const struct pe_ind_info *info;
	struct pe_ind_spec sp;
	struct pe_error err;
	double p[PE_IND_MAXPARAMS];
	char want[PE_ERRMSG_MAX], spec[64];
	size_t i, found = 0;
	int j, k, fast, slow;

	for (i = 0; i < pe_ind_count(); i++) {
		info = pe_ind_at(i);
		for (fast = slow = -1, j = 0; j < info->nparams; j++) {
			if (strcmp(info->param[j].name, "fast") == 0)
				fast = j;
			if (strcmp(info->param[j].name, "slow") == 0)
				slow = j;
		}
		if (fast < 0 && slow < 0)
			continue;
		found++;
		CHECK(fast == 0 && slow == 1, "%s: fast and slow are its "
		    "first two parameters", info->name);
		for (k = -1; k <= 1; k++) {
			pe_ind_defaults(info, p, 0);
			p[0] = p[1] + k;
			pe_error_clear(&err);
			snprintf(want, sizeof want, "%s: fast period %g must be "
			    "below slow period %g", info->name, p[0], p[1]);
			if (k < 0) {
				CHECK(pe_ind_check(info, p, &err) == PE_OK,
				    "%s: fast %g, slow %g accepted", info->name,
				    p[0], p[1]);
				continue;
			}
			CHECK(pe_ind_check(info, p, &err) == PE_ERR_USAGE &&
			    strcmp(err.msg, want) == 0 &&
			    pe_ind_new(info, p, NULL) == NULL,
			    "%s: fast %g, slow %g refused: \"%s\"", info->name,
			    p[0], p[1], err.msg);
			snprintf(spec, sizeof spec, "%s:%g:%g", info->name,
			    p[0], p[1]);
			CHECK(pe_ind_spec_parse(spec, &sp, &err) ==
			    PE_ERR_USAGE && strcmp(err.msg, want) == 0,
			    "%s refused: \"%s\"", spec, err.msg);
		}
	}
	CHECK(found == 5, "fast and slow periods in %zu entries (macd, "
	    "macdext, apo, ppo, adosc)", found);
}

/* ---- 6. NaN bars ------------------------------------------------------ */

static void
test_nan_bars(void)
{
	struct ser s1 = ser_walk(200, 1, 999), s2 = ser_walk(200, 1, 999),
	    s3 = ser_walk(200, 1, 999);
	struct pe_ind_spec sp;
	struct run r;
	size_t i;

	s1.c[100] = NAN;			/* a NaN close */
	s2.o[0] = s2.h[0] = s2.l[0] = s2.c[0] = s2.v[0] = NAN;
	s2.o[120] = s2.h[120] = s2.l[120] = s2.c[120] = s2.v[120] = NAN;
	for (i = 50; i < 60; i++)		/* a NaN stretch */
		s3.c[i] = s3.h[i] = NAN;
	for (i = 0; i < pe_ind_count(); i++) {
		struct agg a = { 0 };
		size_t b;
		int k;

		if (!default_spec(i, &sp))
			continue;
		agg_stream_batch(&a, &sp, &s1, "with a NaN close at bar 100");
		agg_stream_batch(&a, &sp, &s2, "with NaN bars 0 and 120");
		agg_stream_batch(&a, &sp, &s3, "with NaN H, C at bars 50-59");
		/* Nothing defined turns up before the NaN bar's effect. */
		run_batch(&sp, &s1, &r);
		for (k = 0; k < r.nout; k++)
			for (b = 0; b < 100; b++) {
				a.total++;
				if (isinf(r.out[k][b]))
					agg_fail(&a, "%s: inf at bar %zu",
					    sp.info->out[k], b);
			}
		run_free(&r);
		CHECK_AGG(a, "%s: NaN input bars: no crash, stream = batch "
		    "bit for bit (NaN = NaN)", sp.info->name);
	}
	ser_free(&s1);
	ser_free(&s2);
	ser_free(&s3);
}

/* ---- 7. Replace at the very first bar, and after batch --------------- */

/* Outputs o at bar t agree with batch rb, bit for bit (NaN == NaN). */
static void
agree(struct agg *a, const struct pe_ind_spec *sp, const double *o,
    const struct run *rb, size_t t, const char *what)
{
	int k;

	for (k = 0; k < sp->info->nout; k++) {
		a->total++;
		if (!same_dbl(o[k], rb->out[k][t]))
			agg_fail(a, "%s: %s at bar %zu %.17g, batch %.17g",
			    what, sp->info->out[k], t, o[k], rb->out[k][t]);
	}
}

/* Step ind over bars from..n-1 of c; each agrees with batch rb. */
static void
follow(struct agg *a, struct pe_ind *ind, const struct pe_ind_spec *sp,
    const struct pe_cols *c, const struct run *rb, size_t from, size_t n,
    const char *what)
{
	double o[PE_IND_MAXOUT];
	struct pe_bar b;
	size_t t;

	for (t = from; t < n; t++) {
		pe_cols_bar(c, t, &b);
		pe_ind_step(ind, &b, o);
		agree(a, sp, o, rb, t, what);
	}
}

static void
test_replace_edges(void)
{
	struct ser s = ser_walk(120, 1, 31337);
	struct pe_ind_spec sp;
	size_t i;

	for (i = 0; i < pe_ind_count(); i++) {
		struct agg a = { 0 };
		double o[PE_IND_MAXOUT], o2[PE_IND_MAXOUT], sent;
		struct pe_cols c;
		struct pe_bar b, early;
		struct pe_ind *ind, *ref;
		struct run rb;
		size_t t, m = 40;
		int k, rc, rc2;
		double *part[PE_IND_MAXOUT];

		if (!default_spec(i, &sp))
			continue;
		run_batch(&sp, &s, &rb);
		cols_of(&s, &sp, &c);

		/* (a) replace before any step = step. */
		ind = pe_ind_new(sp.info, sp.p, NULL);
		ref = pe_ind_new(sp.info, sp.p, NULL);
		pe_cols_bar(&c, 0, &b);
		rc = pe_ind_replace(ind, &b, o);
		rc2 = pe_ind_step(ref, &b, o2);
		a.total++;
		if (rc != rc2)
			agg_fail(&a, "first replace returns %d, step %d", rc,
			    rc2);
		for (k = 0; k < sp.info->nout; k++) {
			a.total++;
			if (!same_dbl(o[k], o2[k]))
				agg_fail(&a, "first replace: %s %.17g, step "
				    "%.17g", sp.info->out[k], o[k], o2[k]);
		}
		follow(&a, ind, &sp, &c, &rb, 1, s.n, "after a first replace");
		pe_ind_free(ind);
		pe_ind_free(ref);

		/* (b) a perturbed first bar, then replaced by the real one;
		 * then the second bar stepped and replaced twice. */
		ind = pe_ind_new(sp.info, sp.p, NULL);
		pe_cols_bar(&c, 0, &b);
		early = b;
		early.close *= 1.05;
		early.x *= 1.05;
		early.high = fmax(early.high, early.close);
		pe_ind_replace(ind, &early, o);	/* a step */
		pe_ind_replace(ind, &b, o);	/* undoes it */
		for (t = 1; t < s.n; t++) {
			pe_cols_bar(&c, t, &b);
			early = b;
			early.close *= 0.97;
			early.x *= 0.97;
			early.low = fmin(early.low, early.close);
			pe_ind_step(ind, &early, o);
			pe_ind_replace(ind, &early, o);
			pe_ind_replace(ind, &b, o);
			agree(&a, &sp, o, &rb, t, "first bar replaced");
		}
		pe_ind_free(ind);

		/* (c) after pe_ind_batch over m bars: replace is -1, changes
		 * nothing (out untouched), and streaming goes on as batch. */
		ind = pe_ind_new(sp.info, sp.p, NULL);
		for (k = 0; k < sp.info->nout; k++)
			part[k] = dalloc(m);
		pe_ind_batch(ind, m, &c, part);
		pe_cols_bar(&c, m - 1, &b);
		b.close *= 1.1;
		b.x *= 1.1;
		sent = -12345.5;
		for (k = 0; k < PE_IND_MAXOUT; k++)
			o[k] = sent;
		rc = pe_ind_replace(ind, &b, o);
		a.total++;
		if (rc != -1)
			agg_fail(&a, "replace after batch returns %d, not -1",
			    rc);
		for (k = 0; k < sp.info->nout; k++) {
			a.total++;
			if (!same_bits(o[k], sent))
				agg_fail(&a, "replace after batch wrote %s = "
				    "%.17g", sp.info->out[k], o[k]);
		}
		follow(&a, ind, &sp, &c, &rb, m, s.n,
		    "after batch and a refused replace");
		/* A replace right after those steps works again. */
		pe_cols_bar(&c, s.n - 1, &b);
		rc = pe_ind_replace(ind, &b, o);
		a.total++;
		if (rc == -1)
			agg_fail(&a, "replace after a step following batch "
			    "returns -1");
		agree(&a, &sp, o, &rb, s.n - 1,
		    "replace of the last bar after batch+steps");
		for (k = 0; k < sp.info->nout; k++)
			free(part[k]);

		/* (d) after pe_ind_batch over 0 bars: replace is a step. */
		memset(part, 0, sizeof part);
		pe_ind_batch(ind, 0, &c, part);
		pe_cols_bar(&c, 0, &b);
		rc = pe_ind_replace(ind, &b, o);
		a.total++;
		if (rc == -1)
			agg_fail(&a, "replace after a batch of 0 bars returns "
			    "-1 (nothing to undo: it is the first bar)");
		agree(&a, &sp, o, &rb, 0, "replace after a batch of 0 bars");
		follow(&a, ind, &sp, &c, &rb, 1, s.n, "after a batch of 0 bars");
		pe_ind_free(ind);
		run_free(&rb);
		CHECK_AGG(a, "%s: replace before any step is a step; after "
		    "batch it is -1 and changes nothing", sp.info->name);
	}
	ser_free(&s);
}

int
main(void)
{
	CHECK(pe_ind_count() > 0, "the registry has entries (%zu)",
	    pe_ind_count());
	test_short();
	test_flat();
	test_flat_values();
	test_period1();
	test_period1_more();
	test_scale();
	test_scale_linear();
	test_range();
	test_fast_slow();
	test_nan_bars();
	test_replace_edges();
	return done();
}
