/*
 * pe-backtest: formulas' signals turned into trades over many symbol
 * files, on pe-scan's pool of forked workers.  See man/pe-backtest.1.
 *
 * The formulas compile into one plan (their tags are the rules), the
 * operands into a list of files.  The library does the rest: pe_scan_run
 * runs one file a job (cache, plan), pe_btscan turns each symbol's run
 * into trades in the worker, and a pe_bt_book gathers them in the parent
 * for the statistics.  What is here: options, output, the summary text.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pe.h"
#include "cli.h"

struct opts {
	struct pe_scan_conf scan;
	struct pe_btscan_conf bt;
	struct cli_formulas src;
	struct cli_pool pool;
	struct cli_symbols syms;
	enum pe_format fmt;
	struct pe_bt_port_conf port;
	int quiet, from_trades, port_set;
	const char *summary, *output, *equity, *rank;
};

/* What the library's callbacks share. */
struct run {
	struct opts *o;
	struct cli_paths files;
	struct pe_plan *plan;
	struct cli_progress progress;
	struct pe_stats st;
	struct pe_pool_stats ps;
	struct pe_bt_book book;
	int jobs, broken, tty;
	double final;		/* --portfolio: the account's last equity */
};

const char *prog = "pe-backtest";

/* Tests link a definition that makes a worker hang or crash on a file of
 * a given name (tests/hooks/pe-scan-hooks.c); pe-backtest itself has
 * none. */
void pe_scan_test_hook(void *ctx, const char *name) __attribute__((weak));

const char *usage_text =
    "usage: pe-backtest [-q] [--fill next-open|close] [--stop P] "
    "[--trail P]\n"
    "                   [--target P] [--max-bars N] [--slippage BPS] "
    "[--fee BPS]\n"
    "                   [-j N] [-o FILE] [--format jsonl|csv] "
    "[--digits N]\n"
    "                   [--per-symbol] [--summary FILE] "
    "[--periods-per-year N]\n"
    "                   [--portfolio] [--capital C] [--max-positions N] "
    "[--rank EXPR]\n"
    "                   [--equity FILE]\n"
    "                   [--symbol NAME] ... [--shard K/N] [--since DATE]\n"
    "                   [--until DATE] [--tz ZONE] [--ref DIR] "
    "[--timeframe TF]\n"
    "                   [--session HH:MM-HH:MM]\n"
    "                   [--timeout SEC] [--unordered]\n"
    "                   [--cache-dir DIR] [--no-cache] [--cache-max SIZE]\n"
    "                   [--progress[=bar|jsonl]] [--no-progress]\n"
    "                   [-e EXPR] ... [-f FORMULAS] ... [FORMULAS] "
    "[PATH ...]\n"
    "       pe-backtest [-q] [--summary FILE] [--digits N] --from-trades "
    "FILE ...\n";

const char *help_text =
    "Backtest formulas over many symbol files: their trades and statistics.\n"
    "\n"
    "Rules (formulas tagged @entry, @exit, @short, @cover):\n"
    "  -e, --expression EXPR  a formula line, [@tag] [name:] expr (repeatable)\n"
    "  -f, --file FILE        the formulas of FILE, one a line (repeatable)\n"
    "      --fill WHEN        next-open (the default) or close\n"
    "      --stop P           exit P% against the entry price\n"
    "      --trail P          exit P% below the best price since the entry\n"
    "      --target P         exit P% in favour of the entry price\n"
    "      --max-bars N       exit at the close N bars after the fill\n"
    "      --slippage BPS     every fill BPS basis points worse\n"
    "      --fee BPS          BPS basis points of each side's value\n"
    "\n"
    "Portfolio:\n"
    "      --portfolio        one account over every symbol\n"
    "      --capital C        its starting cash (default 100000)\n"
    "      --max-positions N  at most N positions at once (default 10)\n"
    "      --rank EXPR        more entries than slots: the highest EXPR first\n"
    "      --equity FILE      the account's daily curve as CSV into FILE\n"
    "\n"
    "Bars:\n"
    "      --since DATE       trade from DATE on\n"
    "      --until DATE       trade until DATE\n"
    "      --tz ZONE          time names, buckets and times out in ZONE\n"
    "      --ref DIR          sym(\"SPY\", x) reads DIR/SPY.csv, not the "
    "input's dir\n"
    "      --symbol NAME      only symbol NAME (repeatable)\n"
    "      --timeframe TF     resample to TF first (1h, 1d, 1w, 1M, ...)\n"
    "      --session HH:MM-HH:MM  only the bars inside the session\n"
    "\n"
    "Output:\n"
    "  -o, --output FILE      write to FILE, whole or not at all\n"
    "      --format FMT       jsonl (the default) or csv\n"
    "      --digits N         numbers to N places (default: exact)\n"
    "      --per-symbol       a stats line after each symbol's trades\n"
    "      --summary FILE     the statistics as JSON into FILE\n"
    "      --periods-per-year N  for Sharpe and Sortino (default 252)\n"
    "      --from-trades      statistics of the trade lines of FILE ...\n"
    "  -q, --quiet            no notes, no summary, no progress\n"
    "      --progress[=bar|jsonl]  progress on stderr\n"
    "      --no-progress      no progress\n"
    "\n"
    "Run:\n"
    "  -j, --jobs N           N workers (default: one a CPU)\n"
    "      --shard K/N        only the K-th of N parts of the symbols\n"
    "      --timeout SEC      give up on a file after SEC seconds\n"
    "      --unordered        symbols as they finish, not in path order\n"
    "      --cache-dir DIR    the cache (default ~/.cache/pe)\n"
    "      --no-cache         no cache\n"
    "      --cache-max SIZE   trim the cache to SIZE (default 500M)\n"
    "  -h, --help             this help\n"
    "      --version          the version\n"
    "\n"
    "Exit status: 0 done, 2 usage or input, 3 a symbol in error or timeout,\n"
    "or an output error.\n"
    "See pe-backtest(1), pe-formula(7).\n";

/* ---- options ---- */

enum { O_FILL = 256, O_STOP, O_TRAIL, O_TARGET, O_MAX_BARS, O_SLIP, O_FEE,
    O_SINCE, O_UNTIL, O_SYMBOL, O_TF, O_FORMAT, O_DIGITS, O_PER_SYMBOL,
    O_SUMMARY, O_PPY, O_FROM, O_VERSION, O_PORTFOLIO, O_CAPITAL, O_MAX_POS, O_RANK, O_EQUITY };

static const struct option longopts[] = {
	{ "expression", required_argument, NULL, 'e' },
	{ "file", required_argument, NULL, 'f' },
	{ "fill", required_argument, NULL, O_FILL },
	{ "stop", required_argument, NULL, O_STOP },
	{ "trail", required_argument, NULL, O_TRAIL },
	{ "target", required_argument, NULL, O_TARGET },
	{ "max-bars", required_argument, NULL, O_MAX_BARS },
	{ "slippage", required_argument, NULL, O_SLIP },
	{ "fee", required_argument, NULL, O_FEE },
	{ "portfolio", no_argument, NULL, O_PORTFOLIO },
	{ "capital", required_argument, NULL, O_CAPITAL },
	{ "max-positions", required_argument, NULL, O_MAX_POS },
	{ "rank", required_argument, NULL, O_RANK },
	{ "equity", required_argument, NULL, O_EQUITY },
	{ "since", required_argument, NULL, O_SINCE },
	{ "tz", required_argument, NULL, CLI_O_TZ },
	{ "ref", required_argument, NULL, CLI_O_REF },
	{ "until", required_argument, NULL, O_UNTIL },
	{ "symbol", required_argument, NULL, O_SYMBOL },
	{ "timeframe", required_argument, NULL, O_TF },
	{ "session", required_argument, NULL, CLI_O_SESSION },
	{ "output", required_argument, NULL, 'o' },
	{ "format", required_argument, NULL, O_FORMAT },
	{ "digits", required_argument, NULL, O_DIGITS },
	{ "per-symbol", no_argument, NULL, O_PER_SYMBOL },
	{ "summary", required_argument, NULL, O_SUMMARY },
	{ "periods-per-year", required_argument, NULL, O_PPY },
	{ "from-trades", no_argument, NULL, O_FROM },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, O_VERSION },
	CLI_POOL_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

/* A percent or basis points: a number from 0 to hi. */
static double
amount(const char *opt, const char *arg, double hi)
{
	char *end;
	double v;

	v = strtod(arg, &end);
	if (end == arg || *end != '\0' || !(v >= 0 && v <= hi))
		dief(2, "invalid %s '%s' (expected a number from 0 to %g)",
		    opt, arg, hi);
	return v;
}

/* The options of the simulation. */
static int
rule_option(int c, struct pe_bt_conf *b)
{
	static const char *const fills[] = { "next-open", "close", NULL };

	switch (c) {
	case O_FILL:
		b->fill_close = cli_word("--fill", optarg, fills,
		    "next-open or close");
		break;
	case O_STOP: b->stop = amount("--stop", optarg, 100); break;
	case O_TRAIL: b->trail = amount("--trail", optarg, 100); break;
	case O_TARGET: b->target = amount("--target", optarg, 1e6); break;
	case O_MAX_BARS:
		b->max_bars = cli_number("--max-bars", optarg, 1, LONG_MAX,
		    "a whole number >= 1");
		break;
	case O_SLIP: b->slippage = amount("--slippage", optarg, 10000); break;
	case O_FEE: b->fee = amount("--fee", optarg, 10000); break;
	default: return 0;
	}
	return 1;
}

/* The options of the portfolio. */
static int
port_option(int c, struct opts *o)
{
	switch (c) {
	case O_PORTFOLIO: o->bt.portfolio = 1; return 1;
	case O_CAPITAL:
		o->port.capital = amount("--capital", optarg, 1e15);
		if (o->port.capital <= 0)
			dief(2, "invalid --capital '%s' (expected a number "
			    "above 0)", optarg);
		break;
	case O_MAX_POS:
		o->port.max_positions = (size_t)cli_number("--max-positions",
		    optarg, 1, 1000000, "1 to 1000000");
		break;
	case O_RANK: o->rank = optarg; break;
	case O_EQUITY: o->equity = optarg; break;
	default: return 0;
	}
	o->port_set = c;
	return 1;
}

/* The options of the bars and the output. */
static int
out_option(int c, struct opts *o)
{
	switch (c) {
	case CLI_O_TZ: cli_tz(optarg); break;
	case CLI_O_REF: o->scan.ref = cli_ref_dir(optarg); break;
	case O_SINCE: o->scan.since = cli_date("--since", optarg, 0); break;
	case O_UNTIL: o->scan.until = cli_date("--until", optarg, 1); break;
	case O_SYMBOL: cli_symbol_add(&o->syms, optarg); break;
	case O_TF: o->scan.tf = cli_timeframe(optarg); break;
	case CLI_O_SESSION: cli_session(optarg, &o->scan.session); break;
	case 'o': o->output = optarg; break;
	case O_FORMAT: o->fmt = cli_format(optarg); break;
	case O_DIGITS: o->bt.digits = cli_digits(optarg); break;
	case O_PER_SYMBOL: o->bt.per_symbol = 1; break;
	case O_SUMMARY: o->summary = optarg; break;
	case O_PPY:
		o->bt.periods_per_year = (double)cli_number(
		    "--periods-per-year", optarg, 1, 1000000, "1 to 1000000");
		break;
	case O_FROM: o->from_trades = 1; break;
	case 'q': o->quiet = 1; break;
	default: return 0;
	}
	return 1;
}

/* The options of the run: formulas, the pool, the cache. */
static void
run_option(int c, struct opts *o)
{
	switch (c) {
	case 'e': case 'f':
		cli_formula_add(&o->src, optarg, c == 'f', PE_PR_SIGNAL);
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
	    -1)
		if (!rule_option(c, &o->bt.bt) && !port_option(c, o) &&
		    !out_option(c, o) && !cli_pool_option(c, &o->pool,
		    &o->scan.shard))
			run_option(c, o);
	if (o->scan.since > o->scan.until)
		dief(2, "--since is later than --until");
	if (o->bt.per_symbol && o->fmt == PE_FMT_CSV)
		dief(2, "--per-symbol needs --format jsonl");
	if (o->port_set && !o->bt.portfolio)
		dief(2, "--%s needs --portfolio", o->port_set == O_CAPITAL ?
		    "capital" : o->port_set == O_MAX_POS ? "max-positions" :
		    o->port_set == O_RANK ? "rank" : "equity");
	if (o->bt.portfolio && o->bt.per_symbol)
		dief(2, "--per-symbol is for a run per symbol, not --portfolio");
	if (o->rank != NULL)
		cli_rank_add(&o->src, o->rank);
	if (o->from_trades && o->src.n > 0)
		dief(2, "--from-trades reads trade lines: no formula goes "
		    "with it");
	o->bt.json = o->fmt != PE_FMT_CSV;
	o->scan.csv = !o->bt.json;
	o->scan.symbols = o->syms.v;
	o->scan.nsymbols = o->syms.n;
	cli_quiet = o->quiet;
}

/* Every signal formula has a rule, and one opens a position. */
static void
check_rules(const struct pe_plan *plan)
{
	const struct pe_plan_formula *f;
	int opens = 0, r;
	size_t i;

	for (i = 0; i < plan->nformulas; i++) {
		f = &plan->formula[i];
		if (f->role != PE_PR_SIGNAL)
			continue;
		if ((r = pe_btscan_rule(f->type)) < 0)
			dief(2, "formula %s has no tag: a rule is @entry, "
			    "@exit, @short or @cover", f->label);
		opens |= r == PE_BT_ENTRY || r == PE_BT_SHORT;
	}
	if (!opens)
		dief(2, "no @entry or @short formula: nothing opens a "
		    "position");
}

/* ---- output ---- */

/* --format csv: the header, before any line. */
static void
csv_header(struct run *r)
{
	struct pe_buf b = { 0 };

	if (r->o->fmt != PE_FMT_CSV)
		return;
	if (pe_bt_trade_header(&b) != PE_OK)
		dief(3, "out of memory");
	cli_put(b.p, b.len, &r->broken);
	free(b.p);
}

/* A symbol's outcome: its trade lines on stdout, its figures into the
 * book, a note on stderr when it is not ok. */
static int
emit(void *ctx, const struct pe_scan_outcome *o)
{
	struct run *r = ctx;
	int rc;

	if (o->status != PE_SCAN_OK || pe_load_symbol_fixed(o->path) ||
	    (r->tty && o->len > 0))
		cli_progress_clear(&r->progress);
	cli_symbol_keep(&r->o->syms, o->symbol);	/* seen */
	cli_outcome_note(o, r->o->quiet);
	if (o->status != PE_SCAN_OK)
		return 0;
	rc = pe_bt_book_record(&r->book, o->symbol, o->data, o->data_len,
	    r->o->bt.portfolio);
	if (rc != PE_OK)
		dief(3, "%s", rc == PE_ERR_NOMEM ? "out of memory" :
		    "a worker's record cannot be read");
	return cli_put(o->text, o->len, &r->broken);
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

/*
 * The statistics of a run per symbol: over every trade, and the curve's
 * figures when the run was one symbol's (over many they are per symbol,
 * in --per-symbol's lines).  *bars: whether the curve's are there.
 */
static void
book_stats(struct run *r, struct pe_bt_stats *s, struct pe_bt_spread *sp,
    int *bars)
{
	*bars = r->book.records == 1 && r->book.nsymbol <= 1;
	if (pe_bt_book_stats(&r->book, s, sp) != PE_OK)
		dief(3, "out of memory");
	if (*bars) {	/* the worker's */
		s->total_return = r->book.one.total_return;
		s->cagr = r->book.one.cagr;
		s->max_drawdown = r->book.one.max_drawdown;
		s->exposure = r->book.one.exposure;
		s->sharpe = r->book.one.sharpe;
		s->sortino = r->book.one.sortino;
		s->buy_hold = r->book.one.buy_hold;
	}
}

/* The summary on stderr (counts: the symbols' and the time's lines, of
 * a run), and --summary's JSON. */
static void
summary(struct run *r, const struct pe_bt_stats *s,
    const struct pe_bt_spread *sp, int bars, int counts, double elapsed)
{
	struct pe_buf b = { 0 };
	size_t n = r->st.ok + r->st.error + r->st.timeout + r->st.skipped;

	if (!r->o->quiet) {
		if (counts)
			fprintf(stderr, "%s: %zu symbol%s: %zu ok, %zu error, "
			    "%zu timeout, %zu skipped%s\n", prog, n, n == 1 ?
			    "" : "s", r->st.ok, r->st.error, r->st.timeout,
			    r->st.skipped, r->ps.interrupted ?
			    " (interrupted)" : "");
		/* an interrupted run's account was never run: its symbols'
		 * trades are counted as without --portfolio */
		if (counts && r->o->bt.portfolio && !r->ps.interrupted)
			fprintf(stderr, "%s: portfolio: %.2f to %.2f, at most "
			    "%zu position%s\n", prog, r->o->port.capital,
			    r->final, r->o->port.max_positions,
			    r->o->port.max_positions == 1 ? "" : "s");
		if (pe_bt_summary_text(&b, prog, s, bars &&
		    !r->o->bt.portfolio ? NULL : sp, bars) != PE_OK)
			dief(3, "out of memory");
		fputs(b.p, stderr);
		if (counts)
			fprintf(stderr, "%s: %.3f s\n", prog, elapsed);
	}
	/* a cut run's figures are of some symbols: no file, as for -o */
	if (r->o->summary != NULL && !r->ps.interrupted) {
		b.len = 0;
		if (pe_bt_summary_json(&b, s, sp, r->o->bt.digits) != PE_OK)
			dief(3, "out of memory");
		cli_write_file(r->o->summary, &b, "summary");
	}
	free(b.p);
}

/* --portfolio: the account over every symbol, its trades on stdout, its
 * curve in --equity's file; the statistics of both. */
static void
portfolio(struct run *r, struct pe_bt_stats *s, struct pe_bt_spread *sp)
{
	struct pe_buf text = { 0 }, curve = { 0 };
	double final;
	int rc;

	rc = pe_bt_book_portfolio(&r->book, &r->o->bt, &r->o->port, &text,
	    r->o->equity != NULL ? &curve : NULL, s, sp, &final);
	if (rc != PE_OK)
		dief(3, "out of memory");
	cli_put(text.p, text.len, &r->broken);
	if (r->o->equity != NULL)
		cli_write_file(r->o->equity, &curve, "equity curve");
	r->final = final;
	free(text.p);
	free(curve.p);
}

/* ---- --from-trades ---- */

/* The trade lines of one file into the book. */
static void
read_trades(struct run *r, const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	struct pe_trade *v;
	struct pe_bt_fig g;
	struct pe_error err;
	size_t n, i;

	if (f == NULL)
		dief(2, "%s: %s", path, strerror(errno));
	if (pe_trade_read(f, path, &v, &n, &err) != PE_OK)
		die(err.code == PE_ERR_DATA ? 3 : 2, &err);
	if (f != stdin)
		fclose(f);
	for (i = 0; i < n; i++) {
		if (v[i].bars < 0)
			dief(3, "%s: a trade of %s without \"bars\"", path,
			    v[i].symbol);
		g = (struct pe_bt_fig){ v[i].ret, v[i].bars, v[i].entry_time,
		    v[i].exit_time, 0 };
		if (pe_bt_book_trade(&r->book, v[i].symbol, &g) != PE_OK)
			dief(3, "out of memory");
	}
	free(v);
}

static int
from_trades(struct run *r, int argc, char **argv)
{
	struct pe_bt_stats s;
	struct pe_bt_spread sp;
	int i, bars;

	if (argc == 0)
		dief(2, "--from-trades needs trade files ('-': the standard "
		    "input)");
	for (i = 0; i < argc; i++)
		read_trades(r, argv[i]);
	book_stats(r, &s, &sp, &bars);
	summary(r, &s, &sp, 0, 0, 0);
	pe_bt_book_free(&r->book);
	return cli_close_stdout();
}

/* ---- main ---- */

/* Every file through the pool; the run's figures in r. */
static void
run_all(struct run *r)
{
	struct pe_scan_run run = { r->o->scan, r->files.v, r->files.n, r->jobs,
	    r->o->pool.timeout, r->o->pool.unordered, INT64_MAX, emit, progress,
	    r, fewer, 0, NULL, r->files.sym };
	struct pe_error err;

	r->tty = isatty(STDOUT_FILENO);
	cli_progress_start(&r->progress, r->o->quiet ? CLI_PROGRESS_NONE :
	    r->o->pool.progress, r->files.n, r->jobs);
	if (pe_scan_run(&run, &r->st, &r->ps, &err) != PE_OK)
		die(3, &err);
	cli_progress_end(&r->progress, r->ps.done, r->ps.interrupted);
}

/* The plan and the paths of the operands; the scan set up to backtest. */
static struct pe_btscan *
prepare(struct run *r, int argc, char **argv)
{
	struct opts *o = r->o;
	const struct pe_plan_formula *rank;
	struct pe_btscan *bt;
	struct pe_error err;
	int i;

	cli_formula_operand(&o->src, &argc, &argv, 0);
	cli_shard_env(&o->scan.shard, o->pool.shard_set);
	r->plan = cli_compile(&o->src, 0, 1);
	check_rules(r->plan);
	if ((rank = cli_rank_formula(r->plan)) != NULL)
		o->bt.rank = (int)(rank - r->plan->formula);
	cli_inputs_check(argc, argv);
	for (i = 0; i < argc; i++)
		cli_paths_add(&r->files, argv[i]);
	if (r->files.n == 0 && r->files.empty != NULL)
		dief(2, "no symbols provided (%s: no *.csv or *.jsonl file)",
		    r->files.empty);
	if (r->files.n == 0)
		dief(2, "no symbols provided");
	o->bt.plan = o->scan.plan = r->plan;
	o->bt.curve = r->files.n == 1;	/* one symbol's figures to show */
	if ((bt = pe_btscan_new(&o->bt, &err)) == NULL)
		die(3, &err);
	o->scan.series = pe_btscan_series;
	o->scan.series_ctx = bt;
	o->scan.before = pe_scan_test_hook;
	cli_cache_open(&o->pool.cache);
	if ((o->scan.cache = o->pool.cache.cache) != NULL)
		o->scan.cwd = getcwd(NULL, 0);
	r->jobs = cli_jobs(o->pool.njobs, r->files.n);
	return bt;
}

/* The exit status of a run that was not cut short. */
static int
status(const struct run *r)
{
	if (r->st.unopened > 0)
		return 2;
	return r->st.error + r->st.timeout > 0 ? 3 : 0;
}

int
main(int argc, char **argv)
{
	static char obuf[1 << 16];
	struct opts o = { .scan = { .since = INT64_MIN, .until = INT64_MAX },
	    .bt = { .digits = PE_NUM_SHORTEST, .rank = -1,
	    .periods_per_year = 252 }, .port = { 100000, 10 },
	    .fmt = PE_FMT_JSONL,
	    .pool = { .timeout = 60, .cache = { .max = (uint64_t)500 << 20 } } };
	struct run r = { .o = &o };
	struct cli_output out;
	struct pe_btscan *bt;
	struct pe_bt_stats s;
	struct pe_bt_spread sp;
	double t0 = cli_now();
	int rc, bars;

	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	parse_args(argc, argv, &o);
	if (o.from_trades)
		return from_trades(&r, argc - optind, argv + optind);
	bt = prepare(&r, argc - optind, argv + optind);
	signal(SIGPIPE, SIG_IGN);	/* a closed stdout: EPIPE, then quiet */
	cli_output_check(o.output, (const char *const *)r.files.v, r.files.n);
	cli_output_open(&out, o.output);
	csv_header(&r);
	run_all(&r);
	if (r.broken) {	/* "| head": end as a filter killed by SIGPIPE */
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
		return 0;
	}
	if (!r.ps.interrupted) {
		cli_cache_trim(&o.pool.cache, &r.st.cache);
		cli_symbols_end(&o.syms);
	}
	if (o.bt.portfolio && !r.ps.interrupted) {
		portfolio(&r, &s, &sp);
		bars = 1;
	} else
		book_stats(&r, &s, &sp, &bars);
	summary(&r, &s, &sp, bars, 1, cli_now() - t0);
	if (r.ps.interrupted) {	/* a cut run leaves no -o file */
		cli_output_abort(&out);
		rc = 128 + r.ps.interrupted;
	} else {
		cli_output_commit(&out);
		rc = cli_close_stdout() + status(&r);
	}
	pe_btscan_free(bt);
	pe_bt_book_free(&r.book);
	pe_stats_free(&r.st);
	pe_plan_free(r.plan);
	cli_paths_free(&r.files);
	cli_formulas_free(&o.src);
	cli_symbols_end(&o.syms);
	pe_cache_close(o.pool.cache.cache);
	free((char *)o.scan.cwd);
	return rc;
}
