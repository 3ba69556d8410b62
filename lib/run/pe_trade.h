/*
 * pe_trade: reading back one trade line of pe-backtest (pe-backtest(1),
 * "Output"), for pe-chart's --trades and any other reader of trades:
 *
 *	{"type":"trade","symbol":"AAPL","side":"long","entry":"buy",
 *	 "entry_time":"2024-01-02","entry_price":185.6,"exit":"sell",
 *	 "exit_time":"2024-02-01","exit_price":190.1,"reason":"signal",
 *	 "bars":21,"return":0.0231,"mae":-0.031,"mfe":0.045}
 *
 * The line goes through the core JSON scanner (json.h), so a line is
 * checked whole as JSON before any member is judged.  pe_trade_parse
 * allocates nothing; pe_trade_read returns an array the caller frees.
 *
 * Bloat: the formula names ("entry", "exit") are not read back; keys are
 * matched by a linear search (a trade line has a dozen).
 */
#ifndef PE_TRADE_H
#define PE_TRADE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "pe_backtest.h"
#include "pe_error.h"

struct pe_trade {
	char symbol[256];	/* "" when the line has none */
	int side;		/* 1 long, -1 short */
	int64_t entry_time, exit_time;	/* UTC ms; exit at or after entry */
	double entry_price, exit_price;	/* finite */
	double ret;		/* "return": finite */
	int reason;		/* enum pe_bt_reason; -1 when absent */
	long bars;		/* >= 0; -1 when absent */
	double mae, mfe;	/* NaN when absent or null */
	int has_tod;		/* a time was given with a time of day */
};

/*
 * Parse line[0..n) into *t.  Returns 1 for a trade; 0 for a valid line
 * that is no trade (a blank line, a line whose "type" is not "trade",
 * such as pe-backtest's "stats" lines, or that has no "type"); -1 for a
 * bad line, with err (may be NULL) filled as PE_ERR_DATA, no path and no
 * line, and a sentence naming the key: "not a JSON object", "bad JSON in
 * the value of \"bars\"", "missing \"exit_price\"", "\"side\" is not
 * \"long\" or \"short\"", "\"entry_price\" is not a number",
 * "\"entry_time\" is not a time: day out of range", "\"exit_time\" is
 * before \"entry_time\"", ...  Required in a trade: side, entry_time,
 * entry_price, exit_time, exit_price and return; reason, bars, mae and
 * mfe are checked when present.  Times are strings pe_time_parse reads
 * (dates, ISO 8601) or epoch numbers.  A key given twice: the last wins.
 */
int pe_trade_parse(const char *line, size_t n, struct pe_trade *t,
    struct pe_error *err);

/*
 * Every trade line of fp (JSONL, as pe_trade_parse reads each line) into
 * a new array *v of *n trades, in file order (free(3) it; NULL when there
 * are none).  name is err's path.  Returns PE_OK; PE_ERR_DATA at the
 * first bad line, err naming its line; PE_ERR_IO for a read error;
 * PE_ERR_NOMEM.  Nothing is returned on an error.
 */
int pe_trade_read(FILE *fp, const char *name, struct pe_trade **v,
    size_t *n, struct pe_error *err);

#endif
