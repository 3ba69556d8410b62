/*
 * live.h: reading pe-stream's live input (internal to pe: not installed;
 * cmd/pe-stream.c includes it by name).  stream_in.c hands a descriptor's
 * lines over as they arrive; stream_jsonl.c reads candle JSONL a line at
 * a time, with a fast path for the plain line; live.c gives the candles
 * of either format.
 *
 * Bloat: one input per reader, Linux/glibc only (fopencookie).
 */
#ifndef PE_LIVE_H
#define PE_LIVE_H

#include <stddef.h>
#include <stdio.h>

#include "pe_candle.h"
#include "pe_error.h"

/*
 * Reading a live input.  The candle reader reads through stdio, whose
 * fread waits for a whole buffer; pe_stream_in_new wraps fd (not closed
 * here) in a FILE (pe_stream_in_file, for pe_reader_new) that hands each
 * line over as soon as it has arrived, and pe_stream_in_next is
 * pe_reader_next for a reader on that FILE (it must be called instead, so
 * the FILE knows when the reader wants its next record).  When a read of
 * fd is interrupted by a signal, on_intr(ctx) runs before it is retried
 * (on_intr may be NULL), so that SIGUSR1 or SIGHUP is handled while the
 * feed is quiet; on_intr returning non-zero ends the input.  The in owns
 * its FILE and buffer; pe_stream_in_free releases them (accepts NULL);
 * free the reader first.  pe_stream_in_new returns NULL when out of
 * memory.  A quoted CSV field may not hold a line break.
 */
struct pe_stream_in;

struct pe_stream_in *pe_stream_in_new(int fd, int (*on_intr)(void *ctx),
    void *ctx);
FILE *pe_stream_in_file(const struct pe_stream_in *in);
int pe_stream_in_next(struct pe_stream_in *in, struct pe_reader *r,
    struct pe_row *row, enum pe_bad *bad, struct pe_error *err);
void pe_stream_in_free(struct pe_stream_in *in);

/*
 * Or the lines themselves, for pe_jsonl_parse: pe_stream_in_jsonl waits
 * for the first non-blank byte and tells whether it is '{' (1; else 0,
 * and 0 for an empty input); pe_stream_in_line gives the next line, its
 * line feed included (*p valid until the next call): 1, or 0 at the end,
 * -1 on a read error, 2 for a line longer than the reader takes (1 MiB,
 * its line feed included), read to its end and dropped (*p unset; the
 * memory held stays near 1 MiB).  Use one way of reading or the other,
 * not both.
 */
int pe_stream_in_jsonl(struct pe_stream_in *in);
int pe_stream_in_line(struct pe_stream_in *in, const char **p, size_t *n);

/*
 * Candle JSONL, a line at a time (stream_jsonl.c).  pe_jsonl_fast
 * reads line[0..n) when it is the plain form (keys exactly symbol, time,
 * open, high, low, close and optionally volume, in any order; values JSON
 * numbers or strings without escapes; a valid candle): returns 1 with row
 * filled (row->symbol is sym, of PE_SYMBOL_MAX + 1 bytes; row->line
 * untouched), else 0 and the line is for the full reader.
 * pe_jsonl_parse reads any line as the candle reader does (the fast path
 * first): PE_OK with row (valid until the next call; row->line lineno),
 * PE_ERR_DATA with *bad and err (named path:lineno), 1 for a blank line,
 * or a fatal code (PE_ERR_IO for a line over 1 MiB, PE_ERR_NOMEM) after
 * which the parser is unusable.  A pe_jsonl owns a candle reader; make it
 * with pe_jsonl_new (path names the input in messages; symbol, when not
 * NULL, is the symbol of a line without one, else "stdin"; NULL when out
 * of memory), release it with pe_jsonl_free (accepts NULL).
 */
struct pe_jsonl;

int pe_jsonl_fast(const char *line, size_t n, struct pe_row *row, char *sym);
struct pe_jsonl *pe_jsonl_new(const char *path, const char *symbol);
void pe_jsonl_free(struct pe_jsonl *j);
int pe_jsonl_parse(struct pe_jsonl *j, const char *line, size_t n,
    long lineno, struct pe_row *row, enum pe_bad *bad, struct pe_error *err);

/*
 * Or, whatever the format, the candles themselves (live.c): pe_live_open
 * tells the format from the first non-blank byte (waiting for it) and
 * reads fd (not closed here) as above; name names the input in messages,
 * symbol (or "stdin" when NULL) is the symbol of a candle without one.
 * NULL when out of memory.  pe_live_next gives the next candle: PE_OK
 * with row (valid until the next call), PE_ERR_DATA for a bad line (*bad
 * and err; a line over 1 MiB is one, PE_BAD_LONG, and the feed goes on),
 * 1 at the end (blank lines skipped, an empty feed is an end), or a fatal
 * code (PE_ERR_IO: a read error, or a CSV header over 1 MiB;
 * PE_ERR_FORMAT: a CSV input without a header; PE_ERR_NOMEM).
 * pe_live_free accepts NULL.
 */
struct pe_live;

struct pe_live *pe_live_open(int fd, const char *name, const char *symbol,
    int (*on_intr)(void *ctx), void *ctx);
int pe_live_next(struct pe_live *l, struct pe_row *row, enum pe_bad *bad,
    struct pe_error *err);
void pe_live_free(struct pe_live *l);

#endif
