/*
 * write.c: the candle writer.  See pe_candle.h.
 *
 * Rows are formatted straight into the writer's buffer, which goes to
 * the FILE in blocks of about 64 KiB, so a row costs no stdio call.
 *
 * Bloat: no column selection, no other number formats than pe_num's
 * shortest round trip and its fixed places, no time zones other than UTC
 * in the output.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pe_buf.h"
#include "pe_candle.h"
#include "pe_num.h"
#include "pe_time.h"

struct pe_writer {
	FILE *fp;
	enum pe_format fmt;
	int with_symbol;
	char *buf;
	size_t len, cap;
	char sym[PE_SYMBOL_ENCMAX];	/* the symbol, encoded */
	size_t symlen;
	size_t ncols;		/* extra columns (pe_writer_columns) */
	char *head;		/* their CSV header cells, ",a,b" */
	size_t headlen;
	char *keys;		/* JSONL: their keys, ",\"a\":" each, joined */
	size_t *kend;		/* key c ends at keys[kend[c]] */
	size_t row_max;		/* a row's bytes at most */
	int digits;		/* places of numbers, or PE_NUM_SHORTEST */
};

#define WBUF (1 << 16)
/* A row's bytes but its numbers, at most: symbol (PE_SYMBOL_ENCMAX), time
 * and JSON keys come to about 1310. */
#define ROW_TEXT 1540

/* A row's bytes at most, with ncols extra columns whose keys take keylen:
 * a number takes at most num bytes ("null" fewer). */
static size_t
row_bytes(int digits, size_t ncols, size_t keylen)
{
	size_t num = digits < 0 ? PE_NUM_BUFSZ : PE_NUM_DIGITS_BUFSZ;

	return ROW_TEXT + keylen + (5 + ncols) * num;
}

/* Room in the buffer for a row of row_max bytes and a CSV header of head;
 * -1 when out of memory (the buffer is kept). */
static int
grow(struct pe_writer *w, size_t row_max, size_t head)
{
	size_t room = row_max > head + 64 ? row_max : head + 64;
	char *buf;

	if (room <= w->cap)
		return 0;
	if ((buf = realloc(w->buf, room)) == NULL)
		return -1;
	w->buf = buf;
	w->cap = room;
	return 0;
}

int
pe_format_parse(const char *name, enum pe_format *fmt)
{
	if (strcmp(name, "csv") == 0)
		*fmt = PE_FMT_CSV;
	else if (strcmp(name, "jsonl") == 0)
		*fmt = PE_FMT_JSONL;
	else
		return -1;
	return 0;
}

struct pe_writer *
pe_writer_new(FILE *fp, enum pe_format fmt, int with_symbol)
{
	struct pe_writer *w;

	if ((w = calloc(1, sizeof *w)) == NULL)
		return NULL;
	if ((w->buf = malloc(WBUF)) == NULL) {
		free(w);
		return NULL;
	}
	w->cap = WBUF;
	w->digits = PE_NUM_SHORTEST;
	w->row_max = row_bytes(w->digits, 0, 0);
	w->fp = fp;
	w->fmt = fmt;
	w->with_symbol = with_symbol;
	return w;
}

static int
wflush(struct pe_writer *w, struct pe_error *err)
{
	if (w->len > 0 && fwrite(w->buf, 1, w->len, w->fp) != w->len) {
		w->len = 0;
		return pe_error_set(err, PE_ERR_IO, NULL, 0, 0, "write error");
	}
	w->len = 0;
	return PE_OK;
}

/*
 * The extra columns' header cells and JSONL keys, built in head and keys
 * (kend[c]: where key c ends).  Returns 0, or -1 when out of memory.
 */
static int
column_text(const char *const *names, size_t n, struct pe_buf *head,
    struct pe_buf *keys, size_t *kend)
{
	size_t c;
	int rc = 0;

	for (c = 0; c < n; c++) {
		rc |= pe_buf_put(head, ",", 1);
		rc |= pe_buf_csv(head, names[c]);
		rc |= pe_buf_put(keys, ",", 1);
		rc |= pe_buf_json(keys, names[c]);
		rc |= pe_buf_put(keys, ":", 1);
		kend[c] = keys->len;
	}
	return rc != 0 ? -1 : 0;
}

int
pe_writer_columns(struct pe_writer *w, const char *const *names, size_t n,
    struct pe_error *err)
{
	struct pe_buf head = { 0 }, keys = { 0 };
	size_t *kend = malloc((n ? n : 1) * sizeof *kend), row_max;

	if (kend == NULL || column_text(names, n, &head, &keys, kend) != 0)
		goto nomem;
	row_max = row_bytes(w->digits, n, keys.len);
	if (grow(w, row_max, head.len) != 0)
		goto nomem;
	free(w->head);
	free(w->keys);
	free(w->kend);
	w->head = head.p;
	w->headlen = head.len;
	w->keys = keys.p;
	w->kend = kend;
	w->ncols = n;
	w->row_max = row_max;
	return PE_OK;
nomem:
	free(kend);
	free(head.p);
	free(keys.p);
	return pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

int
pe_writer_digits(struct pe_writer *w, int digits, struct pe_error *err)
{
	size_t row_max;

	if (digits > PE_NUM_DIGITS_MAX)
		digits = PE_NUM_DIGITS_MAX;
	row_max = row_bytes(digits, w->ncols, w->ncols ? w->kend[w->ncols -
	    1] : 0);
	if (grow(w, row_max, w->headlen) != 0)
		return pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	w->digits = digits < 0 ? PE_NUM_SHORTEST : digits;
	w->row_max = row_max;
	return PE_OK;
}

int
pe_writer_header(struct pe_writer *w, struct pe_error *err)
{
	static const char h[] = "time,open,high,low,close,volume";

	if (w->fmt != PE_FMT_CSV)
		return PE_OK;
	if (wflush(w, err) != PE_OK)
		return PE_ERR_IO;
	if (w->with_symbol) {
		memcpy(w->buf + w->len, "symbol,", 7);
		w->len += 7;
	}
	memcpy(w->buf + w->len, h, sizeof h - 1);
	w->len += sizeof h - 1;
	if (w->headlen > 0) {
		memcpy(w->buf + w->len, w->head, w->headlen);
		w->len += w->headlen;
	}
	w->buf[w->len++] = '\n';
	return wflush(w, err);
}

/* v at p as pe_writer_digits says. */
static inline char *
put_text(char *p, double v, int digits)
{
	if (digits < 0)
		return p + pe_num_format(v, p);
	return p + pe_num_format_digits(v, digits, p);
}

/* v at p; NaN is null in JSON (an empty cell in CSV). */
static inline char *
put_num(char *p, double v, int json, int digits)
{
	if (isnan(v) && json) {
		memcpy(p, "null", 4);
		return p + 4;
	}
	return put_text(p, v, digits);
}

static char *
put_str(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

/*
 * The row writers take digits and are always inlined, into the two loops
 * of pe_writer_series_cols: in the default's, digits is a constant and
 * its tests fold away.
 */
static inline __attribute__((always_inline)) char *
csv_row(struct pe_writer *w, char *p, const struct pe_series *s, size_t i,
    int digits)
{
	if (w->with_symbol) {
		p = put_str(p, w->sym, w->symlen);
		*p++ = ',';
	}
	p += pe_time_format(s->time[i], s->date_only, p);
	*p++ = ',';
	p = put_num(p, s->open[i], 0, digits);
	*p++ = ',';
	p = put_num(p, s->high[i], 0, digits);
	*p++ = ',';
	p = put_num(p, s->low[i], 0, digits);
	*p++ = ',';
	p = put_num(p, s->close[i], 0, digits);
	*p++ = ',';
	return put_num(p, s->volume[i], 0, digits);
}

static inline __attribute__((always_inline)) char *
json_row(struct pe_writer *w, char *p, const struct pe_series *s, size_t i,
    int digits)
{
	p = put_str(p, "{\"symbol\":", 10);
	p = put_str(p, w->sym, w->symlen);
	p = put_str(p, ",\"time\":\"", 9);
	p += pe_time_format(s->time[i], s->date_only, p);
	p = put_str(p, "\",\"open\":", 9);
	p = put_num(p, s->open[i], 1, digits);
	p = put_str(p, ",\"high\":", 8);
	p = put_num(p, s->high[i], 1, digits);
	p = put_str(p, ",\"low\":", 7);
	p = put_num(p, s->low[i], 1, digits);
	p = put_str(p, ",\"close\":", 9);
	p = put_num(p, s->close[i], 1, digits);
	p = put_str(p, ",\"volume\":", 10);
	return put_num(p, s->volume[i], 1, digits);
}

/*
 * The extra columns' values at bar i (NaN for all without cols): ",v" in
 * CSV (NaN an empty cell), then the key and v in JSONL (not finite:
 * null).
 */
static inline __attribute__((always_inline)) char *
extra_row(const struct pe_writer *w, char *p, const double *const *cols,
    size_t i, int digits)
{
	size_t c, k = 0;
	double v;

	for (c = 0; c < w->ncols; c++) {
		v = cols != NULL ? cols[c][i] : NAN;
		if (w->fmt == PE_FMT_CSV) {
			*p++ = ',';
			p = put_text(p, v, digits);
			continue;
		}
		p = put_str(p, w->keys + k, w->kend[c] - k);
		k = w->kend[c];
		if (isfinite(v))
			p = put_text(p, v, digits);
		else
			p = put_str(p, "null", 4);
	}
	return p;
}

/* Row i of s at p, numbers as digits says; returns its end. */
static inline __attribute__((always_inline)) char *
row(struct pe_writer *w, char *p, const struct pe_series *s, size_t i,
    const double *const *cols, int json, int digits)
{
	p = json ? json_row(w, p, s, i, digits) : csv_row(w, p, s, i, digits);
	if (w->ncols > 0)
		p = extra_row(w, p, cols, i, digits);
	if (json)
		*p++ = '}';
	*p++ = '\n';
	return p;
}

/* Rows i0..i1-1 of s, numbers as digits says. */
static inline __attribute__((always_inline)) int
rows(struct pe_writer *w, const struct pe_series *s, size_t i0, size_t i1,
    const double *const *cols, int digits, struct pe_error *err)
{
	int json = w->fmt == PE_FMT_JSONL;
	size_t i;
	char *p;

	for (i = i0; i < i1; i++) {
		if (w->len + w->row_max > w->cap && wflush(w, err) != PE_OK)
			return PE_ERR_IO;
		p = row(w, w->buf + w->len, s, i, cols, json, digits);
		w->len = (size_t)(p - w->buf);
	}
	return PE_OK;
}

/* The rows with places: a function of its own, so that the default's
 * loop is compiled as if alone. */
static __attribute__((noinline)) int
rows_digits(struct pe_writer *w, const struct pe_series *s, size_t i0,
    size_t i1, const double *const *cols, struct pe_error *err)
{
	return rows(w, s, i0, i1, cols, w->digits, err);
}

int
pe_writer_series_cols(struct pe_writer *w, const struct pe_series *s,
    size_t i0, size_t i1, const double *const *cols, struct pe_error *err)
{
	w->symlen = pe_symbol_encode(s->symbol, w->fmt == PE_FMT_JSONL,
	    w->sym);
	/* The shortest form (the default) with a constant: once inlined it
	 * tests no digits, a row or a number. */
	if (w->digits >= 0)
		return rows_digits(w, s, i0, i1, cols, err);
	return rows(w, s, i0, i1, cols, PE_NUM_SHORTEST, err);
}

int
pe_writer_series(struct pe_writer *w, const struct pe_series *s, size_t i0,
    size_t i1, struct pe_error *err)
{
	return pe_writer_series_cols(w, s, i0, i1, NULL, err);
}

int
pe_writer_drain(struct pe_writer *w, struct pe_error *err)
{
	return wflush(w, err);
}

int
pe_writer_flush(struct pe_writer *w, struct pe_error *err)
{
	if (wflush(w, err) != PE_OK)
		return PE_ERR_IO;
	if (fflush(w->fp) != 0 || ferror(w->fp))
		return pe_error_set(err, PE_ERR_IO, NULL, 0, 0, "write error");
	return PE_OK;
}

int
pe_writer_free(struct pe_writer *w, struct pe_error *err)
{
	int rc;

	if (w == NULL)
		return PE_OK;
	rc = pe_writer_flush(w, err);
	free(w->buf);
	free(w->head);
	free(w->keys);
	free(w->kend);
	free(w);
	return rc;
}
