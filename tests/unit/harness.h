/*
 * harness.h: a tiny header-only unit-test harness speaking the lines
 * scripts/run-tests counts.
 *
 * Each check prints one line, "ok N - description" or
 * "not ok N - description: detail (file:line)", and flushes it (so a crash
 * loses nothing).  done() prints the plan "1..N" and returns the exit
 * status: 1 when any check failed, else 0.  A loop over many values is one
 * check: record failures in a struct agg (agg_fail keeps the first one's
 * text and counts the rest), then CHECK_AGG reports them on one line.
 *
 *	CHECK(cond, "fmt", ...)		a condition; the detail is its text
 *	CHECK_EQ_I64(got, want, "fmt", ...)
 *	CHECK_EQ_DBL(got, want, "fmt", ...)	bitwise equality
 *	CHECK_STR(got, want, "fmt", ...)	NULL-safe strcmp
 *	CHECK_AGG(agg, "fmt", ...)
 *	return done();
 *
 * Also: rng() (xorshift64*, seed in rng_state), utc() (timegm in ms),
 * same_bits() and same_dbl() (bitwise, the latter with NaN == NaN).
 * Everything here is static (inline, so an unused helper does not warn).
 * Bloat: no fixtures, no skipping, no timing, no forking.
 */
#ifndef PE_TEST_HARNESS_H
#define PE_TEST_HARNESS_H

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* xorshift64*: deterministic sweeps; a test may set its own seed first. */
static uint64_t rng_state = 0x2545f4914f6cdd1dULL;

static inline uint64_t
rng(void)
{
	uint64_t x = rng_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/* The UTC instant of a civil date and time, by timegm(3), in ms. */
static inline int64_t
utc(int y, int mo, int d, int h, int mi, int s, int ms)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return (int64_t)timegm(&tm) * 1000 + ms;
}

/* Bitwise equality of doubles (so -0 differs from 0). */
static inline int
same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

/* Bitwise equality, with any NaN equal to any NaN. */
static inline int
same_dbl(double a, double b)
{
	return (isnan(a) && isnan(b)) || same_bits(a, b);
}

struct h_state {
	long n, failed;
};

static inline struct h_state *
h_state(void)
{
	static struct h_state st;

	return &st;
}

/*
 * Report one check.  detail (a printf format for the failure's detail, may
 * be NULL) is used only when ok is 0; desc is a printf format and its
 * arguments for the description.
 */
/* Print s with control characters escaped, so a check stays one line. */
static inline void
h_puts(const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n')
			fputs("\\n", stdout);
		else if (c == '\t')
			fputs("\\t", stdout);
		else if (c < 0x20 || c == 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
}

static inline int
h_report(int ok, const char *file, int line, const char *detail,
    const char *desc, ...) __attribute__((format(printf, 5, 6)));

static inline int
h_report(int ok, const char *file, int line, const char *detail,
    const char *desc, ...)
{
	struct h_state *st = h_state();
	char buf[512];
	va_list ap;

	st->n++;
	if (!ok)
		st->failed++;
	printf("%s %ld - ", ok ? "ok" : "not ok", st->n);
	va_start(ap, desc);
	vsnprintf(buf, sizeof buf, desc, ap);
	va_end(ap);
	h_puts(buf);
	if (!ok) {
		fputs(": ", stdout);
		h_puts(detail ? detail : "failed");
		printf(" (%s:%d)", file, line);
	}
	putchar('\n');
	fflush(stdout);
	return ok;
}

#define CHECK(cond, ...) \
	h_report(!!(cond), __FILE__, __LINE__, "false: " #cond, __VA_ARGS__)

static inline int
h_eq_i64(int64_t got, int64_t want, const char *file, int line,
    const char *desc)
{
	char d[128];

	snprintf(d, sizeof d, "got %" PRId64 ", expected %" PRId64, got,
	    want);
	return h_report(got == want, file, line, d, "%s", desc);
}

static inline int
h_eq_dbl(double got, double want, const char *file, int line,
    const char *desc)
{
	char d[160];

	snprintf(d, sizeof d, "got %.17g (%a), expected %.17g (%a)", got,
	    got, want, want);
	return h_report(memcmp(&got, &want, sizeof got) == 0, file, line, d,
	    "%s", desc);
}

static inline int
h_str(const char *got, const char *want, const char *file, int line,
    const char *desc)
{
	char d[256];
	int ok;

	if (got == NULL || want == NULL)
		ok = got == want;
	else
		ok = strcmp(got, want) == 0;
	snprintf(d, sizeof d, "got %s%s%s, expected %s%s%s",
	    got ? "\"" : "", got ? got : "NULL", got ? "\"" : "",
	    want ? "\"" : "", want ? want : "NULL", want ? "\"" : "");
	return h_report(ok, file, line, d, "%s", desc);
}

/* Format a description into a buffer for the helpers above. */
static inline const char *
h_desc(char *buf, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static inline const char *
h_desc(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return buf;
}

#define H_DESC(...) h_desc((char[256]){0}, 256, __VA_ARGS__)

#define CHECK_EQ_I64(got, want, ...) \
	h_eq_i64((int64_t)(got), (int64_t)(want), __FILE__, __LINE__, \
	    H_DESC(__VA_ARGS__))
#define CHECK_EQ_DBL(got, want, ...) \
	h_eq_dbl((got), (want), __FILE__, __LINE__, H_DESC(__VA_ARGS__))
#define CHECK_STR(got, want, ...) \
	h_str((got), (want), __FILE__, __LINE__, H_DESC(__VA_ARGS__))

/* Failures of one aggregated check: how many, and the first one's text. */
struct agg {
	long fails, total;
	char first[256];
};

static inline void
agg_fail(struct agg *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static inline void
agg_fail(struct agg *a, const char *fmt, ...)
{
	va_list ap;

	if (a->fails++ == 0) {
		va_start(ap, fmt);
		vsnprintf(a->first, sizeof a->first, fmt, ap);
		va_end(ap);
	}
}

static inline int
h_agg(const struct agg *a, const char *file, int line, const char *desc)
{
	char d[400];

	snprintf(d, sizeof d, "%ld of %ld failed, first: %s", a->fails,
	    a->total, a->first);
	return h_report(a->fails == 0, file, line, d, "%s", desc);
}

#define CHECK_AGG(a, ...) \
	h_agg(&(a), __FILE__, __LINE__, H_DESC(__VA_ARGS__))

static inline int
done(void)
{
	struct h_state *st = h_state();

	printf("1..%ld\n", st->n);
	if (st->failed > 0)
		printf("# %ld of %ld checks failed\n", st->failed, st->n);
	fflush(stdout);
	return st->failed > 0;
}

#endif
