/*
 * columns.c: formula sources compiled as columns (pe-indicators) or
 * lines (pe-chart), with the checks of their names.  See pe_columns.h.
 *
 * Reading a file and rendering the diagnostics are build.c's (fbuild.h);
 * what differs from pe_plan_build is the role (every formula a value,
 * an -e parsed as a formula line whatever it will be) and the checks of
 * names before and after compiling.
 *
 * Clashes are found by sorting the names with the taken ones, not by
 * comparing every pair: a formula file may hold many thousands.
 *
 * Bloat: no suggestion of a free name for a clash.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fbuild.h"
#include "pe_columns.h"

/* A name to check: a taken column's, or a named formula's (f, s). */
struct entry {
	char *name;		/* lower case, owned */
	long order;		/* taken: -ntaken..-1; formulas 0.. in order */
	const struct pe_column_taken *taken;
	struct pe_formula *f;
	const struct pe_fstmt *s;
	const struct entry *first;	/* the first of its name, if not it */
};

char *
pe_columns_name(const char *name)
{
	size_t i, len = strlen(name);
	char *p;

	if ((p = malloc(len + 1)) == NULL)
		return NULL;
	for (i = 0; i <= len; i++)
		p[i] = (char)tolower((unsigned char)name[i]);
	return p;
}

static int
nomem(struct pe_error *err)
{
	return pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

/* By name, then order: the first of each name leads its run. */
static int
cmp_entry(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;
	int c = strcmp(a->name, b->name);

	if (c != 0)
		return c;
	return a->order < b->order ? -1 : a->order > b->order;
}

/*
 * The entries of the taken names and of every named formula, sorted,
 * into *ev (*nv of them), each formula's first pointing at the entry
 * that had its name before it.  -1 when memory ran out.
 */
static int
gather(struct pe_plan_src *src, size_t n,
    const struct pe_column_taken *taken, size_t ntaken, struct entry **ev,
    size_t *nv)
{
	struct entry *v;
	size_t i, k, m = ntaken;
	long nf = 0;

	for (i = 0; i < n; i++)
		m += src[i].f->nformulas;
	if ((*ev = v = calloc(m + 1, sizeof *v)) == NULL)
		return -1;
	for (*nv = 0; *nv < ntaken; ++*nv) {
		v[*nv].order = (long)*nv - (long)ntaken;
		v[*nv].taken = &taken[*nv];
		if ((v[*nv].name = pe_columns_name(taken[*nv].name)) == NULL)
			return -1;
	}
	for (i = 0; i < n; i++)
		for (k = 0; k < src[i].f->nstmt; k++) {
			if (src[i].f->stmt[k].kind != PE_FS_FORMULA ||
			    src[i].f->stmt[k].name == NULL)
				continue;
			v[*nv].order = nf++;
			v[*nv].f = src[i].f;
			v[*nv].s = &src[i].f->stmt[k];
			if ((v[*nv].name = pe_columns_name(v[*nv].s->name)) ==
			    NULL)
				return -1;
			++*nv;
		}
	qsort(v, *nv, sizeof *v, cmp_entry);
	for (i = 1; i < *nv; i++)
		if (strcmp(v[i].name, v[i - 1].name) == 0)
			v[i].first = v[i - 1].first ? v[i - 1].first : &v[i - 1];
	return 0;
}

/* The diagnostic of a formula's name that clashes with e->first. */
static int
clash(const struct entry *e)
{
	const struct entry *t = e->first;

	if (t->taken != NULL)
		return pe_formula_diag_add(e->f, e->s->name_span, "column "
		    "'%s' is taken by %s", e->name, t->taken->by);
	if (!t->f->is_file)	/* every -e is at formula:1:1 */
		return pe_formula_diag_add(e->f, e->s->name_span, "column "
		    "'%s' is taken by formula '%s' of an earlier -e", e->name,
		    t->s->name);
	return pe_formula_diag_add(e->f, e->s->name_span, "column '%s' is "
	    "taken by formula '%s' at %s:%ld:%ld", e->name, t->s->name,
	    t->f->path, t->s->name_span.line, t->s->name_span.col);
}

/*
 * PE_COLUMNS_NAMED, before compiling: each formula of src[0..n) named,
 * and its name none of taken's nor an earlier formula's.  Diagnostics
 * go in each source's order.  Returns 1 when one was added, 0 when none
 * was, -1 when memory ran out.
 */
static int
check_names(struct pe_plan_src *src, size_t n,
    const struct pe_column_taken *taken, size_t ntaken)
{
	const struct pe_fstmt *s;
	struct entry *v = NULL, **by = NULL;
	size_t nv = 0, i, k, nf = 0;
	int rc = -1, bad = 0;

	if (gather(src, n, taken, ntaken, &v, &nv) != 0 ||
	    (by = calloc(nv + 1, sizeof *by)) == NULL)
		goto out;
	for (i = 0; i < nv; i++)	/* back in the formulas' order */
		if (v[i].f != NULL)
			by[v[i].order] = &v[i];
	for (i = 0; i < n; i++)
		for (k = 0; k < src[i].f->nstmt; k++) {
			s = &src[i].f->stmt[k];
			if (s->kind != PE_FS_FORMULA)
				continue;
			if (s->name == NULL) {
				bad = 1;
				if (pe_formula_diag_add(src[i].f, s->expr->span,
				    "a column needs a name: write 'name: "
				    "expression'") != PE_OK)
					goto out;
				continue;
			}
			if (by[nf]->first != NULL) {
				bad = 1;
				if (clash(by[nf]) != PE_OK)
					goto out;
			}
			nf++;
		}
	rc = bad;
out:
	for (i = 0; v != NULL && i < nv; i++)
		free(v[i].name);
	free(v);
	free(by);
	return rc;
}

/*
 * PE_COLUMNS_LINES, after compiling: each formula of p that is a number
 * has a name.  The plan's formulas are the sources' in order.  Returns as
 * check_names.
 */
static int
check_lines(struct pe_plan_src *src, size_t n, const struct pe_plan *p)
{
	const struct pe_fstmt *s;
	size_t i, k, fi = 0;
	int bad = 0;

	for (i = 0; i < n; i++)
		for (k = 0; k < src[i].f->nstmt; k++) {
			s = &src[i].f->stmt[k];
			if (s->kind != PE_FS_FORMULA)
				continue;
			if (s->name == NULL &&
			    p->node[p->formula[fi].root].type == PE_VT_NUM) {
				bad = 1;
				if (pe_formula_diag_add(src[i].f, s->expr->span,
				    "a number is drawn as a line and needs a "
				    "name: write 'name: expression'") != PE_OK)
					return -1;
			}
			fi++;
		}
	return bad;
}

/* The first diagnostic of src[0..n) into err; PE_ERR_USAGE. */
static int
first_error(const struct pe_plan_src *src, size_t n, struct pe_error *err)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (src[i].f != NULL && src[i].f->ndiag > 0)
			return pe_formula_error(src[i].f, 0, err);
	return pe_error_set(err, PE_ERR_USAGE, NULL, 0, 0, "bad formula");
}

/* Compile src[0..n), all parsed, and check the names flags asks for. */
static int
compile(struct pe_plan_src *src, size_t n, unsigned flags,
    const struct pe_column_taken *taken, size_t ntaken,
    struct pe_plan **out, struct pe_error *err)
{
	int bad = 0, rc;

	if ((flags & PE_COLUMNS_NAMED) &&
	    (bad = check_names(src, n, taken, ntaken)) != 0)
		return bad < 0 ? nomem(err) : first_error(src, n, err);
	if ((rc = pe_plan_compile(src, n, 0, out, err)) != PE_OK)
		return rc;
	if ((flags & PE_COLUMNS_LINES) &&
	    (bad = check_lines(src, n, *out)) != 0) {
		pe_plan_free(*out);
		*out = NULL;
		return bad < 0 ? nomem(err) : first_error(src, n, err);
	}
	return PE_OK;
}

int
pe_columns_build(const struct pe_plan_arg *args, size_t n,
    unsigned flags, const struct pe_column_taken *taken, size_t ntaken,
    struct pe_plan **out, char ***diags, struct pe_error *err)
{
	struct pe_plan_src *src;
	size_t i;
	int rc = PE_OK, bad = 0;

	*out = NULL;
	*diags = NULL;
	if ((src = calloc(n + 1, sizeof *src)) == NULL)
		return nomem(err);
	for (i = 0; i < n && rc != PE_ERR_NOMEM && rc != PE_ERR_IO; i++) {
		src[i].role = PE_PR_VALUE;
		/* every -e a formula line, though its role is a value */
		rc = pe_fbuild_parse_line(&args[i], &src[i].f, err);
		bad |= rc != PE_OK;
	}
	if (bad && rc == PE_OK)
		rc = PE_ERR_USAGE;	/* an earlier source failed */
	if (!bad)
		rc = compile(src, n, flags, taken, ntaken, out, err);
	if (rc == PE_ERR_USAGE && (*diags = pe_fbuild_render(src, n)) == NULL)
		rc = nomem(err);
	for (i = 0; i < n; i++)
		pe_formula_free(src[i].f);
	free(src);
	return rc;
}
