/*
 * fbuild.h: what build.c (pe_plan_build) shares with columns.c
 * (pe_columns_build), two ways of turning a command line's formula
 * sources into a plan: reading a formula file by its path, and rendering
 * the diagnostics of the parsed sources.  Internal: not installed.
 */
#ifndef PE_FORMULA_FBUILD_H
#define PE_FORMULA_FBUILD_H

#include <stddef.h>

#include "pe_error.h"
#include "pe_plan.h"

/*
 * The whole of the formula file at path ("-": stdin) into *text (*len
 * bytes, malloc'd, not NUL-terminated; the caller frees it), at most
 * PE_FORMULA_MAX_FILE bytes (pe_formula_read).  Returns PE_OK, PE_ERR_IO
 * with err naming the file ("stdin" for "-"), or PE_ERR_NOMEM.
 */
int pe_fbuild_read(const char *path, char **text, size_t *len,
    struct pe_error *err);

/*
 * One source into *f as a formula line (a->text an expression, whatever
 * a->role) or the formula file at a->text.  Returns the parser's code
 * (err filled), or pe_fbuild_read's.
 */
int pe_fbuild_parse_line(const struct pe_plan_arg *a, struct pe_formula **f,
    struct pe_error *err);

/*
 * Every diagnostic of src[0..n) (a NULL f skipped), rendered by
 * pe_formula_render, into a NULL-ended array (pe_plan_diags_free); after
 * those of a source that had more than it kept, "PATH: too many errors
 * (stopped after 20)".  NULL when memory ran out.
 */
char **pe_fbuild_render(const struct pe_plan_src *src, size_t n);

#endif
