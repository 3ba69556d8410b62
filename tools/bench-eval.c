/*
 * bench-eval: the formula language's speed: compiling, and the two
 * evaluators.
 *
 *   bench-eval [--bars N] [--runs R] [FORMULA]
 *
 * Makes N bars (default 5,000) of a deterministic random walk in memory
 * (bench-ind's: valid OHLCV around 100, 2% a bar, volume > 0, one bar a
 * day), compiles FORMULA (default the five-indicator formula below), and
 * prints three lines, each the best of R runs (default 20) by
 * CLOCK_MONOTONIC:
 *
 *   compile US	parse and compile of the ten-formula file below
 *		(pe_formula_parse_file, pe_plan_compile), microseconds
 *   vec MS	pe_plan_run of FORMULA over the N bars, milliseconds
 *   inc NS	pe_plan_step of FORMULA bar by bar from a reset state,
 *		nanoseconds per bar
 *
 * Freeing the formula and the plan is not timed; the vec is made once and
 * reused, as pe-eval does from one symbol to the next (its first run
 * grows it).  The incremental loop steps through an array of pe_bar made
 * before the clock starts, like bench-ind's stream loop.  The bars where
 * the formula fires are counted into a volatile after each run, so that
 * the compiler cannot drop the work.
 *
 * Bloat: no statistics beyond the best run, no CPU pinning (run it under
 * taskset), no pe_plan_replace timing, no real data, no choice of the
 * ten-formula file.
 */
#include <getopt.h>
#include <string.h>

#define PROG		"bench-eval"

#include "bench.h"
#define MAX_BARS	100000000L
#define MAX_RUNS	100000L
#define DAY_MS		86400000LL

/* Issue 4's example: five indicators, a cross, three comparisons. */
static const char default_formula[] =
    "cross_above(ema(close,12), ema(close,26)) and rsi(14) < 70 and "
    "close > sma(close,50) and atr(14) > 0.5";

/* Ten formulas over fourteen indicators, with lets, tags and built-ins. */
static const char ten_formulas[] =
    "# ten formulas sharing indicators, as a trader's file might\n"
    "let fast = ema(close, 12)\n"
    "let slow = ema(close, 26)\n"
    "golden: (cross_above(fast, slow) and rsi(14) < 70 and\n"
    "    close > sma(close, 50) and atr(14) > 0.5)\n"
    "death: cross_below(fast, slow) and close < sma(close, 50)\n"
    "oversold: rsi(14) < 30 and close > sma(close, 200)\n"
    "overbought: first(rsi(14) > 70)\n"
    "@entry breakout: (close > highest(high, 20)[1] and\n"
    "    volume > 1.5 * sma(volume, 20))\n"
    "@exit breakdown: (close < lowest(low, 20)[1] or\n"
    "    barssince(cross_below(fast, slow)) == 0)\n"
    "squeeze: bbands(20, 2).upper - bbands(20, 2).lower < 0.05 * close\n"
    "trend: adx(14) > 25 and plus_di(14) > minus_di(14)\n"
    "momentum: (macd(12, 26, 9) > macd(12, 26, 9).signal and\n"
    "    rising(close, 3))\n"
    "reversal: barssince(cross_above(stoch(14, 3, 3).slowk,\n"
    "    stoch(14, 3, 3).slowd)) < 5 and willr(14) < -80\n";

struct opts {
	long bars;
	long runs;
	const char *formula;
};

static volatile double sink;

static void
usage(FILE *f)
{
	fprintf(f, "usage: " PROG " [--bars N] [--runs R] [FORMULA]\n");
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

	*o = (struct opts){ .bars = 5000, .runs = 20,
	    .formula = default_formula };
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
	argc -= optind;
	argv += optind;
	if (argc > 1) {
		usage(stderr);
		exit(2);
	}
	if (argc == 1)
		o->formula = argv[0];
}

/* bench.h's walk, one bar a day from 2020-01-01. */
static struct pe_series *
make_series(size_t n)
{
	struct pe_series *s;
	struct pe_candle c;
	uint64_t r = 1;
	double logc = log(100);
	size_t i;

	if ((s = pe_series_new("BENCH")) == NULL ||
	    pe_series_reserve(s, n) != PE_OK)
		die("out of memory");
	for (i = 0; i < n; i++) {
		bench_walk(&r, &logc, &c);
		c.time = 1577836800000LL + (int64_t)i * DAY_MS;
		if (pe_series_push(s, &c, 0) != PE_OK)
			die("out of memory");
	}
	return s;
}

/* Print f's diagnostics and exit: a bad built-in or given formula. */
static void
die_formula(const struct pe_formula *f, const struct pe_error *err)
{
	char buf[4096];
	size_t i;

	for (i = 0; f != NULL && i < f->ndiag; i++) {
		pe_formula_render(f, &f->diag[i], buf, sizeof buf);
		fprintf(stderr, PROG ": %s\n", buf);
	}
	die(f != NULL && f->ndiag > 0 ? "bad formula" : err->msg);
}

/*
 * Parse (a file when file is set) and compile text.  *ns gets the time
 * both took; the caller frees *fp and the plan.
 */
static struct pe_plan *
compile(const char *text, int file, struct pe_formula **fp, double *ns)
{
	struct pe_plan_src src = { NULL, PE_PR_SIGNAL };
	struct pe_plan *p = NULL;
	struct pe_error err;
	double t0;
	int rc;

	t0 = now_ns();
	rc = file ? pe_formula_parse_file(text, strlen(text), "bench.pe",
	    &src.f, &err) : pe_formula_parse_expr(text, strlen(text), NULL,
	    &src.f, &err);
	if (rc == PE_OK)
		rc = pe_plan_compile(&src, 1, 0, &p, &err);
	*ns = now_ns() - t0;
	if (rc != PE_OK)
		die_formula(src.f, &err);
	*fp = src.f;
	return p;
}

/* Best of runs parse-and-compiles of the ten formulas, in ns. */
static double
bench_compile(long runs)
{
	struct pe_formula *f;
	struct pe_plan *p;
	double best = INFINITY, t;
	long r;

	for (r = 0; r < runs; r++) {
		p = compile(ten_formulas, 1, &f, &t);
		if (p->nformulas != 10)
			die("the ten-formula file does not hold ten formulas");
		best = fmin(best, t);
		pe_plan_free(p);
		pe_formula_free(f);
	}
	return best;
}

/* The bars where column or value x is exactly 1 (a signal fires). */
static double
fires(double x)
{
	return x == 1.0 ? 1.0 : 0.0;
}

/* Best of runs pe_plan_runs of p over s, in ns. */
static double
bench_vec(const struct pe_plan *p, const struct pe_series *s, long runs)
{
	struct pe_plan_vec *v;
	struct pe_error err;
	const double *col;
	double best = INFINITY, t0, t1, sum;
	size_t i;
	long r;

	if ((v = pe_plan_vec_new(p, &err)) == NULL)
		die(err.msg);
	for (r = 0; r < runs; r++) {
		t0 = now_ns();
		if (pe_plan_run(v, s, &err) != PE_OK)
			die(err.msg);
		t1 = now_ns();
		best = fmin(best, t1 - t0);
		col = pe_plan_col(v, p->formula[0].root);
		for (sum = 0, i = 0; i < s->n; i++)
			sum += fires(col[i]);
		sink = sum;
	}
	pe_plan_vec_free(v);
	return best;
}

/* Best of runs of pe_plan_step over every bar of s, in ns. */
static double
bench_inc(const struct pe_plan *p, const struct pe_series *s, long runs)
{
	struct pe_plan_state *st;
	struct pe_error err;
	struct pe_bar *bar = xmalloc(s->n * sizeof *bar);
	int root = p->formula[0].root;
	double best = INFINITY, t0, t1, sum;
	size_t i;
	long r;

	if ((st = pe_plan_state_new(p, &err)) == NULL)
		die(err.msg);
	for (i = 0; i < s->n; i++)
		bar[i] = (struct pe_bar){ s->open[i], s->high[i], s->low[i],
		    s->close[i], s->volume[i], NAN, NAN, s->time[i] };
	for (r = 0; r < runs; r++) {
		pe_plan_state_reset(st);
		sum = 0;
		t0 = now_ns();
		for (i = 0; i < s->n; i++)
			sum += fires(pe_plan_step(st, &bar[i])[root]);
		t1 = now_ns();
		best = fmin(best, t1 - t0);
		sink = sum;
	}
	pe_plan_state_free(st);
	free(bar);
	return best;
}

int
main(int argc, char **argv)
{
	struct pe_series *s;
	struct pe_formula *f;
	struct pe_plan *p;
	struct opts o;
	double t;

	parse_args(argc, argv, &o);
	s = make_series((size_t)o.bars);
	p = compile(o.formula, 0, &f, &t);
	printf("compile %.1f\n", bench_compile(o.runs) / 1e3);
	printf("vec %.3f\n", bench_vec(p, s, o.runs) / 1e6);
	printf("inc %.1f\n", bench_inc(p, s, o.runs) / (double)s->n);
	pe_plan_free(p);
	pe_formula_free(f);
	pe_series_free(s);
	if (fflush(stdout) != 0 || ferror(stdout))
		die("stdout: write error");
	return 0;
}
