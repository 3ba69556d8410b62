/*
 * pe-stream: a live candle feed in, signal lines out as each candle
 * arrives.  See man/pe-stream.1.
 *
 * The formulas compile into one plan (as pe-eval's); each input is read
 * in turn through pe_live (lib/io/live.h), so a line is handled the
 * moment it arrives, JSONL or CSV.  Each candle goes to pe_stream_push
 * (lib/run/stream.c: per-symbol rings and incremental plan states, the
 * --symbol filter and the counts) and its lines are written and flushed
 * at once.  SIGUSR1 (statistics) and SIGHUP (reload) only set flags; they
 * are acted on between candles, or inside a read that waits.
 *
 * Bloat: no timers (a bar is final under --on close only when the next
 * one or EOF comes); -o is not atomic (a stream has no end to commit at).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pe.h"
#include "cli.h"
#include "live.h"

struct opts {
	struct pe_stream_conf conf;
	int stats, strict;
	const char *output;	/* -o FILE, or NULL */
	struct cli_symbols syms;
	struct cli_window win;	/* --since and --until */
	struct cli_formulas src;
	struct cli_cache cache;	/* its dir and off: pe-scan's saved states */
};

/* Everything the loop and the signal work share. */
struct run {
	struct opts *o;
	struct pe_plan *plan;
	struct pe_stream *st;
	struct pe_buf out;
	FILE *fp;		/* where the lines go: stdout or -o's FILE */
};

const char *prog = "pe-stream";

static volatile sig_atomic_t got_usr1, got_hup;

const char *usage_text =
    "usage: pe-stream [-q] [--arrival] [--buffer N] [--emit match|all] "
    "[-o FILE]\n"
    "                 [--format csv|jsonl] [--digits N] [--max-symbols N]\n"
    "                 [--min-bars N] [--on once|update|close] "
    "[--shard K/N]\n"
    "                 [--same-time replace|ignore|error] [--stats] "
    "[--strict]\n"
    "                 [--symbol NAME] ... [--since DATE] [--until DATE]\n"
    "                 [--tz ZONE] [--warmup DIR] [--cache-dir DIR] "
    "[--no-cache]\n"
    "                 [-e EXPR] ... [-f FORMULAS] ... [FORMULA] "
    "[INPUT ...]\n";

const char *help_text =
    "Turn a live candle feed into signal lines, bar by bar.\n"
    "\n"
    "Formulas:\n"
    "  -e, --expression EXPR  a formula line, [@tag] [name:] expr (repeatable)\n"
    "  -f, --file FILE        the formulas of FILE, one a line (repeatable)\n"
    "      --emit WHAT        match (the default): lines where a formula holds;\n"
    "                         all: a line per bar, with \"match\"\n"
    "      --on WHEN          once (the default): each candle as it comes, a\n"
    "                         formula firing at most once a bar; update:\n"
    "                         on every candle where it holds; close: each\n"
    "                         bar once it is final\n"
    "\n"
    "Feed:\n"
    "      --buffer N         bars kept per symbol (default 500)\n"
    "      --max-symbols N    at most N symbols (default 100000)\n"
    "      --min-bars N       no signal before a symbol has N bars (default\n"
    "                         200)\n"
    "      --same-time WHAT   a bar at its symbol's last time: replace (the\n"
    "                         default), ignore or error\n"
    "      --strict           a dropped line ends the run (default: count it)\n"
    "      --warmup DIR       prime each symbol with its DIR/SYMBOL.csv, or\n"
    "                         with the state pe-scan --last saved for it\n"
    "      --cache-dir DIR    pe-scan's cache (default ~/.cache/pe)\n"
    "      --no-cache         prime from the files only\n"
    "      --shard K/N        only the symbols of the K-th of N parts\n"
    "\n"
    "Bars:\n"
    "      --since DATE       only lines of bars at or after DATE\n"
    "      --until DATE       only lines of bars at or before DATE\n"
    "      --tz ZONE          time names (hour, day...) in ZONE, not UTC\n"
    "      --symbol NAME      only symbol NAME (repeatable); the name of data\n"
    "                         without one\n"
    "\n"
    "Output:\n"
    "  -o, --output FILE      write to FILE, emptied first, line by line\n"
    "      --format FMT       jsonl (the default) or csv\n"
    "      --digits N         numbers to N places (default: exact)\n"
    "      --arrival          add the time each bar was received\n"
    "      --stats            counts on stderr at the end\n"
    "  -q, --quiet            no notes (warnings and --stats still print)\n"
    "  -h, --help             this help\n"
    "      --version          the version\n"
    "\n"
    "Exit status: 0 done, 2 usage or input, 3 data or output error.\n"
    "See pe-stream(1), pe-formula(7).\n";

/* ---- options ---- */

static void
parse_option(int c, struct opts *o)
{
	static const char *const emit[] = { "match", "all", NULL };
	static const char *const on[] = { "once", "update", "close", NULL };
	static const char *const same[] = { "replace", "ignore", "error",
	    NULL };

	switch (c) {
	case 'e': case 'f':
		cli_formula_add(&o->src, optarg, c == 'f', PE_PR_SIGNAL);
		break;
	case 'o': o->output = optarg; break;
	case 'q': cli_quiet = 1; break;
	case 'A': o->conf.arrival = 1; break;
	case 'B':
		o->conf.buffer = (size_t)cli_number("--buffer", optarg, 1,
		    1000000, NULL);
		break;
	case 'E':
		o->conf.emit_all = cli_word("--emit", optarg, emit,
		    "match or all");
		break;
	case 'M':
		o->conf.max_symbols = (size_t)cli_number("--max-symbols",
		    optarg, 1, 100000000, NULL);
		break;
	case 'm':
		o->conf.min_bars = cli_number("--min-bars", optarg, 1, 1000000,
		    NULL);
		break;
	case 'O':
		o->conf.on = (enum pe_stream_on)cli_word("--on", optarg, on,
		    "once, update or close");
		break;
	case 's':
		o->conf.same_time = (enum pe_same_time)cli_word("--same-time",
		    optarg, same, "replace, ignore or error");
		break;
	case 'K':
		if (pe_shard_parse(optarg, &o->conf.shard, NULL) != PE_OK)
			dief(2, "invalid --shard '%s' (expected K/N, 0 <= K < "
			    "N)", optarg);
		break;
	case 'T': o->stats = 1; break;
	case 'x': o->strict = 1; break;
	case 'W': o->conf.warmup = optarg; break;
	case CLI_O_CACHE_DIR: cli_cache_dir(&o->cache, optarg); break;
	case CLI_O_NO_CACHE: o->cache.off = 1; break;
	case 'D':
		o->conf.digits = cli_digits(optarg);
		o->conf.rounded = 1;
		break;
	case 'F': o->conf.csv = cli_format(optarg) == PE_FMT_CSV; break;
	case 'y': cli_symbol_add(&o->syms, optarg); break;
	case CLI_O_TZ: cli_tz(optarg); break;
	case 'S': o->win.since = cli_date("--since", optarg, 0); break;
	case 'U': o->win.until = cli_date("--until", optarg, 1); break;
	case 'h': usage(0);
	case 'V': cli_version();
	default: usage(2);
	}
}

static void
parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "expression", required_argument, NULL, 'e' },
		{ "file", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "arrival", no_argument, NULL, 'A' },
		{ "buffer", required_argument, NULL, 'B' },
		{ "emit", required_argument, NULL, 'E' },
		{ "max-symbols", required_argument, NULL, 'M' },
		{ "min-bars", required_argument, NULL, 'm' },
		{ "on", required_argument, NULL, 'O' },
		{ "same-time", required_argument, NULL, 's' },
		{ "shard", required_argument, NULL, 'K' },
		{ "stats", no_argument, NULL, 'T' },
		{ "strict", no_argument, NULL, 'x' },
		{ "warmup", required_argument, NULL, 'W' },
		{ "cache-dir", required_argument, NULL, CLI_O_CACHE_DIR },
		{ "no-cache", no_argument, NULL, CLI_O_NO_CACHE },
		{ "digits", required_argument, NULL, 'D' },
		{ "format", required_argument, NULL, 'F' },
		{ "symbol", required_argument, NULL, 'y' },
		{ "since", required_argument, NULL, 'S' },
		{ "tz", required_argument, NULL, CLI_O_TZ },
		{ "until", required_argument, NULL, 'U' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	cli_tz_first(argc, argv, "e:f:o:qh", longopts);
	while ((c = getopt_long(argc, argv, "e:f:o:qh", longopts, NULL)) !=
	    -1)
		parse_option(c, o);
	cli_window_check(&o->win);
	o->conf.symbols = o->syms.v;
	o->conf.nsymbols = o->syms.n;
	o->conf.window = o->win.since != INT64_MIN ||
	    o->win.until != INT64_MAX;
	o->conf.since = o->win.since;
	o->conf.until = o->win.until;
}

/* ---- statistics ---- */

static uint64_t
now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void
print_stats(const struct run *r)
{
	char text[2048], *line, *nl;

	pe_stream_stats_text(r->st, text, sizeof text);
	for (line = text; (nl = strchr(line, '\n')) != NULL; line = nl + 1)
		fprintf(stderr, "%s: %.*s\n", prog, (int)(nl - line), line);
}

/* ---- output ---- */

static void
write_failed(const struct run *r)
{
	if (r->fp != stdout)
		dief(3, "%s: cannot write: %s", r->o->output, strerror(errno));
	dief(3, "write error on standard output: %s", strerror(errno));
}

/* The lines made so far, written and flushed. */
static void
flush_out(struct run *r)
{
	if (r->out.oom)
		dief(3, "out of memory");
	if (r->out.len == 0)
		return;
	if (fwrite(r->out.p, 1, r->out.len, r->fp) != r->out.len ||
	    fflush(r->fp) != 0)
		write_failed(r);
	r->out.len = 0;
}

/* -o FILE (else stdout), emptied now, and the CSV header. */
static void
open_output(struct run *r)
{
	const char *path = r->o->output;

	r->fp = stdout;
	if (path != NULL && strcmp(path, "-") != 0 &&
	    (r->fp = fopen(path, "w")) == NULL)
		dief(3, "%s: cannot write: %s", path, strerror(errno));
	pe_stream_header(r->st, &r->out);
	flush_out(r);
}

static void
close_output(struct run *r)
{
	if (r->fp != stdout && (ferror(r->fp) || fclose(r->fp) != 0))
		write_failed(r);
	cli_close_stdout();
}

/* ---- signals: flags set by the handlers, acted on here ---- */

static void
on_signal(int sig)
{
	if (sig == SIGUSR1)
		got_usr1 = 1;
	else
		got_hup = 1;
}

static void
reload(struct run *r)
{
	struct pe_plan *plan;
	struct pe_error err;

	if ((plan = cli_compile(&r->o->src, 0, 0)) == NULL) {
		warnf("reload failed: keeping the old formulas");
		return;
	}
	if (pe_stream_reload(r->st, plan, &err) != PE_OK) {
		pe_plan_free(plan);
		die(3, &err);
	}
	pe_plan_free(r->plan);
	r->plan = plan;
	notef("reloaded %zu formulas", plan->nformulas);
	pe_stream_header(r->st, &r->out);	/* CSV: the new columns */
	flush_out(r);
}

/* Act on the flags; the input reader calls it too, while it waits. */
static int
handle_flags(void *ctx)
{
	struct run *r = ctx;

	if (got_usr1) {
		got_usr1 = 0;
		print_stats(r);
	}
	if (got_hup) {
		got_hup = 0;
		reload(r);
	}
	return 0;
}

static void
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;	/* no SA_RESTART: a read wakes */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_DFL);	/* "| head" ends us quietly */
}

/* ---- the loop ---- */

/* A dropped line: the warning, and with --strict the end. */
static void
dropped(const struct run *r, const char *path, long line,
    const struct pe_error *err)
{
	char text[PE_ERRMSG_MAX + PE_ERRPATH_MAX + 32];

	if (err->line > 0)
		warnf("%s", pe_error_format(err, text, sizeof text));
	else
		warnf("%s:%ld: %s", path, line, err->msg);
	if (r->o->strict) {
		if (r->o->stats)
			print_stats(r);
		exit(3);
	}
}

static void
process(struct run *r, const struct pe_row *row, const char *path)
{
	struct pe_error err, werr;
	uint64_t t0 = now_ns(CLOCK_MONOTONIC);
	int64_t received = INT64_MIN;
	int rc, warn;

	if (r->o->conf.arrival)
		received = (int64_t)(now_ns(CLOCK_REALTIME) / 1000000u);
	pe_stream_push(r->st, row, received, &r->out, &rc, &err, &warn,
	    &werr);
	if (rc == PE_ERR_NOMEM)
		die(3, &err);
	flush_out(r);
	pe_stream_latency(r->st, now_ns(CLOCK_MONOTONIC) - t0);
	if (warn)
		warnf("warmup: %s", pe_error_format(&werr, (char[PE_ERRMSG_MAX +
		    PE_ERRPATH_MAX + 32]){ 0 }, PE_ERRMSG_MAX + PE_ERRPATH_MAX +
		    32));
	if (rc != PE_OK)
		dropped(r, path, row->line, &err);
}

/* One result of a reader: processed, dropped, or the end (exit 3). */
static void
take(struct run *r, int rc, const struct pe_row *row, enum pe_bad bad,
    const struct pe_error *err, const char *name)
{
	if (rc == PE_OK)
		process(r, row, name);
	else if (rc == PE_ERR_DATA) {
		pe_stream_bad(r->st, bad);
		dropped(r, name, 0, err);
	} else
		die(3, err);
}

/* Every input can be read, before any is: else exit 2 naming it. */
static void
check_inputs(int argc, char **argv)
{
	struct stat sb;
	int i;

	cli_inputs_check(argc, argv);
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0)
			continue;
		if (stat(argv[i], &sb) != 0 || access(argv[i], R_OK) != 0)
			dief(2, "%s: %s", argv[i], strerror(errno));
		if (S_ISDIR(sb.st_mode))
			dief(2, "%s: %s", argv[i], strerror(EISDIR));
	}
}

/* Every candle of an input, as it arrives ("-": stdin). */
static void
run_input(struct run *r, const char *path)
{
	const char *name = strcmp(path, "-") == 0 ? "stdin" : path;
	const char *sym = cli_symbol_name(&r->o->syms);
	char base[256];
	struct pe_error err;
	struct pe_live *in;
	struct pe_row row;
	enum pe_bad bad;
	int fd = 0, rc;

	/* a FIFO's open waits for its writer: a signal may wake it */
	while (strcmp(path, "-") != 0 && (fd = open(path, O_RDONLY)) < 0) {
		if (errno != EINTR)
			dief(2, "%s: %s", path, strerror(errno));
		handle_flags(r);
	}
	if (sym == NULL && strcmp(path, "-") != 0)	/* as the other tools */
		sym = pe_load_symbol_of(path, base, sizeof base);
	if ((in = pe_live_open(fd, name, sym, handle_flags, r)) == NULL)
		dief(3, "out of memory");
	while ((rc = pe_live_next(in, &row, &bad, &err)) != 1) {
		handle_flags(r);
		take(r, rc, &row, bad, &err, name);
	}
	pe_live_free(in);
	if (fd != 0)
		close(fd);
}

/*
 * With --warmup, the cache where pe-scan --last saved states, when it
 * exists (pe-stream never makes one): the warmup takes a file's state
 * from it when it holds one for the file as it is.
 */
static void
open_saved(struct opts *o)
{
	struct pe_error err;
	char msg[PE_ERRMSG_MAX + PE_ERRPATH_MAX + 32];
	struct stat st;
	const char *dir;

	if (o->conf.warmup == NULL || o->cache.off ||
	    (dir = pe_cache_locate(o->cache.dir, o->cache.buf,
	    sizeof o->cache.buf)) == NULL || stat(dir, &st) != 0)
		return;
	if ((o->conf.cache = pe_cache_open(dir, &err)) == NULL) {
		warnf("no saved states: %s", pe_error_format(&err, msg,
		    sizeof msg));
		return;
	}
	o->conf.cwd = getcwd(NULL, 0);	/* as pe-scan keys relative paths */
}

int
main(int argc, char **argv)
{
	static char obuf[1 << 16];
	struct opts o = { .conf = { .buffer = 500, .min_bars = 200,
	    .max_symbols = 100000 }, .win = CLI_WINDOW_ALL };
	struct run r = { .o = &o };
	struct pe_error err;
	char text[512];
	int i;

	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	parse_args(argc, argv, &o);
	argc -= optind;
	argv += optind;
	cli_formula_operand(&o.src, &argc, &argv, 1);
	r.plan = cli_compile(&o.src, 0, 1);
	check_inputs(argc, argv);
	cli_output_check(o.output, (const char *const *)argv, (size_t)argc);
	open_saved(&o);
	if ((r.st = pe_stream_new(r.plan, &o.conf, &err)) == NULL)
		die(3, &err);
	open_output(&r);
	catch_signals();
	for (i = 0; i < argc || i == 0; i++)	/* one after the other */
		run_input(&r, argc ? argv[i] : "-");
	if (pe_stream_finish(r.st, &r.out, &err) != PE_OK)
		die(3, &err);
	flush_out(&r);
	if (pe_stream_short(r.st, text, sizeof text) > 0)
		notef("%s", text);	/* why some symbols said nothing */
	if (o.stats)
		print_stats(&r);
	pe_stream_free(r.st);
	pe_cache_close(o.conf.cache);
	free((char *)o.conf.cwd);
	pe_plan_free(r.plan);
	free(r.out.p);
	free(o.syms.v);
	free(o.syms.seen);
	cli_formulas_free(&o.src);
	close_output(&r);
	return 0;
}
