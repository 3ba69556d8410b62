/*
 * bench-bt: the backtester's simulation alone, per bar.
 *
 *   bench-bt [--bars N] [--runs R]
 *
 * Makes N bars (default 1,000,000) of bench.h's walk in memory with an
 * entry on about one bar in 20 and an exit on about one in 20, and runs
 * pe_bt_run over them with a 5% stop, a 10% trail and costs, R times
 * (default 10).  Prints the best run:
 *
 *   sim NS	nanoseconds per bar of pe_bt_run (trades, equity, held)
 *   trades K	the trades it made
 *
 * Bloat: no portfolio timing, no statistics beyond the best run.
 */
#include <getopt.h>
#include <string.h>

#define PROG		"bench-bt"

#include "bench.h"

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "bars", required_argument, NULL, 'n' },
		{ "runs", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	struct pe_bt_conf c = { .stop = 5, .trail = 10, .fee = 5,
	    .slippage = 2 };
	struct pe_bt_bars b = { 0 };
	struct pe_bt_result res;
	struct pe_candle k;
	long n = 1000000, runs = 10, i, r;
	int64_t *t;
	double *o, *h, *l, *cl, logc = log(100), best = -1, t0, ns;
	int32_t *en, *ex;
	uint64_t seed = 1;
	size_t trades = 0;
	int ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1)
		if (ch == 'n')
			n = num_arg("--bars", optarg, 2, 100000000L);
		else if (ch == 'r')
			runs = num_arg("--runs", optarg, 1, 100000L);
		else
			return 2;
	t = xmalloc((size_t)n * sizeof *t);
	o = xmalloc((size_t)n * sizeof *o);
	h = xmalloc((size_t)n * sizeof *h);
	l = xmalloc((size_t)n * sizeof *l);
	cl = xmalloc((size_t)n * sizeof *cl);
	en = xmalloc((size_t)n * sizeof *en);
	ex = xmalloc((size_t)n * sizeof *ex);
	for (i = 0; i < n; i++) {
		bench_walk(&seed, &logc, &k);
		t[i] = i * 86400000LL;
		o[i] = k.open, h[i] = k.high, l[i] = k.low, cl[i] = k.close;
		en[i] = uniform(&seed) < 0.05 ? 0 : -1;
		ex[i] = uniform(&seed) < 0.05 ? 1 : -1;
	}
	b = (struct pe_bt_bars){ (size_t)n, t, o, h, l, cl,
	    { en, ex, NULL, NULL }, 1 };
	for (r = 0; r < runs; r++) {
		t0 = now_ns();
		if (pe_bt_run(&c, &b, 0, (size_t)n, &res) != PE_OK)
			die("out of memory");
		ns = (now_ns() - t0) / (double)n;
		trades = res.ntrades;
		pe_bt_result_free(&res);
		if (best < 0 || ns < best)
			best = ns;
	}
	printf("sim %.2f\ntrades %zu\n", best, trades);
	free(t), free(o), free(h), free(l), free(cl), free(en), free(ex);
	return 0;
}
