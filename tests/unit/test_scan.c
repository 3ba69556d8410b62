/*
 * test_scan.c: pe-scan's engine in the library, without the binary: one
 * file through pe_scan_file and its units decoded (exact lines, status,
 * last bar, counts, forward returns, days), the problems of a file (too
 * short, missing, a damaged message), a whole pe_scan_run on the pool
 * (in path order, stale symbols as of the run's newest bar or a given
 * time), the cache over two runs, and pe_stats' figures and summary
 * JSON.
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
/* F unnamed is f1; its sma is sma_3 */
#define A_2 "{\"symbol\":\"A\",\"time\":\"2024-01-03\",\"formula\":\"f1\"," \
    "\"type\":\"scan_hit\",\"candle\":{\"open\":5,\"high\":6,\"low\":5," \
    "\"close\":6,\"volume\":30},\"values\":{\"sma_3\":4}}\n"
#define A_4 "{\"symbol\":\"A\",\"time\":\"2024-01-05\",\"formula\":\"f1\"," \
    "\"type\":\"scan_hit\",\"candle\":{\"open\":6,\"high\":8,\"low\":6," \
    "\"close\":8,\"volume\":50},\"values\":{\"sma_3\":" \
    "6.333333333333333}}\n"

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
	struct pe_plan_arg a = { text, 0, PE_PR_SIGNAL, NULL };
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

/* What a test keeps of a unit. */
struct got {
	enum pe_scan_status status;
	char name[64], reason[256], text[2048];
	int64_t last;
	size_t bars;
};

/* The file scanned: its units decoded into g[0..*n), counted into st
 * (matches, returns, days; ok units only). */
static int
scan_one(struct pe_scan *sc, struct pe_stats *st, const char *name,
    struct got *g, size_t *n)
{
	struct pe_buf msg = { 0 };
	struct pe_scan_unit u;
	size_t off;
	int rc;

	*n = 0;
	if (pe_scan_file(sc, path_of(name), &msg) != PE_OK)
		return -1;
	rc = pe_scan_head(msg.p, msg.len, &st->cache, &off);
	for (; rc == PE_OK && off < msg.len && *n < 4; off += u.size, (*n)++) {
		if ((rc = pe_scan_unit(msg.p, msg.len, off, 1, &u)) != PE_OK)
			break;
		g[*n].status = u.status;
		g[*n].last = u.last;
		g[*n].bars = u.bars;
		snprintf(g[*n].name, sizeof g->name, "%.*s", (int)u.name_len,
		    u.name);
		snprintf(g[*n].reason, sizeof g->reason, "%.*s",
		    (int)u.reason_len, u.reason);
		snprintf(g[*n].text, sizeof g->text, "%.*s", (int)u.text_len,
		    u.text);
		if (u.status == PE_SCAN_OK)
			pe_scan_count(st, &u);
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
	struct got g[4];
	size_t n;
	char why[64];

	c.last = 0;
	c.fwd = 1;
	CHECK(p != NULL && (sc = pe_scan_new(&c, &err)) != NULL &&
	    pe_stats_init(&st, 1, &err) == PE_OK, "scanner and stats");
	CHECK(scan_one(sc, &st, "A.csv", g, &n) == PE_OK && n == 1 &&
	    g[0].status == PE_SCAN_OK && strcmp(g[0].name, "A") == 0 &&
	    g[0].bars == 5 && g[0].last == utc(2024, 1, 5, 0, 0, 0, 0),
	    "A: one unit, ok, 5 bars, its last bar 2024-01-05");
	CHECK_STR(g[0].text, A_2 A_4, "A's two signal lines, exactly");
	CHECK(st.matches[0] == 2 && st.rets[0].n == 1 &&
	    st.rets[0].v[0] == 5.0 / 6 - 1, "2 matches, one 1-bar return "
	    "5/6 - 1 (the last signal has no next bar)");
	CHECK(pe_stats_days(&st, 0, &d) == 2 && d[0].day == 19725 &&
	    d[1].day == 19727, "matches on 2024-01-03 and 2024-01-05");
	CHECK_STR(pe_stats_day_text(d[1].day, why), "2024-01-05", "day text");
	CHECK(scan_one(sc, &st, "B.csv", g, &n) == PE_OK && n == 1 &&
	    g[0].status == PE_SCAN_SKIPPED && g[0].text[0] == '\0',
	    "B: skipped");
	CHECK_STR(g[0].reason, "insufficient data (2 bars, formula needs 3)",
	    "B's reason");
	CHECK(scan_one(sc, &st, "nope.csv", g, &n) == PE_OK && n == 1 &&
	    g[0].status == PE_SCAN_UNOPENED && strcmp(g[0].name, "nope") ==
	    0 && strstr(g[0].reason, "nope.csv: No such file or directory") !=
	    NULL, "a missing file: one unit under its base name, unopened");
	CHECK(scan_one(sc, &st, "M.csv", g, &n) == PE_OK && n == 2 &&
	    strcmp(g[0].name, "X") == 0 && strcmp(g[1].name, "Y") == 0 &&
	    g[0].status == PE_SCAN_OK && g[1].text[0] == '\0',
	    "M.csv: a unit a symbol, X then Y");
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
	struct got g[4];
	size_t n;

	c.last = 1;
	c.until = utc(2024, 1, 3, 23, 59, 59, 999);
	sc = pe_scan_new(&c, &err);
	pe_stats_init(&st, 1, &err);
	CHECK(scan_one(sc, &st, "A.csv", g, &n) == PE_OK && n == 1 &&
	    g[0].last == utc(2024, 1, 3, 0, 0, 0, 0), "A, --last, until "
	    "Jan 3: the last bar considered is Jan 3");
	CHECK_STR(g[0].text, A_2, "which fires");
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
	struct pe_cache_stats cs = { 0 };
	struct pe_scan *sc = NULL;
	struct pe_scan_unit u;
	struct pe_error err;
	size_t off = 0;

	c.last = 1;
	sc = pe_scan_new(&c, &err);
	pe_scan_file(sc, path_of("A.csv"), &msg);
	CHECK(pe_scan_head(msg.p, 8, &cs, &off) == PE_ERR_FORMAT,
	    "a message shorter than its head is refused");
	pe_scan_head(msg.p, msg.len, &cs, &off);
	CHECK(pe_scan_unit(msg.p, msg.len - 1, off, 1, &u) ==
	    PE_ERR_FORMAT, "a unit one byte short is refused");
	CHECK(pe_scan_unit(msg.p, msg.len, off + 1, 1, &u) == PE_ERR_FORMAT ||
	    off + 1 + u.size != msg.len, "a unit read off its start does "
	    "not fit");
	CHECK(pe_scan_unit(msg.p, msg.len, off, 1, &u) == PE_OK &&
	    off + u.size == msg.len && u.text_len == strlen(A_4) &&
	    memcmp(u.text, A_4, u.text_len) == 0, "the whole one reads");
	free(msg.p);
	pe_scan_free(sc);
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
	struct pe_scan_outcome o = { .status = PE_SCAN_OK, .symbol = "A",
	    .bars = 5, .matches = 2, .ms = 12.3456 };
	struct pe_buf b = { 0 };
	struct pe_error err;
	struct got g[4];
	size_t n, len = strlen(A_4) - strlen("6.333333333333333}}\n");

	c.last = 1;
	c.rounded = 1;
	c.digits = 0;
	sc = pe_scan_new(&c, &err);
	pe_stats_init(&st, 1, &err);
	CHECK(scan_one(sc, &st, "A.csv", g, &n) == PE_OK && n == 1 &&
	    strncmp(g[0].text, A_4, len) == 0 &&
	    strcmp(g[0].text + len, "6}}\n") == 0,
	    "the value 19/3 to 0 places: %s", g[0].text);
	pe_scan_free(sc);
	pe_stats_free(&st);
	pe_plan_free(p);

	pe_scan_result(&b, &o, PE_NUM_SHORTEST);
	pe_scan_result(&b, &o, 5);
	pe_scan_result(&b, &o, 1);
	o.ms = 12.5;
	pe_scan_result(&b, &o, 0);
	o.status = PE_SCAN_ERROR;
	snprintf(o.reason, sizeof o.reason, "why");
	pe_scan_result(&b, &o, 1);
#define OK "{\"symbol\":\"A\",\"type\":\"result\",\"status\":\"ok\"," \
    "\"bars\":5,\"matches\":2,"
	CHECK_STR(b.p, OK "\"ms\":12.35}\n" OK "\"ms\":12.35}\n"
	    OK "\"ms\":12.3}\n" OK "\"ms\":12}\n"
	    "{\"symbol\":\"A\",\"type\":\"result\",\"status\":\"error\","
	    "\"reason\":\"why\"}\n",
	    "result lines: ms to 2 places, or fewer with digits");
#undef OK
	free(b.p);
}

/* ---- a whole run ---- */

struct out {
	struct pe_buf text;	/* signal lines, then result lines */
	size_t progress;
};

static int
emit(void *ctx, const struct pe_scan_outcome *o)
{
	struct out *x = ctx;
	struct pe_scan_outcome q = *o;

	pe_buf_put(&x->text, o->text, o->len);
	q.ms = 0;
	return pe_scan_result(&x->text, &q, PE_NUM_SHORTEST);
}

static void
progress(void *ctx, size_t done)
{
	((struct out *)ctx)->progress = done;
}

static void
run_all(struct pe_scan_conf c, int64_t as_of, struct out *o,
    struct pe_stats *st, struct pe_pool_stats *ps, int *rc)
{
	static char *paths[5];
	struct pe_scan_run run = { c, paths, 5, 2, 10, 0, as_of, emit,
	    progress, o, NULL, 0, NULL, NULL };
	struct pe_error err;

	paths[0] = path_of("A.csv");
	paths[1] = path_of("B.csv");
	paths[2] = path_of("M.csv");
	paths[3] = path_of("A.csv");
	paths[4] = path_of("nope.csv");
	*rc = pe_scan_run(&run, st, ps, &err);
}

#define A_OK "{\"symbol\":\"A\",\"type\":\"result\",\"status\":\"ok\"," \
    "\"bars\":5,\"matches\":1,\"ms\":0}\n"
#define B_SKIP "{\"symbol\":\"B\",\"type\":\"result\",\"status\":" \
    "\"skipped\",\"reason\":\"insufficient data (2 bars, formula needs " \
    "3)\"}\n"

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
	run_all(c, INT64_MAX, &o, &st, &ps, &rc);
	CHECK(rc == PE_OK && ps.done == 5 && o.progress == 5, "5 files run");
	CHECK(o.text.p != NULL && strncmp(o.text.p, A_4 A_OK B_SKIP,
	    strlen(A_4 A_OK B_SKIP)) == 0, "in path order: A's line and "
	    "result, B's skip");
	CHECK(o.text.p != NULL && strstr(o.text.p, "\"symbol\":\"X\"") !=
	    NULL && strstr(o.text.p, "\"symbol\":\"Y\",\"time") == NULL,
	    "M.csv: X rises to a signal, Y does not");
	CHECK(st.ok == 4 && st.skipped == 1 && st.error == 1 &&
	    st.unopened == 1 && st.matches[0] == 3, "4 ok, 1 skipped, 1 "
	    "error (unopened), 3 matches");
	free(o.text.p);
	pe_stats_free(&st);
	pe_plan_free(p);
}

/* As of the newest last bar of the run (A's, Jan 5): M's symbols, which
 * end Jan 3, are stale; held back to the end, still in path order. */
static void
test_run_stale(void)
{
	struct pe_plan *p = plan_of(F);
	struct pe_scan_conf c = conf_of(p);
	struct out o = { { 0 }, 0 };
	struct pe_pool_stats ps;
	struct pe_stats st;
	int rc;

	c.last = 1;
	run_all(c, INT64_MIN, &o, &st, &ps, &rc);
	CHECK(rc == PE_OK && o.text.p != NULL && strstr(o.text.p,
	    "{\"symbol\":\"X\",\"type\":\"result\",\"status\":\"skipped\","
	    "\"reason\":\"stale (last bar 2024-01-03)\"}\n{\"symbol\":\"Y\"")
	    != NULL && strncmp(o.text.p, A_4 A_OK B_SKIP, strlen(A_4 A_OK
	    B_SKIP)) == 0, "X and Y stale, A not, in path order");
	CHECK(st.ok == 2 && st.skipped == 3 && st.stale == 2 &&
	    st.matches[0] == 2, "2 ok (A twice), 3 skipped of which 2 stale, "
	    "2 matches: a stale symbol's match is not counted");
	free(o.text.p);
	pe_stats_free(&st);
	o = (struct out){ { 0 }, 0 };
	run_all(c, utc(2024, 1, 6, 0, 0, 0, 0), &o, &st, &ps, &rc);
	CHECK(rc == PE_OK && st.ok == 0 && st.stale == 4, "as of Jan 6: "
	    "every symbol stale");
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
	run_all(c, INT64_MAX, &o1, &s1, &ps, &rc1);
	pe_cache_close(c.cache);
	c.cache = pe_cache_open(dir, &err);
	run_all(c, INT64_MAX, &o2, &s2, &ps, &rc2);
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
	struct pe_plan_arg a[2] = { { "close > open", 0, PE_PR_SIGNAL, NULL },
	    { "close < open", 0, PE_PR_SIGNAL, NULL } };
	struct pe_stats_run run = { NULL, 5, 1, NULL, 2, 100, 200, 2, 0 };
	struct pe_plan *p = NULL;
	struct pe_stats st;
	struct pe_error err;
	struct pe_buf b = { 0 };
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
	st.timeout = 1;
	pe_stats_json(&st, &run, &b);
	CHECK_STR(b.p, "{\"symbols\":4,\"ok\":3,\"error\":0,\"timeout\":1,"
	    "\"skipped\":0,\"matches\":[{\"formula\":\"f1\",\"text\":"
	    "\"close > open\",\"count\":2},{\"formula\":\"f2\",\"text\":"
	    "\"close < open\",\"count\":0}],"
	    "\"forward_returns\":{\"bars\":5,\"formulas\":[{\"formula\":"
	    "\"f1\",\"count\":1,\"mean\":0.5,\"median\":0.5,"
	    "\"positive\":1,\"worst\":0.5,\"best\":0.5},{\"formula\":"
	    "\"f2\",\"count\":0,\"mean\":null,\"median\":null,"
	    "\"positive\":null,\"worst\":null,\"best\":null}]},\"cache\":null,"
	    "\"dates\":{\"2024-01-03\":1},\"elapsed\":2.000000,"
	    "\"symbols_per_s\":2.0,\"max_rss_kb\":{\"parent\":100,"
	    "\"worker\":200,\"jobs\":2},\"interrupted\":false}\n",
	    "the summary JSON");
	free(b.p);
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
	test_run_stale();
	test_run_cached();
	test_stats();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	(void)!system(cmd);
	return done();
}
