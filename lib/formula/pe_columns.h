/*
 * pe_columns: formulas as columns and as lines.  pe-indicators writes one
 * column per formula of its -e and -f, after the indicators' columns;
 * pe-chart draws a formula that is a number as a line, and one that is a
 * condition as markers, as before.
 *
 * The sources are read and parsed as pe_plan_build reads them (an -e is a
 * formula file's line whose name may be left out; a file may hold lets),
 * but every formula compiles as a value (PE_PR_VALUE): a number or a
 * condition, its tag kept in its type.  So a column's values are, bit for
 * bit, those pe-eval --values gives the same expression.
 *
 * A column is named by its formula's name in lower case
 * (pe_columns_name), as pe-eval --values names the value: `HA: ...` is
 * the column ha.  Names [A-Za-z_][A-Za-z0-9_]* make [a-z0-9_] columns,
 * which CSV, jq and mlr take as they are.
 *
 * Bloat: no expressions as column names, no renaming of a clash (pe-eval
 * --values adds _2; a column file must say what it holds, so a clash is
 * an error).
 */
#ifndef PE_COLUMNS_H
#define PE_COLUMNS_H

#include <stddef.h>

#include "pe_error.h"
#include "pe_plan.h"

/* pe_columns_build flags. */
#define PE_COLUMNS_NAMED 1	/* every formula is a column: it has a
				 * name, no other column has it */
#define PE_COLUMNS_LINES 2	/* a formula that is a number is a line
				 * and needs a name (its legend); a
				 * condition may go without one */

/*
 * A column that is there before the formulas', and what writes it, for
 * the message: { "close", "the candles" }, { "sma_20", "indicator
 * sma:20" }.
 */
struct pe_column_taken {
	const char *name;
	const char *by;
};

/*
 * Read, parse and compile args[0..n) into one plan (their roles are not
 * read: every formula is a value), then check the names flags asks for.
 * Each problem is a diagnostic on its formula, rendered with its caret
 * as pe_plan_build renders them:
 *
 *   PE_COLUMNS_NAMED: an -e without a name, on its expression: "a column
 *   needs a name: write 'name: expression'"; a name (in lower case) that
 *   is one of taken[0..ntaken) or an earlier formula's, on the name:
 *   "column 'close' is taken by the candles", "column 'ha' is taken by
 *   formula 'HA' at f.pe:3:1" (or "of an earlier -e").  These come before
 *   compiling: sources with one are not compiled.
 *
 *   PE_COLUMNS_LINES: a number without a name, on its expression: "a
 *   number is drawn as a line and needs a name: write 'name:
 *   expression'".
 *
 * Returns what pe_plan_build returns: PE_OK with *out the plan, its
 * formulas in the order of the sources; PE_ERR_USAGE with *diags every
 * diagnostic (pe_plan_diags_free); PE_ERR_IO (err naming the file) when
 * a formula file cannot be read; PE_ERR_NOMEM.  The checks take time
 * n log n in the number of formulas, so a file of many formulas stays
 * linear enough.
 */
int pe_columns_build(const struct pe_plan_arg *args, size_t n,
    unsigned flags, const struct pe_column_taken *taken, size_t ntaken,
    struct pe_plan **out, char ***diags, struct pe_error *err);

/* The column of a formula named name: name in lower case, malloc'd (the
 * caller frees it); NULL when memory ran out. */
char *pe_columns_name(const char *name);

#endif
