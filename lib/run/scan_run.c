/*
 * scan_run: a whole scan on the worker pool.  See pe_scan.h.
 *
 * The scanner is made in the parent before the pool forks, so every
 * worker starts with its own copy (evaluator, buffers) and the cache
 * handle the parent opened; the parent never scans with it.  The parent
 * settles each unit of a worker's message: stale or not, counted, handed
 * on.  When the as-of time is the newest last bar of the run, units are
 * copied and held until the run ends.  A ranked run (scan.rank) holds
 * the signal lines of the symbols settled ok in a pe_rank, and writes
 * them ranked once the run has ended.
 *
 * Bloat: no retry of a lost file, no partial results of one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pe_load.h"
#include "pe_rank.h"
#include "pe_scan.h"
#include "pe_time.h"

/* An outcome held back until the run's end. */
struct held {
	size_t path;
	char *unit;		/* a copy of its unit, or NULL: lost */
	size_t size;
	enum pe_pool_loss why;	/* when lost */
	int code;
};

struct ctx {
	const struct pe_scan_run *run;
	struct pe_scan *scan;
	struct pe_stats *st;
	struct pe_error *err;
	int rc;			/* PE_OK, or why the run ended */
	int hold;		/* as-of: the newest last bar, known at the end */
	int64_t newest;		/* of the units held */
	struct held *held;
	size_t nheld, cap;
	struct pe_rank *rank;	/* scan.rank: the lines held, or NULL */
};

static int
job(void *p, size_t i, struct pe_buf *out)
{
	struct ctx *c = p;
	const char *sym = c->run->symbols ? c->run->symbols[i] : NULL;

	if (sym != NULL)
		return pe_scan_symbol(c->scan, c->run->paths[i], sym, out) ==
		    PE_OK ? 0 : 3;
	return pe_scan_file(c->scan, c->run->paths[i], out) == PE_OK ? 0 : 3;
}

/* A worker's normal end: what it wrote to the cache is published. */
static void
finish(void *p)
{
	struct ctx *c = p;

	pe_cache_close(c->run->scan.cache);
}

/* In the parent: a worker killed or dead before its finish leaves its
 * unfinished cache segment (up to 16 MB); it goes now. */
static void
gone(void *p, pid_t pid)
{
	struct ctx *c = p;

	pe_cache_discard(c->run->scan.cache, pid);
}

static void
fewer(void *p, int workers, int err)
{
	struct ctx *c = p;

	c->run->fewer(c->run->ctx, workers, err);
}

static int
fail(struct ctx *c, int rc, const char *path)
{
	c->rc = pe_error_set(c->err, rc, path, 0, 0, "%s", rc ==
	    PE_ERR_NOMEM ? "out of memory" : "a worker's message cannot be "
	    "read");
	return 1;
}

/* The counts of o's status. */
static void
count_status(struct pe_stats *st, enum pe_scan_status s)
{
	switch (s) {
	case PE_SCAN_OK: st->ok++; break;
	case PE_SCAN_SKIPPED: st->skipped++; break;
	case PE_SCAN_UNOPENED: st->unopened++; st->error++; break;
	case PE_SCAN_ERROR: st->error++; break;
	case PE_SCAN_TIMEOUT: st->timeout++; break;
	}
}

static void
copy_text(char *dst, size_t n, const char *src, size_t len)
{
	len = len < n - 1 ? len : n - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

/* The lines of o, the outcome of unit u of path i, into the ranking
 * (and no longer o's). */
static int
hold_lines(struct ctx *c, size_t i, const struct pe_scan_unit *u,
    struct pe_scan_outcome *o)
{
	struct pe_scan_score k;
	size_t j, off = 0;

	for (j = 0; j < u->nscore; j++) {
		k = pe_scan_unit_score(u, j);
		if (k.len > u->text_len - off || pe_rank_add(c->rank,
		    o->symbol, i, k.score, k.time, u->text + off,
		    (size_t)k.len) != PE_OK)
			return fail(c, k.len > u->text_len - off ?
			    PE_ERR_FORMAT : PE_ERR_NOMEM, o->path);
		off += (size_t)k.len;
	}
	o->text = NULL;
	o->len = 0;
	return 0;
}

/* Unit u of path i, judged against as_of, counted, handed on. */
static int
settle(struct ctx *c, size_t pi, const struct pe_scan_unit *u,
    int64_t as_of)
{
	const char *path = c->run->paths[pi];
	struct pe_scan_outcome o = { u->status, path, "", "", 0, u->bars, 0,
	    u->ms, u->text, u->text_len, u->data, u->data_len };
	char when[PE_TIME_BUFSZ];
	size_t i, plen = strlen(path);

	copy_text(o.symbol, sizeof o.symbol, u->name, u->name_len);
	copy_text(o.reason, sizeof o.reason, u->reason, u->reason_len);
	o.names_path = strncmp(o.reason, path, plen) == 0 &&
	    o.reason[plen] == ':';
	if (o.status == PE_SCAN_OK && c->run->scan.last &&
	    as_of != INT64_MAX && u->last != INT64_MIN && u->last < as_of) {
		pe_time_format(u->last, u->last % 86400000 == 0, when);
		snprintf(o.reason, sizeof o.reason, "stale (last bar %s)", when);
		o.status = PE_SCAN_SKIPPED;
		o.text = NULL;
		o.len = 0;
		c->st->stale++;
	} else if (o.status == PE_SCAN_OK) {
		for (i = 0; i < c->st->nformulas; i++)
			o.matches += pe_scan_unit_matches(u, i);
		if (pe_scan_count(c->st, u) != PE_OK)
			return fail(c, PE_ERR_NOMEM, path);
		if (c->rank != NULL && hold_lines(c, pi, u, &o) != 0)
			return 1;
	}
	count_status(c->st, o.status);
	return c->run->emit(c->run->ctx, &o);
}

/* Unit i whose worker was lost: one outcome under its file's base name
 * (a database's: its symbol). */
static int
settle_lost(struct ctx *c, size_t i, enum pe_pool_loss why, int code)
{
	const char *path = c->run->paths[i];
	const char *sym = c->run->symbols ? c->run->symbols[i] : NULL;
	struct pe_scan_outcome o = { why == PE_POOL_TIMEOUT ?
	    PE_SCAN_TIMEOUT : PE_SCAN_ERROR, path, "", "", 0, 0, 0, 0, NULL,
	    0, NULL, 0 };

	if (sym != NULL)
		snprintf(o.symbol, sizeof o.symbol, "%s", sym);
	else
		pe_load_symbol_of(path, o.symbol, sizeof o.symbol);
	pe_pool_loss_text(why, code, c->run->timeout, o.reason,
	    sizeof o.reason);
	count_status(c->st, o.status);
	return c->run->emit(c->run->ctx, &o);
}

static int
hold(struct ctx *c, size_t path, const char *unit, size_t size,
    enum pe_pool_loss why, int code)
{
	struct held *h;

	if (c->nheld == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 256;
		if ((h = realloc(c->held, c->cap * sizeof *h)) == NULL)
			return -1;
		c->held = h;
	}
	h = &c->held[c->nheld];
	*h = (struct held){ path, NULL, size, why, code };
	if (unit != NULL && (h->unit = malloc(size)) == NULL)
		return -1;
	if (unit != NULL)
		memcpy(h->unit, unit, size);
	c->nheld++;
	return 0;
}

static int
result(void *p, size_t i, const char *msg, size_t len)
{
	struct ctx *c = p;
	const size_t nf = c->run->scan.plan->nformulas;
	struct pe_scan_unit u;
	size_t off;
	int stop = 0;

	if (pe_scan_head(msg, len, &c->st->cache, &off) != PE_OK)
		return fail(c, PE_ERR_FORMAT, c->run->paths[i]);
	for (; off < len && !stop; off += u.size) {
		if (pe_scan_unit(msg, len, off, nf, &u) != PE_OK)
			return fail(c, PE_ERR_FORMAT, c->run->paths[i]);
		if (!c->hold)
			stop = settle(c, i, &u, c->run->as_of);
		else if (hold(c, i, msg + off, u.size, 0, 0) != 0)
			return fail(c, PE_ERR_NOMEM, c->run->paths[i]);
		else if (u.status == PE_SCAN_OK && u.last > c->newest)
			c->newest = u.last;
	}
	return stop;
}

static int
lost(void *p, size_t i, enum pe_pool_loss why, int code)
{
	struct ctx *c = p;

	if (!c->hold)
		return settle_lost(c, i, why, code);
	if (hold(c, i, NULL, 0, why, code) != 0)
		return fail(c, PE_ERR_NOMEM, c->run->paths[i]);
	return 0;
}

/* At the end: every held outcome (with settle; else only freed), judged
 * against the newest last bar.  Whether emit stopped the run. */
static int
settle_held(struct ctx *c, int settle_them)
{
	const size_t nf = c->run->scan.plan->nformulas;
	struct pe_scan_unit u;
	struct held *h;
	size_t i;
	int stop = !settle_them;

	for (i = 0; i < c->nheld; i++) {
		h = &c->held[i];
		if (!stop && h->unit == NULL)
			stop = settle_lost(c, h->path, h->why, h->code);
		else if (!stop && pe_scan_unit(h->unit, h->size, 0, nf, &u) ==
		    PE_OK)
			stop = settle(c, h->path, &u, c->newest);
		free(h->unit);
	}
	free(c->held);
	return stop && settle_them;
}

static void
progress(void *p, size_t done)
{
	struct ctx *c = p;

	c->run->progress(c->run->ctx, done);
}

/* A ranked run that ended whole: its lines, ranked, to run->lines. */
static void
write_ranked(struct ctx *c, const struct pe_pool_stats *ps)
{
	if (c->rc == PE_OK && !ps->interrupted && !ps->stopped &&
	    pe_rank_write(c->rank, c->run->lines, c->run->ctx) != PE_OK)
		fail(c, PE_ERR_NOMEM, NULL);
}

/* The ranking of a ranked run: lines in one group with --last, else a
 * group per bar time; the score's places as the lines'. */
static int
rank_new(struct ctx *c)
{
	const struct pe_scan_conf *s = &c->run->scan;
	struct pe_rank_conf rc = { !s->last, c->run->top, s->csv,
	    s->rounded ? s->digits : PE_NUM_SHORTEST };

	if (s->rank == NULL)
		return PE_OK;
	c->rank = pe_rank_new(&rc, c->err);
	return c->rank != NULL ? PE_OK : PE_ERR_NOMEM;
}

int
pe_scan_run(const struct pe_scan_run *run, struct pe_stats *st,
    struct pe_pool_stats *ps, struct pe_error *err)
{
	struct ctx c = { .run = run, .st = st, .err = err, .rc = PE_OK,
	    .hold = run->scan.last && run->as_of == INT64_MIN,
	    .newest = INT64_MIN };
	struct pe_pool pool = { run->jobs, run->timeout, run->unordered, &c,
	    job, NULL, finish, result, lost, run->progress ? progress : NULL,
	    run->scan.cache != NULL ? gone : NULL,
	    run->fewer != NULL ? fewer : NULL };
	struct pe_pool_stats mine;
	int rc;

	if ((rc = pe_stats_init(st, run->scan.plan->nformulas, err)) != PE_OK ||
	    (rc = rank_new(&c)) != PE_OK)
		return rc;
	if (run->scan.cache != NULL)	/* what the parent's open met */
		st->cache.corrupt = pe_cache_stats(run->scan.cache)->corrupt;
	if ((c.scan = pe_scan_new(&run->scan, err)) == NULL) {
		pe_rank_free(c.rank);
		return err != NULL ? err->code : PE_ERR_NOMEM;
	}
	rc = pe_pool_run(&pool, run->npaths, &mine, err);
	pe_scan_free(c.scan);
	if (c.hold && settle_held(&c, rc == PE_OK && c.rc == PE_OK &&
	    !mine.stopped))
		mine.stopped = 1;
	if (c.rank != NULL && rc == PE_OK)
		write_ranked(&c, &mine);
	pe_rank_free(c.rank);
	if (ps != NULL)
		*ps = mine;
	return rc == PE_OK ? c.rc : rc;
}
