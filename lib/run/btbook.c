/*
 * btbook: a backtest's trades gathered in the parent, from the workers'
 * records or from trade lines read back, and their statistics.  See
 * pe_btscan.h.
 *
 * Bloat: no index of symbols by name: a name is compared with the last
 * one only, and names given twice are merged when they are ordered.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "btrec.h"
#include "pe_btscan.h"

/*
 * The index of symbol name: the last one's when it is the same (a
 * symbol's trades come together), else a new one.  A name seen before
 * under another index is merged with it when the statistics order the
 * names (name_order), so no search is made here: a linear one made
 * thousands of symbols cost millions of comparisons.  -1 when memory ran
 * out.
 */
static long
symbol_index(struct pe_bt_book *bk, const char *name)
{
	char **v;

	if (bk->nsymbol > 0 && strcmp(bk->symbol[bk->nsymbol - 1], name) == 0)
		return (long)bk->nsymbol - 1;
	if (bk->nsymbol == bk->capsym) {
		bk->capsym = bk->capsym ? 2 * bk->capsym : 64;
		if ((v = realloc(bk->symbol, bk->capsym * sizeof *v)) == NULL)
			return -1;
		bk->symbol = v;
	}
	if ((bk->symbol[bk->nsymbol] = strdup(name)) == NULL)
		return -1;
	return (long)bk->nsymbol++;
}

static int
add_fig(struct pe_bt_book *bk, const struct pe_bt_fig *f)
{
	struct pe_bt_fig *v;

	if (bk->nfig == bk->capfig) {
		bk->capfig = bk->capfig ? 2 * bk->capfig : 256;
		if ((v = realloc(bk->fig, bk->capfig * sizeof *v)) == NULL)
			return PE_ERR_NOMEM;
		bk->fig = v;
	}
	bk->fig[bk->nfig++] = *f;
	return PE_OK;
}

int
pe_bt_book_trade(struct pe_bt_book *bk, const char *symbol,
    const struct pe_bt_fig *f)
{
	struct pe_bt_fig g = *f;
	long sym;

	if ((sym = symbol_index(bk, symbol)) < 0)
		return PE_ERR_NOMEM;
	g.symbol = (size_t)sym;
	return add_fig(bk, &g);
}

static int
record_trades(struct pe_bt_book *bk, const char *name, const char *data,
    size_t n)
{
	struct pe_btrec_head h;
	struct pe_btrec_trade t;
	struct pe_bt_fig f;
	long sym;
	size_t i;

	if (n < sizeof h)
		return PE_ERR_FORMAT;
	memcpy(&h, data, sizeof h);
	if (h.ntrades > (n - sizeof h) / sizeof t ||
	    n != sizeof h + h.ntrades * sizeof t)
		return PE_ERR_FORMAT;
	if ((sym = symbol_index(bk, name)) < 0)
		return PE_ERR_NOMEM;
	for (i = 0; i < h.ntrades; i++) {
		memcpy(&t, data + sizeof h + i * sizeof t, sizeof t);
		f = (struct pe_bt_fig){ t.ret, (long)t.bars, t.entry_time,
		    t.exit_time, (size_t)sym };
		if (add_fig(bk, &f) != PE_OK)
			return PE_ERR_NOMEM;
	}
	bk->one = h.st;
	bk->records++;
	return PE_OK;
}

/* The bars and rules of one symbol, copied, for the portfolio. */
static int
record_bars(struct pe_bt_book *bk, const char *name, const char *data,
    size_t n)
{
	struct pe_btrec_bars h;
	struct pe_bt_sym *s;
	size_t per = 5 * sizeof(double), rules = 0, need;
	char *block, **bv;
	int r;

	if (n < sizeof h)
		return PE_ERR_FORMAT;
	memcpy(&h, data, sizeof h);
	for (r = 0; r < PE_BT_NRULES; r++)
		rules += h.mask >> r & 1;
	per += rules * sizeof(int32_t) + (h.rank ? sizeof(double) : 0);
	if (h.mask >> PE_BT_NRULES != 0 || h.rank > 1 || h.date_only > 1 ||
	    h.n > (n - sizeof h) / per)
		return PE_ERR_FORMAT;
	need = sizeof h + h.n * per;
	if (n != need)
		return PE_ERR_FORMAT;
	if (bk->nsym == bk->capport) {
		bk->capport = bk->capport ? 2 * bk->capport : 64;
		if ((s = realloc(bk->sym, bk->capport * sizeof *s)) == NULL)
			return PE_ERR_NOMEM;
		bk->sym = s;
		if ((bv = realloc(bk->symdata, bk->capport * sizeof *bv)) ==
		    NULL)
			return PE_ERR_NOMEM;
		bk->symdata = bv;
	}
	if ((block = malloc(n + strlen(name) + 1)) == NULL)
		return PE_ERR_NOMEM;
	memcpy(block, data, n);
	strcpy(block + n, name);
	bk->symdata[bk->nsym] = block;
	s = &bk->sym[bk->nsym++];
	memset(s, 0, sizeof *s);
	s->symbol = block + n;
	s->bars.n = h.n;
	s->bars.date_only = h.date_only;
	block += sizeof h;
	s->bars.time = (const int64_t *)block;
	s->bars.open = (const double *)(block + 8 * h.n);
	s->bars.high = (const double *)(block + 16 * h.n);
	s->bars.low = (const double *)(block + 24 * h.n);
	s->bars.close = (const double *)(block + 32 * h.n);
	block += 40 * h.n;
	s->rank = h.rank ? (const double *)block : NULL;
	block += h.rank ? 8 * h.n : 0;
	for (r = 0; r < PE_BT_NRULES; r++)
		if (h.mask >> r & 1) {
			s->bars.fired[r] = (const int32_t *)block;
			block += 4 * h.n;
		}
	return PE_OK;
}

int
pe_bt_book_record(struct pe_bt_book *bk, const char *name,
    const char *data, size_t n, int portfolio)
{
	return portfolio ? record_bars(bk, name, data, n) :
	    record_trades(bk, name, data, n);
}

/* ---- statistics ---- */

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The symbols in name order, the trades' indices moved with them, so
 * that trades compare by symbol as numbers. */
static int
name_order(struct pe_bt_book *bk)
{
	char **old;
	size_t *to, i;

	if (bk->nsymbol == 0)	/* nothing to order (and no array) */
		return PE_OK;
	old = malloc((bk->nsymbol + 1) * sizeof *old);
	to = malloc((bk->nsymbol + 1) * sizeof *to);
	if (old == NULL || to == NULL) {
		free(old);
		free(to);
		return PE_ERR_NOMEM;
	}
	memcpy(old, bk->symbol, bk->nsymbol * sizeof *old);
	qsort(bk->symbol, bk->nsymbol, sizeof *bk->symbol, by_name);
	/* one name given twice maps to one index: the same search path */
	for (i = 0; i < bk->nsymbol; i++)
		to[i] = (size_t)((char **)bsearch(&old[i], bk->symbol,
		    bk->nsymbol, sizeof *old, by_name) - bk->symbol);
	for (i = 0; i < bk->nfig; i++)
		bk->fig[i].symbol = to[bk->fig[i].symbol];
	free(old);
	free(to);
	return PE_OK;
}

static int
by_exit(const void *a, const void *b)
{
	const struct pe_bt_fig *x = a, *y = b;

	if (x->exit_time != y->exit_time)
		return x->exit_time < y->exit_time ? -1 : 1;
	if (x->symbol != y->symbol)
		return x->symbol < y->symbol ? -1 : 1;
	if (x->entry_time != y->entry_time)
		return x->entry_time < y->entry_time ? -1 : 1;
	return (x->ret > y->ret) - (x->ret < y->ret);
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The spread of the symbols' compounded returns (figs sorted). */
static int
spread(const struct pe_bt_book *bk, struct pe_bt_spread *sp)
{
	double *tot, sum = 0;
	size_t i, n = 0;

	*sp = (struct pe_bt_spread){ 0, 0, NAN, NAN, NAN, NAN };
	if ((tot = malloc((bk->nsymbol + 1) * sizeof *tot)) == NULL)
		return PE_ERR_NOMEM;
	for (i = 0; i < bk->nsymbol; i++)
		tot[i] = NAN;
	for (i = 0; i < bk->nfig; i++) {
		if (isnan(tot[bk->fig[i].symbol]))
			tot[bk->fig[i].symbol] = 1, n++;
		tot[bk->fig[i].symbol] *= 1 + bk->fig[i].ret;
	}
	for (i = 0, n = 0; i < bk->nsymbol; i++)
		if (!isnan(tot[i]))
			tot[n++] = tot[i] - 1;
	qsort(tot, n, sizeof *tot, by_value);
	for (i = 0; i < n; i++) {
		sum += tot[i];
		sp->positive += tot[i] > 0;
	}
	if ((sp->symbols = n) > 0) {
		sp->mean = sum / (double)n;
		sp->median = n % 2 ? tot[n / 2] : (tot[n / 2 - 1] +
		    tot[n / 2]) / 2;
		sp->min = tot[0];
		sp->max = tot[n - 1];
	}
	free(tot);
	return PE_OK;
}

int
pe_bt_book_stats(struct pe_bt_book *bk, struct pe_bt_stats *s,
    struct pe_bt_spread *sp)
{
	double *ret;
	long *bars;
	size_t i;
	int rc;

	if (name_order(bk) != PE_OK)
		return PE_ERR_NOMEM;
	if (bk->nfig > 0)
		qsort(bk->fig, bk->nfig, sizeof *bk->fig, by_exit);
	ret = malloc((bk->nfig + 1) * sizeof *ret);
	bars = malloc((bk->nfig + 1) * sizeof *bars);
	if (ret == NULL || bars == NULL) {
		free(ret);
		free(bars);
		return PE_ERR_NOMEM;
	}
	for (i = 0; i < bk->nfig; i++) {
		ret[i] = bk->fig[i].ret;
		bars[i] = bk->fig[i].bars;
	}
	rc = pe_bt_stats_trades(ret, bars, bk->nfig, s);
	free(ret);
	free(bars);
	return rc == PE_OK ? spread(bk, sp) : rc;
}

int
pe_bt_summary_json(struct pe_buf *b, const struct pe_bt_stats *s,
    const struct pe_bt_spread *sp, int digits)
{
	size_t at = b->len;

	pe_bt_stats_json(b, s, digits);
	if (b->oom || b->len - at < 2)
		return PE_ERR_NOMEM;
	b->len--;		/* the closing brace: "symbols" goes in */
	pe_buf_printf(b, ",\"symbols\":{\"traded\":%zu,\"positive\":%zu",
	    sp->symbols, sp->positive);
	pe_buf_puts(b, ",\"mean\":");
	pe_buf_num_digits(b, sp->mean, digits, 1);
	pe_buf_puts(b, ",\"median\":");
	pe_buf_num_digits(b, sp->median, digits, 1);
	pe_buf_puts(b, ",\"min\":");
	pe_buf_num_digits(b, sp->min, digits, 1);
	pe_buf_puts(b, ",\"max\":");
	pe_buf_num_digits(b, sp->max, digits, 1);
	return pe_buf_puts(b, "}}\n");
}

void
pe_bt_book_free(struct pe_bt_book *bk)
{
	size_t i;

	for (i = 0; i < bk->nsymbol; i++)
		free(bk->symbol[i]);
	for (i = 0; i < bk->nsym; i++)
		free(bk->symdata[i]);
	free(bk->symbol);
	free(bk->symdata);
	free(bk->sym);
	free(bk->fig);
	memset(bk, 0, sizeof *bk);
}

/* ---- the summary's text ---- */

/* v as a signed percent to two places, "n/a" when undefined. */
static void
pct(struct pe_buf *b, double v)
{
	if (isfinite(v))
		pe_buf_printf(b, "%+.2f%%", v * 100);
	else
		pe_buf_puts(b, "n/a");
}

/* v to two places, "n/a" when undefined. */
static void
fig2(struct pe_buf *b, double v)
{
	if (isfinite(v))
		pe_buf_printf(b, "%.2f", v);
	else
		pe_buf_puts(b, "n/a");
}

/* The lines of the figures that need the bars (one symbol, a portfolio). */
static void
text_bars(struct pe_buf *b, const char *prog, const struct pe_bt_stats *s)
{
	pe_buf_printf(b, "%s: total return ", prog);
	pct(b, s->total_return);
	pe_buf_puts(b, " (buy and hold ");
	pct(b, s->buy_hold);
	pe_buf_puts(b, "), CAGR ");
	pct(b, s->cagr);
	pe_buf_puts(b, ", max drawdown ");
	pct(b, isfinite(s->max_drawdown) ? -s->max_drawdown : NAN);
	pe_buf_puts(b, ", exposure ");
	if (isfinite(s->exposure))
		pe_buf_printf(b, "%.1f%%", s->exposure * 100);
	else
		pe_buf_puts(b, "n/a");
	pe_buf_puts(b, "\n");
	pe_buf_printf(b, "%s: Sharpe ", prog);
	fig2(b, s->sharpe);
	pe_buf_puts(b, ", Sortino ");
	fig2(b, s->sortino);
	pe_buf_puts(b, "\n");
}

int
pe_bt_summary_text(struct pe_buf *b, const char *prog,
    const struct pe_bt_stats *s, const struct pe_bt_spread *sp, int bars)
{
	pe_buf_printf(b, "%s: %zu trade%s", prog, s->trades,
	    s->trades == 1 ? "" : "s");
	if (s->trades > 0) {
		pe_buf_printf(b, ", win rate %.1f%%, mean ", s->win_rate * 100);
		pct(b, s->mean_return);
		pe_buf_puts(b, ", median ");
		pct(b, s->median_return);
		pe_buf_puts(b, ", profit factor ");
		fig2(b, s->profit_factor);
		pe_buf_printf(b, "\n%s: %.1f bars held on average, longest "
		    "losing streak %ld, best ", prog, s->avg_bars,
		    s->max_losing_streak);
		pct(b, s->best);
		pe_buf_puts(b, ", worst ");
		pct(b, s->worst);
	}
	pe_buf_puts(b, "\n");
	if (sp != NULL && sp->symbols > 0) {
		pe_buf_printf(b, "%s: symbols' total return: mean ", prog);
		pct(b, sp->mean);
		pe_buf_puts(b, ", median ");
		pct(b, sp->median);
		pe_buf_printf(b, ", %zu of %zu positive\n", sp->positive,
		    sp->symbols);
	}
	if (bars)
		text_bars(b, prog, s);
	return b->oom ? PE_ERR_NOMEM : PE_OK;
}
