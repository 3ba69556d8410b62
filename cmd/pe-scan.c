/*
 * pe-scan: one formula file over many symbol files, in a pool of forked
 * workers.  See man/pe-scan.1 and man/pe-formula.7.
 *
 * The formulas compile into one plan and the operands into a list of
 * files (cli.c).  The library does the rest: pe_pool runs one file a job
 * in -j workers (time limit, crash isolation, files' text in input order
 * or as it comes), pe_scan scans a file in a worker (cache, plan,
 * signals, forward returns) and gathers its outcome into pe_stats in the
 * parent.  What is here: options, output, the summary text.
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

struct opts {
	struct pe_scan_conf scan;
	struct cli_formulas src;
	struct cli_cache cache;
	enum cli_progress_mode progress;
	int edge, unordered, njobs, shard_set;
	double timeout;
	const char *summary;
};

/* What the library's callbacks share. */
struct run {
	struct opts *o;
	struct cli_paths files;
	struct pe_plan *plan;
	struct cli_progress progress;
	struct pe_stats st;
	struct pe_pool_stats ps;
	int jobs, broken;	/* broken: stdout is a closed pipe */
};

const char *prog = "pe-scan";

/* Tests link a definition that makes a worker hang or crash on a file of
 * a given name (tests/hooks/pe-scan-hooks.c); pe-scan itself has none. */
void pe_scan_test_hook(void *ctx, const char *name) __attribute__((weak));

const char *usage_text =
    "usage: pe-scan [--all | --last] [--edge] [-j N] [--results] "
    "[--shard K/N]\n"
    "               [--since DATE] [--until DATE] [--summary FILE]\n"
    "               [--timeframe TF] [--timeout SEC] [--unordered] "
    "[--digits N]\n"
    "               [--forward-returns N] [--cache-dir DIR] "
    "[--no-cache]\n"
    "               [--cache-max SIZE] [--progress[=bar|jsonl]] "
    "[--no-progress]\n"
    "               [-e EXPR] ... [-f FORMULAS] ... [EXPR] "
    "[PATH ...]\n";

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
    O_CACHE_DIR, O_NO_CACHE, O_CACHE_MAX, O_PROGRESS, O_NO_PROGRESS,
    O_DIGITS };

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
	{ "digits", required_argument, NULL, O_DIGITS },
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
	case O_DIGITS:
		s->digits = cli_digits(optarg);
		s->rounded = 1;
		break;
	default: return 0;
	}
	return 1;
}

/* The options of the run: the pool, the cache, the output. */
static void
run_option(int c, struct opts *o)
{
	switch (c) {
	case 'e': case 'f':
		cli_formula_add(&o->src, optarg, c == 'f', PE_PR_SIGNAL);
		break;
	case 'j': o->njobs = (int)cli_number("-j", optarg, 1, 1024, 0); break;
	case O_EDGE: o->edge = 1; break;
	case O_SUMMARY: o->summary = optarg; break;
	case O_TIMEOUT: o->timeout = cli_seconds("--timeout", optarg); break;
	case O_UNORDERED: o->unordered = 1; break;
	case O_CACHE_DIR: cli_cache_dir(&o->cache, optarg); break;
	case O_NO_CACHE: o->cache.off = 1; break;
	case O_CACHE_MAX: cli_cache_max(&o->cache, optarg); break;
	case O_PROGRESS: o->progress = cli_progress_mode(optarg); break;
	case O_NO_PROGRESS: o->progress = CLI_PROGRESS_NONE; break;
	case 'h': usage(0);
	case O_VERSION: cli_version();
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

/* ---- output ---- */

/* A file's lines to stdout; 1 (the run ends) once stdout is a closed
 * pipe. */
static int
emit(void *ctx, const char *p, size_t len)
{
	struct run *r = ctx;

	if (len > 0 && (fwrite(p, 1, len, stdout) != len ||
	    fflush(stdout) != 0)) {
		if (errno != EPIPE)
			dief(3, "write error on standard output: %s",
			    strerror(errno));
		r->broken = 1;
	}
	return r->broken;
}

static void
progress(void *ctx, size_t done)
{
	struct run *r = ctx;

	cli_progress(&r->progress, done);
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

	if (r->o->cache.dir == NULL)
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
	    r->o->cache.dir);
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
	struct pe_stats_run sr = { r->plan, r->o->scan.fwd, !r->o->scan.last,
	    r->o->cache.dir, elapsed, 0, 0, r->jobs, r->ps.interrupted };
	struct rusage self, kids;	/* peak memory: the parent's own, the
					 * largest worker's */
	struct pe_buf b = { 0 };
	struct pe_atomic *a;
	struct pe_error err;
	FILE *fp;

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

/* Every file through the pool; the run's figures in r. */
static void
scan_all(struct run *r)
{
	struct pe_scan_run run = { r->o->scan, r->files.v, r->files.n, r->jobs,
	    r->o->timeout, r->o->unordered, emit, progress, r };
	struct pe_error err;

	cli_progress_start(&r->progress, r->o->progress, r->files.n, r->jobs);
	if (pe_scan_run(&run, &r->st, &r->ps, &err) != PE_OK)
		die(3, &err);
	cli_progress_end(&r->progress, r->ps.done, r->ps.interrupted);
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

static void
release(struct run *r)
{
	pe_stats_free(&r->st);
	pe_plan_free(r->plan);
	cli_paths_free(&r->files);
	cli_formulas_free(&r->o->src);
	pe_cache_close(r->o->cache.cache);
	free((char *)r->o->scan.cwd);
}

int
main(int argc, char **argv)
{
	static char obuf[1 << 16];
	struct opts o = { .scan = { .last = 1, .since = INT64_MIN,
	    .until = INT64_MAX }, .timeout = 60,
	    .cache = { .max = (uint64_t)500 << 20 } };
	struct run r = { .o = &o };
	double t0 = now();
	int i;

	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	parse_args(argc, argv, &o);
	argc -= optind;
	argv += optind;
	cli_formula_operand(&o.src, &argc, &argv, 0);
	cli_shard_env(&o.scan.shard, o.shard_set);
	r.plan = cli_compile(&o.src, o.edge ? PE_PLAN_EDGE : 0, 1);
	o.scan.plan = r.plan;
	o.scan.before = pe_scan_test_hook;
	for (i = 0; i < argc; i++)
		cli_paths_add(&r.files, argv[i]);
	if (r.files.n == 0)
		dief(2, "no symbols provided");
	cli_cache_open(&o.cache);
	if ((o.scan.cache = o.cache.cache) != NULL)
		o.scan.cwd = getcwd(NULL, 0);	/* for the keys of relative
						 * paths */
	r.jobs = njobs(&o, r.files.n);
	signal(SIGPIPE, SIG_IGN);	/* a closed stdout: EPIPE, then quiet */
	scan_all(&r);
	if (r.broken) {	/* "| head": end as a filter killed by SIGPIPE */
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
		return 0;
	}
	if (!r.ps.interrupted)
		cli_cache_trim(&o.cache, &r.st.cache);
	summary(&r, now() - t0);
	if (r.ps.interrupted)
		i = 128 + r.ps.interrupted;
	else if (ferror(stdout) || fclose(stdout) != 0)
		dief(3, "write error on standard output: %s", strerror(errno));
	else
		i = status(&r);
	release(&r);
	return i;
}
