/*
 * test_state: saved states (pe_ind_save, pe_ind_load; pe_plan_state_save,
 * pe_plan_state_load).  Every registered indicator, and a plan of every
 * op, is run over a real series, saved after bar k, loaded into another
 * instance (elsewhere in memory, after bars of its own) and run on: every
 * output after the load equals the unbroken run's, bit for bit.  Bytes
 * that are not such a state are refused and change nothing.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pe_buf.h"
#include "pe_candle.h"
#include "pe_formula.h"
#include "pe_ind.h"
#include "pe_load.h"
#include "pe_plan.h"
#include "series.h"

static struct pe_series *s;

static void
bar(size_t i, struct pe_bar *b)
{
	b->open = s->open[i];
	b->high = s->high[i];
	b->low = s->low[i];
	b->close = s->close[i];
	b->volume = s->volume[i];
	b->x = s->close[i];
	b->y = s->high[i];	/* correl, beta: close against high */
	b->time = s->time[i];
}

/* Indicator info saved after bar k - 1 and loaded: the same outputs. */
static void
ind_split(const struct pe_ind_info *info, size_t k, struct agg *a)
{
	struct pe_ind *one, *two;
	struct pe_buf b = { 0 };
	struct pe_bar x;
	double o1[PE_IND_MAXOUT], o2[PE_IND_MAXOUT];
	size_t i;
	int j;

	a->total++;
	one = pe_ind_new(info, NULL, NULL);
	two = pe_ind_new(info, NULL, NULL);
	if (one == NULL || two == NULL) {
		agg_fail(a, "%s: no instance", info->name);
		goto out;
	}
	for (i = 0; i < k; i++) {
		bar(i, &x);
		pe_ind_step(one, &x, o1);
	}
	/* the other instance has a history of its own, to be replaced */
	for (i = s->n - 7; i < s->n; i++) {
		bar(i, &x);
		pe_ind_step(two, &x, o2);
	}
	if (pe_ind_save(one, &b) != PE_OK || pe_ind_load(two, b.p, b.len) !=
	    PE_OK) {
		agg_fail(a, "%s: saved after %zu bars, not loaded", info->name,
		    k);
		goto out;
	}
	for (i = k; i < s->n; i++) {
		bar(i, &x);
		pe_ind_step(one, &x, o1);
		pe_ind_step(two, &x, o2);
		for (j = 0; j < info->nout; j++)
			if (!same_dbl(o1[j], o2[j])) {
				agg_fail(a, "%s: saved after %zu bars: output "
				    "%d at bar %zu: %.17g, not %.17g",
				    info->name, k, j, i, o2[j], o1[j]);
				goto out;
			}
	}
out:
	free(b.p);
	pe_ind_free(one);
	pe_ind_free(two);
}

static void
test_indicators(void)
{
	struct agg a = { 0 };
	const struct pe_ind_info *info;
	size_t i, m, ks[6];
	long lb;

	for (i = 0; i < pe_ind_count(); i++) {
		info = pe_ind_at(i);
		{
			struct pe_ind *t = pe_ind_new(info, NULL, NULL);

			lb = t != NULL ? pe_ind_lookback(t) : 0;
			pe_ind_free(t);
		}
		ks[0] = 0;
		ks[1] = 1;
		ks[2] = (size_t)lb;
		ks[3] = (size_t)lb + 1;
		ks[4] = s->n / 3;
		ks[5] = s->n - 1;
		for (m = 0; m < 6; m++)
			if (ks[m] < s->n)
				ind_split(info, ks[m], &a);
	}
	CHECK_AGG(a, "every indicator (%zu), saved at 6 bars and loaded into "
	    "another instance, goes on bit for bit", pe_ind_count());
}

static void
test_ind_refused(void)
{
	const double p20[] = { 20 }, p21[] = { 21 };
	struct pe_ind *sma20 = pe_ind_new(pe_ind_find("sma"), p20, NULL);
	struct pe_ind *sma21 = pe_ind_new(pe_ind_find("sma"), p21, NULL);
	struct pe_ind *ema20 = pe_ind_new(pe_ind_find("ema"), p20, NULL);
	struct pe_ind *ref = pe_ind_new(pe_ind_find("sma"), p20, NULL);
	struct pe_buf b = { 0 };
	struct pe_bar x;
	double o[PE_IND_MAXOUT], want[PE_IND_MAXOUT];
	uint64_t base;
	size_t i, at;

	for (i = 0; i < 30; i++) {
		bar(i, &x);
		pe_ind_step(sma20, &x, o);
		pe_ind_step(ref, &x, want);
	}
	CHECK(pe_ind_save(sma20, &b) == PE_OK, "sma:20 saved");
	CHECK(pe_ind_load(sma21, b.p, b.len) == PE_ERR_FORMAT,
	    "not loaded into sma:21 (other parameters)");
	CHECK(pe_ind_load(ema20, b.p, b.len) == PE_ERR_FORMAT,
	    "not loaded into ema:20 (another indicator)");
	CHECK(pe_ind_load(sma20, b.p, b.len - 1) == PE_ERR_FORMAT,
	    "one byte short: refused");
	CHECK(pe_ind_load(sma20, b.p, 0) == PE_ERR_FORMAT, "empty: refused");
	b.p[0] ^= 1;
	CHECK(pe_ind_load(sma20, b.p, b.len) == PE_ERR_FORMAT,
	    "another format: refused");
	b.p[0] ^= 1;
	/* the rings' address moved by a megabyte: its pointer falls outside */
	at = 4 + 4 + 24 + PE_IND_MAXPARAMS * sizeof(double) + 24;	/* base */
	memcpy(&base, b.p + at, 8);
	base += 1 << 20;
	memcpy(b.p + at, &base, 8);
	CHECK(pe_ind_load(sma20, b.p, b.len) == PE_ERR_FORMAT,
	    "a pointer outside the rings: refused");
	/* and nothing of sma20 changed: it goes on from bar 30 */
	bar(30, &x);
	pe_ind_step(sma20, &x, o);
	pe_ind_step(ref, &x, want);
	CHECK(same_bits(o[0], want[0]) && !isnan(o[0]), "the refused loads "
	    "left the state as it was");
	free(b.p);
	pe_ind_free(ref);
	pe_ind_free(sma20);
	pe_ind_free(sma21);
	pe_ind_free(ema20);
}

static struct pe_plan *
plan_of(const char *text)
{
	struct pe_formula *f = NULL;
	struct pe_plan *p = NULL;
	struct pe_plan_src src;
	struct pe_error err;

	if (pe_formula_parse_expr(text, strlen(text), NULL, &f, &err) ==
	    PE_OK) {
		src.f = f;
		src.role = PE_PR_SIGNAL;
		if (pe_plan_compile(&src, 1, 0, &p, &err) != PE_OK)
			p = NULL;
	}
	pe_formula_free(f);
	if (p == NULL) {
		fprintf(stderr, "%s: %s\n", text, err.msg);
		exit(2);
	}
	return p;
}

/* Plan states: what is refused, and no replace right after a load. */
static void
test_plan_refused(void)
{
	struct pe_plan *p = plan_of("rsi(14) < 30 and close > sma(close, 20)");
	struct pe_plan *q = plan_of("rsi(14) < 30 and close > sma(close, 21)");
	struct pe_plan_state *a = pe_plan_state_new(p, NULL);
	struct pe_plan_state *b = pe_plan_state_new(p, NULL);
	struct pe_plan_state *c = pe_plan_state_new(q, NULL);
	struct pe_buf buf = { 0 };
	struct pe_bar x;
	const double *va, *vb;
	size_t i;

	for (i = 0; i < 40; i++) {
		bar(i, &x);
		pe_plan_step(a, &x);
	}
	CHECK(pe_plan_state_save(a, &buf) == PE_OK, "a plan state saved");
	CHECK(pe_plan_state_load(c, buf.p, buf.len) == PE_ERR_FORMAT,
	    "not loaded into another plan's state (sma of 21)");
	CHECK(pe_plan_state_load(b, buf.p, buf.len - 1) == PE_ERR_FORMAT,
	    "one byte short: refused");
	CHECK(pe_plan_state_load(b, buf.p, 10) == PE_ERR_FORMAT,
	    "a piece of a header: refused");
	CHECK(pe_plan_state_load(b, buf.p, buf.len) == PE_OK, "loaded");
	bar(40, &x);
	CHECK(pe_plan_replace(b, &x) == NULL, "no replace right after a load");
	va = pe_plan_step(a, &x);
	vb = pe_plan_step(b, &x);
	CHECK(memcmp(va, vb, p->nnodes * sizeof *va) == 0 && va[0] == va[0],
	    "then a step gives the saved state's values");
	bar(41, &x);
	pe_plan_step(a, &x);
	va = pe_plan_replace(a, &x);
	pe_plan_step(b, &x);
	vb = pe_plan_replace(b, &x);
	CHECK(vb != NULL && memcmp(va, vb, p->nnodes * sizeof *va) == 0,
	    "and after a step, replace works again");
	free(buf.p);
	pe_plan_state_free(a);
	pe_plan_state_free(b);
	pe_plan_state_free(c);
	pe_plan_free(p);
	pe_plan_free(q);
}

int
main(void)
{
	s = load_series("goog_2004_2008");
	test_indicators();
	test_ind_refused();
	test_plan_refused();
	pe_series_free(s);
	return done();
}
