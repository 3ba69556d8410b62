/*
 * db.c: candles in a SQLite database.  See pe_db.h.
 *
 * The only file that includes sqlite3.h.  A handle keeps its prepared
 * statements: a scan worker reads thousands of symbols through one.
 *
 * Bloat: no connection shared between processes (each worker opens its
 * own after the fork), no busy handler of our own (SQLite's timeout), no
 * retry of a write that fails.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "pe_candle.h"
#include "pe_db.h"
#include "pe_num.h"
#include "pe_time.h"

#define DB_MAGIC "SQLite format 3"	/* and its NUL: 16 bytes */

/* How long a writer waits for another one, once it has said it waits. */
#define WAIT_MS (24 * 60 * 60 * 1000)

struct pe_db {
	sqlite3 *h;
	char *path;
	int checked;		/* the table's columns were checked */
	int in_tx;
	sqlite3_stmt *sel;	/* a symbol's rows */
	sqlite3_stmt *ins;	/* one row, upserted */
	sqlite3_stmt *del;	/* a symbol's rows, deleted */
};

static const char *const col_name[] = { "symbol", "time", "open", "high",
	"low", "close", "volume" };
#define NCOL (sizeof col_name / sizeof col_name[0])

static const char *
suffix(const char *s, const char *end)
{
	size_t n = strlen(s), m = strlen(end);

	return n > m && strcmp(s + n - m, end) == 0 ? s : NULL;
}

int
pe_db_sniff(FILE *fp)
{
	char head[16];
	size_t got;

	got = fread(head, 1, sizeof head, fp);
	rewind(fp);
	return got == sizeof head && memcmp(head, DB_MAGIC, 16) == 0;
}

const char *
pe_db_name(const char *arg, int output)
{
	struct stat st;
	FILE *fp;
	int is;

	if (strncmp(arg, PE_DB_PREFIX, strlen(PE_DB_PREFIX)) == 0)
		return arg + strlen(PE_DB_PREFIX);
	if (output)
		return suffix(arg, ".db") ? arg : suffix(arg, ".sqlite") ?
		    arg : suffix(arg, ".sqlite3");
	/* stat first: never open (and wait on) a FIFO */
	if (strcmp(arg, "-") == 0 || stat(arg, &st) != 0 ||
	    !S_ISREG(st.st_mode) || (fp = fopen(arg, "r")) == NULL)
		return NULL;
	is = pe_db_sniff(fp);
	fclose(fp);
	return is ? arg : NULL;
}

/* err from SQLite's last error on db, after what ("cannot read"). */
static int
fail(struct pe_db *db, int code, const char *what, struct pe_error *err)
{
	int ec = sqlite3_errcode(db->h);

	if (ec == SQLITE_NOMEM)
		return pe_error_set(err, PE_ERR_NOMEM, db->path, 0, 0,
		    "out of memory");
	if (ec == SQLITE_NOTADB)
		return pe_error_set(err, PE_ERR_FORMAT, db->path, 0, 0,
		    "not a SQLite database");
	return pe_error_set(err, code, db->path, 0, 0, "%s: %s", what,
	    sqlite3_errmsg(db->h));
}

int
pe_db_open(const char *path, int write, struct pe_db **dbp,
    struct pe_error *err)
{
	struct pe_db *db;
	struct stat st;
	int flags = SQLITE_OPEN_NOMUTEX;

	*dbp = NULL;
	if (!write && stat(path, &st) != 0)
		return pe_error_set(err, PE_ERR_IO, path, 0, 0, "%s",
		    strerror(errno));
	if (!write && S_ISDIR(st.st_mode))
		return pe_error_set(err, PE_ERR_IO, path, 0, 0, "%s",
		    strerror(EISDIR));
	if ((db = calloc(1, sizeof *db)) == NULL ||
	    (db->path = strdup(path)) == NULL) {
		free(db);
		return pe_error_set(err, PE_ERR_NOMEM, path, 0, 0,
		    "out of memory");
	}
	/* a reader never writes: no checkpoint when it closes */
	flags |= write ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE :
	    SQLITE_OPEN_READONLY;
	if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
		if (db->h == NULL) {
			free(db->path);
			free(db);
			return pe_error_set(err, PE_ERR_NOMEM, path, 0, 0,
			    "out of memory");
		}
		fail(db, PE_ERR_IO, "cannot open", err);
		pe_db_close(db);
		return err != NULL ? err->code : PE_ERR_IO;
	}
	sqlite3_extended_result_codes(db->h, 0);
	if (write && (sqlite3_busy_timeout(db->h, 0) != SQLITE_OK ||
	    sqlite3_exec(db->h, "PRAGMA journal_mode=WAL", NULL, NULL,
	    NULL) != SQLITE_OK)) {
		fail(db, PE_ERR_IO, "cannot open", err);
		pe_db_close(db);
		return err != NULL ? err->code : PE_ERR_IO;
	}
	if (!write)	/* a load commits in one step: wait for it */
		sqlite3_busy_timeout(db->h, 10000);
	*dbp = db;
	return PE_OK;
}

void
pe_db_close(struct pe_db *db)
{
	if (db == NULL)
		return;
	sqlite3_finalize(db->sel);
	sqlite3_finalize(db->ins);
	sqlite3_finalize(db->del);
	if (db->in_tx)
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db->h);
	free(db->path);
	free(db);
}

/* Prepare sql into *st once. */
static int
prepare(struct pe_db *db, sqlite3_stmt **st, const char *sql,
    struct pe_error *err)
{
	if (*st != NULL) {
		sqlite3_reset(*st);
		sqlite3_clear_bindings(*st);
		return PE_OK;
	}
	if (sqlite3_prepare_v2(db->h, sql, -1, st, NULL) != SQLITE_OK)
		return fail(db, PE_ERR_IO, "cannot read table candles", err);
	return PE_OK;
}

/*
 * Whether the table candles has pe's columns (of any declared type: the
 * values are checked as they are read).  PE_OK, or PE_ERR_FORMAT saying
 * what is missing.
 */
static int
check_table(struct pe_db *db, struct pe_error *err)
{
	sqlite3_stmt *st = NULL;
	unsigned seen = 0;
	const char *name;
	size_t k;
	int rc, n = 0;

	if (db->checked)
		return PE_OK;
	if (sqlite3_prepare_v2(db->h, "SELECT name FROM pragma_table_info(?1)",
	    -1, &st, NULL) != SQLITE_OK)
		return fail(db, PE_ERR_IO, "cannot read the schema", err);
	sqlite3_bind_text(st, 1, "candles", -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		n++;
		if ((name = (const char *)sqlite3_column_text(st, 0)) == NULL)
			continue;
		for (k = 0; k < NCOL; k++)
			if (strcasecmp(name, col_name[k]) == 0)
				seen |= 1u << k;
	}
	if (rc != SQLITE_DONE) {
		fail(db, PE_ERR_IO, "cannot read the schema", err);
		sqlite3_finalize(st);
		return err != NULL ? err->code : PE_ERR_IO;
	}
	sqlite3_finalize(st);
	if (n == 0)
		return pe_error_set(err, PE_ERR_FORMAT, db->path, 0, 0,
		    "no table candles (pe-load -o writes one)");
	for (k = 0; k < NCOL; k++)
		if (!(seen & (1u << k)))
			return pe_error_set(err, PE_ERR_FORMAT, db->path, 0, 0,
			    "table candles has no column '%s'", col_name[k]);
	db->checked = 1;
	return PE_OK;
}

/* A value for a message: at most 40 bytes, control characters as '?'. */
static const char *
shown(const unsigned char *s, int n, char *buf)
{
	int i, m = n > 40 ? 40 : n;

	for (i = 0; i < m; i++)
		buf[i] = s[i] < 0x20 ? '?' : (char)s[i];
	if (n > m) {
		memcpy(buf + m, "...", 3);
		m += 3;
	}
	buf[m] = '\0';
	return buf;
}

/* Row's time (column 0) into *t, *has_tod; 0, or -1 with why[] filled. */
static int
row_time(sqlite3_stmt *st, int64_t *t, int *has_tod, char *why, size_t n)
{
	struct pe_time_info info;
	const unsigned char *s;
	const char *reason;
	char buf[48];
	int type = sqlite3_column_type(st, 0), len;

	if (type == SQLITE_NULL) {
		snprintf(why, n, "missing time");
		return -1;
	}
	if (type == SQLITE_BLOB) {
		snprintf(why, n, "time is not text");
		return -1;
	}
	s = sqlite3_column_text(st, 0);
	len = sqlite3_column_bytes(st, 0);
	if (s == NULL)
		len = 0;
	if (pe_time_parse((const char *)s, (size_t)len, t, &info,
	    &reason) != 0) {
		snprintf(why, n, "bad time '%s': %s", shown(s, len, buf),
		    reason);
		return -1;
	}
	*has_tod = info.has_tod;
	return 0;
}

/* Row's column k (2..6: open..volume) into *v; 0, or -1 with why[]. */
static int
row_number(sqlite3_stmt *st, int k, double *v, char *why, size_t n)
{
	const char *name = col_name[k];
	const unsigned char *s;
	char buf[48];
	int len;

	switch (sqlite3_column_type(st, k - 1)) {
	case SQLITE_FLOAT:
	case SQLITE_INTEGER:
		*v = sqlite3_column_double(st, k - 1);
		if (isfinite(*v))
			return 0;
		snprintf(why, n, "%s is not finite", name);
		return -1;
	case SQLITE_TEXT:
		s = sqlite3_column_text(st, k - 1);
		len = sqlite3_column_bytes(st, k - 1);
		if (s != NULL && pe_num_parse((const char *)s, (size_t)len,
		    '.', v) == 0)
			return 0;
		snprintf(why, n, "%s is not a number: '%s'", name,
		    shown(s, s != NULL ? len : 0, buf));
		return -1;
	case SQLITE_NULL:
		if (k == 6) {
			*v = NAN;
			return 0;
		}
		snprintf(why, n, "missing %s", name);
		return -1;
	default:
		snprintf(why, n, "%s is not a number", name);
		return -1;
	}
}

/* c's prices and volume as a candle's; 0, or -1 with why[]. */
static int
row_check(const struct pe_candle *c, char *why, size_t n)
{
	char a[PE_NUM_BUFSZ], b[PE_NUM_BUFSZ];
	double hi = c->open > c->close ? c->open : c->close;
	double lo = c->open < c->close ? c->open : c->close;

	if (c->high < hi) {
		pe_num_format(c->high, a);
		pe_num_format(hi, b);
		snprintf(why, n, "high %s is below max(open, close) %s", a, b);
		return -1;
	}
	if (c->low > lo) {
		pe_num_format(c->low, a);
		pe_num_format(lo, b);
		snprintf(why, n, "low %s is above min(open, close) %s", a, b);
		return -1;
	}
	if (c->volume < 0) {
		pe_num_format(c->volume, a);
		snprintf(why, n, "volume %s is negative", a);
		return -1;
	}
	return 0;
}

/* s sorted by time, when the text's order was not the time's; an
 * instant twice is an error. */
static int
order(struct pe_db *db, const char *symbol, struct pe_series *s, size_t from,
    struct pe_error *err)
{
	size_t i, dups = 0;

	for (i = from + 1; i < s->n && s->time[i] > s->time[i - 1]; i++)
		;
	if (i >= s->n || from > 0)	/* appended: the caller sorts */
		return PE_OK;
	if (pe_series_normalize(s, &dups) != PE_OK)
		return pe_error_set(err, PE_ERR_NOMEM, db->path, 0, 0,
		    "out of memory");
	if (dups == 0)
		return PE_OK;
	return pe_error_set(err, PE_ERR_DATA, db->path, 0, 0,
	    "%s: %zu row%s at a time another row has too", symbol, dups,
	    dups == 1 ? "" : "s");
}

int
pe_db_read(struct pe_db *db, const char *symbol, struct pe_series *s,
    struct pe_error *err)
{
	struct pe_candle c;
	char why[160], t[PE_TIME_BUFSZ];
	size_t from = s->n;
	int rc, has_tod = 0, bad;

	if ((rc = check_table(db, err)) != PE_OK ||
	    (rc = prepare(db, &db->sel, "SELECT time, open, high, low, "
	    "close, volume FROM candles WHERE symbol = ?1 ORDER BY time",
	    err)) != PE_OK)
		return rc;
	sqlite3_bind_text(db->sel, 1, symbol, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(db->sel)) == SQLITE_ROW) {
		bad = row_time(db->sel, &c.time, &has_tod, why, sizeof why);
		if (!bad)
			bad = row_number(db->sel, 2, &c.open, why, sizeof why) ||
			    row_number(db->sel, 3, &c.high, why, sizeof why) ||
			    row_number(db->sel, 4, &c.low, why, sizeof why) ||
			    row_number(db->sel, 5, &c.close, why, sizeof why) ||
			    row_number(db->sel, 6, &c.volume, why,
			    sizeof why) || row_check(&c, why, sizeof why);
		if (bad) {
			shown(sqlite3_column_text(db->sel, 0),
			    sqlite3_column_bytes(db->sel, 0), t);
			sqlite3_reset(db->sel);
			return pe_error_set(err, PE_ERR_DATA, db->path, 0, 0,
			    "%s: %s%s%s", symbol, strncmp(why, "bad time",
			    8) && strcmp(why, "missing time") ? t : "",
			    strncmp(why, "bad time", 8) &&
			    strcmp(why, "missing time") ? ": " : "", why);
		}
		if (pe_series_push(s, &c, has_tod) != PE_OK) {
			sqlite3_reset(db->sel);
			return pe_error_set(err, PE_ERR_NOMEM, db->path, 0, 0,
			    "out of memory");
		}
	}
	sqlite3_reset(db->sel);
	if (rc != SQLITE_DONE)
		return fail(db, PE_ERR_IO, "cannot read table candles", err);
	return order(db, symbol, s, from, err);
}

void
pe_db_names_free(char **names, size_t n)
{
	size_t i;

	for (i = 0; names != NULL && i < n; i++)
		free(names[i]);
	free(names);
}

int
pe_db_symbols(struct pe_db *db, char ***names, size_t *n,
    struct pe_error *err)
{
	sqlite3_stmt *st = NULL;
	const char *why;
	const unsigned char *s;
	char **v = NULL, **nv, buf[48];
	size_t cap = 0;
	int rc, len, type;

	*names = NULL;
	*n = 0;
	if ((rc = check_table(db, err)) != PE_OK)
		return rc;
	if (sqlite3_prepare_v2(db->h, "SELECT DISTINCT symbol FROM candles "
	    "ORDER BY symbol COLLATE BINARY", -1, &st, NULL) != SQLITE_OK)
		return fail(db, PE_ERR_IO, "cannot read table candles", err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		type = sqlite3_column_type(st, 0);	/* before a conversion */
		s = sqlite3_column_text(st, 0);
		len = sqlite3_column_bytes(st, 0);
		if (type != SQLITE_TEXT || s == NULL) {
			rc = pe_error_set(err, PE_ERR_DATA, db->path, 0, 0,
			    "a symbol that is not text ('%s')",
			    s != NULL ? shown(s, len, buf) : "NULL");
			goto out;
		}
		if ((size_t)len != strlen((const char *)s) ||
		    pe_symbol_valid((const char *)s, (size_t)len, &why) != 0) {
			rc = pe_error_set(err, PE_ERR_DATA, db->path, 0, 0,
			    "bad symbol '%s': %s", shown(s, len, buf),
			    (size_t)len != strlen((const char *)s) ?
			    "holds a NUL byte" : why);
			goto out;
		}
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			if ((nv = realloc(v, cap * sizeof *v)) == NULL)
				goto nomem;
			v = nv;
		}
		if ((v[*n] = strdup((const char *)s)) == NULL)
			goto nomem;
		(*n)++;
	}
	if (rc != SQLITE_DONE) {
		rc = fail(db, PE_ERR_IO, "cannot read table candles", err);
		goto out;
	}
	sqlite3_finalize(st);
	*names = v;
	return PE_OK;
nomem:
	rc = pe_error_set(err, PE_ERR_NOMEM, db->path, 0, 0, "out of memory");
out:
	sqlite3_finalize(st);
	pe_db_names_free(v, *n);
	*n = 0;
	return rc;
}

int
pe_db_load(const char *path, const char *const *want, size_t nwant,
    struct pe_set *set, size_t *found, struct pe_error *err)
{
	struct pe_db *db;
	struct pe_series *s;
	char **names = NULL;
	size_t i, k, n = 0, got = 0;
	int rc;

	if (found != NULL)
		*found = 0;
	if ((rc = pe_db_open(path, 0, &db, err)) != PE_OK)
		return rc;
	if ((rc = pe_db_symbols(db, &names, &n, err)) != PE_OK)
		goto out;
	for (i = 0; i < n; i++) {
		for (k = 0; want != NULL && k < nwant; k++)
			if (strcmp(want[k], names[i]) == 0)
				break;
		if (want != NULL && k == nwant)
			continue;
		if ((s = pe_set_get(set, names[i], strlen(names[i]))) == NULL) {
			rc = pe_error_set(err, PE_ERR_NOMEM, path, 0, 0,
			    "out of memory");
			goto out;
		}
		if ((rc = pe_db_read(db, names[i], s, err)) != PE_OK)
			goto out;
		got++;
	}
	if (found != NULL)
		*found = got;
out:
	pe_db_names_free(names, n);
	pe_db_close(db);
	return rc;
}

/* ---- writing ---- */

int
pe_db_begin(struct pe_db *db, int wait, int *busy, struct pe_error *err)
{
	int rc;

	*busy = 0;
	sqlite3_busy_timeout(db->h, wait ? WAIT_MS : 0);
	rc = sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc == SQLITE_BUSY && !wait) {
		*busy = 1;
		return PE_OK;
	}
	if (rc != SQLITE_OK)
		return fail(db, PE_ERR_IO, "cannot write", err);
	db->in_tx = 1;
	if (sqlite3_exec(db->h, "CREATE TABLE IF NOT EXISTS candles("
	    "symbol TEXT, time TEXT, open REAL, high REAL, low REAL, "
	    "close REAL, volume REAL, PRIMARY KEY(symbol, time)) "
	    "WITHOUT ROWID", NULL, NULL, NULL) != SQLITE_OK)
		return fail(db, PE_ERR_IO, "cannot write", err);
	if ((rc = check_table(db, err)) != PE_OK)
		return rc;
	if (sqlite3_prepare_v2(db->h, "INSERT INTO candles(symbol, time, "
	    "open, high, low, close, volume) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "?7) ON CONFLICT(symbol, time) DO UPDATE SET open = excluded.open,"
	    " high = excluded.high, low = excluded.low, close = excluded.close,"
	    " volume = excluded.volume", -1, &db->ins, NULL) != SQLITE_OK) {
		if (strstr(sqlite3_errmsg(db->h), "ON CONFLICT") != NULL)
			return pe_error_set(err, PE_ERR_FORMAT, db->path, 0, 0,
			    "table candles has no key (symbol, time): it is "
			    "not pe's");
		return fail(db, PE_ERR_IO, "cannot write", err);
	}
	if (sqlite3_prepare_v2(db->h, "DELETE FROM candles WHERE symbol = ?1",
	    -1, &db->del, NULL) != SQLITE_OK)
		return fail(db, PE_ERR_IO, "cannot write", err);
	return PE_OK;
}

/* Candles [lo, hi) of s, their times in s's form. */
static int
insert(struct pe_db *db, const struct pe_series *s, size_t lo, size_t hi,
    struct pe_error *err)
{
	sqlite3_stmt *st = db->ins;
	char t[PE_TIME_BUFSZ];
	size_t i, n;

	for (i = lo; i < hi; i++) {
		n = pe_time_format(s->time[i], s->date_only, t);
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, s->symbol, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, t, (int)n, SQLITE_STATIC);
		sqlite3_bind_double(st, 3, s->open[i]);
		sqlite3_bind_double(st, 4, s->high[i]);
		sqlite3_bind_double(st, 5, s->low[i]);
		sqlite3_bind_double(st, 6, s->close[i]);
		if (isnan(s->volume[i]))
			sqlite3_bind_null(st, 7);
		else
			sqlite3_bind_double(st, 7, s->volume[i]);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_reset(st);
			return fail(db, PE_ERR_IO, "cannot write", err);
		}
	}
	sqlite3_reset(st);
	return PE_OK;
}

/* Every row of s's symbol removed. */
static int
delete(struct pe_db *db, const struct pe_series *s, struct pe_error *err)
{
	sqlite3_reset(db->del);
	sqlite3_bind_text(db->del, 1, s->symbol, -1, SQLITE_STATIC);
	if (sqlite3_step(db->del) != SQLITE_DONE) {
		sqlite3_reset(db->del);
		return fail(db, PE_ERR_IO, "cannot write", err);
	}
	sqlite3_reset(db->del);
	return PE_OK;
}

/*
 * Merge: s's candles upserted, their times in the form of the union
 * (date only when both are); when that form is not the one of the rows
 * there, every row of the symbol is written again in it, so that one
 * instant never has two keys.  s becomes the union.
 */
static int
merge(struct pe_db *db, struct pe_series *s, struct pe_merge *m,
    struct pe_error *err)
{
	struct pe_series *old;
	int rc, rewrite;

	if ((old = pe_series_new(s->symbol)) == NULL)
		return pe_error_set(err, PE_ERR_NOMEM, db->path, 0, 0,
		    "out of memory");
	if ((rc = pe_db_read(db, s->symbol, old, err)) != PE_OK)
		goto out;
	m->created = old->n == 0;
	pe_merge_count(old, s, m);
	rewrite = old->n > 0 && old->date_only && !s->date_only;
	if (old->n > 0 && !old->date_only)
		s->date_only = 0;	/* written in the rows' form */
	rc = PE_ERR_NOMEM;
	if (pe_series_append(old, s) != PE_OK ||
	    pe_series_normalize(old, NULL) != PE_OK)
		goto nomem;
	if (rewrite) {
		if ((rc = delete(db, s, err)) != PE_OK ||
		    (rc = insert(db, old, 0, old->n, err)) != PE_OK)
			goto out;
	} else if ((rc = insert(db, s, 0, s->n, err)) != PE_OK)
		goto out;
	pe_series_clear(s);
	if ((rc = pe_series_append(s, old)) != PE_OK)
		goto nomem;
	goto out;
nomem:
	rc = pe_error_set(err, PE_ERR_NOMEM, db->path, 0, 0, "out of memory");
out:
	pe_series_free(old);
	return rc;
}

int
pe_db_put(struct pe_db *db, struct pe_series *s, int do_merge,
    struct pe_merge *m, struct pe_error *err)
{
	struct pe_merge mine;
	int rc;

	if (m == NULL)
		m = &mine;
	memset(m, 0, sizeof *m);
	if (!db->in_tx)
		return pe_error_set(err, PE_ERR_IO, db->path, 0, 0,
		    "cannot write: no transaction");
	if (do_merge)
		return merge(db, s, m, err);
	m->added = s->n;
	if ((rc = delete(db, s, err)) != PE_OK)
		return rc;
	return insert(db, s, 0, s->n, err);
}

int
pe_db_commit(struct pe_db *db, struct pe_error *err)
{
	if (!db->in_tx)
		return pe_error_set(err, PE_ERR_IO, db->path, 0, 0,
		    "cannot write: no transaction");
	if (sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return fail(db, PE_ERR_IO, "cannot write", err);
	db->in_tx = 0;
	return PE_OK;
}

static void
put_stat(const char *path, uint64_t *id)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		memset(id, 0, 5 * sizeof *id);
		return;
	}
	id[0] = (uint64_t)st.st_dev;
	id[1] = (uint64_t)st.st_ino;
	id[2] = (uint64_t)st.st_size;
	id[3] = (uint64_t)st.st_mtim.tv_sec * 1000000000u +
	    (uint64_t)st.st_mtim.tv_nsec;
	id[4] = (uint64_t)st.st_ctim.tv_sec * 1000000000u +
	    (uint64_t)st.st_ctim.tv_nsec;
}

int
pe_db_identity(const char *path, uint64_t id[PE_DB_IDN])
{
	struct stat st;
	char *wal;
	size_t n = strlen(path);

	if (stat(path, &st) != 0 || (wal = malloc(n + 5)) == NULL)
		return -1;
	put_stat(path, id);
	memcpy(wal, path, n);
	memcpy(wal + n, "-wal", 5);
	put_stat(wal, id + 5);
	id[9] = 0;	/* a reader's open changes the log's ctime (fchown) */
	free(wal);
	return 0;
}
