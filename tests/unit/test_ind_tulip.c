/*
 * test_ind_tulip: Tulip's indicators (lib/ind/tulip.h) where the parity
 * files cannot reach them, the five real series having no flat stretch,
 * no bar without volume and no zero price (test_ind checks the values
 * against Tulip's there; test_ind_edge runs every registry entry through
 * its generic edge cases).
 *
 * 1. Lookbacks: Tulip's start, with the defaults and other options.
 * 2. Constant prices (100, volume 1000; 0, volume 0): the value each
 *    indicator's definition gives, where Tulip's 0/0 gives NaN for cvi,
 *    vhf, kvo and mass, and for emv, marketfi, vosc, vwma, fosc without
 *    volume or price.
 * 3. A walk with bars without volume, bars without range and zero prices:
 *    no NaN after the lookback, no inf, the stated conventions at those
 *    bars (marketfi and emv 0, vosc 0, vwma the plain mean, kvo going on
 *    after two bars without range), and stream (with pe_ind_replace)
 *    equal to batch bit for bit.
 * 4. Ranges: the options Tulip's code cannot take are refused, and the
 *    short period may equal the long one but not exceed it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pe_ind.h"

#define NBARS 240

struct ser {
	size_t n;
	double o[NBARS], h[NBARS], l[NBARS], c[NBARS], v[NBARS];
};

/* Every spec of the family: the defaults, and short windows. */
static const char *const specs[] = {
	"ao", "cvi", "decay", "edecay", "dpo", "emv", "fisher", "fosc",
	"kvo", "marketfi", "mass", "msw", "nvi", "pvi", "qstick", "stderr",
	"vhf", "vidya", "volatility", "vosc", "vwma", "wad", "wilders",
	"zlema", "cvi:2", "dpo:3", "fisher:1", "fosc:2", "kvo:1:1",
	"kvo:3:3", "mass:1", "msw:1", "vhf:1", "vidya:1:2:1",
	"vidya:5:5:0.5", "volatility:1", "vosc:1:1", "vosc:2:5", "vwma:1",
	"vwma:5", "wilders:1", "zlema:3", "nvi@high", "vwma:4@open",
};

#define NSPECS (sizeof specs / sizeof specs[0])

static const double *
column_of(const struct ser *s, unsigned bit)
{
	switch (bit) {
	case PE_IN_OPEN: return s->o;
	case PE_IN_HIGH: return s->h;
	case PE_IN_LOW: return s->l;
	case PE_IN_VOLUME: return s->v;
	default: return s->c;
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
	c->y = NULL;
	c->time = NULL;
}

/* Batch outputs of spec over s into out; the lookback, or -1. */
static long
run(const char *spec, const struct ser *s, struct pe_ind_spec *sp,
    double out[PE_IND_MAXOUT][NBARS])
{
	struct pe_error err;
	struct pe_ind *ind;
	struct pe_cols c;
	double *o[PE_IND_MAXOUT];
	long lb;
	int k;

	if (pe_ind_spec_parse(spec, sp, &err) != PE_OK ||
	    (ind = pe_ind_new(sp->info, sp->p, &err)) == NULL) {
		CHECK(0, "%s: %s", spec, err.msg);
		return -1;
	}
	for (k = 0; k < PE_IND_MAXOUT; k++)
		o[k] = out[k];
	cols_of(s, sp, &c);
	pe_ind_batch(ind, s->n, &c, o);
	lb = pe_ind_lookback(ind);
	pe_ind_free(ind);
	return lb;
}

/* ---- 1. Lookbacks --------------------------------------------------- */

static void
test_lookbacks(void)
{
	static const struct {
		const char *spec;
		long want;
	} t[] = {
		{ "ao", 33 }, { "cvi", 19 }, { "cvi:2", 3 }, { "decay", 0 },
		{ "edecay", 0 }, { "dpo", 19 }, { "emv", 1 }, { "fisher", 9 },
		{ "fosc", 14 }, { "kvo", 1 }, { "marketfi", 0 },
		{ "mass", 40 }, { "mass:1", 16 }, { "msw", 20 }, { "nvi", 0 },
		{ "pvi", 0 }, { "qstick", 13 }, { "stderr", 19 },
		{ "vhf", 28 }, { "vidya", 28 }, { "vidya:1:2:0.5", 0 },
		{ "volatility", 20 }, { "vosc", 9 }, { "vwma", 19 },
		{ "wad", 1 }, { "wilders", 13 }, { "zlema", 8 },
		{ "zlema:3", 0 }, { "zlema:4", 0 }, { "zlema:5", 1 },
	};
	struct pe_ind_spec sp;
	struct pe_ind *ind;
	size_t i;
	long got;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		got = -1;
		if (pe_ind_spec_parse(t[i].spec, &sp, NULL) == PE_OK &&
		    (ind = pe_ind_new(sp.info, sp.p, NULL)) != NULL) {
			got = pe_ind_lookback(ind);
			pe_ind_free(ind);
		}
		CHECK_EQ_I64(got, t[i].want, "lookback of %s (Tulip's start)",
		    t[i].spec);
	}
}

/* ---- 2. Constant prices --------------------------------------------- */

static void
ser_flat(struct ser *s, double price, double vol)
{
	size_t i;

	s->n = NBARS;
	for (i = 0; i < s->n; i++) {
		s->o[i] = s->h[i] = s->l[i] = s->c[i] = price;
		s->v[i] = vol;
	}
}

/* Output k of spec over s is want at every bar after the lookback. */
static void
flat_is(const struct ser *s, const char *spec, int k, double want,
    const char *what)
{
	double out[PE_IND_MAXOUT][NBARS];
	struct pe_ind_spec sp;
	struct agg a = { 0, 0, "" };
	long lb = run(spec, s, &sp, out);
	size_t i;

	if (lb < 0)
		return;
	for (i = (size_t)lb; i < s->n; i++) {
		a.total++;
		if (!(fabs(out[k][i] - want) <= 1e-9 * fmax(1, fabs(want))))
			agg_fail(&a, "bar %zu: got %.17g", i, out[k][i]);
	}
	CHECK_AGG(a, "%s %s at %s is %g after the lookback", spec,
	    sp.info->out[k], what, want);
}

static void
test_flat(void)
{
	/* The value at a flat 100 (volume 1000), then at a flat 0 (volume
	 * 0); NAN: not pinned (fisher and msw: finite, test_ind_edge). */
	static const struct {
		const char *spec;
		double at100, at0;
	} t[] = {
		{ "ao", 0, 0 }, { "cvi", 0, 0 },	/* Tulip: 0/0 */
		{ "decay", 100, 0 }, { "edecay", 100, 0 }, { "dpo", 0, 0 },
		{ "emv", 0, 0 },		/* Tulip at 0: 0/0 */
		{ "fosc", 0, 0 },		/* Tulip at 0: 0/0 */
		{ "kvo", 0, 0 },		/* Tulip: NaN for good */
		{ "marketfi", 0, 0 },		/* Tulip at 0: 0/0 */
		{ "mass", 25, 25 },		/* Tulip: 0/0, for good */
		{ "nvi", 1000, 1000 }, { "pvi", 1000, 1000 },
		{ "qstick", 0, 0 }, { "stderr", 0, 0 },
		{ "vhf", 0, 0 },		/* Tulip: 0/0 */
		{ "vidya", 100, 0 }, { "volatility", 0, 0 },
		{ "vosc", 0, 0 },		/* Tulip at 0: 0/0 */
		{ "vwma", 100, 0 },		/* Tulip at 0: 0/0 */
		{ "wad", 0, 0 }, { "wilders", 100, 0 }, { "zlema", 100, 0 },
	};
	struct ser s;
	size_t i;

	ser_flat(&s, 100, 1000);
	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		flat_is(&s, t[i].spec, 0, t[i].at100, "a flat 100");
	ser_flat(&s, 0, 0);
	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		flat_is(&s, t[i].spec, 0, t[i].at0, "a flat 0, no volume");
}

/* ---- 3. Bars without volume, range or price ------------------------- */

/*
 * A walk around 50 with, at bars 40..59, no volume; at 80..83, no range
 * (O = H = L = C, volume kept), the price up, down, up, down, so that
 * kvo's trend turns on a bar without range after one (cm = 0); at
 * 120..149, flat and no volume; at 170..172, every price 0; and the walk
 * again after each.
 */
static void
ser_holes(struct ser *s)
{
	double price = 50, r;
	size_t i;

	rng_state = 0x51ed270b2f1c4d3bULL;
	s->n = NBARS;
	for (i = 0; i < s->n; i++) {
		r = (double)(rng() % 2001) / 1000 - 1;
		price *= 1 + r * 0.02;
		s->c[i] = price;
		s->o[i] = price * (1 + r * 0.005);
		s->h[i] = fmax(s->o[i], s->c[i]) * 1.004;
		s->l[i] = fmin(s->o[i], s->c[i]) * 0.996;
		s->v[i] = 1000 + (double)(rng() % 9000);
		if (i >= 40 && i < 60)
			s->v[i] = 0;
		if (i >= 80 && i < 84)
			price = s->c[79] * (i % 2 ? 0.99 : 1.01);
		if ((i >= 80 && i < 84) || (i >= 120 && i < 150))
			s->o[i] = s->h[i] = s->l[i] = s->c[i] =
			    i >= 120 ? s->c[119] : price;
		if (i >= 120 && i < 150)
			s->v[i] = 0;
		if (i >= 170 && i < 173)
			s->o[i] = s->h[i] = s->l[i] = s->c[i] = 0;
	}
}

/* Stream, every third bar first fed perturbed then replaced. */
static void
run_stream(const struct pe_ind_spec *sp, const struct ser *s,
    double out[PE_IND_MAXOUT][NBARS])
{
	struct pe_ind *ind = pe_ind_new(sp->info, sp->p, NULL);
	struct pe_cols c;
	struct pe_bar b, early;
	double o[PE_IND_MAXOUT];
	size_t i;
	int k;

	cols_of(s, sp, &c);
	for (i = 0; i < s->n; i++) {
		pe_cols_bar(&c, i, &b);
		if (i % 3 == 1) {
			early = b;
			early.high = b.high * 1.01 + 1;
			early.close = early.x = early.high;
			early.volume = b.volume == 0 ? 500 : 0;
			pe_ind_step(ind, &early, o);
			pe_ind_replace(ind, &b, o);
		} else
			pe_ind_step(ind, &b, o);
		for (k = 0; k < sp->info->nout; k++)
			out[k][i] = o[k];
	}
	pe_ind_free(ind);
}

static void
test_holes_all(const struct ser *s)
{
	double out[PE_IND_MAXOUT][NBARS], st[PE_IND_MAXOUT][NBARS];
	struct pe_ind_spec sp;
	size_t q, i;
	long lb;
	int k;

	for (q = 0; q < NSPECS; q++) {
		struct agg a = { 0, 0, "" };

		if ((lb = run(specs[q], s, &sp, out)) < 0)
			continue;
		run_stream(&sp, s, st);
		for (k = 0; k < sp.info->nout; k++)
			for (i = 0; i < s->n; i++) {
				a.total++;
				if ((long)i < lb ? !isnan(out[k][i]) :
				    !isfinite(out[k][i]))
					agg_fail(&a, "%s at bar %zu is %.17g "
					    "(lookback %ld)", sp.info->out[k],
					    i, out[k][i], lb);
				else if (!same_dbl(st[k][i], out[k][i]))
					agg_fail(&a, "%s at bar %zu: batch "
					    "%.17g, stream %.17g",
					    sp.info->out[k], i, out[k][i],
					    st[k][i]);
			}
		CHECK_AGG(a, "%s over bars without volume, range or price: "
		    "finite after the lookback, stream = batch", specs[q]);
	}
}

/* Output 0 of spec at bars [from, to) is want(s, i). */
static void
holes_are(const struct ser *s, const char *spec, size_t from, size_t to,
    double (*want)(const struct ser *, size_t), const char *what)
{
	double out[PE_IND_MAXOUT][NBARS];
	struct pe_ind_spec sp;
	struct agg a = { 0, 0, "" };
	size_t i;

	if (run(spec, s, &sp, out) < 0)
		return;
	for (i = from; i < to; i++) {
		double w = want(s, i);

		a.total++;
		if (!(fabs(out[0][i] - w) <= 1e-12 * fmax(1, fabs(w))))
			agg_fail(&a, "bar %zu: got %.17g, expected %.17g", i,
			    out[0][i], w);
	}
	CHECK_AGG(a, "%s at bars %zu..%zu: %s", spec, from, to - 1, what);
}

static double
zero(const struct ser *s, size_t i)
{
	(void)s;
	(void)i;
	return 0;
}

static double
mean5(const struct ser *s, size_t i)
{
	return (s->c[i - 4] + s->c[i - 3] + s->c[i - 2] + s->c[i - 1] +
	    s->c[i]) / 5;
}

static void
test_holes(void)
{
	struct ser s;

	ser_holes(&s);
	test_holes_all(&s);
	holes_are(&s, "marketfi", 40, 60, zero, "0 without volume");
	holes_are(&s, "emv", 40, 60, zero, "0 without volume");
	holes_are(&s, "emv", 80, 84, zero, "0 without range");
	holes_are(&s, "vosc:2:5", 44, 60, zero, "0 where the long window "
	    "has no volume");
	holes_are(&s, "vwma:5", 44, 60, mean5, "the plain mean where the "
	    "window has no volume");
	holes_are(&s, "vwma:5", 124, 150, mean5, "the plain mean (the flat "
	    "price) where the window has no volume");
}

/* ---- 4. Ranges ------------------------------------------------------- */

static void
refused(const char *spec, const char *want)
{
	struct pe_ind_spec sp;
	struct pe_error err = { 0 };
	int rc = pe_ind_spec_parse(spec, &sp, &err);

	CHECK(rc == PE_ERR_USAGE && strcmp(err.msg, want) == 0,
	    "spec '%s' is refused: %s", spec, err.msg);
}

static void
test_ranges(void)
{
	struct pe_ind_spec sp;

	refused("cvi:1", "cvi: period must be a whole number from 2 to "
	    "100000 (got 1)");
	refused("dpo:2", "dpo: period must be a whole number from 3 to "
	    "100000 (got 2)");
	refused("fosc:1", "fosc: period must be a whole number from 2 to "
	    "100000 (got 1)");
	refused("zlema:2", "zlema: period must be a whole number from 3 to "
	    "100000 (got 2)");
	refused("vidya:1:1", "vidya: long must be a whole number from 2 to "
	    "100000 (got 1)");
	refused("vidya:14:30:1.5", "vidya: alpha must be a number from 0 to "
	    "1 (got 1.5)");
	refused("kvo:56:55", "kvo: short period 56 must not be above long "
	    "period 55");
	refused("vosc:11", "vosc: short period 11 must not be above long "
	    "period 10");
	refused("vidya:31", "vidya: short period 31 must not be above long "
	    "period 30");
	CHECK(pe_ind_spec_parse("kvo:55:55", &sp, NULL) == PE_OK &&
	    pe_ind_spec_parse("vosc:10:10", &sp, NULL) == PE_OK &&
	    pe_ind_spec_parse("vidya:30:30:1", &sp, NULL) == PE_OK,
	    "equal short and long periods are accepted (Tulip's rule)");
}

int
main(void)
{
	test_lookbacks();
	test_flat();
	test_holes();
	test_ranges();
	return done();
}
