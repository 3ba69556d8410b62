/*
 * series.c: one symbol's candles as growable columns, their sorting,
 * de-duplication and resampling, and a set of series keyed by symbol.
 * See pe_series.h.
 *
 * Bloat: no deletion from a set, no shrinking of columns.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pe_error.h"
#include "pe_series.h"
#include "pe_time.h"

struct pe_series *
pe_series_new(const char *symbol)
{
	struct pe_series *s;

	if ((s = calloc(1, sizeof *s)) == NULL)
		return NULL;
	if ((s->symbol = strdup(symbol)) == NULL) {
		free(s);
		return NULL;
	}
	s->date_only = 1;
	return s;
}

void
pe_series_free(struct pe_series *s)
{
	if (s == NULL)
		return;
	free(s->symbol);
	free(s->time);
	free(s->open);
	free(s->high);
	free(s->low);
	free(s->close);
	free(s->volume);
	free(s);
}

static int
grow(void **p, size_t cap, size_t size)
{
	void *q;

	if ((q = realloc(*p, cap * size)) == NULL)
		return -1;
	*p = q;
	return 0;
}

int
pe_series_reserve(struct pe_series *s, size_t cap)
{
	if (cap <= s->cap)
		return PE_OK;
	if (cap > SIZE_MAX / 2 / sizeof(double))
		return PE_ERR_NOMEM;
	/* Every column is grown before cap changes, so a failure halfway
	 * leaves a usable series with its old capacity. */
	if (grow((void **)&s->time, cap, sizeof *s->time) != 0 ||
	    grow((void **)&s->open, cap, sizeof *s->open) != 0 ||
	    grow((void **)&s->high, cap, sizeof *s->high) != 0 ||
	    grow((void **)&s->low, cap, sizeof *s->low) != 0 ||
	    grow((void **)&s->close, cap, sizeof *s->close) != 0 ||
	    grow((void **)&s->volume, cap, sizeof *s->volume) != 0)
		return PE_ERR_NOMEM;
	s->cap = cap;
	return PE_OK;
}

int
pe_series_push(struct pe_series *s, const struct pe_candle *c, int has_tod)
{
	size_t i;

	if (s->n == s->cap &&
	    pe_series_reserve(s, s->cap < 64 ? 64 : s->cap * 2) != PE_OK)
		return PE_ERR_NOMEM;
	i = s->n++;
	s->time[i] = c->time;
	s->open[i] = c->open;
	s->high[i] = c->high;
	s->low[i] = c->low;
	s->close[i] = c->close;
	s->volume[i] = c->volume;
	if (has_tod)
		s->date_only = 0;
	if (!isnan(c->volume))
		s->has_volume = 1;
	return PE_OK;
}

void
pe_series_get(const struct pe_series *s, size_t i, struct pe_candle *c)
{
	c->time = s->time[i];
	c->open = s->open[i];
	c->high = s->high[i];
	c->low = s->low[i];
	c->close = s->close[i];
	c->volume = s->volume[i];
}

void
pe_series_clear(struct pe_series *s)
{
	s->n = 0;
	s->date_only = 1;
	s->has_volume = 0;
}

int
pe_series_append(struct pe_series *dst, const struct pe_series *src)
{
	size_t n = dst->n + src->n;

	if (src->n == 0)
		return PE_OK;	/* its columns may be NULL */
	if (n > dst->cap && pe_series_reserve(dst, n) != PE_OK)
		return PE_ERR_NOMEM;
	memcpy(dst->time + dst->n, src->time, src->n * sizeof *src->time);
	memcpy(dst->open + dst->n, src->open, src->n * sizeof(double));
	memcpy(dst->high + dst->n, src->high, src->n * sizeof(double));
	memcpy(dst->low + dst->n, src->low, src->n * sizeof(double));
	memcpy(dst->close + dst->n, src->close, src->n * sizeof(double));
	memcpy(dst->volume + dst->n, src->volume, src->n * sizeof(double));
	dst->n = n;
	dst->date_only &= src->date_only;
	dst->has_volume |= src->has_volume;
	return PE_OK;
}

/* Sort key: time, then position, so equal times keep their input order. */
struct key {
	int64_t time;
	size_t pos;
};

static int
key_cmp(const void *a, const void *b)
{
	const struct key *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Reorder one column by the sorted keys, through scratch. */
static void
permute(double *col, const struct key *k, size_t n, double *scratch)
{
	size_t i;

	for (i = 0; i < n; i++)
		scratch[i] = col[k[i].pos];
	memcpy(col, scratch, n * sizeof *col);
}

static int
sort_series(struct pe_series *s)
{
	struct key *k;
	double *scratch;
	size_t i;

	k = malloc(s->n * sizeof *k);
	scratch = malloc(s->n * sizeof *scratch);
	if (k == NULL || scratch == NULL) {
		free(k);
		free(scratch);
		return PE_ERR_NOMEM;
	}
	for (i = 0; i < s->n; i++) {
		k[i].time = s->time[i];
		k[i].pos = i;
	}
	qsort(k, s->n, sizeof *k, key_cmp);
	for (i = 0; i < s->n; i++)
		s->time[i] = k[i].time;
	permute(s->open, k, s->n, scratch);
	permute(s->high, k, s->n, scratch);
	permute(s->low, k, s->n, scratch);
	permute(s->close, k, s->n, scratch);
	permute(s->volume, k, s->n, scratch);
	free(k);
	free(scratch);
	return PE_OK;
}

static void
move(struct pe_series *s, size_t to, size_t from)
{
	s->time[to] = s->time[from];
	s->open[to] = s->open[from];
	s->high[to] = s->high[from];
	s->low[to] = s->low[from];
	s->close[to] = s->close[from];
	s->volume[to] = s->volume[from];
}

int
pe_series_normalize(struct pe_series *s, size_t *dups)
{
	size_t i, out;
	int sorted = 1;

	if (dups != NULL)
		*dups = 0;
	for (i = 1; i < s->n && sorted; i++)
		sorted = s->time[i - 1] < s->time[i];
	if (sorted)
		return PE_OK;
	if (sort_series(s) != PE_OK)
		return PE_ERR_NOMEM;
	/* Of a run of equal times the last (latest in input) is kept. */
	for (i = 0, out = 0; i < s->n; i++) {
		if (i + 1 < s->n && s->time[i + 1] == s->time[i])
			continue;
		if (out != i)
			move(s, out, i);
		out++;
	}
	if (dups != NULL)
		*dups = s->n - out;
	s->n = out;
	return PE_OK;
}

void
pe_series_resample(struct pe_series *s, int64_t tf,
    const struct pe_session *session)
{
	size_t i, out = 0;
	int64_t b;

	for (i = 0; i < s->n; i++) {
		if (!pe_session_has(session, s->time[i], s->date_only))
			continue;
		b = tf != 0 ? pe_timeframe_bucket(s->time[i], tf, s->date_only,
		    session) : s->time[i];
		if (out > 0 && b == s->time[out - 1]) {
			size_t o = out - 1;

			if (s->high[i] > s->high[o])
				s->high[o] = s->high[i];
			if (s->low[i] < s->low[o])
				s->low[o] = s->low[i];
			s->close[o] = s->close[i];
			s->volume[o] += s->volume[i];
			continue;
		}
		move(s, out, i);
		s->time[out++] = b;
	}
	s->n = out;
	if (pe_timeframe_dates(tf))
		s->date_only = 1;
}

int
pe_series_dates(struct pe_series *s)
{
	size_t i;

	if (s->date_only || s->n < 2)	/* one bar says nothing of a day */
		return 0;
	for (i = 0; i < s->n; i++)
		if (pe_tz_local(s->time[i]) % PE_MS_PER_DAY != 0)
			return 0;
	for (i = 0; i < s->n; i++)	/* the local date, as a date */
		s->time[i] = pe_tz_local(s->time[i]);
	s->date_only = 1;
	return 1;
}

struct pe_set *
pe_set_new(void)
{
	return calloc(1, sizeof(struct pe_set));
}

void
pe_set_free(struct pe_set *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		pe_series_free(set->v[i]);
	free(set->v);
	free(set->slots);
	free(set);
}

/* FNV-1a: symbols are short; this is not on any per-row path that matters. */
static size_t
hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return (size_t)h;
}

static size_t *
find_slot(size_t *slots, size_t nslots, struct pe_series **v,
    const char *sym, size_t len)
{
	size_t i = hash(sym, len) & (nslots - 1);
	struct pe_series *s;

	for (;; i = (i + 1) & (nslots - 1)) {
		if (slots[i] == 0)
			return &slots[i];
		s = v[slots[i] - 1];
		if (strncmp(s->symbol, sym, len) == 0 && s->symbol[len] == '\0')
			return &slots[i];
	}
}

static int
rehash(struct pe_set *set)
{
	size_t n = set->nslots ? set->nslots * 2 : 64, i;
	size_t *slots;
	struct pe_series *s;

	if ((slots = calloc(n, sizeof *slots)) == NULL)
		return -1;
	for (i = 0; i < set->n; i++) {
		s = set->v[i];
		*find_slot(slots, n, set->v, s->symbol, strlen(s->symbol)) =
		    i + 1;
	}
	free(set->slots);
	set->slots = slots;
	set->nslots = n;
	return 0;
}

struct pe_series *
pe_set_get(struct pe_set *set, const char *symbol, size_t len)
{
	struct pe_series *s, **v;
	size_t *slot;
	char *name;

	if ((set->n + 1) * 2 > set->nslots && rehash(set) != 0)
		return NULL;
	slot = find_slot(set->slots, set->nslots, set->v, symbol, len);
	if (*slot != 0)
		return set->v[*slot - 1];
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 16;

		if ((v = realloc(set->v, cap * sizeof *v)) == NULL)
			return NULL;
		set->v = v;
		set->cap = cap;
	}
	if ((name = strndup(symbol, len)) == NULL)
		return NULL;
	s = pe_series_new(name);
	free(name);
	if (s == NULL)
		return NULL;
	set->v[set->n++] = s;
	*slot = set->n;
	return s;
}

size_t
pe_series_lower_bound(const struct pe_series *s, int64_t t)
{
	size_t lo = 0, hi = s->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->time[mid] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
