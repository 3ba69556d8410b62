/*
 * pe_refs: where sym("SPY", x) finds SPY's candles for the batch tools
 * (pe-eval, pe-scan, pe-backtest, pe-indicators, pe-chart): the file
 * DIR/SPY.csv, DIR given (--ref DIR) or the directory of the file being
 * evaluated (pe_refs_base).  Each file is read once, as pe_load_path
 * reads, and kept for the run.
 *
 * pe_refs_get is a pe_plan_refs get function (pe_plan.h): ctx is the
 * struct pe_refs.  A symbol with no file, or a file that does not read,
 * holds several symbols or no bar, is an error naming the symbol and the
 * file (PE_ERR_IO for a file that cannot be opened, else the reader's).
 *
 * Bloat: no other extension than .csv, no search path, no eviction (a
 * scan's references are a few files, read by each worker once).
 */
#ifndef PE_REFS_H
#define PE_REFS_H

#include "pe_error.h"
#include "pe_series.h"

struct pe_refs;

/* The refs of directory dir (copied), or of each file's own directory
 * when dir is NULL.  NULL when out of memory; pe_refs_free takes NULL. */
struct pe_refs *pe_refs_new(const char *dir);
void pe_refs_free(struct pe_refs *r);

/* The file being evaluated now (its directory is the default one); path
 * is kept as given, not copied, until the next call. */
void pe_refs_base(struct pe_refs *r, const char *path);

const struct pe_series *pe_refs_get(void *ctx, const char *symbol,
    struct pe_error *err);

#endif
