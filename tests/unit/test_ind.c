/*
 * test_ind: indicators against TA-Lib, and streaming against batch.
 *
 * 1. Every line of the tests/ind map files (a TA-Lib column, a pe spec) on
 *    every series of tests/data with a TA-Lib file: the batch output equals
 *    the reference to 1e-9 relative to max(1, |ref|), and is NaN exactly
 *    where the reference cell is empty.  One check per line and series.
 *    A map reads tests/data/talib/NAME.talib.csv, or, for the lines after
 *    a line "reference FAMILY", tests/data/DIR/NAME.FAMILY.csv (DIR: the
 *    family up to a '-': "reference talib-all" reads
 *    tests/data/talib/NAME.talib-all.csv, every TA-Lib function with its
 *    defaults).
 * 2. Every spec of the map and every registry entry with its defaults, on
 *    the real series and a generated one: the stream (pe_ind_step, with
 *    pe_ind_replace after a perturbed version of the bar at random bars,
 *    sometimes several times) equals batch bit for bit at every bar.
 * 3. Spec parsing and column names, and their error messages.
 * Run from the top of the source tree (make check does).
 */
#include <ctype.h>
#include <glob.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pe.h"
#include "harness.h"

#define MAXCOLS 256
#define MAXSERIES 8

struct ref {			/* one TA-Lib file: columns of doubles */
	char *name[MAXCOLS];
	double *col[MAXCOLS];
	int ncols;
	size_t n;
};

#define MAXFAMILY 4

struct data {
	char name[64];
	struct pe_series *s;
	struct ref ref;
	/* other reference families ("reference" in a map), loaded when asked */
	char family[MAXFAMILY][64];
	struct ref more[MAXFAMILY];
};

static struct data series[MAXSERIES];
static int nseries;

static void
load_ref(struct ref *r, const char *path, size_t n)
{
	char line[1 << 14], *tok, *save, *end;
	FILE *fp = fopen(path, "r");
	size_t row = 0;
	int c;

	memset(r, 0, sizeof *r);
	if (fp == NULL || fgets(line, sizeof line, fp) == NULL) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(2);
	}
	line[strcspn(line, "\r\n")] = '\0';
	for (tok = strtok_r(line, ",", &save); tok && r->ncols < MAXCOLS;
	    tok = strtok_r(NULL, ",", &save)) {
		r->name[r->ncols] = strdup(tok);
		r->col[r->ncols++] = calloc(n, sizeof(double));
	}
	while (row < n && fgets(line, sizeof line, fp) != NULL) {
		char *p = line;

		for (c = 0; c < r->ncols; c++) {
			size_t len = strcspn(p, ",\r\n");

			r->col[c][row] = len == 0 ? NAN : strtod(p, &end);
			p += len + (p[len] == ',');
		}
		row++;
	}
	r->n = row;
	fclose(fp);
}

static const double *
ref_col(const struct ref *r, const char *name)
{
	int c;

	for (c = 0; c < r->ncols; c++)
		if (strcmp(r->name[c], name) == 0)
			return r->col[c];
	return NULL;
}

/*
 * The reference of series d in family fam, "talib-all" for
 * tests/data/talib/NAME.talib-all.csv (NULL: d->ref); NULL when it has no
 * such file.  Loaded once.
 */
static const struct ref *
family_ref(struct data *d, const char *fam)
{
	char path[256];
	int f;
	FILE *fp;

	if (fam == NULL)
		return &d->ref;
	for (f = 0; f < MAXFAMILY && d->family[f][0] != '\0'; f++)
		if (strcmp(d->family[f], fam) == 0)
			return &d->more[f];
	if (f == MAXFAMILY)
		return NULL;
	snprintf(path, sizeof path, "tests/data/%.*s/%.63s.%.63s.csv",
	    (int)strcspn(fam, "-"), fam, d->name, fam);
	if ((fp = fopen(path, "r")) == NULL)
		return NULL;
	fclose(fp);
	snprintf(d->family[f], sizeof d->family[f], "%s", fam);
	load_ref(&d->more[f], path, d->s->n);
	return &d->more[f];
}

static void
load_series(const char *name, int with_ref)
{
	struct data *d = &series[nseries++];
	struct pe_error err;
	struct pe_set *set = pe_set_new();
	char path[256];

	snprintf(d->name, sizeof d->name, "%s", name);
	snprintf(path, sizeof path, "tests/data/%s.csv", name);
	if (pe_load_path(path, NULL, set, 0, NULL, NULL, &err) != PE_OK) {
		fprintf(stderr, "%s: %s\n", path, err.msg);
		exit(2);
	}
	d->s = set->v[0];
	set->v[0] = NULL;
	set->n = 0;
	pe_set_free(set);
	if (with_ref) {
		snprintf(path, sizeof path, "tests/data/talib/%s.talib.csv",
		    name);
		load_ref(&d->ref, path, d->s->n);
	}
}

/* A random walk with flat stretches, gaps and tiny and huge prices. */
static void
make_generated(void)
{
	struct data *d = &series[nseries++];
	struct pe_candle c;
	double price = 50;
	size_t i;

	snprintf(d->name, sizeof d->name, "generated");
	d->s = pe_series_new("GEN");
	for (i = 0; i < 3000; i++) {
		double r = (double)(rng() % 2001) / 1000 - 1;

		if (i % 500 < 40)
			r = 0;	/* a flat stretch */
		price *= 1 + r * 0.03;
		if (i == 1500)
			price *= 1e6;	/* a jump to huge prices */
		c.time = (int64_t)i * PE_MS_PER_DAY;
		c.open = price * (1 + r * 0.01);
		c.close = price;
		c.high = fmax(c.open, c.close) * (1 + (double)(rng() % 100) /
		    10000 * (r != 0));
		c.low = fmin(c.open, c.close) * (1 - (double)(rng() % 100) /
		    10000 * (r != 0));
		c.volume = (r == 0) ? 0 : (double)(rng() % 1000000);
		pe_series_push(d->s, &c, 0);
	}
}


/* Outputs of spec over s by batch: nout arrays of s->n (caller frees). */
static double **
run_batch(const struct pe_ind_spec *sp, const struct pe_series *s)
{
	struct pe_ind *ind = pe_ind_new(sp->info, sp->p, NULL);
	struct pe_cols c;
	double **out = calloc(PE_IND_MAXOUT, sizeof *out);
	int k;

	for (k = 0; k < sp->info->nout; k++)
		out[k] = malloc(s->n * sizeof(double));
	pe_ind_cols(s, sp, &c);
	pe_ind_batch(ind, s->n, &c, out);
	pe_ind_free(ind);
	return out;
}

static void
free_out(double **out)
{
	int k;

	for (k = 0; k < PE_IND_MAXOUT; k++)
		free(out[k]);
	free(out);
}

static void
check_reference(const char *fam, const char *column, const char *spec)
{
	const struct ref *r;
	struct pe_ind_spec sp;
	struct pe_error err;
	const double *want;
	double **got, g, w;
	size_t i, bad, first, found = 0;
	int d, k;

	if (pe_ind_spec_parse(spec, &sp, &err) != PE_OK) {
		if (strncmp(err.msg, "unknown indicator", 17) == 0) {
			printf("ok %ld - %s = TA-Lib %s # skip not in the "
			    "registry yet\n", ++h_state()->n, spec, column);
			return;
		}
		CHECK(0, "%s parses: %s", spec, err.msg);
		return;
	}
	k = sp.out < 0 ? 0 : sp.out;
	for (d = 0; d < nseries; d++) {
		if ((r = family_ref(&series[d], fam)) == NULL ||
		    (want = ref_col(r, column)) == NULL)
			continue;
		found++;
		got = run_batch(&sp, series[d].s);
		bad = 0;
		first = 0;
		for (i = 0; i < series[d].s->n; i++) {
			g = got[k][i];
			w = want[i];
			if (isnan(w) ? !isnan(g) : !(fabs(g - w) <=
			    1e-9 * fmax(1, fabs(w)))) {
				if (bad++ == 0)
					first = i;
			}
		}
		CHECK(bad == 0, "%s = TA-Lib %s on %s (%zu bars)%s", spec,
		    column, series[d].name, series[d].s->n, "");
		if (bad != 0)
			printf("#   %zu bars differ; first at bar %zu: got "
			    "%.17g, TA-Lib %.17g\n", bad, first,
			    got[k][first], want[first]);
		free_out(got);
	}
	CHECK(found > 0, "TA-Lib column %s is in a reference file (%s)",
	    column, fam ? fam : "talib");
}

/* A version of bar b that a live feed might have sent before the final. */
static void
perturb(struct pe_bar *b)
{
	double f = 1 + ((double)(rng() % 200) - 100) / 2000;

	b->close *= f;
	b->x *= f;
	b->y *= f;
	b->high = fmax(b->high, b->close);
	b->low = fmin(b->low, b->close);
	b->volume *= 0.5;
}

static void
check_stream(const struct pe_ind_spec *sp, const char *label)
{
	double o[PE_IND_MAXOUT], **want;
	struct pe_cols c;
	struct pe_bar b, early;
	struct pe_ind *ind;
	size_t i, bad, first = 0, replaced = 0;
	int d, k, r;

	for (d = 0; d < nseries; d++) {
		const struct pe_series *s = series[d].s;

		want = run_batch(sp, s);
		ind = pe_ind_new(sp->info, sp->p, NULL);
		pe_ind_cols(s, sp, &c);
		bad = 0;
		for (i = 0; i < s->n; i++) {
			pe_cols_bar(&c, i, &b);
			if (rng() % 4 == 0) {	/* updates before the final */
				early = b;
				perturb(&early);
				pe_ind_step(ind, &early, o);
				for (r = (int)(rng() % 3); r > 0; r--) {
					early = b;
					perturb(&early);
					pe_ind_replace(ind, &early, o);
				}
				pe_ind_replace(ind, &b, o);
				replaced++;
			} else
				pe_ind_step(ind, &b, o);
			for (k = 0; k < sp->info->nout; k++)
				if (!same_dbl(o[k], want[k][i]) && bad++ == 0)
					first = i;
		}
		CHECK(bad == 0, "stream = batch, bit for bit, with %zu bars "
		    "replaced: %s on %s", replaced, label, series[d].name);
		if (bad != 0)
			printf("#   %zu values differ; first at bar %zu\n", bad,
			    first);
		pe_ind_free(ind);
		free_out(want);
	}
}

static void
test_map(const char *path)
{
	char line[256], column[128], spec[128], fam[64] = "";
	struct pe_ind_spec sp;
	FILE *fp = fopen(path, "r");

	if (fp == NULL) {
		CHECK(0, "%s is readable", path);
		return;
	}
	while (fgets(line, sizeof line, fp) != NULL) {
		if (line[0] == '#' || sscanf(line, "%127s %127s", column,
		    spec) != 2)
			continue;
		if (strcmp(column, "reference") == 0) {
			snprintf(fam, sizeof fam, "%.63s", spec);
			continue;
		}
		check_reference(fam[0] ? fam : NULL, column, spec);
		if (pe_ind_spec_parse(spec, &sp, NULL) == PE_OK)
			check_stream(&sp, spec);
	}
	fclose(fp);
}

static void
test_defaults(void)
{
	struct pe_ind_spec sp;
	size_t i;

	char spec[80];

	for (i = 0; i < pe_ind_count(); i++) {
		/* Two-input indicators have no default second input. */
		snprintf(spec, sizeof spec, "%s%s", pe_ind_at(i)->name,
		    pe_ind_at(i)->inputs & PE_IN_Y ? "@high,low" : "");
		CHECK(pe_ind_spec_parse(spec, &sp, NULL) == PE_OK,
		    "'%s' parses with its defaults", spec);
		check_stream(&sp, spec);
	}
}

static void
spec_error(const char *spec, const char *want)
{
	struct pe_ind_spec sp;
	struct pe_error err = { 0 };
	int rc = pe_ind_spec_parse(spec, &sp, &err);

	CHECK(rc == PE_ERR_USAGE && strcmp(err.msg, want) == 0,
	    "spec '%s' is refused: %s", spec, err.msg);
}

static void
spec_column(const char *spec, int k, const char *want)
{
	struct pe_ind_spec sp;
	char buf[128] = "";

	if (pe_ind_spec_parse(spec, &sp, NULL) == PE_OK)
		pe_ind_spec_column(&sp, k, buf, sizeof buf);
	CHECK(strcmp(buf, want) == 0, "column of '%s' output %d is %s (%s)",
	    spec, k, want, buf);
}

/* Every registered name in capitals is suggested as itself; none is
 * another tool's name (pe_ind_alias would shadow nothing). */
static void
test_suggest_case(void)
{
	const char *name, *to;
	char up[64];
	size_t i, k, bad = 0, alias = 0;

	for (i = 0; i < pe_ind_count(); i++) {
		name = pe_ind_at(i)->name;
		for (k = 0; name[k] != '\0' && k + 1 < sizeof up; k++)
			up[k] = (char)toupper((unsigned char)name[k]);
		up[k] = '\0';
		to = pe_ind_suggest(up);
		if (to == NULL || strcmp(to, name) != 0)
			bad++;
		if (pe_ind_alias(name, &to) || pe_ind_alias(up, &to))
			alias++;
	}
	CHECK(bad == 0 && alias == 0, "each NAME suggests name (%zu do not); "
	    "no registered name is an alias (%zu are)", bad, alias);
	CHECK(pe_ind_distance("RSI", "rsi") == 0 &&
	    pe_ind_distance("Rsii", "rsi") == 1, "the distance ignores case");
}

static void
test_specs(void)
{
	spec_column("sma", 0, "sma_30");
	spec_column("sma:20", 0, "sma_20");
	spec_column("sma:50@high", 0, "sma_50_high");
	spec_column("rsi:14@close", 0, "rsi_14");
	spec_column("ema:10@v", 0, "ema_10_volume");
	/* nbdevdn left out is nbdevup; both numbers are in the name. */
	spec_column("bbands:20:2", 0, "bbands_20_2_2_upper");
	spec_column("bbands:20:1.5", 0, "bbands_20_1.5_1.5_upper");
	spec_column("bbands:20:1.5", 2, "bbands_20_1.5_1.5_lower");
	spec_column("bbands:20:1.5:1", 2, "bbands_20_1.5_1_lower");
	spec_column("bbands:20", 1, "bbands_20_2_2_middle");
	spec_column("bbands", 0, "bbands_5_2_2_upper");
	spec_column("bbands:20:-1", 2, "bbands_20_m1_m1_lower");
	spec_error("smaa:20", "unknown indicator 'smaa' (did you mean 'sma'?)");
	spec_error("rsii", "unknown indicator 'rsii' (did you mean 'rsi'?)");
	spec_error("zzzzzz", "unknown indicator 'zzzzzz'");
	/* Case is only suggested; other tools' names get pe's. */
	spec_error("RSI:14", "unknown indicator 'RSI' (did you mean 'rsi'?)");
	spec_error("BBands:20:2", "unknown indicator 'BBands' (did you mean "
	    "'bbands'?)");
	spec_error("psar", "unknown indicator 'psar' (did you mean 'sar'?)");
	spec_error("PSAR:0.02", "unknown indicator 'PSAR' (did you mean "
	    "'sar'?)");
	spec_error("stdev:20", "unknown indicator 'stdev' (did you mean "
	    "'stddev'?)");
	spec_error("tr", "unknown indicator 'tr' (did you mean 'trange'?)");
	spec_error("wpr:14", "unknown indicator 'wpr' (did you mean "
	    "'willr'?)");
	spec_error("uo", "unknown indicator 'uo' (did you mean 'ultosc'?)");
	spec_error("kc:20", "unknown indicator 'kc' (did you mean "
	    "'keltner'?)");
	spec_error("hhv:20", "unknown indicator 'hhv' (did you mean 'max'?)");
	spec_error("highest:20", "unknown indicator 'highest' (did you mean "
	    "'max'?)");
	spec_error("doji", "unknown indicator 'doji' (did you mean "
	    "'cdldoji'?)");
	spec_error("Engulfing", "unknown indicator 'Engulfing' (did you mean "
	    "'cdlengulfing'?)");
	/* Not in pe: nothing, though sma, wma, ad and tsf are one edit off. */
	spec_error("rma:14", "unknown indicator 'rma'");
	spec_error("vwma:20", "unknown indicator 'vwma'");
	spec_error("ao", "unknown indicator 'ao'");
	spec_error("tsi", "unknown indicator 'tsi'");
	spec_error("sma:1", "sma: period must be a whole number from 2 to "
	    "100000 (got 1)");
	spec_error("sma:2.5", "sma: period must be a whole number from 2 to "
	    "100000 (got 2.5)");
	spec_error("sma:x", "sma: period 'x' is not a number");
	spec_error("sma:20:3", "sma: too many parameters (it takes 1)");
	spec_error("sma:20@foo", "unknown input 'foo' (expected open, high, "
	    "low, close or volume)");
	spec_error("sma:20@high,low", "sma reads one input; '@high,low' gives "
	    "two");
	spec_error("sma.foo", "sma has no output 'foo' (outputs: sma)");
	spec_error("", "bad indicator spec '' (expected NAME[:P1...]"
	    "[@INPUT][.OUTPUT])");
}

/*
 * Parameters whose default is another's value (registry def_from): each
 * names an earlier parameter of the same type and default; filling in
 * follows it; the lower band of bbands:20:1.5 is the 1.5-sigma one.
 */
static void
test_def_from(void)
{
	const struct pe_ind_info *f, *bb = pe_ind_find("bbands");
	double p[PE_IND_MAXPARAMS] = { 20, 1.5, -1, -1 }, **a, **b;
	struct pe_ind_spec sa, sb;
	struct pe_ind_text t;
	size_t i, bad = 0, n = 0;
	int j, k;

	for (i = 0; i < pe_ind_count(); i++) {
		f = pe_ind_at(i);
		for (j = 0; j < f->nparams; j++) {
			if (f->def_from[j] == NULL)
				continue;
			n++;
			for (k = 0; k < j; k++)
				if (strcmp(f->param[k].name, f->def_from[j]) ==
				    0)
					break;
			CHECK(k < j && f->param[k].type == f->param[j].type &&
			    f->param[k].def == f->param[j].def, "%s: %s's "
			    "default is %s, an earlier parameter like it",
			    f->name, f->param[j].name, f->def_from[j]);
		}
		for (j = f->nparams; j < PE_IND_MAXPARAMS; j++)
			if (f->def_from[j] != NULL)
				bad++;
	}
	CHECK(n >= 1 && bad == 0 && bb->def_from[2] != NULL &&
	    strcmp(bb->def_from[2], "nbdevup") == 0, "bbands' nbdevdn "
	    "defaults to nbdevup; no def_from past nparams (%zu)", bad);
	pe_ind_defaults(bb, p, 2);
	CHECK(p[0] == 20 && p[1] == 1.5 && p[2] == 1.5 && p[3] == 0,
	    "bbands 20, 1.5 is filled in as 20, 1.5, 1.5, sma");
	p[2] = 1;
	pe_ind_defaults(bb, p, 3);
	CHECK(p[2] == 1, "a given nbdevdn stays");
	pe_ind_defaults(bb, p, 0);
	CHECK(p[0] == 5 && p[1] == 2 && p[2] == 2 && p[3] == 0,
	    "bbands' defaults are 5, 2, 2, sma");
	pe_ind_spec_parse("bbands:20:1.5", &sa, NULL);
	pe_ind_spec_parse("bbands:20:1.5:1.5", &sb, NULL);
	a = run_batch(&sa, series[0].s);
	b = run_batch(&sb, series[0].s);
	for (i = 0, bad = 0; i < series[0].s->n; i++)
		for (k = 0; k < 3; k++)
			if (!same_dbl(a[k][i], b[k][i]))
				bad++;
	CHECK(bad == 0, "bbands:20:1.5 is bbands:20:1.5:1.5 at every bar");
	free_out(a);
	free_out(b);
	pe_ind_describe(bb, 0, &t);
	CHECK(strcmp(t.params, "period=5, nbdevup=2, nbdevdn=nbdevup, "
	    "matype=sma") == 0, "--list names the parameter nbdevdn defaults "
	    "to (%s)", t.params);
	pe_ind_describe(bb, 1, &t);
	CHECK(strcmp(t.params, "{\"name\":\"period\",\"type\":\"int\","
	    "\"default\":5,\"min\":2,\"max\":100000},{\"name\":\"nbdevup\","
	    "\"type\":\"real\",\"default\":2,\"min\":-3e+37,\"max\":3e+37},"
	    "{\"name\":\"nbdevdn\",\"type\":\"real\",\"default\":null,"
	    "\"default_from\":\"nbdevup\",\"min\":-3e+37,\"max\":3e+37},"
	    "{\"name\":\"matype\",\"type\":\"ma\",\"default\":\"sma\"}") == 0,
	    "--list --format jsonl: a null default and default_from (%s)",
	    t.params);
	CHECK(t.lookback == 4, "bbands' lookback with its defaults is 4");
}

int
main(void)
{
	static const char *const real[] = { "goog_2004_2008", "fb_2012_2014",
	    "msft_2000_2001", "bollinger_2003_2004", "talib_regtest_252" };
	glob_t maps = { 0 };
	size_t i;

	rng_state = 0x6a09e667f3bcc909ULL;
	for (i = 0; i < sizeof real / sizeof real[0]; i++)
		load_series(real[i], 1);
	make_generated();
	test_specs();
	test_suggest_case();
	test_def_from();
	if (glob("tests/ind/*.map", 0, NULL, &maps) == 0)
		for (i = 0; i < maps.gl_pathc; i++)
			test_map(maps.gl_pathv[i]);
	CHECK(maps.gl_pathc > 0, "tests/ind has map files");
	globfree(&maps);
	test_defaults();
	return done();
}
