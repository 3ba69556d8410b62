/*
 * pe_backtest: signals to trades.  One symbol's bars and, for each bar,
 * which rule fired at its close (the plan's @entry, @exit, @short and
 * @cover formulas), simulated one bar at a time as pe-backtest(1), "One
 * bar", says: a pending fill at the open, stops, --max-bars, the rules at
 * the close, and the position still open after the last bar closed at
 * the last close.  One position at a time.  The statistics of a run
 * (pe_bt_stats) come from its trades and its equity curve.
 *
 * The math of one bar is written once (pe_bt_step_open, pe_bt_step_close,
 * pe_bt_enter); pe_bt_run loops it over one symbol, and the portfolio
 * (pe_bt_portfolio) drives it over many with one account.
 *
 * Nothing here prints; trade lines and the statistics' JSON are built in
 * a pe_buf the caller owns.
 *
 * Prices: a fill at level L buys at L * (1 + s) and sells at L * (1 - s),
 * s = --slippage / 10000 (a long opens with a buy and closes with a sell,
 * a short the other way); stop, trail and target levels are taken first
 * and the slippage applied to them.  Returns are the issue's: long
 * x (1 - f) / (e (1 + f)) - 1, short 1 - x (1 + f) / (e (1 - f)), f =
 * --fee / 10000, e and x the fills after slippage.
 *
 * Memory: a struct pe_bt_result owns its trades, equity and held arrays
 * (pe_bt_result_free), a struct pe_bt_port_result its own
 * (pe_bt_port_result_free); struct pe_bt_bars and struct pe_bt_sym only
 * point at the caller's arrays.
 *
 * Bloat: one position per symbol, no pyramiding, no reversal on one bar
 * (a @short while long is ignored like any entry), no partial exits, no
 * leverage or margin calls, no borrow cost on shorts, no order types
 * but the fills described here.
 */
#ifndef PE_BACKTEST_H
#define PE_BACKTEST_H

#include <stddef.h>
#include <stdint.h>

#include "pe_buf.h"

/* The rules, in the order fired[] holds them. */
enum pe_bt_rule {
	PE_BT_ENTRY,		/* @entry: open a long position */
	PE_BT_EXIT,		/* @exit: close it */
	PE_BT_SHORT,		/* @short: open a short one */
	PE_BT_COVER,		/* @cover: close it */
	PE_BT_NRULES
};

/* Why a trade ended: "signal", "stop", "trail", "target", "time", "end". */
enum pe_bt_reason {
	PE_BT_SIGNAL,
	PE_BT_STOP,
	PE_BT_TRAIL,
	PE_BT_TARGET,
	PE_BT_TIME,
	PE_BT_END,
	PE_BT_NREASONS
};

/* The reason's name as trade lines write it ("?" for no reason). */
const char *pe_bt_reason_name(enum pe_bt_reason r);

struct pe_bt_conf {
	int fill_close;		/* 1: fill at the signal bar's close; 0: at
				 * the next bar's open (the default) */
	double stop, trail, target;	/* percent of the entry price; 0:
					 * none */
	long max_bars;		/* 0: none */
	double slippage, fee;	/* basis points, >= 0 */
};

/*
 * One symbol's bars [0, n) and its rules: fired[r][k] is the index (in
 * the plan's formula order) of the first formula of rule r true at the
 * close of bar k, or -1; fired[r] is NULL when no formula has rule r.
 * date_only is the series' (pe_series.h: no candle had a time of day):
 * trade lines then write dates, as signal lines do.
 */
struct pe_bt_bars {
	size_t n;
	const int64_t *time;
	const double *open, *high, *low, *close;
	const int32_t *fired[PE_BT_NRULES];
	int date_only;
};

struct pe_bt_trade {
	int side;		/* 1 long, -1 short */
	int32_t entry_rule;	/* the formula that opened it */
	int32_t exit_rule;	/* the one that closed it; -1 unless the
				 * reason is PE_BT_SIGNAL */
	size_t entry_bar, exit_bar;	/* the bars of the fills (indices
					 * into the pe_bt_bars) */
	double entry_price, exit_price;	/* after slippage */
	enum pe_bt_reason reason;
	long bars;		/* exit_bar - entry_bar */
	double ret;		/* after fees and slippage */
	double mae, mfe;	/* worst and best move on the entry price:
				 * mae <= 0 <= mfe (pe-backtest(1), Output) */
};

/*
 * The state of one symbol's position between steps.  Start from { 0 }
 * (flat, nothing pending).  The fields are the step functions'; callers
 * read side (0 flat, 1 long, -1 short), pending (the side of an entry
 * due at the next open, 0 none) and pending_exit.  A closed trade leaves
 * the whole struct zero again.
 */
struct pe_bt_pos {
	int side;
	int pending;		/* an entry due at the next open */
	int pending_exit;	/* an exit due at the next open */
	int32_t rule, exit_rule;
	size_t fill_bar;
	double entry;		/* the fill price after slippage */
	double extreme;		/* trail's reference: the entry price and the
				 * highest high (long) or lowest low (short)
				 * of the bars checked so far */
	double lo, hi;		/* for mae and mfe: the entry price, the lows
				 * and highs of the bars checked */
	size_t checked;		/* stops are checked from this bar on: the
				 * fill bar (next-open), the one after
				 * (--fill close) */
};

/*
 * Steps 1 to 3 of bar k (pe-backtest(1), "One bar"): a pending fill at
 * the open, the stops, --max-bars.  A trade closed here is written to *t
 * and 1 returned; else 0.  At most one trade closes in these steps.  It
 * is pe_bt_step_fill, pe_bt_step_gap and pe_bt_step_bar in that order
 * (stopping at the first that closes a trade); the portfolio calls the
 * three itself so that, across symbols, every exit at an open fills
 * before the entries at that open.
 */
int pe_bt_step_open(const struct pe_bt_conf *c, const struct pe_bt_bars *b,
    size_t k, struct pe_bt_pos *p, struct pe_bt_trade *t);

/* Step 1: the exit pending from bar k-1 fills at the open of k (returns
 * 1, the trade in *t), or the pending entry opens there (returns 0). */
int pe_bt_step_fill(const struct pe_bt_conf *c, const struct pe_bt_bars *b,
    size_t k, struct pe_bt_pos *p, struct pe_bt_trade *t);

/* Step 2 at the open: the open already beyond the stop (or trail), else
 * beyond the target, exits there.  1 and *t when it did. */
int pe_bt_step_gap(const struct pe_bt_conf *c, const struct pe_bt_bars *b,
    size_t k, struct pe_bt_pos *p, struct pe_bt_trade *t);

/* Step 2 within the bar (the low or high reaching the stop, trail or
 * target level; the stop first), then step 3 (--max-bars at the close).
 * Called after pe_bt_step_gap on the same bar.  1 and *t when it closed
 * a trade.  A bar checked without an exit extends trail's reference and
 * mae/mfe's range. */
int pe_bt_step_bar(const struct pe_bt_conf *c, const struct pe_bt_bars *b,
    size_t k, struct pe_bt_pos *p, struct pe_bt_trade *t);

/*
 * Step 4, the rules at the close of bar k (last: the index of the last bar
 * considered, where no rule is filled).  A trade closed at this close
 * (--fill close) is written to *t and 1 returned; with next-open fills
 * the exit is left pending instead.  *want is set to the side the rules
 * would open (1, -1; 0: none), with *rule the formula (-1 with none):
 * only when flat with nothing pending and not closed by a rule at this
 * close, an entry without an exit or @short at k, a @short without a
 * @cover or entry.  The caller opens it with pe_bt_enter (pe_bt_run
 * always; the portfolio when it has room).
 */
int pe_bt_step_close(const struct pe_bt_conf *c, const struct pe_bt_bars *b,
    size_t k, size_t last, struct pe_bt_pos *p, struct pe_bt_trade *t,
    int *want, int32_t *rule);

/* Open side on the rule at bar k's close: pending for the next open, or
 * filled at the close with --fill close (its stops checked from k + 1). */
void pe_bt_enter(const struct pe_bt_conf *c, const struct pe_bt_bars *b,
    size_t k, int side, int32_t rule, struct pe_bt_pos *p);

/* Close the open position (p->side must not be 0) at bar k's close
 * (step 5, reason end); p is flat after. */
void pe_bt_close_end(const struct pe_bt_conf *c, const struct pe_bt_bars *b,
    size_t k, struct pe_bt_pos *p, struct pe_bt_trade *t);

/* The open position's return if it closed at bar k's close (exit fee and
 * slippage applied); 0 when flat. */
double pe_bt_mark(const struct pe_bt_conf *c, const struct pe_bt_bars *b,
    size_t k, const struct pe_bt_pos *p);

/*
 * One symbol's run over bars [lo, hi): the bars before lo are not looked
 * at (an indicator's warm-up, or before --since), the last bar is hi - 1
 * (no rule fills there; a position still open closes at its close,
 * reason end).  Trades are in time order, their bar indices into b.
 * equity[i] is bar lo + i's: equity[0] is 1, as the issue says ("equity
 * starts at 1 on the first bar"), even when --fill close opened a
 * position at that close (its costs show from the next close on); then
 * at each close the product of (1 + r) of the trades closed so far times
 * (1 + pe_bt_mark) of the open one.  So equity[n - 1] is the product of
 * (1 + r) of all the trades.  held[i]: a position is open after all of
 * bar lo + i's steps (a pending entry is not; the last bar's position,
 * closed by step 5, is).
 */
struct pe_bt_result {
	struct pe_bt_trade *trades;
	size_t ntrades;
	double *equity;		/* hi - lo: at each close, from 1 */
	unsigned char *held;	/* hi - lo: a position open after the bar */
	size_t n;
};

/* PE_OK (hi <= lo: nothing, n 0), or PE_ERR_NOMEM (r is then empty).
 * pe_bt_result_free leaves r empty and accepts an empty one. */
int pe_bt_run(const struct pe_bt_conf *c, const struct pe_bt_bars *b,
    size_t lo, size_t hi, struct pe_bt_result *r);
void pe_bt_result_free(struct pe_bt_result *r);

/* ---- statistics (pe-backtest(1), "Statistics") ---- */

/* Fractions, not percent; NaN where undefined (null in JSON). */
struct pe_bt_stats {
	size_t trades;
	double win_rate, mean_return, median_return, profit_factor, avg_bars;
	long max_losing_streak;
	double best, worst;
	double total_return, cagr, max_drawdown, exposure, sharpe, sortino,
	    buy_hold;
};

/*
 * The keys from trades to worst, from n trades' returns and bars (in time
 * order: the losing streak is counted along it); the others set to NaN.
 * win_rate: the share with r > 0; median: of an even count, the mean of
 * the middle two; profit_factor: the sum of positive r over minus the sum
 * of negative r, NaN when no r is negative; max_losing_streak: the
 * longest run of r <= 0 (0 with no trades).  With n 0 every figure but
 * trades and max_losing_streak (both 0) is NaN.  PE_OK or PE_ERR_NOMEM.
 */
int pe_bt_stats_trades(const double *ret, const long *bars, size_t n,
    struct pe_bt_stats *s);

/*
 * The keys from total_return on, from an equity curve of n closes at
 * times time[] (held[]: a position open after the bar), and the closes
 * for buy-and-hold (NULL: buy_hold NaN).  The curve is taken relative to
 * equity[0] (1 per symbol, the capital in a portfolio):
 * total_return = equity[n-1] / equity[0] - 1; cagr = (1 + total_return)
 * ^ (365.25 / days) - 1, days the calendar days (ms / 86400000) from
 * time[0] to time[n-1], NaN when 0; max_drawdown the most of 1 -
 * equity / the running peak (from equity[0]); exposure the share of held
 * bars; the per-bar returns are equity[i] / equity[i-1] - 1 for i >= 1:
 * sharpe = their mean / their sample standard deviation * sqrt(periods_
 * per_year) (NaN with fewer than two or a deviation of 0), sortino = the
 * mean / sqrt(the mean of min(return, 0)^2) * the same (NaN with no
 * return below 0); buy_hold = close[n-1] / close[0] - 1.  n 0: all NaN.
 * The keys before total_return are left as they are.
 */
void pe_bt_stats_equity(const int64_t *time, const double *equity,
    const unsigned char *held, const double *close, size_t n,
    double periods_per_year, struct pe_bt_stats *s);

/* s as one JSON object, numbers to digits places (PE_NUM_SHORTEST:
 * exact), no newline.  The keys in the order, trades and
 * max_losing_streak as integers, NaN (and infinities) as null.  PE_OK
 * or PE_ERR_NOMEM. */
int pe_bt_stats_json(struct pe_buf *b, const struct pe_bt_stats *s,
    int digits);

/* ---- trade lines (pe-backtest(1), "Output") ---- */

/*
 * Append trade t of bars (with its newline): JSON (json 1)
 *   {"type":"trade","symbol":SYM,"side":"long","entry":"buy",
 *    "entry_time":T,"entry_price":P,"exit":"sell","exit_time":T,
 *    "exit_price":P,"reason":"signal","bars":N,"return":R,"mae":M,
 *    "mfe":M}
 * or the CSV row of the same fields in the same order.  sym is the
 * symbol already encoded for the format (quoted for JSON, a CSV field).
 * entry_name and exit_name are the formulas' labels; "exit" is null (an
 * empty cell) when the reason is not signal or exit_name is NULL.  Times
 * by pe_time_format, dates when bars->date_only; numbers to digits
 * places (PE_NUM_SHORTEST: shortest exact).  PE_OK or PE_ERR_NOMEM.
 */
int pe_bt_trade_line(struct pe_buf *b, const char *sym,
    const struct pe_bt_bars *bars, const struct pe_bt_trade *t,
    const char *entry_name, const char *exit_name, int json, int digits);

/* The CSV header of trade rows, with its newline:
 * type,symbol,side,entry,entry_time,entry_price,exit,exit_time,
 * exit_price,reason,bars,return,mae,mfe */
int pe_bt_trade_header(struct pe_buf *b);

/* ---- portfolio (pe-backtest(1), "Portfolio") ---- */

/*
 * One symbol of a portfolio: its bars, already trimmed to the range
 * considered (bar 0 is the first, bar n - 1 the last: no rule fills
 * there and a position still open closes at its close, reason end), and
 * --rank's value at each bar (NULL without --rank; NaN ranks last).
 */
struct pe_bt_sym {
	const char *symbol;
	struct pe_bt_bars bars;
	const double *rank;
};

struct pe_bt_port_conf {
	double capital;		/* > 0 (--capital, 100000) */
	size_t max_positions;	/* >= 1 (--max-positions, 10) */
};

/* A trade of the portfolio: the symbol's, sized. */
struct pe_bt_port_trade {
	size_t sym;		/* the index of its struct pe_bt_sym */
	double alloc;		/* the cash it took at its fill */
	double units;		/* shares bought (long) or sold short */
	struct pe_bt_trade t;	/* bar indices into that symbol's bars */
};

/*
 * The account over the union of the symbols' times, one row a time:
 * time, equity (cash plus the open positions marked at their last
 * close), cash, positions (open after all of the date's steps, so at
 * most max_positions) and held (for exposure: a position open after the
 * date's steps, or one closed by step 5 at its symbol's last bar on that
 * date, as pe_bt_run's held counts the last bar).  buy_hold: the mean
 * over the symbols of last close / first close - 1 (equal amounts
 * bought at the first closes and held), for the statistics' buy_hold.
 * Trades in the order they closed (within a date: the exits at the
 * open by symbol index, a new position's gap in rank order, then the
 * bars' and closes' by symbol index).  For the
 * statistics: pe_bt_stats_equity(time, equity, held, NULL, n, ...) and
 * then buy_hold; pe_bt_stats_trades over the trades' t.ret and t.bars.
 */
struct pe_bt_port_result {
	struct pe_bt_port_trade *trades;
	size_t ntrades;
	size_t n;
	int64_t *time;
	double *equity, *cash;
	size_t *positions;
	unsigned char *held;
	double buy_hold;
};

/*
 * One account over n symbols (pe-backtest(1), "Portfolio"), each symbol
 * run through the same step functions as pe_bt_run, date by date over
 * the union of their times; a symbol without a bar on a date is not
 * stepped and keeps its last close for marking.  On each date:
 *   1. at the open, the exits: pending exits fill and gaps through a
 *      stop or target exit (pe_bt_step_fill, pe_bt_step_gap);
 *   2. then the entries pending from the previous close fill, by rank
 *      (higher first, then symbol name, then index), each while fewer
 *      than max_positions are open and sized (below); those not filled
 *      are dropped; a new position's gap is checked as in pe_bt_step_open;
 *   3. the rest of the bar for every open position (pe_bt_step_bar);
 *   4. the rules at the close (pe_bt_step_close), and step 5 for a
 *      symbol at its last bar;
 *   5. the entries the rules want, by rank (the value at the signal
 *      bar), as many as slots are free: max_positions less the positions
 *      open (a pending exit frees its slot, since exits fill first) and
 *      the entries pending; with --fill close they fill now.
 * Sizing: a new position takes A = min(E / max_positions, cash), E the
 * equity at the last close before its fill (the previous close for
 * next-open fills; with --fill close this close, after its exits and
 * before its entries); an entry with A <= 0 is not taken.  A position of
 * A is worth A * (1 + pe_bt_mark) at a close and returns A * (1 + r) to
 * cash when it closes, so fees and slippage act on the account exactly
 * as on the symbol's returns; units = A / (e (1 + f)) long (the shares
 * A buys with the fee), A / (e (1 - f)) short (the shares whose sale
 * nets A).  Cash never goes below 0 (but for a short that loses more
 * than 100%).  With one symbol and one slot the final equity is the
 * capital times the product of (1 + r) of pe_bt_run's trades; with
 * max_positions >= n the trades are pe_bt_run's, as long as cash does
 * not run out.
 *
 * PE_OK; PE_ERR_USAGE when capital is not > 0 or max_positions is 0;
 * PE_ERR_NOMEM (r is then empty).  pe_bt_port_result_free leaves r
 * empty.
 */
int pe_bt_portfolio(const struct pe_bt_conf *c,
    const struct pe_bt_port_conf *pc, const struct pe_bt_sym *sym,
    size_t n, struct pe_bt_port_result *r);
void pe_bt_port_result_free(struct pe_bt_port_result *r);

#endif
