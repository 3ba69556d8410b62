/*
 * test_writer.c: the candle writer's extra numeric columns
 * (pe_writer_columns, pe_writer_series_cols: pe-indicators' output) and
 * pe_writer_drain.  The writer's candle rows themselves are test_candle's.
 *
 * Expected bytes are written out in full: pe-indicators' output is
 * pinned by tests/pe-indicators.bats, and these are the same rules.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "pe_candle.h"

#define HDR "time,open,high,low,close,volume"

/* Two daily bars of sym, the second without volume. */
static struct pe_series *
two_bars(const char *sym)
{
	struct pe_candle c[2] = {
		{ 0, 1, 2, 0.5, 1.5, 1000 },
		{ 0, 1.5, 2.5, 1.25, 2, NAN },
	};
	struct pe_series *s = pe_series_new(sym);
	int i;

	c[0].time = utc(2024, 1, 2, 0, 0, 0, 0);
	c[1].time = utc(2024, 1, 3, 0, 0, 0, 0);
	for (i = 0; s != NULL && i < 2; i++)
		if (pe_series_push(s, &c[i], 0) != PE_OK) {
			pe_series_free(s);
			return NULL;
		}
	return s;
}

/* The header and s[0..n) with columns names[0..nc) valued cols, as a
 * string (NULL when anything failed). */
static char *
write_cols(const struct pe_series *s, enum pe_format fmt, int with_symbol,
    const char *const *names, size_t nc, const double *const *cols)
{
	struct pe_writer *w = NULL;
	struct pe_error err;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	int rc = PE_ERR_NOMEM;

	if (fp != NULL && (w = pe_writer_new(fp, fmt, with_symbol)) != NULL &&
	    (rc = pe_writer_columns(w, names, nc, &err)) == PE_OK &&
	    (rc = pe_writer_header(w, &err)) == PE_OK)
		rc = pe_writer_series_cols(w, s, 0, s->n, cols, &err);
	if (pe_writer_free(w, &err) != PE_OK)
		rc = PE_ERR_IO;
	if (fp != NULL)
		fclose(fp);
	if (rc == PE_OK)
		return buf;
	free(buf);
	return NULL;
}

static void
test_columns(const struct pe_series *s)
{
	static const char *const names[] = { "sma_2", "macd_12_26_9_hist" };
	static const double a[] = { NAN, 1.75 }, b[] = { INFINITY, -0.125 };
	const double *cols[] = { a, b };
	char *out;

	out = write_cols(s, PE_FMT_CSV, 1, names, 2, cols);
	CHECK_STR(out, "symbol," HDR ",sma_2,macd_12_26_9_hist\n"
	    "AAPL,2024-01-02,1,2,0.5,1.5,1000,,inf\n"
	    "AAPL,2024-01-03,1.5,2.5,1.25,2,,1.75,-0.125\n",
	    "CSV: names after volume; NaN an empty cell");
	free(out);
	out = write_cols(s, PE_FMT_JSONL, 0, names, 2, cols);
	CHECK_STR(out, "{\"symbol\":\"AAPL\",\"time\":\"2024-01-02\","
	    "\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":1000,"
	    "\"sma_2\":null,\"macd_12_26_9_hist\":null}\n"
	    "{\"symbol\":\"AAPL\",\"time\":\"2024-01-03\",\"open\":1.5,"
	    "\"high\":2.5,\"low\":1.25,\"close\":2,\"volume\":null,"
	    "\"sma_2\":1.75,\"macd_12_26_9_hist\":-0.125}\n",
	    "JSONL: keys after volume; NaN and infinity null");
	free(out);
	out = write_cols(s, PE_FMT_CSV, 0, names, 2, NULL);
	CHECK_STR(out, HDR ",sma_2,macd_12_26_9_hist\n"
	    "2024-01-02,1,2,0.5,1.5,1000,,\n2024-01-03,1.5,2.5,1.25,2,,,\n",
	    "no values given: NaN");
	free(out);
	out = write_cols(s, PE_FMT_CSV, 0, names, 0, cols);
	CHECK_STR(out, HDR "\n2024-01-02,1,2,0.5,1.5,1000\n"
	    "2024-01-03,1.5,2.5,1.25,2,\n", "no columns: the plain rows");
	free(out);
}

/* Names that need quoting in CSV and escaping in JSON. */
static void
test_names(const struct pe_series *s)
{
	static const char *const names[] = { "a,b", "q\"k" };
	static const double v[] = { 1, 2 };
	const double *cols[] = { v, v };
	char *out;

	out = write_cols(s, PE_FMT_CSV, 0, names, 2, cols);
	CHECK(out != NULL && strncmp(out, HDR ",\"a,b\",\"q\"\"k\"\n",
	    strlen(HDR) + 14) == 0, "CSV header cells quoted: %.60s", out);
	free(out);
	out = write_cols(s, PE_FMT_JSONL, 0, names, 2, cols);
	CHECK(out != NULL && strstr(out, "\"volume\":1000,\"a,b\":1,"
	    "\"q\\\"k\":1}\n") != NULL, "JSON keys escaped: %.120s", out);
	free(out);
}

/* Rows far longer than the writer's 64 KiB buffer. */
static void
test_wide(const struct pe_series *s)
{
	enum { N = 3000 };
	static char name[N][40];
	static const char *names[N];
	static double v[N][2];
	static const double *cols[N];
	char *out, *p;
	size_t i, commas = 0;

	for (i = 0; i < N; i++) {
		snprintf(name[i], sizeof name[i], "column_%zu_with_a_long_name",
		    i);
		names[i] = name[i];
		v[i][0] = (double)i + 0.5;
		v[i][1] = -(double)i;
		cols[i] = v[i];
	}
	out = write_cols(s, PE_FMT_JSONL, 0, names, N, cols);
	CHECK(out != NULL, "3000 columns written");
	if (out == NULL)
		return;
	for (p = out; *p != '\0'; p++)
		commas += *p == ',';
	CHECK(commas == 2 * (6 + N), "every value there: %zu commas",
	    commas);
	CHECK(strstr(out, "\"column_2999_with_a_long_name\":-2999}\n") !=
	    NULL && strstr(out, "\"column_0_with_a_long_name\":0.5,") != NULL,
	    "first and last columns in place");
	free(out);
}

/* pe_writer_drain hands rows to the FILE but leaves them in its buffer;
 * pe_writer_flush makes them reach the file. */
static void
test_drain(const struct pe_series *s)
{
	static char big[1 << 20];
	struct pe_writer *w;
	struct pe_error err;
	char got[64];
	int fd[2], rc;
	FILE *fp;

	if (!CHECK(pipe(fd) == 0, "pipe"))
		return;
	fcntl(fd[0], F_SETFL, O_NONBLOCK);
	fp = fdopen(fd[1], "w");
	setvbuf(fp, big, _IOFBF, sizeof big);
	w = pe_writer_new(fp, PE_FMT_CSV, 0);
	pe_writer_series(w, s, 0, s->n, &err);
	rc = pe_writer_drain(w, &err);
	errno = 0;
	CHECK(rc == PE_OK && read(fd[0], got, sizeof got) == -1 &&
	    errno == EAGAIN, "drain: nothing on the pipe yet");
	rc = pe_writer_flush(w, &err);
	CHECK(rc == PE_OK && read(fd[0], got, sizeof got) == 55 &&
	    memcmp(got, "2024-01-02,1,2,0.5,1.5,1000\n", 28) == 0,
	    "flush: the rows arrive");
	pe_writer_free(w, &err);
	fclose(fp);
	close(fd[0]);
}

int
main(void)
{
	struct pe_series *s = two_bars("AAPL");

	if (!CHECK(s != NULL, "series made"))
		return done();
	test_columns(s);
	test_names(s);
	test_wide(s);
	test_drain(s);
	pe_series_free(s);
	return done();
}
