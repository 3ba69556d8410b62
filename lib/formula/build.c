/*
 * build.c: formula sources as a command line gives them (expressions,
 * formula files) read, parsed and compiled into one plan, with every
 * diagnostic rendered.  What pe-eval, pe-scan and pe-stream share.  See
 * pe_plan_build in pe_plan.h; reading a file and rendering the
 * diagnostics are shared with columns.c (fbuild.h).
 *
 * A formula file is read whole, and at most PE_FORMULA_MAX_FILE bytes of
 * it: a data file or a device given to -f by mistake is refused after
 * that much, not read to its end.
 *
 * Bloat: no include of one formula file from another, no caching of
 * parsed files, no reading of a file in pieces.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fbuild.h"
#include "pe_plan.h"

int
pe_formula_read(FILE *fp, const char *name, size_t max, char **text,
    size_t *len, struct pe_error *err)
{
	char *p = NULL, *q;
	size_t cap = 0, n;

	*text = NULL;
	*len = 0;
	/* Read at most max + 1 bytes: one past the bound tells an overlong
	 * file (or an endless FIFO, /dev/urandom) without reading it all. */
	do {
		if (*len == cap) {
			cap = cap ? 2 * cap : 4096;
			if (cap > max + 1)
				cap = max + 1;
			if ((q = realloc(p, cap)) == NULL) {
				free(p);
				return pe_error_set(err, PE_ERR_NOMEM, name, 0,
				    0, "out of memory");
			}
			p = q;
		}
		n = fread(p + *len, 1, cap - *len, fp);
		*len += n;
	} while (n > 0 && *len <= max);
	if (ferror(fp)) {
		free(p);
		*len = 0;
		return pe_error_set(err, PE_ERR_IO, name, 0, 0, "%s",
		    strerror(errno));
	}
	if (*len > max) {
		free(p);
		*len = 0;
		if (max % (1024 * 1024) == 0)
			return pe_error_set(err, PE_ERR_IO, name, 0, 0,
			    "formula file too large (over %zu MiB)",
			    max / (1024 * 1024));
		return pe_error_set(err, PE_ERR_IO, name, 0, 0,
		    "formula file too large (over %zu bytes)", max);
	}
	*text = p;
	return PE_OK;
}

/* See fbuild.h. */
int
pe_fbuild_read(const char *path, char **text, size_t *len,
    struct pe_error *err)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	const char *name = fp == stdin ? "stdin" : path;
	int rc;

	*text = NULL;
	*len = 0;
	if (fp == NULL)
		return pe_error_set(err, PE_ERR_IO, name, 0, 0, "%s",
		    strerror(errno));
	rc = pe_formula_read(fp, name, PE_FORMULA_MAX_FILE, text, len, err);
	if (fp != stdin)
		fclose(fp);
	return rc;
}

/* A --values expression f with a tag: a diagnostic on the tag. */
static int
values_tag(struct pe_formula *f, struct pe_error *err)
{
	struct pe_fstmt *s = &f->stmt[0];
	struct pe_fspan tag = s->span;
	const char *name = pe_ftype_tag(s->type);

	tag.len = strlen(name);
	if (pe_formula_diag_add(f, tag, "a value is no signal: '%s' is for "
	    "formulas", name) != PE_OK)
		return pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	return pe_formula_error(f, 0, err);
}

int
pe_fbuild_parse_line(const struct pe_plan_arg *a, struct pe_formula **f,
    struct pe_error *err)
{
	char *text;
	size_t len;
	int rc;

	if (!a->is_file)
		return pe_formula_parse_expr(a->text, strlen(a->text), NULL,
		    f, err);
	if ((rc = pe_fbuild_read(a->text, &text, &len, err)) != PE_OK)
		return rc;
	rc = pe_formula_parse_file(text, len, strcmp(a->text, "-") == 0 ?
	    "stdin" : a->text, f, err);
	free(text);
	return rc;
}

/* Parse one source into *f: a --values expression (unnamed, no tag), or
 * a formula line or file. */
static int
parse_arg(const struct pe_plan_arg *a, struct pe_formula **f,
    struct pe_error *err)
{
	int rc;

	if (a->is_file || a->role != PE_PR_VALUE)
		return pe_fbuild_parse_line(a, f, err);
	rc = pe_formula_parse_expr(a->text, strlen(a->text),
	    a->name != NULL ? a->name : "values", f, err);
	if (rc == PE_OK && (*f)->stmt[0].type != PE_FT_SCAN)
		rc = values_tag(*f, err);
	return rc;
}

#define TOO_MANY "%s: too many errors (stopped after %d)"

/* See fbuild.h. */
char **
pe_fbuild_render(const struct pe_plan_src *src, size_t n)
{
	size_t i, k, m = 0, len;
	char **v;

	for (i = 0; i < n; i++)
		m += src[i].f != NULL ? src[i].f->ndiag + 1 : 0;
	if ((v = calloc(m + 1, sizeof *v)) == NULL)
		return NULL;
	for (m = 0, i = 0; i < n; i++) {
		for (k = 0; src[i].f != NULL && k < src[i].f->ndiag; k++) {
			len = pe_formula_render(src[i].f, &src[i].f->diag[k],
			    NULL, 0) + 1;
			if ((v[m] = malloc(len)) == NULL) {
				pe_plan_diags_free(v);
				return NULL;
			}
			pe_formula_render(src[i].f, &src[i].f->diag[k], v[m++],
			    len);
		}
		if (src[i].f == NULL || !src[i].f->too_many)
			continue;
		len = (size_t)snprintf(NULL, 0, TOO_MANY, src[i].f->path,
		    PE_FORMULA_MAX_DIAGS) + 1;
		if ((v[m] = malloc(len)) == NULL) {
			pe_plan_diags_free(v);
			return NULL;
		}
		snprintf(v[m++], len, TOO_MANY, src[i].f->path,
		    PE_FORMULA_MAX_DIAGS);
	}
	return v;
}

int
pe_plan_build(const struct pe_plan_arg *args, size_t n, unsigned flags,
    struct pe_plan **out, char ***diags, struct pe_error *err)
{
	struct pe_plan_src *src;
	size_t i;
	int rc = PE_OK, bad = 0;

	*out = NULL;
	*diags = NULL;
	if ((src = calloc(n + 1, sizeof *src)) == NULL)
		return pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	for (i = 0; i < n && rc != PE_ERR_NOMEM && rc != PE_ERR_IO; i++) {
		src[i].role = args[i].role;
		rc = parse_arg(&args[i], &src[i].f, err);
		bad |= rc != PE_OK;
	}
	if (bad && rc == PE_OK)
		rc = PE_ERR_USAGE;	/* an earlier source failed */
	if (!bad)
		rc = pe_plan_compile(src, n, flags, out, err);
	if (rc == PE_ERR_USAGE && (*diags = pe_fbuild_render(src, n)) == NULL)
		rc = pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	for (i = 0; i < n; i++)
		pe_formula_free(src[i].f);
	free(src);
	return rc;
}

void
pe_plan_diags_free(char **diags)
{
	size_t i;

	for (i = 0; diags != NULL && diags[i] != NULL; i++)
		free(diags[i]);
	free(diags);
}
