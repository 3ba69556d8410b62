/*
 * pe-load: read vendor candle files, validate, sort, de-duplicate,
 * resample, and write canonical CSV (or JSONL) to stdout or one file per
 * symbol.  See man/pe-load.1.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pe.h"
#include "cli.h"

struct opts {
	struct pe_read_opts read;
	const char *outdir, *tz;
	int64_t tf;
	int merge, skip_bad, quiet, digits;
	enum pe_format fmt;
};

const char *prog = "pe-load";

const char *usage_text =
    "usage: pe-load [-q] [-d DELIM] [-o DIR [--merge]] [--symbol NAME]\n"
    "               [--timeframe TF] [--format csv|jsonl] [--digits N]\n"
    "               [--date-format FMT] [--tz ZONE] [--decimal-comma]\n"
    "               [--adjusted] [--skip-bad] [FILE ...]\n";

const char *help_text =
    "Normalise candle files into canonical candle CSV or JSONL.\n"
    "\n"
    "Input:\n"
    "  -d, --delimiter DELIM  the field separator (default: the header's)\n"
    "      --date-format FMT  times in FMT (strptime), not ISO 8601\n"
    "      --tz ZONE          local times in ZONE, written as UTC\n"
    "      --decimal-comma    numbers written 1.234,5\n"
    "      --symbol NAME      the name of data without a symbol column\n"
    "      --skip-bad         skip bad rows and count them, instead of failing\n"
    "      --adjusted         prices scaled by the adj close column\n"
    "\n"
    "Output:\n"
    "  -o, --output DIR       one file per symbol in DIR, each whole or not at all\n"
    "      --merge            with -o: add to the files there, newer bars win\n"
    "      --timeframe TF     resample to TF (1h, 1d, 1w, ...)\n"
    "      --format FMT       csv (the default) or jsonl\n"
    "      --digits N         numbers to N places (default: exact)\n"
    "  -q, --quiet            no notes\n"
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

static void
parse_args(int argc, char **argv, struct opts *o)
{
	enum { O_MERGE = 256, O_SYMBOL, O_TF, O_FORMAT, O_DATEFMT, O_TZ,
	    O_DECCOMMA, O_ADJ, O_SKIP, O_VERSION, O_DIGITS };
	static const struct option longopts[] = {
		{ "delimiter", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "merge", no_argument, NULL, O_MERGE },
		{ "symbol", required_argument, NULL, O_SYMBOL },
		{ "timeframe", required_argument, NULL, O_TF },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "date-format", required_argument, NULL, O_DATEFMT },
		{ "tz", required_argument, NULL, O_TZ },
		{ "decimal-comma", no_argument, NULL, O_DECCOMMA },
		{ "adjusted", no_argument, NULL, O_ADJ },
		{ "skip-bad", no_argument, NULL, O_SKIP },
		{ "digits", required_argument, NULL, O_DIGITS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "d:o:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->read.delim = parse_delim(optarg); break;
		case 'o': o->outdir = optarg; break;
		case 'q': o->quiet = 1; break;
		case O_MERGE: o->merge = 1; break;
		case O_SYMBOL: o->read.symbol = cli_symbol(optarg); break;
		case O_TF: o->tf = cli_timeframe(optarg); break;
		case O_FORMAT: o->fmt = cli_format(optarg); break;
		case O_DATEFMT: o->read.date_format = optarg; break;
		case O_TZ: o->tz = optarg; break;
		case O_DECCOMMA: o->read.decimal_comma = 1; break;
		case O_ADJ: o->read.adjusted = 1; break;
		case O_SKIP: o->skip_bad = 1; break;
		case O_DIGITS: o->digits = cli_digits(optarg); break;
		case 'h': usage(0);
		case O_VERSION: cli_version();
		default: usage(2);
		}
	}
	if (o->merge && o->outdir == NULL)
		dief(2, "--merge needs -o DIR");
	if (o->read.decimal_comma && o->read.delim == ',')
		dief(2, "--decimal-comma cannot go with -d ','");
	if (o->tz != NULL) {
		if (pe_tz_set(o->tz) != 0)
			dief(2, "unknown time zone '%s'", o->tz);
		o->read.local_tz = 1;
	}
}

/* Every input into set; returns whether a symbol column was seen. */
static int
read_inputs(int argc, char **argv, struct opts *o, struct pe_set *set)
{
	static char *stdin_only[] = { "-" };
	struct pe_read_opts ro;
	struct pe_error err;
	char sym[256];
	size_t bad[PE_BAD_NKINDS];
	int i, rc, has, any = 0;

	if (argc == 0) {
		argc = 1;
		argv = stdin_only;
	}
	for (i = 0; i < argc; i++) {
		ro = o->read;
		if (ro.symbol == NULL)
			ro.symbol = pe_load_symbol_of(argv[i], sym, sizeof sym);
		memset(bad, 0, sizeof bad);
		rc = pe_load_path(argv[i], &ro, set, o->skip_bad, bad, &has,
		    &err);
		if (rc != PE_OK)
			die(rc == PE_ERR_IO && err.line == 0 ? 2 : 3, &err);
		report_skipped(strcmp(argv[i], "-") == 0 ? "stdin" : argv[i],
		    bad);
		any |= has;
	}
	return any;
}

/* Sort, de-duplicate and resample each series, reporting duplicates. */
static void
normalize_all(struct pe_set *set, const struct opts *o)
{
	struct pe_series *s;
	size_t i, dups;

	for (i = 0; i < set->n; i++) {
		s = set->v[i];
		if (pe_series_normalize(s, &dups) != PE_OK)
			dief(3, "out of memory");
		if (dups > 0 && !o->quiet)
			warnf("%s: %zu row%s with a duplicate time (the last "
			    "one kept)", s->symbol, dups, dups == 1 ? "" : "s");
		if (o->tf > 0)
			pe_series_resample(s, o->tf);
	}
}

/* Fold the existing DIR/SYMBOL file under s: the new candles win. */
static void
merge_existing(const char *path, struct pe_series *s, const struct opts *o)
{
	struct pe_read_opts ro = { .symbol = s->symbol };
	struct pe_series *old;
	struct pe_set *tmp;
	struct pe_error err;
	size_t replaced;

	if (access(path, F_OK) != 0)
		return;
	if ((tmp = pe_set_new()) == NULL)
		dief(3, "out of memory");
	if (pe_load_path(path, &ro, tmp, 0, NULL, NULL, &err) != PE_OK)
		die(3, &err);
	if (tmp->n > 0) {
		old = tmp->v[0];
		if (pe_series_append(old, s) != PE_OK ||
		    pe_series_normalize(old, &replaced) != PE_OK)
			dief(3, "out of memory");
		if (replaced > 0 && !o->quiet)
			warnf("%s: %zu candle%s replaced", path, replaced,
			    replaced == 1 ? "" : "s");
		pe_series_clear(s);
		if (pe_series_append(s, old) != PE_OK)
			dief(3, "out of memory");
	}
	pe_set_free(tmp);
}

static void
write_dir(struct pe_set *set, const struct opts *o)
{
	const char *ext = o->fmt == PE_FMT_CSV ? "csv" : "jsonl", *why;
	struct pe_writer *w;
	struct pe_atomic *a;
	struct pe_error err;
	char name[512], path[4096];
	FILE *fp;
	size_t i;

	if (mkdir(o->outdir, 0777) != 0 && errno != EEXIST)
		dief(2, "%s: %s", o->outdir, strerror(errno));
	for (i = 0; i < set->n; i++)
		if (pe_symbol_check(set->v[i]->symbol, &why) != 0) {
			pe_error_set(&err, PE_ERR_DATA, NULL, 0, 0,
			    "unsafe symbol '%.64s' for a file name: %s",
			    set->v[i]->symbol, why);
			die(3, &err);
		}
	for (i = 0; i < set->n; i++) {
		snprintf(name, sizeof name, "%s.%s", set->v[i]->symbol, ext);
		snprintf(path, sizeof path, "%s/%s", o->outdir, name);
		if (o->merge)
			merge_existing(path, set->v[i], o);
		if ((a = pe_atomic_open(o->outdir, name, &fp, &err)) == NULL)
			die(3, &err);
		if ((w = pe_writer_new(fp, o->fmt, 0)) == NULL ||
		    pe_writer_digits(w, o->digits, &err) != PE_OK)
			dief(3, "out of memory");
		if (pe_writer_header(w, &err) != PE_OK ||
		    pe_writer_series(w, set->v[i], 0, set->v[i]->n, &err) ||
		    pe_writer_free(w, &err) != PE_OK ||
		    pe_atomic_commit(a, &err) != PE_OK)
			dief(3, "%s: %s", path, err.msg);
	}
}

static void
write_stdout(struct pe_set *set, const struct opts *o, int with_symbol)
{
	struct pe_writer *w;
	struct pe_error err;
	size_t i;

	if ((w = pe_writer_new(stdout, o->fmt, with_symbol)) == NULL ||
	    pe_writer_digits(w, o->digits, &err) != PE_OK)
		dief(3, "out of memory");
	if (pe_writer_header(w, &err) != PE_OK)
		goto fail;
	for (i = 0; i < set->n; i++)
		if (pe_writer_series(w, set->v[i], 0, set->v[i]->n, &err))
			goto fail;
	if (pe_writer_free(w, &err) == PE_OK && fclose(stdout) == 0)
		return;
fail:
	dief(3, "write error on standard output: %s", strerror(errno));
}

int
main(int argc, char **argv)
{
	struct opts o = { .fmt = PE_FMT_CSV, .digits = PE_NUM_SHORTEST };
	struct pe_set *set;
	int has_symbol;

	cli_atomic_signals();
	parse_args(argc, argv, &o);
	argc -= optind;
	argv += optind;
	if ((set = pe_set_new()) == NULL)
		dief(3, "out of memory");
	has_symbol = read_inputs(argc, argv, &o, set);
	normalize_all(set, &o);
	if (o.outdir != NULL)
		write_dir(set, &o);
	else
		write_stdout(set, &o, has_symbol || argc > 1);
	pe_set_free(set);
	return 0;
}
