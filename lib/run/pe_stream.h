/*
 * pe_stream: the library side of pe-stream.  Candles of many symbols
 * arrive interleaved, one at a time; each symbol keeps a ring of its last
 * candles and one incremental state of the plan (pe_plan_step), and every
 * candle is turned into its signal lines at once.
 *
 * A struct pe_stream owns: the symbol table (open addressing over
 * pe_shard_hash, at most conf.max_symbols entries), each symbol's ring
 * (grown by doubling up to conf.buffer candles, then reused: no allocation
 * per candle once full), its plan state, its encoded name; the line maker
 * (pe_signal) of the current plan.  The plan itself is the caller's: it
 * must outlive the stream, or be replaced through pe_stream_reload.
 *
 * Nothing here prints or exits: calls return a code and fill a struct
 * pe_error; signal lines are appended to a struct pe_buf the caller owns
 * and writes.
 *
 * pe-stream's other parts are internal, not installed: its live input
 * (pe_stream_in, pe_jsonl: lib/io/live.h) and its latency histogram
 * (pe_hist: lib/run/hist.h).
 *
 * Warmup: a new symbol's DIR/SYMBOL.csv is read and its bars stepped;
 * or, when conf.cache holds the state pe-scan --last saved for that file
 * as it is now, under the same formulas and output options
 * (pe_scan_saved), that state is loaded and only the file's last bars
 * (up to the ring's size) are read, from its end.
 *
 * Bloat: no threads, no eviction of idle symbols, no persistence of the
 * rings across runs (--warmup reads pe-load's files, or pe-scan's saved
 * states, instead).
 */
#ifndef PE_STREAM_H
#define PE_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include "pe_cache.h"
#include "pe_candle.h"
#include "pe_error.h"
#include "pe_plan.h"
#include "pe_shard.h"
#include "pe_signal.h"

/* When a formula of a bar in progress is evaluated and may fire. */
enum pe_stream_on {
	PE_ON_ONCE,		/* each update; a formula fires at most once a
				 * bar, on the first update where it holds */
	PE_ON_UPDATE,		/* each update; fires on every one where it holds */
	PE_ON_CLOSE		/* only once the bar is final */
};

/* What a candle with the time of its symbol's last one does. */
enum pe_same_time {
	PE_SAME_REPLACE,	/* replaces it (an update of the bar in progress) */
	PE_SAME_IGNORE,		/* is dropped, counted */
	PE_SAME_ERROR		/* is rejected like an out-of-order one */
};

struct pe_stream_conf {
	size_t buffer;		/* ring size per symbol, >= 1 (default 500) */
	long min_bars;		/* bars before the first emit (default 200) */
	size_t max_symbols;	/* >= 1 (default 100000) */
	enum pe_same_time same_time;
	enum pe_stream_on on;
	int emit_all;		/* a line per candle and formula, "match" */
	struct pe_shard shard;	/* n 0: every symbol */
	const char *warmup;	/* DIR of SYMBOL.csv histories, a SQLite
				 * database (pe_db_name), or NULL */
	struct pe_cache *cache;	/* where pe-scan --last saved states (the
				 * warmup from a DIR takes them), or NULL */
	const char *cwd;	/* relative paths' directory, as pe-scan's */
	int rounded;		/* numbers of lines to digits places (0 to
				 * 17); 0: the shortest round trip */
	int digits;
	int csv;		/* lines as pe_signal's CSV rows, not JSONL */
	int arrival;		/* CSV: a "received" column (a push without
				 * an arrival time leaves it empty) */
	const char *const *symbols;	/* nsymbols > 0: only these (the */
	size_t nsymbols;		/* caller's, outliving the stream) */
	int window;		/* only lines of bars from since to until */
	int64_t since, until;	/* (times in ms, both included) */
};

/* What pe_stream_push did with a candle. */
enum pe_stream_fate {
	PE_ST_PROCESSED,	/* a new bar */
	PE_ST_REPLACED,		/* replaced its symbol's last bar */
	PE_ST_IGNORED,		/* same time, --same-time ignore */
	PE_ST_SAME_TIME,	/* same time, --same-time error: rejected */
	PE_ST_OLDER,		/* older than its symbol's last: rejected */
	PE_ST_TOO_MANY,		/* a new symbol past max_symbols: rejected */
	PE_ST_OTHER_SHARD,	/* not in this shard: skipped */
	PE_ST_OTHER_SYMBOL,	/* not one of conf.symbols: skipped */
	PE_ST_NFATES
};

/* Counts since the start, by what happened. */
struct pe_stream_stats {
	size_t fate[PE_ST_NFATES];
	size_t bad[PE_BAD_NKINDS];	/* lines the reader dropped */
	size_t signals;		/* lines written as matches */
	size_t symbols;		/* in the table */
	size_t warmed;		/* symbols primed from --warmup files */
	size_t warmup_bars;	/* candles read from them (or saved) */
	size_t saved;		/* of warmed, primed from saved states */
};

struct pe_stream;

/*
 * A stream over plan with conf (copied; warmup's text must outlive the
 * stream).  Returns NULL with err filled (PE_ERR_NOMEM).
 */
struct pe_stream *pe_stream_new(const struct pe_plan *plan,
    const struct pe_stream_conf *conf, struct pe_error *err);
void pe_stream_free(struct pe_stream *st);

/*
 * Feed one candle (row as pe_reader_next gives it); received is its
 * arrival time in ms, or INT64_MIN for none ("received" is added to the
 * lines of the candle when it is set; under on_close, a bar's lines carry
 * the arrival of its last version).  Lines for the matches (or, with emit_all, for
 * every formula) are appended to out.  Returns the candle's fate; *rc gets
 * PE_OK, or PE_ERR_NOMEM (nothing was changed), or for a fate that is a
 * rejection PE_ERR_DATA with err saying why ("older than the last candle
 * of AAPL (2024-01-05)").  When a new symbol's warmup file exists but
 * cannot be used, the candle is still processed and *warn is set with
 * warn_err naming the file (warn and warn_err may be NULL).
 */
enum pe_stream_fate pe_stream_push(struct pe_stream *st,
    const struct pe_row *row, int64_t received, struct pe_buf *out,
    int *rc, struct pe_error *err, int *warn, struct pe_error *warn_err);

/* A line the reader dropped (pe_live_next's PE_ERR_DATA), of kind bad:
 * counted with the rest, for the statistics. */
void pe_stream_bad(struct pe_stream *st, enum pe_bad bad);

/*
 * End of input: with on_close, each symbol's last bar is final now and is
 * evaluated (in the order the symbols were first seen).  Returns PE_OK or
 * PE_ERR_NOMEM.
 */
int pe_stream_finish(struct pe_stream *st, struct pe_buf *out,
    struct pe_error *err);

/*
 * Swap in plan (the caller keeps the old one alive until this returns,
 * and frees it after): every symbol gets a new plan state primed by
 * replaying its ring (the bars fed count from there).  On failure
 * (PE_ERR_NOMEM) the stream keeps the old plan, untouched.
 */
int pe_stream_reload(struct pe_stream *st, const struct pe_plan *plan,
    struct pe_error *err);

/*
 * With conf.csv, the header of the lines (pe_signal_header_extra, with
 * "match" under emit_all and "received" under arrival) appended to out.
 * Made again after a reload, whose formulas may have other columns.
 * Returns PE_OK or PE_ERR_NOMEM; with JSONL, PE_OK and nothing.
 */
int pe_stream_header(const struct pe_stream *st, struct pe_buf *out);

const struct pe_stream_stats *pe_stream_stats(const struct pe_stream *st);

/*
 * The symbols still short of bars: those with fewer than the bars every
 * signal formula must have seen before it emits (the largest
 * max(min_bars, lookback + 1); a bar waiting under on_close counts).
 * Returns their number, and when it is not 0 says so in buf of size n
 * (buf may be NULL):
 *   3 symbols below --min-bars 200 (fewest bars: S0003 with 12)
 *   1 symbol below the 251 bars the formulas need (fewest bars: A with 9)
 * the second when a lookback needs more than min_bars; the fewest is the
 * first seen of equals.
 */
size_t pe_stream_short(const struct pe_stream *st, char *buf, size_t n);

/* The time one candle took, from parsed to written, in nanoseconds: for
 * the statistics' latency percentiles (pe_hist). */
void pe_stream_latency(struct pe_stream *st, uint64_t ns);

/*
 * The statistics as text, two lines (each with its line feed) into buf
 * of size n (cut short when it does not fit):
 *   13 lines read, 4 processed, 0 replaced, 0 ignored, 9 rejected (1 bad
 *   time, ..., 1 too many symbols), 0 other shard, 0 other symbol
 *   2 signals, 2 symbols (0 warmed up, 0 bars), 1 below --min-bars,
 *   latency p50 0.31 us, p99 6.10 us, max 21.03 us, rss 2476 KiB
 * ("(2 warmed up, 1 from saved states, 9000 bars)" when any was),
 * where rejected is the reader's bad lines and the refused candles,
 * "below --min-bars" pe_stream_short's count, the latency from
 * pe_stream_latency and rss the resident memory (0 when unknown).
 */
void pe_stream_stats_text(const struct pe_stream *st, char *buf, size_t n);

/* A plain name for a fate ("out of order", ...), for the statistics. */
const char *pe_stream_fate_name(enum pe_stream_fate f);

#endif
