/*
 * load.c: whole inputs into a set of series.  See pe_load.h.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pe_db.h"
#include "pe_file.h"
#include "pe_load.h"
#include "pe_time.h"
#include "pe_utf8.h"

/* With opts->sorted: row's time must be after the last of s. */
static int
check_order(const struct pe_series *s, const struct pe_row *row,
    int named, const char *path, struct pe_error *err)
{
	char t[PE_TIME_BUFSZ];

	if (s->n == 0 || row->c.time > s->time[s->n - 1])
		return PE_OK;
	pe_time_format(row->c.time, !row->has_tod, t);
	return pe_error_set(err, PE_ERR_DATA, path, row->line, 0,
	    "%s%stimes not increasing at %s (run pe-load first)",
	    named ? s->symbol : "", named ? ": " : "", t);
}

/* A row's TICKVOL, kept until the whole file says which volume to take. */
struct tick {
	struct pe_series *s;
	size_t i;
	double v;
};

struct ticks {
	struct tick *v;
	size_t n, cap;
	int vol_zero;		/* every VOL so far is 0 */
};

static int
ticks_add(struct ticks *t, struct pe_series *s, const struct pe_row *row)
{
	struct tick *v;

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 1024;
		if ((v = realloc(t->v, t->cap * sizeof *v)) == NULL)
			return -1;
		t->v = v;
	}
	t->v[t->n].s = s;
	t->v[t->n].i = s->n - 1;
	t->v[t->n++].v = row->tick_volume;
	t->vol_zero &= row->c.volume == 0;
	return 0;
}

/*
 * MetaTrader's two volumes: TICKVOL when VOL is all zero (FX brokers
 * fill it so), else VOL; the choice said in note.
 */
static void
ticks_choose(struct ticks *t, char *note, size_t n)
{
	size_t i;

	if (t->n > 0 && t->vol_zero) {
		for (i = 0; i < t->n; i++)
			t->v[i].s->volume[t->v[i].i] = t->v[i].v;
		snprintf(note, n, "volume from TICKVOL (VOL is all zero)");
	} else if (t->n > 0)
		snprintf(note, n, "volume from VOL (TICKVOL left out)");
}

/* pe_load_path's reading of fp, which it closes (unless stdin). */
static int
load_stream(FILE *fp, const char *path, const struct pe_read_opts *opts,
    struct pe_set *set, int skip_bad, size_t *bad,
    struct pe_load_info *info, struct pe_error *err)
{
	struct pe_reader *r = NULL;
	struct pe_series *s, *last = NULL;
	size_t last_len = 0;	/* strlen(last->symbol) */
	struct ticks ticks = { NULL, 0, 0, 1 };
	struct pe_row row;
	enum pe_bad kind;
	int rc;

	if ((r = pe_reader_new(fp, fp == stdin ? "stdin" : path, opts)) ==
	    NULL) {
		rc = pe_error_set(err, PE_ERR_NOMEM, path, 0, 0,
		    "out of memory");
		goto out;
	}
	while ((rc = pe_reader_next(r, &row, &kind, err)) != 1) {
		if (rc == PE_ERR_DATA && (skip_bad || kind == PE_BAD_MISSING)) {
			if (bad != NULL)
				bad[kind]++;
			continue;
		}
		if (rc != PE_OK)
			goto out;
		/* rows come in runs of one symbol: the last one first */
		if (last != NULL && row.symbol_len == last_len &&
		    memcmp(last->symbol, row.symbol, last_len) == 0)
			s = last;
		else {
			s = last = pe_set_get(set, row.symbol, row.symbol_len);
			last_len = row.symbol_len;
		}
		if (s != NULL &&
		    opts != NULL && opts->sorted && (rc = check_order(s, &row,
		    pe_reader_has_symbol(r), fp == stdin ? "stdin" : path,
		    err)) != PE_OK)
			goto out;
		if (s == NULL || pe_series_push(s, &row.c, row.has_tod) !=
		    PE_OK || (pe_reader_volume_pair(r) &&
		    ticks_add(&ticks, s, &row) != 0)) {
			rc = pe_error_set(err, PE_ERR_NOMEM, path, row.line, 0,
			    "out of memory");
			goto out;
		}
	}
	rc = PE_OK;
	if (info != NULL)
		ticks_choose(&ticks, info->note, sizeof info->note);
out:
	if (info != NULL)
		info->has_symbol = r != NULL && pe_reader_has_symbol(r);
	free(ticks.v);
	pe_reader_free(r);
	if (fp != stdin && fclose(fp) != 0 && rc == PE_OK)
		rc = pe_error_set(err, PE_ERR_IO, path, 0, 0, "%s",
		    strerror(errno));
	return rc;
}

/* Every symbol of the database at path (pe_db.h): a symbol column. */
static int
load_db(const char *path, struct pe_set *set, int *has_symbol,
    struct pe_error *err)
{
	if (has_symbol != NULL)
		*has_symbol = 1;
	return pe_db_load(path, NULL, 0, set, NULL, err);
}

int
pe_load_path(const char *path, const struct pe_read_opts *opts,
    struct pe_set *set, int skip_bad, size_t *bad, int *has_symbol,
    struct pe_error *err)
{
	struct pe_load_info info;
	int rc;

	rc = pe_load_path_info(path, opts, set, skip_bad, bad, &info, err);
	if (has_symbol != NULL)
		*has_symbol = info.has_symbol;
	return rc;
}

int
pe_load_path_info(const char *path, const struct pe_read_opts *opts,
    struct pe_set *set, int skip_bad, size_t *bad,
    struct pe_load_info *info, struct pe_error *err)
{
	struct stat st;
	FILE *fp;

	memset(info, 0, sizeof *info);
	if (strncmp(path, PE_DB_PREFIX, strlen(PE_DB_PREFIX)) == 0)
		return load_db(path + strlen(PE_DB_PREFIX), set,
		    &info->has_symbol, err);
	if (strcmp(path, "-") == 0)
		fp = stdin;
	else if ((fp = fopen(path, "r")) == NULL)
		return pe_error_set(err, PE_ERR_IO, path, 0, 0, "%s",
		    strerror(errno));
	else if (fstat(fileno(fp), &st) != 0)
		st.st_mode = 0;		/* read as a stream, which says why */
	if (fp != stdin && S_ISDIR(st.st_mode)) {
		fclose(fp);
		return pe_error_set(err, PE_ERR_IO, path, 0, 0, "%s",
		    strerror(EISDIR));
	}
	if (fp != stdin && S_ISREG(st.st_mode) && pe_db_sniff(fp)) {
		fclose(fp);
		return load_db(path, set, &info->has_symbol, err);
	}
	return load_stream(fp, path, opts, set, skip_bad, bad, info, err);
}

int
pe_load_mem(const char *buf, size_t len, const char *path,
    const struct pe_read_opts *opts, struct pe_set *set, int skip_bad,
    size_t *bad, int *has_symbol, struct pe_error *err)
{
	struct pe_load_info info;
	int rc;

	FILE *fp;

	if (has_symbol != NULL)
		*has_symbol = 0;
	if (len == 0)	/* fmemopen may refuse an empty buffer */
		return pe_error_set(err, PE_ERR_FORMAT, path, 0, 0,
		    "empty input");
	if ((fp = fmemopen((void *)buf, len, "r")) == NULL)
		return pe_error_set(err, PE_ERR_NOMEM, path, 0, 0,
		    "out of memory");
	rc = load_stream(fp, path, opts, set, skip_bad, bad, &info, err);
	if (has_symbol != NULL)
		*has_symbol = info.has_symbol;
	return rc;
}

/* Two prices (or volumes) the same, a missing volume in both included. */
static int
same_value(double a, double b)
{
	return a == b || (a != a && b != b);
}

static int
same_candle(const struct pe_series *a, size_t i, const struct pe_series *b,
    size_t j)
{
	return same_value(a->open[i], b->open[j]) &&
	    same_value(a->high[i], b->high[j]) &&
	    same_value(a->low[i], b->low[j]) &&
	    same_value(a->close[i], b->close[j]) &&
	    same_value(a->volume[i], b->volume[j]);
}

void
pe_merge_count(const struct pe_series *old, const struct pe_series *s,
    struct pe_merge *m)
{
	size_t i, j;

	for (i = 0; i < s->n; i++) {
		j = pe_series_lower_bound(old, s->time[i]);
		if (j == old->n || old->time[j] != s->time[i])
			m->added++;
		else if (!same_candle(old, j, s, i))
			m->replaced++;
	}
}

int
pe_load_merge(const char *path, struct pe_series *s, struct pe_merge *m,
    struct pe_error *err)
{
	struct pe_read_opts ro = { .symbol = s->symbol,
	    .vendor = PE_VENDOR_NONE };
	struct pe_series *old;
	struct pe_set *tmp;
	FILE *fp;
	int rc;

	memset(m, 0, sizeof *m);
	if ((rc = pe_file_open_regular(path, &fp, err)) != PE_OK)
		return rc;
	if (fp == NULL) {
		m->created = 1;
		m->added = s->n;
		return PE_OK;
	}
	if ((tmp = pe_set_new()) == NULL) {
		fclose(fp);
		return pe_error_set(err, PE_ERR_NOMEM, path, 0, 0,
		    "out of memory");
	}
	if ((rc = load_stream(fp, path, &ro, tmp, 0, NULL, NULL, err)) !=
	    PE_OK)
		goto out;
	if (tmp->n == 0) {	/* a header alone */
		m->added = s->n;
		goto out;
	}
	old = tmp->v[0];
	rc = PE_ERR_NOMEM;
	if (pe_series_normalize(old, &m->dups) != PE_OK)
		goto out;
	pe_merge_count(old, s, m);
	/* s after the file's candles: the later row wins */
	if (pe_series_append(old, s) != PE_OK ||
	    pe_series_normalize(old, NULL) != PE_OK)
		goto out;
	pe_series_clear(s);
	rc = pe_series_append(s, old);
out:
	pe_set_free(tmp);
	if (rc == PE_ERR_NOMEM)
		pe_error_set(err, rc, path, 0, 0, "out of memory");
	return rc;
}

/* The base name of path without its last extension, into buf of n. */
static void
base_of(const char *path, char *buf, size_t n)
{
	const char *base, *dot;
	size_t len;

	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	len = dot != NULL && dot != base ? (size_t)(dot - base) :
	    strlen(base);
	snprintf(buf, n, "%.*s", (int)len, base);
}

char *
pe_load_symbol_of(const char *path, char *buf, size_t n)
{
	char raw[PATH_MAX];

	if (strcmp(path, "-") == 0) {
		snprintf(buf, n, "stdin");
		return buf;
	}
	base_of(path, raw, sizeof raw);
	pe_utf8_fix(raw, buf, n);
	return buf;
}

int
pe_load_symbol_fixed(const char *path)
{
	char raw[PATH_MAX];

	if (strcmp(path, "-") == 0)
		return 0;
	base_of(path, raw, sizeof raw);
	return !pe_utf8_valid(raw, strlen(raw));
}
