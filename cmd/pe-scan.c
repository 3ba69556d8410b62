/*
 * pe-scan: one formula file over many symbol files, in a pool of forked
 * workers.  See man/pe-scan.1 and man/pe-formula.7.
 *
 * The formulas compile into one plan and the operands into a list of
 * files (cli.c).  The library does the rest: pe_pool runs one file a job
 * in -j workers (time limit, crash isolation, files' text in input order
 * or as it comes), pe_scan scans a file in a worker (cache, plan,
 * signals, forward returns) and gathers its outcome into pe_stats in the
 * parent, ranking the lines with --rank.  What is here: options, output,
 * the summary text.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
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
	struct cli_pool pool;
	struct cli_symbols syms;
	enum pe_format fmt;
	int edge, results, quiet;
	int64_t as_of;		/* --as-of; INT64_MIN: the newest last bar */
	const char *summary, *output;
	const char *rank;	/* --rank EXPR, or NULL */
	long top;		/* --top N; 0: every line */
};

/* What the library's callbacks share. */
struct run {
	struct opts *o;
	struct cli_paths files;
	struct pe_plan *plan;
	struct cli_progress progress;
	struct pe_stats st;
	struct pe_pool_stats ps;
	struct pe_buf line;	/* a result line */
	int jobs, broken;	/* broken: stdout is a closed pipe */
	int tty;		/* stdout is a terminal (under the bar) */
};

const char *prog = "pe-scan";

/* Tests link a definition that makes a worker hang or crash on a file of
 * a given name (tests/hooks/pe-scan-hooks.c); pe-scan itself has none. */
void pe_scan_test_hook(void *ctx, const char *name) __attribute__((weak));

const char *usage_text =
    "usage: pe-scan [-q] [--all | --last | --tail N] [--as-of DATE] "
    "[--stale-ok]\n"
    "               [--edge] [-j N] [-o FILE] [--format jsonl|csv] "
    "[--results]\n"
    "               [--symbol NAME] ... [--shard K/N] [--rank EXPR] "
    "[--top N]\n"
    "               [--since DATE] [--until DATE] [--tz ZONE] [--ref DIR]\n"
    "               [--summary FILE] [--timeframe TF] "
    "[--session HH:MM-HH:MM]\n"
    "               [--timeout SEC] [--unordered] [--digits N]\n"
    "               [--forward-returns N] [--cache-dir DIR] "
    "[--no-cache]\n"
    "               [--cache-max SIZE] [--progress[=bar|jsonl]] "
    "[--no-progress]\n"
    "               [-e EXPR] ... [-f FORMULAS] ... [FORMULA] "
    "[PATH ...]\n";

const char *help_text =
    "Scan many symbol files in parallel: the signal lines of every symbol.\n"
    "\n"
    "Formulas:\n"
    "  -e, --expression EXPR  a formula line, [@tag] [name:] expr (repeatable)\n"
    "  -f, --file FILE        the formulas of FILE, one a line (repeatable)\n"
    "      --edge             only the bar where a formula becomes true\n"
    "\n"
    "Bars:\n"
    "      --last             only each symbol's latest bar (the default)\n"
    "      --all              every bar where a formula holds\n"
    "      --tail N           only each symbol's last N bars\n"
    "      --since DATE       only bars at or after DATE\n"
    "      --until DATE       only bars at or before DATE\n"
    "      --tz ZONE          time names, buckets and times out in ZONE\n"
    "      --ref DIR          sym(\"SPY\", x) reads DIR/SPY.csv, not the "
    "input's dir\n"
    "      --as-of DATE       with --last: data ending before DATE is stale\n"
    "      --stale-ok         with --last: evaluate stale data all the same\n"
    "      --symbol NAME      only symbol NAME (repeatable)\n"
    "      --timeframe TF     resample to TF first (1h, 1d, 1w, 1M, ...)\n"
    "      --session HH:MM-HH:MM  only the bars inside the session\n"
    "\n"
    "Output:\n"
    "  -o, --output FILE      write to FILE, whole or not at all\n"
    "      --format FMT       jsonl (the default) or csv\n"
    "      --digits N         numbers to N places (default: exact)\n"
    "      --results          also one result line per symbol (jsonl)\n"
    "      --summary FILE     the run's figures as JSON into FILE\n"
    "      --forward-returns N  the returns N bars after each signal\n"
    "      --rank EXPR        score each signal by EXPR, rank 1 the highest\n"
    "      --top N            with --rank: only the N best (per date with --all)\n"
    "  -q, --quiet            no notes, no summary, no progress\n"
    "      --progress[=bar|jsonl]  progress on stderr\n"
    "      --no-progress      no progress\n"
    "\n"
    "Run:\n"
    "  -j, --jobs N           N workers (default: one a CPU)\n"
    "      --shard K/N        only the K-th of N parts of the files\n"
    "      --timeout SEC      give up on a file after SEC seconds\n"
    "      --unordered        symbols as they finish, not in path order\n"
    "      --cache-dir DIR    the cache of results (default ~/.cache/pe)\n"
    "      --no-cache         no cache\n"
    "      --cache-max SIZE   trim the cache to SIZE (default 500M)\n"
    "  -h, --help             this help\n"
    "      --version          the version\n"
    "\n"
    "Exit status: 0 a match, 1 none, 2 usage or input, 3 a symbol in error\n"
    "or timeout, or an output error.\n"
    "See pe-scan(1), pe-formula(7).\n";

/* ---- options ---- */

enum { O_ALL = 256, O_LAST, O_EDGE, O_RESULTS, O_SUMMARY, O_VERSION,
    O_SINCE, O_UNTIL, O_TF, O_FWD, O_AS_OF, O_STALE_OK, O_TAIL, O_FORMAT,
    O_SYMBOL, O_DIGITS, O_RANK, O_TOP };

static const struct option longopts[] = {
	{ "expression", required_argument, NULL, 'e' },
	{ "file", required_argument, NULL, 'f' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "output", required_argument, NULL, 'o' },
	{ "format", required_argument, NULL, O_FORMAT },
	{ "digits", required_argument, NULL, O_DIGITS },
	{ "symbol", required_argument, NULL, O_SYMBOL },
	{ "tail", required_argument, NULL, O_TAIL },
	{ "as-of", required_argument, NULL, O_AS_OF },
	{ "stale-ok", no_argument, NULL, O_STALE_OK },
	{ "all", no_argument, NULL, O_ALL },
	{ "last", no_argument, NULL, O_LAST },
	{ "edge", no_argument, NULL, O_EDGE },
	{ "results", no_argument, NULL, O_RESULTS },
	{ "since", required_argument, NULL, O_SINCE },
	{ "tz", required_argument, NULL, CLI_O_TZ },
	{ "ref", required_argument, NULL, CLI_O_REF },
	{ "until", required_argument, NULL, O_UNTIL },
	{ "timeframe", required_argument, NULL, O_TF },
	{ "session", required_argument, NULL, CLI_O_SESSION },
	{ "forward-returns", required_argument, NULL, O_FWD },
	{ "summary", required_argument, NULL, O_SUMMARY },
	{ "rank", required_argument, NULL, O_RANK },
	{ "top", required_argument, NULL, O_TOP },
	{ "digits", required_argument, NULL, O_DIGITS },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, O_VERSION },
	CLI_POOL_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

/* The options of the scan itself (what a worker does). */
static int
scan_option(int c, struct pe_scan_conf *s)
{
	switch (c) {
	case O_ALL: s->last = 0, s->tail = 0; break;
	case O_LAST: s->last = 1; break;
	case O_TAIL:
		s->last = 0;
		s->tail = cli_number("--tail", optarg, 1, LONG_MAX,
		    "a whole number >= 1");
		break;
	case CLI_O_TZ: cli_tz(optarg); break;
	case CLI_O_REF: s->ref = cli_ref_dir(optarg); break;
	case O_SINCE: s->since = cli_date("--since", optarg, 0); break;
	case O_UNTIL: s->until = cli_date("--until", optarg, 1); break;
	case O_TF: s->tf = cli_timeframe(optarg); break;
	case CLI_O_SESSION: cli_session(optarg, &s->session); break;
	case O_DIGITS:
		s->digits = cli_digits(optarg);
		s->rounded = 1;
		break;
	case O_FWD:
		s->fwd = cli_number("--forward-returns", optarg, 1, 1000000,
		    "1 to 1000000 bars");
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
	case O_EDGE: o->edge = 1; break;
	case O_RESULTS: o->results = 1; break;
	case 'q': o->quiet = 1; break;
	case 'o': o->output = optarg; break;
	case O_FORMAT: o->fmt = cli_format(optarg); break;
	case O_SYMBOL: cli_symbol_add(&o->syms, optarg); break;
	case O_AS_OF: o->as_of = cli_date("--as-of", optarg, 0); break;
	case O_STALE_OK: o->as_of = INT64_MAX; break;
	case O_SUMMARY: o->summary = optarg; break;
	case O_RANK: o->rank = optarg; break;
	case O_TOP:
		o->top = cli_number("--top", optarg, 1, LONG_MAX,
		    "a whole number >= 1");
		break;
	case 'h': usage(0);
	case O_VERSION: cli_version();
	default: usage(2);
	}
}

static void
parse_args(int argc, char **argv, struct opts *o)
{
	int c;

	cli_tz_first(argc, argv, "e:f:j:o:qh", longopts);
	while ((c = getopt_long(argc, argv, "e:f:j:o:qh", longopts, NULL)) !=
	    -1) {
		if (!scan_option(c, &o->scan) && !cli_pool_option(c,
		    &o->pool, &o->scan.shard))
			run_option(c, o);
	}
	if (o->scan.since > o->scan.until)
		dief(2, "--since is later than --until");
	if (o->results && o->fmt == PE_FMT_CSV)
		dief(2, "--results needs --format jsonl");
	if (o->top > 0 && o->rank == NULL)
		dief(2, "--top needs --rank");
	if (o->rank != NULL)
		cli_rank_add(&o->src, o->rank);
	o->scan.csv = o->fmt == PE_FMT_CSV;
	o->scan.symbols = o->syms.v;
	o->scan.nsymbols = o->syms.n;
	cli_quiet = o->quiet;
}

/* --format csv: the header, before any line. */
static void
csv_header(struct run *r)
{
	struct pe_buf b = { 0 };

	if (r->o->fmt != PE_FMT_CSV)
		return;
	if (pe_scan_header(&r->o->scan, &b) != PE_OK)
		dief(3, "out of memory");
	cli_put(b.p, b.len, &r->broken);
	free(b.p);
}

/* ---- output ---- */

/* A symbol's outcome: its signal lines on stdout, a note on stderr when
 * it is not ok, and with --results its result line on stdout. */
static int
emit(void *ctx, const struct pe_scan_outcome *o)
{
	struct run *r = ctx;

	if (o->status != PE_SCAN_OK || pe_load_symbol_fixed(o->path) ||
	    (r->tty && (o->len > 0 || r->o->results)))
		cli_progress_clear(&r->progress);
	cli_outcome_note(o, r->o->quiet);
	cli_symbol_keep(&r->o->syms, o->symbol);	/* seen */
	if (cli_put(o->text, o->len, &r->broken))
		return 1;
	if (!r->o->results)
		return 0;
	r->line.len = 0;
	if (pe_scan_result(&r->line, o, r->o->scan.rounded ?
	    r->o->scan.digits : PE_NUM_SHORTEST) != PE_OK)
		dief(3, "out of memory");
	return cli_put(r->line.p, r->line.len, &r->broken);
}

/* With --rank: the ranked lines, at the end (under the bar, when stdout
 * shares its terminal). */
static int
ranked(void *ctx, const char *text, size_t len)
{
	struct run *r = ctx;

	if (r->tty)
		cli_progress_clear(&r->progress);
	return cli_put(text, len, &r->broken);
}

static void
progress(void *ctx, size_t done)
{
	struct run *r = ctx;

	cli_progress(&r->progress, done);
}

static void
fewer(void *ctx, int workers, int err)
{
	struct run *r = ctx;

	cli_fewer_note(&r->progress, r->jobs, workers, err);
}

/* ---- the summary ---- */

/* --summary FILE: the JSON, written whole or not at all. */
static void
summary_json(struct run *r, double elapsed)
{
	struct pe_stats_run sr = { r->plan, r->o->scan.fwd, !r->o->scan.last,
	    r->o->pool.cache.dir, elapsed, 0, 0, r->jobs, r->ps.interrupted };
	struct rusage self, kids;	/* peak memory: the parent's own, the
					 * largest worker's */
	struct pe_buf b = { 0 };

	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	sr.rss_parent = self.ru_maxrss;
	sr.rss_worker = kids.ru_maxrss;
	pe_stats_json(&r->st, &sr, &b);
	cli_write_file(r->o->summary, &b, "summary");
	free(b.p);
}

static void
summary(struct run *r, double elapsed)
{
	struct pe_stats_run sr = { r->plan, r->o->scan.fwd, !r->o->scan.last,
	    r->o->pool.cache.dir, elapsed, 0, 0, r->jobs, r->ps.interrupted };
	struct pe_buf b = { 0 };

	if (pe_stats_text(&r->st, &sr, prog, &b) != PE_OK)
		dief(3, "out of memory");
	fputs(b.p, stderr);
	free(b.p);
	if (r->o->summary != NULL)
		summary_json(r, elapsed);
}

/* ---- main ---- */

/* Every file through the pool; the run's figures in r. */
static void
scan_all(struct run *r)
{
	struct pe_scan_run run = { r->o->scan, r->files.v, r->files.n, r->jobs,
	    r->o->pool.timeout, r->o->pool.unordered, r->o->as_of, emit,
	    progress, r, fewer, r->o->top, ranked, r->files.sym };
	struct pe_error err;

	r->tty = isatty(STDOUT_FILENO);
	cli_progress_start(&r->progress, r->o->quiet ? CLI_PROGRESS_NONE :
	    r->o->pool.progress, r->files.n, r->jobs);
	if (pe_scan_run(&run, &r->st, &r->ps, &err) != PE_OK)
		die(3, &err);
	cli_progress_end(&r->progress, r->ps.done, r->ps.interrupted);
	r->jobs = r->ps.workers;	/* what ran: the summary's */
}

/* The exit status of a run that was not cut short. */
static int
status(const struct run *r)
{
	size_t i;

	if (r->st.unopened > 0)
		return 2;
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
	cli_symbols_end(&r->o->syms);
	pe_cache_close(r->o->pool.cache.cache);
	free((char *)r->o->scan.cwd);
	free(r->line.p);
}

int
main(int argc, char **argv)
{
	static char obuf[1 << 16];
	struct opts o = { .scan = { .last = 1, .since = INT64_MIN,
	    .until = INT64_MAX }, .as_of = INT64_MIN, .fmt = PE_FMT_JSONL,
	    .pool = { .timeout = 60, .cache = { .max = (uint64_t)500 << 20 } } };
	struct run r = { .o = &o };
	struct cli_output out;
	double t0 = cli_now();
	int i;

	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	parse_args(argc, argv, &o);
	argc -= optind;
	argv += optind;
	cli_formula_operand(&o.src, &argc, &argv, 0);
	cli_shard_env(&o.scan.shard, o.pool.shard_set);
	if (o.top > 0 && o.scan.shard.n > 0)
		dief(2, "--top ranks every symbol, not a shard's: merge the "
		    "shards' lines, then sort them by \"score\"");
	r.plan = cli_compile(&o.src, o.edge ? PE_PLAN_EDGE : 0, 1);
	o.scan.plan = r.plan;
	o.scan.rank = cli_rank_formula(r.plan);
	o.scan.before = pe_scan_test_hook;
	cli_inputs_check(argc, argv);
	for (i = 0; i < argc; i++)
		cli_paths_add(&r.files, argv[i]);
	if (r.files.n == 0 && r.files.empty != NULL)
		dief(2, "no symbols provided (%s: no *.csv or *.jsonl file)",
		    r.files.empty);
	if (r.files.n == 0)
		dief(2, "no symbols provided");
	cli_cache_open(&o.pool.cache);
	if ((o.scan.cache = o.pool.cache.cache) != NULL)
		o.scan.cwd = getcwd(NULL, 0);	/* for the keys of relative
						 * paths */
	r.jobs = cli_jobs(o.pool.njobs, r.files.n);
	signal(SIGPIPE, SIG_IGN);	/* a closed stdout: EPIPE, then quiet */
	cli_output_check(o.output, (const char *const *)r.files.v, r.files.n);
	cli_output_open(&out, o.output);
	csv_header(&r);
	scan_all(&r);
	if (r.broken) {	/* "| head": end as a filter killed by SIGPIPE */
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
		return 0;
	}
	if (!r.ps.interrupted) {
		cli_cache_trim(&o.pool.cache, &r.st.cache);
		cli_symbols_end(&o.syms);
	}
	if (!o.quiet)
		summary(&r, cli_now() - t0);
	else if (o.summary != NULL)
		summary_json(&r, cli_now() - t0);
	if (r.ps.interrupted) {	/* a cut run leaves no -o file */
		cli_output_abort(&out);
		i = 128 + r.ps.interrupted;
	} else {
		cli_output_commit(&out);
		i = cli_close_stdout() + status(&r);
	}
	release(&r);
	return i;
}
