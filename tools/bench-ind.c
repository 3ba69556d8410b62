/*
 * bench-ind: nanoseconds per bar of each indicator, batch and streaming.
 *
 *   bench-ind [--bars N] [--runs R] [SPEC...]
 *
 * Makes N bars (default 1,000,000) of a deterministic random walk in memory
 * (valid OHLCV: low <= open, close <= high, volume > 0), then for each SPEC
 * (as pe-indicators reads it; none: every registry entry with its defaults,
 * the two-input ones @high,low) prints one line
 *
 *   SPEC BATCH STREAM
 *
 * BATCH is the best of R runs (default 5) of pe_ind_batch over all bars,
 * STREAM the best of R runs of pe_ind_step bar by bar, both in ns per bar
 * by CLOCK_MONOTONIC.  The stream loop steps through an array of pe_bar
 * made before the clock starts, as a feed's parser would leave each bar in
 * its own slot, and adds output 0 of every bar into a sum; batch's outputs
 * are summed after the clock stops.  The sums go to a volatile so that the
 * compiler cannot drop the work.  (Refilling one pe_bar on the stack for
 * every bar instead measured up to 3x slower on the AMD EPYC development
 * VM for the indicators with divisions (adx 42 ns against 16) and not at
 * all on the others: a store-to-load stall of that machine, not the step.)
 *
 * Bloat: no statistics beyond the best run, no warm-up beyond the runs
 * themselves, no CPU pinning (run it under taskset), no pe_ind_replace
 * timing, no real data (the walk's prices are not rounded to cents and
 * it has no gaps; indicators whose speed depends on the data, such as
 * rolling max with its deque, see a plain random walk).
 */
#include <getopt.h>
#include <string.h>

#define PROG		"bench-ind"

#include "bench.h"
#define MAX_BARS	100000000L
#define MAX_RUNS	1000L
#define SPEC_LEN	64

struct opts {
	long bars;
	long runs;
	char **spec;		/* NULL: the whole registry */
	int nspec;
};

/* The bars, as columns. */
struct data {
	size_t n;
	double *open, *high, *low, *close, *volume;
};

static volatile double sink;

static void
usage(FILE *f)
{
	fprintf(f, "usage: " PROG " [--bars N] [--runs R] [SPEC...]\n");
}

static void
parse_args(int argc, char **argv, struct opts *o)
{
	enum { O_BARS = 256, O_RUNS };
	static const struct option longopts[] = {
		{ "bars", required_argument, NULL, O_BARS },
		{ "runs", required_argument, NULL, O_RUNS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	*o = (struct opts){ .bars = 1000000, .runs = 5 };
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case O_BARS:
			o->bars = num_arg("--bars", optarg, 1, MAX_BARS);
			break;
		case O_RUNS:
			o->runs = num_arg("--runs", optarg, 1, MAX_RUNS);
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			exit(2);
		}
	}
	if (optind < argc) {
		o->spec = argv + optind;
		o->nspec = argc - optind;
	}
}

/* bench.h's walk, as columns. */
static void
make_data(struct data *d, size_t n)
{
	struct pe_candle c;
	uint64_t r = 1;
	double logc = log(100);
	size_t i;

	d->n = n;
	d->open = xmalloc(n * sizeof(double));
	d->high = xmalloc(n * sizeof(double));
	d->low = xmalloc(n * sizeof(double));
	d->close = xmalloc(n * sizeof(double));
	d->volume = xmalloc(n * sizeof(double));
	for (i = 0; i < n; i++) {
		bench_walk(&r, &logc, &c);
		d->open[i] = c.open;
		d->high[i] = c.high;
		d->low[i] = c.low;
		d->close[i] = c.close;
		d->volume[i] = c.volume;
	}
}

static const double *
column(const struct data *d, unsigned bit)
{
	switch (bit) {
	case PE_IN_OPEN:
		return d->open;
	case PE_IN_HIGH:
		return d->high;
	case PE_IN_LOW:
		return d->low;
	case PE_IN_CLOSE:
		return d->close;
	case PE_IN_VOLUME:
		return d->volume;
	default:
		return NULL;
	}
}

/* The columns sp reads; the others NULL. */
static struct pe_cols
cols_of(const struct data *d, const struct pe_ind_spec *sp)
{
	unsigned in = sp->info->inputs;

	return (struct pe_cols){
		(in & PE_IN_OPEN) ? d->open : NULL,
		(in & PE_IN_HIGH) ? d->high : NULL,
		(in & PE_IN_LOW) ? d->low : NULL,
		(in & PE_IN_CLOSE) ? d->close : NULL,
		(in & PE_IN_VOLUME) ? d->volume : NULL,
		column(d, sp->x), column(d, sp->y), NULL };
}

/* One batch run over all bars: its ns, the outputs summed into sink. */
static double
run_batch(struct pe_ind *ind, const struct pe_cols *in, size_t n,
    double *const *out, int nout)
{
	double t0, t1, sum = 0;
	size_t i;
	int k;

	t0 = now_ns();
	pe_ind_batch(ind, n, in, out);
	t1 = now_ns();
	for (k = 0; k < nout; k++)
		for (i = 0; i < n; i++)
			if (!isnan(out[k][i]))
				sum += out[k][i];
	sink = sum;
	return t1 - t0;
}

/* One streaming run, bar by bar from a fresh state: its ns. */
static double
run_stream(struct pe_ind *ind, const struct pe_bar *bar, size_t n)
{
	double out[PE_IND_MAXOUT], t0, t1, sum = 0;
	size_t i;

	pe_ind_reset(ind);
	t0 = now_ns();
	for (i = 0; i < n; i++)
		if (pe_ind_step(ind, &bar[i], out))
			sum += out[0];
	t1 = now_ns();
	sink = sum;
	return t1 - t0;
}

/* The bars of columns c as structs. */
static struct pe_bar *
bars_of(const struct pe_cols *c, size_t n)
{
	struct pe_bar *bar = xmalloc(n * sizeof *bar);
	size_t i;

	for (i = 0; i < n; i++)
		pe_cols_bar(c, i, &bar[i]);
	return bar;
}

static void
bench(const char *text, const struct data *d, long runs)
{
	struct pe_ind_spec sp;
	struct pe_error err;
	struct pe_ind *ind;
	struct pe_cols in;
	struct pe_bar *bar;
	double *out[PE_IND_MAXOUT], batch = INFINITY, stream = INFINITY;
	long r;
	int k;

	if (pe_ind_spec_parse(text, &sp, &err) != PE_OK)
		die(err.msg);
	if ((ind = pe_ind_new(sp.info, sp.p, &err)) == NULL)
		die(err.msg);
	in = cols_of(d, &sp);
	bar = bars_of(&in, d->n);
	for (k = 0; k < sp.info->nout; k++)
		out[k] = xmalloc(d->n * sizeof(double));
	for (r = 0; r < runs; r++) {
		batch = fmin(batch, run_batch(ind, &in, d->n, out,
		    sp.info->nout));
		stream = fmin(stream, run_stream(ind, bar, d->n));
	}
	printf("%s %.2f %.2f\n", text, batch / (double)d->n,
	    stream / (double)d->n);
	fflush(stdout);
	for (k = 0; k < sp.info->nout; k++)
		free(out[k]);
	free(bar);
	pe_ind_free(ind);
}

/* Registry entry i's default spec: "name", or "name@high,low". */
static void
default_spec(size_t i, char *buf)
{
	const struct pe_ind_info *info = pe_ind_at(i);

	snprintf(buf, SPEC_LEN, "%s%s", info->name,
	    (info->inputs & PE_IN_Y) ? "@high,low" : "");
}

int
main(int argc, char **argv)
{
	char spec[SPEC_LEN];
	struct data d;
	struct opts o;
	size_t i;
	int k;

	parse_args(argc, argv, &o);
	make_data(&d, (size_t)o.bars);
	for (k = 0; k < o.nspec; k++)
		bench(o.spec[k], &d, o.runs);
	for (i = 0; o.spec == NULL && i < pe_ind_count(); i++) {
		default_spec(i, spec);
		bench(spec, &d, o.runs);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		die("stdout: write error");
	return 0;
}
