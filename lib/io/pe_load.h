/*
 * pe_load: reading whole inputs into a set of series, as pe-load and the
 * other binaries that take candle files do.
 *
 * Bloat: no memory mapping; the reader streams.
 */
#ifndef PE_LOAD_H
#define PE_LOAD_H

#include <stddef.h>

#include "pe_candle.h"
#include "pe_error.h"
#include "pe_series.h"

/*
 * Read every candle of the file at path ("-" is stdin, named "stdin" in
 * diagnostics) into set, each into
 * the series of its symbol, in input order (nothing is sorted here).  With
 * skip_bad, bad rows are skipped and counted in bad[kind] (an array of
 * PE_BAD_NKINDS counts, added to); without it the first bad row stops the
 * read with PE_ERR_DATA, but for a missing bar (PE_BAD_MISSING: a row of
 * nulls), which is skipped and counted either way (bad may be NULL).
 * *has_symbol (may be NULL) tells whether the input had a symbol column
 * or keys.  A SQLite database (path "sqlite:FILE", or a regular file that
 * begins as one) gives every symbol of its table (pe_db_load; has a
 * symbol column; opts and skip_bad do not apply: a bad row is an error).
 * Returns PE_OK, PE_ERR_IO (cannot open or
 * read: err names path and the system's reason), PE_ERR_FORMAT,
 * PE_ERR_DATA or PE_ERR_NOMEM.
 */
int pe_load_path(const char *path, const struct pe_read_opts *opts,
    struct pe_set *set, int skip_bad, size_t *bad, int *has_symbol,
    struct pe_error *err);

/* What pe_load_path_info tells beside the candles. */
struct pe_load_info {
	int has_symbol;		/* a symbol column, keys, or a document's */
	char note[96];		/* "" or the choice a vendor's layout left
				 * to the loader: "volume from TICKVOL (VOL
				 * is all zero)" (MetaTrader) */
};

/*
 * pe_load_path, saying in *info (not NULL) what it found: has_symbol as
 * pe_load_path's, and a note for the user.  A MetaTrader file with both
 * VOL and TICKVOL (and --volume left to auto) gets TICKVOL as its volume
 * when every VOL is 0.
 */
int pe_load_path_info(const char *path, const struct pe_read_opts *opts,
    struct pe_set *set, int skip_bad, size_t *bad,
    struct pe_load_info *info, struct pe_error *err);

/*
 * pe_load_path over buf[0..len) (the bytes of a file, or a header line
 * and the rows appended after it), named path in diagnostics.  An empty
 * buf is PE_ERR_FORMAT ("empty input").
 */
int pe_load_mem(const char *buf, size_t len, const char *path,
    const struct pe_read_opts *opts, struct pe_set *set, int skip_bad,
    size_t *bad, int *has_symbol, struct pe_error *err);

/* What pe_load_merge did. */
struct pe_merge {
	int created;		/* there was no file at path */
	size_t added;		/* candles at times the file did not have */
	size_t replaced;	/* candles at times it had, with other values */
	size_t dups;		/* rows of the file with a duplicate time */
};

/*
 * Fold the candles of the file at path (an earlier pe-load -o output,
 * read as pe_load_path reads, s's symbol when it has no symbol column)
 * under the sorted series s: s becomes the union of both, sorted, its own
 * candle winning where both have a time, and *m says what changed against
 * the file (a candle the same in both is neither added nor replaced; of
 * rows of the file with the same time, the last is kept).  No file at
 * path: s as it was, m->created 1, every candle added.  The file is
 * opened as pe_file_open_regular opens it: a symbolic link, FIFO,
 * directory or device at path is refused unread, with PE_ERR_IO and
 * "not a regular file (a FIFO)".  Returns PE_OK, that error or
 * pe_load_path's (s is then unchanged), or PE_ERR_NOMEM (s may then have
 * lost its candles).
 */
/* The counts of folding s into old (sorted): added, the candles at
 * times old lacks; replaced, those at its times with other values. */
void pe_merge_count(const struct pe_series *old, const struct pe_series *s,
    struct pe_merge *m);

int pe_load_merge(const char *path, struct pe_series *s, struct pe_merge *m,
    struct pe_error *err);

/*
 * The default symbol for a file: its base name without its last extension
 * ("data/AAPL.csv" -> "AAPL"), or "stdin" for "-", each byte of the name
 * that is not UTF-8 replaced by U+FFFD ("caf\xe9.csv" -> "caf" U+FFFD),
 * so that the symbol can be written as JSON.  Written into buf of size n
 * (cut at a character's end when it does not fit); returns buf.
 * pe_load_symbol_fixed(path) is 1 when a byte was replaced (for the
 * caller's note), else 0.
 */
char *pe_load_symbol_of(const char *path, char *buf, size_t n);
int pe_load_symbol_fixed(const char *path);

#endif
