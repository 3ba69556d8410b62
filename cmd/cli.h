/*
 * cli.h: what every pe binary's main shares (cmd/cli.c, linked into
 * each): its name in messages, dying with a pe_error or a message, and
 * allocations that cannot fail.  Each binary defines prog.
 */
#ifndef PE_CMD_CLI_H
#define PE_CMD_CLI_H

#include <stddef.h>

#include "pe_candle.h"
#include "pe_error.h"
#include "pe_series.h"

extern const char *prog;	/* "pe-load", ...: the binary's own name */

/* "PROG: " and err as pe_error_format writes it, on stderr; exit status. */
void die(int status, const struct pe_error *err) __attribute__((noreturn));

/* The same for a message, fmt taking one string argument. */
void dief(int status, const char *fmt, const char *arg)
    __attribute__((noreturn));

/* realloc and calloc that end the run (exit 3, "out of memory") when they
 * fail or n * size overflows; a size of 0 still gives a pointer. */
/* "pe-eval: a.csv: skipped 3 bad rows (2 bad time, 1 bad number)" on
 * stderr, when bad (PE_BAD_NKINDS counts) holds any. */
void report_skipped(const char *path, const size_t *bad);

/*
 * The candles of path ("-": stdin) in a new set the caller frees, read
 * with ro, sorted (times must increase), the symbol path's base name
 * unless ro names one.  Bad rows: skipped and reported with skip_bad;
 * else the first ends the program (exit 3; a file that cannot be opened,
 * 2).  *has: whether the input had a symbol column.
 */
struct pe_set *load_file(const char *path, struct pe_read_opts ro,
    int skip_bad, int *has);

void *xrealloc(void *p, size_t n, size_t size);
void *xcalloc(size_t n, size_t size);

#endif
