/*
 * refs.c: the candles of the symbols sym() names, read from files and
 * kept by path (see pe_refs.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pe_db.h"
#include "pe_file.h"
#include "pe_load.h"
#include "pe_refs.h"

struct ref {
	char *path;
	struct pe_set *set;	/* one series */
};

struct pe_refs {
	char *dir;		/* NULL: each file's own */
	const char *base;	/* the file being evaluated */
	struct ref *v;
	size_t n, cap;
};

struct pe_refs *
pe_refs_new(const char *dir)
{
	struct pe_refs *r = calloc(1, sizeof *r);

	if (r != NULL && dir != NULL && (r->dir = strdup(dir)) == NULL) {
		free(r);
		return NULL;
	}
	return r;
}

void
pe_refs_free(struct pe_refs *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		free(r->v[i].path);
		pe_set_free(r->v[i].set);
	}
	free(r->v);
	free(r->dir);
	free(r);
}

void
pe_refs_base(struct pe_refs *r, const char *path)
{
	r->base = path;
}

/* DIR/SYMBOL.csv into a malloc'd string, DIR the given one or base's
 * directory ("." for a bare name or the standard input); or, when the
 * given one or base is a SQLite database, "sqlite:FILE" and the symbol
 * after a NUL (what names it in r->v). */
static char *
ref_path(const struct pe_refs *r, const char *symbol)
{
	const char *dir = r->dir, *slash, *db;
	size_t dlen;
	char *p;

	db = pe_db_name(dir != NULL ? dir : r->base != NULL ? r->base : "-", 0);
	if (db != NULL) {
		dlen = strlen(PE_DB_PREFIX) + strlen(db);
		if ((p = malloc(dlen + strlen(symbol) + 2)) != NULL)
			sprintf(p, "%s%s%c%s", PE_DB_PREFIX, db, '\0', symbol);
		return p;
	}
	if (dir == NULL) {
		slash = r->base != NULL ? strrchr(r->base, '/') : NULL;
		dir = slash != NULL ? r->base : ".";
		dlen = slash != NULL ? (size_t)(slash - r->base) : 1;
		if (slash == r->base)	/* "/x.csv": the root */
			dlen = 0;
	} else
		dlen = strlen(dir);
	if ((p = malloc(dlen + strlen(symbol) + 7)) != NULL) {
		sprintf(p, "%.*s/%s.csv", (int)dlen, dir, symbol);
		p[strlen(p) + 1] = '\0';	/* no symbol after the NUL */
	}
	return p;
}

/* The file at path read into a new entry of r, or NULL with err set. */
static struct ref *
ref_load(struct pe_refs *r, char *path, const char *symbol,
    struct pe_error *err)
{
	struct pe_read_opts ro = { .symbol = symbol, .sorted = 1 };
	char why[PE_ERRMSG_MAX];
	struct pe_set *set;
	struct ref *v;
	int rc;

	if ((set = pe_set_new()) == NULL) {
		pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0, "out of memory");
		return NULL;
	}
	if (strncmp(path, PE_DB_PREFIX, strlen(PE_DB_PREFIX)) == 0) {
		/* the symbol's rows in the database */
		rc = pe_db_load(path + strlen(PE_DB_PREFIX), &symbol, 1, set,
		    NULL, err);
		if (rc == PE_OK && (set->n != 1 || set->v[0]->n == 0))
			rc = pe_error_set(err, PE_ERR_DATA, path + strlen(
			    PE_DB_PREFIX), 0, 0, "the database holds no %.64s",
			    symbol);
	} else {
		rc = pe_load_path(path, &ro, set, 0, NULL, NULL, err);
		if (rc == PE_OK && (set->n != 1 || set->v[0]->n == 0))
			rc = pe_error_set(err, PE_ERR_DATA, path, 0, 0, "%s",
			    set->n > 1 ? "the file holds several symbols" :
			    "the file holds no bar");
	}
	if (rc != PE_OK && err != NULL) {	/* say which sym() wanted it */
		snprintf(why, sizeof why, "%s", err->msg);
		pe_error_set(err, rc, path, err->line, 0, "sym(\"%.64s\", "
		    "...): %.200s%s%s", symbol, path, err->line ? "" : ": ",
		    err->line ? "" : why);
		if (err->line)	/* a bad row: its line and what is wrong */
			snprintf(err->msg + strlen(err->msg), sizeof err->msg -
			    strlen(err->msg), ":%ld: %s", err->line, why);
	}
	if (rc != PE_OK || (v = realloc(r->v, (r->n + 1) * sizeof *v)) ==
	    NULL) {
		if (rc == PE_OK)
			pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0,
			    "out of memory");
		pe_set_free(set);
		return NULL;
	}
	r->v = v;
	v += r->n++;
	v->path = path;
	v->set = set;
	return v;
}

const struct pe_series *
pe_refs_get(void *ctx, const char *symbol, struct pe_error *err)
{
	struct pe_refs *r = ctx;
	const char *why;
	struct ref *v;
	char *path;
	size_t i;

	if (pe_symbol_check(symbol, &why) != 0) {
		pe_error_set(err, PE_ERR_USAGE, NULL, 0, 0, "sym(\"%s\", ...): "
		    "not a symbol's file name (%s)", symbol, why);
		return NULL;
	}
	if ((path = ref_path(r, symbol)) == NULL) {
		pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0, "out of memory");
		return NULL;
	}
	for (i = 0; i < r->n; i++)
		if (strcmp(r->v[i].path, path) == 0 && strcmp(r->v[i].path +
		    strlen(path) + 1, path + strlen(path) + 1) == 0) {
			free(path);
			return r->v[i].set->v[0];
		}
	if ((v = ref_load(r, path, symbol, err)) == NULL) {
		free(path);
		return NULL;
	}
	return v->set->v[0];
}
