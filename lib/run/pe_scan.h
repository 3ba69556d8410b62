/*
 * pe_scan: one candle file scanned with a plan, as pe-scan's workers do,
 * and the outcome carried back to the parent.
 *
 * A worker reads the file whole: its candles from the cache when the
 * cache has them under the file's identity (pe_cache.h), else through
 * pe_load_path (sorted), storing them.  It resamples them (tf), and runs
 * the plan over every symbol of its shard, its indicator columns too
 * coming from the cache when they are there (pe_plan_store).  A symbol
 * with fewer bars than the plan's lookback is skipped; one the plan cannot
 * run is in error; a file that cannot be opened, or read, is one outcome
 * under its base name.  The outcome of a file is one message: the cache's
 * counts, then a unit per symbol: its status, its signal lines (JSONL, for
 * the bars between since and until, the last of them only with last),
 * its match counts, the forward return of each signal, the UTC day of
 * each match, its last bar, and with conf.rank each line's score.  The
 * parent decodes the units (pe_scan_unit),
 * judges whether a symbol's data is stale, adds them to its pe_stats and
 * hands each on as a struct pe_scan_outcome (pe_scan_run does all that).
 *
 * Cache keys: pe-scan's version, the file's absolute path and identity
 * (device, inode, size, mtime in ns), then the item: the candles, or one
 * indicator instance of one symbol at one timeframe by its canonical
 * text.  A changed, moved or replaced file is a miss.
 *
 * Memory: a struct pe_scan owns its evaluator, line maker and buffers;
 * the plan, the cache and conf's strings are the caller's and must
 * outlive it.
 *
 * Bloat: a file is read even when the shard keeps none of its symbols;
 * keys name a file's identity, not its content.
 */
#ifndef PE_SCAN_H
#define PE_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "pe_buf.h"
#include "pe_cache.h"
#include "pe_candle.h"
#include "pe_error.h"
#include "pe_plan.h"
#include "pe_pool.h"
#include "pe_shard.h"
#include "pe_stats.h"

struct pe_scan_conf {
	const struct pe_plan *plan;
	int last;		/* only the last bar considered (stale or not:
				 * pe_scan_run) */
	long tail;		/* only the last tail bars considered; 0: all */
	int csv;		/* signal lines as CSV rows, not JSONL */
	const char *const *symbols;	/* keep only these; NULL: all */
	size_t nsymbols;
	int64_t since, until;	/* bars considered: since <= time <= until */
	int64_t tf;		/* resample to timeframe tf; 0: as read */
	struct pe_session session;	/* only the bars inside it (on 0:
				 * every bar), with tf or without */
	long fwd;		/* forward returns over fwd bars; 0: none */
	int rounded;		/* numbers of lines to digits places (0 to
				 * 17); 0: the shortest round trip */
	int digits;
	struct pe_shard shard;	/* n 0: every symbol */
	struct pe_cache *cache;	/* NULL: none */
	const char *cwd;	/* relative paths' directory, for cache keys */
	/* May be NULL: called with a file's base name before it is read
	 * (tests make a worker hang or crash there). */
	void (*before)(void *ctx, const char *name);
	void *ctx;
	/*
	 * May be NULL: what a symbol gives instead of its signal lines
	 * (pe-backtest's trades).  Called in the worker with the plan run
	 * into vec over s and the bars considered, [lo, hi); it appends the
	 * symbol's lines to text and bytes for the parent to data (the
	 * outcome's data).  PE_OK, or an error with err filled: the symbol
	 * is then in error.
	 */
	int (*series)(void *ctx, const struct pe_plan_vec *vec,
	    const struct pe_series *s, size_t lo, size_t hi,
	    struct pe_buf *text, struct pe_buf *data, struct pe_error *err);
	void *series_ctx;
	/*
	 * May be NULL: a value formula of plan (pe-scan --rank) whose value
	 * at a signal's bar is the signal's score.  Its value is then not
	 * among the lines' "values" (PE_SIGNAL_NO_VALUES), and a unit
	 * carries a score per line.  Only signal formulas ever give lines.
	 */
	const struct pe_plan_formula *rank;
	/* sym("SPY", x)'s files: DIR/SPY.csv (pe_refs.h); NULL: each
	 * file's own directory */
	const char *ref;
};

/* How a symbol (or a file that could not be read) ended. */
enum pe_scan_status {
	PE_SCAN_OK,		/* scanned: its signal lines, maybe none */
	PE_SCAN_SKIPPED,	/* too few bars, or stale: not a failure */
	PE_SCAN_ERROR,		/* a bad row, no data, the plan failed */
	PE_SCAN_UNOPENED,	/* the file could not be opened or read */
	PE_SCAN_TIMEOUT		/* its worker overran the time limit */
};

struct pe_scan;

/* A scanner for conf (copied; the cache's counts so far are its
 * baseline).  NULL with err filled when memory runs out. */
struct pe_scan *pe_scan_new(const struct pe_scan_conf *conf,
    struct pe_error *err);
void pe_scan_free(struct pe_scan *sc);

/* The outcome message of the file at path, appended to out.  PE_OK or
 * PE_ERR_NOMEM. */
int pe_scan_file(struct pe_scan *sc, const char *path, struct pe_buf *out);

/*
 * The same for one symbol of the SQLite database at path (pe_db.h): its
 * rows read whole, no unit at all when the symbol is not kept (shard,
 * conf.symbols).  The scanner keeps the database open for the next
 * symbol of the same path.  Cache keys name the database's absolute path,
 * the symbol and its rows' content (a 128-bit hash of their times,
 * prices and volumes), so an insert into one symbol keeps every other
 * symbol's entries.  With --last's saved states, the database's identity
 * (its file's and its log's, as a CSV file's) unchanged since the save
 * gives the saved outcome without a read; changed, the symbol's rows are
 * read and hashed: the saved rows unchanged give the saved outcome, the
 * saved rows followed by new ones extend the saved state over the new
 * rows (counted as extended), anything else is run whole.
 */
int pe_scan_symbol(struct pe_scan *sc, const char *path, const char *symbol,
    struct pe_buf *out);

/*
 * pe-stream's warmup from what a --last scan saved (see scan.c): the
 * plan's state after the last bar of the file at path (relative paths
 * to cwd, as the scan's conf.cwd), saved by a scan of the same plan with
 * output options csv, rounded and digits and no rank, under the same
 * zone (--tz), while the file is still as it was then (its device,
 * inode, size and times), loaded into ps.  Returns 1 with *out filled,
 * else 0 (ps reset, or as it was).
 */
struct pe_scan_saved {
	size_t bars;		/* fed to the state */
	int64_t last;		/* the time of the last */
	int date_only;
	size_t hdr, size;	/* the file's header line and whole, bytes */
};

int pe_scan_saved(struct pe_cache *cache, const char *cwd,
    const struct pe_plan *plan, int csv, int rounded, int digits,
    const char *path, struct pe_plan_state *ps, struct pe_scan_saved *out);

/* ---- in the parent ---- */

/* One unit of a message, decoded in place: pointers into the message. */
struct pe_scan_unit {
	enum pe_scan_status status;
	size_t bars;
	int64_t last;		/* the last bar considered; INT64_MIN: none */
	double ms;
	const char *matches;	/* nformulas uint64, unaligned: see below */
	const char *name, *reason, *text, *rets, *days, *data, *scores;
	size_t name_len, reason_len, text_len, nret, ndays, data_len;
	size_t nscore;		/* one a line with conf.rank, else 0 */
	size_t size;		/* the unit's bytes in the message */
};

/* A signal line's score (conf.rank): the formula's value at its bar,
 * the bar's time, and the line's bytes (the unit's lines follow each
 * other in its text). */
struct pe_scan_score {
	double score;
	int64_t time;
	uint64_t len;
};

/*
 * The head of msg[0..len): its cache counts added to cache, *off set to
 * its first unit.  Then pe_scan_unit decodes the unit at off (for plans
 * of nf formulas); the next is at off + u->size.  Each returns PE_OK, or
 * PE_ERR_FORMAT when the bytes are not what a worker writes.
 */
int pe_scan_head(const char *msg, size_t len, struct pe_cache_stats *cache,
    size_t *off);
int pe_scan_unit(const char *msg, size_t len, size_t off, size_t nf,
    struct pe_scan_unit *u);

/* Formula fi's matches in u. */
uint64_t pe_scan_unit_matches(const struct pe_scan_unit *u, size_t fi);

/* The score of u's line k, k < u->nscore. */
struct pe_scan_score pe_scan_unit_score(const struct pe_scan_unit *u,
    size_t k);

/* u's matches, forward returns and days added to st (not its status).
 * PE_OK or PE_ERR_NOMEM. */
int pe_scan_count(struct pe_stats *st, const struct pe_scan_unit *u);

/* One symbol's outcome, as the parent hands it on. */
struct pe_scan_outcome {
	enum pe_scan_status status;
	const char *path;	/* the file */
	char symbol[PE_SYMBOL_MAX + 1];	/* or the file's base name */
	char reason[PE_ERRMSG_MAX + PE_ERRPATH_MAX + 64];	/* "" when ok */
	int names_path;		/* reason begins with the path */
	size_t bars;
	uint64_t matches;	/* signal lines */
	double ms;
	const char *text;	/* its signal lines */
	size_t len;
	const char *data;	/* what conf.series gave the parent */
	size_t data_len;
};

/*
 * A whole scan: every path on a pool of jobs workers (pe_pool.h), one file
 * a job, each scanned with scan (its cache, when it has one, inherited by
 * the workers, and closed in each at its end so that what it wrote is
 * published).  In the parent, each symbol's outcome goes to emit, in path
 * order or as it comes (unordered), after it is counted in the stats; a
 * file whose worker is lost is one outcome (timeout, or error with the
 * worker's end as the reason).  A non-zero emit ends the run.
 *
 * Stale data (scan.last only): a symbol scanned ok whose last bar is
 * before as_of is skipped, its reason "stale (last bar DATE)".  as_of
 * INT64_MAX judges none stale; INT64_MIN means the newest last bar of the
 * run, which is known only at its end, so then every outcome is held
 * back and handed on when the run ends (in path order).
 *
 * Ranked (scan.rank): the signal lines of every symbol ok are held
 * instead of handed on with its outcome (emit gets the outcome without
 * them), and once the run has ended whole (not interrupted, nor stopped
 * by emit) they go to lines ranked (pe_rank.h): all in one group with
 * scan.last, else a group per bar time; the first top of each group
 * (0: all); the file's place among paths and then the order of the lines
 * break the ties of one name.  A non-zero return of lines ends the
 * writing.
 */
struct pe_scan_run {
	struct pe_scan_conf scan;
	char *const *paths;
	size_t npaths;
	int jobs;		/* workers, >= 1 */
	double timeout;		/* seconds a file may take */
	int unordered;
	int64_t as_of;
	int (*emit)(void *ctx, const struct pe_scan_outcome *o);
	void (*progress)(void *ctx, size_t done);	/* may be NULL */
	void *ctx;
	/* may be NULL: the run goes on with fewer workers (pe_pool's) */
	void (*fewer)(void *ctx, int workers, int err);
	long top;		/* with scan.rank (above) */
	int (*lines)(void *ctx, const char *text, size_t len);
	/* May be NULL: per path, the symbol of a database's (pe_scan_symbol
	 * scans paths[i] then), or NULL for a file. */
	char *const *symbols;
};

/*
 * Run it: st is set up for the plan (pe_stats_free it after), ps tells how
 * the run ended (interrupted, stopped).  PE_OK, or PE_ERR_IO (a pipe or
 * fork failed), PE_ERR_FORMAT (a worker's message did not read) or
 * PE_ERR_NOMEM, with err filled.
 */
int pe_scan_run(const struct pe_scan_run *run, struct pe_stats *st,
    struct pe_pool_stats *ps, struct pe_error *err);

/*
 * o's result line, with its newline, appended to b:
 * {"symbol":..,"type":"result","status":"ok","bars":..,"matches":..,
 * "ms":..} when ok, else "status" (skipped, error, timeout) and "reason".
 * ms to two places, or to digits when that is fewer (PE_NUM_SHORTEST:
 * two).
 */
int pe_scan_result(struct pe_buf *b, const struct pe_scan_outcome *o,
    int digits);

/* The CSV header of the signal lines of a scan with conf (the plan's
 * keys, then score,rank with conf->rank), appended to b.  PE_OK or
 * PE_ERR_NOMEM. */
int pe_scan_header(const struct pe_scan_conf *conf, struct pe_buf *b);

/* "skipped", "error", ...: a status as result lines say it. */
const char *pe_scan_status_name(enum pe_scan_status s);

#endif
