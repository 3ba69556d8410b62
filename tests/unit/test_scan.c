/*
 * test_scan.c: pe-scan's engine in the library, without the binary: one
 * file through pe_scan_file and pe_scan_take (its exact lines, counts,
 * forward returns, days), the problems of a file (too short, missing, a
 * damaged message), a whole pe_scan_run on the pool (the same text as
 * file by file, in order), the cache over two runs, and pe_stats'
 * figures and summary JSON.
 *
 * Files live in a directory under $TMPDIR (or /tmp), removed at the end.
 */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "pe.h"

static char root[256];

#define HDR "time,open,high,low,close,volume\n"
/* closes 2 4 6 5 8; sma(close,3): -, -, 4, 5, 6.333333333333333 */
#define A_CSV HDR "2024-01-01,2,2,2,2,10\n2024-01-02,3,4,3,4,20\n" \
    "2024-01-03,5,6,5,6,30\n2024-01-04,6,6,5,5,40\n2024-01-05,6,8,6,8,50\n"
#define F "close > sma(close, 3)"
#define A_2 "{\"symbol\":\"A\",\"time\":\"2024-01-03\",\"formula\":\"" F \
    "\",\"type\":\"scan_hit\",\"candle\":{\"open\":5,\"high\":6,\"low\":5," \
    "\"close\":6,\"volume\":30},\"values\":{\"sma(close,3)\":4}}\n"
#define A_4 "{\"symbol\":\"A\",\"time\":\"2024-01-05\",\"formula\":\"" F \
    "\",\"type\":\"scan_hit\",\"candle\":{\"open\":6,\"high\":8,\"low\":6," \
    "\"close\":8,\"volume\":50},\"values\":{\"sma(close,3)\":" \
    "6.333333333333333}}\n"
#define B_SKIP "{\"symbol\":\"B\",\"status\":\"skipped\",\"reason\":" \
    "\"insufficient data (2 bars, formula needs 3)\"}\n"

static void
put(const char *name, const char *text)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", root, name);
	if ((fp = fopen(path, "w")) != NULL) {
		fputs(text, fp);
		fclose(fp);
	}
}

/* root/name, in one of eight buffers used in turn. */
static char *
path_of(const char *name)
{
	static char buf[8][512];
	static int k;

	k = (k + 1) % 8;
	snprintf(buf[k], sizeof buf[k], "%s/%s", root, name);
	return buf[k];
}

static struct pe_plan *
plan_of(const char *text)
{
	struct pe_plan_arg a = { text, 0, PE_PR_SIGNAL };
	struct pe_plan *p = NULL;
	struct pe_error err;
	char **diag = NULL;

	if (pe_plan_build(&a, 1, 0, &p, &diag, &err) != PE_OK)
		p = NULL;
	pe_plan_diags_free(diag);
	return p;
}

static struct pe_scan_conf
conf_of(const struct pe_plan *p)
{
	struct pe_scan_conf c = { .plan = p, .since = INT64_MIN,
	    .until = INT64_MAX };

	return c;
}

/* One file scanned and taken: its text in *text (a new string). */
static int
scan_one(struct pe_scan *sc, struct pe_stats *st, const char *name,
    char **text)
{
	struct pe_buf msg = { 0 };
	const char *t;
	size_t n;
	int rc;

	*text = NULL;
	if (pe_scan_file(sc, path_of(name), &msg) != PE_OK)
		return -1;
	rc = pe_scan_take(st, msg.p, msg.len, &t, &n);
	if (rc == PE_OK && (*text = malloc(n + 1)) != NULL) {
		memcpy(*text, t, n);
		(*text)[n] = '\0';
	}
	free(msg.p);
	return rc;
}

static void
test_file(void)
{
	struct pe_plan *p = plan_of(F);
	struct pe_scan_conf c = conf_of(p);
	struct pe_stats st;
	struct pe_scan *sc = NULL;
	struct pe_error err;
	const struct pe_stats_day *d;
	char *text, why[64];

	c.last = 0;
	c.fwd = 1;
	c.results = 0;
	CHECK(p != NULL && (sc = pe_scan_new(&c, &err)) != NULL &&
	    pe_stats_init(&st, 1, &err) == PE_OK, "scanner and stats");
	CHECK(scan_one(sc, &st, "A.csv", &text) == PE_OK, "A scanned");
	CHECK_STR(text, A_2 A_4, "A's two signal lines, exactly");
	free(text);
	CHECK(st.ok == 1 && st.matches[0] == 2 && st.rets[0].n == 1 &&
	    st.rets[0].v[0] == 5.0 / 6 - 1, "1 ok, 2 matches, one 1-bar "
	    "return 5/6 - 1 (the last signal has no next bar)");
	CHECK(pe_stats_days(&st, 0, &d) == 2 && d[0].day == 19725 &&
	    d[1].day == 19727, "matches on 2024-01-03 and 2024-01-05");
	CHECK_STR(pe_stats_day_text(d[1].day, why), "2024-01-05", "day text");
	CHECK(scan_one(sc, &st, "B.csv", &text) == PE_OK, "B scanned");
	CHECK_STR(text, B_SKIP, "B: skipped, with its reason");
	free(text);
	CHECK(scan_one(sc, &st, "nope.csv", &text) == PE_OK, "nope scanned");
#define NOPE "{\"symbol\":\"nope\",\"status\":\"error\",\"reason\":\""
	snprintf(why, sizeof why, "%s", text ? text : "");
	CHECK(strncmp(why, NOPE, strlen(NOPE)) == 0 && strstr(text,
	    "nope.csv: No such file or directory\"}\n") != NULL,
	    "a missing file: an error line under its base name");
	free(text);
	CHECK(st.ok == 1 && st.skipped == 1 && st.error == 1, "counts");
	pe_scan_free(sc);
	pe_stats_free(&st);
	pe_plan_free(p);
}

static void
test_last_and_bounds(void)
{
	struct pe_plan *p = plan_of(F);
	struct pe_scan_conf c = conf_of(p);
	struct pe_stats st;
	struct pe_scan *sc = NULL;
	struct pe_error err;
	char *text;

	c.last = 1;
	c.until = utc(2024, 1, 3, 23, 59, 59, 999);
	c.results = 1;
	sc = pe_scan_new(&c, &err);
	pe_stats_init(&st, 1, &err);
	CHECK(scan_one(sc, &st, "A.csv", &text) == PE_OK, "A, --last, until "
	    "Jan 3");
	CHECK(text != NULL && strncmp(text, A_2, strlen(A_2)) == 0 &&
	    strstr(text + strlen(A_2), "{\"symbol\":\"A\",\"status\":\"ok\","
	    "\"bars\":5,\"matches\":1,\"ms\":") != NULL,
	    "the last bar at or before --until fires, then the ok line");
	free(text);
	pe_scan_free(sc);
	pe_stats_free(&st);
	pe_plan_free(p);
}

static void
test_bad_message(void)
{
	struct pe_plan *p = plan_of(F);
	struct pe_scan_conf c = conf_of(p);
	struct pe_buf msg = { 0 };
	struct pe_stats st;
	struct pe_scan *sc = NULL;
	struct pe_error err;
	const char *t;
	size_t n;

	c.last = 1;
	sc = pe_scan_new(&c, &err);
	pe_stats_init(&st, 1, &err);
	pe_scan_file(sc, path_of("A.csv"), &msg);
	CHECK(pe_scan_take(&st, msg.p, msg.len - 1, &t, &n) ==
	    PE_ERR_FORMAT, "a message one byte short is refused");
	CHECK(pe_scan_take(&st, msg.p, 8, &t, &n) == PE_ERR_FORMAT,
	    "a message shorter than its head is refused");
	CHECK(st.ok == 0 && st.matches[0] == 0, "and counts nothing");
	CHECK(pe_scan_take(&st, msg.p, msg.len, &t, &n) == PE_OK &&
	    n == strlen(A_4) && memcmp(t, A_4, n) == 0, "the whole one reads");
	free(msg.p);
	pe_scan_free(sc);
	pe_stats_free(&st);
	pe_plan_free(p);
}

/* Signal lines to a number of places; ms to two, or fewer. */
static void
test_digits(void)
{
	struct pe_plan *p = plan_of(F);
	struct pe_scan_conf c = conf_of(p);
	struct pe_stats st;
	struct pe_scan *sc = NULL;
	struct pe_buf b = { 0 };
	struct pe_error err;
	char *text, *ms;
	size_t len = strlen(A_4) - strlen("6.333333333333333}}\n");

	c.last = 1;
	c.results = 1;
	c.rounded = 1;
	c.digits = 0;
	sc = pe_scan_new(&c, &err);
	pe_stats_init(&st, 1, &err);
	CHECK(scan_one(sc, &st, "A.csv", &text) == PE_OK, "A, 0 places");
	ms = text != NULL ? strstr(text, "\"ms\":") : NULL;
#define TAIL "6}}\n{\"symbol\":\"A\",\"status\":\"ok\",\"bars\":5," \
    "\"matches\":1,\"ms\":"
	CHECK(text != NULL && strncmp(text, A_4, len) == 0 &&
	    strncmp(text + len, TAIL, strlen(TAIL)) == 0 && ms != NULL &&
	    strspn(ms + 5, "0123456789") == strlen(ms + 5) - 2 &&
	    strcmp(ms + strlen(ms) - 2, "}\n") == 0,
	    "the value 19/3 to 0 places, ms a whole number: %s", text);
#undef TAIL
	free(text);
	pe_scan_free(sc);
	pe_stats_free(&st);
	pe_plan_free(p);

	pe_scan_result(&b, "A", "ok", NULL, 5, 2, 12.3456, PE_NUM_SHORTEST);
	pe_scan_result(&b, "A", "ok", NULL, 5, 2, 12.3456, 5);
	pe_scan_result(&b, "A", "ok", NULL, 5, 2, 12.3456, 1);
	pe_scan_result(&b, "A", "ok", NULL, 5, 2, 12.5, 0);
	pe_scan_result(&b, "A", "error", "why", 0, 0, 0, 1);
#define OK "{\"symbol\":\"A\",\"status\":\"ok\",\"bars\":5,\"matches\":2,"
	CHECK_STR(b.p, OK "\"ms\":12.35}\n" OK "\"ms\":12.35}\n"
	    OK "\"ms\":12.3}\n" OK "\"ms\":12}\n"
	    "{\"symbol\":\"A\",\"status\":\"error\",\"reason\":\"why\"}\n",
	    "result lines: ms to 2 places, or fewer with digits");
#undef OK
	free(b.p);
}

/* ---- a whole run ---- */

struct out {
	struct pe_buf text;
	size_t progress;
};

static int
emit(void *ctx, const char *p, size_t len)
{
	struct out *o = ctx;

	pe_buf_put(&o->text, p, len);
	return 0;
}

static void
progress(void *ctx, size_t done)
{
	((struct out *)ctx)->progress = done;
}

static void
run_all(struct pe_scan_conf c, struct out *o, struct pe_stats *st,
    struct pe_pool_stats *ps, int *rc)
{
	static char *paths[5];
	struct pe_scan_run run = { c, paths, 5, 2, 10, 0, emit, progress, o };
	struct pe_error err;

	paths[0] = path_of("A.csv");
	paths[1] = path_of("B.csv");
	paths[2] = path_of("M.csv");
	paths[3] = path_of("A.csv");
	paths[4] = path_of("nope.csv");
	*rc = pe_scan_run(&run, st, ps, &err);
}

static void
test_run(void)
{
	struct pe_plan *p = plan_of(F);
	struct pe_scan_conf c = conf_of(p);
	struct out o = { { 0 }, 0 };
	struct pe_pool_stats ps;
	struct pe_stats st;
	int rc;

	c.last = 1;
	run_all(c, &o, &st, &ps, &rc);
	CHECK(rc == PE_OK && ps.done == 5 && o.progress == 5, "5 files run");
	CHECK(o.text.p != NULL && strncmp(o.text.p, A_4 B_SKIP,
	    strlen(A_4 B_SKIP)) == 0, "in path order: A's line, B's skip");
	CHECK(o.text.p != NULL && strstr(o.text.p, "\"symbol\":\"X\"") !=
	    NULL && strstr(o.text.p, "\"symbol\":\"Y\"") == NULL,
	    "M.csv: X rises to a signal, Y does not");
	CHECK(st.ok == 4 && st.skipped == 1 && st.error == 1 &&
	    st.matches[0] == 3, "4 ok, 1 skipped, 1 error, 3 matches");
	free(o.text.p);
	pe_stats_free(&st);
	pe_plan_free(p);
}

static void
test_run_cached(void)
{
	struct pe_plan *p = plan_of(F);
	struct pe_scan_conf c = conf_of(p);
	struct out o1 = { { 0 }, 0 }, o2 = { { 0 }, 0 };
	struct pe_pool_stats ps;
	struct pe_stats s1, s2;
	struct pe_error err;
	char dir[512];
	int rc1, rc2;

	snprintf(dir, sizeof dir, "%s/cache", root);
	c.cache = pe_cache_open(dir, &err);
	run_all(c, &o1, &s1, &ps, &rc1);
	pe_cache_close(c.cache);
	c.cache = pe_cache_open(dir, &err);
	run_all(c, &o2, &s2, &ps, &rc2);
	pe_cache_close(c.cache);
	CHECK(rc1 == PE_OK && rc2 == PE_OK && o1.text.p != NULL &&
	    o2.text.p != NULL && strcmp(o1.text.p, o2.text.p) == 0,
	    "a second run from the cache writes the same text");
	/* The second run hits everything the first asked for (A's second
	 * read hit or missed in the first, by which worker read it). */
	CHECK(s1.cache.misses > 0 && s2.cache.misses == 0 &&
	    s2.cache.hits == s1.cache.hits + s1.cache.misses &&
	    s2.cache.writes == 0, "second run: %llu hits, %llu misses, "
	    "%llu written", (unsigned long long)s2.cache.hits,
	    (unsigned long long)s2.cache.misses,
	    (unsigned long long)s2.cache.writes);
	free(o1.text.p);
	free(o2.text.p);
	pe_stats_free(&s1);
	pe_stats_free(&s2);
	pe_plan_free(p);
}

/* ---- the figures ---- */

static void
test_stats(void)
{
	static const double r[] = { 0.1, -0.2, 0.05, 0.3 };
	struct pe_plan_arg a[2] = { { "close > open", 0, PE_PR_SIGNAL },
	    { "close < open", 0, PE_PR_SIGNAL } };
	struct pe_stats_run run = { NULL, 5, 1, NULL, 2, 100, 200, 2, 0 };
	struct pe_plan *p = NULL;
	struct pe_stats st;
	struct pe_error err;
	struct pe_buf b = { 0 }, line = { 0 };
	const struct pe_stats_day *d;
	struct pe_fwd f;
	char **diag = NULL;
	size_t i;

	pe_plan_build(a, 2, 0, &p, &diag, &err);
	pe_plan_diags_free(diag);
	run.plan = p;
	pe_stats_init(&st, 2, &err);
	for (i = 0; i < 4; i++)
		pe_stats_add_return(&st, 0, r[i]);
	f = pe_stats_fwd(&st, 0);
	CHECK(f.n == 4 && f.mean == (-0.2 + 0.05 + 0.1 + 0.3) / 4 &&
	    f.median == (0.05 + 0.1) / 2 && f.positive == 0.75 &&
	    f.worst == -0.2 && f.best == 0.3, "forward returns summed up");
	f = pe_stats_fwd(&st, 1);
	CHECK(f.n == 0 && isnan(f.mean) && isnan(f.median), "none: NaN");
	for (i = 0; i < 3000; i++)	/* grows the table twice */
		pe_stats_add_day(&st, (int64_t)(i % 1500));
	pe_stats_add_day(&st, 7);
	CHECK(pe_stats_days(&st, 1, &d) == 1500 && d[0].day == 7 &&
	    d[0].n == 3 && d[1].day == 0 && d[1].n == 2, "busiest first, "
	    "ties by date");
	CHECK(pe_stats_days(&st, 0, &d) == 1500 && d[0].day == 0 &&
	    d[1499].day == 1499, "by date");
	pe_stats_free(&st);
	pe_stats_init(&st, 2, &err);
	st.ok = 3;
	st.matches[0] = 2;
	pe_stats_add_return(&st, 0, 0.5);
	pe_stats_add_day(&st, 19725);
	pe_scan_lost(&st, "/x/y/T.csv", "timeout", "timed out after 1 s",
	    &line);
	CHECK_STR(line.p, "{\"symbol\":\"T\",\"status\":\"timeout\","
	    "\"reason\":\"timed out after 1 s\"}\n", "a lost file's line");
	pe_stats_json(&st, &run, &b);
	CHECK_STR(b.p, "{\"symbols\":4,\"ok\":3,\"error\":0,\"timeout\":1,"
	    "\"skipped\":0,\"matches\":[{\"formula\":\"close > open\","
	    "\"count\":2},{\"formula\":\"close < open\",\"count\":0}],"
	    "\"forward_returns\":{\"bars\":5,\"formulas\":[{\"formula\":"
	    "\"close > open\",\"count\":1,\"mean\":0.5,\"median\":0.5,"
	    "\"positive\":1,\"worst\":0.5,\"best\":0.5},{\"formula\":"
	    "\"close < open\",\"count\":0,\"mean\":null,\"median\":null,"
	    "\"positive\":null,\"worst\":null,\"best\":null}]},\"cache\":null,"
	    "\"dates\":{\"2024-01-03\":1},\"elapsed\":2.000000,"
	    "\"symbols_per_s\":2.0,\"max_rss_kb\":{\"parent\":100,"
	    "\"worker\":200,\"jobs\":2},\"interrupted\":false}\n",
	    "the summary JSON");
	free(b.p);
	free(line.p);
	pe_stats_free(&st);
	pe_plan_free(p);
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");
	char cmd[300];

	snprintf(root, sizeof root, "%s/test_scan.XXXXXX", tmp ? tmp : "/tmp");
	if (mkdtemp(root) == NULL)
		return 1;
	put("A.csv", A_CSV);
	put("B.csv", HDR "2024-01-01,2,2,2,2,10\n2024-01-02,3,4,3,4,20\n");
	put("M.csv", "symbol," HDR "X,2024-01-01,1,1,1,1,1\n"
	    "X,2024-01-02,2,2,2,2,1\nX,2024-01-03,3,3,3,3,1\n"
	    "Y,2024-01-01,3,3,3,3,1\nY,2024-01-02,2,2,2,2,1\n"
	    "Y,2024-01-03,1,1,1,1,1\n");
	test_file();
	test_last_and_bounds();
	test_digits();
	test_bad_message();
	test_run();
	test_run_cached();
	test_stats();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	(void)!system(cmd);
	return done();
}
