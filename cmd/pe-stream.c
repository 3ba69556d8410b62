/*
 * pe-stream: a live candle feed in, signal lines out as each candle
 * arrives.  See man/pe-stream.1.
 *
 * The formulas compile into one plan (as pe-eval's); the input is read
 * through pe_live (lib/io/live.h), so a line is handled the moment it
 * arrives, JSONL or CSV.  Each candle goes to pe_stream_push
 * (lib/run/stream.c: per-symbol rings and incremental plan states) and
 * its lines are written and flushed at once.  SIGUSR1 (statistics) and SIGHUP (reload) only set
 * flags; they are acted on between candles, or inside a read that waits.
 *
 * Bloat: one input; no output formats other than JSONL; no timers (a bar
 * is final under --on close only when the next one or EOF comes).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pe.h"
#include "cli.h"
#include "hist.h"
#include "live.h"

struct opts {
	struct pe_stream_conf conf;
	int arrival, stats, strict;
	struct cli_formulas src;
};

/* Everything the loop and the signal work share. */
struct run {
	struct opts *o;
	struct pe_plan *plan;
	struct pe_stream *st;
	struct pe_buf out;
	struct pe_hist lat;
	size_t read, bad[PE_BAD_NKINDS];
};

const char *prog = "pe-stream";

static volatile sig_atomic_t got_usr1, got_hup;

const char *usage_text =
    "usage: pe-stream [--arrival] [--buffer N] [--emit match|all] "
    "[--max-symbols N]\n"
    "                 [--min-bars N] [--on update|close] [--digits N]\n"
    "                 [--same-time replace|ignore|error] [--shard K/N] "
    "[--stats]\n"
    "                 [--strict] [--warmup DIR] [-e EXPR] ... "
    "[-f FORMULAS] ...\n"
    "                 [EXPR] [FILE]\n";

const char *help_text =
    "Turn a live candle feed into signal lines, bar by bar.\n"
    "\n"
    "Formulas:\n"
    "  -e, --expression EXPR  a formula line, [@tag] [name:] expr (repeatable)\n"
    "  -f, --file FILE        the formulas of FILE, one a line (repeatable)\n"
    "      --emit WHAT        match (the default): lines where a formula holds;\n"
    "                         all: a line per bar, with \"match\"\n"
    "      --on WHEN          update (the default): each candle as it comes;\n"
    "                         close: each bar once it is final\n"
    "\n"
    "Feed:\n"
    "      --buffer N         bars kept per symbol (default 500)\n"
    "      --max-symbols N    at most N symbols (default 100000)\n"
    "      --min-bars N       no signal before a symbol has N bars (default\n"
    "                         200)\n"
    "      --same-time WHAT   a bar at its symbol's last time: replace (the\n"
    "                         default), ignore or error\n"
    "      --strict           a dropped line ends the run (default: count it)\n"
    "      --warmup DIR       prime each symbol with its DIR/SYMBOL.csv\n"
    "      --shard K/N        only the symbols of the K-th of N parts\n"
    "\n"
    "Output:\n"
    "      --digits N         numbers to N places (default: exact)\n"
    "      --arrival          add the time each bar was received\n"
    "      --stats            counts on stderr at the end\n"
    "  -h, --help             this help\n"
    "      --version          the version\n"
    "\n"
    "Exit status: 0 done, 2 usage or input, 3 data or output error.\n"
    "See pe-stream(1), pe-formula(7).\n";

/* ---- options ---- */

static void
parse_args(int argc, char **argv, struct opts *o)
{
	enum { O_ARRIVAL = 256, O_BUFFER, O_EMIT, O_MAXSYM, O_MINBARS, O_ON,
	    O_SAME, O_SHARD, O_STATS, O_STRICT, O_WARMUP, O_VERSION,
	    O_DIGITS };
	static const struct option longopts[] = {
		{ "expression", required_argument, NULL, 'e' },
		{ "file", required_argument, NULL, 'f' },
		{ "arrival", no_argument, NULL, O_ARRIVAL },
		{ "buffer", required_argument, NULL, O_BUFFER },
		{ "emit", required_argument, NULL, O_EMIT },
		{ "max-symbols", required_argument, NULL, O_MAXSYM },
		{ "min-bars", required_argument, NULL, O_MINBARS },
		{ "on", required_argument, NULL, O_ON },
		{ "same-time", required_argument, NULL, O_SAME },
		{ "shard", required_argument, NULL, O_SHARD },
		{ "stats", no_argument, NULL, O_STATS },
		{ "strict", no_argument, NULL, O_STRICT },
		{ "warmup", required_argument, NULL, O_WARMUP },
		{ "digits", required_argument, NULL, O_DIGITS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const emit[] = { "match", "all", NULL };
	static const char *const on[] = { "update", "close", NULL };
	static const char *const same[] = { "replace", "ignore", "error",
	    NULL };
	int c;

	while ((c = getopt_long(argc, argv, "e:f:h", longopts, NULL)) != -1)
		switch (c) {
		case 'e': case 'f':
			cli_formula_add(&o->src, optarg, c == 'f',
			    PE_PR_SIGNAL);
			break;
		case O_ARRIVAL: o->arrival = 1; break;
		case O_BUFFER:
			o->conf.buffer = (size_t)cli_number("--buffer", optarg,
			    1, 1000000, NULL);
			break;
		case O_EMIT:
			o->conf.emit_all = cli_word("--emit", optarg, emit,
			    "match or all");
			break;
		case O_MAXSYM:
			o->conf.max_symbols = (size_t)cli_number(
			    "--max-symbols", optarg, 1, 100000000, NULL);
			break;
		case O_MINBARS:
			o->conf.min_bars = cli_number("--min-bars", optarg, 1,
			    1000000, NULL);
			break;
		case O_ON:
			o->conf.on_close = cli_word("--on", optarg, on,
			    "update or close");
			break;
		case O_SAME:
			o->conf.same_time = (enum pe_same_time)cli_word(
			    "--same-time", optarg, same,
			    "replace, ignore or error");
			break;
		case O_SHARD:
			if (pe_shard_parse(optarg, &o->conf.shard, NULL) !=
			    PE_OK)
				dief(2, "invalid --shard '%s' (expected K/N, "
				    "0 <= K < N)", optarg);
			break;
		case O_STATS: o->stats = 1; break;
		case O_STRICT: o->strict = 1; break;
		case O_WARMUP: o->conf.warmup = optarg; break;
		case O_DIGITS:
			o->conf.digits = cli_digits(optarg);
			o->conf.rounded = 1;
			break;
		case 'h': usage(0);
		case O_VERSION: cli_version();
		default: usage(2);
		}
}

/* ---- statistics ---- */

static uint64_t
now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Resident memory in KiB (/proc/self/statm), 0 when unknown. */
static long
rss_kib(void)
{
	long pages = 0, rss = 0;
	FILE *fp;

	if ((fp = fopen("/proc/self/statm", "r")) == NULL)
		return 0;
	if (fscanf(fp, "%ld %ld", &pages, &rss) != 2)
		rss = 0;
	fclose(fp);
	return rss * (sysconf(_SC_PAGESIZE) / 1024);
}

static void
print_stats(const struct run *r)
{
	const struct pe_stream_stats *s = pe_stream_stats(r->st);
	static const enum pe_stream_fate rej[] = { PE_ST_OLDER,
	    PE_ST_SAME_TIME, PE_ST_TOO_MANY };
	size_t k, nrej = 0;
	char why[512];
	int len = 0;

	for (k = 1; k < PE_BAD_NKINDS; k++)
		if (r->bad[k] > 0) {
			nrej += r->bad[k];
			len += snprintf(why + len, sizeof why - (size_t)len,
			    "%s%zu %s", len ? ", " : "", r->bad[k],
			    pe_bad_name((enum pe_bad)k));
		}
	for (k = 0; k < sizeof rej / sizeof *rej; k++)
		if (s->fate[rej[k]] > 0) {
			nrej += s->fate[rej[k]];
			len += snprintf(why + len, sizeof why - (size_t)len,
			    "%s%zu %s", len ? ", " : "", s->fate[rej[k]],
			    pe_stream_fate_name(rej[k]));
		}
	fprintf(stderr, "%s: %zu lines read, %zu processed, %zu replaced, "
	    "%zu ignored, %zu rejected%s%s%s, %zu other shard\n", prog,
	    r->read, s->fate[PE_ST_PROCESSED], s->fate[PE_ST_REPLACED],
	    s->fate[PE_ST_IGNORED], nrej, len ? " (" : "", len ? why : "",
	    len ? ")" : "", s->fate[PE_ST_OTHER_SHARD]);
	fprintf(stderr, "%s: %zu signals, %zu symbols (%zu warmed up, %zu "
	    "bars), latency p50 %.2f us, p99 %.2f us, max %.2f us, "
	    "rss %ld KiB\n", prog, s->signals, s->symbols, s->warmed,
	    s->warmup_bars, pe_hist_quantile(&r->lat, 0.5) / 1e3,
	    pe_hist_quantile(&r->lat, 0.99) / 1e3, r->lat.max / 1e3,
	    rss_kib());
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
	warnf("reloaded %zu formulas", plan->nformulas);
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

static void
flush_out(struct run *r)
{
	if (r->out.oom)
		dief(3, "out of memory");
	if (r->out.len == 0)
		return;
	if (fwrite(r->out.p, 1, r->out.len, stdout) != r->out.len ||
	    fflush(stdout) != 0)
		dief(3, "write error on standard output: %s", strerror(errno));
	r->out.len = 0;
}

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

	if (r->o->arrival)
		received = (int64_t)(now_ns(CLOCK_REALTIME) / 1000000u);
	pe_stream_push(r->st, row, received, &r->out, &rc, &err, &warn,
	    &werr);
	if (rc == PE_ERR_NOMEM)
		die(3, &err);
	flush_out(r);
	pe_hist_add(&r->lat, now_ns(CLOCK_MONOTONIC) - t0);
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
	if (rc == PE_OK) {
		r->read++;
		process(r, row, name);
	} else if (rc == PE_ERR_DATA) {
		r->read++;
		r->bad[bad]++;
		dropped(r, name, 0, err);
	} else
		die(3, err);
}

/* Every candle of the input, as it arrives. */
static void
run_input(struct run *r, const char *path)
{
	const char *name = strcmp(path, "-") == 0 ? "stdin" : path;
	struct pe_error err;
	struct pe_live *in;
	struct pe_row row;
	enum pe_bad bad;
	int fd = 0, rc;

	if (strcmp(path, "-") != 0 && (fd = open(path, O_RDONLY)) < 0)
		dief(2, "%s: %s", path, strerror(errno));
	if ((in = pe_live_open(fd, name, handle_flags, r)) == NULL)
		dief(3, "out of memory");
	while ((rc = pe_live_next(in, &row, &bad, &err)) != 1) {
		handle_flags(r);
		take(r, rc, &row, bad, &err, name);
	}
	pe_live_free(in);
	if (fd != 0)
		close(fd);
}

int
main(int argc, char **argv)
{
	static char obuf[1 << 16];
	struct opts o = { .conf = { .buffer = 500, .min_bars = 200,
	    .max_symbols = 100000 } };
	struct run r = { .o = &o };
	struct pe_error err;

	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	parse_args(argc, argv, &o);
	argc -= optind;
	argv += optind;
	cli_formula_operand(&o.src, &argc, &argv, 1);
	if (argc > 1) {
		warnf("one input at most");
		usage(2);
	}
	r.plan = cli_compile(&o.src, 0, 1);
	if ((r.st = pe_stream_new(r.plan, &o.conf, &err)) == NULL)
		die(3, &err);
	catch_signals();
	run_input(&r, argc ? argv[0] : "-");
	if (pe_stream_finish(r.st, &r.out, &err) != PE_OK)
		die(3, &err);
	flush_out(&r);
	if (o.stats)
		print_stats(&r);
	pe_stream_free(r.st);
	pe_plan_free(r.plan);
	free(r.out.p);
	cli_formulas_free(&o.src);
	if (ferror(stdout) || fclose(stdout) != 0)
		dief(3, "write error on standard output: %s", strerror(errno));
	return 0;
}
