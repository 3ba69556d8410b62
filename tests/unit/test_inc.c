/*
 * test_inc.c: the incremental evaluator (pe_plan_step, pe_plan_replace)
 * against the vectorised one (pe_plan_run), the property pe_plan.h
 * promises: for every formula of tests/formula/corpus.txt, over the real
 * series of tests/data and generated ones (a random walk with flat
 * stretches and a jump, a flat series, one with zero prices and zero
 * ranges, short ones down to no bar, one without volume), every node's
 * value at every bar is the same double in both, NaN where NaN.
 *
 * Each corpus line is compiled twice when it can be: as --values
 * formulas (any type) and as edge signals (PE_PLAN_EDGE, boolean lines
 * only).  Each plan runs three ways over every series, on one state
 * reset between series: plain steps; steps where random bars are first
 * fed perturbed (scaled, zero, NaN), replaced zero or more times by
 * other perturbations, then replaced by the real bar; and the same with
 * every bar replaced by itself.  One check per line and way.
 *
 * A line holding ';' is a formula file, ';' standing for a newline.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pe_buf.h"
#include "pe.h"
#include "pe_formula.h"
#include "pe_plan.h"

#define CORPUS "tests/formula/corpus.txt"
#define MAXSERIES 16

struct data {
	char name[32];
	struct pe_series *s;
};

static struct data series[MAXSERIES];
static int nseries;

static void
load_series(const char *name)
{
	struct data *d = &series[nseries++];
	struct pe_error err;
	struct pe_set *set = pe_set_new();
	struct pe_read_opts opts;
	char path[256];

	memset(&opts, 0, sizeof opts);
	opts.sorted = 1;
	snprintf(d->name, sizeof d->name, "%s", name);
	snprintf(path, sizeof path, "tests/data/%s.csv", name);
	if (pe_load_path(path, &opts, set, 0, NULL, NULL, &err) != PE_OK) {
		fprintf(stderr, "%s: %s\n", path, err.msg);
		exit(2);
	}
	d->s = set->v[0];
	set->v[0] = NULL;
	set->n = 0;
	pe_set_free(set);
}

/* A new generated series named name. */
static struct pe_series *
gen_new(const char *name)
{
	struct data *d = &series[nseries++];

	snprintf(d->name, sizeof d->name, "%s", name);
	if ((d->s = pe_series_new("GEN")) == NULL)
		exit(2);
	return d->s;
}

static void
gen_push(struct pe_series *s, double o, double h, double l, double c,
    double v)
{
	struct pe_candle k;

	/* Six hours apart: svwap sees days of four bars. */
	k.time = (int64_t)s->n * PE_MS_PER_DAY / 4;
	k.open = o;
	k.high = h;
	k.low = l;
	k.close = c;
	k.volume = v;
	if (pe_series_push(s, &k, 1) != PE_OK)
		exit(2);
}

static double
unit(void)
{
	return (double)(rng() % 2001) / 1000 - 1;	/* -1 .. 1 */
}

/* A random walk with flat stretches (zero range, zero volume), a jump. */
static void
gen_walk(const char *name, size_t n, int volume)
{
	struct pe_series *s = gen_new(name);
	double price = 50, r, o, spread;
	size_t i;

	for (i = 0; i < n; i++) {
		r = i % 500 < 40 ? 0 : unit();
		price *= 1 + r * 0.03;
		if (i == n / 2)
			price *= 1e6;
		o = price * (1 + r * 0.01);
		spread = r != 0 ? (double)(rng() % 100) / 10000 : 0;
		gen_push(s, o, fmax(o, price) * (1 + spread),
		    fmin(o, price) * (1 - spread), price,
		    volume ? (r == 0 ? 0 : (double)(rng() % 1000000)) : NAN);
	}
	s->has_volume = volume;
}

/* Small integer prices: zero closes, ties, equal open and close. */
static void
gen_zeros(void)
{
	struct pe_series *s = gen_new("zeros");
	double o, c;
	size_t i;

	for (i = 0; i < 400; i++) {
		o = (double)(rng() % 4);
		c = (double)(rng() % 4);
		gen_push(s, o, fmax(o, c) + (double)(rng() % 2), fmin(o, c),
		    c, (double)(rng() % 3));
	}
}

static void
gen_flat(const char *name, size_t n)
{
	struct pe_series *s = gen_new(name);
	size_t i;

	for (i = 0; i < n; i++)
		gen_push(s, 10, 10, 10, 10, 100);
}

static void
make_series(void)
{
	static const char *real[] = {
		"talib_regtest_252", "bollinger_2003_2004", "fb_2012_2014",
		"goog_2004_2008", "msft_2000_2001",
	};
	size_t i;

	for (i = 0; i < sizeof real / sizeof real[0]; i++)
		load_series(real[i]);
	gen_walk("walk", 3000, 1);
	gen_walk("novolume", 300, 0);
	gen_walk("short5", 5, 1);
	gen_walk("short1", 1, 1);
	gen_walk("empty", 0, 1);
	gen_zeros();
	gen_flat("flat", 300);
}

/* Bar i of s as the evaluators take it. */
static void
bar_of(const struct pe_series *s, size_t i, struct pe_bar *b)
{
	b->open = s->open[i];
	b->high = s->high[i];
	b->low = s->low[i];
	b->close = s->close[i];
	b->volume = s->volume[i];
	b->x = b->y = NAN;
	b->time = s->time[i];
}

/* A different version of b: scaled, zeroed or NaN. */
static void
perturb(struct pe_bar *b)
{
	double f;

	switch (rng() % 6) {
	case 0:
		b->open = b->high = b->low = b->close = 0;
		break;
	case 1:
		b->close = NAN;
		break;
	case 2:
		b->volume = b->volume * 3 + 1;
		b->high = b->high * 2;
		break;
	default:
		f = 1 + unit() * 0.1;
		b->open *= f;
		b->high *= f * 1.01;
		b->low *= f * 0.99;
		b->close *= 1 + unit() * 0.05;
		b->volume *= 1 + unit();
		break;
	}
	b->x = b->y = 12345;	/* ignored */
}

enum way { PLAIN, REPLACE, SAME };

static const char *const way_name[] = { "steps", "replaced bars",
    "bars replaced by themselves" };

/* Feed bar i of s to st in the given way; the values after it. */
static const double *
feed(struct pe_plan_state *st, const struct pe_series *s, size_t i,
    enum way way)
{
	struct pe_bar b, p;
	int k;

	bar_of(s, i, &b);
	if (way == PLAIN)
		return pe_plan_step(st, &b);
	/* At bar 0, sometimes a replace with nothing to replace. */
	if (way == SAME) {
		if (i == 0 && rng() % 2)
			return pe_plan_replace(st, &b);
		pe_plan_step(st, &b);
		return pe_plan_replace(st, &b);
	}
	if (rng() % 3 != 0)
		return i == 0 && rng() % 2 ? pe_plan_replace(st, &b) :
		    pe_plan_step(st, &b);
	p = b;
	perturb(&p);
	pe_plan_step(st, &p);
	for (k = (int)(rng() % 3); k > 0; k--) {
		p = b;
		perturb(&p);
		pe_plan_replace(st, &p);
	}
	return pe_plan_replace(st, &b);
}

/* Compare every node at every bar of s; failures into *a. */
static void
compare(const struct pe_plan *p, struct pe_plan_vec *v,
    struct pe_plan_state *st, const struct data *d, enum way way,
    struct agg *a)
{
	const double *got;
	double want;
	size_t i, j;

	pe_plan_state_reset(st);
	pe_plan_state_dates(st, d->s->date_only);
	for (i = 0; i < d->s->n; i++) {
		got = feed(st, d->s, i, way);
		for (j = 0; j < p->nnodes; j++) {
			want = pe_plan_col(v, (int)j)[i];
			a->total++;
			if (!same_dbl(got[j], want))
				agg_fail(a, "%s bar %zu node %zu %s: inc %.17g, "
				    "vec %.17g", d->name, i, j,
				    p->node[j].text, got[j], want);
		}
	}
}

/* Parse line (a file when it holds ';') and compile it; NULL on error. */
static struct pe_plan *
compile_line(const char *line, enum pe_prole role, unsigned flags,
    char *why, size_t nwhy)
{
	struct pe_formula *f = NULL;
	struct pe_plan *p = NULL;
	struct pe_plan_src src;
	struct pe_error err;
	char *text = strdup(line), *c;
	int file = strchr(line, ';') != NULL, rc;

	if (text == NULL)
		exit(2);
	for (c = text; *c != '\0'; c++)
		if (*c == ';')
			*c = '\n';
	rc = file ? pe_formula_parse_file(text, strlen(text), NULL, &f, &err) :
	    pe_formula_parse_expr(text, strlen(text), NULL, &f, &err);
	if (rc == PE_OK) {
		src.f = f;
		src.role = role;
		rc = pe_plan_compile(&src, 1, flags, &p, &err);
	}
	if (rc != PE_OK)
		snprintf(why, nwhy, "%s", err.msg);
	pe_formula_free(f);
	free(text);
	return p;
}

/*
 * Compare every node at every bar of s, the state saved at some bars and
 * loaded into the other of two states (which has just run bars of its
 * own) before going on; failures into *a.
 */
static void
compare_saved(const struct pe_plan *p, struct pe_plan_vec *v,
    struct pe_plan_state *st[2], const struct data *d, struct agg *a)
{
	struct pe_buf b = { 0 };
	struct pe_bar x;
	const double *got;
	double want;
	size_t i, j, k, n = d->s->n;
	int cur = 0;

	pe_plan_state_reset(st[0]);
	pe_plan_state_dates(st[0], d->s->date_only);
	pe_plan_state_dates(st[1], d->s->date_only);
	for (i = 0; i < n; i++) {
		if (i == 1 || i == 30 || i == n / 2 || i == n - 1 ||
		    i % 211 == 0) {
			b.len = 0;
			pe_plan_state_reset(st[!cur]);
			for (k = n - 3; k < n; k++) {
				bar_of(d->s, k, &x);
				pe_plan_step(st[!cur], &x);
			}
			if (pe_plan_state_save(st[cur], &b) != PE_OK ||
			    pe_plan_state_load(st[!cur], b.p, b.len) != PE_OK) {
				agg_fail(a, "%s bar %zu: not saved and loaded",
				    d->name, i);
				break;
			}
			cur = !cur;
		}
		bar_of(d->s, i, &x);
		got = pe_plan_step(st[cur], &x);
		for (j = 0; j < p->nnodes; j++) {
			want = pe_plan_col(v, (int)j)[i];
			a->total++;
			if (!same_dbl(got[j], want))
				agg_fail(a, "%s bar %zu node %zu %s: loaded "
				    "%.17g, vec %.17g", d->name, i, j,
				    p->node[j].text, got[j], want);
		}
	}
	free(b.p);
}

/* Run plan p every way over every series: four checks. */
static void
run_plan(const struct pe_plan *p, long line, const char *what)
{
	struct pe_plan_vec *v = pe_plan_vec_new(p, NULL);
	struct pe_plan_state *st = pe_plan_state_new(p, NULL);
	struct pe_plan_state *two[2] = { pe_plan_state_new(p, NULL),
	    pe_plan_state_new(p, NULL) };
	struct pe_error err;
	struct agg a[3], saved = { 0 };
	int d, w;

	memset(a, 0, sizeof a);
	if (two[0] == NULL || two[1] == NULL)
		agg_fail(&saved, "out of memory");
	if (v == NULL || st == NULL)
		for (w = PLAIN; w <= SAME; w++)
			agg_fail(&a[w], "out of memory");
	for (d = 0; d < nseries && v != NULL && st != NULL; d++) {
		int rc = pe_plan_run(v, series[d].s, &err);

		if (rc == PE_ERR_DATA && !series[d].s->has_volume)
			continue;	/* reads volume: vec refuses it */
		if (rc != PE_OK) {
			agg_fail(&a[0], "%s: pe_plan_run: %s", series[d].name,
			    err.msg);
			continue;
		}
		for (w = PLAIN; w <= SAME; w++)
			compare(p, v, st, &series[d], (enum way)w, &a[w]);
		if (two[0] != NULL && two[1] != NULL)
			compare_saved(p, v, two, &series[d], &saved);
	}
	for (w = PLAIN; w <= SAME; w++)
		CHECK_AGG(a[w], "line %ld (%s): incremental == vectorised, %s",
		    line, what, way_name[w]);
	CHECK_AGG(saved, "line %ld (%s): incremental == vectorised, the "
	    "state saved and loaded on the way", line, what);
	pe_plan_vec_free(v);
	pe_plan_state_free(st);
	pe_plan_state_free(two[0]);
	pe_plan_state_free(two[1]);
}

/* Every line of the corpus, both ways it compiles, the time names and
 * tf()'s buckets on the clock of zone (NULL: UTC). */
static void
run_corpus(const char *zone)
{
	FILE *fp = fopen(CORPUS, "r");
	char buf[4096], why[PE_ERRMSG_MAX];
	struct pe_plan *p;
	long line = 0, nformulas = 0, nedge = 0;
	size_t len;

	if (fp == NULL) {
		CHECK(0, "open " CORPUS);
		return;
	}
	while (fgets(buf, sizeof buf, fp) != NULL) {
		line++;
		len = strlen(buf);
		while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = '\0';
		if (len == 0 || buf[0] == '#')
			continue;
		nformulas++;
		p = compile_line(buf, PE_PR_VALUE, 0, why, sizeof why);
		if (!CHECK(p != NULL, "line %ld compiles: %s", line, buf)) {
			printf("# %s\n", why);
			continue;
		}
		run_plan(p, line, zone != NULL ? "values, --tz" : "values");
		pe_plan_free(p);
		if ((p = compile_line(buf, PE_PR_SIGNAL, PE_PLAN_EDGE, why,
		    sizeof why)) != NULL) {
			nedge++;
			run_plan(p, line, zone != NULL ? "edge signals, --tz" :
			    "edge signals");
			pe_plan_free(p);
		}
	}
	fclose(fp);
	CHECK(nformulas >= 50, "the corpus holds at least 50 formulas (%ld)",
	    nformulas);
	printf("# %ld corpus lines, %ld also as edge signals\n", nformulas,
	    nedge);
}

int
main(void)
{
	int d;

	make_series();
	run_corpus(NULL);
	/* again in a zone with DST: the generated bars, six hours apart,
	 * cross its changes; the real ones are dates, never shifted */
	if (CHECK(pe_tz_set("America/New_York") == 0, "America/New_York"))
		run_corpus("America/New_York");
	pe_plan_state_free(NULL);	/* accepted, like free(3) */
	for (d = 0; d < nseries; d++)
		pe_series_free(series[d].s);
	return done();
}
