/*
 * formula.c: the struct pe_formula a parse fills, its arena, its lists of
 * statements and diagnostics, and a set of its statements by name.  See
 * pe_formula.h.
 *
 * The arena hands out zeroed memory from blocks that double in size (a
 * request larger than a block gets a block of its own); nothing is freed
 * before the whole arena.
 *
 * Bloat: no arena marks or rewinding, no shrinking, no removing from the
 * set of names.
 */
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formula.h"

struct pe_fblock {
	struct pe_fblock *next;
	size_t used, cap;
	alignas(max_align_t) unsigned char mem[];
};

struct pe_farena {
	struct pe_fblock *head;
	size_t next_cap;
};

struct pe_farena *
pe_farena_new(void)
{
	struct pe_farena *a;

	if ((a = calloc(1, sizeof *a)) == NULL)
		return NULL;
	a->next_cap = 4096;
	return a;
}

void *
pe_farena_alloc(struct pe_farena *a, size_t n)
{
	const size_t align = alignof(max_align_t);
	struct pe_fblock *b = a->head;
	size_t cap;
	void *p;

	if (n > SIZE_MAX - align)
		return NULL;
	n = (n + align - 1) / align * align;
	if (b == NULL || b->cap - b->used < n) {
		cap = n > a->next_cap ? n : a->next_cap;
		if (cap > SIZE_MAX - sizeof *b ||
		    (b = malloc(sizeof *b + cap)) == NULL)
			return NULL;
		b->cap = cap;
		b->used = 0;
		b->next = a->head;
		a->head = b;
		if (a->next_cap < ((size_t)1 << 24))
			a->next_cap *= 2;
	}
	p = b->mem + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

char *
pe_farena_strndup(struct pe_farena *a, const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX || (p = pe_farena_alloc(a, n + 1)) == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
pe_farena_free(struct pe_farena *a)
{
	struct pe_fblock *b, *next;

	if (a == NULL)
		return;
	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

struct pe_formula *
pe_formula_alloc(const char *src, size_t len, const char *path, int is_file)
{
	struct pe_formula *f;

	if ((f = calloc(1, sizeof *f)) == NULL)
		return NULL;
	if ((f->arena = pe_farena_new()) == NULL)
		goto fail;
	if (path == NULL)
		path = "formula";
	if (src == NULL)
		len = 0;
	if ((f->src = pe_farena_strndup(f->arena, len ? src : "", len)) ==
	    NULL ||
	    (f->path = pe_farena_strndup(f->arena, path, strlen(path))) ==
	    NULL)
		goto fail;
	f->len = len;
	f->is_file = is_file;
	return f;
fail:
	pe_formula_free(f);
	return NULL;
}

void
pe_formula_free(struct pe_formula *f)
{
	if (f == NULL)
		return;
	free(f->stmt);
	free(f->diag);
	pe_farena_free(f->arena);
	free(f);
}

void *
pe_formula_grow(void *v, size_t *cap, size_t n, size_t sz)
{
	void *nv;
	size_t c;

	if (n < *cap)
		return v;
	c = *cap ? *cap * 2 : 16;
	if (c > SIZE_MAX / sz || (nv = realloc(v, c * sz)) == NULL)
		return NULL;
	*cap = c;
	return nv;
}

int
pe_formula_add_stmt(struct pe_formula *f, const struct pe_fstmt *s)
{
	struct pe_fstmt *v;

	if ((v = pe_formula_grow(f->stmt, &f->stmt_cap, f->nstmt,
	    sizeof *v)) == NULL)
		return PE_ERR_NOMEM;
	f->stmt = v;
	f->stmt[f->nstmt++] = *s;
	if (s->kind == PE_FS_FORMULA)
		f->nformulas++;
	return PE_OK;
}

/* FNV-1a of a statement's kind and name. */
static size_t
name_hash(const struct pe_fstmt *s)
{
	const unsigned char *c = (const unsigned char *)s->name;
	uint64_t h = 14695981039346656037ULL ^ (uint64_t)s->kind;

	for (; *c != '\0'; c++)
		h = (h ^ *c) * 1099511628211ULL;
	return (size_t)h;
}

const struct pe_fstmt *
pe_fnames_find(const struct pe_fnames *n, const struct pe_formula *f,
    const struct pe_fstmt *s)
{
	const struct pe_fstmt *t;
	size_t h;

	if (n->cap == 0)
		return NULL;
	for (h = name_hash(s) & (n->cap - 1); n->slot[h] != 0;
	    h = (h + 1) & (n->cap - 1)) {
		t = &f->stmt[n->slot[h] - 1];
		if (t->kind == s->kind && strcmp(t->name, s->name) == 0)
			return t;
	}
	return NULL;
}

int
pe_fnames_add(struct pe_fnames *n, const struct pe_formula *f, size_t i)
{
	size_t *v, cap, k, h;

	if (2 * f->nstmt > n->cap) {
		cap = n->cap ? n->cap * 2 : 64;
		if (cap > SIZE_MAX / sizeof *v ||
		    (v = calloc(cap, sizeof *v)) == NULL)
			return PE_ERR_NOMEM;
		for (k = 0; k < n->cap; k++) {
			if (n->slot[k] == 0)
				continue;
			for (h = name_hash(&f->stmt[n->slot[k] - 1]) &
			    (cap - 1); v[h] != 0; h = (h + 1) & (cap - 1))
				;
			v[h] = n->slot[k];
		}
		free(n->slot);
		n->slot = v;
		n->cap = cap;
	}
	for (h = name_hash(&f->stmt[i]) & (n->cap - 1); n->slot[h] != 0;
	    h = (h + 1) & (n->cap - 1))
		;
	n->slot[h] = i + 1;
	return PE_OK;
}

int
pe_formula_vdiag(struct pe_formula *f, struct pe_fspan at, const char *fmt,
    va_list ap)
{
	struct pe_fdiag *d;

	if (f->ndiag >= PE_FORMULA_MAX_DIAGS) {
		f->too_many = 1;
		return PE_OK;
	}
	if ((d = pe_formula_grow(f->diag, &f->diag_cap, f->ndiag,
	    sizeof *d)) == NULL)
		return PE_ERR_NOMEM;
	f->diag = d;
	d = &f->diag[f->ndiag++];
	d->at = at;
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	return PE_OK;
}

int
pe_formula_diag_add(struct pe_formula *f, struct pe_fspan at,
    const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = pe_formula_vdiag(f, at, fmt, ap);
	va_end(ap);
	return rc;
}

int
pe_formula_error(const struct pe_formula *f, size_t i, struct pe_error *err)
{
	const struct pe_fdiag *d;

	if (i >= f->ndiag)
		return pe_error_set(err, PE_ERR_USAGE, f->path, 0, 0,
		    "bad formula");
	d = &f->diag[i];
	return pe_error_set(err, PE_ERR_USAGE, f->path, d->at.line,
	    d->at.col > 0x7fffffff ? 0x7fffffff : (int)d->at.col, "%s",
	    d->msg);
}
