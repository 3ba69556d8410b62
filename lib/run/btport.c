/*
 * btport: the portfolio of a backtest's book: the symbols' bars and rules
 * the workers sent (pe_bt_book_record, portfolio), run as one account by
 * pe_bt_portfolio, into trade lines, the daily curve's CSV and the
 * statistics.  See pe_btscan.h.
 *
 * Bloat: a trade line of the portfolio is the per-symbol one (its size,
 * alloc and units, is not written).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pe_btscan.h"
#include "pe_candle.h"
#include "pe_time.h"

/* The curve as CSV: time,equity,cash,positions. */
static void
curve_csv(const struct pe_bt_port_result *r, int date_only, int digits,
    struct pe_buf *b)
{
	char when[PE_TIME_BUFSZ];
	size_t i;

	pe_buf_puts(b, "time,equity,cash,positions\n");
	for (i = 0; i < r->n; i++) {
		pe_time_format(r->time[i], date_only, when);
		pe_buf_puts(b, when);
		pe_buf_putc(b, ',');
		pe_buf_num_digits(b, r->equity[i], digits, 0);
		pe_buf_putc(b, ',');
		pe_buf_num_digits(b, r->cash[i], digits, 0);
		pe_buf_printf(b, ",%zu\n", r->positions[i]);
	}
}

/* Each trade's line, and its figures into the book for the statistics. */
static int
trades(struct pe_bt_book *bk, const struct pe_btscan_conf *c,
    const struct pe_bt_port_result *r, struct pe_buf *text)
{
	const struct pe_plan *p = c->plan;
	const struct pe_bt_port_trade *pt;
	const struct pe_bt_sym *s;
	struct pe_bt_fig f;
	char sym[PE_SYMBOL_ENCMAX];
	size_t i;

	for (i = 0; i < r->ntrades; i++) {
		pt = &r->trades[i];
		s = &bk->sym[pt->sym];
		sym[pe_symbol_encode(s->symbol, c->json, sym)] = '\0';
		pe_bt_trade_line(text, sym, &s->bars, &pt->t,
		    p->formula[pt->t.entry_rule].label, pt->t.exit_rule >= 0 ?
		    p->formula[pt->t.exit_rule].label : NULL, c->json,
		    c->digits);
		f = (struct pe_bt_fig){ pt->t.ret, pt->t.bars,
		    s->bars.time[pt->t.entry_bar], s->bars.time[pt->t.exit_bar],
		    0 };
		if (pe_bt_book_trade(bk, s->symbol, &f) != PE_OK)
			return PE_ERR_NOMEM;
	}
	return text->oom ? PE_ERR_NOMEM : PE_OK;
}

int
pe_bt_book_portfolio(struct pe_bt_book *bk, const struct pe_btscan_conf *c,
    const struct pe_bt_port_conf *pc, struct pe_buf *text,
    struct pe_buf *curve, struct pe_bt_stats *s, struct pe_bt_spread *sp,
    double *final)
{
	struct pe_bt_port_result r = { 0 };
	struct pe_bt_stats eq;
	size_t i;
	int date_only = 1, rc;

	if ((rc = pe_bt_portfolio(&c->bt, pc, bk->sym, bk->nsym, &r)) != PE_OK)
		return rc;
	rc = trades(bk, c, &r, text);
	if (rc == PE_OK)
		rc = pe_bt_book_stats(bk, s, sp);
	if (rc == PE_OK) {
		pe_bt_stats_equity(r.time, r.equity, r.held, NULL, r.n,
		    c->periods_per_year, &eq);
		s->total_return = eq.total_return;
		s->cagr = eq.cagr;
		s->max_drawdown = eq.max_drawdown;
		s->exposure = eq.exposure;
		s->sharpe = eq.sharpe;
		s->sortino = eq.sortino;
		s->buy_hold = r.buy_hold;
		*final = r.n > 0 ? r.equity[r.n - 1] : pc->capital;
		for (i = 0; i < bk->nsym; i++)
			date_only &= bk->sym[i].bars.date_only;
		if (curve != NULL)
			curve_csv(&r, date_only, c->digits, curve);
		if (curve != NULL && curve->oom)
			rc = PE_ERR_NOMEM;
	}
	pe_bt_port_result_free(&r);
	return rc;
}
