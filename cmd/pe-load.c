/*
 * pe-load: read vendor candle files, validate, sort, de-duplicate,
 * resample, keep the symbols and bars asked for, and write canonical CSV
 * (or JSONL) to stdout or one file per symbol.  See man/pe-load.1.
 *
 * Every input is read whole into one set (pe_load_path); --symbol picks
 * series from it, and --since, --until and --tail cut each one after
 * resampling, so with --merge the window selects the new candles that
 * are merged, never the ones already in the files.
 *
 * With -o DIR, a run holds DIR/.pe-load.lock from before it reads the
 * first file there until it ends, so two runs into one directory (a cron
 * overlapping the next, a backfill) take turns instead of each replacing
 * what the other merged.  The run first removes the temporaries a killed
 * run left there.
 *
 * Bloat: no streaming (a file per symbol needs the whole symbol), no
 * per-file lines under --merge (one summary: a nightly run over 5000
 * symbols would mail 5000 lines), no timeout on the lock (a run that
 * waits says so once).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pe.h"
#include "cli.h"

struct opts {
	struct pe_read_opts read;
	struct cli_symbols syms;
	struct cli_window win;
	char *outdir;		/* -o, without trailing slashes; owned */
	const char *tz;
	int64_t tf;
	struct pe_session session;
	int merge, skip_bad, digits;
	enum pe_format fmt;
};

/* The series to write, in order (the set owns them). */
struct list {
	struct pe_series **v;
	size_t n;
};

/* What an -o DIR --merge run did to the files, for its summary note. */
struct tally {
	size_t files, created, added, replaced;
};

const char *prog = "pe-load";

/* The lock file in -o DIR (man/pe-load.1, FILES). */
#define LOCK_NAME ".pe-load.lock"

/* A temporary older than this was left by a run that was killed. */
#define STALE_AGE (24 * 60 * 60L)

const char *usage_text =
    "usage: pe-load [-q] [-d DELIM] [-o DIR|DB [--merge]] [--symbol NAME] ...\n"
    "               [--since DATE] [--until DATE] [--tail N | --last]\n"
    "               [--timeframe TF] [--session HH:MM-HH:MM]\n"
    "               [--format csv|jsonl] [--digits N]\n"
    "               [--date-format FMT] [--tz ZONE] [--decimal-comma]\n"
    "               [--vendor NAME] [--columns LIST] [--volume WHICH]\n"
    "               [--adjusted] [--skip-bad] [INPUT ...]\n";

const char *help_text =
    "Normalise candle files into canonical candle CSV or JSONL.\n"
    "\n"
    "Input:\n"
    "  -d, --delimiter DELIM  the field separator (default: the header's)\n"
    "      --date-format FMT  times in FMT (strptime), not ISO 8601\n"
    "      --tz ZONE          local times in ZONE, written so; days in ZONE\n"
    "      --decimal-comma    numbers written 1.234,5\n"
    "      --vendor NAME      read as NAME's layout (default: detected)\n"
    "      --columns LIST     the columns of a file without a header\n"
    "      --volume WHICH     auto, base, quote (Binance) or tick (MetaTrader)\n"
    "      --skip-bad         skip bad rows and count them, instead of failing\n"
    "      --adjusted         prices scaled by the adj close column\n"
    "\n"
    "Bars:\n"
    "      --symbol NAME      only symbol NAME (repeatable); the name of data\n"
    "                         without one\n"
    "      --since DATE       only bars at or after DATE\n"
    "      --until DATE       only bars at or before DATE\n"
    "      --tail N           only each symbol's last N bars\n"
    "      --last             only each symbol's latest bar\n"
    "      --timeframe TF     resample to TF (1h, 1d, 1w, 1M, 1q, 1y, ...)\n"
    "      --session HH:MM-HH:MM  only the bars inside the session\n"
    "\n"
    "Output:\n"
    "  -o, --output DIR       one file per symbol in DIR, each whole or not at all\n"
    "  -o, --output DB        into a SQLite database (.db, .sqlite, sqlite:PATH)\n"
    "      --merge            with -o: add to the files or rows there, newer\n"
    "                         bars win\n"
    "      --format FMT       csv (the default) or jsonl\n"
    "      --digits N         numbers to N places (default: exact)\n"
    "  -q, --quiet            no notes (skipped bad rows are still said)\n"
    "  -h, --help             this help\n"
    "      --version          the version\n"
    "\n"
    "Exit status: 0 done, 2 usage or input, 3 data or output error.\n"
    "See pe-load(1).\n";

static char
parse_delim(const char *s)
{
	if (strcmp(s, "\\t") == 0 || strcmp(s, "tab") == 0)
		return '\t';
	if (strlen(s) != 1 || strchr(",;\t|", s[0]) == NULL)
		dief(2, "invalid delimiter '%s' (expected , ; tab or |)", s);
	return s[0];
}

/* -o DIR without its trailing slashes ("data/" is "data"; "/" stays). */
static char *
dir_name(const char *arg)
{
	char *dir = xstrdup(arg);
	size_t n = strlen(dir);

	if (n == 0)
		dief(2, "invalid -o '' (expected a directory)");
	while (n > 1 && dir[n - 1] == '/')
		dir[--n] = '\0';
	return dir;
}

static void
parse_option(int c, struct opts *o)
{
	switch (c) {
	case 'd': o->read.delim = parse_delim(optarg); break;
	case 'o': free(o->outdir); o->outdir = dir_name(optarg); break;
	case 'q': cli_quiet = 1; break;
	case 'M': o->merge = 1; break;
	case 'y': cli_symbol_add(&o->syms, optarg); break;
	case 'S': o->win.since = cli_date("--since", optarg, 0); break;
	case 'U': o->win.until = cli_date("--until", optarg, 1); break;
	case 'T':
		o->win.tail = cli_number("--tail", optarg, 0, LONG_MAX,
		    "a whole number >= 0");
		break;
	case 'L': o->win.tail = 1; break;
	case 'r': o->tf = cli_timeframe(optarg); break;
	case CLI_O_SESSION: cli_session(optarg, &o->session); break;
	case 'F': o->fmt = cli_format(optarg); break;
	case 'D': o->digits = cli_digits(optarg); break;
	case 'f': o->read.date_format = optarg; break;
	case CLI_O_TZ: o->tz = optarg; break;
	case 'c': o->read.decimal_comma = 1; break;
	case 'e':
		if (pe_vendor_parse(optarg, &o->read.vendor) != 0)
			dief(2, "unknown --vendor '%s' (expected one of %s)",
			    optarg, PE_VENDORS);
		break;
	case 'C':
		if (optarg[0] == '\0')
			dief(2, "invalid --columns '' (expected names, "
			    "comma-separated)");
		o->read.columns = optarg;
		break;
	case 'u':
		if (pe_volume_parse(optarg, &o->read.volume) != 0)
			dief(2, "invalid --volume '%s' (expected auto, base, "
			    "quote or tick)", optarg);
		break;
	case 'a': o->read.adjusted = 1; break;
	case 'k': o->skip_bad = 1; break;
	case 'h': usage(0);
	case 'V': cli_version();
	default: usage(2);
	}
}

static void
parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "delimiter", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "merge", no_argument, NULL, 'M' },
		{ "symbol", required_argument, NULL, 'y' },
		{ "since", required_argument, NULL, 'S' },
		{ "until", required_argument, NULL, 'U' },
		{ "tail", required_argument, NULL, 'T' },
		{ "last", no_argument, NULL, 'L' },
		{ "timeframe", required_argument, NULL, 'r' },
		{ "session", required_argument, NULL, CLI_O_SESSION },
		{ "format", required_argument, NULL, 'F' },
		{ "digits", required_argument, NULL, 'D' },
		{ "date-format", required_argument, NULL, 'f' },
		{ "tz", required_argument, NULL, CLI_O_TZ },
		{ "decimal-comma", no_argument, NULL, 'c' },
		{ "vendor", required_argument, NULL, 'e' },
		{ "columns", required_argument, NULL, 'C' },
		{ "volume", required_argument, NULL, 'u' },
		{ "adjusted", no_argument, NULL, 'a' },
		{ "skip-bad", no_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	cli_tz_first(argc, argv, "d:o:qh", longopts);
	while ((c = getopt_long(argc, argv, "d:o:qh", longopts, NULL)) != -1)
		parse_option(c, o);
	if (o->merge && o->outdir == NULL)
		dief(2, "--merge needs -o DIR");
	if (o->outdir != NULL && pe_db_name(o->outdir, 1) != NULL &&
	    (o->fmt != PE_FMT_CSV || o->digits != PE_NUM_SHORTEST))
		dief(2, "-o %s: a database keeps numbers exact, with no "
		    "--format or --digits", o->outdir);
	if (o->read.decimal_comma && o->read.delim == ',')
		dief(2, "--decimal-comma cannot go with -d ','");
	cli_window_check(&o->win);
	o->read.symbol = cli_symbol_name(&o->syms);
	if (o->tz != NULL) {
		cli_tz(o->tz);
		o->read.local_tz = 1;
	}
}

/* ---- input ---- */

/* Skipped rows are data lost: a warning, said even with -q. */
static void
warn_skipped(const char *name, const size_t *bad)
{
	char text[256];

	if (pe_bad_summary(bad, text, sizeof text) > 0)
		warnf("%s: skipped %s", name, text);
}

/* Every input into set; returns whether a symbol column was seen. */
static int
read_inputs(int argc, char **argv, const struct opts *o, struct pe_set *set)
{
	static char *stdin_only[] = { "-" };
	struct pe_read_opts ro;
	struct pe_load_info info;
	struct pe_error err;
	const char *name;
	char sym[256];
	size_t bad[PE_BAD_NKINDS];
	int i, rc, has, any = 0;

	if (argc == 0) {
		argc = 1;
		argv = stdin_only;
	}
	for (i = 0; i < argc; i++) {
		name = strcmp(argv[i], "-") == 0 ? "stdin" : argv[i];
		ro = o->read;
		if (ro.symbol == NULL)
			ro.symbol = pe_load_symbol_of(argv[i], sym, sizeof sym);
		memset(bad, 0, sizeof bad);
		rc = pe_load_path_info(argv[i], &ro, set, o->skip_bad, bad,
		    &info, &err);
		if (rc != PE_OK)
			die(rc == PE_ERR_IO && err.line == 0 ? 2 : 3, &err);
		has = info.has_symbol;
		if (info.note[0] != '\0')
			notef("%s: %s", name, info.note);
		if (o->read.symbol == NULL && !has)
			cli_symbol_of_note(argv[i]);
		if (!has && o->syms.n > 1)
			dief(2, "%s: no symbol column, so one --symbol names "
			    "its candles (got %zu)", name, o->syms.n);
		warn_skipped(name, bad);
		any |= has;
	}
	return any;
}

/*
 * The series of the symbols --symbol asks for (every one without it),
 * into l; the others are counted in one note (cli_symbols_end says the
 * names asked for that no input had).
 */
static void
pick_symbols(const struct pe_set *set, struct cli_symbols *syms,
    struct list *l)
{
	size_t i, nsym = 0, ncandle = 0;

	l->v = xcalloc(set->n, sizeof *l->v);
	for (i = 0; i < set->n; i++) {
		if (cli_symbol_keep(syms, set->v[i]->symbol))
			l->v[l->n++] = set->v[i];
		else {
			nsym++;
			ncandle += set->v[i]->n;
		}
	}
	if (nsym > 0)
		notef("%zu symbol%s not asked for left out (%zu candle%s)",
		    nsym, nsym == 1 ? "" : "s", ncandle,
		    ncandle == 1 ? "" : "s");
}

/* ---- the bars of each symbol ---- */

/* Keep the candles [lo, hi) of s. */
static void
cut(struct pe_series *s, size_t lo, size_t hi)
{
	double *col[] = { s->open, s->high, s->low, s->close, s->volume };
	size_t k, n = hi - lo;

	memmove(s->time, s->time + lo, n * sizeof *s->time);
	for (k = 0; k < sizeof col / sizeof col[0]; k++)
		memmove(col[k], col[k] + lo, n * sizeof(double));
	s->n = n;
}

/*
 * Sort, de-duplicate (noting the duplicates) and resample each series,
 * then keep the bars of the window; a symbol left with none is not
 * written.
 */
static void
normalize_all(struct list *l, const struct opts *o)
{
	struct pe_series *s;
	size_t i, n = 0, dups, lo, hi;

	for (i = 0; i < l->n; i++) {
		s = l->v[i];
		if (pe_series_normalize(s, &dups) != PE_OK)
			dief(3, "out of memory");
		if (dups > 0)
			notef("%s: %zu row%s with a duplicate time (the last "
			    "one kept)", s->symbol, dups, dups == 1 ? "" : "s");
		if (o->tf != 0 || o->session.on)
			pe_series_resample(s, o->tf, &o->session);
		if (o->tf == 0)	/* a daily file with times: dates */
			pe_series_dates(s);
		cli_window_range(&o->win, s, &lo, &hi);
		if (s->n > 0 && (lo > 0 || hi < s->n))
			cut(s, lo, hi);
		if (s->n > 0)
			l->v[n++] = s;
	}
	l->n = n;
}

/* ---- output ---- */

/* Fold the file at path under s, and count what changed into t. */
static void
merge_file(const char *path, struct pe_series *s, struct tally *t)
{
	struct pe_merge m;
	struct pe_error err;

	if (pe_load_merge(path, s, &m, &err) != PE_OK)
		die(3, &err);
	if (m.dups > 0)
		notef("%s: %zu row%s with a duplicate time (the last one "
		    "kept)", path, m.dups, m.dups == 1 ? "" : "s");
	t->created += (size_t)m.created;
	t->added += m.added;
	t->replaced += m.replaced;
}

/* Refuse, before anything is written, a symbol that is no safe name. */
static void
check_names(const struct list *l)
{
	struct pe_error err;
	const char *why;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (pe_symbol_check(l->v[i]->symbol, &why) != 0) {
			pe_error_set(&err, PE_ERR_DATA, NULL, 0, 0,
			    "unsafe symbol '%.64s' for a file name: %s",
			    l->v[i]->symbol, why);
			die(3, &err);
		}
}

static void
write_file(const char *name, const char *path, const struct pe_series *s,
    const struct opts *o)
{
	struct pe_writer *w;
	struct pe_atomic *a;
	struct pe_error err;
	FILE *fp;

	if ((a = pe_atomic_open(o->outdir, name, &fp, &err)) == NULL)
		die(3, &err);
	if ((w = pe_writer_new(fp, o->fmt, 0)) == NULL ||
	    pe_writer_digits(w, o->digits, &err) != PE_OK)
		dief(3, "out of memory");
	if (pe_writer_header(w, &err) != PE_OK ||
	    pe_writer_series(w, s, 0, s->n, &err) ||
	    pe_writer_free(w, &err) != PE_OK ||
	    pe_atomic_commit(a, &err) != PE_OK)
		dief(3, "%s: %s", path, err.msg);
}

/*
 * Take the lock of dir (sep between it and a name) for the rest of the
 * run, saying so when another run holds it.
 */
static void
lock_dir(const char *dir, const char *sep)
{
	struct pe_error err;
	char path[4096];
	int fd;

	if ((size_t)snprintf(path, sizeof path, "%s%s%s", dir, sep,
	    LOCK_NAME) >= sizeof path)
		dief(2, "%s: path too long", dir);
	if (pe_file_lock(path, 0, &fd, &err) != PE_OK)
		die(3, &err);
	if (fd < 0) {
		notef("%s: waiting for another pe-load (%s)", dir, path);
		if (pe_file_lock(path, 1, &fd, &err) != PE_OK)
			die(3, &err);
	}
	/* fd stays open: the lock is released when the run ends. */
}

/*
 * Remove the temporaries that runs killed more than a day ago left in
 * dir.  Housekeeping: a directory that cannot be listed is warned about,
 * and the run goes on.
 */
static void
sweep_dir(const char *dir)
{
	static const char *const exts[] = { "csv", "jsonl", NULL };
	char buf[PE_ERRMSG_MAX + PE_ERRPATH_MAX + 32];
	struct pe_error err;
	size_t n;

	if (pe_atomic_sweep(dir, exts, STALE_AGE, &n, &err) != PE_OK)
		warnf("%s", pe_error_format(&err, buf, sizeof buf));
	else if (n > 0)
		notef("%s: removed %zu stale temporar%s", dir, n,
		    n == 1 ? "y" : "ies");
}

static void
write_dir(const struct list *l, const struct opts *o)
{
	const char *ext = o->fmt == PE_FMT_CSV ? "csv" : "jsonl";
	const char *sep = strcmp(o->outdir, "/") == 0 ? "" : "/";
	struct tally t = { 0 };
	char name[512], path[4096];
	size_t i;

	check_names(l);
	if (mkdir(o->outdir, 0777) != 0 && errno != EEXIST)
		dief(2, "%s: %s", o->outdir, strerror(errno));
	lock_dir(o->outdir, sep);
	sweep_dir(o->outdir);
	for (i = 0; i < l->n; i++) {
		snprintf(name, sizeof name, "%s.%s", l->v[i]->symbol, ext);
		if ((size_t)snprintf(path, sizeof path, "%s%s%s", o->outdir,
		    sep, name) >= sizeof path)
			dief(2, "%s: path too long", o->outdir);
		if (o->merge)
			merge_file(path, l->v[i], &t);
		write_file(name, path, l->v[i], o);
		t.files++;
	}
	if (o->merge)
		notef("%s: %zu file%s (%zu new), %zu candle%s added, %zu "
		    "replaced", o->outdir, t.files, t.files == 1 ? "" : "s",
		    t.created, t.added, t.added == 1 ? "" : "s", t.replaced);
}

static void
write_stdout(const struct list *l, const struct opts *o, int with_symbol)
{
	struct pe_writer *w;
	struct pe_error err;
	size_t i;

	if ((w = pe_writer_new(stdout, o->fmt, with_symbol)) == NULL ||
	    pe_writer_digits(w, o->digits, &err) != PE_OK)
		dief(3, "out of memory");
	if (pe_writer_header(w, &err) != PE_OK)
		goto fail;
	for (i = 0; i < l->n; i++)
		if (pe_writer_series(w, l->v[i], 0, l->v[i]->n, &err))
			goto fail;
	if (pe_writer_free(w, &err) == PE_OK && fclose(stdout) == 0)
		return;
fail:
	dief(3, "write error on standard output: %s", strerror(errno));
}

int
main(int argc, char **argv)
{
	struct opts o = { .fmt = PE_FMT_CSV, .digits = PE_NUM_SHORTEST,
	    .win = CLI_WINDOW_ALL };
	struct list l = { 0 };
	struct pe_set *set;
	int has_symbol;

	cli_atomic_signals();
	parse_args(argc, argv, &o);
	argc -= optind;
	argv += optind;
	if ((set = pe_set_new()) == NULL)
		dief(3, "out of memory");
	has_symbol = read_inputs(argc, argv, &o, set);
	pick_symbols(set, &o.syms, &l);
	normalize_all(&l, &o);
	if (o.outdir != NULL && pe_db_name(o.outdir, 1) != NULL)
		cli_db_write(pe_db_name(o.outdir, 1), l.v, l.n, o.merge);
	else if (o.outdir != NULL)
		write_dir(&l, &o);
	else
		write_stdout(&l, &o, has_symbol || argc > 1);
	free(l.v);
	pe_set_free(set);
	cli_symbols_end(&o.syms);
	free(o.outdir);
	return 0;
}
