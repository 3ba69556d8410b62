/*
 * pe_candle: reading candles from CSV or JSONL, and writing them back.
 *
 * The reader pulls one validated candle at a time from a stream of unknown
 * length, in memory bounded by the longest line.  CSV goes through libcsv
 * (RFC 4180 quoting, a UTF-8 BOM, CRLF or CR line ends); JSONL (one object
 * a line, detected by a leading '{') through jansson.  This module is the
 * only one that includes csv.h and jansson.h.
 *
 * Header names are matched case-insensitively, blanks and a pair of angle
 * brackets (<DATE>, MetaTrader's and Stooq's) trimmed:
 *   time:   time date datetime timestamp open_time window_start t ts ...
 *           (a "date" and a "time" column together are joined as
 *           "DATE TIME")
 *   open: open o   high: high h   low: low l   close: close c
 *   volume: volume vol v real_volume   symbol: symbol ticker code
 *   tick volume: tickvol tick_volume   quote volume: quote_volume ...
 *   adj close: "adj close" adj_close adjclose "adjusted close"
 * Other columns are ignored.  JSONL keys take the same names.
 *
 * Vendors' layouts are recognised when the header is not a canonical one
 * (a canonical header never gets that far): a headerless file shaped as
 * Binance klines or a MetaTrader 4 export, yfinance's three header rows
 * (one symbol per ticker), a JSON document (a top-level array of
 * candles, an object holding an array of them such as Polygon's results,
 * or Alpha Vantage's Time Series object); and the time forms of Stooq
 * (20240102 093000), MetaTrader (2024.01.02 09:30) and IBKR (20240102
 * 09:30:00 US/Eastern, the zone converted).  null, NaN, N/A and "-" in a
 * price or the time make a bad row ("open is missing ('null')"); in the
 * volume, no volume.
 *
 * Bloat: no comment lines, no quoting other than '"', a JSON document
 * read whole (up to 256 MiB).
 */
#ifndef PE_CANDLE_H
#define PE_CANDLE_H

#include <stdint.h>
#include <stdio.h>

#include "pe_error.h"
#include "pe_num.h"
#include "pe_series.h"

struct pe_reader;

/* The longest symbol the reader accepts, in bytes. */
#define PE_SYMBOL_MAX 200

/*
 * Whether s[0..n) is a symbol the reader accepts: 1 to PE_SYMBOL_MAX bytes
 * of UTF-8 without control characters.  Returns 0, or -1 with *why set to a
 * static sentence.  (Being safe as a file name is pe_symbol_check's test.)
 */
int pe_symbol_valid(const char *s, size_t n, const char **why);

/* What --vendor forces (pe_vendor_parse): detection, or a layout. */
enum pe_vendor {
	PE_VENDOR_AUTO = 0,	/* detect (the default) */
	PE_VENDOR_NONE,		/* canonical only: no vendor layouts */
	PE_VENDOR_BINANCE,	/* headerless Binance klines */
	PE_VENDOR_MT4,		/* headerless MetaTrader 4 */
	PE_VENDOR_YFINANCE,	/* yfinance's three header rows */
	PE_VENDOR_JSON,		/* one JSON document */
	PE_VENDOR_HEADER	/* a vendor told by its header: as AUTO */
};

/* The names --vendor takes, for messages. */
#define PE_VENDORS "binance, binance-futures, stooq, metastock, mt4, " \
    "mt5, ibkr, polygon-flat, yfinance, polygon, tiingo, alphavantage, " \
    "json, none"

/* Parse a --vendor name.  Returns 0, or -1 for an unknown one. */
int pe_vendor_parse(const char *name, enum pe_vendor *vendor);

/*
 * Which column is the volume (--volume): AUTO takes the volume column,
 * or MetaTrader's TICKVOL when VOL is all zero (pe_load_path decides
 * once the file is read) or when there is no VOL; BASE the volume
 * column as it is; QUOTE the quote-asset volume (Binance); TICK the tick
 * volume (MetaTrader).
 */
enum pe_volume { PE_VOLUME_AUTO, PE_VOLUME_BASE, PE_VOLUME_QUOTE,
    PE_VOLUME_TICK };

/* Parse auto, base, quote or tick.  Returns 0, or -1. */
int pe_volume_parse(const char *name, enum pe_volume *volume);

struct pe_read_opts {
	char delim;		/* 0: detect from the header (, ; TAB |) */
	int decimal_comma;	/* numbers use ',' as the decimal point */
	const char *date_format;/* strptime format for the time column */
	int local_tz;		/* times without an offset are in the pe_tz_set zone */
	int adjusted;		/* scale o/h/l by adj close / close, close = adj */
	const char *symbol;	/* symbol when there is no symbol column/key */
	int sorted;		/* pe_load_path: each symbol's times must
				 * increase (pe-indicators, pe-eval) */
	int skip_long;		/* a line over 1 MiB is a bad row
				 * (PE_BAD_LONG), not the end (pe-stream) */
	int no_fast;		/* every CSV row through the general
				 * parser (tests: the fast path's reference) */
	enum pe_vendor vendor;	/* --vendor: 0 detects */
	const char *columns;	/* --columns: the names of a headerless
				 * file's columns, comma-separated */
	enum pe_volume volume;	/* --volume */
};

/* Why a row was bad, for --skip-bad's counts. */
enum pe_bad {
	PE_BAD_NONE = 0,
	PE_BAD_FIELDS,		/* wrong number of fields, malformed quoting */
	PE_BAD_TIME,		/* missing or unparseable time */
	PE_BAD_NUMBER,		/* missing or unparseable price or volume */
	PE_BAD_RANGE,		/* high/low inconsistent, negative volume */
	PE_BAD_SYMBOL,		/* empty, over-long, not UTF-8, control chars */
	PE_BAD_JSON,		/* a line that is not a JSON object */
	PE_BAD_LONG,		/* a line over 1 MiB (with skip_long) */
	PE_BAD_MISSING,		/* a missing bar: no price at all (a row of
				 * nulls, as Yahoo writes for a holiday);
				 * pe_load_path skips it even without
				 * skip_bad, and counts it */
	PE_BAD_NKINDS
};

/* A plain name for a kind of bad row: "bad time", ... */
const char *pe_bad_name(enum pe_bad kind);

/*
 * Counts of skipped rows by kind (PE_BAD_NKINDS of them) as text, "3 bad
 * rows (2 bad time, 1 bad range)", into buf of size n.  Returns the total
 * (0 writes "").
 */
size_t pe_bad_summary(const size_t *bad, char *buf, size_t n);

/*
 * A symbol as a CSV field (RFC 4180: quoted when it holds a comma, quote,
 * CR or LF) or, with json, a JSON string (quotes, backslashes and control
 * characters escaped), into buf of PE_SYMBOL_ENCMAX bytes; at most
 * PE_SYMBOL_MAX bytes of s are used, a byte that is not UTF-8 written as
 * U+FFFD.  Returns the length (no NUL added).
 */
#define PE_SYMBOL_ENCMAX (6 * 200 + 3)
size_t pe_symbol_encode(const char *s, int json, char *buf);

/* One candle as the reader hands it out; pointers valid until the next call. */
struct pe_row {
	const char *symbol;	/* NUL-terminated */
	size_t symbol_len;
	struct pe_candle c;
	int has_tod;		/* its time had a time of day */
	int has_volume;		/* the input has volume (column or key) */
	long line;		/* 1-based physical line the row starts on */
	double tick_volume;	/* with pe_reader_volume_pair: the row's
				 * TICKVOL (volume is its VOL); else NaN */
};

/*
 * Open a reader on fp (not closed by the reader: the caller owns it).
 * path names the input in diagnostics ("-" or "stdin" for stdin, shown as
 * given).  opts may be NULL (all defaults; symbol "stdin").  The header (or
 * first JSON line) is read lazily by the first pe_reader_next.  Returns NULL
 * when out of memory.
 */
struct pe_reader *pe_reader_new(FILE *fp, const char *path,
    const struct pe_read_opts *opts);
void pe_reader_free(struct pe_reader *r);

/*
 * Read the next candle into *row.  Returns PE_OK; 1 at end of input;
 * PE_ERR_DATA for one bad row (err names the line and problem, *bad its kind;
 * calling again goes on with the next row); PE_ERR_FORMAT when the input
 * cannot be read at all (no header, a required column missing: calling
 * again returns the same error); PE_ERR_IO (a read error, or a line over
 * 1 MiB: "line longer than 1 MiB"); PE_ERR_NOMEM.  With opts->skip_long, a
 * line over 1 MiB after the header is read to its end, dropped, and
 * reported as a bad row of kind PE_BAD_LONG (its line number, the same
 * message), the memory held staying at 1 MiB.
 */
int pe_reader_next(struct pe_reader *r, struct pe_row *row, enum pe_bad *bad,
    struct pe_error *err);

/* Whether the input has a symbol column (or symbol keys), once known. */
int pe_reader_has_symbol(const struct pe_reader *r);

/*
 * Whether the input has both MetaTrader's VOL and TICKVOL columns and
 * --volume left the choice to the loader (PE_VOLUME_AUTO): each row's
 * volume is then VOL and its tick_volume TICKVOL.  Known after the first
 * pe_reader_next.
 */
int pe_reader_volume_pair(const struct pe_reader *r);

/*
 * The CSV rows read so far (good and bad), and those of them split on the
 * fast path: a row of plain fields (no quote, blank or tab, which is all
 * pe-load writes) split at the delimiter directly; any other goes through
 * libcsv.  Both give the same rows and errors.
 */
void pe_reader_rows(const struct pe_reader *r, size_t *rows, size_t *fast);

/*
 * The writer.  Output goes through its own buffer to fp (not closed by the
 * writer).  CSV: the canonical header "time,open,high,low,close,volume",
 * with "symbol," first when with_symbol; RFC 4180 quoting for the symbol.
 * JSONL: {"symbol":..,"time":..,"open":..,...}, the symbol always present.
 * Numbers in their shortest round-trip form (or to a number of places:
 * pe_writer_digits); NaN volume as an empty cell or null.  Extra numeric columns (pe-indicators' outputs) may follow
 * volume: pe_writer_columns.  The writer owns its buffer and its copy of
 * the column names; pe_writer_free releases them.
 */
enum pe_format { PE_FMT_CSV, PE_FMT_JSONL };

struct pe_writer;

struct pe_writer *pe_writer_new(FILE *fp, enum pe_format fmt,
    int with_symbol);

/*
 * Numbers from now on rounded to digits places as pe_num_format_digits
 * writes them (0 to PE_NUM_DIGITS_MAX; more is taken as the most), or, for
 * PE_NUM_SHORTEST (any negative digits, the default), in their shortest
 * round-trip form.  Returns PE_OK, or PE_ERR_NOMEM (err filled; the writer
 * is unchanged): the buffer grows for the longer numbers.
 */
int pe_writer_digits(struct pe_writer *w, int digits, struct pe_error *err);

/*
 * Write the CSV header (no-op for JSONL), then the candles i0..i1-1 of s.
 * Return PE_OK or PE_ERR_IO (with err filled; errno kept for EPIPE checks).
 */
int pe_writer_header(struct pe_writer *w, struct pe_error *err);
int pe_writer_series(struct pe_writer *w, const struct pe_series *s,
    size_t i0, size_t i1, struct pe_error *err);

/*
 * Extra numeric columns after volume on every row from now on (call it
 * before the header): names[0..n) are copied, written as CSV header cells
 * (RFC 4180 quoting) after "volume" and as JSON keys after "volume".
 * Each row's values come with pe_writer_series_cols.  n 0 removes them.
 * Returns PE_OK, or PE_ERR_NOMEM (err filled; the writer is unchanged).
 */
int pe_writer_columns(struct pe_writer *w, const char *const *names,
    size_t n, struct pe_error *err);

/*
 * pe_writer_series with the extra columns' values: cols[c][i] is column
 * c's value at candle i of s (cols[c] holds s->n values; cols NULL: NaN
 * for all).  In CSV a NaN is an empty cell; in JSONL a value that is not
 * finite is null.  pe_writer_series is this with cols NULL.
 */
int pe_writer_series_cols(struct pe_writer *w, const struct pe_series *s,
    size_t i0, size_t i1, const double *const *cols, struct pe_error *err);

/*
 * Hand the rows buffered so far to fp (fwrite), where fp's own buffering
 * takes over: they reach the file when fp is flushed or closed, or the
 * process exits.  Returns PE_OK or PE_ERR_IO.
 */
int pe_writer_drain(struct pe_writer *w, struct pe_error *err);

/* Flush the buffer to fp and fflush it.  Returns PE_OK or PE_ERR_IO. */
int pe_writer_flush(struct pe_writer *w, struct pe_error *err);

/* Flush and free.  Returns what the final flush returned.  w may be NULL. */
int pe_writer_free(struct pe_writer *w, struct pe_error *err);

/* Parse "csv" / "jsonl" into *fmt.  Returns 0 or -1. */
int pe_format_parse(const char *name, enum pe_format *fmt);

#endif
