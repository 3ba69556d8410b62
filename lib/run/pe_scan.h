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
 * run is in error; a file that cannot be read is one error line under its
 * base name.  The outcome of a file is one message: counts, the text of
 * its lines (signal JSONL for the bars between since and until, the last
 * of them only with last; result lines for problems, and for every symbol
 * with results), every forward return of a signal, the UTC day of every
 * match.  The parent adds a message to its pe_stats and writes its text.
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
#include "pe_error.h"
#include "pe_plan.h"
#include "pe_pool.h"
#include "pe_shard.h"
#include "pe_stats.h"

struct pe_scan_conf {
	const struct pe_plan *plan;
	int last;		/* only the last bar considered */
	int results;		/* a result line for every symbol scanned */
	int64_t since, until;	/* bars considered: since <= time <= until */
	int64_t tf;		/* resample to tf ms; 0: as read */
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
 * In the parent: add the message msg[0..len) to st, and point *text at
 * its lines (inside msg).  PE_OK; PE_ERR_FORMAT when msg is not a whole
 * message for st's formulas; PE_ERR_NOMEM.
 */
int pe_scan_take(struct pe_stats *st, const char *msg, size_t len,
    const char **text, size_t *textlen);

/*
 * In the parent: the result line of the file at path whose worker was
 * lost (status "timeout" or "error", the reason as pe_pool_loss_text
 * words it) appended to out, and counted in st.
 */
int pe_scan_lost(struct pe_stats *st, const char *path, const char *status,
    const char *reason, struct pe_buf *out);

/*
 * A whole scan: every path on a pool of jobs workers (pe_pool.h), one file
 * a job, each scanned with scan (its cache, when it has one, inherited by
 * the workers, and closed in each at its end so that what it wrote is
 * published).  In the parent, each file's text goes to emit, in path
 * order or as it comes (unordered); a file whose worker is lost is one
 * result line ("timeout" or "error" with the reason).  A non-zero emit
 * ends the run.
 */
struct pe_scan_run {
	struct pe_scan_conf scan;
	char *const *paths;
	size_t npaths;
	int jobs;		/* workers, >= 1 */
	double timeout;		/* seconds a file may take */
	int unordered;
	int (*emit)(void *ctx, const char *text, size_t len);
	void (*progress)(void *ctx, size_t done);	/* may be NULL */
	void *ctx;
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
 * A result line: {"symbol":..,"status":..} with "reason" when reason is
 * not NULL, else "bars", "matches" and "ms": ms to two places, or to
 * digits when that is fewer (PE_NUM_SHORTEST: two).
 */
int pe_scan_result(struct pe_buf *b, const char *symbol, const char *status,
    const char *reason, size_t bars, uint64_t matches, double ms,
    int digits);

#endif
