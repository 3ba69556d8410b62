/*
 * pe_btscan: pe-backtest on pe_scan's engine.  In a worker,
 * pe_btscan_series (the scan's series hook, pe_scan.h) turns one
 * symbol's plan run into its rules, simulates it (pe_backtest.h) and
 * writes its trade lines, and for the parent a record: the symbol's
 * statistics and its trades' figures, or (portfolio) its bars and rules.
 * In the parent, a struct pe_bt_book gathers the records (or trade lines
 * read back by pe_trade_read: --from-trades) into the run's statistics.
 *
 * Trades across symbols are taken in the order of their exit time (then
 * symbol, then entry time), so the statistics of a run do not depend on
 * the order its symbols finished in, or on how its shards were cut: the
 * trades of the shards, put together, give the same figures to the bit.
 *
 * Memory: a struct pe_btscan owns its scratch arrays and its run's result
 * (pe_btscan_free); a struct pe_bt_book owns its copies of the trades,
 * symbols and portfolio bars (pe_bt_book_free).  The plan is the
 * caller's.
 */
#ifndef PE_BTSCAN_H
#define PE_BTSCAN_H

#include <stddef.h>
#include <stdint.h>

#include "pe_backtest.h"
#include "pe_buf.h"
#include "pe_error.h"
#include "pe_plan.h"
#include "pe_series.h"

struct pe_btscan_conf {
	const struct pe_plan *plan;
	struct pe_bt_conf bt;
	int json;		/* trade lines as JSONL, else CSV rows */
	int digits;		/* PE_NUM_SHORTEST: exact */
	int per_symbol;		/* a "stats" line after each symbol's trades */
	int curve;		/* the figures of each symbol's equity curve
				 * (per_symbol, or a run of one file); else
				 * NaN: a run over many shows none of them */
	int portfolio;		/* records of bars and rules, no lines */
	int rank;		/* the --rank formula's index, or -1 */
	double periods_per_year;
};

struct pe_btscan;

/* The rule of a formula of type t (@entry ...), or -1 (untagged). */
int pe_btscan_rule(int ftype);

struct pe_btscan *pe_btscan_new(const struct pe_btscan_conf *conf,
    struct pe_error *err);
void pe_btscan_free(struct pe_btscan *b);

/* pe_scan_conf.series for ctx a struct pe_btscan. */
int pe_btscan_series(void *ctx, const struct pe_plan_vec *vec,
    const struct pe_series *s, size_t lo, size_t hi, struct pe_buf *text,
    struct pe_buf *data, struct pe_error *err);

/* ---- in the parent ---- */

/* One trade as the statistics need it. */
struct pe_bt_fig {
	double ret;
	long bars;
	int64_t entry_time, exit_time;
	size_t symbol;		/* the book's symbol index */
};

/* The spread of the symbols' total returns (compounded trades). */
struct pe_bt_spread {
	size_t symbols;		/* symbols with a trade */
	size_t positive;	/* of them, with a total return > 0 */
	double mean, median, min, max;	/* NaN when none */
};

struct pe_bt_book {
	struct pe_bt_fig *fig;
	size_t nfig, capfig;
	char **symbol;		/* by index, in the order first seen */
	size_t nsymbol, capsym;
	struct pe_bt_stats one;	/* the statistics of the last symbol
				 * added by record (a single symbol's run
				 * shows them all) */
	size_t records;		/* symbols added by record */
	/* portfolio: each symbol's bars and rules */
	struct pe_bt_sym *sym;
	char **symdata;		/* their arrays, one block a symbol */
	size_t nsym, capport;
};

/*
 * The record of symbol name (as pe_btscan_series wrote it to data[0..n))
 * added to bk.  PE_OK, PE_ERR_FORMAT when the bytes are not a record,
 * PE_ERR_NOMEM.
 */
int pe_bt_book_record(struct pe_bt_book *bk, const char *name,
    const char *data, size_t n, int portfolio);

/* A trade of symbol (f's symbol index is set from the name). */
int pe_bt_book_trade(struct pe_bt_book *bk, const char *symbol,
    const struct pe_bt_fig *f);

/*
 * The portfolio of the book's symbols (recorded with portfolio set):
 * one account (pe_bt_portfolio) over their bars under c's rules and pc,
 * its trades' lines appended to text (in the order they closed), its
 * daily curve as CSV to curve (time,equity,cash,positions; NULL: none),
 * the statistics of its trades and of its curve into *s (buy_hold: the
 * mean of the symbols'), the spread of the symbols' returns into *sp and
 * the final equity into *final.  PE_OK, PE_ERR_USAGE (pc's capital or
 * max_positions out of range), PE_ERR_NOMEM.
 */
int pe_bt_book_portfolio(struct pe_bt_book *bk,
    const struct pe_btscan_conf *c, const struct pe_bt_port_conf *pc,
    struct pe_buf *text, struct pe_buf *curve, struct pe_bt_stats *s,
    struct pe_bt_spread *sp, double *final);

/*
 * The statistics of every trade in bk (the keys from trades to worst; the
 * others NaN) and the spread of the symbols' total returns.  PE_OK or
 * PE_ERR_NOMEM.
 */
int pe_bt_book_stats(struct pe_bt_book *bk, struct pe_bt_stats *s,
    struct pe_bt_spread *sp);

/* The summary JSON of a run: the statistics' keys, then "symbols" (the
 * spread), a newline. */
int pe_bt_summary_json(struct pe_buf *b, const struct pe_bt_stats *s,
    const struct pe_bt_spread *sp, int digits);

/*
 * The summary's lines (prog: the command's name first on each): the
 * trades' figures; the spread when sp is not NULL and has a symbol; with
 * bars, the figures of the curve (one symbol, a portfolio).
 */
int pe_bt_summary_text(struct pe_buf *b, const char *prog,
    const struct pe_bt_stats *s, const struct pe_bt_spread *sp, int bars);

void pe_bt_book_free(struct pe_bt_book *bk);

#endif
