/*
 * scan: one file through a plan, its outcome as a message.  See
 * pe_scan.h.
 *
 * The message: struct msg (the cache's counts for the file, the number
 * of units), then one unit a symbol (or one for the file when it could
 * not be read): struct unit, its nformulas uint64 match counts, its name,
 * its reason, its signal lines, its struct fret forward returns, its
 * int64 days, the bytes of conf.series.  It is only ever read by the process that forked its
 * writer (same ABI), and pe_scan_take checks every length against the
 * bytes it got.
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
#include "pe_load.h"
#include "pe_scan.h"
#include "pe_signal.h"
#include "pe_version.h"

struct msg {
	uint64_t hits, misses, corrupt, writes, unstored;	/* cache */
	uint64_t nunits;
};

struct unit {			/* one symbol's outcome */
	uint32_t status;	/* enum pe_scan_status */
	uint32_t bars;
	int64_t last;		/* the last bar considered, or INT64_MIN */
	double ms;
	uint64_t name_len, reason_len, text_len, nret, ndays, data_len;
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
	struct pe_buf *out;	/* the message being built */
	struct msg m;
	struct pe_buf key;	/* the cache key being built */
	size_t keybase;		/* its length up to the file's identity */
	struct pe_buf enc;	/* an entry being encoded */
	const char *sym;	/* the symbol being scanned */
	struct pe_cache_stats c0;	/* the cache's counts, last file */
	int oom;
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

/* ---- the cache ---- */

/* Start the keys of the file at path (stat st); the item follows. */
static void
key_file(struct pe_scan *sc, const char *path, const struct stat *st)
{
	struct pe_buf *k = &sc->key;

	k->len = 0;
	pe_buf_printf(k, "pe-scan %s", PE_VERSION);
	pe_buf_put(k, "", 1);
	if (path[0] != '/' && sc->c.cwd != NULL) {
		pe_buf_puts(k, sc->c.cwd);
		pe_buf_puts(k, "/");
	}
	pe_buf_puts(k, path);
	pe_buf_put(k, "", 1);
	pe_buf_printf(k, "%llu:%llu:%lld:%lld.%09ld",
	    (unsigned long long)st->st_dev, (unsigned long long)st->st_ino,
	    (long long)st->st_size, (long long)st->st_mtim.tv_sec,
	    (long)st->st_mtim.tv_nsec);
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
	if (strlen(in->text) >= PE_PLAN_TEXT_MAX)
		return 0;
	sc->key.len = sc->keybase;
	pe_buf_printf(&sc->key, "ind %lld", (long long)sc->c.tf);
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
	    sc->days.len / sizeof(int64_t), sc->data.len };

	pe_buf_put(sc->out, (char *)&u, sizeof u);
	pe_buf_put(sc->out, (char *)sc->matches, nf * sizeof *sc->matches);
	pe_buf_put(sc->out, name, u.name_len);
	pe_buf_put(sc->out, reason, u.reason_len);
	pe_buf_put(sc->out, sc->text.p, sc->text.len);
	pe_buf_put(sc->out, sc->rets.p, sc->rets.len);
	pe_buf_put(sc->out, sc->days.p, sc->days.len);
	pe_buf_put(sc->out, sc->data.p, sc->data.len);
	sc->oom |= sc->text.oom || sc->rets.oom || sc->days.oom ||
	    sc->data.oom;
	sc->text.len = sc->rets.len = sc->days.len = sc->data.len = 0;
	memset(sc->matches, 0, (nf + 1) * sizeof *sc->matches);
	sc->m.nunits++;
}

/* The symbol of one series: its signal lines, or its skip or error. */
static void
scan_series(struct pe_scan *sc, const struct pe_series *s, double t0)
{
	const struct pe_plan *plan = sc->c.plan;
	struct pe_error err;
	char sym[PE_SYMBOL_ENCMAX], why[128];
	size_t i, fi, lo, hi;

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
	sym[pe_symbol_encode(s->symbol, !sc->c.csv, sym)] = '\0';
	bars_between(sc, s, &lo, &hi);
	if (sc->c.series != NULL && sc->c.series(sc->c.series_ctx, sc->vec,
	    s, lo, hi, &sc->text, &sc->data, &err) != PE_OK) {
		sc->text.len = sc->data.len = 0;
		put_unit(sc, PE_SCAN_ERROR, s->symbol, err.msg, s->n,
		    INT64_MIN, 0);
		return;
	}
	for (i = lo; sc->c.series == NULL && i < hi; i++)
		for (fi = 0; fi < plan->nformulas; fi++) {
			if (pe_plan_col(sc->vec, plan->formula[fi].root)[i] !=
			    1.0)
				continue;
			pe_signal_line(sc->sig, sc->vec, s, sym, i, fi,
			    !sc->c.csv, &sc->text);
			count_match(sc, s, i, fi);
		}
	put_unit(sc, PE_SCAN_OK, s->symbol, NULL, s->n, hi > lo ?
	    s->time[hi - 1] : INT64_MIN, (now() - t0) * 1000);
}

/* ---- one file ---- */

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
		if (sc->c.tf > 0)
			pe_series_resample(set->v[i], sc->c.tf);
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

/* The cache's counts since the last file, into m. */
static void
cache_delta(struct pe_scan *sc, struct msg *m)
{
	struct pe_cache_stats c1;

	if (sc->c.cache == NULL)
		return;
	c1 = *pe_cache_stats(sc->c.cache);
	m->hits = c1.hits - sc->c0.hits;
	m->misses = c1.misses - sc->c0.misses;
	m->corrupt = c1.corrupt - sc->c0.corrupt;
	m->writes = c1.writes - sc->c0.writes;
	m->unstored = c1.unstored - sc->c0.unstored;
	sc->c0 = c1;
}

int
pe_scan_file(struct pe_scan *sc, const char *path, struct pe_buf *out)
{
	size_t head = out->len;

	memset(&sc->m, 0, sizeof sc->m);
	sc->out = out;
	pe_buf_put(out, (char *)&sc->m, sizeof sc->m);	/* room for it */
	scan_path(sc, path);
	cache_delta(sc, &sc->m);
	if (sc->oom || out->oom)
		return PE_ERR_NOMEM;
	memcpy(out->p + head, &sc->m, sizeof sc->m);
	return PE_OK;
}

struct pe_scan *
pe_scan_new(const struct pe_scan_conf *conf, struct pe_error *err)
{
	struct pe_scan *sc;

	if ((sc = calloc(1, sizeof *sc)) == NULL)
		goto nomem;
	sc->c = *conf;
	if ((sc->vec = pe_plan_vec_new(conf->plan, err)) == NULL ||
	    (sc->sig = pe_signal_new(conf->plan, err)) == NULL) {
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
	if (conf->cache != NULL) {
		sc->c0 = *pe_cache_stats(conf->cache);
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
	pe_signal_free(sc->sig);
	free(sc->matches);
	free(sc->text.p);
	free(sc->rets.p);
	free(sc->days.p);
	free(sc->data.p);
	free(sc->key.p);
	free(sc->enc.p);
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
	    h.ndays > len || h.data_len > len)
		return PE_ERR_FORMAT;
	need = sizeof h + nf * sizeof(uint64_t) + h.name_len + h.reason_len +
	    h.text_len + h.nret * sizeof(struct fret) + h.ndays *
	    sizeof(int64_t) + h.data_len;
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
