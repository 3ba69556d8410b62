/*
 * stats: a scan's figures and its summary JSON.  See pe_stats.h.
 *
 * Days live in an open-addressing table (a Fibonacci hash of the day
 * number, linear probing, kept at most half full) until they are asked
 * for; then they are packed at its front and sorted as asked.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pe_stats.h"

static const char *
fname(const struct pe_stats_run *run, size_t i)
{
	return run->plan->formula[i].label;
}

/* Formula i signals: a value formula (pe-scan's --rank) has no matches
 * to count. */
static int
signals(const struct pe_stats_run *run, size_t i)
{
	return run->plan->formula[i].role == PE_PR_SIGNAL;
}

int
pe_stats_init(struct pe_stats *st, size_t nformulas, struct pe_error *err)
{
	memset(st, 0, sizeof *st);
	st->nformulas = nformulas;
	st->matches = calloc(nformulas + 1, sizeof *st->matches);
	st->rets = calloc(nformulas + 1, sizeof *st->rets);
	if (st->matches == NULL || st->rets == NULL) {
		pe_stats_free(st);
		return pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	}
	return PE_OK;
}

void
pe_stats_free(struct pe_stats *st)
{
	size_t i;

	for (i = 0; st->rets != NULL && i < st->nformulas; i++)
		free(st->rets[i].v);
	free(st->rets);
	free(st->matches);
	free(st->days);
	memset(st, 0, sizeof *st);
}

int
pe_stats_add_return(struct pe_stats *st, size_t fi, double r)
{
	struct pe_stats_rets *x = &st->rets[fi];
	double *v;

	if (x->n == x->cap) {
		if ((v = realloc(x->v, (x->cap ? 2 * x->cap : 64) *
		    sizeof *v)) == NULL)
			return PE_ERR_NOMEM;
		x->v = v;
		x->cap = x->cap ? 2 * x->cap : 64;
	}
	x->v[x->n++] = r;
	return PE_OK;
}

/* ---- days ---- */

/* The slot of day: its own, or the empty one it would take. */
static size_t
day_slot(const struct pe_stats *st, int64_t day)
{
	size_t m = st->ndays_cap - 1, i = (size_t)((uint64_t)day *
	    0x9e3779b97f4a7c15ULL >> 20) & m;

	while (st->days[i].day != INT64_MIN && st->days[i].day != day)
		i = (i + 1) & m;
	return i;
}

static int
grow_days(struct pe_stats *st)
{
	struct pe_stats_day *old = st->days;
	size_t i, cap = st->ndays_cap;

	st->ndays_cap = cap ? 2 * cap : 1024;
	if ((st->days = malloc(st->ndays_cap * sizeof *st->days)) == NULL) {
		st->days = old;
		st->ndays_cap = cap;
		return PE_ERR_NOMEM;
	}
	for (i = 0; i < st->ndays_cap; i++)
		st->days[i].day = INT64_MIN;
	for (i = 0; i < cap; i++)
		if (old[i].day != INT64_MIN)
			st->days[day_slot(st, old[i].day)] = old[i];
	free(old);
	return PE_OK;
}

int
pe_stats_add_day(struct pe_stats *st, int64_t day)
{
	size_t h;

	if (2 * (st->ndays + 1) > st->ndays_cap && grow_days(st) != PE_OK)
		return PE_ERR_NOMEM;
	h = day_slot(st, day);
	if (st->days[h].day == INT64_MIN) {
		st->days[h].day = day;
		st->days[h].n = 0;
		st->ndays++;
	}
	st->days[h].n++;
	return PE_OK;
}

static int
cmp_day(const void *a, const void *b)
{
	const struct pe_stats_day *x = a, *y = b;

	return (x->day > y->day) - (x->day < y->day);
}

static int
cmp_busy(const void *a, const void *b)
{
	const struct pe_stats_day *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return cmp_day(a, b);
}

size_t
pe_stats_days(struct pe_stats *st, int busiest_first,
    const struct pe_stats_day **days)
{
	size_t n = 0, i;

	if (!st->packed) {
		for (i = 0; i < st->ndays_cap; i++)
			if (st->days[i].day != INT64_MIN)
				st->days[n++] = st->days[i];
		st->packed = 1;
	}
	if (st->ndays > 0)
		qsort(st->days, st->ndays, sizeof *st->days, busiest_first ?
		    cmp_busy : cmp_day);
	*days = st->days;
	return st->ndays;
}

char *
pe_stats_day_text(int64_t day, char *buf)
{
	time_t t = (time_t)(day * 86400);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 16, "%Y-%m-%d", &tm);
	return buf;
}

/* ---- forward returns ---- */

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

struct pe_fwd
pe_stats_fwd(struct pe_stats *st, size_t fi)
{
	struct pe_stats_rets *r = &st->rets[fi];
	struct pe_fwd fs = { r->n, NAN, NAN, NAN, NAN, NAN };
	double sum = 0;
	size_t i, pos = 0;

	if (r->n == 0)
		return fs;
	qsort(r->v, r->n, sizeof *r->v, cmp_double);
	for (i = 0; i < r->n; i++) {
		sum += r->v[i];
		pos += r->v[i] > 0;
	}
	fs.mean = sum / (double)r->n;
	fs.median = r->n % 2 ? r->v[r->n / 2] :
	    (r->v[r->n / 2 - 1] + r->v[r->n / 2]) / 2;
	fs.positive = (double)pos / (double)r->n;
	fs.worst = r->v[0];
	fs.best = r->v[r->n - 1];
	return fs;
}

/* ---- the summary JSON ---- */

static void
json_matches(const struct pe_stats *st, const struct pe_stats_run *run,
    struct pe_buf *b)
{
	size_t i;
	int sep;

	pe_buf_puts(b, ",\"matches\":[");
	for (i = 0, sep = 0; i < st->nformulas; i++) {
		if (!signals(run, i))
			continue;
		pe_buf_puts(b, sep++ ? ",{\"formula\":" : "{\"formula\":");
		pe_buf_json(b, fname(run, i));
		pe_buf_puts(b, ",\"text\":");
		pe_buf_json(b, run->plan->formula[i].src);
		pe_buf_printf(b, ",\"count\":%llu}",
		    (unsigned long long)st->matches[i]);
	}
	pe_buf_puts(b, "]");
}

static void
json_fwd(struct pe_stats *st, const struct pe_stats_run *run,
    struct pe_buf *b)
{
	static const char *key[] = { "mean", "median", "positive", "worst",
	    "best" };
	struct pe_fwd fs;
	double v[5];
	size_t i, k;
	int sep = 0;

	pe_buf_printf(b, ",\"forward_returns\":{\"bars\":%ld,\"formulas\":[",
	    run->fwd);
	for (i = 0; i < st->nformulas; i++) {
		if (!signals(run, i))
			continue;
		fs = pe_stats_fwd(st, i);
		v[0] = fs.mean, v[1] = fs.median, v[2] = fs.positive;
		v[3] = fs.worst, v[4] = fs.best;
		pe_buf_puts(b, sep++ ? ",{\"formula\":" : "{\"formula\":");
		pe_buf_json(b, fname(run, i));
		pe_buf_printf(b, ",\"count\":%zu", fs.n);
		for (k = 0; k < 5; k++) {
			pe_buf_printf(b, ",\"%s\":", key[k]);
			pe_buf_num(b, v[k], 1);
		}
		pe_buf_puts(b, "}");
	}
	pe_buf_puts(b, "]}");
}

static void
json_cache(const struct pe_stats *st, const char *dir, struct pe_buf *b)
{
	const struct pe_cache_stats *c = &st->cache;
	uint64_t gets = c->hits + c->extended + c->misses;
	double rate = gets ? (double)(c->hits + c->extended) / (double)gets :
	    0;

	if (dir == NULL) {
		pe_buf_puts(b, ",\"cache\":null");
		return;
	}
	pe_buf_puts(b, ",\"cache\":{\"dir\":");
	pe_buf_json(b, dir);
	pe_buf_printf(b, ",\"hits\":%llu,\"extended\":%llu,\"misses\":%llu,"
	    "\"hit_rate\":", (unsigned long long)c->hits,
	    (unsigned long long)c->extended, (unsigned long long)c->misses);
	pe_buf_num(b, round(rate * 10000) / 10000, 1);
	pe_buf_printf(b, ",\"corrupt\":%llu,\"written\":%llu,"
	    "\"unstored\":%llu,\"evicted\":%llu,\"evicted_bytes\":%llu,"
	    "\"bytes\":%llu,\"bars_parsed\":%llu,\"bars_computed\":%llu}",
	    (unsigned long long)c->corrupt, (unsigned long long)c->writes,
	    (unsigned long long)c->unstored, (unsigned long long)c->evicted,
	    (unsigned long long)c->evicted_bytes,
	    (unsigned long long)c->kept_bytes,
	    (unsigned long long)c->parsed, (unsigned long long)c->computed);
}

static void
json_dates(struct pe_stats *st, struct pe_buf *b)
{
	const struct pe_stats_day *d;
	size_t n = pe_stats_days(st, 0, &d), i;
	char buf[16];

	pe_buf_puts(b, ",\"dates\":{");
	for (i = 0; i < n; i++)
		pe_buf_printf(b, "%s\"%s\":%llu", i ? "," : "",
		    pe_stats_day_text(d[i].day, buf),
		    (unsigned long long)d[i].n);
	pe_buf_puts(b, "}");
}

int
pe_stats_json(struct pe_stats *st, const struct pe_stats_run *run,
    struct pe_buf *b)
{
	unsigned long total = st->ok + st->error + st->timeout + st->skipped;

	pe_buf_printf(b, "{\"symbols\":%lu,\"ok\":%lu,\"error\":%lu,"
	    "\"timeout\":%lu,\"skipped\":%lu", total, st->ok, st->error,
	    st->timeout, st->skipped);
	json_matches(st, run, b);
	if (run->fwd > 0)
		json_fwd(st, run, b);
	json_cache(st, run->cache_dir, b);
	if (run->dates)
		json_dates(st, b);
	pe_buf_printf(b, ",\"elapsed\":%.6f,\"symbols_per_s\":%.1f,"
	    "\"max_rss_kb\":{\"parent\":%ld,\"worker\":%ld,\"jobs\":%d},"
	    "\"interrupted\":%s}\n", run->elapsed, run->elapsed > 0 ?
	    total / run->elapsed : 0, run->rss_parent, run->rss_worker,
	    run->jobs, run->interrupted ? "true" : "false");
	return b->oom ? PE_ERR_NOMEM : PE_OK;
}

/* ---- the summary as text ---- */

/* "PROG: 3 matches: f1: rsi(14) < 30", the text on one line. */
static void
text_matches(const struct pe_stats *st, const struct pe_stats_run *run,
    const char *prog, struct pe_buf *b)
{
	const char *c;
	size_t i;

	for (i = 0; i < st->nformulas; i++) {
		if (!signals(run, i))
			continue;
		pe_buf_printf(b, "%s: %llu match%s: %s: ", prog,
		    (unsigned long long)st->matches[i], st->matches[i] == 1 ?
		    "" : "es", run->plan->formula[i].label);
		for (c = run->plan->formula[i].src; *c != '\0'; c++)
			pe_buf_put(b, (unsigned char)*c < 0x20 ? " " : c, 1);
		pe_buf_puts(b, "\n");
	}
}

static void
text_fwd(struct pe_stats *st, const struct pe_stats_run *run,
    const char *prog, struct pe_buf *b)
{
	struct pe_fwd fs;
	enum pe_ftype t;
	size_t i;

	for (i = 0; run->fwd > 0 && i < st->nformulas; i++) {
		if (!signals(run, i))
			continue;
		fs = pe_stats_fwd(st, i);
		t = run->plan->formula[i].type;
		if (t == PE_FT_EXIT || t == PE_FT_COVER) {
			pe_buf_printf(b, "%s: %ld-bar forward returns: %s: "
			    "not scored (%s closes a position)\n", prog,
			    run->fwd, run->plan->formula[i].label,
			    pe_ftype_tag(t));
			continue;
		}
		pe_buf_printf(b, "%s: %ld-bar forward returns: %s: %zu "
		    "signal%s%s", prog, run->fwd, run->plan->formula[i].label,
		    fs.n, fs.n == 1 ? "" : "s", t == PE_FT_SHORT ?
		    " (short)" : "");
		if (fs.n > 0)
			pe_buf_printf(b, ", mean %+.2f%%, median %+.2f%%, "
			    "%.1f%% positive, worst %+.2f%%, best %+.2f%%",
			    fs.mean * 100, fs.median * 100, fs.positive * 100,
			    fs.worst * 100, fs.best * 100);
		pe_buf_puts(b, "\n");
	}
}

static void
text_cache(const struct pe_stats *st, const struct pe_stats_run *run,
    const char *prog, struct pe_buf *b)
{
	const struct pe_cache_stats *c = &st->cache;
	uint64_t gets = c->hits + c->extended + c->misses;

	if (run->cache_dir == NULL)
		return;
	pe_buf_printf(b, "%s: cache: %llu hits, ", prog,
	    (unsigned long long)c->hits);
	if (c->extended > 0)
		pe_buf_printf(b, "%llu extended, ",
		    (unsigned long long)c->extended);
	pe_buf_printf(b, "%llu misses (%.1f%% hit rate), %llu corrupt, "
	    "%llu written, ", (unsigned long long)c->misses,
	    gets ? 100.0 * (double)(c->hits + c->extended) / (double)gets : 0,
	    (unsigned long long)c->corrupt, (unsigned long long)c->writes);
	if (c->unstored > 0)
		pe_buf_printf(b, "%llu not written (over --cache-max), ",
		    (unsigned long long)c->unstored);
	pe_buf_printf(b, "%llu evicted; %s\n", (unsigned long long)c->evicted,
	    run->cache_dir);
	pe_buf_printf(b, "%s: bars: %llu parsed, %llu computed\n", prog,
	    (unsigned long long)c->parsed, (unsigned long long)c->computed);
}

static void
text_days(struct pe_stats *st, const char *prog, struct pe_buf *b)
{
	const struct pe_stats_day *d;
	size_t n = pe_stats_days(st, 1, &d), i;
	char buf[16];

	if (n == 0)
		return;
	pe_buf_printf(b, "%s: matches on %zu date%s; busiest:", prog, n,
	    n == 1 ? "" : "s");
	for (i = 0; i < n && i < 3; i++)
		pe_buf_printf(b, "%s %s (%llu)", i ? "," : "",
		    pe_stats_day_text(d[i].day, buf),
		    (unsigned long long)d[i].n);
	pe_buf_puts(b, "\n");
}

int
pe_stats_text(struct pe_stats *st, const struct pe_stats_run *run,
    const char *prog, struct pe_buf *b)
{
	unsigned long total = st->ok + st->error + st->timeout + st->skipped;

	pe_buf_printf(b, "%s: %lu symbol%s: %lu ok, %lu error", prog, total,
	    total == 1 ? "" : "s", st->ok, st->error);
	if (st->unopened > 0)
		pe_buf_printf(b, " (%lu not opened)", st->unopened);
	pe_buf_printf(b, ", %lu timeout, %lu skipped", st->timeout,
	    st->skipped);
	if (st->stale > 0)
		pe_buf_printf(b, " (%lu stale)", st->stale);
	pe_buf_puts(b, run->interrupted ? " (interrupted)\n" : "\n");
	text_matches(st, run, prog, b);
	text_fwd(st, run, prog, b);
	text_cache(st, run, prog, b);
	if (run->dates)
		text_days(st, prog, b);
	pe_buf_printf(b, "%s: %.3f s, %.0f symbols/s\n", prog, run->elapsed,
	    run->elapsed > 0 ? total / run->elapsed : 0);
	return b->oom ? PE_ERR_NOMEM : PE_OK;
}
