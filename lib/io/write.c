/*
 * write.c: the candle writer.  See pe_candle.h.
 *
 * Rows are formatted straight into the writer's buffer, which goes to
 * the FILE in blocks of about 64 KiB, so a row costs no stdio call.
 *
 * Bloat: no column selection, no other number formats than pe_num's
 * shortest round trip, no time zones other than UTC in the output.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pe_candle.h"
#include "pe_num.h"
#include "pe_time.h"

struct pe_writer {
	FILE *fp;
	enum pe_format fmt;
	int with_symbol;
	char *buf;
	size_t len;
	char sym[PE_SYMBOL_ENCMAX];	/* the symbol, encoded */
	size_t symlen;
};

#define WBUF (1 << 16)
#define ROW_MAX 1700	/* a row's bytes at most: symbol + 6 values */

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

int
pe_writer_header(struct pe_writer *w, struct pe_error *err)
{
	static const char h[] = "time,open,high,low,close,volume\n";

	if (w->fmt != PE_FMT_CSV)
		return PE_OK;
	if (w->with_symbol) {
		memcpy(w->buf + w->len, "symbol,", 7);
		w->len += 7;
	}
	memcpy(w->buf + w->len, h, sizeof h - 1);
	w->len += sizeof h - 1;
	return wflush(w, err);
}

static char *
put_num(char *p, double v, int json)
{
	if (isnan(v) && json) {
		memcpy(p, "null", 4);
		return p + 4;
	}
	return p + pe_num_format(v, p);
}

static char *
put_str(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

static char *
csv_row(struct pe_writer *w, char *p, const struct pe_series *s, size_t i)
{
	if (w->with_symbol) {
		p = put_str(p, w->sym, w->symlen);
		*p++ = ',';
	}
	p += pe_time_format(s->time[i], s->date_only, p);
	*p++ = ',';
	p = put_num(p, s->open[i], 0);
	*p++ = ',';
	p = put_num(p, s->high[i], 0);
	*p++ = ',';
	p = put_num(p, s->low[i], 0);
	*p++ = ',';
	p = put_num(p, s->close[i], 0);
	*p++ = ',';
	p = put_num(p, s->volume[i], 0);
	*p++ = '\n';
	return p;
}

static char *
json_row(struct pe_writer *w, char *p, const struct pe_series *s, size_t i)
{
	p = put_str(p, "{\"symbol\":", 10);
	p = put_str(p, w->sym, w->symlen);
	p = put_str(p, ",\"time\":\"", 9);
	p += pe_time_format(s->time[i], s->date_only, p);
	p = put_str(p, "\",\"open\":", 9);
	p = put_num(p, s->open[i], 1);
	p = put_str(p, ",\"high\":", 8);
	p = put_num(p, s->high[i], 1);
	p = put_str(p, ",\"low\":", 7);
	p = put_num(p, s->low[i], 1);
	p = put_str(p, ",\"close\":", 9);
	p = put_num(p, s->close[i], 1);
	p = put_str(p, ",\"volume\":", 10);
	p = put_num(p, s->volume[i], 1);
	p = put_str(p, "}\n", 2);
	return p;
}

int
pe_writer_series(struct pe_writer *w, const struct pe_series *s, size_t i0,
    size_t i1, struct pe_error *err)
{
	size_t i;
	char *p;

	w->symlen = pe_symbol_encode(s->symbol, w->fmt == PE_FMT_JSONL,
	    w->sym);
	for (i = i0; i < i1; i++) {
		if (w->len + ROW_MAX > WBUF && wflush(w, err) != PE_OK)
			return PE_ERR_IO;
		p = w->buf + w->len;
		p = w->fmt == PE_FMT_CSV ? csv_row(w, p, s, i) :
		    json_row(w, p, s, i);
		w->len = (size_t)(p - w->buf);
	}
	return PE_OK;
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
	free(w);
	return rc;
}
