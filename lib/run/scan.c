/*
 * scan: one file through a plan, its outcome as a message.  See
 * pe_scan.h.
 *
 * The message: struct msg (the cache's counts for the file, the number
 * of units), then one unit a symbol (or one for the file when it could
 * not be read): struct unit, its nformulas uint64 match counts, its name,
 * its reason, its signal lines, its struct fret forward returns, its
 * int64 days, the bytes of conf.series, its struct pe_scan_score
 * scores (conf.rank).  It is only ever read by the process that forked
 * its writer (same ABI), and pe_scan_take checks every length against
 * the bytes it got.
 *
 * Bloat: the message copies the text once more (worker buffer, message);
 * forward returns look past --until when the data goes on.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "pe_candle.h"
#include "pe_db.h"
#include "pe_load.h"
#include "pe_refs.h"
#include "pe_scan.h"
#include "pe_signal.h"
#include "pe_time.h"
#include "pe_version.h"

struct msg {
	uint64_t hits, misses, corrupt, writes, unstored;	/* cache */
	uint64_t extended, parsed, computed;
	uint64_t unused;	/* of the cache's hits: entries of no use */
	uint64_t marks;		/* of its hits: "the ordinary way" marks */
	uint64_t nunits;
};

struct unit {			/* one symbol's outcome */
	uint32_t status;	/* enum pe_scan_status */
	uint32_t bars;
	int64_t last;		/* the last bar considered, or INT64_MIN */
	double ms;
	uint64_t name_len, reason_len, text_len, nret, ndays, data_len;
	uint64_t nscore;
};

struct fret {			/* one signal's forward return */
	uint32_t formula, pad;
	double r;
};

struct pe_scan {
	struct pe_scan_conf c;
	struct pe_plan_vec *vec;
	struct pe_signal *sig;
	struct pe_plan_store store;
	uint64_t *matches;	/* per formula, this symbol */
	struct pe_buf text;	/* this symbol's lines */
	struct pe_buf rets;	/* struct fret, this symbol */
	struct pe_buf days;	/* int64 day of each match */
	struct pe_buf data;	/* conf.series's bytes, this symbol */
	struct pe_buf scores;	/* struct pe_scan_score, this symbol */
	struct pe_buf *out;	/* the message being built */
	struct msg m;
	struct pe_buf key;	/* the cache key being built */
	size_t keybase;		/* its length up to the file's identity */
	struct pe_buf enc;	/* an entry being encoded */
	const char *sym;	/* the symbol being scanned */
	struct pe_cache_stats c0;	/* the cache's counts, last file */
	int oom;
	/* --last with the cache: saved states (see below) */
	struct pe_plan_state *st;	/* NULL: not used */
	char plankey[40];	/* the plan and output options, hashed */
	struct pe_buf file;	/* the bytes of the file being scanned */
	struct pe_buf tail;	/* its header line and appended rows */
	struct pe_buf saved;	/* its entry, after the header */
	/* a plan with sym(): the other symbols' files */
	struct pe_refs *refs;
	struct pe_plan_refs pr;
	/* the database of the last pe_scan_symbol, kept open */
	struct pe_db *db;
	char *dbpath;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

const char *
pe_scan_status_name(enum pe_scan_status s)
{
	static const char *const name[] = { "ok", "skipped", "error",
	    "error", "timeout" };

	return s <= PE_SCAN_TIMEOUT ? name[s] : "error";
}

int
pe_scan_result(struct pe_buf *b, const struct pe_scan_outcome *o,
    int digits)
{
	pe_buf_puts(b, "{\"symbol\":");
	pe_buf_json(b, o->symbol);
	pe_buf_printf(b, ",\"type\":\"result\",\"status\":\"%s\"",
	    pe_scan_status_name(o->status));
	if (o->status != PE_SCAN_OK) {
		pe_buf_puts(b, ",\"reason\":");
		pe_buf_json(b, o->reason);
	} else {
		pe_buf_printf(b, ",\"bars\":%zu,\"matches\":%llu,\"ms\":",
		    o->bars, (unsigned long long)o->matches);
		if (digits >= 0 && digits < 2)
			pe_buf_num_digits(b, o->ms, digits, 1);
		else
			pe_buf_num(b, round(o->ms * 100) / 100, 1);
	}
	pe_buf_puts(b, "}\n");
	return b->oom ? PE_ERR_NOMEM : PE_OK;
}

int
pe_scan_header(const struct pe_scan_conf *conf, struct pe_buf *b)
{
	struct pe_signal *sg;
	int rc;

	if ((sg = pe_signal_new_flags(conf->plan, conf->rank != NULL ?
	    PE_SIGNAL_NO_VALUES : 0, NULL)) == NULL)
		return PE_ERR_NOMEM;
	rc = pe_signal_header_extra(sg, conf->rank != NULL ? "score,rank" :
	    NULL, b);
	pe_signal_free(sg);
	return rc;
}

/* ---- the cache ---- */

/* The components of path s after k, each after a '/', but empty and "."
 * ones: "data//A.csv" and "./data/A.csv" are keyed as "data/A.csv" (pe-scan
 * names a directory's files one way, pe-stream's --warmup another). */
static void
put_components(struct pe_buf *k, const char *s)
{
	size_t n;

	while (*s != '\0') {
		while (*s == '/')
			s++;
		n = strcspn(s, "/");
		if (n > 0 && !(n == 1 && s[0] == '.')) {
			pe_buf_put(k, "/", 1);
			pe_buf_put(k, s, n);
		}
		s += n;
	}
}

/* Start key k with the version and path's absolute name (relative to
 * cwd, when not NULL). */
static void
key_path_in(struct pe_buf *k, const char *cwd, const char *path)
{
	k->len = 0;
	pe_buf_printf(k, "pe-scan %s", PE_VERSION);
	pe_buf_put(k, "", 1);
	if (path[0] != '/' && cwd != NULL)
		put_components(k, cwd);
	put_components(k, path);
	pe_buf_put(k, "", 1);
}

static void
key_path(struct pe_scan *sc, const char *path)
{
	key_path_in(&sc->key, sc->c.cwd, path);
}

/* Start the keys of the file at path (stat st); the item follows. */
static void
key_file(struct pe_scan *sc, const char *path, const struct stat *st)
{
	struct pe_buf *k = &sc->key;

	key_path(sc, path);
	pe_buf_printf(k, "%llu:%llu:%lld:%lld.%09ld:%lld.%09ld",
	    (unsigned long long)st->st_dev, (unsigned long long)st->st_ino,
	    (long long)st->st_size, (long long)st->st_mtim.tv_sec,
	    (long)st->st_mtim.tv_nsec, (long long)st->st_ctim.tv_sec,
	    (long)st->st_ctim.tv_nsec);
	pe_buf_put(k, "", 1);
	sc->keybase = k->len;
}

/* The candles of the file (key_file done) from the cache, or NULL. */
static struct pe_set *
get_set(struct pe_scan *sc)
{
	struct pe_set *set;
	const void *d;
	size_t len;

	sc->key.len = sc->keybase;
	pe_buf_puts(&sc->key, "candles");
	if (sc->key.oom || !pe_cache_get(sc->c.cache, sc->key.p, sc->key.len,
	    &d, &len))
		return NULL;
	if ((set = pe_set_new()) == NULL)
		return NULL;
	if (pe_cache_decode_set(d, len, set) != PE_OK) {
		pe_set_free(set);
		return NULL;
	}
	return set;
}

static void
put_set(struct pe_scan *sc, const struct pe_set *set)
{
	unsigned char *p = (unsigned char *)sc->enc.p;

	sc->enc.len = 0;
	if (pe_cache_encode_set(set, &p, &sc->enc.len, &sc->enc.cap) !=
	    PE_OK) {
		sc->oom = 1;
		return;
	}
	sc->enc.p = (char *)p;
	sc->key.len = sc->keybase;
	pe_buf_puts(&sc->key, "candles");
	if (!sc->key.oom)
		pe_cache_put(sc->c.cache, sc->key.p, sc->key.len, sc->enc.p,
		    sc->enc.len, NULL);
}

/* The key of instance in over the current symbol, or 0 when its text was
 * cut (it does not name the instance then). */
static int
key_ind(struct pe_scan *sc, const struct pe_plan_ind *in)
{
	char ses[PE_SESSION_BUFSZ];

	if (strlen(in->text) >= PE_PLAN_TEXT_MAX)
		return 0;
	sc->key.len = sc->keybase;
	pe_session_format(&sc->c.session, ses);
	/* the bars: resampled on the zone's clock, in the session */
	pe_buf_printf(&sc->key, "ind %lld %s %s", (long long)sc->c.tf, ses,
	    sc->c.tf != 0 || sc->c.session.on ? pe_tz_name() ?
	    pe_tz_name() : "-" : "-");
	pe_buf_put(&sc->key, "", 1);
	pe_buf_puts(&sc->key, sc->sym);
	pe_buf_put(&sc->key, "", 1);
	pe_buf_puts(&sc->key, in->text);
	return !sc->key.oom;
}

static int
store_get(void *ctx, const struct pe_plan_ind *in, size_t n,
    double *const *out)
{
	struct pe_scan *sc = ctx;
	const size_t col = n * sizeof(double);
	const void *d;
	size_t len;
	int k;

	if (!key_ind(sc, in) || !pe_cache_get(sc->c.cache, sc->key.p,
	    sc->key.len, &d, &len) || len != (size_t)in->info->nout * col)
		return 0;
	for (k = 0; k < in->info->nout; k++)
		memcpy(out[k], (const char *)d + (size_t)k * col, col);
	return 1;
}

static void
store_put(void *ctx, const struct pe_plan_ind *in, size_t n,
    const double *const *out)
{
	struct pe_scan *sc = ctx;
	int k;

	if (!key_ind(sc, in))
		return;
	sc->enc.len = 0;
	for (k = 0; k < in->info->nout; k++)
		pe_buf_put(&sc->enc, (const char *)out[k], n * sizeof(double));
	if (sc->enc.oom) {
		sc->oom = 1;
		return;
	}
	pe_cache_put(sc->c.cache, sc->key.p, sc->key.len, sc->enc.p,
	    sc->enc.len, NULL);
}

/* ---- one series ---- */

/* The bars considered, [*lo, *hi): since <= time <= until, the last of
 * them (last) or the last tail of them. */
static void
bars_between(const struct pe_scan *sc, const struct pe_series *s, size_t *lo,
    size_t *hi)
{
	long tail = sc->c.last ? 1 : sc->c.tail;

	*lo = pe_series_lower_bound(s, sc->c.since);
	*hi = sc->c.until == INT64_MAX ? s->n :
	    pe_series_lower_bound(s, sc->c.until + 1);
	if (*hi < *lo)
		*hi = *lo;
	if (tail > 0 && *hi - *lo > (size_t)tail)
		*lo = *hi - (size_t)tail;
}

/* Whether the symbol is of the shard and among those asked for. */
static int
keep(const struct pe_scan *sc, const char *symbol)
{
	size_t i;

	if (!pe_shard_keep(&sc->c.shard, symbol))
		return 0;
	for (i = 0; i < sc->c.nsymbols; i++)
		if (strcmp(sc->c.symbols[i], symbol) == 0)
			return 1;
	return sc->c.symbols == NULL;
}

/* A match of formula fi at bar i: its day, and its forward return
 * close[i+fwd] / close[i] - 1, a short's 1 - close[i+fwd] / close[i]
 * (none for an @exit or @cover, which closes a position rather than
 * opens one, when the series ends first, or when the return is not
 * finite). */
static void
count_match(struct pe_scan *sc, const struct pe_series *s, size_t i,
    size_t fi)
{
	struct fret f = { (uint32_t)fi, 0, 0 };
	enum pe_ftype type;
	int64_t day;

	sc->matches[fi]++;
	if (!sc->c.last) {
		day = s->time[i] / 86400000 - (s->time[i] % 86400000 < 0);
		pe_buf_put(&sc->days, (char *)&day, sizeof day);
	}
	type = sc->c.plan->formula[fi].type;
	if (sc->c.fwd <= 0 || s->n - i <= (size_t)sc->c.fwd ||
	    type == PE_FT_EXIT || type == PE_FT_COVER)
		return;
	f.r = s->close[i + (size_t)sc->c.fwd] / s->close[i] - 1;
	if (type == PE_FT_SHORT)
		f.r = 1 - s->close[i + (size_t)sc->c.fwd] / s->close[i];
	if (isfinite(f.r))
		pe_buf_put(&sc->rets, (char *)&f, sizeof f);
}

/*
 * One unit into the message: status, the symbol (or file) name, the
 * reason (NULL when ok), and what sc holds of the symbol's signals.
 */
static void
put_unit(struct pe_scan *sc, enum pe_scan_status status, const char *name,
    const char *reason, size_t bars, int64_t last, double ms)
{
	const size_t nf = sc->c.plan->nformulas;
	struct unit u = { (uint32_t)status, (uint32_t)bars, last, ms,
	    strlen(name), reason ? strlen(reason) : 0, sc->text.len,
	    sc->rets.len / sizeof(struct fret),
	    sc->days.len / sizeof(int64_t), sc->data.len,
	    sc->scores.len / sizeof(struct pe_scan_score) };

	pe_buf_put(sc->out, (char *)&u, sizeof u);
	pe_buf_put(sc->out, (char *)sc->matches, nf * sizeof *sc->matches);
	pe_buf_put(sc->out, name, u.name_len);
	pe_buf_put(sc->out, reason, u.reason_len);
	pe_buf_put(sc->out, sc->text.p, sc->text.len);
	pe_buf_put(sc->out, sc->rets.p, sc->rets.len);
	pe_buf_put(sc->out, sc->days.p, sc->days.len);
	pe_buf_put(sc->out, sc->data.p, sc->data.len);
	pe_buf_put(sc->out, sc->scores.p, sc->scores.len);
	sc->oom |= sc->text.oom || sc->rets.oom || sc->days.oom ||
	    sc->data.oom || sc->scores.oom;
	sc->text.len = sc->rets.len = sc->days.len = sc->data.len = 0;
	sc->scores.len = 0;
	memset(sc->matches, 0, (nf + 1) * sizeof *sc->matches);
	sc->m.nunits++;
}

/* With conf.rank: the score of the line just made, from at in
 * sc->text to its end, whose bar is at time; value is the formula's
 * there. */
static void
put_score(struct pe_scan *sc, double value, int64_t time, size_t at)
{
	struct pe_scan_score k = { value, time, sc->text.len - at };

	if (sc->c.rank != NULL)
		pe_buf_put(&sc->scores, (const char *)&k, sizeof k);
}

/* The signal lines of s (run into sc->vec) at bars [lo, hi), sym its
 * encoded symbol. */
static void
series_lines(struct pe_scan *sc, const struct pe_series *s, const char *sym,
    size_t lo, size_t hi)
{
	const struct pe_plan *plan = sc->c.plan;
	const double *score = sc->c.rank != NULL ?
	    pe_plan_col(sc->vec, sc->c.rank->root) : NULL;
	size_t i, fi, at;

	for (i = lo; i < hi; i++)
		for (fi = 0; fi < plan->nformulas; fi++) {
			if (plan->formula[fi].role != PE_PR_SIGNAL ||
			    pe_plan_col(sc->vec, plan->formula[fi].root)[i] !=
			    1.0)
				continue;
			at = sc->text.len;
			pe_signal_line(sc->sig, sc->vec, s, sym, i, fi,
			    !sc->c.csv, &sc->text);
			put_score(sc, score ? score[i] : NAN, s->time[i], at);
			count_match(sc, s, i, fi);
		}
}

/* The symbol of one series: its signal lines, or its skip or error. */
static void
scan_series(struct pe_scan *sc, const struct pe_series *s, double t0)
{
	const struct pe_plan *plan = sc->c.plan;
	struct pe_error err;
	char sym[PE_SYMBOL_ENCMAX], why[128];
	size_t lo, hi;

	if (s->n < (size_t)plan->lookback + 1) {
		snprintf(why, sizeof why, "insufficient data (%zu bars, "
		    "formula needs %ld)", s->n, plan->lookback + 1);
		put_unit(sc, PE_SCAN_SKIPPED, s->symbol, why, s->n, INT64_MIN,
		    0);
		return;
	}
	sc->sym = s->symbol;
	if (pe_plan_run(sc->vec, s, &err) != PE_OK) {
		put_unit(sc, PE_SCAN_ERROR, s->symbol, err.msg, s->n,
		    INT64_MIN, 0);
		return;
	}
	sc->m.computed += s->n;
	sym[pe_symbol_encode(s->symbol, !sc->c.csv, sym)] = '\0';
	bars_between(sc, s, &lo, &hi);
	if (sc->c.series != NULL && sc->c.series(sc->c.series_ctx, sc->vec,
	    s, lo, hi, &sc->text, &sc->data, &err) != PE_OK) {
		sc->text.len = sc->data.len = 0;
		put_unit(sc, PE_SCAN_ERROR, s->symbol, err.msg, s->n,
		    INT64_MIN, 0);
		return;
	}
	if (sc->c.series == NULL)
		series_lines(sc, s, sym, lo, hi);
	put_unit(sc, PE_SCAN_OK, s->symbol, NULL, s->n, hi > lo ?
	    s->time[hi - 1] : INT64_MIN, (now() - t0) * 1000);
}

/* ---- --last from saved states ---- */

/*
 * A --last scan with the cache keeps, per file and plan, the plan's state
 * after the file's last bar and the outcome there (its signal lines and
 * match counts), in one entry keyed by the file's path.  The next scan of
 * the file:
 *   - unchanged (its identity: device, inode, size, modification and
 *     change times in ns) gives that outcome without reading the file;
 *   - grown by appended rows (its first bytes hash, 128 bits, as the
 *     saved ones did, and they ended at a line's end) reads only the new
 *     rows, after the header line, steps the loaded state over them and
 *     gives the outcome at the new last bar;
 *   - otherwise (changed anywhere else, rewritten, shorter, new) is read
 *     and run whole.
 * The incremental evaluator gives at every bar the values the vectorised
 * one does (pe_plan.h), and pe_signal_line_values the line pe_signal_line
 * does, so all three give the bytes a scan without the cache gives.  What
 * the state path does not handle (a symbol column, too few bars, a plan
 * reading a volume the file lacks, a bad row, new rows not after the
 * last) goes the ordinary way, which says what is wrong.
 */

static int scan_set(struct pe_scan *sc, struct pe_set *set, double t0);
static size_t set_bars(const struct pe_set *set);

#define ST_MAGIC "pescst4\n"	/* bump the digit when the layout changes */

struct st_head {
	char magic[8];
	uint64_t dev, ino, size, mtime, ctime;	/* the file; times in ns */
	uint64_t h1, h2;	/* hash of its first size bytes */
	uint64_t hdr;		/* bytes of its header line */
	uint64_t bars;
	int64_t last;		/* time of the last bar */
	uint32_t has_volume, date_only;
	uint64_t nf, text_len, nscore, state_len;
	uint64_t saved;		/* when, in ns of the real-time clock */
};

/* Whether plan reads another symbol's candles (sym()). */
static int
has_sym(const struct pe_plan *p)
{
	size_t i;

	for (i = 0; i < p->nnodes; i++)
		if (p->node[i].op == PE_OP_SYM)
			return 1;
	return 0;
}

/* Whether a file's state can be saved and extended: not when the plan
 * reads another file too (sym()), which may change on its own. */
static int
resumable(const struct pe_scan_conf *c)
{
	return c->cache != NULL && c->last && c->series == NULL && c->tf == 0 &&
	    !c->session.on &&
	    c->since == INT64_MIN && c->until == INT64_MAX &&
	    c->plan->nformulas > 0 && !has_sym(c->plan);
}

static uint64_t
ns_of(const struct timespec *t)
{
	return (uint64_t)t->tv_sec * 1000000000u + (uint64_t)t->tv_nsec;
}

/* Now on the clock files' times are of. */
static uint64_t
real_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	return ns_of(&t);
}

/* Plan p's shape and names into b, a tf()'s plan after its node. */
static void
key_plan(struct pe_buf *b, const struct pe_plan *p)
{
	uint64_t bits;
	size_t i, j;

	for (i = 0; i < p->nnodes; i++) {
		const struct pe_plan_node *n = &p->node[i];

		bits = 0;
		if (n->op == PE_OP_CONST)
			memcpy(&bits, &n->value, 8);
		pe_buf_printf(b, "n %d %d %d %d %ld %d %d %llx %ld %s %s\n",
		    (int)n->op, (int)n->type, n->a, n->b, n->n, n->ind, n->k,
		    (unsigned long long)bits, n->lookback,
		    n->name ? n->name : "-", n->alias ? n->alias : "-");
		if (n->op == PE_OP_TF || n->op == PE_OP_SYM) {
			pe_buf_printf(b, "tf %lld %d %s {\n",
			    (long long)p->tf[n->n].ms, p->tf[n->n].root,
			    p->tf[n->n].name);
			key_plan(b, p->tf[n->n].plan);
			pe_buf_puts(b, "}\n");
		}
	}
	for (i = 0; i < p->ninds; i++) {
		pe_buf_printf(b, "i %s %d %d %ld", p->ind[i].info->name,
		    p->ind[i].x, p->ind[i].y, p->ind[i].start);
		for (j = 0; j < (size_t)p->ind[i].info->nparams; j++) {
			memcpy(&bits, &p->ind[i].p[j], 8);
			pe_buf_printf(b, " %llx", (unsigned long long)bits);
		}
		pe_buf_puts(b, "\n");
	}
	for (i = 0; i < p->nformulas; i++) {
		const struct pe_plan_formula *f = &p->formula[i];

		pe_buf_printf(b, "f %s %d %d %d", f->label, (int)f->type,
		    (int)f->role, f->root);
		for (j = 0; j < f->nval; j++)
			pe_buf_printf(b, " %d", f->val[j]);
		pe_buf_puts(b, "\n");
	}
}

/* The plan's shape, its names, the output options, the formula that
 * scores the lines (rank root, or -1), the zone of the time names (--tz)
 * and the bars' timeframe and session, as 128 bits of hex in key[40]:
 * saved states and outcomes are of
 * exactly that (an outcome saved without scores is never a ranked
 * scan's, nor one of New York's hours a scan's in UTC).  0 when out of
 * memory. */
static int
plan_key_of(const struct pe_plan *plan, int csv, int rounded, int digits,
    int rank, int64_t tf, const struct pe_session *session, char key[40])
{
	struct pe_buf b = { 0 };
	char ses[PE_SESSION_BUFSZ];
	uint64_t bits2[2];
	int ok;

	pe_session_format(session, ses);
	pe_buf_printf(&b, "%d %d %d %d %s %lld %s\n", csv, rounded, digits,
	    rank, pe_tz_name() ? pe_tz_name() : "-",	/* the names' zone */
	    (long long)tf, ses);	/* the bars */
	key_plan(&b, plan);
	pe_cache_hash128(b.p, b.len, bits2);
	snprintf(key, 40, "%016llx%016llx", (unsigned long long)bits2[0],
	    (unsigned long long)bits2[1]);
	ok = !b.oom;
	free(b.p);
	return ok;
}

static void
plan_key(struct pe_scan *sc)
{
	sc->oom |= !plan_key_of(sc->c.plan, sc->c.csv, sc->c.rounded,
	    sc->c.digits, sc->c.rank != NULL ? sc->c.rank->root : -1,
	    sc->c.tf, &sc->c.session, sc->plankey);
}

/* The entry's key: the file's path (not its identity) and the plan. */
static int
key_state_in(struct pe_buf *k, const char *cwd, const char *path,
    const char *plankey)
{
	key_path_in(k, cwd, path);
	pe_buf_printf(k, "state %s", plankey);
	return !k->oom;
}

static int
key_state(struct pe_scan *sc, const char *path)
{
	return key_state_in(&sc->key, sc->c.cwd, path, sc->plankey);
}

/* The whole file at path into b; 0 when it cannot be read. */
static int
read_into(struct pe_buf *b, const char *path)
{
	FILE *fp = fopen(path, "r");
	char chunk[65536];
	size_t got;
	int ok;

	b->len = 0;
	if (fp == NULL)
		return 0;
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
		pe_buf_put(b, chunk, got);
	ok = !ferror(fp) && !b->oom;
	fclose(fp);
	return ok;
}

static int
read_file(struct pe_scan *sc, const char *path)
{
	return read_into(&sc->file, path);
}

/* The signal lines and matches at the last bar, candle c, from the
 * state's values vals. */
static void
last_lines(struct pe_scan *sc, const double *vals, const struct pe_candle *c,
    int date_only, const char *symbol)
{
	const struct pe_plan *plan = sc->c.plan;
	char sym[PE_SYMBOL_ENCMAX];
	size_t fi, at;

	sym[pe_symbol_encode(symbol, !sc->c.csv, sym)] = '\0';
	for (fi = 0; fi < plan->nformulas; fi++) {
		if (plan->formula[fi].role != PE_PR_SIGNAL ||
		    vals[plan->formula[fi].root] != 1.0)
			continue;
		at = sc->text.len;
		pe_signal_line_values(sc->sig, vals, c, date_only, sym, fi,
		    !sc->c.csv, NULL, &sc->text);
		put_score(sc, sc->c.rank != NULL ? vals[sc->c.rank->root] :
		    NAN, c->time, at);
		sc->matches[fi]++;
	}
}

/*
 * Save the state and the outcome (sc->text, sc->matches) under sc->key,
 * with the head h (its identity and bars filled; the rest here).  bars 0
 * saves a mark: the head alone.
 */
static void
save_entry(struct pe_scan *sc, struct st_head *h)
{
	const size_t nf = sc->c.plan->nformulas;
	struct pe_buf *e = &sc->enc;
	size_t at;

	memcpy(h->magic, ST_MAGIC, 8);
	h->nf = nf;
	h->text_len = sc->text.len;
	h->nscore = sc->scores.len / sizeof(struct pe_scan_score);
	h->saved = real_ns();
	e->len = 0;
	pe_buf_put(e, (const char *)h, sizeof *h);
	pe_buf_put(e, (const char *)sc->matches, nf * sizeof *sc->matches);
	pe_buf_put(e, sc->text.p, sc->text.len);
	pe_buf_put(e, sc->scores.p, sc->scores.len);
	at = e->len;
	if ((h->bars > 0 && pe_plan_state_save(sc->st, e) != PE_OK) ||
	    e->oom || sc->key.oom) {
		sc->oom = 1;
		return;
	}
	h->state_len = e->len - at;
	memcpy(e->p, h, sizeof *h);
	pe_cache_put(sc->c.cache, sc->key.p, sc->key.len, e->p, e->len, NULL);
}

/*
 * Save the state and the outcome of the file of identity st whose bytes
 * are sc->file: bars of them, the last at time last; its header line hdr
 * bytes.  bars 0 saves a mark instead: the file goes the ordinary way
 * (its candles cached by identity) while it stays as it is.
 */
static void
save_state(struct pe_scan *sc, const char *path, const struct stat *st,
    size_t bars, int64_t last, int has_volume, int date_only, size_t hdr)
{
	struct st_head h;
	uint64_t hh[2];

	memset(&h, 0, sizeof h);
	h.dev = (uint64_t)st->st_dev;
	h.ino = (uint64_t)st->st_ino;
	h.size = (uint64_t)sc->file.len;
	h.mtime = ns_of(&st->st_mtim);
	h.ctime = ns_of(&st->st_ctim);
	pe_cache_hash128(sc->file.p, sc->file.len, hh);
	h.h1 = hh[0];
	h.h2 = hh[1];
	h.hdr = hdr;
	h.bars = bars;
	h.last = last;
	h.has_volume = (uint32_t)has_volume;
	h.date_only = (uint32_t)date_only;
	if (!key_state(sc, path)) {
		sc->oom = 1;
		return;
	}
	save_entry(sc, &h);
}

/*
 * The candles of buf[0..len) read as the ordinary path reads a file, or
 * NULL (a bad row: the ordinary path reads it again and says what is
 * wrong).  *one: whether they are one symbol's, without a symbol column,
 * and at least a bar.
 */
static struct pe_set *
parse_set(struct pe_scan *sc, const char *buf, size_t len, const char *path,
    const char *base, int *one)
{
	struct pe_read_opts ro = { .symbol = base, .sorted = 1 };
	struct pe_set *set = pe_set_new();
	struct pe_error err;
	int has = 0;

	if (set == NULL || pe_load_mem(buf, len, path, &ro, set, 0, NULL,
	    &has, &err) != PE_OK) {
		pe_set_free(set);
		return NULL;
	}
	sc->m.parsed += set_bars(set);
	*one = !has && set->n == 1 && set->v[0]->n > 0;
	return set;
}

/* Whether the plan runs over bars bars as the vectorised run would:
 * enough of them, and the volume it reads. */
static int
runs_plain(const struct pe_scan *sc, size_t bars, int has_volume)
{
	return bars >= (size_t)sc->c.plan->lookback + 1 &&
	    (!(sc->c.plan->inputs & PE_IN_VOLUME) || has_volume);
}

/* Step the state over the bars of s from from on; the values at the
 * last. */
static const double *
step_bars(struct pe_scan *sc, const struct pe_series *s, size_t from)
{
	const struct pe_cols c = { s->open, s->high, s->low, s->close,
	    s->volume, NULL, NULL, s->time };
	const double *v = NULL;
	struct pe_bar b;
	size_t i;

	pe_plan_state_dates(sc->st, s->date_only);
	for (i = from; i < s->n; i++) {
		pe_cols_bar(&c, i, &b);
		v = pe_plan_step(sc->st, &b);
	}
	sc->m.computed += s->n - from;
	return v;
}

/* The header line's length in sc->file, 0 when there is none. */
static size_t
header_len(const struct pe_scan *sc)
{
	const char *nl = memchr(sc->file.p, '\n', sc->file.len);

	return nl != NULL ? (size_t)(nl - sc->file.p) + 1 : 0;
}

/* The saved state in the body (data: after the head h) of an entry. */
static const char *
state_of(const struct st_head *h, const char *data)
{
	return data + h->nf * sizeof(uint64_t) + h->text_len +
	    h->nscore * sizeof(struct pe_scan_score);
}

/* The body of entry d[0..len) into sc->saved (the cache's buffer holds
 * the entry only until its next get); 0 when out of memory. */
static int
keep_entry(struct pe_scan *sc, const void *d, size_t len)
{
	sc->saved.len = 0;
	pe_buf_put(&sc->saved, (const char *)d + sizeof(struct st_head),
	    len - sizeof(struct st_head));
	return !sc->saved.oom;
}

/*
 * The outcome of the file (bytes in sc->file) from the saved entry h,
 * whose matches, text and state are at data, and the rows appended to
 * the file since; 0 when it did not grow that way.
 */
static int
extend(struct pe_scan *sc, const struct st_head *h, const char *data,
    const char *path, const struct stat *st, const char *base, double t0)
{
	const char *state = state_of(h, data);
	struct pe_set *set;
	struct pe_series *s;
	struct pe_candle c;
	uint64_t hh[2];
	size_t bars;
	int date_only, has_volume, one;

	if (sc->file.len <= h->size || h->hdr == 0 || h->hdr > h->size ||
	    sc->file.p[h->size - 1] != '\n')
		return 0;
	pe_cache_hash128(sc->file.p, (size_t)h->size, hh);
	if (hh[0] != h->h1 || hh[1] != h->h2)
		return 0;
	sc->tail.len = 0;
	pe_buf_put(&sc->tail, sc->file.p, (size_t)h->hdr);
	pe_buf_put(&sc->tail, sc->file.p + h->size,
	    sc->file.len - (size_t)h->size);
	if (sc->tail.oom || (set = parse_set(sc, sc->tail.p, sc->tail.len, path,
	    base, &one)) == NULL)
		return 0;
	if (!one) {
		pe_set_free(set);
		return 0;
	}
	s = set->v[0];
	bars = (size_t)h->bars + s->n;
	date_only = h->date_only && s->date_only;
	has_volume = h->has_volume || s->has_volume;
	if (s->time[0] <= h->last || !runs_plain(sc, bars, has_volume) ||
	    pe_plan_state_load(sc->st, state, (size_t)h->state_len) !=
	    PE_OK) {
		pe_set_free(set);
		return 0;
	}
	pe_series_get(s, s->n - 1, &c);
	last_lines(sc, step_bars(sc, s, 0), &c, date_only, base);
	save_state(sc, path, st, bars, c.time, has_volume, date_only,
	    (size_t)h->hdr);
	put_unit(sc, PE_SCAN_OK, base, NULL, bars, c.time,
	    (now() - t0) * 1000);
	sc->m.extended++;
	pe_set_free(set);
	return 1;
}

/* The outcome of an unchanged file, from its entry h (data: after h). */
static void
unchanged(struct pe_scan *sc, const struct st_head *h, const char *data,
    const char *base, double t0)
{
	const size_t nf = sc->c.plan->nformulas;

	memcpy(sc->matches, data, nf * sizeof *sc->matches);
	data += nf * sizeof(uint64_t);
	pe_buf_put(&sc->text, data, (size_t)h->text_len);
	pe_buf_put(&sc->scores, data + h->text_len,
	    (size_t)h->nscore * sizeof(struct pe_scan_score));
	put_unit(sc, PE_SCAN_OK, base, NULL, (size_t)h->bars, h->last,
	    (now() - t0) * 1000);
}

/* Whether d[0..len) is a whole entry of a plan of nf formulas; its
 * head into *h. */
static int
entry_ok(const void *d, size_t len, size_t nf, struct st_head *h)
{
	if (len < sizeof *h)
		return 0;
	memcpy(h, d, sizeof *h);
	return memcmp(h->magic, ST_MAGIC, 8) == 0 && h->nf == nf &&
	    h->text_len <= len && h->state_len <= len && h->nscore <= len &&
	    len == sizeof *h + nf * sizeof(uint64_t) + h->text_len +
	    h->nscore * sizeof(struct pe_scan_score) + h->state_len;
}

/* Whether st is the identity the entry h was saved with. */
static int
same_file(const struct st_head *h, const struct stat *st)
{
	return h->dev == (uint64_t)st->st_dev &&
	    h->ino == (uint64_t)st->st_ino &&
	    h->size == (uint64_t)st->st_size &&
	    h->mtime == ns_of(&st->st_mtim) &&
	    h->ctime == ns_of(&st->st_ctim);
}

/*
 * Whether the file of entry h, with the identity it was saved with, has
 * the bytes it had then (the file at path read into b).  The identity
 * vouches for them unless the file changed within RACY_NS before the
 * entry was saved: the file system stamps times from a clock that ticks
 * every few ms, so a second write in the same tick, after the scan read
 * the file, would keep its size and times.  Such an entry is checked by
 * its hash (as git checks a "racily clean" file).
 */
#define RACY_NS 50000000u	/* 50 ms: above any tick of the clock */

static int
same_bytes(const struct st_head *h, const char *path, struct pe_buf *b)
{
	uint64_t hh[2];

	if (h->mtime + RACY_NS < h->saved && h->ctime + RACY_NS < h->saved)
		return 1;
	if (!read_into(b, path) || b->len != h->size)
		return 0;
	pe_cache_hash128(b->p, b->len, hh);
	return hh[0] == h->h1 && hh[1] == h->h2;
}

int
pe_scan_saved(struct pe_cache *cache, const char *cwd,
    const struct pe_plan *plan, int csv, int rounded, int digits,
    const char *path, struct pe_plan_state *ps, struct pe_scan_saved *out)
{
	const struct pe_session none = { 0, 0, 0 };	/* bars as read */
	char plankey[40];
	struct pe_buf k = { 0 }, b = { 0 };
	struct st_head h;
	struct stat st;
	const void *d;
	size_t len;
	int ok = 0;

	if (cache == NULL || stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    !plan_key_of(plan, csv, rounded, digits, -1, 0, &none, plankey) ||
	    !key_state_in(&k, cwd, path, plankey) ||
	    !pe_cache_get(cache, k.p, k.len, &d, &len) ||
	    !entry_ok(d, len, plan->nformulas, &h) || h.bars == 0 ||
	    !same_file(&h, &st) ||
	    pe_plan_state_load(ps, (const char *)d + len - h.state_len,
	    (size_t)h.state_len) != PE_OK || !same_bytes(&h, path, &b))
		goto out;
	out->bars = (size_t)h.bars;
	out->last = h.last;
	out->date_only = (int)h.date_only;
	out->hdr = (size_t)h.hdr;
	out->size = (size_t)h.size;
	ok = 1;
out:
	free(k.p);
	free(b.p);
	return ok;
}

/*
 * The saved entry under sc->key: 1 with its head in *h and its bytes at
 * *d, *len (the cache's, until its next get); 0 when there is none or it
 * is not one (counted unused: a miss, not a hit).
 */
static int
get_state(struct pe_scan *sc, struct st_head *h, const void **d, size_t *len)
{
	const size_t nf = sc->c.plan->nformulas;
	int got;

	if (!pe_cache_get(sc->c.cache, sc->key.p, sc->key.len, d, len))
		return 0;
	got = entry_ok(*d, *len, nf, h);
	sc->m.unused += !got;
	return got;
}

/*
 * The --last outcome of the file at path (stat st) through its saved
 * state; 0 when the ordinary path is to scan it (nothing put then).
 */
static int
resume(struct pe_scan *sc, const char *path, const struct stat *st,
    const char *base, double t0)
{
	const size_t nf = sc->c.plan->nformulas;
	struct st_head h;
	struct pe_set *set;
	struct pe_series *s;
	struct pe_candle c;
	const void *d;
	size_t len;
	int got, one;

	if (!key_state(sc, path))
		return 0;
	got = get_state(sc, &h, &d, &len);
	if (got && h.bars == 0) {	/* a mark */
		if (same_file(&h, st)) {
			sc->m.marks++;
			return 0;
		}
		sc->m.unused++;		/* changed: look again */
		got = 0;
	}
	if (got && same_file(&h, st) && same_bytes(&h, path, &sc->file)) {
		unchanged(sc, &h, (const char *)d + sizeof h, base, t0);
		return 1;
	}
	if (got)
		got = keep_entry(sc, d, len);
	if (!read_file(sc, path)) {
		sc->m.unused += got;
		return 0;
	}
	if (got && extend(sc, &h, sc->saved.p, path, st, base, t0))
		return 1;
	sc->m.unused += got;
	if ((set = parse_set(sc, sc->file.p, sc->file.len, path, base,
	    &one)) == NULL)
		return 0;
	if (!one || !runs_plain(sc, set->v[0]->n, set->v[0]->has_volume)) {
		/* a symbol column, too few bars, no volume: the ordinary
		 * way, with these candles, and so next time while the file
		 * stays as it is */
		memset(sc->matches, 0, nf * sizeof *sc->matches);
		save_state(sc, path, st, 0, 0, 0, 0, 0);
		key_file(sc, path, st);
		put_set(sc, set);
		got = scan_set(sc, set, t0);
		pe_set_free(set);
		return got;
	}
	s = set->v[0];
	pe_plan_state_reset(sc->st);
	pe_series_get(s, s->n - 1, &c);
	last_lines(sc, step_bars(sc, s, 0), &c, s->date_only, base);
	save_state(sc, path, st, s->n, c.time, s->has_volume, s->date_only,
	    header_len(sc));
	put_unit(sc, PE_SCAN_OK, base, NULL, s->n, c.time,
	    (now() - t0) * 1000);
	pe_set_free(set);
	return 1;
}

/* ---- one file ---- */

static size_t
set_bars(const struct pe_set *set)
{
	size_t i, n = 0;

	for (i = 0; i < set->n; i++)
		n += set->v[i]->n;
	return n;
}

/*
 * The candles of the file at path (stat st), or NULL with why filled and
 * *status PE_SCAN_UNOPENED (it could not be opened or read) or
 * PE_SCAN_ERROR (a bad row or header).
 */
static struct pe_set *
read_set(struct pe_scan *sc, const char *path, const struct stat *st,
    const char *base, char *why, size_t n, enum pe_scan_status *status)
{
	struct pe_read_opts ro = { .symbol = base, .sorted = 1 };
	struct pe_error err;
	struct pe_set *set = NULL;
	size_t bad[PE_BAD_NKINDS] = { 0 };
	int has;

	if (sc->c.cache != NULL) {
		key_file(sc, path, st);
		if ((set = get_set(sc)) != NULL)
			return set;
	}
	*status = PE_SCAN_ERROR;
	if ((set = pe_set_new()) == NULL) {
		sc->oom = 1;
		snprintf(why, n, "out of memory");
		return NULL;
	}
	if (pe_load_path(path, &ro, set, 0, bad, &has, &err) != PE_OK) {
		pe_set_free(set);
		pe_error_format(&err, why, n);
		if (err.code == PE_ERR_IO && err.line == 0)
			*status = PE_SCAN_UNOPENED;
		return NULL;
	}
	sc->m.parsed += set_bars(set);
	if (sc->c.cache != NULL)
		put_set(sc, set);
	return set;
}

/* Every symbol of the set (of the shard); 0 when it holds no bar. */
static int
scan_set(struct pe_scan *sc, struct pe_set *set, double t0)
{
	size_t i, bars = 0;

	for (i = 0; i < set->n; i++) {
		if (sc->c.tf != 0 || sc->c.session.on)
			pe_series_resample(set->v[i], sc->c.tf,
			    &sc->c.session);
		bars += set->v[i]->n;
	}
	for (i = 0; bars > 0 && i < set->n; i++)
		if (set->v[i]->n > 0 && keep(sc, set->v[i]->symbol))
			scan_series(sc, set->v[i], i == 0 ? t0 : now());
	return bars > 0;
}

/* Every symbol of the file (of the shard), or the one problem of it. */
static void
scan_path(struct pe_scan *sc, const char *path)
{
	char base[256], why[PE_ERRMSG_MAX + PE_ERRPATH_MAX + 32];
	enum pe_scan_status status = PE_SCAN_ERROR;
	struct pe_set *set;
	struct stat st;
	double t0 = now();

	pe_load_symbol_of(path, base, sizeof base);
	if (sc->c.before != NULL)
		sc->c.before(sc->c.ctx, base);
	if (stat(path, &st) != 0) {
		snprintf(why, sizeof why, "%s: %s", path, strerror(errno));
		status = PE_SCAN_UNOPENED;
	} else if (!S_ISREG(st.st_mode))
		snprintf(why, sizeof why, "%s: not a regular file", path);
	else if (sc->st != NULL && keep(sc, base) &&
	    resume(sc, path, &st, base, t0))
		return;
	else if ((set = read_set(sc, path, &st, base, why, sizeof why,
	    &status)) != NULL) {
		if (scan_set(sc, set, t0)) {
			pe_set_free(set);
			return;
		}
		pe_set_free(set);
		snprintf(why, sizeof why, "%s: no data", path);
	}
	if (keep(sc, base))
		put_unit(sc, status, base, why, 0, INT64_MIN, 0);
}

/* ---- one symbol of a database ---- */

/*
 * A database's symbol (pe_scan_symbol) is keyed by content.  Indicator
 * columns: the database's path, the symbol and the hash of its rows
 * (rows_hash), so that they stay valid whatever else the database gets.
 * --last's saved state (key: the path, the symbol, the plan) has the
 * head of a file's, with the 128 bits of the database's identity
 * (pe_db_identity, hashed) in dev and ino, size, mtime and ctime 0, hdr
 * 0, and in h1 and h2 the hash of the symbol's bars rows.
 */

/* 128 bits of the first n bars of s (times, prices, volumes) and of the
 * form its times take (date only or not), into out. */
static void
rows_hash(const struct pe_series *s, size_t n, uint64_t out[2])
{
	const void *col[] = { s->time, s->open, s->high, s->low, s->close,
	    s->volume };
	uint64_t all[13];
	size_t k;

	for (k = 0; k < 6; k++)
		pe_cache_hash128(col[k], n * 8, all + 2 * k);
	all[12] = (uint64_t)s->date_only;
	pe_cache_hash128(all, sizeof all, out);
}

/* The database at path's identity, hashed, into id; -1 when it cannot
 * be examined. */
static int
db_identity(const char *path, uint64_t id[2])
{
	uint64_t raw[PE_DB_IDN];

	if (pe_db_identity(path, raw) != 0)
		return -1;
	pe_cache_hash128(raw, sizeof raw, id);
	return 0;
}

/* Start the keys of symbol in the database at path. */
static void
key_symbol(struct pe_scan *sc, const char *path, const char *symbol)
{
	key_path(sc, path);
	pe_buf_puts(&sc->key, "db");
	pe_buf_put(&sc->key, "", 1);
	pe_buf_puts(&sc->key, symbol);
	pe_buf_put(&sc->key, "", 1);
}

/* The key of the saved state of symbol; 0 when out of memory. */
static int
key_state_db(struct pe_scan *sc, const char *path, const char *symbol)
{
	key_symbol(sc, path, symbol);
	pe_buf_printf(&sc->key, "state %s", sc->plankey);
	return !sc->key.oom;
}

/* Start the keys of the indicators of s, symbol's rows. */
static void
key_rows(struct pe_scan *sc, const char *path, const struct pe_series *s)
{
	uint64_t hh[2];

	rows_hash(s, s->n, hh);
	key_symbol(sc, path, s->symbol);
	pe_buf_printf(&sc->key, "%016llx%016llx", (unsigned long long)hh[0],
	    (unsigned long long)hh[1]);
	pe_buf_put(&sc->key, "", 1);
	sc->keybase = sc->key.len;
}

/*
 * The rows of symbol in the database at path, in a new set of one
 * series; NULL with why filled and *status PE_SCAN_UNOPENED (the database
 * cannot be opened) or PE_SCAN_ERROR.
 */
static struct pe_set *
db_set(struct pe_scan *sc, const char *path, const char *symbol, char *why,
    size_t n, enum pe_scan_status *status)
{
	struct pe_error err;
	struct pe_set *set;
	struct pe_series *s;

	*status = PE_SCAN_ERROR;
	if (sc->db == NULL || strcmp(sc->dbpath, path) != 0) {
		pe_db_close(sc->db);
		sc->db = NULL;
		free(sc->dbpath);
		if ((sc->dbpath = strdup(path)) == NULL)
			goto nomem;
		if (pe_db_open(path, 0, &sc->db, &err) != PE_OK) {
			pe_error_format(&err, why, n);
			*status = err.code == PE_ERR_IO ? PE_SCAN_UNOPENED :
			    PE_SCAN_ERROR;
			return NULL;
		}
	}
	if ((set = pe_set_new()) == NULL ||
	    (s = pe_set_get(set, symbol, strlen(symbol))) == NULL) {
		pe_set_free(set);
		goto nomem;
	}
	if (pe_db_read(sc->db, symbol, s, &err) != PE_OK) {
		pe_error_format(&err, why, n);
		pe_set_free(set);
		return NULL;
	}
	sc->m.parsed += s->n;
	return set;
nomem:
	sc->oom = 1;
	snprintf(why, n, "out of memory");
	return NULL;
}

/* Save the state after the last bar of s, with the database's id. */
static void
save_state_db(struct pe_scan *sc, const char *path, const uint64_t id[2],
    const struct pe_series *s)
{
	struct st_head h;
	uint64_t hh[2];

	memset(&h, 0, sizeof h);
	h.dev = id[0];
	h.ino = id[1];
	if (s != NULL && s->n > 0) {
		rows_hash(s, s->n, hh);
		h.h1 = hh[0];
		h.h2 = hh[1];
		h.bars = s->n;
		h.last = s->time[s->n - 1];
		h.has_volume = (uint32_t)s->has_volume;
		h.date_only = (uint32_t)s->date_only;
	}
	if (!key_state_db(sc, path, s != NULL ? s->symbol : "")) {
		sc->oom = 1;
		return;
	}
	save_entry(sc, &h);
}

/*
 * --last through the saved state of symbol (see pe_scan_symbol); 0 when
 * the ordinary way is to scan it, with *setp its rows when they were
 * read (NULL: read them).
 */
static int
resume_db(struct pe_scan *sc, const char *path, const char *symbol,
    struct pe_set **setp, double t0)
{
	const size_t nf = sc->c.plan->nformulas;
	enum pe_scan_status status;
	struct st_head h;
	struct pe_series *s;
	struct pe_candle c;
	const void *d;
	char why[64];
	size_t len;
	uint64_t id[2], hh[2];
	int got, same;

	*setp = NULL;
	if (db_identity(path, id) != 0 || !key_state_db(sc, path, symbol))
		return 0;
	got = get_state(sc, &h, &d, &len);
	if (got && h.bars == 0) {	/* a mark */
		if (h.dev == id[0] && h.ino == id[1]) {
			sc->m.marks++;
			return 0;
		}
		sc->m.unused++;
		got = 0;
	}
	if (got && h.dev == id[0] && h.ino == id[1]) {
		unchanged(sc, &h, (const char *)d + sizeof h, symbol, t0);
		return 1;
	}
	if (got)
		got = keep_entry(sc, d, len);
	if ((*setp = db_set(sc, path, symbol, why, sizeof why, &status)) ==
	    NULL) {
		sc->m.unused += got;
		return 0;	/* the ordinary way says what is wrong */
	}
	s = (*setp)->v[0];
	same = 0;
	if (got && h.bars > 0 && s->n >= h.bars &&
	    (uint32_t)s->date_only == h.date_only) {
		rows_hash(s, (size_t)h.bars, hh);
		same = hh[0] == h.h1 && hh[1] == h.h2;
	}
	if (same && s->n == h.bars) {
		/* the same rows, the database changed elsewhere: the saved
		 * outcome, under the database's new identity */
		unchanged(sc, &h, sc->saved.p, symbol, t0);
		h.dev = id[0];
		h.ino = id[1];
		sc->enc.len = 0;
		pe_buf_put(&sc->enc, (const char *)&h, sizeof h);
		pe_buf_put(&sc->enc, sc->saved.p, sc->saved.len);
		if (!sc->enc.oom && key_state_db(sc, path, symbol))
			pe_cache_put(sc->c.cache, sc->key.p, sc->key.len,
			    sc->enc.p, sc->enc.len, NULL);
		goto done;
	}
	if (same && runs_plain(sc, s->n, s->has_volume) &&
	    pe_plan_state_load(sc->st, state_of(&h, sc->saved.p),
	    (size_t)h.state_len) == PE_OK) {
		/* rows added after the saved ones: step over those alone */
		memset(sc->matches, 0, nf * sizeof *sc->matches);
		pe_series_get(s, s->n - 1, &c);
		last_lines(sc, step_bars(sc, s, (size_t)h.bars), &c,
		    s->date_only, symbol);
		save_state_db(sc, path, id, s);
		put_unit(sc, PE_SCAN_OK, symbol, NULL, s->n, c.time,
		    (now() - t0) * 1000);
		sc->m.extended++;
		goto done;
	}
	sc->m.unused += got;
	memset(sc->matches, 0, nf * sizeof *sc->matches);
	if (!runs_plain(sc, s->n, s->has_volume)) {
		/* the ordinary way, so while the database stays as it is */
		save_state_db(sc, path, id, NULL);
		return 0;
	}
	pe_plan_state_reset(sc->st);
	pe_series_get(s, s->n - 1, &c);
	last_lines(sc, step_bars(sc, s, 0), &c, s->date_only, symbol);
	save_state_db(sc, path, id, s);
	put_unit(sc, PE_SCAN_OK, symbol, NULL, s->n, c.time,
	    (now() - t0) * 1000);
done:
	pe_set_free(*setp);
	*setp = NULL;
	return 1;
}

/* Symbol of the database at path (of the shard, asked for), or the one
 * problem of it. */
static void
scan_db(struct pe_scan *sc, const char *path, const char *symbol)
{
	char why[PE_ERRMSG_MAX + PE_ERRPATH_MAX + 32];
	enum pe_scan_status status = PE_SCAN_ERROR;
	struct pe_set *set = NULL;
	double t0 = now();

	if (!keep(sc, symbol))
		return;
	if (sc->c.before != NULL)
		sc->c.before(sc->c.ctx, symbol);
	if (sc->st != NULL && resume_db(sc, path, symbol, &set, t0))
		return;
	if (set == NULL && (set = db_set(sc, path, symbol, why, sizeof why,
	    &status)) == NULL) {
		put_unit(sc, status, symbol, why, 0, INT64_MIN, 0);
		return;
	}
	if (sc->c.cache != NULL && sc->st == NULL)
		key_rows(sc, path, set->v[0]);
	if (!scan_set(sc, set, t0)) {
		snprintf(why, sizeof why, "%s: %s: no data", path, symbol);
		put_unit(sc, PE_SCAN_ERROR, symbol, why, 0, INT64_MIN, 0);
	}
	pe_set_free(set);
}

/* The cache's counts since the last file, into m. */
static void
cache_delta(struct pe_scan *sc, struct msg *m)
{
	struct pe_cache_stats c1;

	if (sc->c.cache == NULL)
		return;
	c1 = *pe_cache_stats(sc->c.cache);
	m->hits = c1.hits - sc->c0.hits - m->extended - m->unused - m->marks;
	m->misses = c1.misses - sc->c0.misses + m->unused;
	m->corrupt = c1.corrupt - sc->c0.corrupt;
	m->writes = c1.writes - sc->c0.writes;
	m->unstored = c1.unstored - sc->c0.unstored;
	sc->c0 = c1;
}

/* The message of a file (symbol NULL) or of a database's symbol. */
static int
scan_unit(struct pe_scan *sc, const char *path, const char *symbol,
    struct pe_buf *out)
{
	size_t head = out->len;

	memset(&sc->m, 0, sizeof sc->m);
	sc->out = out;
	pe_buf_put(out, (char *)&sc->m, sizeof sc->m);	/* room for it */
	if (sc->refs != NULL)
		pe_refs_base(sc->refs, path);
	if (symbol != NULL)
		scan_db(sc, path, symbol);
	else
		scan_path(sc, path);
	cache_delta(sc, &sc->m);
	if (sc->oom || out->oom)
		return PE_ERR_NOMEM;
	memcpy(out->p + head, &sc->m, sizeof sc->m);
	return PE_OK;
}

int
pe_scan_file(struct pe_scan *sc, const char *path, struct pe_buf *out)
{
	return scan_unit(sc, path, NULL, out);
}

int
pe_scan_symbol(struct pe_scan *sc, const char *path, const char *symbol,
    struct pe_buf *out)
{
	return scan_unit(sc, path, symbol, out);
}

struct pe_scan *
pe_scan_new(const struct pe_scan_conf *conf, struct pe_error *err)
{
	struct pe_scan *sc;

	if ((sc = calloc(1, sizeof *sc)) == NULL)
		goto nomem;
	sc->c = *conf;
	if ((sc->vec = pe_plan_vec_new(conf->plan, err)) == NULL ||
	    (sc->sig = pe_signal_new_flags(conf->plan, conf->rank != NULL ?
	    PE_SIGNAL_NO_VALUES : 0, err)) == NULL) {
		pe_scan_free(sc);
		return NULL;
	}
	if (conf->rounded)
		pe_signal_digits(sc->sig, conf->digits);
	if ((sc->matches = calloc(conf->plan->nformulas + 1,
	    sizeof *sc->matches)) == NULL) {
		pe_scan_free(sc);
		goto nomem;
	}
	if (conf->cache != NULL)
		sc->c0 = *pe_cache_stats(conf->cache);
	if (has_sym(conf->plan)) {
		if ((sc->refs = pe_refs_new(conf->ref)) == NULL) {
			pe_scan_free(sc);
			goto nomem;
		}
		sc->pr = (struct pe_plan_refs){ pe_refs_get, sc->refs };
		pe_plan_vec_refs(sc->vec, &sc->pr);
	}
	if (resumable(conf)) {
		if ((sc->st = pe_plan_state_new(conf->plan, err)) == NULL) {
			pe_scan_free(sc);
			return NULL;
		}
		plan_key(sc);
	} else if (conf->cache != NULL) {
		sc->store = (struct pe_plan_store){ store_get, store_put, sc };
		pe_plan_vec_store(sc->vec, &sc->store);
	}
	return sc;
nomem:
	pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0, "out of memory");
	return NULL;
}

void
pe_scan_free(struct pe_scan *sc)
{
	if (sc == NULL)
		return;
	pe_plan_vec_free(sc->vec);
	pe_refs_free(sc->refs);
	pe_signal_free(sc->sig);
	free(sc->matches);
	free(sc->text.p);
	free(sc->rets.p);
	free(sc->days.p);
	free(sc->data.p);
	free(sc->scores.p);
	free(sc->key.p);
	free(sc->enc.p);
	pe_plan_state_free(sc->st);
	free(sc->file.p);
	free(sc->tail.p);
	free(sc->saved.p);
	pe_db_close(sc->db);
	free(sc->dbpath);
	free(sc);
}

/* ---- the parent's side ---- */

int
pe_scan_head(const char *msg, size_t len, struct pe_cache_stats *cache,
    size_t *off)
{
	struct msg m;

	if (len < sizeof m)
		return PE_ERR_FORMAT;
	memcpy(&m, msg, sizeof m);
	cache->hits += m.hits;
	cache->misses += m.misses;
	cache->corrupt += m.corrupt;
	cache->writes += m.writes;
	cache->unstored += m.unstored;
	cache->extended += m.extended;
	cache->parsed += m.parsed;
	cache->computed += m.computed;
	*off = sizeof m;
	return PE_OK;
}

int
pe_scan_unit(const char *msg, size_t len, size_t off, size_t nf,
    struct pe_scan_unit *u)
{
	struct unit h;
	size_t need;

	if (off > len || len - off < sizeof h)
		return PE_ERR_FORMAT;
	memcpy(&h, msg + off, sizeof h);
	if (h.status > PE_SCAN_TIMEOUT || h.name_len > len ||
	    h.reason_len > len || h.text_len > len || h.nret > len ||
	    h.ndays > len || h.data_len > len || h.nscore > len)
		return PE_ERR_FORMAT;
	need = sizeof h + nf * sizeof(uint64_t) + h.name_len + h.reason_len +
	    h.text_len + h.nret * sizeof(struct fret) + h.ndays *
	    sizeof(int64_t) + h.data_len + h.nscore *
	    sizeof(struct pe_scan_score);
	if (len - off < need)
		return PE_ERR_FORMAT;
	u->status = (enum pe_scan_status)h.status;
	u->bars = h.bars;
	u->last = h.last;
	u->ms = h.ms;
	u->matches = msg + off + sizeof h;
	u->name = u->matches + nf * sizeof(uint64_t);
	u->name_len = h.name_len;
	u->reason = u->name + h.name_len;
	u->reason_len = h.reason_len;
	u->text = u->reason + h.reason_len;
	u->text_len = h.text_len;
	u->rets = u->text + h.text_len;
	u->nret = h.nret;
	u->days = u->rets + h.nret * sizeof(struct fret);
	u->ndays = h.ndays;
	u->data = u->days + h.ndays * sizeof(int64_t);
	u->data_len = h.data_len;
	u->scores = u->data + h.data_len;
	u->nscore = h.nscore;
	u->size = need;
	return PE_OK;
}

uint64_t
pe_scan_unit_matches(const struct pe_scan_unit *u, size_t fi)
{
	uint64_t c;

	memcpy(&c, u->matches + fi * sizeof c, sizeof c);
	return c;
}

struct pe_scan_score
pe_scan_unit_score(const struct pe_scan_unit *u, size_t k)
{
	struct pe_scan_score sc;

	memcpy(&sc, u->scores + k * sizeof sc, sizeof sc);
	return sc;
}

int
pe_scan_count(struct pe_stats *st, const struct pe_scan_unit *u)
{
	struct fret f;
	int64_t day;
	size_t i;

	for (i = 0; i < st->nformulas; i++)
		st->matches[i] += pe_scan_unit_matches(u, i);
	for (i = 0; i < u->nret; i++) {
		memcpy(&f, u->rets + i * sizeof f, sizeof f);
		if (f.formula < st->nformulas && pe_stats_add_return(st,
		    f.formula, f.r) != PE_OK)
			return PE_ERR_NOMEM;
	}
	for (i = 0; i < u->ndays; i++) {
		memcpy(&day, u->days + i * sizeof day, sizeof day);
		if (pe_stats_add_day(st, day) != PE_OK)
			return PE_ERR_NOMEM;
	}
	return PE_OK;
}
