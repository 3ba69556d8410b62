/*
 * test_candle.c: the candle reader (CSV and JSONL) and writer, and
 * pe_load_path / pe_load_symbol_of, against lib/io/pe_candle.h and
 * lib/io/pe_load.h.
 *
 * Inputs come from memory (fmemopen), from a FILE generated on the fly
 * (fopencookie) or from a temporary file; output goes to open_memstream.
 * Expected instants come from timegm(3), expected numbers from the C
 * compiler's own reading of the literals, never from the library.  Every
 * allocation is freed (the suite also runs under AddressSanitizer with leak
 * detection); the memory check skips itself when PE_ASAN is set.
 */
#include <errno.h>
#include <malloc.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "pe_candle.h"
#include "pe_error.h"
#include "pe_load.h"
#include "pe_series.h"
#include "pe_time.h"

#define HDR "time,open,high,low,close,volume\n"

/* ---- a reader over bytes in memory ---- */

struct rd {
	FILE *fp;
	struct pe_reader *r;
	struct pe_row row;
	enum pe_bad bad;
	struct pe_error err;
	int rc;
};

static int
rd_open_n(struct rd *d, const char *s, size_t n, const char *path,
    const struct pe_read_opts *o)
{
	memset(d, 0, sizeof *d);
	/* fmemopen refuses size 0 on some libcs: /dev/null is empty input. */
	d->fp = n > 0 ? fmemopen((void *)(uintptr_t)s, n, "r") :
	    fopen("/dev/null", "r");
	if (d->fp == NULL)
		return -1;
	d->r = pe_reader_new(d->fp, path, o);
	if (d->r == NULL) {
		fclose(d->fp);
		d->fp = NULL;
		return -1;
	}
	return 0;
}

static int
rd_open(struct rd *d, const char *s, const struct pe_read_opts *o)
{
	return rd_open_n(d, s, strlen(s), "t.csv", o);
}

static int
rd_next(struct rd *d)
{
	memset(&d->row, 0, sizeof d->row);
	d->bad = PE_BAD_NKINDS;
	pe_error_clear(&d->err);
	d->rc = pe_reader_next(d->r, &d->row, &d->bad, &d->err);
	return d->rc;
}

static void
rd_close(struct rd *d)
{
	pe_reader_free(d->r);
	if (d->fp != NULL)
		fclose(d->fp);
	d->r = NULL;
	d->fp = NULL;
}

static void
row_text(const struct rd *d, char *buf, size_t n)
{
	if (d->rc != PE_OK) {
		snprintf(buf, n, "rc %d, bad %d, line %ld, msg \"%s\"", d->rc,
		    (int)d->bad, d->err.line, d->err.msg);
		return;
	}
	snprintf(buf, n, "rc 0 {%s %" PRId64 " %.17g %.17g %.17g %.17g %.17g "
	    "tod %d line %ld}", d->row.symbol ? d->row.symbol : "(null)",
	    d->row.c.time, d->row.c.open, d->row.c.high, d->row.c.low,
	    d->row.c.close, d->row.c.volume, d->row.has_tod, d->row.line);
}

/* The next row is this good candle (sym NULL: not checked). */
static int
expect_row(struct rd *d, const char *sym, int64_t t, double o, double h,
    double l, double c, double v, int has_tod, long line, const char *what)
{
	char g[400], w[400], detail[900];
	int ok;

	rd_next(d);
	ok = d->rc == PE_OK && d->row.c.time == t &&
	    same_dbl(d->row.c.open, o) && same_dbl(d->row.c.high, h) &&
	    same_dbl(d->row.c.low, l) && same_dbl(d->row.c.close, c) &&
	    same_dbl(d->row.c.volume, v) && d->row.has_tod == has_tod &&
	    d->row.line == line && (sym == NULL || (d->row.symbol != NULL &&
	    strcmp(d->row.symbol, sym) == 0 &&
	    d->row.symbol_len == strlen(sym)));
	row_text(d, g, sizeof g);
	snprintf(w, sizeof w, "rc 0 {%s %" PRId64 " %.17g %.17g %.17g %.17g "
	    "%.17g tod %d line %ld}", sym ? sym : "*", t, o, h, l, c, v,
	    has_tod, line);
	snprintf(detail, sizeof detail, "got %s, expected %s", g, w);
	return h_report(ok, __FILE__, __LINE__, detail, "%s", what);
}

/* The next call is a PE_ERR_DATA of kind with exactly msg at line. */
static int
expect_bad(struct rd *d, enum pe_bad kind, const char *msg, long line,
    const char *what)
{
	char g[400], detail[900];
	int ok;

	rd_next(d);
	ok = d->rc == PE_ERR_DATA && d->bad == kind && d->err.code ==
	    PE_ERR_DATA && strcmp(d->err.msg, msg) == 0 && d->err.line == line;
	row_text(d, g, sizeof g);
	snprintf(detail, sizeof detail, "got %s, expected rc %d, bad %d (%s), "
	    "line %ld, msg \"%s\"", g, PE_ERR_DATA, (int)kind,
	    pe_bad_name(kind), line, msg);
	return h_report(ok, __FILE__, __LINE__, detail, "%s", what);
}

/* The next call returns code (a fatal error) with msg at line. */
static int
expect_fatal(struct rd *d, int code, const char *msg, long line,
    const char *what)
{
	char g[400], detail[900];
	int ok;

	rd_next(d);
	ok = d->rc == code && d->err.code == code &&
	    strcmp(d->err.msg, msg) == 0 && d->err.line == line;
	row_text(d, g, sizeof g);
	snprintf(detail, sizeof detail, "got %s, expected rc %d, line %ld, "
	    "msg \"%s\"", g, code, line, msg);
	return h_report(ok, __FILE__, __LINE__, detail, "%s", what);
}

static int
expect_eof(struct rd *d, const char *what)
{
	char g[400], detail[500];

	rd_next(d);
	row_text(d, g, sizeof g);
	snprintf(detail, sizeof detail, "got %s, expected 1 (end of input)",
	    g);
	return h_report(d->rc == 1, __FILE__, __LINE__, detail, "%s", what);
}

/* ---- canonical CSV ---- */

static void
test_canonical(void)
{
	struct rd d;
	struct pe_read_opts o;
	const char *in =
	    HDR
	    "2024-01-02,1,2,0.5,1.5,1000\n"
	    "\n"
	    "2024-01-03T09:30:00Z,1.5,2.5,1.25,2,0\n"
	    "  \t \n"
	    "2024-01-04 16:00:00.250,0.1,0.30000000000000004,0.07,0.2,"
	    "12.5\n"
	    "1704358800,123.456,123.457,1e-3,0.001,1.7976931348623157e308\n"
	    "2024-01-05T09:30:00+09:00,2,3,1,2,\n";

	if (!CHECK(rd_open(&d, in, NULL) == 0, "canonical: reader opened"))
		return;
	CHECK(pe_reader_has_symbol(d.r) == 0,
	    "canonical: has_symbol 0 before the first read");
	expect_row(&d, "stdin", utc(2024, 1, 2, 0, 0, 0, 0), 1, 2, 0.5, 1.5,
	    1000, 0, 2, "canonical: date-only row, default symbol stdin, "
	    "line 2");
	CHECK(d.row.has_volume == 1, "canonical: has_volume 1 (%d)",
	    d.row.has_volume);
	expect_row(&d, "stdin", utc(2024, 1, 3, 9, 30, 0, 0), 1.5, 2.5, 1.25,
	    2, 0, 1, 4, "canonical: ISO time with Z, after a blank line: "
	    "line 4");
	expect_row(&d, "stdin", utc(2024, 1, 4, 16, 0, 0, 250), 0.1,
	    0.30000000000000004, 0.07, 0.2, 12.5, 1, 6,
	    "canonical: space-separated time with millis, after a "
	    "whitespace line: line 6, exact doubles");
	expect_row(&d, "stdin", (int64_t)1704358800 * 1000, 123.456, 123.457,
	    1e-3, 0.001, 1.7976931348623157e308, 1, 7,
	    "canonical: epoch seconds, DBL_MAX volume");
	expect_row(&d, "stdin", utc(2024, 1, 5, 0, 30, 0, 0), 2, 3, 1, 2,
	    NAN, 1, 8, "canonical: +09:00 offset, empty volume is NaN");
	CHECK(pe_reader_has_symbol(d.r) == 0,
	    "canonical: has_symbol 0 without a symbol column");
	expect_eof(&d, "canonical: end of input");
	expect_eof(&d, "canonical: end of input again");
	rd_close(&d);

	/* opts.symbol, and the symbol column winning over it. */
	memset(&o, 0, sizeof o);
	o.symbol = "XYZ";
	if (rd_open(&d, HDR "2024-01-02,1,2,0.5,1.5,10\n", &o) == 0) {
		expect_row(&d, "XYZ", utc(2024, 1, 2, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 10, 0, 2, "opts.symbol without a symbol column");
		rd_close(&d);
	}
	if (rd_open(&d, "symbol," HDR
	    "AAPL,2024-01-02,1,2,0.5,1.5,10\n"
	    "  MSFT\t,2024-01-02,1,2,0.5,1.5,10\n"
	    "\"BRK.B\",2024-01-02,1,2,0.5,1.5,10\n"
	    "\"A,\"\"B\",2024-01-03,1,2,0.5,1.5,10\n", &o) == 0) {
		expect_row(&d, "AAPL", utc(2024, 1, 2, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 10, 0, 2, "symbol column wins over opts.symbol");
		CHECK(pe_reader_has_symbol(d.r) == 1,
		    "has_symbol 1 with a symbol column");
		expect_row(&d, "MSFT", utc(2024, 1, 2, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 10, 0, 3, "symbol blanks trimmed");
		expect_row(&d, "BRK.B", utc(2024, 1, 2, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 10, 0, 4, "quoted symbol");
		expect_row(&d, "A,\"B", utc(2024, 1, 3, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 10, 0, 5, "RFC 4180 quoted symbol with comma and "
		    "quote");
		expect_eof(&d, "symbol column: end");
		rd_close(&d);
	}

	/* No volume column: NaN volume, has_volume 0. */
	if (rd_open(&d, "time,open,high,low,close\n2024-01-02,1,2,0.5,1.5\n",
	    NULL) == 0) {
		expect_row(&d, "stdin", utc(2024, 1, 2, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, NAN, 0, 2, "no volume column: volume NaN");
		CHECK(d.row.has_volume == 0, "no volume column: has_volume 0 "
		    "(%d)", d.row.has_volume);
		rd_close(&d);
	}
	/* A volume column whose first cell is empty: the input has volume. */
	if (rd_open(&d, HDR "2024-01-02,1,2,0.5,1.5,\n"
	    "2024-01-03,1,2,0.5,1.5,7\n", NULL) == 0) {
		rd_next(&d);
		CHECK(d.rc == PE_OK && isnan(d.row.c.volume) &&
		    d.row.has_volume == 1, "volume column with an empty first "
		    "cell: has_volume 1 (\"the input has volume (column or "
		    "key)\"): rc %d, has_volume %d", d.rc, d.row.has_volume);
		rd_next(&d);
		CHECK(d.rc == PE_OK && d.row.has_volume == 1,
		    "volume column: has_volume 1 once a volume is seen (%d)",
		    d.row.has_volume);
		rd_close(&d);
	}


	/* Quoted fields spanning lines: a row carries the line it starts on,
	 * the next row's line is right. */
	if (rd_open(&d, "time,open,high,low,close,volume,note\n"
	    "2024-01-02,1,2,0.5,1.5,10,\"one\ntwo\"\n"
	    "2024-01-03,1,2,0.5,1.5,11,plain\n"
	    "2024-01-04,1,2,0.5,1.5,12,\"a\n\nb\r\nc\"\n"
	    "\n"
	    "2024-01-05,1,2,0.5,1.5,13,\"x\ry\"\n"
	    "2024-01-06,1,2,0.5,1.5,14,\n", NULL) == 0) {
		expect_row(&d, NULL, utc(2024, 1, 2, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 10, 0, 2, "quoted field over 2 lines: row on line 2");
		expect_row(&d, NULL, utc(2024, 1, 3, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 11, 0, 4, "the row after it is on line 4");
		expect_row(&d, NULL, utc(2024, 1, 4, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 12, 0, 5, "quoted field over 4 lines (a blank line "
		    "and a CRLF inside): row on line 5");
		expect_row(&d, NULL, utc(2024, 1, 5, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 13, 0, 10, "after it and a blank line: line 10");
		expect_row(&d, NULL, utc(2024, 1, 6, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 14, 0, 12, "a lone CR inside quotes counts as a "
		    "line end: line 12");
		expect_eof(&d, "multi-line fields: end");
		rd_close(&d);
	}
	/* A symbol with a newline inside quotes: bad symbol, then go on. */
	if (rd_open(&d, "symbol," HDR
	    "\"AB\nC\",2024-01-02,1,2,0.5,1.5,10\n"
	    "X,2024-01-03,1,2,0.5,1.5,10\n", NULL) == 0) {
		expect_bad(&d, PE_BAD_SYMBOL, "symbol has a control character",
		    2, "symbol with a newline: bad symbol at line 2");
		expect_row(&d, "X", utc(2024, 1, 3, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 10, 0, 4, "the row after it: line 4");
		rd_close(&d);
	}
}

/* ---- headers, delimiters, numbers ---- */

static void
test_headers(void)
{
	static const struct {
		const char *in;
		const char *what;
	} ok_hdr[] = {
		{ " Date , O ,H,l,C, VOL \n2024-01-02,1,2,0.5,1.5,7\n",
		  "Date O H l C VOL, blanks trimmed" },
		{ "DATETIME,OPEN,HIGH,LOW,CLOSE,VOLUME\n"
		  "2024-01-02,1,2,0.5,1.5,7\n", "upper case" },
		{ "Timestamp,Open,High,Low,Close,V\n"
		  "2024-01-02,1,2,0.5,1.5,7\n", "Timestamp, V" },
		{ "\"time\",\"open\",\"high\",\"low\",\"close\",\"volume\"\n"
		  "2024-01-02,1,2,0.5,1.5,7\n", "quoted header names" },
		{ "Volume,Close,Low,High,Open,Time,Extra\n"
		  "7,1.5,0.5,2,1,2024-01-02,zzz\n",
		  "columns in another order, an extra column" },
		{ "\tdate\t,open,high,low,close,volume\n"
		  "2024-01-02,1,2,0.5,1.5,7\n", "tabs around a name" },
	};
	static const struct {
		const char *in;
		const char *sym;
	} sym_hdr[] = {
		{ "Ticker,time,open,high,low,close,volume\n"
		  "T1,2024-01-02,1,2,0.5,1.5,7\n", "T1" },
		{ "CODE,time,open,high,low,close,volume\n"
		  "C1,2024-01-02,1,2,0.5,1.5,7\n", "C1" },
		{ " Symbol ,time,open,high,low,close,volume\n"
		  "S1,2024-01-02,1,2,0.5,1.5,7\n", "S1" },
	};
	static const struct {
		const char *in;
		char delim;
		const char *what;
	} delims[] = {
		{ HDR "2024-01-02,1,2,0.5,1.5,7\n", ',', "comma" },
		{ "time;open;high;low;close;volume\n"
		  "2024-01-02;1;2;0.5;1.5;7\n", ';', "semicolon" },
		{ "time\topen\thigh\tlow\tclose\tvolume\n"
		  "2024-01-02\t1\t2\t0.5\t1.5\t7\n", '\t', "TAB" },
		{ "time|open|high|low|close|volume\n"
		  "2024-01-02|1|2|0.5|1.5|7\n", '|', "pipe" },
		{ "\"a,b,c,d,e,f\";time;open;high;low;close;volume\n"
		  "\"x,y\";2024-01-02;1;2;0.5;1.5;7\n", ';',
		  "semicolon, commas inside quotes not counted" },
		{ "time\topen\thigh\tlow\tclose\tvolume\tx,y\n"
		  "2024-01-02\t1\t2\t0.5\t1.5\t7\tq,r\n", '\t',
		  "TAB beats a single comma" },
	};
	struct pe_read_opts o;
	struct rd d;
	size_t i;
	double k;

	for (i = 0; i < sizeof ok_hdr / sizeof ok_hdr[0]; i++) {
		if (rd_open(&d, ok_hdr[i].in, NULL) != 0)
			continue;
		expect_row(&d, "stdin", utc(2024, 1, 2, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 7, 0, 2, H_DESC("header aliases: %s",
		    ok_hdr[i].what));
		rd_close(&d);
	}
	for (i = 0; i < sizeof sym_hdr / sizeof sym_hdr[0]; i++) {
		if (rd_open(&d, sym_hdr[i].in, NULL) != 0)
			continue;
		expect_row(&d, sym_hdr[i].sym, utc(2024, 1, 2, 0, 0, 0, 0), 1,
		    2, 0.5, 1.5, 7, 0, 2, H_DESC("symbol alias gives %s",
		    sym_hdr[i].sym));
		CHECK(pe_reader_has_symbol(d.r) == 1,
		    "symbol alias %s: has_symbol 1", sym_hdr[i].sym);
		rd_close(&d);
	}

	/* Date and time columns joined. */
	if (rd_open(&d, "Date,Time,Open,High,Low,Close,Volume\n"
	    "2024-01-02,09:30:00,1,2,0.5,1.5,7\n"
	    "2024-01-02,16:00,1,2,0.5,1.5,8\n"
	    "2024-01-03,09:30:00.125,1,2,0.5,1.5,9\n", NULL) == 0) {
		expect_row(&d, "stdin", utc(2024, 1, 2, 9, 30, 0, 0), 1, 2, 0.5,
		    1.5, 7, 1, 2, "date + time columns joined");
		expect_row(&d, "stdin", utc(2024, 1, 2, 16, 0, 0, 0), 1, 2, 0.5,
		    1.5, 8, 1, 3, "date + time (HH:MM) joined");
		expect_row(&d, "stdin", utc(2024, 1, 3, 9, 30, 0, 125), 1, 2,
		    0.5, 1.5, 9, 1, 4, "date + time with millis joined");
		rd_close(&d);
	}
	/* datetime wins over date + time. */
	if (rd_open(&d, "datetime,date,time,open,high,low,close\n"
	    "2024-01-02T10:00:00Z,1999-01-01,00:00,1,2,0.5,1.5\n", NULL) ==
	    0) {
		expect_row(&d, "stdin", utc(2024, 1, 2, 10, 0, 0, 0), 1, 2, 0.5,
		    1.5, NAN, 1, 2, "datetime column wins over date + time");
		rd_close(&d);
	}
	/* A date column alone. */
	if (rd_open(&d, "date,open,high,low,close\n20240102,1,2,0.5,1.5\n",
	    NULL) == 0) {
		expect_row(&d, "stdin", utc(2024, 1, 2, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, NAN, 0, 2, "a date column alone, 8-digit date");
		rd_close(&d);
	}

	for (i = 0; i < sizeof delims / sizeof delims[0]; i++) {
		if (rd_open(&d, delims[i].in, NULL) != 0)
			continue;
		expect_row(&d, "stdin", utc(2024, 1, 2, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 7, 0, 2, H_DESC("delimiter detected: %s",
		    delims[i].what));
		rd_close(&d);
		/* The same with opts.delim given. */
		memset(&o, 0, sizeof o);
		o.delim = delims[i].delim;
		if (rd_open(&d, delims[i].in, &o) != 0)
			continue;
		expect_row(&d, "stdin", utc(2024, 1, 2, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 7, 0, 2, H_DESC("delimiter given: %s",
		    delims[i].what));
		rd_close(&d);
	}
	/* opts.delim overrides what detection would pick. */
	{
		const char *in = "time|open|high|low|close|volume|a,b,c,d,e,f,g\n"
		    "2024-01-02|1|2|0.5|1.5|7|x\n";

		if (rd_open(&d, in, NULL) == 0) {
			expect_fatal(&d, PE_ERR_FORMAT, "no time column in the "
			    "header (expected time, date, datetime or "
			    "timestamp)", 1, "detection picks ',' (7 commas "
			    "vs 6 pipes): no time column");
			rd_close(&d);
		}
		memset(&o, 0, sizeof o);
		o.delim = '|';
		if (rd_open(&d, in, &o) == 0) {
			expect_row(&d, "stdin", utc(2024, 1, 2, 0, 0, 0, 0), 1,
			    2, 0.5, 1.5, 7, 0, 2, "opts.delim '|' overrides "
			    "detection");
			rd_close(&d);
		}
	}

	/* Decimal comma. */
	memset(&o, 0, sizeof o);
	o.decimal_comma = 1;
	if (rd_open(&d, "time;open;high;low;close;volume\n"
	    "2024-01-02;1,5;2,25;1,125;2;1000,5\n"
	    "2024-01-03;0,1;0,3;0,07;0,2;-0\n", &o) == 0) {
		expect_row(&d, "stdin", utc(2024, 1, 2, 0, 0, 0, 0), 1.5, 2.25,
		    1.125, 2, 1000.5, 0, 2, "decimal comma with ';' detected");
		expect_row(&d, "stdin", utc(2024, 1, 3, 0, 0, 0, 0), 0.1, 0.3,
		    0.07, 0.2, -0.0, 0, 3, "decimal comma: exact 0,1 0,3 0,07");
		rd_close(&d);
	}
	if (rd_open(&d, "time\topen\thigh\tlow\tclose\n"
	    "2024-01-02\t1,5\t2,25\t1,125\t2\n", &o) == 0) {
		expect_row(&d, "stdin", utc(2024, 1, 2, 0, 0, 0, 0), 1.5, 2.25,
		    1.125, 2, NAN, 0, 2, "decimal comma with TAB detected");
		rd_close(&d);
	}
	o.delim = ',';
	if (rd_open(&d, HDR "2024-01-02,\"1,5\",\"2,25\",\"1,125\",2,"
	    "\"1000,5\"\n", &o) == 0) {
		expect_row(&d, "stdin", utc(2024, 1, 2, 0, 0, 0, 0), 1.5, 2.25,
		    1.125, 2, 1000.5, 0, 2, "decimal comma, ',' delimiter "
		    "given, quoted values");
		rd_close(&d);
	}
	memset(&o, 0, sizeof o);
	if (rd_open(&d, "time;open;high;low;close;volume\n"
	    "2024-01-02;1,5;2;1;2;7\n", &o) == 0) {
		expect_bad(&d, PE_BAD_NUMBER, "open is not a number: '1,5'", 2,
		    "without decimal_comma '1,5' is not a number");
		rd_close(&d);
	}

	/* Adjusted. */
	memset(&o, 0, sizeof o);
	o.adjusted = 1;
	if (rd_open(&d, "Date,Open,High,Low,Close,Adj Close,Volume\n"
	    "2024-01-02,10,12,9,11,5.5,100\n"
	    "2024-01-03,3.3,3.9,2.7,3,1,100\n"
	    "2024-01-04,1,2,0.5,1.5,0.75,\n", &o) == 0) {
		expect_row(&d, "stdin", utc(2024, 1, 2, 0, 0, 0, 0), 5, 6, 4.5,
		    5.5, 100, 0, 2, "adjusted: k 0.5, exact");
		k = 1.0 / 3.0;
		expect_row(&d, "stdin", utc(2024, 1, 3, 0, 0, 0, 0), 3.3 * k,
		    3.9 * k, 2.7 * k, 1, 100, 0, 3, "adjusted: k 1/3, o/h/l "
		    "scaled by adj/close, close = adj");
		expect_row(&d, "stdin", utc(2024, 1, 4, 0, 0, 0, 0), 0.5, 1,
		    0.25, 0.75, NAN, 0, 4, "adjusted: k 0.5, volume unchanged");
		rd_close(&d);
	}
	{
		static const char *const adj_names[] = {
			"adj_close", "AdjClose", "Adjusted Close",
			"adjusted_close", " ADJ CLOSE "
		};
		char in[200];

		for (i = 0; i < sizeof adj_names / sizeof adj_names[0]; i++) {
			snprintf(in, sizeof in, "time,open,high,low,close,%s\n"
			    "2024-01-02,4,8,2,4,2\n", adj_names[i]);
			if (rd_open(&d, in, &o) != 0)
				continue;
			expect_row(&d, "stdin", utc(2024, 1, 2, 0, 0, 0, 0), 2,
			    4, 1, 2, NAN, 0, 2, H_DESC("adj close alias '%s'",
			    adj_names[i]));
			rd_close(&d);
		}
	}
	if (rd_open(&d, "time,open,high,low,close,adj close\n"
	    "2024-01-02,0,0,0,0,1\n"
	    "2024-01-03,1,1,1,1,\n"
	    "2024-01-04,4,8,2,4,2\n", &o) == 0) {
		expect_bad(&d, PE_BAD_RANGE, "close is 0: cannot adjust", 2,
		    "adjusted with close 0: bad range");
		expect_bad(&d, PE_BAD_NUMBER, "missing adj close", 3,
		    "adjusted with an empty adj close: missing adj close");
		expect_row(&d, "stdin", utc(2024, 1, 4, 0, 0, 0, 0), 2, 4, 1, 2,
		    NAN, 0, 4, "adjusted: goes on after bad rows");
		rd_close(&d);
	}
	memset(&o, 0, sizeof o);
	if (rd_open(&d, "time,open,high,low,close,adj close\n"
	    "2024-01-02,4,8,2,4,2\n", &o) == 0) {
		expect_row(&d, "stdin", utc(2024, 1, 2, 0, 0, 0, 0), 4, 8, 2, 4,
		    NAN, 0, 2, "without adjusted the adj close column is "
		    "ignored");
		rd_close(&d);
	}
}

/* ---- line ends, BOM ---- */

static void
test_line_ends(void)
{
	static const char bom_csv[] = "\xef\xbb\xbf" HDR
	    "2024-01-02,1,2,0.5,1.5,7\n";
	static const char crlf[] = "time,open,high,low,close,volume\r\n"
	    "2024-01-02,1,2,0.5,1.5,7\r\n"
	    "\r\n"
	    "2024-01-03,1,2,0.5,1.5,8\r\n";
	static const char lone_cr[] = "time,open,high,low,close,volume\r"
	    "2024-01-02,1,2,0.5,1.5,7\r"
	    "\r"
	    "2024-01-03,1,2,0.5,1.5,8\r";
	static const char mixed[] = "time,open,high,low,close,volume\r\n"
	    "2024-01-02,1,2,0.5,1.5,7\r"
	    "2024-01-03,1,2,0.5,1.5,8\n"
	    "2024-01-04,1,2,0.5,1.5,9\r\n"
	    "2024-01-05,1,2,0.5,1.5,10";
	static const char no_nl[] = HDR "2024-01-02,1,2,0.5,1.5,7";
	static const char cr_end[] = HDR "2024-01-02,1,2,0.5,1.5,7\r";
	struct rd d;

	if (rd_open(&d, bom_csv, NULL) == 0) {
		expect_row(&d, "stdin", utc(2024, 1, 2, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 7, 0, 2, "UTF-8 BOM before the header");
		rd_close(&d);
	}
	if (rd_open(&d, crlf, NULL) == 0) {
		expect_row(&d, "stdin", utc(2024, 1, 2, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 7, 0, 2, "CRLF: line 2");
		expect_row(&d, "stdin", utc(2024, 1, 3, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 8, 0, 4, "CRLF: blank CRLF line counts: line 4");
		expect_eof(&d, "CRLF: end");
		rd_close(&d);
	}
	if (rd_open(&d, lone_cr, NULL) == 0) {
		expect_row(&d, "stdin", utc(2024, 1, 2, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 7, 0, 2, "lone CR: line 2");
		expect_row(&d, "stdin", utc(2024, 1, 3, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 8, 0, 4, "lone CR: blank CR line counts: line 4");
		expect_eof(&d, "lone CR: end");
		rd_close(&d);
	}
	if (rd_open(&d, mixed, NULL) == 0) {
		expect_row(&d, "stdin", utc(2024, 1, 2, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 7, 0, 2, "mixed line ends: line 2");
		expect_row(&d, "stdin", utc(2024, 1, 3, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 8, 0, 3, "mixed line ends: line 3");
		expect_row(&d, "stdin", utc(2024, 1, 4, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 9, 0, 4, "mixed line ends: line 4");
		expect_row(&d, "stdin", utc(2024, 1, 5, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 10, 0, 5, "mixed line ends: last line without an "
		    "end: line 5");
		expect_eof(&d, "mixed line ends: end");
		rd_close(&d);
	}
	if (rd_open(&d, no_nl, NULL) == 0) {
		expect_row(&d, "stdin", utc(2024, 1, 2, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 7, 0, 2, "last line without a newline: exact volume");
		expect_eof(&d, "last line without a newline: end");
		rd_close(&d);
	}
	if (rd_open(&d, cr_end, NULL) == 0) {
		expect_row(&d, "stdin", utc(2024, 1, 2, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 7, 0, 2, "a CR as the very last byte");
		expect_eof(&d, "a CR as the very last byte: end");
		rd_close(&d);
	}
	/* A CRLF or a lone CR split across the reader's 64 KiB reads. */
	{
		static const char h[] = "time,open,high,low,close,volume,note\r\n";
		static const char r1[] = "2024-01-02,1,2,0.5,1.5,7,";
		static const char r2[] = "2024-01-03,1,2,0.5,1.5,8,z\r\n";
		size_t cut, n, pad;
		char *b;
		int lone;

		for (cut = 65535; cut <= 65536; cut++)
			for (lone = 0; lone <= 1; lone++) {
				/* The first row's CR at offset cut. */
				pad = cut - (sizeof h - 1) - (sizeof r1 - 1);
				n = cut + 1 + !lone + sizeof r2 - 1;
				if ((b = malloc(n + 1)) == NULL)
					continue;
				memcpy(b, h, sizeof h - 1);
				memcpy(b + sizeof h - 1, r1, sizeof r1 - 1);
				memset(b + sizeof h - 1 + sizeof r1 - 1, 'p', pad);
				b[cut] = '\r';
				if (!lone)
					b[cut + 1] = '\n';
				memcpy(b + cut + 1 + !lone, r2, sizeof r2);
				if (rd_open_n(&d, b, n, "t.csv", NULL) == 0) {
					expect_row(&d, "stdin", utc(2024, 1, 2, 0, 0, 0,
					    0), 1, 2, 0.5, 1.5, 7, 0, 2, H_DESC("%s at "
					    "offset %zu: row 1", lone ? "lone CR" :
					    "CRLF", cut));
					expect_row(&d, "stdin", utc(2024, 1, 3, 0, 0, 0,
					    0), 1, 2, 0.5, 1.5, 8, 0, 3, H_DESC("%s at "
					    "offset %zu: the next row is line 3",
					    lone ? "lone CR" : "CRLF", cut));
					expect_eof(&d, H_DESC("%s at offset %zu: end",
					    lone ? "lone CR" : "CRLF", cut));
					rd_close(&d);
				}
				free(b);
			}
	}
	/* A header only. */
	if (rd_open(&d, HDR, NULL) == 0) {
		expect_eof(&d, "a header only: end of input, no error");
		rd_close(&d);
	}
}

/* ---- bad rows ---- */

static void
test_bad_rows(void)
{
	const char *in =
	    "symbol,time,open,high,low,close,volume,note\n"	/* 1 */
	    "A,2024-01-02,1,2,0.5,1.5,10,n\n"			/* 2 */
	    "A,2024-01-02,1,2,0.5,1.5,10\n"			/* 3 */
	    "A,2024-01-03,1,2,0.5,1.5,11,n\n"			/* 4 */
	    "A,2024-01-02,1,2,0.5,1.5,10,n,extra\n"		/* 5 */
	    "A,2024-01-04,1,2,0.5,1.5,12,\"ab\"c\n"		/* 6 */
	    "A,2024-01-05,1,2,0.5,1.5,13,n\n"			/* 7 */
	    "A,,1,2,0.5,1.5,10,n\n"				/* 8 */
	    "A,2024-13-02,1,2,0.5,1.5,10,n\n"			/* 9 */
	    "A,2024-01-06,1,2,0.5,1.5,14,n\n"			/* 10 */
	    "A,2024-01-02,abc,2,0.5,1.5,10,n\n"		/* 11 */
	    "A,2024-01-02,1,1e400,0.5,1.5,10,n\n"		/* 12 */
	    "A,2024-01-02,1,2,0.5,,10,n\n"			/* 13 */
	    "A,2024-01-02,1,2,0.5,1.5,x,n\n"			/* 14 */
	    "A,2024-01-07,1,2,0.5,1.5,15,n\n"			/* 15 */
	    "A,2024-01-02,1,1,0.5,1.5,10,n\n"			/* 16 */
	    "A,2024-01-02,1.5,3,2,1,10,n\n"			/* 17 */
	    "A,2024-01-02,1,2,0.5,1.5,-5,n\n"			/* 18 */
	    "A,2024-01-08,1,2,0.5,1.5,16,n\n"			/* 19 */
	    " ,2024-01-02,1,2,0.5,1.5,10,n\n"			/* 20 */
	    "\"A\tB\",2024-01-02,1,2,0.5,1.5,10,n\n"		/* 21 */
	    "\xff\xfe,2024-01-02,1,2,0.5,1.5,10,n\n"		/* 22 */
	    "\xc3\xa9t\xc3\xa9,2024-01-09,1,2,0.5,1.5,17,n\n"	/* 23 */
	    "A,2024-01-10,1,2,0.5,1.5,18,\"open\n"		/* 24 */
	    "A,2024-01-11,1,2,0.5,1.5,19,n\n";		/* 25 */
	struct rd d;
	struct pe_time_info ti;
	const char *why = "?";
	char want[200];
	int64_t t;

	if (!CHECK(rd_open(&d, in, NULL) == 0, "bad rows: reader opened"))
		return;
	expect_row(&d, "A", utc(2024, 1, 2, 0, 0, 0, 0), 1, 2, 0.5, 1.5, 10,
	    0, 2, "bad rows: first good row");
	expect_bad(&d, PE_BAD_FIELDS, "expected 8 fields, found 7", 3,
	    "too few fields");
	CHECK_STR(d.err.path, "t.csv", "a data error names the path");
	expect_row(&d, "A", utc(2024, 1, 3, 0, 0, 0, 0), 1, 2, 0.5, 1.5, 11,
	    0, 4, "after a bad row the reader goes on");
	expect_bad(&d, PE_BAD_FIELDS, "expected 8 fields, found 9", 5,
	    "too many fields");
	expect_bad(&d, PE_BAD_FIELDS, "malformed quoting", 6,
	    "a quote after a closing quote: malformed quoting");
	expect_row(&d, "A", utc(2024, 1, 5, 0, 0, 0, 0), 1, 2, 0.5, 1.5, 13,
	    0, 7, "after malformed quoting the next row is read");
	expect_bad(&d, PE_BAD_TIME, "missing time", 8, "empty time");
	pe_time_parse("2024-13-02", 10, &t, &ti, &why);
	snprintf(want, sizeof want, "bad time '2024-13-02': %s", why);
	expect_bad(&d, PE_BAD_TIME, want, 9, "month 13: bad time");
	expect_row(&d, "A", utc(2024, 1, 6, 0, 0, 0, 0), 1, 2, 0.5, 1.5, 14,
	    0, 10, "good row after bad times");
	expect_bad(&d, PE_BAD_NUMBER, "open is not a number: 'abc'", 11,
	    "open 'abc'");
	expect_bad(&d, PE_BAD_NUMBER, "high is out of range: '1e400'", 12,
	    "high 1e400");
	expect_bad(&d, PE_BAD_NUMBER, "missing close", 13, "empty close");
	expect_bad(&d, PE_BAD_NUMBER, "volume is not a number: 'x'", 14,
	    "volume 'x'");
	expect_row(&d, "A", utc(2024, 1, 7, 0, 0, 0, 0), 1, 2, 0.5, 1.5, 15,
	    0, 15, "good row after bad numbers");
	expect_bad(&d, PE_BAD_RANGE, "high 1 is below max(open, close) 1.5",
	    16, "high below close");
	expect_bad(&d, PE_BAD_RANGE, "low 2 is above min(open, close) 1", 17,
	    "low above close");
	expect_bad(&d, PE_BAD_RANGE, "volume -5 is negative", 18,
	    "negative volume");
	expect_row(&d, "A", utc(2024, 1, 8, 0, 0, 0, 0), 1, 2, 0.5, 1.5, 16,
	    0, 19, "good row after bad ranges");
	expect_bad(&d, PE_BAD_SYMBOL, "empty symbol", 20, "blank symbol");
	expect_bad(&d, PE_BAD_SYMBOL, "symbol has a control character", 21,
	    "symbol with a TAB");
	expect_bad(&d, PE_BAD_SYMBOL, "symbol is not valid UTF-8", 22,
	    "symbol \\xff\\xfe");
	expect_row(&d, "\xc3\xa9t\xc3\xa9", utc(2024, 1, 9, 0, 0, 0, 0), 1, 2,
	    0.5, 1.5, 17, 0, 23, "UTF-8 symbol accepted");
	expect_bad(&d, PE_BAD_FIELDS, "unterminated quoted field", 24,
	    "an unterminated quote at EOF swallows the rest: bad fields, "
	    "line 24");
	expect_eof(&d, "after the unterminated quote: end");
	expect_eof(&d, "end again");
	rd_close(&d);

	/* Bad kinds have names. */
	CHECK(strcmp(pe_bad_name(PE_BAD_FIELDS), "bad fields") == 0 &&
	    strcmp(pe_bad_name(PE_BAD_TIME), "bad time") == 0 &&
	    strcmp(pe_bad_name(PE_BAD_NUMBER), "bad number") == 0 &&
	    strcmp(pe_bad_name(PE_BAD_RANGE), "bad range") == 0 &&
	    strcmp(pe_bad_name(PE_BAD_SYMBOL), "bad symbol") == 0 &&
	    strcmp(pe_bad_name(PE_BAD_JSON), "bad JSON") == 0 &&
	    pe_bad_name(PE_BAD_NKINDS) != NULL, "pe_bad_name");

	/* Over-long symbols: PE_BAD_SYMBOL is "empty or over-long symbol"
	 * (pe_symbol_check and the writer allow 200 bytes). */
	{
		char buf[1200], sym[302];

		memset(sym, 'S', 301);
		sym[301] = '\0';
		snprintf(buf, sizeof buf, "symbol," HDR
		    "%.200s,2024-01-02,1,2,0.5,1.5,1\n"
		    "%s,2024-01-03,1,2,0.5,1.5,1\n"
		    "B,2024-01-04,1,2,0.5,1.5,1\n", sym, sym);
		if (rd_open(&d, buf, NULL) == 0) {
			sym[200] = '\0';
			expect_row(&d, sym, utc(2024, 1, 2, 0, 0, 0, 0), 1, 2,
			    0.5, 1.5, 1, 0, 2, "a 200-byte symbol is accepted");
			rd_next(&d);
			CHECK(d.rc == PE_ERR_DATA && d.bad == PE_BAD_SYMBOL &&
			    d.err.line == 3, "a 301-byte symbol is a bad "
			    "(over-long) symbol: rc %d, bad %d, symbol_len "
			    "%zu", d.rc, (int)d.bad,
			    d.rc == PE_OK ? d.row.symbol_len : 0);
			expect_row(&d, "B", utc(2024, 1, 4, 0, 0, 0, 0), 1, 2,
			    0.5, 1.5, 1, 0, 4, "after the long symbol");
			rd_close(&d);
		}
	}
}

/* ---- fatal errors ---- */

static void
test_format_errors(void)
{
	static const struct {
		const char *in;
		int adjusted;
		int code;
		const char *msg;
		long line;
		const char *what;
	} cases[] = {
		{ "", 0, PE_ERR_FORMAT,
		  "empty input (expected a header line or JSON)", 0,
		  "empty input" },
		{ "\n \r\n\t\n", 0, PE_ERR_FORMAT,
		  "empty input (expected a header line or JSON)", 0,
		  "blank lines only" },
		{ "\xef\xbb\xbf", 0, PE_ERR_FORMAT,
		  "empty input (expected a header line or JSON)", 0,
		  "a BOM only" },
		{ "time,open,high,low,volume\n2024-01-02,1,2,0.5,7\n", 0,
		  PE_ERR_FORMAT, "no close column in the header", 1,
		  "missing close column" },
		{ "time,high,low,close\n", 0, PE_ERR_FORMAT,
		  "no open column in the header", 1, "missing open column" },
		{ "\n\nopen,high,low,close,volume\n", 0, PE_ERR_FORMAT,
		  "no time column in the header (expected time, date, "
		  "datetime or timestamp)", 3,
		  "missing time column (header on line 3)" },
		{ "time,open,high,low,close,close\n", 0, PE_ERR_FORMAT,
		  "duplicate column 'close' in the header", 1,
		  "duplicate close" },
		{ "time,open,o,high,low,close\n", 0, PE_ERR_FORMAT,
		  "duplicate column 'open' in the header", 1,
		  "open and its alias o" },
		{ "symbol,ticker,time,open,high,low,close\n", 0, PE_ERR_FORMAT,
		  "duplicate column 'symbol' in the header", 1,
		  "symbol and ticker" },
		{ HDR "2024-01-02,1,2,0.5,1.5,7\n", 1, PE_ERR_FORMAT,
		  "--adjusted needs an 'adj close' column", 1,
		  "--adjusted without adj close" },
		{ "time,open,high,\"low,close\n", 0, PE_ERR_FORMAT,
		  "malformed header line", 1,
		  "unterminated quote in the header" },
	};
	struct pe_read_opts o;
	struct rd d;
	struct pe_error first;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(&o, 0, sizeof o);
		o.adjusted = cases[i].adjusted;
		if (rd_open(&d, cases[i].in, &o) != 0)
			continue;
		expect_fatal(&d, cases[i].code, cases[i].msg, cases[i].line,
		    H_DESC("format error: %s", cases[i].what));
		first = d.err;
		rd_next(&d);
		CHECK(d.rc == cases[i].code && d.err.code == first.code &&
		    strcmp(d.err.msg, first.msg) == 0 &&
		    d.err.line == first.line && strcmp(d.err.path,
		    first.path) == 0, "format error again: %s (rc %d, \"%s\")",
		    cases[i].what, d.rc, d.err.msg);
		rd_close(&d);
	}

	/* More than 1024 header columns. */
	{
		size_t n = 2000 * 3 + 64, len = 0;
		char *h = malloc(n);

		if (h != NULL) {
			len += (size_t)snprintf(h, n, "time,open,high,low,close");
			for (i = 0; i < 1100; i++)
				len += (size_t)snprintf(h + len, n - len, ",x");
			h[len++] = '\n';
			if (rd_open_n(&d, h, len, "t.csv", NULL) == 0) {
				expect_fatal(&d, PE_ERR_FORMAT, "too many columns "
				    "in the header", 1, "1105 header columns");
				rd_close(&d);
			}
			free(h);
		}
	}

	/* Errors pass a NULL err and NULL bad safely. */
	if (rd_open(&d, HDR "x,1,2,0.5,1.5,7\n2024-01-02,1,2,0.5,1.5,7\n",
	    NULL) == 0) {
		int rc = pe_reader_next(d.r, &d.row, NULL, NULL);

		CHECK(rc == PE_ERR_DATA, "bad row with NULL bad and err: rc %d",
		    rc);
		rc = pe_reader_next(d.r, &d.row, NULL, NULL);
		CHECK(rc == PE_OK && d.row.line == 3, "then the good row (rc "
		    "%d)", rc);
		rd_close(&d);
	}
	pe_reader_free(NULL);
	CHECK(1, "pe_reader_free(NULL) is harmless");
}

/* ---- long lines ---- */

/*
 * Three rows of a CSV with NCOL_X extra columns; the middle row (line 3)
 * is about body bytes long, spread over the extra columns (so that no
 * single field is huge: libcsv grows a field's buffer 128 bytes at a time,
 * which is quadratic under AddressSanitizer's realloc).
 */
#define NCOL_X 1000

static char *
long_row(size_t body, size_t *len)
{
	size_t cap = body + 16 * NCOL_X + 256, n = 0, i, each, k;
	char *s = malloc(cap);

	if (s == NULL)
		return NULL;
	n += (size_t)snprintf(s + n, cap - n, "time,open,high,low,close,volume");
	for (i = 0; i < NCOL_X; i++)
		n += (size_t)snprintf(s + n, cap - n, ",n%zu", i);
	n += (size_t)snprintf(s + n, cap - n, "\n2024-01-02,1,2,0.5,1.5,7");
	for (i = 0; i < NCOL_X; i++)
		s[n++] = ',';
	n += (size_t)snprintf(s + n, cap - n, "\n2024-01-03,1,2,0.5,1.5,8");
	each = body / NCOL_X;
	for (i = 0; i < NCOL_X; i++) {
		k = i + 1 < NCOL_X ? each : body - each * (NCOL_X - 1);
		s[n++] = ',';
		memset(s + n, 'x', k);
		n += k;
	}
	n += (size_t)snprintf(s + n, cap - n, "\n2024-01-04,1,2,0.5,1.5,9");
	for (i = 0; i < NCOL_X; i++)
		s[n++] = ',';
	s[n++] = '\n';
	s[n] = '\0';
	*len = n;
	return s;
}

static void
test_long_lines(void)
{
	static const struct {
		size_t note;
		int want_ok;
		const char *what;
	} cases[] = {
		{ 1000000, 1, "a line of ~1,000,000 bytes is read" },
		{ (1 << 20) + 1000, 0, "a line of 1 MiB + 1000 bytes is an error" },
		{ (3 << 20) / 2, 0, "a line of 1.5 MiB is an error" },
		{ 3 << 20, 0, "a line of 3 MiB is an error" },
	};
	struct rd d;
	size_t i, len;
	char *s;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if ((s = long_row(cases[i].note, &len)) == NULL)
			continue;
		if (rd_open_n(&d, s, len, "t.csv", NULL) != 0) {
			free(s);
			continue;
		}
		expect_row(&d, "stdin", utc(2024, 1, 2, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 7, 0, 2, H_DESC("long line %zu: the row before it",
		    cases[i].note));
		if (cases[i].want_ok) {
			expect_row(&d, "stdin", utc(2024, 1, 3, 0, 0, 0, 0), 1,
			    2, 0.5, 1.5, 8, 0, 3, cases[i].what);
			expect_row(&d, "stdin", utc(2024, 1, 4, 0, 0, 0, 0), 1,
			    2, 0.5, 1.5, 9, 0, 4, H_DESC("long line %zu: the "
			    "row after it", cases[i].note));
		} else {
			rd_next(&d);
			CHECK(d.rc != PE_OK && d.rc != 1 && d.rc != PE_ERR_DATA &&
			    d.err.line == 3 && strcmp(d.err.msg,
			    "line longer than 1 MiB") == 0, "%s (line 3, \"line "
			    "longer than 1 MiB\"): rc %d, line %ld, msg \"%s\"",
			    cases[i].what, d.rc, d.rc == PE_OK ? d.row.line :
			    d.err.line, d.err.msg);
			if (d.rc != PE_OK) {
				int rc = d.rc;

				rd_next(&d);
				CHECK(d.rc == rc, "long line %zu: calling again "
				    "returns the same error (rc %d)",
				    cases[i].note, d.rc);
			}
		}
		rd_close(&d);
		free(s);
	}
	/* The same in JSONL. */
	{
		static const char head[] = "{\"time\":\"2024-01-02\",\"open\":1,"
		    "\"high\":2,\"low\":0.5,\"close\":1.5,\"x\":\"";
		size_t n = (3 << 20);
		char *j = malloc(sizeof head + n + 4);

		if (j != NULL) {
			memcpy(j, head, sizeof head - 1);
			memset(j + sizeof head - 1, 'x', n);
			memcpy(j + sizeof head - 1 + n, "\"}\n", 3);
			if (rd_open_n(&d, j, sizeof head - 1 + n + 3, "t.jsonl",
			    NULL) == 0) {
				rd_next(&d);
				CHECK(d.rc != PE_OK && d.rc != 1 && d.err.line == 1 &&
				    strcmp(d.err.msg, "line longer than 1 MiB") ==
				    0, "JSONL line of 3 MiB: an error, not a crash "
				    "(rc %d, \"%s\")", d.rc, d.err.msg);
				rd_close(&d);
			}
			free(j);
		}
	}
}

/*
 * With skip_long (pe-stream's feeds), a line over 1 MiB is a bad row of
 * its own, PE_BAD_LONG at its line, and the rows after it are read: in
 * CSV (the 1 MiB + 1000-byte and 3 MiB rows of long_row), in JSONL, when
 * it is the last line without a line feed, and when a CR of a CRLF ends
 * the buffer's first 1 MiB.  The header is still the end.
 */
static void
test_skip_long(void)
{
	static const struct pe_read_opts skip = { .skip_long = 1 };
	static const size_t body[] = { (1 << 20) + 1000, 3 << 20 };
	static const char row[] = "{\"time\":\"2024-01-0%d\",\"open\":1,"
	    "\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":%d}\n";
	size_t i, len, n, cap = (5 << 20) + 4096;
	struct rd d;
	char *s, *j;

	for (i = 0; i < sizeof body / sizeof body[0]; i++) {
		if ((s = long_row(body[i], &len)) == NULL)
			continue;
		if (rd_open_n(&d, s, len, "t.csv", &skip) == 0) {
			expect_row(&d, "stdin", utc(2024, 1, 2, 0, 0, 0, 0), 1,
			    2, 0.5, 1.5, 7, 0, 2, H_DESC("skip_long, CSV row "
			    "of %zu bytes: the row before it", body[i]));
			expect_bad(&d, PE_BAD_LONG, "line longer than 1 MiB", 3,
			    H_DESC("skip_long, CSV row of %zu bytes: a bad row",
			    body[i]));
			expect_row(&d, "stdin", utc(2024, 1, 4, 0, 0, 0, 0), 1,
			    2, 0.5, 1.5, 9, 0, 4, H_DESC("skip_long, CSV row "
			    "of %zu bytes: the row after it", body[i]));
			rd_close(&d);
		}
		free(s);
	}
	if ((j = malloc(cap)) == NULL)
		return;
	/* JSONL: a long line between two, then one ended by a lone CR (the
	 * last byte of the first 1 MiB read), then a long last line without
	 * its line feed. */
	n = (size_t)snprintf(j, cap, row, 1, 1);
	memset(j + n, ' ', 2 << 20);
	n += 2 << 20;
	j[n++] = '\n';
	n += (size_t)snprintf(j + n, cap - n, row, 2, 2);
	memset(j + n, 'x', (1 << 20) - 1);
	n += (1 << 20) - 1;
	j[n++] = '\r';
	n += (size_t)snprintf(j + n, cap - n, row, 3, 3);
	memset(j + n, 'y', (1 << 20) + 5);
	n += (1 << 20) + 5;
	if (rd_open_n(&d, j, n, "t.jsonl", &skip) == 0) {
		expect_row(&d, "stdin", utc(2024, 1, 1, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 1, 0, 1, "skip_long, JSONL: the line before a 2 MiB "
		    "one");
		expect_bad(&d, PE_BAD_LONG, "line longer than 1 MiB", 2,
		    "skip_long, JSONL: the 2 MiB line is a bad row");
		expect_row(&d, "stdin", utc(2024, 1, 2, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 2, 0, 3, "skip_long, JSONL: the line after it");
		expect_bad(&d, PE_BAD_LONG, "line longer than 1 MiB", 4,
		    "skip_long, JSONL: a long line ended by a lone CR");
		expect_row(&d, "stdin", utc(2024, 1, 3, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, 3, 0, 5, "skip_long, JSONL: the line after the CR");
		expect_bad(&d, PE_BAD_LONG, "line longer than 1 MiB", 6,
		    "skip_long, JSONL: a long last line without its line feed");
		rd_next(&d);
		CHECK(d.rc == 1, "skip_long, JSONL: then the end (rc %d)",
		    d.rc);
		rd_close(&d);
	}
	/* A header over 1 MiB is still the end. */
	memset(j, 'h', (2 << 20));
	memcpy(j + (2 << 20), "\n2024-01-02,1,2,0.5,1.5,7\n", 26);
	if (rd_open_n(&d, j, (2 << 20) + 26, "t.csv", &skip) == 0) {
		rd_next(&d);
		CHECK(d.rc == PE_ERR_IO && d.err.line == 1 && strcmp(d.err.msg,
		    "line longer than 1 MiB") == 0, "skip_long: a header over "
		    "1 MiB is an error (rc %d, line %ld, \"%s\")", d.rc,
		    d.err.line, d.err.msg);
		rd_close(&d);
	}
	free(j);
}

/* ---- bounded memory over a long stream ---- */

struct gen {
	long i, n;
	char line[128];
	size_t len, pos;
};

static ssize_t
gen_read(void *cookie, char *buf, size_t size)
{
	struct gen *g = cookie;
	size_t done_n = 0, k;

	while (done_n < size) {
		if (g->pos == g->len) {
			if (g->i > g->n)
				break;
			if (g->i == 0)
				g->len = (size_t)snprintf(g->line, sizeof g->line,
				    "symbol,time,open,high,low,close,volume\n");
			else
				g->len = (size_t)snprintf(g->line, sizeof g->line,
				    "S%ld,%ld,%ld.25,%ld.5,%ld,%ld.375,%ld\n",
				    g->i % 7, 1700000000L + g->i * 60, g->i,
				    g->i, g->i, g->i, g->i * 3);
			g->pos = 0;
			g->i++;
		}
		k = g->len - g->pos;
		if (k > size - done_n)
			k = size - done_n;
		memcpy(buf + done_n, g->line + g->pos, k);
		g->pos += k;
		done_n += k;
	}
	return (ssize_t)done_n;
}

static void
test_stream(void)
{
	cookie_io_functions_t io = { gen_read, NULL, NULL, NULL };
	struct gen g;
	struct pe_reader *r;
	struct pe_row row;
	struct pe_error err;
	enum pe_bad kind;
	struct agg a;
	FILE *fp;
	long n = 0, want = 200000;
	size_t base = 0, peak = 0, cur;
	int rc, measure = getenv("PE_ASAN") == NULL;
	char sym[16];

	memset(&g, 0, sizeof g);
	memset(&a, 0, sizeof a);
	g.n = want;
	if ((fp = fopencookie(&g, "r", io)) == NULL) {
		CHECK(0, "fopencookie");
		return;
	}
	r = pe_reader_new(fp, "gen", NULL);
	if (!CHECK(r != NULL, "stream: reader"))
		goto out;
	while ((rc = pe_reader_next(r, &row, &kind, &err)) == PE_OK) {
		n++;
		a.total++;
		snprintf(sym, sizeof sym, "S%ld", n % 7);
		if (row.c.time != (1700000000LL + n * 60) * 1000 ||
		    row.c.open != (double)n + 0.25 ||
		    row.c.high != (double)n + 0.5 ||
		    row.c.low != (double)n || row.c.close != (double)n + 0.375 ||
		    row.c.volume != (double)(n * 3) || row.line != n + 1 ||
		    strcmp(row.symbol, sym) != 0)
			agg_fail(&a, "row %ld: time %" PRId64 ", line %ld, %s",
			    n, row.c.time, row.line, row.symbol);
		if (measure && n % 1000 == 0) {
			struct mallinfo2 mi = mallinfo2();

			cur = mi.uordblks + mi.hblkhd;
			if (n == 1000)
				base = cur;
			else if (cur > peak)
				peak = cur;
		}
	}
	CHECK(rc == 1 && n == want, "stream: 200,000 rows from a generated "
	    "FILE (got %ld, rc %d)", n, rc);
	CHECK_AGG(a, "stream: every row's values, line and symbol");
	if (measure)
		CHECK(peak <= base + 64 * 1024, "stream: heap in use stays "
		    "bounded (at row 1000: %zu bytes, peak after: %zu)", base,
		    peak);
	else
		h_report(1, __FILE__, __LINE__, NULL, "stream: heap in use "
		    "stays bounded # skip PE_ASAN set");
	pe_reader_free(r);
out:
	fclose(fp);
}

/* ---- JSONL ---- */

static void
test_jsonl(void)
{
	const char *in =
	    "{\"symbol\":\"AAPL\",\"time\":\"2024-01-02\",\"open\":1,"
	    "\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":1000}\n"	/* 1 */
	    "{\"symbol\":\"AAPL\",\"time\":\"2024-01-02T09:30:00Z\","
	    "\"open\":\"1.25\",\"high\":\" 2.5 \",\"low\":\"0.1\","
	    "\"close\":\"2\",\"volume\":\"7\"}\n"			/* 2 */
	    "\n"							/* 3 */
	    "{\"time\":1704187800000,\"open\":0.1,\"high\":0.3,"
	    "\"low\":0.07,\"close\":0.2,\"volume\":0}\n"		/* 4 */
	    "{\"time\":1704187800,\"open\":1,\"high\":2,\"low\":0.5,"
	    "\"close\":1.5,\"volume\":null}\n"				/* 5 */
	    "{\"time\":20240102,\"open\":1,\"high\":2,\"low\":0.5,"
	    "\"close\":1.5}\n"						/* 6 */
	    "{\"time\":1704187800.5,\"open\":1,\"high\":2,\"low\":0.5,"
	    "\"close\":1.5,\"volume\":1e3}\n"				/* 7 */
	    "{\"time\":\"2024-01-02\",\"open\":1,\"high\":2,"
	    "\"low\":0.5}\n"						/* 8 */
	    "{\"time\":\"2024-01-02\",\"open\":1,\n"			/* 9 */
	    "[1,2,3]\n"							/* 10 */
	    "42\n"							/* 11 */
	    "{\"time\":\"2024-01-02\",\"open\":1,\"high\":2,\"low\":0.5,"
	    "\"close\":1.5,\"close\":1.5}\n"				/* 12 */
	    "{\"time\":\"2024-01-02\",\"open\":1,\"high\":2,\"low\":0.5,"
	    "\"close\":1.5,\"C\":1.5}\n"				/* 13 */
	    "{\"time\":\"2024-01-02\",\"open\":{\"x\":1},\"high\":2,"
	    "\"low\":0.5,\"close\":1.5}\n"				/* 14 */
	    "{\"time\":\"2024-01-02\",\"open\":1,\"high\":[2],"
	    "\"low\":0.5,\"close\":1.5}\n"				/* 15 */
	    "{\"time\":\"2024-01-02\",\"open\":1,\"high\":2,"
	    "\"low\":true,\"close\":1.5}\n"				/* 16 */
	    "{\"time\":{\"t\":1},\"open\":1,\"high\":2,"
	    "\"low\":0.5,\"close\":1.5}\n"				/* 17 */
	    "{\"symbol\":123,\"time\":\"2024-01-03\",\"open\":1,"
	    "\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":5}\n"	/* 18 */
	    "{\"Ticker\":\"T\",\"Date\":\"2024-01-04\",\"O\":1,\"H\":2,"
	    "\"L\":0.5,\"C\":1.5,\"Vol\":6,\"other\":[1,{}]}\n"	/* 19 */
	    "{\"symbol\":null,\"time\":\"2024-01-02\",\"open\":1,"
	    "\"high\":2,\"low\":0.5,\"close\":1.5}\n"			/* 20 */
	    "{\"time\":\"2024-01-02\",\"open\":1,\"high\":2,"
	    "\"low\":0.5,\"close\":null}\n"				/* 21 */
	    "{\"time\":\"2024-01-02\",\"open\":1,\"high\":1,"
	    "\"low\":0.5,\"close\":1.5}\n"				/* 22 */
	    "{\"date\":\"2024-01-05\",\"time\":\"10:00\",\"open\":1,"
	    "\"high\":2,\"low\":0.5,\"close\":1.5}\r\n"		/* 23 */
	    "  {\"time\":-86400,\"open\":1,\"high\":2,"
	    "\"low\":0.5,\"close\":1.5}";				/* 24 */
	struct rd d;
	struct pe_read_opts o;
	int64_t t0 = (int64_t)1704187800 * 1000;
	int col = -1, len = 0, i;

	if (!CHECK(rd_open_n(&d, in, strlen(in), "t.jsonl", NULL) == 0,
	    "jsonl: reader"))
		return;
	expect_row(&d, "AAPL", utc(2024, 1, 2, 0, 0, 0, 0), 1, 2, 0.5, 1.5,
	    1000, 0, 1, "jsonl: numbers, date string");
	CHECK(pe_reader_has_symbol(d.r) == 1 && d.row.has_volume == 1,
	    "jsonl: has_symbol 1, has_volume 1 after a symbol key");
	expect_row(&d, "AAPL", utc(2024, 1, 2, 9, 30, 0, 0), 1.25, 2.5, 0.1,
	    2, 7, 1, 2, "jsonl: numeric strings (blanks ignored)");
	expect_row(&d, "stdin", t0, 0.1, 0.3, 0.07, 0.2, 0, 1, 4,
	    "jsonl: integer epoch ms, after a blank line: line 4; no symbol "
	    "key: stdin");
	expect_row(&d, "stdin", t0, 1, 2, 0.5, 1.5, NAN, 1, 5,
	    "jsonl: integer epoch seconds, null volume is NaN");
	expect_row(&d, "stdin", utc(2024, 1, 2, 0, 0, 0, 0), 1, 2, 0.5, 1.5,
	    NAN, 0, 6, "jsonl: 8-digit integer is a date, no volume key");
	expect_row(&d, "stdin", t0 + 500, 1, 2, 0.5, 1.5, 1000, 1, 7,
	    "jsonl: real epoch seconds 1704187800.5");
	expect_bad(&d, PE_BAD_NUMBER, "missing close", 8,
	    "jsonl: missing close");
	rd_next(&d);
	if (d.rc == PE_ERR_DATA)
		sscanf(d.err.msg, "invalid JSON at column %d: %n", &col, &len);
	CHECK(d.rc == PE_ERR_DATA && d.bad == PE_BAD_JSON &&
	    d.err.line == 9 && col > 0 && len > 0 && d.err.msg[len] != '\0',
	    "jsonl: truncated object: bad JSON, \"invalid JSON at column N: "
	    "...\" (rc %d, bad %d, line %ld, \"%s\")", d.rc, (int)d.bad,
	    d.err.line, d.err.msg);
	expect_bad(&d, PE_BAD_JSON, "not a JSON object", 10,
	    "jsonl: an array line");
	rd_next(&d);
	CHECK(d.rc == PE_ERR_DATA && d.bad == PE_BAD_JSON &&
	    d.err.line == 11 && strncmp(d.err.msg, "invalid JSON at column ",
	    23) == 0, "jsonl: a bare number line: bad JSON (rc %d, bad %d, "
	    "\"%s\")", d.rc, (int)d.bad, d.err.msg);
	rd_next(&d);
	CHECK(d.rc == PE_ERR_DATA && d.bad == PE_BAD_JSON &&
	    d.err.line == 12 && strncmp(d.err.msg, "invalid JSON at column ",
	    23) == 0, "jsonl: duplicate key: bad JSON (rc %d, bad %d, "
	    "\"%s\")", d.rc, (int)d.bad, d.err.msg);
	expect_bad(&d, PE_BAD_JSON, "two keys for close", 13,
	    "jsonl: close and its alias C");
	rd_next(&d);
	CHECK(d.rc == PE_ERR_DATA && d.bad == PE_BAD_NUMBER &&
	    d.err.line == 14, "jsonl: an object as open: bad number (rc %d, "
	    "bad %d, \"%s\")", d.rc, (int)d.bad, d.err.msg);
	rd_next(&d);
	CHECK(d.rc == PE_ERR_DATA && d.bad == PE_BAD_NUMBER &&
	    d.err.line == 15, "jsonl: an array as high: bad number (rc %d, "
	    "bad %d, \"%s\")", d.rc, (int)d.bad, d.err.msg);
	rd_next(&d);
	CHECK(d.rc == PE_ERR_DATA && d.bad == PE_BAD_NUMBER &&
	    d.err.line == 16, "jsonl: a boolean as low: bad number (rc %d, "
	    "bad %d, \"%s\")", d.rc, (int)d.bad, d.err.msg);
	rd_next(&d);
	CHECK(d.rc == PE_ERR_DATA && d.bad == PE_BAD_TIME &&
	    d.err.line == 17, "jsonl: an object as time: bad time (rc %d, "
	    "bad %d, \"%s\")", d.rc, (int)d.bad, d.err.msg);
	expect_row(&d, "123", utc(2024, 1, 3, 0, 0, 0, 0), 1, 2, 0.5, 1.5, 5,
	    0, 18, "jsonl: symbol as a number");
	expect_row(&d, "T", utc(2024, 1, 4, 0, 0, 0, 0), 1, 2, 0.5, 1.5, 6,
	    0, 19, "jsonl: aliases as keys, case-insensitive; other keys "
	    "ignored");
	expect_bad(&d, PE_BAD_SYMBOL, "empty symbol", 20,
	    "jsonl: null symbol");
	expect_bad(&d, PE_BAD_NUMBER, "missing close", 21,
	    "jsonl: null close");
	expect_bad(&d, PE_BAD_RANGE, "high 1 is below max(open, close) 1.5",
	    22, "jsonl: high below close");
	expect_row(&d, "stdin", utc(2024, 1, 5, 10, 0, 0, 0), 1, 2, 0.5, 1.5,
	    NAN, 1, 23, "jsonl: date and time keys joined, CRLF");
	expect_row(&d, "stdin", -86400000LL, 1, 2, 0.5, 1.5, NAN, 1, 24,
	    "jsonl: negative epoch seconds, leading blanks, no final "
	    "newline");
	expect_eof(&d, "jsonl: end");
	rd_close(&d);

	/* Values that are neither number nor string as a symbol; NUL bytes
	 * inside strings. */
	if (rd_open(&d, "{\"symbol\":true,\"time\":\"2024-01-02\",\"open\":1,"
	    "\"high\":2,\"low\":0.5,\"close\":1.5}\n"
	    "{\"symbol\":[\"A\"],\"time\":\"2024-01-02\",\"open\":1,"
	    "\"high\":2,\"low\":0.5,\"close\":1.5}\n"
	    "{\"symbol\":\"A\\u0000B\",\"time\":\"2024-01-02\",\"open\":1,"
	    "\"high\":2,\"low\":0.5,\"close\":1.5}\n"
	    "{\"time\":\"2024-01-02\",\"open\":\"1\\u0000\",\"high\":2,"
	    "\"low\":0.5,\"close\":1.5}\n"
	    "{\"time\":\"2024-01-02\\u0000\",\"open\":1,\"high\":2,"
	    "\"low\":0.5,\"close\":1.5}\n"
	    "{\"symbol\":\"OK\",\"time\":\"2024-01-03\",\"open\":1,"
	    "\"high\":2,\"low\":0.5,\"close\":1.5}\n", NULL) == 0) {
		rd_next(&d);
		CHECK(d.rc == PE_ERR_DATA && d.bad == PE_BAD_SYMBOL &&
		    d.err.line == 1, "jsonl: symbol true is a bad symbol (rc %d, "
		    "bad %d, symbol \"%s\")", d.rc, (int)d.bad,
		    d.rc == PE_OK ? d.row.symbol : d.err.msg);
		rd_next(&d);
		CHECK(d.rc == PE_ERR_DATA && d.bad == PE_BAD_SYMBOL &&
		    d.err.line == 2, "jsonl: symbol [\"A\"] is a bad symbol (rc "
		    "%d, bad %d, symbol \"%s\")", d.rc, (int)d.bad,
		    d.rc == PE_OK ? d.row.symbol : d.err.msg);
		/* jansson refuses \u0000 (no JSON_ALLOW_NUL): bad JSON. */
		for (i = 3; i <= 5; i++) {
			rd_next(&d);
			CHECK(d.rc == PE_ERR_DATA && d.bad == PE_BAD_JSON &&
			    d.err.line == (long)i && strncmp(d.err.msg,
			    "invalid JSON at column ", 23) == 0, "jsonl: \\u0000 "
			    "inside a string (line %d) is bad JSON (rc %d, bad "
			    "%d, \"%s\")", i, d.rc, (int)d.bad, d.err.msg);
		}
		expect_row(&d, "OK", utc(2024, 1, 3, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, NAN, 0, 6, "jsonl: good row after them");
		rd_close(&d);
	}

	/* A syntax error inside a line: its 1-based column. */
	if (rd_open(&d, "{\"a\":1 x}\n", NULL) == 0) {
		rd_next(&d);
		CHECK(d.rc == PE_ERR_DATA && d.bad == PE_BAD_JSON &&
		    d.err.line == 1 && strncmp(d.err.msg, "invalid JSON at "
		    "column 8: ", 26) == 0, "jsonl: {\"a\":1 x}: \"invalid JSON "
		    "at column 8: ...\" (rc %d, \"%s\")", d.rc, d.err.msg);
		rd_close(&d);
	}

	/* A first line that is invalid JSON: the reader goes on. */
	if (rd_open(&d, "{\"time\":\n{\"time\":\"2024-01-02\",\"open\":1,"
	    "\"high\":2,\"low\":0.5,\"close\":1.5}\n", NULL) == 0) {
		rd_next(&d);
		CHECK(d.rc == PE_ERR_DATA && d.bad == PE_BAD_JSON &&
		    d.err.line == 1, "jsonl: a bad first line is a data error "
		    "(rc %d, \"%s\")", d.rc, d.err.msg);
		expect_row(&d, "stdin", utc(2024, 1, 2, 0, 0, 0, 0), 1, 2, 0.5,
		    1.5, NAN, 0, 2, "jsonl: the row after a bad first line");
		rd_close(&d);
	}
	/* BOM before JSONL; opts.symbol; adjusted. */
	memset(&o, 0, sizeof o);
	o.symbol = "OPT";
	o.adjusted = 1;
	if (rd_open(&d, "\xef\xbb\xbf{\"time\":\"2024-01-02\",\"open\":4,"
	    "\"high\":8,\"low\":2,\"close\":4,\"adj close\":2}\n"
	    "{\"time\":\"2024-01-03\",\"open\":4,\"high\":8,\"low\":2,"
	    "\"close\":4}\n"
	    "{\"time\":\"2024-01-04\",\"open\":4,\"high\":8,\"low\":2,"
	    "\"close\":4,\"adjclose\":\"1\"}\n", &o) == 0) {
		expect_row(&d, "OPT", utc(2024, 1, 2, 0, 0, 0, 0), 2, 4, 1, 2,
		    NAN, 0, 1, "jsonl: BOM, opts.symbol, adjusted");
		CHECK(pe_reader_has_symbol(d.r) == 0,
		    "jsonl: has_symbol 0 without symbol keys");
		expect_bad(&d, PE_BAD_NUMBER, "missing adj close (--adjusted)",
		    2, "jsonl: adjusted without an adj close key");
		expect_row(&d, "OPT", utc(2024, 1, 4, 0, 0, 0, 0), 1, 2, 0.5, 1,
		    NAN, 0, 3, "jsonl: adjusted with adj close as a string");
		rd_close(&d);
	}
}

/* ---- writer ---- */

struct out {
	char *buf;
	size_t len;
	FILE *fp;
};

static struct pe_series *
mk_series(const char *sym, const struct pe_candle *c, size_t n, int has_tod)
{
	struct pe_series *s = pe_series_new(sym);
	size_t i;

	for (i = 0; s != NULL && i < n; i++)
		if (pe_series_push(s, &c[i], has_tod) != PE_OK) {
			pe_series_free(s);
			return NULL;
		}
	return s;
}

/* Write s[i0..i1) (or header only when s NULL) and return the bytes. */
static char *
write_out(const struct pe_series *const *sv, size_t ns, size_t i0,
    size_t i1, enum pe_format fmt, int with_symbol, size_t *len)
{
	struct pe_writer *w;
	struct pe_error err;
	char *buf = NULL;
	size_t n = 0, k;
	FILE *fp;
	int rc;

	if ((fp = open_memstream(&buf, &n)) == NULL)
		return NULL;
	if ((w = pe_writer_new(fp, fmt, with_symbol)) == NULL) {
		fclose(fp);
		free(buf);
		return NULL;
	}
	rc = pe_writer_header(w, &err);
	for (k = 0; k < ns && rc == PE_OK; k++)
		rc = pe_writer_series(w, sv[k], i0, i1 == (size_t)-1 ?
		    sv[k]->n : i1, &err);
	if (pe_writer_free(w, &err) != PE_OK)
		rc = PE_ERR_IO;
	fclose(fp);
	if (rc != PE_OK) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

static void
test_writer(void)
{
	struct pe_candle c[3] = {
		{ 0, 1, 2, 0.5, 1.5, 1000 },
		{ 0, 1.5, 2.5, 1.25, 2, NAN },
		{ 0, 0.1, 1e20, 1e-7, 123456.789, 0 },
	};
	struct pe_series *sd, *st, *sq, *sc;
	const struct pe_series *sv[2];
	struct rd d;
	enum pe_format fmt;
	char *s;
	size_t n;

	c[0].time = utc(2024, 1, 2, 0, 0, 0, 0);
	c[1].time = utc(2024, 1, 3, 0, 0, 0, 0);
	c[2].time = utc(2024, 1, 4, 0, 0, 0, 0);
	sd = mk_series("AAPL", c, 3, 0);
	sc = mk_series("A,\"B", c, 2, 0);
	c[0].time = utc(2024, 1, 2, 9, 30, 0, 0);
	c[1].time = utc(2024, 1, 2, 9, 30, 0, 250);
	c[2].time = utc(2024, 1, 2, 0, 0, 0, 0);
	st = mk_series("AAPL", c, 3, 1);
	sq = mk_series("Q\"\\S", c, 2, 1);
	if (!CHECK(sd && sc && st && sq, "writer: series made"))
		goto out;

	CHECK(pe_format_parse("csv", &fmt) == 0 && fmt == PE_FMT_CSV &&
	    pe_format_parse("jsonl", &fmt) == 0 && fmt == PE_FMT_JSONL &&
	    pe_format_parse("json", &fmt) == -1 &&
	    pe_format_parse("CSV", &fmt) == -1, "pe_format_parse");

	sv[0] = sd;
	if ((s = write_out(sv, 1, 0, (size_t)-1, PE_FMT_CSV, 0, &n))) {
		CHECK_STR(s, HDR "2024-01-02,1,2,0.5,1.5,1000\n"
		    "2024-01-03,1.5,2.5,1.25,2,\n"
		    "2024-01-04,0.1,1e+20,1e-07,123456.789,0\n",
		    "writer: CSV without symbol, date only, NaN volume empty");
		free(s);
	}
	if ((s = write_out(sv, 1, 0, (size_t)-1, PE_FMT_CSV, 1, &n))) {
		CHECK_STR(s, "symbol," HDR "AAPL,2024-01-02,1,2,0.5,1.5,1000\n"
		    "AAPL,2024-01-03,1.5,2.5,1.25,2,\n"
		    "AAPL,2024-01-04,0.1,1e+20,1e-07,123456.789,0\n",
		    "writer: CSV with symbol column");
		free(s);
	}
	if ((s = write_out(sv, 1, 1, 2, PE_FMT_CSV, 0, &n))) {
		CHECK_STR(s, HDR "2024-01-03,1.5,2.5,1.25,2,\n",
		    "writer: candles i0..i1-1 only");
		free(s);
	}
	if ((s = write_out(sv, 0, 0, 0, PE_FMT_JSONL, 1, &n))) {
		CHECK(n == 0, "writer: JSONL header writes nothing (%zu "
		    "bytes)", n);
		free(s);
	}
	sv[0] = sc;
	if ((s = write_out(sv, 1, 0, (size_t)-1, PE_FMT_CSV, 1, &n))) {
		CHECK_STR(s, "symbol," HDR
		    "\"A,\"\"B\",2024-01-02,1,2,0.5,1.5,1000\n"
		    "\"A,\"\"B\",2024-01-03,1.5,2.5,1.25,2,\n",
		    "writer: RFC 4180 quoting of a symbol with comma and "
		    "quote");
		if (rd_open_n(&d, s, n, "w.csv", NULL) == 0) {
			expect_row(&d, "A,\"B", sc->time[0], 1, 2, 0.5, 1.5,
			    1000, 0, 2, "writer: quoted symbol reads back");
			expect_row(&d, "A,\"B", sc->time[1], 1.5, 2.5, 1.25, 2,
			    NAN, 0, 3, "writer: NaN volume reads back as NaN");
			expect_eof(&d, "writer: quoted symbol: end");
			rd_close(&d);
		}
		free(s);
	}
	sv[0] = st;
	if ((s = write_out(sv, 1, 0, (size_t)-1, PE_FMT_CSV, 0, &n))) {
		CHECK_STR(s, HDR "2024-01-02T09:30:00Z,1,2,0.5,1.5,1000\n"
		    "2024-01-02T09:30:00.250Z,1.5,2.5,1.25,2,\n"
		    "2024-01-02T00:00:00Z,0.1,1e+20,1e-07,123456.789,0\n",
		    "writer: full times, .sss only when not zero");
		free(s);
	}
	sv[0] = sq;
	if ((s = write_out(sv, 1, 0, (size_t)-1, PE_FMT_JSONL, 0, &n))) {
		CHECK_STR(s, "{\"symbol\":\"Q\\\"\\\\S\",\"time\":"
		    "\"2024-01-02T09:30:00Z\",\"open\":1,\"high\":2,"
		    "\"low\":0.5,\"close\":1.5,\"volume\":1000}\n"
		    "{\"symbol\":\"Q\\\"\\\\S\",\"time\":"
		    "\"2024-01-02T09:30:00.250Z\",\"open\":1.5,\"high\":2.5,"
		    "\"low\":1.25,\"close\":2,\"volume\":null}\n",
		    "writer: JSONL escaping of quote and backslash, null "
		    "volume, symbol always present");
		if (rd_open_n(&d, s, n, "w.jsonl", NULL) == 0) {
			expect_row(&d, "Q\"\\S", sq->time[0], 1, 2, 0.5, 1.5,
			    1000, 1, 1, "writer: JSONL reads back");
			expect_row(&d, "Q\"\\S", sq->time[1], 1.5, 2.5, 1.25, 2,
			    NAN, 1, 2, "writer: JSONL null volume reads back");
			expect_eof(&d, "writer: JSONL: end");
			rd_close(&d);
		}
		free(s);
	}
	sv[0] = sd;
	if ((s = write_out(sv, 1, 0, 1, PE_FMT_JSONL, 0, &n))) {
		CHECK_STR(s, "{\"symbol\":\"AAPL\",\"time\":\"2024-01-02\","
		    "\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,"
		    "\"volume\":1000}\n", "writer: JSONL date only");
		free(s);
	}
	/* Two series, one after the other, read back by symbol. */
	sv[0] = sd;
	sv[1] = sc;
	if ((s = write_out(sv, 2, 0, (size_t)-1, PE_FMT_CSV, 1, &n))) {
		if (rd_open_n(&d, s, n, "w.csv", NULL) == 0) {
			expect_row(&d, "AAPL", sd->time[0], 1, 2, 0.5, 1.5,
			    1000, 0, 2, "writer: two series: first");
			rd_next(&d);
			rd_next(&d);
			expect_row(&d, "A,\"B", sc->time[0], 1, 2, 0.5, 1.5,
			    1000, 0, 5, "writer: two series: second");
			rd_close(&d);
		}
		free(s);
	}
	/* A control character in a symbol given by another caller. */
	{
		struct pe_series *sx = mk_series("a\x01" "b", c, 1, 1);

		sv[0] = sx;
		if (sx != NULL && (s = write_out(sv, 1, 0, 1, PE_FMT_JSONL, 0,
		    &n))) {
			CHECK(strncmp(s, "{\"symbol\":\"a\\u0001b\",", 21) == 0,
			    "writer: control character escaped as \\u0001 "
			    "(%.30s)", s);
			free(s);
		}
		pe_series_free(sx);
	}
	/* A 200-byte symbol survives a round trip. */
	{
		char sym[201];
		struct pe_series *sl;

		memset(sym, 'L', 200);
		sym[200] = '\0';
		sl = mk_series(sym, c, 1, 1);
		sv[0] = sl;
		if (sl != NULL && (s = write_out(sv, 1, 0, 1, PE_FMT_CSV, 1,
		    &n))) {
			if (rd_open_n(&d, s, n, "w.csv", NULL) == 0) {
				expect_row(&d, sym, c[0].time, 1, 2, 0.5, 1.5,
				    1000, 1, 2, "writer: a 200-byte symbol round "
				    "trip");
				rd_close(&d);
			}
			free(s);
		}
		pe_series_free(sl);
	}
	/* Write errors. */
	{
		struct pe_writer *w;
		struct pe_error err;
		FILE *fp;
		int rc;

		if ((fp = fopen("/dev/full", "w")) != NULL) {
			w = pe_writer_new(fp, PE_FMT_CSV, 1);
			/* stdio buffers: the error shows at the flush. */
			rc = w ? pe_writer_header(w, &err) : -1;
			if (rc == PE_OK && w != NULL)
				rc = pe_writer_series(w, sd, 0, sd->n, &err);
			pe_error_clear(&err);
			errno = 0;
			rc = pe_writer_free(w, &err);
			CHECK(rc == PE_ERR_IO && err.code == PE_ERR_IO &&
			    errno == ENOSPC, "writer: free on /dev/full: "
			    "PE_ERR_IO, errno ENOSPC kept (rc %d, errno %d)", rc,
			    errno);
			fclose(fp);
		}
		CHECK(pe_writer_free(NULL, NULL) == PE_OK,
		    "writer: pe_writer_free(NULL)");
	}
out:
	pe_series_free(sd);
	pe_series_free(st);
	pe_series_free(sq);
	pe_series_free(sc);
}

/* A random double with all 53 bits of mantissa, in about [2^e, 2^e+1). */
static double
rand_full(int e)
{
	uint64_t m = (rng() >> 11) | (1ULL << 52);

	return ldexp((double)m, e - 52);
}

static double
rand_price(void)
{
	switch (rng() % 8) {
	case 0: case 1: case 2:
		return (double)(rng() % 100000000 + 1) / 100.0;
	case 3:
		return (double)(rng() % 1000 + 1) / 100.0;
	case 4: case 5:
		return rand_full((int)(rng() % 40) - 10);
	case 6:
		return rand_full((int)(rng() % 2000) - 1000);
	default:
		return (double)(rng() % 1000000);
	}
}

static void
test_round_trip(void)
{
	static const struct {
		enum pe_format fmt;
		int with_symbol;
		const char *sym;
		int has_tod;
	} cases[] = {
		{ PE_FMT_CSV, 0, "RT", 1 },
		{ PE_FMT_CSV, 1, "A,\"B c", 1 },
		{ PE_FMT_JSONL, 0, "Q\"\\S", 1 },
		{ PE_FMT_JSONL, 1, "\xc3\xa9", 1 },
		{ PE_FMT_CSV, 1, "DAY", 0 },
		{ PE_FMT_JSONL, 1, "DAY", 0 },
	};
	enum { N = 10000 };
	struct pe_candle *cs = malloc(N * sizeof *cs);
	const struct pe_series *sv[1];
	struct pe_series *s;
	struct pe_read_opts o;
	struct agg a;
	struct rd d;
	size_t i, k, n, got;
	int64_t t;
	char *buf;

	if (!CHECK(cs != NULL, "round trip: memory"))
		return;
	for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		t = cases[k].has_tod ? -2208988800000LL +
		    (int64_t)(rng() % 1000000) : -2208988800000LL;
		for (i = 0; i < N; i++) {
			double o1 = rand_price(), c1 = rand_price(), hi, lo;

			if (cases[k].has_tod)
				t += 1 + (int64_t)(rng() % 1000000000ULL);
			else
				t += PE_MS_PER_DAY * (int64_t)(1 + rng() % 10);
			hi = o1 > c1 ? o1 : c1;
			lo = o1 < c1 ? o1 : c1;
			cs[i].time = t;
			cs[i].open = o1;
			cs[i].close = c1;
			cs[i].high = rng() % 3 ? hi + rand_price() : hi;
			cs[i].low = rng() % 3 ? lo * (0.5 + (double)(rng() %
			    1000) / 2000.0) : lo;
			switch (rng() % 4) {
			case 0: cs[i].volume = NAN; break;
			case 1: cs[i].volume = (double)(rng() % 10000000); break;
			case 2: cs[i].volume = rand_price(); break;
			default: cs[i].volume = 0; break;
			}
			if (!isfinite(cs[i].high))
				cs[i].high = hi;
		}
		s = mk_series(cases[k].sym, cs, N, cases[k].has_tod);
		if (s == NULL)
			continue;
		sv[0] = s;
		buf = write_out(sv, 1, 0, N, cases[k].fmt, cases[k].with_symbol,
		    &n);
		memset(&a, 0, sizeof a);
		memset(&o, 0, sizeof o);
		o.symbol = cases[k].sym;
		got = 0;
		if (buf != NULL && rd_open_n(&d, buf, n, "rt", &o) == 0) {
			while (rd_next(&d) != 1) {
				const struct pe_candle *w;
				const struct pe_candle *g = &d.row.c;

				a.total++;
				if (d.rc != PE_OK) {
					agg_fail(&a, "row %zu: rc %d: %s", got,
					    d.rc, d.err.msg);
					if (d.rc != PE_ERR_DATA)
						break;
					got++;
					continue;
				}
				if (got >= N) {
					agg_fail(&a, "extra row %zu", got);
					break;
				}
				w = &cs[got];
				if (g->time != w->time ||
				    !same_dbl(g->open, w->open) ||
				    !same_dbl(g->high, w->high) ||
				    !same_dbl(g->low, w->low) ||
				    !same_dbl(g->close, w->close) ||
				    !same_dbl(g->volume, w->volume) ||
				    d.row.has_tod != cases[k].has_tod ||
				    strcmp(d.row.symbol, cases[k].sym) != 0)
					agg_fail(&a, "row %zu: got {%" PRId64
					    " %.17g %.17g %.17g %.17g %.17g %s}, "
					    "wrote {%" PRId64 " %.17g %.17g "
					    "%.17g %.17g %.17g}", got, g->time,
					    g->open, g->high, g->low, g->close,
					    g->volume, d.row.symbol, w->time,
					    w->open, w->high, w->low, w->close,
					    w->volume);
				got++;
			}
			rd_close(&d);
		}
		if (got != N)
			agg_fail(&a, "read %zu rows of %d", got, (int)N);
		CHECK_AGG(a, "round trip of %d random candles: %s%s, %s, "
		    "symbol '%s': every candle bitwise equal", (int)N,
		    cases[k].fmt == PE_FMT_CSV ? "CSV" : "JSONL",
		    cases[k].with_symbol ? " with symbol" : "",
		    cases[k].has_tod ? "full times" : "date only",
		    cases[k].sym);
		free(buf);
		pe_series_free(s);
	}
	free(cs);
}

/* ---- pe_load_path, pe_load_symbol_of ---- */

static char *
write_temp(const char *dir, const char *name, const char *content)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *path = malloc(n);
	FILE *fp;

	if (path == NULL)
		return NULL;
	snprintf(path, n, "%s/%s", dir, name);
	if ((fp = fopen(path, "w")) == NULL) {
		free(path);
		return NULL;
	}
	fputs(content, fp);
	if (fclose(fp) != 0) {
		unlink(path);
		free(path);
		return NULL;
	}
	return path;
}

static void
test_load(void)
{
	static const char csv[] =
	    "symbol,time,open,high,low,close,volume\n"	/* 1 */
	    "A,2024-01-02,1,2,0.5,1.5,10\n"		/* 2 */
	    "A,2024-01-03,1,2,0.5,1.5\n"			/* 3 fields */
	    "B,2024-01-02,1,2,0.5,1.5,10\n"		/* 4 */
	    "B,bad,1,2,0.5,1.5,10\n"			/* 5 time */
	    "B,2024-01-04,x,2,0.5,1.5,10\n"		/* 6 number */
	    "A,2024-01-05,1,0.5,0.5,1.5,10\n"		/* 7 range */
	    ",2024-01-06,1,2,0.5,1.5,10\n"		/* 8 symbol */
	    "A,2024-01-07,1,2,0.5,1.5,-1\n"		/* 9 range */
	    "B,2024-01-08,1,2,0.5,1.5,10\n"		/* 10 */
	    "A,2024-01-09,1,2,0.5,1.5,11\n";		/* 11 */
	static const char jsonl[] =
	    "{\"time\":\"2024-01-02\",\"open\":1,\"high\":2,\"low\":0.5,"
	    "\"close\":1.5}\n"
	    "{bad\n"
	    "[]\n"
	    "{\"time\":\"2024-01-03\",\"open\":1,\"high\":2,\"low\":0.5,"
	    "\"close\":1.5}\n";
	char tmpl[] = "/tmp/pe_test_candle.XXXXXX", sym[64];
	static const char unsorted[] =
	    "symbol,time,open,high,low,close,volume\n"
	    "A,2024-01-02,1,2,0.5,1.5,10\n"
	    "B,2024-01-01,1,2,0.5,1.5,10\n"
	    "A,2024-01-01,1,2,0.5,1.5,10\n";
	char *dir, *p_csv = NULL, *p_json = NULL, *p_empty = NULL;
	char *p_uns = NULL;
	struct pe_read_opts o;
	struct pe_error err;
	struct pe_set *set;
	size_t bad[PE_BAD_NKINDS], i;
	int rc, has;

	/* pe_load_symbol_of. */
	CHECK_STR(pe_load_symbol_of("data/AAPL.csv", sym, sizeof sym), "AAPL",
	    "symbol_of data/AAPL.csv");
	CHECK_STR(pe_load_symbol_of("x.tar.gz", sym, sizeof sym), "x.tar",
	    "symbol_of x.tar.gz");
	CHECK_STR(pe_load_symbol_of(".hidden", sym, sizeof sym), ".hidden",
	    "symbol_of .hidden");
	CHECK_STR(pe_load_symbol_of("-", sym, sizeof sym), "stdin",
	    "symbol_of -");
	CHECK_STR(pe_load_symbol_of("noext", sym, sizeof sym), "noext",
	    "symbol_of noext");
	CHECK_STR(pe_load_symbol_of("a.b/c", sym, sizeof sym), "c",
	    "symbol_of a.b/c (a dot in the directory)");
	CHECK_STR(pe_load_symbol_of("/x/y/.env.csv", sym, sizeof sym), ".env",
	    "symbol_of /x/y/.env.csv");
	CHECK(pe_load_symbol_of("data/AAPL.csv", sym, 3) == sym &&
	    strcmp(sym, "AA") == 0, "symbol_of truncates to the buffer "
	    "(\"%s\")", sym);

	/* A missing path. */
	set = pe_set_new();
	if (!CHECK(set != NULL, "load: set"))
		return;
	memset(bad, 0, sizeof bad);
	pe_error_clear(&err);
	has = 7;
	rc = pe_load_path("/nonexistent-pe-dir/none.csv", NULL, set, 0, bad,
	    &has, &err);
	CHECK(rc == PE_ERR_IO && err.code == PE_ERR_IO &&
	    strcmp(err.msg, "No such file or directory") == 0 &&
	    strcmp(err.path, "/nonexistent-pe-dir/none.csv") == 0 &&
	    set->n == 0, "load: a missing path is PE_ERR_IO \"No such file or "
	    "directory\" (rc %d, \"%s\", path \"%s\")", rc, err.msg,
	    err.path);
	pe_set_free(set);

	if ((dir = mkdtemp(tmpl)) == NULL) {
		CHECK(0, "mkdtemp: %s", strerror(errno));
		return;
	}
	p_csv = write_temp(dir, "AAPL.csv", csv);
	p_json = write_temp(dir, "MSFT.jsonl", jsonl);
	p_empty = write_temp(dir, "EMPTY.csv", "");
	p_uns = write_temp(dir, "UNS.csv", unsorted);
	if (!CHECK(p_csv && p_json && p_empty && p_uns, "load: temp files"))
		goto out;

	/* skip_bad: counts per kind, added to. */
	set = pe_set_new();
	for (i = 0; i < PE_BAD_NKINDS; i++)
		bad[i] = 100;
	has = -1;
	rc = pe_load_path(p_csv, NULL, set, 1, bad, &has, &err);
	CHECK(rc == PE_OK, "load --skip-bad: PE_OK (rc %d, \"%s\")", rc,
	    err.msg);
	CHECK(bad[PE_BAD_FIELDS] == 101 && bad[PE_BAD_TIME] == 101 &&
	    bad[PE_BAD_NUMBER] == 101 && bad[PE_BAD_RANGE] == 102 &&
	    bad[PE_BAD_SYMBOL] == 101 && bad[PE_BAD_JSON] == 100,
	    "load --skip-bad: counts added per kind (fields %zu time %zu "
	    "number %zu range %zu symbol %zu json %zu)", bad[PE_BAD_FIELDS],
	    bad[PE_BAD_TIME], bad[PE_BAD_NUMBER], bad[PE_BAD_RANGE],
	    bad[PE_BAD_SYMBOL], bad[PE_BAD_JSON]);
	CHECK(has == 1, "load: has_symbol 1 (%d)", has);
	CHECK(set->n == 2 && strcmp(set->v[0]->symbol, "A") == 0 &&
	    set->v[0]->n == 2 && strcmp(set->v[1]->symbol, "B") == 0 &&
	    set->v[1]->n == 2 && set->v[0]->time[1] == utc(2024, 1, 9, 0, 0,
	    0, 0) && set->v[1]->time[1] == utc(2024, 1, 8, 0, 0, 0, 0) &&
	    set->v[0]->date_only == 1 && set->v[0]->has_volume == 1,
	    "load: rows into the series of their symbol, in input order");
	pe_set_free(set);

	/* Strict: the first bad row stops the read. */
	set = pe_set_new();
	memset(bad, 0, sizeof bad);
	pe_error_clear(&err);
	rc = pe_load_path(p_csv, NULL, set, 0, bad, &has, &err);
	CHECK(rc == PE_ERR_DATA && err.line == 3 &&
	    strcmp(err.path, p_csv) == 0 &&
	    strcmp(err.msg, "expected 7 fields, found 6") == 0 &&
	    set->n == 1 && set->v[0]->n == 1, "load strict: PE_ERR_DATA at "
	    "line 3 naming the path (rc %d, line %ld, \"%s\")", rc, err.line,
	    err.msg);
	pe_set_free(set);

	/* JSONL with the file's default symbol. */
	set = pe_set_new();
	memset(bad, 0, sizeof bad);
	memset(&o, 0, sizeof o);
	o.symbol = pe_load_symbol_of(p_json, sym, sizeof sym);
	rc = pe_load_path(p_json, &o, set, 1, bad, &has, &err);
	CHECK(rc == PE_OK && bad[PE_BAD_JSON] == 2 && set->n == 1 &&
	    strcmp(set->v[0]->symbol, "MSFT") == 0 && set->v[0]->n == 2 &&
	    has == 0 && set->v[0]->has_volume == 0,
	    "load JSONL --skip-bad: 2 bad JSON, symbol MSFT from the file "
	    "name (rc %d, json %zu, has %d)", rc, bad[PE_BAD_JSON], has);
	pe_set_free(set);

	/* sorted: a time not after its symbol's last stops the read. */
	set = pe_set_new();
	memset(bad, 0, sizeof bad);
	memset(&o, 0, sizeof o);
	o.sorted = 1;
	pe_error_clear(&err);
	rc = pe_load_path(p_uns, &o, set, 1, bad, &has, &err);
	CHECK(rc == PE_ERR_DATA && err.line == 4 &&
	    strcmp(err.path, p_uns) == 0 && strcmp(err.msg, "A: times not "
	    "increasing at 2024-01-01 (run pe-load first)") == 0 &&
	    set->n == 2 && set->v[0]->n == 1, "load sorted: PE_ERR_DATA at "
	    "line 4 naming the symbol (rc %d, line %ld, \"%s\")", rc,
	    err.line, err.msg);
	pe_set_free(set);
	set = pe_set_new();
	o.sorted = 0;
	rc = pe_load_path(p_uns, &o, set, 0, bad, &has, &err);
	CHECK(rc == PE_OK && set->n == 2 && set->v[0]->n == 2,
	    "load unsorted without sorted: the rows as they come (rc %d)",
	    rc);
	pe_set_free(set);

	/* An empty file: a format error. */
	set = pe_set_new();
	rc = pe_load_path(p_empty, NULL, set, 1, bad, &has, &err);
	CHECK(rc == PE_ERR_FORMAT && set->n == 0, "load: an empty file is "
	    "PE_ERR_FORMAT (rc %d, \"%s\")", rc, err.msg);
	pe_set_free(set);
out:
	if (p_csv)
		unlink(p_csv);
	if (p_json)
		unlink(p_json);
	if (p_empty)
		unlink(p_empty);
	if (p_uns)
		unlink(p_uns);
	free(p_csv);
	free(p_json);
	free(p_empty);
	free(p_uns);
	rmdir(dir);
}

int
main(void)
{
	test_canonical();
	test_headers();
	test_line_ends();
	test_bad_rows();
	test_format_errors();
	test_long_lines();
	test_skip_long();
	test_stream();
	test_jsonl();
	test_writer();
	test_round_trip();
	test_load();
	return done();
}
