/*
 * pe_db: candles in a SQLite database, as pe-load writes them and every
 * reader reads them.
 *
 * The one table:
 *   candles(symbol TEXT, time TEXT, open REAL, high REAL, low REAL,
 *           close REAL, volume REAL, PRIMARY KEY(symbol, time))
 *           WITHOUT ROWID
 * A time is pe's canonical UTC text (pe_time_format: "2024-01-02" for a
 * series without a time of day, "2024-01-02T14:30:00Z" otherwise), one
 * form per symbol, so an instant has one key whatever zone the input had.
 * A missing volume is NULL.  The database is in WAL mode: a reader sees
 * the state before a load or after it, never between, and never waits.
 *
 * Reading treats the file as hostile: a value of the wrong type, a time
 * that does not parse, a symbol that pe_symbol_valid refuses or a candle
 * that breaks the rules of a candle is a data error naming the symbol and
 * the time.  Rows come out sorted by their parsed time (the text's order
 * is not the time's when milliseconds appear), and two rows at the same
 * instant are an error.  Every statement binds its values: no SQL is
 * ever built from data.
 *
 * Bloat: no other table or column names, no schema migration, no
 * indexes beyond the key, no partial reads by time (a symbol is read
 * whole), no VACUUM.
 */
#ifndef PE_DB_H
#define PE_DB_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "pe_error.h"
#include "pe_load.h"
#include "pe_series.h"

/* "sqlite:PATH" names a database whatever PATH is. */
#define PE_DB_PREFIX "sqlite:"

/*
 * Whether arg names a database, and its file: arg past "sqlite:" when it
 * begins so; else, for an output (output 1), arg itself when it ends in
 * .db, .sqlite or .sqlite3; for an input, arg itself when it is a
 * regular file that begins with SQLite's 16-byte header.  NULL when arg
 * names no database ("-" never does).
 */
const char *pe_db_name(const char *arg, int output);

/* Whether the stream fp, at its start, is a SQLite database (its first
 * 16 bytes); fp is put back at its start. */
int pe_db_sniff(FILE *fp);

struct pe_db;

/*
 * Open the database file at path.  For reading (write 0) the file must
 * exist (else PE_ERR_IO with the system's reason) and nothing is ever
 * written to it.  For writing, a missing file is created (a new file:
 * 0666 & ~umask) in WAL mode.  Returns PE_OK with *db set, or PE_ERR_IO
 * (err names path), or PE_ERR_NOMEM.
 */
int pe_db_open(const char *path, int write, struct pe_db **db,
    struct pe_error *err);

/* Close db (a transaction still open is rolled back).  Accepts NULL. */
void pe_db_close(struct pe_db *db);

/*
 * Every symbol of the table, sorted bytewise, into a new array of n
 * strings (*names, the array and each string malloc'd; the caller frees
 * them with pe_db_names_free).  A database without the table, or whose
 * table lacks a column, is PE_ERR_FORMAT ("no table candles (pe-load -o
 * writes one)", "table candles has no column 'volume'"); a symbol that
 * is not text or that pe_symbol_valid refuses is PE_ERR_DATA.
 */
int pe_db_symbols(struct pe_db *db, char ***names, size_t *n,
    struct pe_error *err);
void pe_db_names_free(char **names, size_t n);

/*
 * The candles of symbol appended to s (empty, with any name), sorted by
 * time; none when the table has no such symbol.  s's date_only and
 * has_volume follow the rows.  Returns PE_OK, PE_ERR_FORMAT (as
 * pe_db_symbols), PE_ERR_DATA (a bad row: err's message is "SYMBOL:
 * TIME: what is wrong"), PE_ERR_IO or PE_ERR_NOMEM.
 */
int pe_db_read(struct pe_db *db, const char *symbol, struct pe_series *s,
    struct pe_error *err);

/*
 * Every symbol of the database at path (names NULL), or those of
 * names[0..n) that it has, into set in bytewise order.  *found (may be
 * NULL) is the number of symbols read.  pe_db_read's errors, and
 * pe_db_open's.
 */
int pe_db_load(const char *path, const char *const *names, size_t n,
    struct pe_set *set, size_t *found, struct pe_error *err);

/*
 * A write: pe_db_begin starts the one transaction of a load (creating
 * the table when missing), taking the database's write lock; with wait 0
 * another writer holding it makes it return PE_OK with *busy 1 and
 * nothing started (call again with wait 1 to wait for it).  pe_db_put
 * writes the sorted series s: with merge, folded into the rows the
 * symbol has (s's candle winning at a time both have, as pe_load_merge
 * does, and s becomes the union); without, in place of them.  *m (may be
 * NULL) says what changed against the rows there were.  pe_db_commit
 * makes every put visible at once; pe_db_close without it, or a process
 * killed before it ends, leaves the database as it was.  Each returns
 * PE_OK, PE_ERR_IO (err names the database and SQLite's reason),
 * PE_ERR_FORMAT (an existing table candles that is not pe's: a missing
 * column, no key on (symbol, time)), PE_ERR_DATA (a bad row already
 * there, when merging) or PE_ERR_NOMEM.
 */
int pe_db_begin(struct pe_db *db, int wait, int *busy, struct pe_error *err);
int pe_db_put(struct pe_db *db, struct pe_series *s, int merge,
    struct pe_merge *m, struct pe_error *err);
int pe_db_commit(struct pe_db *db, struct pe_error *err);

/*
 * The identity of the database at path, for the scan cache: device,
 * inode, size, modification and change times (ns) of the file, then the
 * same of its write-ahead log ("PATH-wal"; zeros when there is none) but
 * its change time (0: a reader's open changes it), in id[0..PE_DB_IDN).
 * A load changes one of them.  0, or -1 when path
 * cannot be examined.
 */
#define PE_DB_IDN 10
int pe_db_identity(const char *path, uint64_t id[PE_DB_IDN]);

#endif
