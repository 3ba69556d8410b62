/*
 * test_writer.c: the candle writer's extra numeric columns
 * (pe_writer_columns, pe_writer_series_cols: pe-indicators' output), its
 * numbers to a number of places (pe_writer_digits) and pe_writer_drain.  The writer's candle rows themselves are test_candle's.
 *
 * Expected bytes are written out in full: pe-indicators' output is
 * pinned by tests/pe-indicators.bats, and these are the same rules.
 */
#include <errno.h>
#include <float.h>
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

/* The header and s[0..n) with columns names[0..nc) valued cols, numbers
 * to digits places (set before the columns when early, else after), as a
 * string (NULL when anything failed). */
static char *
write_digits(const struct pe_series *s, enum pe_format fmt, int with_symbol,
    const char *const *names, size_t nc, const double *const *cols,
    int digits, int early)
{
	struct pe_writer *w = NULL;
	struct pe_error err;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	int rc = PE_ERR_NOMEM;

	if (fp != NULL && (w = pe_writer_new(fp, fmt, with_symbol)) != NULL &&
	    (!early || (rc = pe_writer_digits(w, digits, &err)) == PE_OK) &&
	    (rc = pe_writer_columns(w, names, nc, &err)) == PE_OK &&
	    (early || (rc = pe_writer_digits(w, digits, &err)) == PE_OK) &&
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

static char *
write_cols(const struct pe_series *s, enum pe_format fmt, int with_symbol,
    const char *const *names, size_t nc, const double *const *cols)
{
	return write_digits(s, fmt, with_symbol, names, nc, cols,
	    PE_NUM_SHORTEST, 0);
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

/* Bars of float noise, ties and a negative that rounds to zero. */
static struct pe_series *
noisy_bars(void)
{
	struct pe_candle c[2] = {
		{ 0, 186.44430618401208, 2.675, 0.125, 26.263999999999982,
		    1e20 },
		{ 0, 1.5, 2.5, -0.004, 2.9999, NAN },
	};
	struct pe_series *s = pe_series_new("X");
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

static void
test_digits(void)
{
	static const char *const names[] = { "sma_20", "d" };
	static const double a[] = { 26.263999999999982, NAN },
	    b[] = { -0.0001, INFINITY };
	const double *cols[] = { a, b };
	struct pe_series *s = noisy_bars();
	char *out;

	if (!CHECK(s != NULL, "noisy bars made"))
		return;
	out = write_digits(s, PE_FMT_CSV, 0, names, 2, cols, 2, 0);
	CHECK_STR(out, HDR ",sma_20,d\n"
	    "2024-01-02,186.44,2.67,0.12,26.26,100000000000000000000,26.26,0\n"
	    "2024-01-03,1.5,2.5,0,3,,,inf\n",
	    "CSV to 2 places: candles and columns, NaN still empty");
	free(out);
	out = write_digits(s, PE_FMT_JSONL, 0, names, 2, cols, 3, 1);
	CHECK_STR(out, "{\"symbol\":\"X\",\"time\":\"2024-01-02\","
	    "\"open\":186.444,\"high\":2.675,\"low\":0.125,\"close\":26.264,"
	    "\"volume\":100000000000000000000,\"sma_20\":26.264,\"d\":0}\n"
	    "{\"symbol\":\"X\",\"time\":\"2024-01-03\",\"open\":1.5,"
	    "\"high\":2.5,\"low\":-0.004,\"close\":3,\"volume\":null,"
	    "\"sma_20\":null,\"d\":null}\n",
	    "JSONL to 3 places (set before the columns): NaN and inf null");
	free(out);
	out = write_digits(s, PE_FMT_CSV, 0, names, 0, cols, 0, 1);
	CHECK_STR(out, HDR "\n2024-01-02,186,3,0,26,100000000000000000000\n"
	    "2024-01-03,2,2,0,3,\n", "0 places: 1.5 and 2.5 to even");
	free(out);
	out = write_digits(s, PE_FMT_CSV, 0, names, 2, cols, PE_NUM_SHORTEST,
	    0);
	CHECK_STR(out, HDR ",sma_20,d\n2024-01-02,186.44430618401208,2.675,"
	    "0.125,26.26399999999998,1e+20,26.26399999999998,-0.0001\n"
	    "2024-01-03,1.5,2.5,-0.004,2.9999,,,inf\n",
	    "PE_NUM_SHORTEST: the shortest round trip");
	free(out);
	pe_series_free(s);
}

/* The longest numbers (-DBL_MAX has 309 digits) in every cell of rows of
 * many columns: the buffer is sized for them, set early or late. */
static void
test_digits_long(void)
{
	enum { NC = 60, NB = 300 };
	static char name[NC][8];
	static const char *names[NC];
	static double v[NB];
	static const double *cols[NC];
	struct pe_candle c = { 0, -DBL_MAX, -DBL_MAX, -DBL_MAX, -DBL_MAX,
	    -DBL_MAX };
	struct pe_series *s = pe_series_new("L");
	char *out, *p, *nl;
	size_t i, bad = 0, rows = 0, len = 310 * (5 + NC) + NC + 5 + 10 + 1;
	int early;

	for (i = 0; i < NC; i++) {
		snprintf(name[i], sizeof name[i], "c%zu", i);
		names[i] = name[i];
		cols[i] = v;
	}
	for (i = 0; s != NULL && i < NB; i++) {
		v[i] = -DBL_MAX;
		c.time = utc(2024, 1, 1, 0, 0, 0, 0) + (int64_t)i * 86400000;
		if (pe_series_push(s, &c, 0) != PE_OK)
			break;
	}
	if (!CHECK(s != NULL && s->n == NB, "%d bars made", NB))
		goto out;
	for (early = 0; early < 2; early++) {
		out = write_digits(s, PE_FMT_CSV, 0, names, NC, cols, 17,
		    early);
		rows = bad = 0;
		for (p = out ? strchr(out, '\n') + 1 : NULL; p && *p; p = nl
		    + 1, rows++) {
			nl = strchr(p, '\n');
			bad += (size_t)(nl - p) + 1 != len || p[11] != '-';
		}
		CHECK(out != NULL && rows == NB &&
		    bad == 0, "%d rows of %d numbers of 310 bytes (places set "
		    "%s): %zu rows, %zu bad", NB, 5 + NC, early ? "first" :
		    "last", rows, bad);
		free(out);
	}
out:
	pe_series_free(s);
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
	test_digits();
	test_digits_long();
	pe_series_free(s);
	return done();
}
