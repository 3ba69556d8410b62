/*
 * pe-scan: one formula file over many symbol files, in a pool of forked
 * workers.  See man/pe-scan.1 and man/pe-formula.7.
 *
 * The formulas compile into one plan and the operands into a list of
 * files (cli.c).  The library does the rest: pe_pool runs one file a job
 * in -j workers (time limit, crash isolation, files' text in input order
 * or as it comes), pe_scan scans a file in a worker (cache, plan,
 * signals, forward returns) and gathers its outcome into pe_stats in the
 * parent.  What is here: options, the cache's place and trim, the
 * progress text and the summary text.
 *
 * Bloat: the progress bar assumes a terminal of at least 80 columns.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "pe.h"
#include "cli.h"

enum { PROG_AUTO, PROG_NONE, PROG_BAR, PROG_JSONL };

struct opts {
	struct pe_scan_conf scan;
	struct cli_formulas src;
	int edge, unordered, njobs, progress, shard_set, cache_max_set;
	int no_cache;
	double timeout;
	const char *summary, *cache_dir;
	uint64_t cache_max;
};

/* What the pool's callbacks share. */
struct run {
	struct opts *o;
	struct cli_paths files;
	struct pe_plan *plan;
	struct pe_scan *scan;	/* made before the fork: each worker's copy */
	struct pe_stats st;
	struct pe_buf line;	/* a lost file's result line */
	struct pe_pool_stats ps;
	int jobs, broken;	/* broken: stdout is a closed pipe */
	double t0, drawn;	/* the start; the last progress drawn */
};

const char *prog = "pe-scan";

/* Tests link a definition that makes a worker hang or crash on a file of
 * a given name (tests/hooks/pe-scan-hooks.c); pe-scan itself has none. */
void pe_scan_test_hook(void *ctx, const char *name) __attribute__((weak));

static void usage(int) __attribute__((noreturn));

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: pe-scan [--all | --last] [--edge] [-j N] [--results] "
	    "[--shard K/N]\n"
	    "               [--since DATE] [--until DATE] [--summary FILE]\n"
	    "               [--timeframe TF] [--timeout SEC] [--unordered]\n"
	    "               [--forward-returns N] [--cache-dir DIR] "
	    "[--no-cache]\n"
	    "               [--cache-max SIZE] [--progress[=bar|jsonl]] "
	    "[--no-progress]\n"
	    "               [-e EXPR] ... [-f FORMULAS] ... [EXPR] "
	    "[PATH ...]\n");
	exit(status);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- options ---- */

enum { O_ALL = 256, O_LAST, O_EDGE, O_RESULTS, O_SHARD, O_SUMMARY,
    O_TIMEOUT, O_UNORDERED, O_VERSION, O_SINCE, O_UNTIL, O_TF, O_FWD,
    O_CACHE_DIR, O_NO_CACHE, O_CACHE_MAX, O_PROGRESS, O_NO_PROGRESS };

static const struct option longopts[] = {
	{ "expression", required_argument, NULL, 'e' },
	{ "file", required_argument, NULL, 'f' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "all", no_argument, NULL, O_ALL },
	{ "last", no_argument, NULL, O_LAST },
	{ "edge", no_argument, NULL, O_EDGE },
	{ "results", no_argument, NULL, O_RESULTS },
	{ "shard", required_argument, NULL, O_SHARD },
	{ "since", required_argument, NULL, O_SINCE },
	{ "until", required_argument, NULL, O_UNTIL },
	{ "timeframe", required_argument, NULL, O_TF },
	{ "forward-returns", required_argument, NULL, O_FWD },
	{ "summary", required_argument, NULL, O_SUMMARY },
	{ "timeout", required_argument, NULL, O_TIMEOUT },
	{ "unordered", no_argument, NULL, O_UNORDERED },
	{ "cache-dir", required_argument, NULL, O_CACHE_DIR },
	{ "no-cache", no_argument, NULL, O_NO_CACHE },
	{ "cache-max", required_argument, NULL, O_CACHE_MAX },
	{ "progress", optional_argument, NULL, O_PROGRESS },
	{ "no-progress", no_argument, NULL, O_NO_PROGRESS },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, O_VERSION },
	{ NULL, 0, NULL, 0 }
};

/* The options of the scan itself (what a worker does). */
static int
scan_option(int c, struct pe_scan_conf *s)
{
	switch (c) {
	case O_ALL: s->last = 0; break;
	case O_LAST: s->last = 1; break;
	case O_RESULTS: s->results = 1; break;
	case O_SINCE: s->since = cli_date("--since", optarg, 0); break;
	case O_UNTIL: s->until = cli_date("--until", optarg, 1); break;
	case O_TF: s->tf = cli_timeframe(optarg); break;
	case O_FWD:
		s->fwd = cli_number("--forward-returns", optarg, 1, 1000000,
		    "1 to 1000000 bars");
		break;
	case O_SHARD:
		if (pe_shard_parse(optarg, &s->shard, NULL) != PE_OK)
			dief(2, "invalid --shard '%s' (expected K/N, 0 <= K "
			    "< N)", optarg);
		break;
	default: return 0;
	}
	return 1;
}

/* The options of the run: the pool, the cache, the output. */
static void
run_option(int c, struct opts *o)
{
	static const char *const progress[] = { "bar", "jsonl", NULL };
	char *end;

	switch (c) {
	case 'e': case 'f':
		cli_formula_add(&o->src, optarg, c == 'f', PE_PR_SIGNAL);
		break;
	case 'j': o->njobs = (int)cli_number("-j", optarg, 1, 1024, NULL); break;
	case O_EDGE: o->edge = 1; break;
	case O_SUMMARY: o->summary = optarg; break;
	case O_TIMEOUT:
		o->timeout = strtod(optarg, &end);
		if (end == optarg || *end || !(o->timeout > 0) ||
		    o->timeout > 1e6)
			dief(2, "invalid --timeout '%s' (expected a positive "
			    "number of seconds)", optarg);
		break;
	case O_UNORDERED: o->unordered = 1; break;
	case O_CACHE_DIR:
		if (*optarg == '\0')
			dief(2, "invalid --cache-dir '' (expected a "
			    "directory)");
		o->cache_dir = optarg;
		break;
	case O_NO_CACHE: o->no_cache = 1; break;
	case O_CACHE_MAX:
		if (pe_cache_size_parse(optarg, &o->cache_max) != PE_OK)
			dief(2, "invalid --cache-max '%s' (expected a size "
			    "such as 500M, 2G or 100000)", optarg);
		o->cache_max_set = 1;
		break;
	case O_PROGRESS:
		o->progress = optarg == NULL ? PROG_BAR : PROG_BAR +
		    cli_word("--progress", optarg, progress, "bar or jsonl");
		break;
	case O_NO_PROGRESS: o->progress = PROG_NONE; break;
	case 'h': usage(0);
	case O_VERSION: printf("pe-scan %s\n", PE_VERSION); exit(0);
	default: usage(2);
	}
}

static void
parse_args(int argc, char **argv, struct opts *o)
{
	int c;

	while ((c = getopt_long(argc, argv, "e:f:j:h", longopts, NULL)) !=
	    -1) {
		o->shard_set |= c == O_SHARD;
		if (!scan_option(c, &o->scan))
			run_option(c, o);
	}
	if (o->scan.since > o->scan.until)
		dief(2, "--since is later than --until");
}

/* Without --shard, the shard of a Slurm job array or a Kubernetes indexed
 * Job, said on stderr: a scan that silently sees a part of its universe
 * would be worse than one that says so. */
static void
shard_from_env(struct opts *o)
{
	struct pe_error err;
	const char *from;

	if (o->shard_set)
		return;
	if (pe_shard_from_env(&o->scan.shard, &from, &err) != PE_OK)
		dief(2, "%s (use --shard K/N)", err.msg);
	if (from != NULL)
		warnf("shard %lu/%lu from %s", o->scan.shard.k,
		    o->scan.shard.n, from);
}

/* ---- the cache ---- */

/*
 * Open the cache once, here, so that one that cannot be used is said once
 * and the scan goes on without it; the workers inherit the handle (its
 * index read once) and the byte budget of --cache-max.
 */
static void
cache_open(struct opts *o)
{
	static char buf[4096];
	struct pe_error err;
	char msg[PE_ERRMSG_MAX + PE_ERRPATH_MAX + 32];

	if (o->no_cache) {
		o->cache_dir = NULL;
		return;
	}
	if ((o->cache_dir = pe_cache_locate(o->cache_dir, buf, sizeof buf)) ==
	    NULL) {
		warnf("no cache: set PE_CACHE_DIR or HOME, or use --cache-dir");
		return;
	}
	if ((o->scan.cache = pe_cache_open(o->cache_dir, &err)) == NULL) {
		warnf("no cache: %s", pe_error_format(&err, msg, sizeof msg));
		o->cache_dir = NULL;
		return;
	}
	if (pe_cache_budget(o->scan.cache, o->cache_max, &err) != PE_OK)
		die(3, &err);
	o->scan.cwd = getcwd(NULL, 0);
}

/* After a run that wrote to the cache (or with --cache-max): the least
 * recently used entries out until it fits. */
static void
cache_trim(struct run *r)
{
	struct pe_cache_stats t = { 0 };
	struct pe_error err;
	char msg[PE_ERRMSG_MAX + PE_ERRPATH_MAX + 32];

	if (r->o->cache_dir == NULL || (r->st.cache.writes == 0 &&
	    !r->o->cache_max_set))
		return;
	if (pe_cache_trim(r->o->cache_dir, r->o->cache_max, &t, &err) != PE_OK)
		warnf("cache not trimmed: %s", pe_error_format(&err, msg,
		    sizeof msg));
	/* corrupt counts what the scan met; the trim's finds are the same
	 * segments again */
	r->st.cache.evicted = t.evicted;
	r->st.cache.evicted_bytes = t.evicted_bytes;
	r->st.cache.kept_bytes = t.kept_bytes;
}

/* ---- the pool's callbacks ---- */

static int
job(void *ctx, size_t i, struct pe_buf *out)
{
	struct run *r = ctx;

	return pe_scan_file(r->scan, r->files.v[i], out) == PE_OK ? 0 : 3;
}

/* A worker's normal end: what it wrote to the cache is published. */
static void
finish(void *ctx)
{
	struct run *r = ctx;

	pe_cache_close(r->o->scan.cache);
}

/* A file's lines to stdout; 1 (the run ends) once stdout is a closed
 * pipe. */
static int
emit(struct run *r, const char *p, size_t len)
{
	if (len > 0 && (fwrite(p, 1, len, stdout) != len ||
	    fflush(stdout) != 0)) {
		if (errno != EPIPE)
			dief(3, "write error on standard output: %s",
			    strerror(errno));
		r->broken = 1;
	}
	return r->broken;
}

static int
result(void *ctx, size_t i, const char *p, size_t len)
{
	struct run *r = ctx;
	const char *text;
	size_t n;

	if (pe_scan_take(&r->st, p, len, &text, &n) != PE_OK)
		dief(3, "%s: a worker's message cannot be read",
		    r->files.v[i]);
	return emit(r, text, n);
}

static int
lost(void *ctx, size_t i, enum pe_pool_loss why, int code)
{
	struct run *r = ctx;
	char reason[64];

	pe_pool_loss_text(why, code, r->o->timeout, reason, sizeof reason);
	r->line.len = 0;
	if (pe_scan_lost(&r->st, r->files.v[i], why == PE_POOL_TIMEOUT ?
	    "timeout" : "error", reason, &r->line) != PE_OK)
		dief(3, "out of memory");
	return emit(r, r->line.p, r->line.len);
}

/* ---- progress ---- */

/* The bar at most 10 times a second, a JSONL event at most once a
 * second; always the last (end set). */
static void
progress_end(struct run *r, size_t done, int end)
{
	size_t total = r->files.n;
	double t = now(), el = t - r->t0, rate = el > 0 ? done / el : 0;
	double eta = rate > 0 ? (double)(total - done) / rate : 0;
	int w = 24, fill = total ? (int)(w * done / total) : w;

	if (r->o->progress == PROG_BAR && (end || t - r->drawn >= 0.1)) {
		if (end)
			fputs("\r\033[K", stderr);
		else
			fprintf(stderr, "\r%s: [%.*s%*s] %zu/%zu %3.0f%% %.0f/s "
			    "ETA %d:%02d\033[K", prog, fill,
			    "========================", w - fill, "", done,
			    total, total ? 100.0 * done / total : 100, rate,
			    (int)eta / 60, (int)eta % 60);
		r->drawn = t;
	} else if (r->o->progress == PROG_JSONL && (end || t - r->drawn >=
	    1)) {
		fprintf(stderr, "{\"event\":\"%s\",\"done\":%zu,"
		    "\"total\":%zu,\"elapsed\":%.3f,\"rate\":%.1f",
		    end ? "end" : "progress", done, total, el, rate);
		if (end)
			fprintf(stderr, ",\"interrupted\":%s}\n",
			    r->ps.interrupted ? "true" : "false");
		else
			fprintf(stderr, ",\"eta\":%.1f}\n", eta);
		r->drawn = t;
	}
	fflush(stderr);
}

static void
progress(void *ctx, size_t done)
{
	progress_end(ctx, done, 0);
}

/* ---- the summary ---- */

static const char *
fname(const struct run *r, size_t i)
{
	return r->plan->formula[i].name ? r->plan->formula[i].name :
	    r->plan->formula[i].src;
}

static void
fwd_lines(struct run *r)
{
	struct pe_fwd fs;
	size_t i;

	for (i = 0; r->o->scan.fwd > 0 && i < r->plan->nformulas; i++) {
		fs = pe_stats_fwd(&r->st, i);
		fprintf(stderr, "%s: %ld-bar forward returns: %s: %zu signal%s",
		    prog, r->o->scan.fwd, fname(r, i), fs.n, fs.n == 1 ? "" :
		    "s");
		if (fs.n > 0)
			fprintf(stderr, ", mean %+.2f%%, median %+.2f%%, "
			    "%.1f%% positive, worst %+.2f%%, best %+.2f%%",
			    fs.mean * 100, fs.median * 100, fs.positive * 100,
			    fs.worst * 100, fs.best * 100);
		fputc('\n', stderr);
	}
}

static void
cache_line(const struct run *r)
{
	const struct pe_cache_stats *c = &r->st.cache;
	uint64_t gets = c->hits + c->misses;

	if (r->o->cache_dir == NULL)
		return;
	fprintf(stderr, "%s: cache: %llu hits, %llu misses (%.1f%% hit "
	    "rate), %llu corrupt, %llu written, ", prog,
	    (unsigned long long)c->hits, (unsigned long long)c->misses,
	    gets ? 100.0 * (double)c->hits / (double)gets : 0,
	    (unsigned long long)c->corrupt, (unsigned long long)c->writes);
	if (c->unstored > 0)
		fprintf(stderr, "%llu not written (over --cache-max), ",
		    (unsigned long long)c->unstored);
	fprintf(stderr, "%llu evicted; %s\n", (unsigned long long)c->evicted,
	    r->o->cache_dir);
}

/* --all: the number of dates with matches and the busiest three. */
static void
days_line(struct run *r)
{
	const struct pe_stats_day *d;
	size_t n = pe_stats_days(&r->st, 1, &d), i;
	char buf[16];

	if (n == 0)
		return;
	fprintf(stderr, "%s: matches on %zu date%s; busiest:", prog, n,
	    n == 1 ? "" : "s");
	for (i = 0; i < n && i < 3; i++)
		fprintf(stderr, "%s %s (%llu)", i ? "," : "",
		    pe_stats_day_text(d[i].day, buf),
		    (unsigned long long)d[i].n);
	fputc('\n', stderr);
}

/* --summary FILE: the JSON, written whole or not at all. */
static void
summary_json(struct run *r, double elapsed)
{
	struct pe_stats_run sr = { NULL, r->o->scan.fwd, !r->o->scan.last,
	    r->o->cache_dir, elapsed, 0, 0, r->jobs, r->ps.interrupted };
	const char **names = xcalloc(r->plan->nformulas, sizeof *names);
	struct rusage self, kids;	/* peak memory: the parent's own, the
					 * largest worker's */
	struct pe_buf b = { 0 };
	struct pe_atomic *a;
	struct pe_error err;
	size_t i;
	FILE *fp;

	for (i = 0; i < r->plan->nformulas; i++)
		names[i] = fname(r, i);
	sr.names = names;
	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	sr.rss_parent = self.ru_maxrss;
	sr.rss_worker = kids.ru_maxrss;
	if (pe_stats_json(&r->st, &sr, &b) != PE_OK ||
	    (a = pe_atomic_open_path(r->o->summary, &fp, &err)) == NULL)
		dief(3, "cannot write the summary");
	fwrite(b.p, 1, b.len, fp);
	if (pe_atomic_commit(a, &err) != PE_OK)
		dief(3, "cannot write the summary");
	free(b.p);
	free(names);
}

static void
summary(struct run *r, double elapsed)
{
	const struct pe_stats *st = &r->st;
	unsigned long total = st->ok + st->error + st->timeout + st->skipped;
	size_t i;

	fprintf(stderr, "%s: %lu symbols: %lu ok, %lu error, %lu timeout, "
	    "%lu skipped%s\n", prog, total, st->ok, st->error, st->timeout,
	    st->skipped, r->ps.interrupted ? " (interrupted)" : "");
	for (i = 0; i < r->plan->nformulas; i++)
		fprintf(stderr, "%s: %llu matches: %s\n", prog,
		    (unsigned long long)st->matches[i], fname(r, i));
	fwd_lines(r);
	cache_line(r);
	if (!r->o->scan.last)
		days_line(r);
	fprintf(stderr, "%s: %.3f s, %.0f symbols/s\n", prog, elapsed,
	    elapsed > 0 ? total / elapsed : 0);
	if (r->o->summary != NULL)
		summary_json(r, elapsed);
}

/* ---- main ---- */

/* The pool over every file; the run's figures in r. */
static void
scan_all(struct run *r)
{
	struct pe_pool pool = { r->jobs, r->o->timeout, r->o->unordered, r,
	    job, NULL, finish, result, lost, progress };
	struct pe_error err;

	if ((r->scan = pe_scan_new(&r->o->scan, &err)) == NULL ||
	    pe_stats_init(&r->st, r->plan->nformulas, &err) != PE_OK)
		die(3, &err);
	if (r->o->scan.cache != NULL)	/* what the parent's open counted */
		r->st.cache.corrupt = pe_cache_stats(r->o->scan.cache)->corrupt;
	r->t0 = now();
	r->drawn = -1;		/* draw the first at once */
	if (r->o->progress == PROG_JSONL)
		fprintf(stderr, "{\"event\":\"start\",\"total\":%zu,"
		    "\"jobs\":%d}\n", r->files.n, r->jobs);
	if (pe_pool_run(&pool, r->files.n, &r->ps, &err) != PE_OK)
		die(3, &err);
	progress_end(r, r->ps.done, 1);
}

/* How many workers: -j, else a CPU each, never more than the files. */
static int
njobs(const struct opts *o, size_t nfiles)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int n = o->njobs ? o->njobs : cpus > 0 ? (int)cpus : 1;

	return (size_t)n > nfiles ? (int)nfiles : n;
}

/* The exit status of a run that was not cut short. */
static int
status(const struct run *r)
{
	size_t i;

	if (r->st.error + r->st.timeout > 0)
		return 3;
	for (i = 0; i < r->plan->nformulas; i++)
		if (r->st.matches[i] > 0)
			return 0;
	return 1;
}

int
main(int argc, char **argv)
{
	static char obuf[1 << 16];
	struct opts o = { .scan = { .last = 1, .since = INT64_MIN,
	    .until = INT64_MAX }, .timeout = 60,
	    .cache_max = (uint64_t)500 << 20 };
	struct run r = { .o = &o };
	double t0 = now();
	int i;

	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	parse_args(argc, argv, &o);
	argc -= optind;
	argv += optind;
	cli_formula_operand(&o.src, &argc, &argv, NULL);
	shard_from_env(&o);
	if (o.progress == PROG_AUTO)
		o.progress = isatty(STDERR_FILENO) ? PROG_BAR : PROG_NONE;
	r.plan = cli_compile(&o.src, o.edge ? PE_PLAN_EDGE : 0, 1);
	o.scan.plan = r.plan;
	o.scan.before = pe_scan_test_hook;
	for (i = 0; i < argc; i++)
		cli_paths_add(&r.files, argv[i]);
	if (r.files.n == 0)
		dief(2, "no symbols provided");
	cache_open(&o);
	r.jobs = njobs(&o, r.files.n);
	signal(SIGPIPE, SIG_IGN);	/* a closed stdout: EPIPE, then quiet */
	scan_all(&r);
	if (r.broken) {		/* "| head": end as a filter killed by SIGPIPE */
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
		return 0;
	}
	if (!r.ps.interrupted)
		cache_trim(&r);
	summary(&r, now() - t0);
	if (r.ps.interrupted)
		return 128 + r.ps.interrupted;
	if (ferror(stdout) || fclose(stdout) != 0)
		dief(3, "write error on standard output: %s", strerror(errno));
	return status(&r);
}
