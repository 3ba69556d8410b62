/*
 * btstats: the figures a backtest is judged by (pe-backtest(1),
 * "Statistics"), from its trades and its equity curve, and their JSON.
 * See pe_backtest.h.
 *
 * Memory: pe_bt_stats_trades sorts a copy of the returns for the median
 * (freed before it returns); nothing else allocates.
 *
 * Bloat: no annualised volatility, Calmar, alpha or beta; the per-bar
 * returns are not annualised by the calendar (periods_per_year is the
 * caller's).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pe_backtest.h"

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Every figure NaN, the counts 0. */
static void
stats_clear(struct pe_bt_stats *s)
{
	s->trades = 0;
	s->max_losing_streak = 0;
	s->win_rate = s->mean_return = s->median_return = NAN;
	s->profit_factor = s->avg_bars = s->best = s->worst = NAN;
	s->total_return = s->cagr = s->max_drawdown = s->exposure = NAN;
	s->sharpe = s->sortino = s->buy_hold = NAN;
}

/* The median of v[0..n), n > 0, sorting v. */
static double
median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_double);
	if (n % 2)
		return v[n / 2];
	return (v[n / 2 - 1] + v[n / 2]) / 2;
}

int
pe_bt_stats_trades(const double *ret, const long *bars, size_t n,
    struct pe_bt_stats *s)
{
	double sum = 0, gain = 0, loss = 0, nbars = 0, *v;
	size_t i, wins = 0;
	long streak = 0;

	stats_clear(s);
	s->trades = n;
	if (n == 0)
		return PE_OK;
	if ((v = malloc(n * sizeof *v)) == NULL)
		return PE_ERR_NOMEM;
	s->best = s->worst = ret[0];
	for (i = 0; i < n; i++) {
		sum += ret[i];
		nbars += (double)bars[i];
		if (ret[i] > 0) {
			wins++;
			gain += ret[i];
			streak = 0;
		} else {
			loss -= ret[i];
			if (++streak > s->max_losing_streak)
				s->max_losing_streak = streak;
		}
		s->best = fmax(s->best, ret[i]);
		s->worst = fmin(s->worst, ret[i]);
		v[i] = ret[i];
	}
	s->win_rate = (double)wins / (double)n;
	s->mean_return = sum / (double)n;
	s->median_return = median(v, n);
	s->profit_factor = loss > 0 ? gain / loss : NAN;
	s->avg_bars = nbars / (double)n;
	free(v);
	return PE_OK;
}

/* The curve's return at bar i (i >= 1).  A flat bar (the same equity:
 * most bars out of a position) is exactly 0 without a division. */
static double
bar_return(const double *equity, size_t i)
{
	return equity[i] == equity[i - 1] ? 0 : equity[i] / equity[i - 1] - 1;
}

/* Sharpe and Sortino from the curve's per-bar returns (n >= 1). */
static void
ratios(const double *equity, size_t n, double periods_per_year,
    struct pe_bt_stats *s)
{
	double m = (double)(n - 1), sum = 0, ss = 0, down = 0, mean, r, sd;
	size_t i;

	if (n < 2)
		return;
	for (i = 1; i < n; i++)
		sum += bar_return(equity, i);
	mean = sum / m;
	for (i = 1; i < n; i++) {
		r = bar_return(equity, i);
		ss += (r - mean) * (r - mean);
		if (r < 0)
			down += r * r;
	}
	sd = n > 2 ? sqrt(ss / (m - 1)) : 0;
	if (sd > 0)
		s->sharpe = mean / sd * sqrt(periods_per_year);
	if (down > 0)
		s->sortino = mean / sqrt(down / m) * sqrt(periods_per_year);
}

void
pe_bt_stats_equity(const int64_t *time, const double *equity,
    const unsigned char *held, const double *close, size_t n,
    double periods_per_year, struct pe_bt_stats *s)
{
	double peak, dd = 0, days, g;
	size_t i, nheld = 0;

	s->total_return = s->cagr = s->max_drawdown = s->exposure = NAN;
	s->sharpe = s->sortino = s->buy_hold = NAN;
	if (n == 0)
		return;
	peak = equity[0];
	for (i = 0; i < n; i++) {
		if (equity[i] > peak)
			peak = equity[i];
		else if (equity[i] < peak && 1 - equity[i] / peak > dd)
			dd = 1 - equity[i] / peak;	/* at the peak: none */
		nheld += held[i] != 0;
	}
	g = equity[n - 1] / equity[0];
	s->total_return = g - 1;
	days = (double)(time[n - 1] - time[0]) / 86400000.0;
	if (days > 0)
		s->cagr = pow(g, 365.25 / days) - 1;
	s->max_drawdown = dd;
	s->exposure = (double)nheld / (double)n;
	ratios(equity, n, periods_per_year, s);
	if (close != NULL)
		s->buy_hold = close[n - 1] / close[0] - 1;
}

int
pe_bt_stats_json(struct pe_buf *b, const struct pe_bt_stats *s, int digits)
{
	static const char *const key[] = { "win_rate", "mean_return",
	    "median_return", "profit_factor", "avg_bars", NULL, "best",
	    "worst", "total_return", "cagr", "max_drawdown", "exposure",
	    "sharpe", "sortino", "buy_hold" };
	const double v[] = { s->win_rate, s->mean_return, s->median_return,
	    s->profit_factor, s->avg_bars, 0, s->best, s->worst,
	    s->total_return, s->cagr, s->max_drawdown, s->exposure,
	    s->sharpe, s->sortino, s->buy_hold };
	size_t i;
	int rc = 0;

	rc |= pe_buf_printf(b, "{\"trades\":%zu", s->trades);
	for (i = 0; i < sizeof key / sizeof *key; i++) {
		if (key[i] == NULL) {	/* the one other integer */
			rc |= pe_buf_printf(b, ",\"max_losing_streak\":%ld",
			    s->max_losing_streak);
			continue;
		}
		rc |= pe_buf_printf(b, ",\"%s\":", key[i]);
		rc |= pe_buf_num_digits(b, v[i], digits, 1);
	}
	rc |= pe_buf_putc(b, '}');
	return rc ? PE_ERR_NOMEM : PE_OK;
}
