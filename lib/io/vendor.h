/*
 * vendor.h: what the candle reader knows of data vendors' layouts
 * (internal to lib/io: not installed).  read.c asks these helpers only
 * when a canonical header or time does not read, so a canonical file
 * never reaches them.
 *
 * Bloat: no guessing of column meanings from values alone beyond the
 * two headerless layouts named here (Binance klines, MetaTrader 4).
 */
#ifndef PE_VENDOR_H
#define PE_VENDOR_H

#include <stddef.h>
#include <stdint.h>

/* One cell of a line split by vendor_split: blanks and quotes trimmed. */
struct vendor_cell {
	const char *s;
	size_t n;
};

/*
 * Split p[0..n) (its line end, if any, dropped) at delim into at most max
 * cells; a cell's surrounding blanks, and a pair of quotes around it, are
 * trimmed (no quoting rules beyond that: these are header lines and the
 * first row of a headerless file, looked at, not read).  Returns the
 * number of cells, max + 1 when there are more.
 */
size_t vendor_split(const char *p, size_t n, char delim,
    struct vendor_cell *cells, size_t max);

/*
 * The columns of a headerless file whose first row is p[0..n), as a
 * --columns list ("time,open,high,low,close,volume,-,quote_volume,..."),
 * when the row has the shape of one of the known layouts: Binance klines
 * (12 fields, an open time in milliseconds or microseconds, an integer
 * close time) or MetaTrader 4's History Center export (YYYY.MM.DD, HH:MM,
 * four prices and a volume).  NULL when it has neither.  *name is set to
 * the layout's name for messages.
 */
const char *vendor_headerless(const char *p, size_t n, char delim,
    const char **name);

/* The --columns list of a layout --vendor names, or NULL. */
const char *vendor_layout(int vendor);

/*
 * Whether s[0..n) is how vendors write a missing value: null, NaN (any
 * case), "-" or N/A.
 */
int vendor_missing(const char *s, size_t n);

/*
 * The time forms of vendors that pe_time_parse does not read:
 *   20240102 093000        Stooq and MetaStock (YYYYMMDD HHMMSS, or HHMM)
 *   2024.01.02 09:30[:00]  MetaTrader (the date alone too)
 *   20240102 09:30:00 US/Eastern   IBKR (the zone optional; two spaces
 *                          after the date as older TWS versions write)
 * Into *ms as a wall-clock time (UTC when no zone is given), *has_tod
 * set; the zone, when the text names one, is copied into zone (zsz
 * bytes, NUL-terminated; "" when none): the caller converts.  Returns 0,
 * or -1 when the text is none of these (*why untouched: the caller keeps
 * pe_time_parse's reason) or names an impossible date or time (*why
 * says which).
 */
int vendor_time(const char *s, size_t n, int64_t *ms, int *has_tod,
    char *zone, size_t zsz, const char **why);

/*
 * A wide (yfinance) header: line1 and line2 are the Price and Ticker
 * rows in either order (cells of each split already), line3 the Date
 * row.  Returns 0 when they are one, with names[i] pointing at column
 * i's price name (cells of the Price row; the first column's "Date")
 * and tick[i] at its ticker's cell (NULL for the first column).  -1 when
 * not.
 */
int vendor_wide_header(const struct vendor_cell *a, size_t na,
    const struct vendor_cell *b, size_t nb, const struct vendor_cell *c,
    size_t nc, const struct vendor_cell **names,
    const struct vendor_cell **tick);

#endif
