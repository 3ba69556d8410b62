/*
 * stream.c: per-symbol rings and plan states for pe-stream, and the
 * symbol table.  See pe_stream.h.
 *
 * A symbol's bar index (what --min-bars and the lookbacks are compared
 * with) is the number of bars its current plan state has been fed: the
 * warmup history, then the live bars; after a reload, the ring replayed.
 *
 * Bloat: the table never shrinks and never forgets a symbol; a ring
 * keeps whole candles (time and five doubles), not only what the plan
 * reads.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hist.h"
#include "pe_db.h"
#include "pe_file.h"
#include "pe_load.h"
#include "pe_scan.h"
#include "pe_stream.h"
#include "pe_time.h"

struct sym {
	char *name;
	char *enc;		/* the name as a JSON string */
	uint64_t hash;
	int64_t received;	/* when the ring's last candle arrived */
	struct pe_candle *ring;	/* bar k of the ring at (head + k) % cap */
	size_t cap, head, len;
	struct pe_plan_state *ps;
	long fed;		/* bars fed to ps */
	int date_only;		/* its first candle had no time of day */
	int pending;		/* on close: the ring's last bar is not fed */
	int loaded;		/* ps is a saved state, with no bar to replace
				 * (pe_plan.h): an update of the last one
				 * warms s the whole way first */
	unsigned char *fired;	/* on once: per formula, whether it fired on
				 * the last bar (NULL until one fires) */
};

/*
 * A sym("SPY", x) of the plan (its tf[k]): x's own state, stepped with
 * SPY's bars as the feed brings them (its warmup first), and x's value
 * at each of the last cap of them, by bar start, for the symbols whose
 * formulas read it (pe_plan_srefs).
 */
struct ref {
	size_t k;
	struct pe_plan_state *ps;
	int64_t *t;
	double *v;
	size_t cap, head, len;	/* entry j at (head + j) % cap */
};

struct pe_stream {
	const struct pe_plan *plan;
	struct pe_signal *sig;
	struct ref *ref;	/* per sym() of the plan */
	size_t nref;
	struct pe_plan_srefs srefs;	/* ref_value over ref */
	long *start;		/* per formula: first bar index it emits at */
	struct pe_stream_conf conf;
	struct sym **slot;	/* open addressing, a power of two */
	size_t nslots;
	struct sym **all;	/* in the order first seen */
	size_t n;
	struct pe_stream_stats stats;
	struct pe_hist lat;	/* pe_stream_latency's */
};

static int
nomem(struct pe_error *err)
{
	return pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

/* ---- sym(): the other symbols' values ---- */

static void refs_warm(struct pe_stream *st);

static void
refs_free(struct ref *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		pe_plan_state_free(r[i].ps);
		free(r[i].t);
		free(r[i].v);
	}
	free(r);
}

/* A ref for each sym() of plan, cap entries each, into *out (*n of
 * them).  PE_OK, or an error (memory). */
static int
refs_new(const struct pe_plan *plan, size_t cap, struct ref **out,
    size_t *n, struct pe_error *err)
{
	struct ref *r;
	size_t k;

	*out = NULL;
	*n = 0;
	if ((r = calloc(plan->ntf + 1, sizeof *r)) == NULL)
		return nomem(err);
	for (k = 0; k < plan->ntf; k++) {
		if (plan->tf[k].symbol == NULL)
			continue;
		r[*n].k = k;
		r[*n].cap = cap;
		if ((r[*n].ps = pe_plan_state_new(plan->tf[k].plan, err)) ==
		    NULL || (r[*n].t = calloc(cap, sizeof *r->t)) == NULL ||
		    (r[*n].v = calloc(cap, sizeof *r->v)) == NULL) {
			refs_free(r, *n + 1);
			return err != NULL && err->code != PE_OK ? err->code :
			    nomem(err);
		}
		++*n;
	}
	*out = r;
	return PE_OK;
}

/*
 * Bar b of symbol name into every ref of it: a new bar steps its state,
 * one at the time of its last replaces it (the bar in progress again),
 * an older one is had already.
 */
static void
refs_feed(struct pe_stream *st, const char *name, const struct pe_bar *b,
    int dates)
{
	const struct pe_plan_tf *t;
	const double *v;
	struct ref *r;
	size_t i, at;

	for (i = 0; i < st->nref; i++) {
		r = &st->ref[i];
		t = &st->plan->tf[r->k];
		if (strcmp(t->symbol, name) != 0)
			continue;
		if (r->len == 0)	/* its time names: dates or instants */
			pe_plan_state_dates(r->ps, dates);
		at = (r->head + r->len - 1) % r->cap;
		if (r->len > 0 && b->time < r->t[at])
			continue;	/* had already (a reload's replay) */
		if (r->len > 0 && r->t[at] == b->time) {
			v = pe_plan_replace(r->ps, b);
		} else {
			v = pe_plan_step(r->ps, b);
			if (r->len == r->cap)
				r->head = (r->head + 1) % r->cap;
			else
				r->len++;
			at = (r->head + r->len - 1) % r->cap;
			r->t[at] = b->time;
		}
		r->v[at] = v != NULL ? v[t->root] : NAN;
	}
}

/* pe_plan_srefs's value: sym() number k at the last of its symbol's bars
 * that start at or before time. */
static double
ref_value(void *ctx, size_t k, int64_t time)
{
	struct pe_stream *st = ctx;
	struct ref *r = NULL;
	size_t i, j;

	for (i = 0; i < st->nref && r == NULL; i++)
		if (st->ref[i].k == k)
			r = &st->ref[i];
	for (j = r != NULL ? r->len : 0; j-- > 0;)
		if (r->t[(r->head + j) % r->cap] <= time)
			return r->v[(r->head + j) % r->cap];
	return NAN;
}

/* Per formula: max(min_bars - 1, lookback), the first bar evaluated. */
static long *
starts_of(const struct pe_plan *plan, long min_bars)
{
	long *s;
	size_t i;

	if ((s = calloc(plan->nformulas + 1, sizeof *s)) == NULL)
		return NULL;
	for (i = 0; i < plan->nformulas; i++) {
		s[i] = min_bars - 1;
		if (plan->formula[i].lookback > s[i])
			s[i] = plan->formula[i].lookback;
	}
	return s;
}

struct pe_stream *
pe_stream_new(const struct pe_plan *plan, const struct pe_stream_conf *conf,
    struct pe_error *err)
{
	struct pe_stream *st;

	if ((st = calloc(1, sizeof *st)) == NULL) {
		nomem(err);
		return NULL;
	}
	st->plan = plan;
	st->conf = *conf;
	if (st->conf.buffer == 0)
		st->conf.buffer = 1;
	st->nslots = 64;
	st->slot = calloc(st->nslots, sizeof *st->slot);
	st->start = starts_of(plan, conf->min_bars);
	if (st->slot == NULL || st->start == NULL ||
	    (st->sig = pe_signal_new(plan, err)) == NULL) {
		pe_stream_free(st);
		nomem(err);
		return NULL;
	}
	if (conf->rounded)
		pe_signal_digits(st->sig, conf->digits);
	if (refs_new(plan, st->conf.buffer, &st->ref, &st->nref, err) !=
	    PE_OK) {
		pe_stream_free(st);
		return NULL;
	}
	st->srefs = (struct pe_plan_srefs){ ref_value, st };
	refs_warm(st);
	return st;
}

static void
sym_free(struct sym *s)
{
	if (s == NULL)
		return;
	pe_plan_state_free(s->ps);
	free(s->ring);
	free(s->name);
	free(s->enc);
	free(s->fired);
	free(s);
}

void
pe_stream_free(struct pe_stream *st)
{
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < st->n; i++)
		sym_free(st->all[i]);
	free(st->all);
	free(st->slot);
	free(st->start);
	refs_free(st->ref, st->nref);
	pe_signal_free(st->sig);
	free(st);
}

const struct pe_stream_stats *
pe_stream_stats(const struct pe_stream *st)
{
	return &st->stats;
}

const char *
pe_stream_fate_name(enum pe_stream_fate f)
{
	static const char *const names[PE_ST_NFATES] = {
		"processed", "replaced", "same time ignored",
		"same time rejected", "out of order", "too many symbols",
		"other shard", "other symbol"
	};

	return f < PE_ST_NFATES ? names[f] : "?";
}

/* ---- the symbol table ---- */

static struct sym *
table_find(const struct pe_stream *st, const char *name, uint64_t h)
{
	size_t i = (size_t)h & (st->nslots - 1);
	struct sym *s;

	while ((s = st->slot[i]) != NULL) {
		if (s->hash == h && strcmp(s->name, name) == 0)
			return s;
		i = (i + 1) & (st->nslots - 1);
	}
	return NULL;
}

static void
table_put(struct sym **slot, size_t nslots, struct sym *s)
{
	size_t i = (size_t)s->hash & (nslots - 1);

	while (slot[i] != NULL)
		i = (i + 1) & (nslots - 1);
	slot[i] = s;
}

/* Room for one more symbol: the table at most half full, all[] grown. */
static int
table_grow(struct pe_stream *st)
{
	struct sym **slot, **all;
	size_t i, n;

	if ((st->n & (st->n - 1)) == 0 || st->n == 0) {
		n = st->n ? st->n * 2 : 16;
		if ((all = realloc(st->all, n * sizeof *all)) == NULL)
			return -1;
		st->all = all;
	}
	if ((st->n + 1) * 2 <= st->nslots)
		return 0;
	if ((slot = calloc(st->nslots * 2, sizeof *slot)) == NULL)
		return -1;
	for (i = 0; i < st->n; i++)
		table_put(slot, st->nslots * 2, st->all[i]);
	free(st->slot);
	st->slot = slot;
	st->nslots *= 2;
	return 0;
}

/* ---- rings ---- */

/* Room for one more bar; once cap reaches the buffer, the oldest goes. */
static int
ring_room(struct sym *s, size_t buffer)
{
	struct pe_candle *r;
	size_t cap;

	if (s->len < s->cap || s->cap == buffer)
		return 0;
	/* Below the buffer size the ring never wrapped: head is 0. */
	cap = s->cap ? s->cap * 2 : 8;
	if (cap > buffer)
		cap = buffer;
	if ((r = realloc(s->ring, cap * sizeof *r)) == NULL)
		return -1;
	s->ring = r;
	s->cap = cap;
	return 0;
}

static void
ring_push(struct sym *s, const struct pe_candle *c)
{
	if (s->len < s->cap) {
		s->ring[(s->head + s->len) % s->cap] = *c;
		s->len++;
	} else {
		s->ring[s->head] = *c;
		s->head = (s->head + 1) % s->cap;
	}
}

static struct pe_candle *
ring_at(const struct sym *s, size_t k)
{
	return &s->ring[(s->head + k) % s->cap];
}

static struct pe_candle *
ring_last(const struct sym *s)
{
	return ring_at(s, s->len - 1);
}

static void
bar_of(const struct pe_candle *c, struct pe_bar *b)
{
	b->open = c->open;
	b->high = c->high;
	b->low = c->low;
	b->close = c->close;
	b->volume = c->volume;
	b->x = b->y = NAN;
	b->time = c->time;
}

/* Candle c of s into the sym()s of s (refs_feed). */
static void
refs_candle(struct pe_stream *st, const struct sym *s,
    const struct pe_candle *c)
{
	struct pe_bar b;

	if (st->nref == 0)
		return;
	bar_of(c, &b);
	refs_feed(st, s->name, &b, s->date_only);
}

/* Feed c to s's plan as its next bar; the node values. */
static const double *
feed(struct sym *s, const struct pe_candle *c)
{
	struct pe_bar b;

	bar_of(c, &b);
	s->fed++;
	return pe_plan_step(s->ps, &b);
}

/* ---- warmup ---- */

/*
 * DIR/NAME.csv into *path (the caller frees it), or NULL when there is
 * no such file or no file can be called so.  PE_OK or PE_ERR_NOMEM.
 */
static int
history_path(const struct pe_stream *st, const char *name, char **path,
    struct pe_error *err)
{
	const char *why;

	*path = NULL;
	if (pe_symbol_check(name, &why) != 0)
		return PE_OK;	/* no file can hold it */
	if ((*path = malloc(strlen(st->conf.warmup) + strlen(name) + 6)) ==
	    NULL)
		return nomem(err);
	sprintf(*path, "%s/%s.csv", st->conf.warmup, name);
	if (access(*path, F_OK) != 0 && errno == ENOENT) {
		free(*path);
		*path = NULL;
	}
	return PE_OK;
}

/*
 * The history of symbol name, DIR/NAME.csv or its rows in the database
 * --warmup names, into *set (NULL when there is no such file or symbol,
 * or no file can be called so).  PE_OK, or an error
 * with err naming the file (*set NULL).
 */
static int
history(const struct pe_stream *st, const char *name, struct pe_set **set,
    struct pe_error *err)
{
	struct pe_read_opts ro = { 0 };
	const char *db = pe_db_name(st->conf.warmup, 0);
	char *path;
	size_t found;
	int rc;

	if (db != NULL) {	/* a database: the symbol's rows, if any */
		if ((*set = pe_set_new()) == NULL)
			return nomem(err);
		rc = pe_db_load(db, &name, 1, *set, &found, err);
		if (rc != PE_OK || found == 0) {
			pe_set_free(*set);
			*set = NULL;
		}
		return rc;
	}

	*set = NULL;
	if ((rc = history_path(st, name, &path, err)) != PE_OK ||
	    path == NULL)
		return rc;
	ro.symbol = name;
	ro.sorted = 1;
	if ((*set = pe_set_new()) == NULL) {
		free(path);
		return nomem(err);
	}
	rc = pe_load_path(path, &ro, *set, 0, NULL, NULL, err);
	if (rc == PE_OK && (*set)->n > 1)
		rc = pe_error_set(err, PE_ERR_DATA, path, 0, 0, "%s",
		    "holds several symbols");
	if (rc != PE_OK) {
		pe_set_free(*set);
		*set = NULL;
	}
	free(path);
	return rc;
}

static int warm_file(struct pe_stream *st, struct sym *s,
    struct pe_error *err);

/*
 * The last bars of the file at path, as saved says it was: its header
 * line and, from its end, about twice the bytes the ring's bars take, cut
 * at a line's start; NULL when they cannot be read as one symbol's.
 */
static struct pe_set *
tail(const struct pe_stream *st, const char *path,
    const struct pe_scan_saved *sv, const char *name)
{
	struct pe_read_opts ro = { .symbol = name, .sorted = 1 };
	size_t body = sv->size - sv->hdr, want, skip = 0, hdr = sv->hdr;
	struct pe_set *set = NULL;
	struct pe_error err;
	char *buf = NULL, *nl;
	FILE *fp;

	if (sv->hdr > sv->size || sv->bars == 0 ||
	    (fp = fopen(path, "r")) == NULL)
		return NULL;
	want = (body / sv->bars + 1) * st->conf.buffer * 2;
	if (want > body)
		want = body;
	if ((buf = malloc(hdr + want + 1)) == NULL ||
	    fread(buf, 1, hdr, fp) != hdr ||
	    fseeko(fp, (off_t)(sv->size - want), SEEK_SET) != 0 ||
	    fread(buf + hdr, 1, want, fp) != want)
		goto out;
	if (hdr > 0 && buf[0] == '{')
		hdr = 0;	/* JSONL: the first line is a bar, not a header */
	if (want < body) {	/* cut inside a line: from the next one */
		if ((nl = memchr(buf + sv->hdr, '\n', want)) == NULL)
			goto out;
		skip = (size_t)(nl - (buf + sv->hdr)) + 1;
	}
	memmove(buf + hdr, buf + sv->hdr + skip, want - skip);
	if ((set = pe_set_new()) == NULL ||
	    pe_load_mem(buf, hdr + want - skip, path, &ro, set, 0, NULL, NULL,
	    &err) != PE_OK || set->n != 1 || set->v[0]->n == 0) {
		pe_set_free(set);
		set = NULL;
	}
out:
	free(buf);
	fclose(fp);
	return set;
}

/*
 * Prime s from the state a pe-scan --last saved for DIR/NAME.csv (path)
 * as the file is now: the state loaded, the file's last bars into the
 * ring.  1 when done; 0 (s as it was) when there is no such state or
 * the file's end does not read as it should.
 */
static int
warm_saved(struct pe_stream *st, struct sym *s, const char *path)
{
	struct pe_scan_saved sv;
	struct pe_series *h;
	struct pe_set *set = NULL;
	struct pe_candle c;
	size_t i;

	if (!pe_scan_saved(st->conf.cache, st->conf.cwd, st->plan,
	    st->conf.csv, st->conf.rounded, st->conf.digits, path, s->ps,
	    &sv) || (set = tail(st, path, &sv, s->name)) == NULL ||
	    set->v[0]->time[set->v[0]->n - 1] != sv.last) {
		pe_set_free(set);
		pe_plan_state_reset(s->ps);
		return 0;
	}
	h = set->v[0];
	for (i = h->n > st->conf.buffer ? h->n - st->conf.buffer : 0;
	    i < h->n; i++) {
		pe_series_get(h, i, &c);
		if (ring_room(s, st->conf.buffer) != 0)
			break;
		ring_push(s, &c);
	}
	pe_set_free(set);
	s->fed = (long)sv.bars;
	s->date_only = sv.date_only;
	s->loaded = 1;
	st->stats.warmed++;
	st->stats.saved++;
	st->stats.warmup_bars += sv.bars;
	return 1;
}

/*
 * Prime s from DIR/NAME.csv when there is one: from the state pe-scan
 * saved for it when there is one, else every candle fed and kept.
 * Returns PE_OK (no file is fine), or an error with err naming the file.
 */
static int
warm(struct pe_stream *st, struct sym *s, struct pe_error *err)
{
	char *path;
	int rc, done = 0;

	if (st->conf.cache != NULL && pe_db_name(st->conf.warmup, 0) == NULL) {
		if ((rc = history_path(st, s->name, &path, err)) != PE_OK)
			return rc;
		done = path != NULL && warm_saved(st, s, path);
		free(path);
		if (done)
			return PE_OK;
	}
	return warm_file(st, s, err);
}

/* Prime s from DIR/NAME.csv, every candle fed and kept. */
static int
warm_file(struct pe_stream *st, struct sym *s, struct pe_error *err)
{
	struct pe_set *set;
	struct pe_series *h;
	struct pe_candle c;
	size_t i;
	int rc;

	rc = history(st, s->name, &set, err);
	h = set != NULL && set->n == 1 ? set->v[0] : NULL;
	if (h != NULL && h->n > 0) {
		s->date_only = h->date_only;
		pe_plan_state_dates(s->ps, s->date_only);
		st->stats.warmed++;
	}
	for (i = 0; h != NULL && i < h->n; i++) {
		pe_series_get(h, i, &c);
		if (ring_room(s, st->conf.buffer) != 0) {
			rc = nomem(err);
			break;
		}
		ring_push(s, &c);
		feed(s, &c);
		st->stats.warmup_bars++;
	}
	pe_set_free(set);
	return rc;
}

/*
 * s, primed from a saved state, is about to have its last bar replaced,
 * which a loaded state cannot do: primed again the whole way from its
 * file, so that it has the bar to replace.
 */
static int
unload(struct pe_stream *st, struct sym *s, struct pe_error *err)
{
	st->stats.warmed--;
	st->stats.saved--;
	st->stats.warmup_bars -= (size_t)s->fed;
	pe_plan_state_reset(s->ps);
	s->head = s->len = 0;
	s->fed = 0;
	s->loaded = 0;
	return warm_file(st, s, err);
}

/*
 * The sym()s' histories, at the start: each symbol a sym() names primed
 * from DIR/NAME.csv when there is one, whether or not the feed brings it
 * (its warmup as a symbol of its own does not feed them again).  An
 * unreadable one is skipped (its symbol's own warmup says why).
 */
static void
refs_warm(struct pe_stream *st)
{
	const char *name;
	struct pe_error err;
	struct pe_set *set;
	struct pe_candle c;
	struct pe_bar b;
	size_t i, j, k;

	for (i = 0; st->conf.warmup != NULL && i < st->nref; i++) {
		name = st->plan->tf[st->ref[i].k].symbol;
		for (j = 0; j < i; j++)	/* once per symbol */
			if (strcmp(st->plan->tf[st->ref[j].k].symbol, name) ==
			    0)
				break;
		if (j < i || history(st, name, &set, &err) != PE_OK ||
		    set == NULL)
			continue;
		for (k = 0; set->n == 1 && k < set->v[0]->n; k++) {
			pe_series_get(set->v[0], k, &c);
			bar_of(&c, &b);
			refs_feed(st, name, &b, set->v[0]->date_only);
		}
		pe_set_free(set);
	}
}

/* A new symbol for row, in the table.  NULL when out of memory. */
static struct sym *
sym_add(struct pe_stream *st, const struct pe_row *row, uint64_t h)
{
	char enc[PE_SYMBOL_ENCMAX + 1];
	struct pe_error err;
	struct sym *s;

	enc[pe_symbol_encode(row->symbol, !st->conf.csv, enc)] = '\0';
	if ((s = calloc(1, sizeof *s)) == NULL ||
	    (s->name = strdup(row->symbol)) == NULL ||
	    (s->enc = strdup(enc)) == NULL ||
	    (s->ps = pe_plan_state_new(st->plan, &err)) == NULL ||
	    table_grow(st) != 0) {
		sym_free(s);
		return NULL;
	}
	pe_plan_state_refs(s->ps, &st->srefs);
	s->hash = h;
	s->received = INT64_MIN;
	s->date_only = !row->has_tod;
	pe_plan_state_dates(s->ps, s->date_only);
	table_put(st->slot, st->nslots, s);
	st->all[st->n++] = s;
	st->stats.symbols = st->n;
	return s;
}

/* ---- evaluating a bar ---- */

/*
 * What follows the values on a line: "match" under emit_all, then the
 * arrival time t[0..tn) when there is one; JSON members, or the CSV cells
 * of pe_stream_header's columns (NULL when it has none).
 */
static const char *
extra_of(const struct pe_stream *st, int match, const char *t, size_t tn,
    char *buf, size_t n)
{
	const struct pe_stream_conf *c = &st->conf;

	if (c->csv) {
		if (!c->emit_all && !c->arrival)
			return NULL;
		snprintf(buf, n, "%s%s%.*s", !c->emit_all ? "" : match ?
		    "true" : "false", c->emit_all && c->arrival ? "," : "",
		    (int)tn, t);
	} else
		snprintf(buf, n, "%s%s%s%.*s%s", !c->emit_all ? "" : match ?
		    "\"match\":true" : "\"match\":false",
		    c->emit_all && tn ? "," : "", tn ? "\"received\":\"" : "",
		    (int)tn, t, tn ? "\"" : "");
	return buf;
}

/*
 * Whether formula fi, holding (match) on this version of s's last bar,
 * fires.  On once, only the first version where it holds does: the
 * flags are cleared when a new bar arrives (new_bar).  Without memory
 * for the flags it fires: a repeat is better than a lost alert.
 */
static int
fires(const struct pe_stream *st, struct sym *s, size_t fi, int match)
{
	if (!match || st->conf.on != PE_ON_ONCE)
		return match;
	if (s->fired == NULL &&
	    (s->fired = calloc(st->plan->nformulas, 1)) == NULL)
		return 1;
	if (s->fired[fi])
		return 0;
	s->fired[fi] = 1;
	return 1;
}

/* The lines of bar c (index fed - 1 of s) with node values v. */
static int
emit(struct pe_stream *st, struct sym *s, const struct pe_candle *c,
    const double *v, int64_t received, struct pe_buf *out)
{
	const struct pe_plan *p = st->plan;
	char extra[96], t[PE_TIME_BUFSZ];
	size_t fi, tn = 0;
	int match, rc = 0;

	if (st->conf.window && (c->time < st->conf.since ||
	    c->time > st->conf.until))
		return PE_OK;	/* evaluated (the states stepped), not shown */
	if (received != INT64_MIN)
		tn = pe_time_format(received, 0, t);
	for (fi = 0; fi < p->nformulas; fi++) {
		if (p->formula[fi].role != PE_PR_SIGNAL ||
		    s->fed - 1 < st->start[fi])
			continue;
		match = fires(st, s, fi, v[p->formula[fi].root] == 1.0);
		if (!match && !st->conf.emit_all)
			continue;
		st->stats.signals += match;
		rc |= pe_signal_line_values(st->sig, v, c, s->date_only,
		    s->enc, fi, !st->conf.csv, extra_of(st, match, t, tn,
		    extra, sizeof extra), out);
	}
	return rc ? PE_ERR_NOMEM : PE_OK;
}

/* A candle with the time of s's last one. */
static enum pe_stream_fate
same_time(struct pe_stream *st, struct sym *s, const struct pe_row *row,
    int64_t received, struct pe_buf *out, int *rc, struct pe_error *err)
{
	struct pe_candle *last = ring_last(s);
	struct pe_bar b;
	char t[PE_TIME_BUFSZ];

	if (st->conf.same_time == PE_SAME_IGNORE)
		return PE_ST_IGNORED;
	if (st->conf.same_time == PE_SAME_ERROR) {
		pe_time_format(last->time, s->date_only, t);
		*rc = pe_error_set(err, PE_ERR_DATA, NULL, 0, 0,
		    "%s: a second candle at %s", s->name, t);
		return PE_ST_SAME_TIME;
	}
	*last = row->c;
	s->received = received;
	refs_candle(st, s, last);
	if (!s->pending) {	/* on update: the plan sees the new version */
		bar_of(last, &b);
		*rc = emit(st, s, last, pe_plan_replace(s->ps, &b), received,
		    out);
	}
	return PE_ST_REPLACED;
}

/* A candle later than s's last one (or s's first). */
static enum pe_stream_fate
new_bar(struct pe_stream *st, struct sym *s, const struct pe_row *row,
    int64_t received, struct pe_buf *out, int *rc, struct pe_error *err)
{
	struct pe_candle prev;

	if (ring_room(s, st->conf.buffer) != 0) {
		*rc = nomem(err);
		return PE_ST_PROCESSED;
	}
	if (s->pending) {	/* on close: the previous bar is final now */
		prev = *ring_last(s);
		*rc = emit(st, s, &prev, feed(s, &prev), s->received, out);
		s->pending = 0;
	}
	ring_push(s, &row->c);
	s->received = received;
	refs_candle(st, s, &row->c);	/* as received, for sym()s of s */
	if (s->fired != NULL)
		memset(s->fired, 0, st->plan->nformulas);
	if (st->conf.on == PE_ON_CLOSE)
		s->pending = 1;
	else
		*rc = emit(st, s, &row->c, feed(s, &row->c), received, out);
	return PE_ST_PROCESSED;
}

/* Whether name is one of conf's symbols. */
static int
listed(const struct pe_stream_conf *conf, const char *name)
{
	size_t i;

	for (i = 0; i < conf->nsymbols; i++)
		if (strcmp(conf->symbols[i], name) == 0)
			return 1;
	return 0;
}

/* The symbol of row, new or known; NULL with *fate when it is refused.
 * Only a symbol not in the table is checked against the list and the
 * shard: the candles of a known one pay for nothing but the lookup. */
static struct sym *
sym_of(struct pe_stream *st, const struct pe_row *row, int *rc,
    struct pe_error *err, int *warn, struct pe_error *warn_err,
    enum pe_stream_fate *fate)
{
	uint64_t h = pe_shard_hash(row->symbol);
	struct sym *s;

	if ((s = table_find(st, row->symbol, h)) != NULL)
		return s;
	if (st->conf.nsymbols > 0 && !listed(&st->conf, row->symbol)) {
		*fate = PE_ST_OTHER_SYMBOL;
		return NULL;
	}
	if (!pe_shard_keep(&st->conf.shard, row->symbol)) {
		*fate = PE_ST_OTHER_SHARD;
		return NULL;
	}
	if (st->n >= st->conf.max_symbols) {
		*fate = PE_ST_TOO_MANY;
		*rc = pe_error_set(err, PE_ERR_DATA, NULL, 0, 0,
		    "%s: more than %zu symbols (--max-symbols)", row->symbol,
		    st->conf.max_symbols);
		return NULL;
	}
	if ((s = sym_add(st, row, h)) == NULL) {
		*fate = PE_ST_PROCESSED;
		*rc = nomem(err);
		return NULL;
	}
	if (st->conf.warmup != NULL && warm(st, s, warn_err) != PE_OK &&
	    warn != NULL)
		*warn = 1;
	return s;
}

enum pe_stream_fate
pe_stream_push(struct pe_stream *st, const struct pe_row *row,
    int64_t received, struct pe_buf *out, int *rc, struct pe_error *err,
    int *warn, struct pe_error *warn_err)
{
	enum pe_stream_fate fate = PE_ST_PROCESSED;
	char t[PE_TIME_BUFSZ];
	struct sym *s;

	*rc = PE_OK;
	if (warn != NULL)
		*warn = 0;
	s = sym_of(st, row, rc, err, warn, warn_err, &fate);
	if (s != NULL && s->loaded && s->len > 0 &&
	    row->c.time == ring_last(s)->time &&
	    st->conf.same_time == PE_SAME_REPLACE &&
	    unload(st, s, warn_err) != PE_OK && warn != NULL)
		*warn = 1;
	if (s == NULL)
		;
	else if (s->len > 0 && row->c.time < ring_last(s)->time) {
		pe_time_format(ring_last(s)->time, s->date_only, t);
		*rc = pe_error_set(err, PE_ERR_DATA, NULL, 0, 0,
		    "%s: out of order (older than its last candle, %s)",
		    s->name, t);
		fate = PE_ST_OLDER;
	} else if (s->len > 0 && row->c.time == ring_last(s)->time)
		fate = same_time(st, s, row, received, out, rc, err);
	else
		fate = new_bar(st, s, row, received, out, rc, err);
	if (*rc != PE_ERR_NOMEM)
		st->stats.fate[fate]++;
	return fate;
}

int
pe_stream_finish(struct pe_stream *st, struct pe_buf *out,
    struct pe_error *err)
{
	struct pe_candle c;
	struct sym *s;
	size_t i;
	int rc = PE_OK;

	for (i = 0; i < st->n; i++) {
		s = st->all[i];
		if (!s->pending)
			continue;
		c = *ring_last(s);
		rc |= emit(st, s, &c, feed(s, &c), s->received, out);
		s->pending = 0;
	}
	return rc ? nomem(err) : PE_OK;
}

void
pe_stream_bad(struct pe_stream *st, enum pe_bad bad)
{
	st->stats.bad[bad < PE_BAD_NKINDS ? bad : PE_BAD_NONE]++;
}

int
pe_stream_header(const struct pe_stream *st, struct pe_buf *out)
{
	static const char *const extra[2][2] = { { NULL, "received" },
	    { "match", "match,received" } };

	if (!st->conf.csv)
		return PE_OK;
	return pe_signal_header_extra(st->sig, extra[st->conf.emit_all != 0]
	    [st->conf.arrival != 0], out);
}

/* ---- reading the counts ---- */

size_t
pe_stream_short(const struct pe_stream *st, char *buf, size_t n)
{
	const struct pe_plan *p = st->plan;
	const struct sym *s, *fewest = NULL;
	long need = st->conf.min_bars;
	size_t i, nshort = 0;

	for (i = 0; i < p->nformulas; i++)
		if (p->formula[i].role == PE_PR_SIGNAL &&
		    st->start[i] + 1 > need)
			need = st->start[i] + 1;
	for (i = 0; i < st->n; i++) {
		s = st->all[i];
		if (s->fed + s->pending >= need)
			continue;
		nshort++;
		if (fewest == NULL ||
		    s->fed + s->pending < fewest->fed + fewest->pending)
			fewest = s;
	}
	if (fewest != NULL && buf != NULL)
		snprintf(buf, n, "%zu symbol%s below %s%ld%s (fewest bars: %s "
		    "with %ld)", nshort, nshort == 1 ? "" : "s",
		    need == st->conf.min_bars ? "--min-bars " : "the ", need,
		    need == st->conf.min_bars ? "" : " bars the formulas need",
		    fewest->name, fewest->fed + fewest->pending);
	return nshort;
}

void
pe_stream_latency(struct pe_stream *st, uint64_t ns)
{
	pe_hist_add(&st->lat, ns);
}

/* Resident memory in KiB (/proc/self/statm), 0 when unknown. */
static long
rss_kib(void)
{
	long pages = 0, rss = 0;
	FILE *fp;

	if ((fp = fopen("/proc/self/statm", "r")) == NULL)
		return 0;
	if (fscanf(fp, "%ld %ld", &pages, &rss) != 2)
		rss = 0;
	fclose(fp);
	return rss * (sysconf(_SC_PAGESIZE) / 1024);
}

/* ", N KIND" for each kind counted, into buf at *len (kept under n). */
static void
list_counts(char *buf, size_t n, int *len, size_t count, const char *kind)
{
	if (count > 0 && (size_t)*len < n)
		*len += snprintf(buf + *len, n - (size_t)*len, "%s%zu %s",
		    *len ? ", " : "", count, kind);
}

void
pe_stream_stats_text(const struct pe_stream *st, char *buf, size_t n)
{
	static const enum pe_stream_fate rej[] = { PE_ST_OLDER,
	    PE_ST_SAME_TIME, PE_ST_TOO_MANY };
	const struct pe_stream_stats *s = &st->stats;
	size_t k, read, nrej = 0;
	char why[512], saved[48] = "";
	int len = 0;

	for (k = 0; k < PE_BAD_NKINDS; k++) {
		if (k > 0)
			list_counts(why, sizeof why, &len, s->bad[k],
			    pe_bad_name((enum pe_bad)k));
		nrej += s->bad[k];
	}
	read = nrej;
	for (k = 0; k < sizeof rej / sizeof *rej; k++) {
		list_counts(why, sizeof why, &len, s->fate[rej[k]],
		    pe_stream_fate_name(rej[k]));
		nrej += s->fate[rej[k]];
	}
	for (k = 0; k < PE_ST_NFATES; k++)
		read += s->fate[k];
	if (s->saved > 0)
		snprintf(saved, sizeof saved, ", %zu from saved states",
		    s->saved);
	snprintf(buf, n, "%zu lines read, %zu processed, %zu replaced, %zu "
	    "ignored, %zu rejected%s%s%s, %zu other shard, %zu other symbol\n"
	    "%zu signals, %zu symbols (%zu warmed up%s, %zu bars), %zu below "
	    "--min-bars, latency p50 %.2f us, p99 %.2f us, max %.2f us, rss "
	    "%ld KiB\n", read, s->fate[PE_ST_PROCESSED],
	    s->fate[PE_ST_REPLACED], s->fate[PE_ST_IGNORED], nrej,
	    len ? " (" : "", len ? why : "", len ? ")" : "",
	    s->fate[PE_ST_OTHER_SHARD], s->fate[PE_ST_OTHER_SYMBOL],
	    s->signals, s->symbols, s->warmed, saved, s->warmup_bars,
	    pe_stream_short(st, NULL, 0), pe_hist_quantile(&st->lat, 0.5) /
	    1e3, pe_hist_quantile(&st->lat, 0.99) / 1e3, st->lat.max / 1e3,
	    rss_kib());
}

/* ---- reload ---- */

int
pe_stream_reload(struct pe_stream *st, const struct pe_plan *plan,
    struct pe_error *err)
{
	struct pe_plan_state **ps;
	struct pe_signal *sig;
	struct ref *ref = NULL;
	struct pe_bar b;
	struct sym *s;
	long *start;
	size_t i, k, nref = 0;
	int ok = 1;

	ps = calloc(st->n + 1, sizeof *ps);
	start = starts_of(plan, st->conf.min_bars);
	sig = pe_signal_new(plan, err);
	for (i = 0; ok && i < st->n; i++)
		ok = ps != NULL && (ps[i] = pe_plan_state_new(plan, err)) !=
		    NULL;
	if (ok && refs_new(plan, st->conf.buffer, &ref, &nref, err) != PE_OK)
		ok = 0;
	if (!ok || ps == NULL || start == NULL || sig == NULL) {
		for (i = 0; ps != NULL && i < st->n; i++)
			pe_plan_state_free(ps[i]);
		free(ps);
		free(start);
		pe_signal_free(sig);
		return nomem(err);
	}
	/* the other symbols' values first: each ring is read by time */
	refs_free(st->ref, st->nref);
	st->ref = ref;
	st->nref = nref;
	st->plan = plan;
	refs_warm(st);
	for (i = 0; i < st->n; i++)
		for (k = 0; k < st->all[i]->len; k++)
			refs_candle(st, st->all[i], ring_at(st->all[i], k));
	for (i = 0; i < st->n; i++) {
		s = st->all[i];
		pe_plan_state_free(s->ps);
		s->ps = ps[i];
		pe_plan_state_refs(s->ps, &st->srefs);
		pe_plan_state_dates(s->ps, s->date_only);
		s->fed = 0;
		s->loaded = 0;		/* stepped from the ring */
		free(s->fired);		/* the new formulas fire anew */
		s->fired = NULL;
		for (k = 0; k + s->pending < s->len; k++) {
			bar_of(ring_at(s, k), &b);
			pe_plan_step(s->ps, &b);
			s->fed++;
		}
	}
	free(ps);
	free(st->start);
	pe_signal_free(st->sig);
	if (st->conf.rounded)
		pe_signal_digits(sig, st->conf.digits);
	st->plan = plan;
	st->start = start;
	st->sig = sig;
	return PE_OK;
}
