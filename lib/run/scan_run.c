/*
 * scan_run: a whole scan on the worker pool.  See pe_scan.h.
 *
 * The scanner is made in the parent before the pool forks, so every
 * worker starts with its own copy (evaluator, buffers) and the cache
 * handle the parent opened; the parent never scans with it.
 *
 * Bloat: no retry of a lost file, no partial results of one.
 */
#include <stdlib.h>
#include <string.h>

#include "pe_scan.h"

struct ctx {
	const struct pe_scan_run *run;
	struct pe_scan *scan;
	struct pe_stats *st;
	struct pe_buf line;	/* a lost file's result line */
	int rc;			/* PE_OK, or why the run ended */
	struct pe_error *err;
};

static int
job(void *p, size_t i, struct pe_buf *out)
{
	struct ctx *c = p;

	return pe_scan_file(c->scan, c->run->paths[i], out) == PE_OK ? 0 : 3;
}

/* A worker's normal end: what it wrote to the cache is published. */
static void
finish(void *p)
{
	struct ctx *c = p;

	pe_cache_close(c->run->scan.cache);
}

static int
result(void *p, size_t i, const char *msg, size_t len)
{
	struct ctx *c = p;
	const char *text;
	size_t n;

	if ((c->rc = pe_scan_take(c->st, msg, len, &text, &n)) != PE_OK) {
		pe_error_set(c->err, c->rc, c->run->paths[i], 0, 0, "%s",
		    c->rc == PE_ERR_NOMEM ? "out of memory" :
		    "a worker's message cannot be read");
		return 1;
	}
	return c->run->emit(c->run->ctx, text, n);
}

static int
lost(void *p, size_t i, enum pe_pool_loss why, int code)
{
	struct ctx *c = p;
	char reason[64];

	pe_pool_loss_text(why, code, c->run->timeout, reason, sizeof reason);
	c->line.len = 0;
	if (pe_scan_lost(c->st, c->run->paths[i], why == PE_POOL_TIMEOUT ?
	    "timeout" : "error", reason, &c->line) != PE_OK) {
		c->rc = pe_error_set(c->err, PE_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
		return 1;
	}
	return c->run->emit(c->run->ctx, c->line.p, c->line.len);
}

static void
progress(void *p, size_t done)
{
	struct ctx *c = p;

	c->run->progress(c->run->ctx, done);
}

int
pe_scan_run(const struct pe_scan_run *run, struct pe_stats *st,
    struct pe_pool_stats *ps, struct pe_error *err)
{
	struct ctx c = { run, NULL, st, { 0 }, PE_OK, err };
	struct pe_pool pool = { run->jobs, run->timeout, run->unordered, &c,
	    job, NULL, finish, result, lost, run->progress ? progress : NULL };
	int rc;

	if ((rc = pe_stats_init(st, run->scan.plan->nformulas, err)) != PE_OK)
		return rc;
	if (run->scan.cache != NULL)	/* what the parent's open met */
		st->cache.corrupt = pe_cache_stats(run->scan.cache)->corrupt;
	if ((c.scan = pe_scan_new(&run->scan, err)) == NULL)
		return err != NULL ? err->code : PE_ERR_NOMEM;
	rc = pe_pool_run(&pool, run->npaths, ps, err);
	pe_scan_free(c.scan);
	free(c.line.p);
	if (rc == PE_OK && c.rc != PE_OK)
		rc = c.rc;
	if (rc == PE_OK && ps != NULL && ps->stopped && c.rc != PE_OK)
		rc = c.rc;
	return rc;
}
