/*
 * test_talib: TA-Lib functions whose parity files cannot check every
 * parameter (issue 18).  tests/ind/talib-all.map checks the defaults.
 *
 * 1. mavp, every MA type: with a period series, each bar's value is that
 *    of the MA of the bar's period (held within min..max) started where
 *    TA-Lib starts it, at bar L - its own lookback (L: the lookback of
 *    maxperiod's MA), i.e. ma:p:type over the series from that bar; bit
 *    for bit for the recursive types, to 1e-12 for the window types (pe
 *    sums each bar's window afresh); NaN before L and at a NaN period.
 * 2. sarext: with TA-Lib's defaults, and with one acceleration for both
 *    sides, its absolute value is sar's, bit for bit, negative exactly
 *    while short; a start value fixes the first bar's side and SAR; an
 *    offset moves the first reversal's SAR by that fraction of itself.
 * Run from the top of the source tree (make check does).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pe.h"
#include "harness.h"
#include "series.h"

/* Output k of spec over n bars of x (y: the second series, or NULL). */
static double *
run(const char *spec, const struct pe_series *s, const double *x,
    const double *y, size_t n, int k)
{
	struct pe_ind_spec sp;
	struct pe_ind *ind;
	struct pe_cols c;
	double *out[PE_IND_MAXOUT] = { 0 }, *r = NULL;
	int j;

	if (pe_ind_spec_parse(spec, &sp, NULL) != PE_OK ||
	    (ind = pe_ind_new(sp.info, sp.p, NULL)) == NULL)
		return NULL;
	pe_ind_cols(s, &sp, &c);
	if (x != NULL)
		c.x = x;
	c.y = y;
	for (j = 0; j < sp.info->nout; j++)
		out[j] = calloc(s->n + 1, sizeof(double));	/* room for all */
	pe_ind_batch(ind, n, &c, out);
	for (j = 0; j < sp.info->nout; j++)
		if (j == k)
			r = out[j];
		else
			free(out[j]);
	pe_ind_free(ind);
	return r;
}

static long
lookback_of(const char *spec)
{
	struct pe_ind_spec sp;
	struct pe_ind *ind;
	long lb;

	if (pe_ind_spec_parse(spec, &sp, NULL) != PE_OK ||
	    (ind = pe_ind_new(sp.info, sp.p, NULL)) == NULL)
		return -1;
	lb = pe_ind_lookback(ind);
	pe_ind_free(ind);
	return lb;
}

/* mavp:min:max:type over x with periods y against its definition. */
static void
mavp_case(const struct pe_series *s, const double *y, int min, int max,
    const char *type, struct agg *a)
{
	const double *x = s->close;
	char spec[64];
	double *got, *ref[64] = { 0 }, want, tol;
	long L, lp;
	size_t i, n = s->n;
	int p, banked = strcmp(type, "sma") && strcmp(type, "wma") &&
	    strcmp(type, "trima");

	snprintf(spec, sizeof spec, "mavp:%d:%d:%s@close,volume", min, max,
	    type);
	got = run(spec, s, NULL, y, n, 0);
	snprintf(spec, sizeof spec, "ma:%d:%s", max, type);
	L = lookback_of(spec);
	if (got == NULL || L < 0 || max >= 64) {
		a->total++;
		agg_fail(a, "mavp:%d:%d:%s runs", min, max, type);
		free(got);
		return;
	}
	for (p = min; p <= max; p++) {	/* MA(p) from bar L - its lookback */
		snprintf(spec, sizeof spec, "ma:%d:%s", p, type);
		lp = lookback_of(spec);
		ref[p] = run(spec, s, x + (L - lp), NULL, n - (size_t)(L - lp),
		    0);
		if (ref[p] != NULL) {
			memmove(ref[p] + (L - lp), ref[p], (n - (size_t)(L -
			    lp)) * sizeof(double));
			for (i = 0; i < (size_t)(L - lp); i++)
				ref[p][i] = NAN;
		}
	}
	for (i = 0; i < n; i++) {
		a->total++;
		if ((long)i < L || isnan(y[i])) {
			if (!isnan(got[i]))
				agg_fail(a, "mavp:%d:%d:%s at bar %zu is %.17g, "
				    "NaN expected", min, max, type, i, got[i]);
			continue;
		}
		p = y[i] <= min ? min : y[i] >= max ? max : (int)y[i];
		want = ref[p] ? ref[p][i] : NAN;
		tol = banked ? 0 : 1e-12 * fmax(1, fabs(want));
		if (!(fabs(got[i] - want) <= tol) && !(banked &&
		    same_dbl(got[i], want)))
			agg_fail(a, "mavp:%d:%d:%s at bar %zu (period %d): "
			    "%.17g, MA %.17g", min, max, type, i, p, got[i],
			    want);
	}
	for (p = 0; p < 64; p++)
		free(ref[p]);
	free(got);
}

static void
test_mavp(void)
{
	static const char *const types[] = { "sma", "ema", "wma", "dema",
	    "tema", "trima", "kama", "mama", "t3" };
	struct pe_series *s = load_series("goog_2004_2008");
	double *y = malloc(s->n * sizeof(double));
	size_t i, t;

	for (t = 0; t < sizeof types / sizeof types[0]; t++) {
		struct agg a = { 0 };

		for (i = 0; i < s->n; i++)	/* constant: maxperiod's MA */
			y[i] = 30;
		mavp_case(s, y, 2, 30, types[t], &a);
		for (i = 0; i < s->n; i++)	/* constant below max */
			y[i] = 7;
		mavp_case(s, y, 2, 30, types[t], &a);
		for (i = 0; i < s->n; i++)	/* every period, and beyond */
			y[i] = (double)(i * 7 % 40) - 3.5;
		y[100] = NAN;
		mavp_case(s, y, 2, 30, types[t], &a);
		mavp_case(s, y, 1, 12, types[t], &a);
		CHECK_AGG(a, "mavp, matype %s: each bar the MA of its period, "
		    "started as TA-Lib starts it; NaN before the lookback and "
		    "at a NaN period", types[t]);
	}
	free(y);
	pe_series_free(s);
}

/* sarext's spec against sar's: |sarext| = sar, negative while short. */
static void
sar_same(const struct pe_series *s, const char *ext, const char *sar)
{
	double *e = run(ext, s, NULL, NULL, s->n, 0);
	double *r = run(sar, s, NULL, NULL, s->n, 0);
	size_t i, bad = 0, neg = 0;

	for (i = 0; e && r && i < s->n; i++) {
		if (!same_dbl(fabs(e[i]), r[i]))
			bad++;
		neg += e[i] < 0;
	}
	CHECK(e && r && bad == 0 && neg > 0 && neg < s->n - 1, "|%s| = %s "
	    "bit for bit (%zu differ), negative on %zu bars", ext, sar, bad,
	    neg);
	free(e);
	free(r);
}

static void
test_sarext(void)
{
	struct pe_series *s = load_series("goog_2004_2008");
	double *a, *b, *e;
	char spec[128];
	size_t i, k;

	sar_same(s, "sarext", "sar");
	sar_same(s, "sarext:0:0:0.03:0.03:0.25:0.03:0.03:0.25",
	    "sar:0.03:0.25");
	/* a start value below bar 1's low: long at it */
	snprintf(spec, sizeof spec, "sarext:%.17g", s->low[1] / 2);
	e = run(spec, s, NULL, NULL, s->n, 0);
	CHECK(e && isnan(e[0]) && e[1] == s->low[1] / 2, "%s: long at it at "
	    "bar 1 (%.17g)", spec, e ? e[1] : NAN);
	free(e);
	snprintf(spec, sizeof spec, "sarext:%.17g", -2 * s->high[1]);
	e = run(spec, s, NULL, NULL, s->n, 0);
	CHECK(e && e[1] == -2 * s->high[1], "%s: short at its absolute value "
	    "at bar 1 (%.17g)", spec, e ? e[1] : NAN);
	free(e);
	/* the offset moves the first reversal's SAR by 1% of itself */
	a = run("sarext", s, NULL, NULL, s->n, 0);
	b = run("sarext:0:0.01", s, NULL, NULL, s->n, 0);
	for (k = 2; a && k < s->n && (a[k] < 0) == (a[1] < 0); k++)
		;
	for (i = 1; a && b && i < k && same_dbl(a[i], b[i]); i++)
		;
	CHECK(a && b && k < s->n && i == k && fabs(b[k] - a[k] * (a[k] < 0 ?
	    1.01 : 0.99)) <= 1e-12 * fabs(a[k]), "sarext:0:0.01: the same "
	    "until the first reversal (bar %zu), where the SAR moves by 1%% "
	    "(%.17g, %.17g)", k, a ? a[k] : NAN, b ? b[k] : NAN);
	free(a);
	free(b);
	pe_series_free(s);
}

int
main(void)
{
	test_mavp();
	test_sarext();
	return done();
}
