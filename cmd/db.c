/*
 * db.c: SQLite databases on the command line: a reader's input, pe-scan's
 * and pe-backtest's units (a symbol each), pe-load's output.  See cli.h
 * and pe_db.h.
 *
 * Bloat: no listing of a database's symbols beyond the error that asks
 * for one (sqlite3 DB 'select distinct symbol from candles' does that).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The exit status of a database's error: 2 when it cannot be opened. */
static int
status_of(const struct pe_error *err)
{
	return err->code == PE_ERR_IO &&
	    strncmp(err->msg, "cannot read", 11) != 0 ? 2 : 3;
}

/* The symbols of the database at file, or exit. */
static char **
symbols_of(const char *file, size_t *n)
{
	struct pe_error err;
	struct pe_db *db;
	char **names;

	if (pe_db_open(file, 0, &db, &err) != PE_OK)
		die(status_of(&err), &err);
	if (pe_db_symbols(db, &names, n, &err) != PE_OK) {
		pe_db_close(db);
		die(status_of(&err), &err);
	}
	pe_db_close(db);
	return names;
}

/* A database of several symbols read without --symbol: say how to
 * choose, naming a few of them. */
static void __attribute__((noreturn))
choose(const char *file, char **names, size_t n)
{
	char list[512];
	size_t i, len = 0;

	list[0] = '\0';
	for (i = 0; i < n && i < 3; i++)
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
		    i ? ", " : "", names[i]);
	if (n > 4)
		len += (size_t)snprintf(list + len, sizeof list - len, ", ...");
	if (n > 3 && len < sizeof list)
		snprintf(list + len, sizeof list - len, ", %s", names[n - 1]);
	pe_db_names_free(names, n);
	dief(2, "%s: %zu symbols (%s): choose with --symbol NAME "
	    "(repeatable), or scan them all with pe-scan", file, n, list);
}

struct pe_set *
cli_db_load(const char *path, const char *symbol, int *has)
{
	const struct cli_symbols *want = cli_symbols_given();
	const char *file = pe_db_name(path, 0);
	const char *one = symbol;
	struct pe_error err;
	struct pe_set *set;
	char **names = NULL;
	size_t n = 0;

	*has = 1;
	if (want == NULL && one == NULL) {	/* its one symbol, or none */
		names = symbols_of(file, &n);
		if (n > 1)	/* before any allocation of ours: it exits */
			choose(file, names, n);
		if (n == 0) {
			pe_db_names_free(names, n);
			if ((set = pe_set_new()) == NULL)
				dief(3, "out of memory");
			return set;
		}
		one = names[0];
	}
	if ((set = pe_set_new()) == NULL)
		dief(3, "out of memory");
	if (want == NULL) {
		if (pe_db_load(file, &one, 1, set, NULL, &err) != PE_OK)
			die(status_of(&err), &err);
		pe_db_names_free(names, n);
		return set;
	}
	if (pe_db_load(file, want->v, want->n, set, NULL, &err) != PE_OK)
		die(status_of(&err), &err);
	return set;
}

int
cli_db_paths_add(struct cli_paths *p, const char *operand)
{
	const char *file;
	char **names;
	size_t i, n;

	if ((file = pe_db_name(operand, 0)) == NULL)
		return 0;
	names = symbols_of(file, &n);
	if (n > 0 && p->sym == NULL)	/* the files so far: no symbol */
		p->sym = xcalloc(p->n + n, sizeof *p->sym);
	else if (n > 0)
		p->sym = xrealloc(p->sym, p->n + n, sizeof *p->sym);
	p->v = xrealloc(p->v, p->n + n, sizeof *p->v);
	for (i = 0; i < n; i++) {
		p->v[p->n] = xstrdup(file);
		p->sym[p->n++] = names[i];
	}
	free(names);
	if (n == 0 && p->empty == NULL)
		p->empty = xstrdup(file);
	return 1;
}

void
cli_db_write(const char *path, struct pe_series *const *v, size_t n,
    int merge)
{
	struct pe_merge m, all = { 0 };
	struct pe_error err;
	struct pe_db *db;
	size_t i, created = 0;
	int busy;

	if (pe_db_open(path, 1, &db, &err) != PE_OK)
		die(2, &err);
	if (pe_db_begin(db, 0, &busy, &err) != PE_OK)
		goto fail;
	if (busy) {
		notef("%s: waiting for another writer", path);
		if (pe_db_begin(db, 1, &busy, &err) != PE_OK)
			goto fail;
	}
	for (i = 0; i < n; i++) {
		if (pe_db_put(db, v[i], merge, &m, &err) != PE_OK)
			goto fail;
		created += (size_t)m.created;
		all.added += m.added;
		all.replaced += m.replaced;
	}
	if (pe_db_commit(db, &err) != PE_OK)
		goto fail;
	pe_db_close(db);
	if (merge)
		notef("%s: %zu symbol%s (%zu new), %zu candle%s added, %zu "
		    "replaced", path, n, n == 1 ? "" : "s", created, all.added,
		    all.added == 1 ? "" : "s", all.replaced);
	return;
fail:
	pe_db_close(db);	/* rolled back: the database as it was */
	die(3, &err);
}
