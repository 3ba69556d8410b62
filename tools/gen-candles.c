/*
 * gen-candles: deterministic synthetic OHLCV candles, for tests, demos and
 * benchmarks.
 *
 * Symbol k (S0001, S0002, ... S9999, S10000, ...) is a random walk drawn
 * from its own splitmix64 stream, seeded from --seed and k alone: symbol k
 * is the same whatever --symbols says, and the output is byte-identical for
 * the same arguments (given the same libm: exp and log feed the rounding to
 * cents).  Log returns are normal with 2% volatility per trading day,
 * scaled by the square root of the bar length, and pulled weakly toward the
 * start price (an Ornstein-Uhlenbeck walk whose spread settles near 45% in
 * log terms whatever the timeframe), so long runs neither explode nor reach
 * zero.  Start prices are log-uniform in 10..500.  An open gaps slightly
 * from the previous close, wicks reach past the body, and volume is
 * log-normal around a per-symbol level (1e5..1e7 a day) and grows with the
 * size of the move.  Prices are rounded to cents (never below 0.01), then
 * high and low are widened to still bound open and close, so every candle
 * passes the library's validation.  Volumes are integers.
 *
 * Calendar: the first bar is the first bucket at or after --start.  Daily
 * bars skip Saturdays and Sundays, weekly bars fall on Mondays (pe-load's
 * week buckets), and intraday bars run round the clock, weekends included:
 * no sessions, for simplicity.  Daily and weekly times print as YYYY-MM-DD,
 * intraday ones as YYYY-MM-DDTHH:MM:SSZ.
 *
 * Bloat: no holidays, sessions, splits, dividends, halts or missing bars;
 * no bad rows (a test that wants broken input edits this output); no
 * per-symbol volatility; no temporary-and-rename for -o files (a test tool,
 * not one of the pe binaries); names past S9999 grow a digit, so they no
 * longer sort bytewise in numeric order.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pe.h"

#define PROG		"gen-candles"
#define MAX_SYMBOLS	1000000L
#define MAX_BARS	100000000L
#define DAILY_VOL	0.02	/* sd of a trading day's log return */
#define DAILY_PULL	0.001	/* mean reversion per trading day */
#define LINE_MAX_LEN	320	/* one output line, 6 numbers of 32 bytes */
#define SYM_LEN		24	/* "S" and the digits of a long */

struct opts {
	long symbols;
	long bars;
	uint64_t seed;
	int64_t tf;		/* bar length in ms */
	int64_t start;		/* --start, UTC ms */
	const char *dir;	/* -o DIR, or NULL */
	int jsonl;
};

/* The per-bar constants of the timeframe. */
struct params {
	double sigma;		/* sd of a bar's log return */
	double pull;		/* fraction of the distance to the start level */
};

/* One symbol's generator. */
struct walk {
	uint64_t rng;
	double spare;		/* the polar method's second normal */
	int has_spare;
	double logc;		/* log of the last close, before rounding */
	double log0;		/* log of the start price, the walk's level */
	double vol;		/* mean volume per bar */
};

struct bar {
	double open, high, low, close, volume;
};

/* Bar times: the current one and its text. */
struct clock {
	int64_t t, tf;
	int date_only;
	char text[PE_TIME_BUFSZ];
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: " PROG " [--symbols N] [--bars M] [--seed S] "
	    "[--timeframe TF]\n"
	    "                   [--start DATE] [-o DIR | --jsonl]\n");
}

static void
help(void)
{
	usage(stdout);
	printf("\n"
	    "Write deterministic synthetic candles: N symbols (S0001, ...)\n"
	    "of M bars each.  The same arguments give the same bytes.\n\n"
	    "  --symbols N     number of symbols (default 1)\n"
	    "  --bars M        bars per symbol (default 1000)\n"
	    "  --seed S        seed, 0..2^64-1 (default 1)\n"
	    "  --timeframe TF  %s (default 1d); daily bars skip\n"
	    "                  weekends, intraday bars run round the clock\n"
	    "  --start DATE    first bar at or after DATE (default 2020-01-01)\n"
	    "  -o DIR          one file per symbol, DIR/SYM.csv (DIR is created)\n"
	    "  --jsonl         JSONL on stdout, bar by bar across the symbols\n"
	    "  -h, --help      this help\n"
	    "  --version       the version\n\n"
	    "Without -o or --jsonl: CSV on stdout with a symbol column,\n"
	    "symbol by symbol.  Exit status: 0 done, 1 write error, 2 usage.\n",
	    "1m, 5m, 15m, 30m, 1h, 4h, 1d, 1w");
}

static void
bad_value(const char *opt, const char *val)
{
	fprintf(stderr, PROG ": invalid %s '%s'\n", opt, val);
	exit(2);
}

/* A whole decimal integer in [min, max], or exit 2 naming the option. */
static long
num_arg(const char *opt, const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || v < min || v > max)
		bad_value(opt, s);
	return v;
}

static uint64_t
seed_arg(const char *s)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || s[0] == '-' ||
	    s[0] == '+' || s[0] == ' ')
		bad_value("--seed", s);
	return v;
}

/* DATE as pe_time_parse reads it, without a time of day. */
static int64_t
start_arg(const char *s)
{
	struct pe_time_info info;
	int64_t ms;

	if (pe_time_parse(s, strlen(s), &ms, &info, NULL) != 0 || info.has_tod)
		bad_value("--start", s);
	return ms;
}

static int
is_weekend(int64_t t)
{
	int64_t days = t / PE_MS_PER_DAY - (t % PE_MS_PER_DAY < 0);
	int64_t wd = ((days + 3) % 7 + 7) % 7;	/* 0 is Monday */

	return wd >= 5;
}

static void
clock_format(struct clock *c)
{
	pe_time_format(c->t, c->date_only, c->text);
}

/* The first bucket at or after start; daily bars move past a weekend. */
static void
clock_init(struct clock *c, int64_t start, int64_t tf)
{
	c->tf = tf;
	c->date_only = tf >= PE_MS_PER_DAY;
	c->t = pe_timeframe_bucket(start, tf, 0, NULL);
	if (c->t < start)
		c->t += tf;
	while (tf == PE_MS_PER_DAY && is_weekend(c->t))
		c->t += tf;
	clock_format(c);
}

static void
clock_next(struct clock *c)
{
	c->t += c->tf;
	while (c->tf == PE_MS_PER_DAY && is_weekend(c->t))
		c->t += c->tf;
	clock_format(c);
}

/* Does the last bar still fall before the year 10000? */
static int
fits_calendar(const struct opts *o)
{
	int64_t end = pe_time_days_from_civil(10000, 1, 1) * PE_MS_PER_DAY;
	double span = (double)o->bars * (double)o->tf;

	if (o->tf == PE_MS_PER_DAY)
		span = span * 7 / 5;
	return (double)o->start + span + 14.0 * PE_MS_PER_DAY < (double)end;
}

static void
parse_args(int argc, char **argv, struct opts *o)
{
	enum { O_SYMBOLS = 256, O_BARS, O_SEED, O_TF, O_START, O_JSONL,
	    O_VERSION };
	static const struct option longopts[] = {
		{ "symbols", required_argument, NULL, O_SYMBOLS },
		{ "bars", required_argument, NULL, O_BARS },
		{ "seed", required_argument, NULL, O_SEED },
		{ "timeframe", required_argument, NULL, O_TF },
		{ "start", required_argument, NULL, O_START },
		{ "jsonl", no_argument, NULL, O_JSONL },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	*o = (struct opts){ .symbols = 1, .bars = 1000, .seed = 1,
	    .tf = PE_MS_PER_DAY, .start = start_arg("2020-01-01") };
	while ((ch = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
		switch (ch) {
		case O_SYMBOLS:
			o->symbols = num_arg("--symbols", optarg, 1,
			    MAX_SYMBOLS);
			break;
		case O_BARS:
			o->bars = num_arg("--bars", optarg, 0, MAX_BARS);
			break;
		case O_SEED:
			o->seed = seed_arg(optarg);
			break;
		case O_TF:
			/* fixed lengths only: the clock adds tf */
			if ((o->tf = pe_timeframe_parse(optarg)) <= 0)
				bad_value("--timeframe", optarg);
			break;
		case O_START:
			o->start = start_arg(optarg);
			break;
		case O_JSONL:
			o->jsonl = 1;
			break;
		case 'o':
			if (optarg[0] == '\0')
				bad_value("-o", optarg);
			o->dir = optarg;
			break;
		case 'h':
			help();
			exit(0);
		case O_VERSION:
			printf(PROG " " PE_VERSION "\n");
			exit(0);
		default:
			usage(stderr);
			exit(2);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 0) {
		fprintf(stderr, PROG ": unexpected argument '%s'\n", argv[0]);
		usage(stderr);
		exit(2);
	}
	if (o->dir != NULL && o->jsonl) {
		fprintf(stderr, PROG ": -o and --jsonl exclude each other\n");
		exit(2);
	}
	if (!fits_calendar(o)) {
		fprintf(stderr, PROG ": --bars %ld runs past the year 9999\n",
		    o->bars);
		exit(2);
	}
}

/* splitmix64 (Steele, Lea and Flood 2014): its finaliser and its step. */
static uint64_t
mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double
uniform(struct walk *w)	/* in [0, 1) */
{
	w->rng += 0x9e3779b97f4a7c15ULL;
	return (double)(mix(w->rng) >> 11) * 0x1p-53;
}

/* A standard normal, by Marsaglia's polar method. */
static double
normal(struct walk *w)
{
	double u, v, s;

	if (w->has_spare) {
		w->has_spare = 0;
		return w->spare;
	}
	do {
		u = 2 * uniform(w) - 1;
		v = 2 * uniform(w) - 1;
		s = u * u + v * v;
	} while (s >= 1 || s == 0);
	s = sqrt(-2 * log(s) / s);
	w->spare = v * s;
	w->has_spare = 1;
	return u * s;
}

/* Trading days per bar: a week has five, intraday bars run all day. */
static double
days_per_bar(int64_t tf)
{
	return tf == 7 * PE_MS_PER_DAY ? 5 : (double)tf / PE_MS_PER_DAY;
}

static struct params
params_of(int64_t tf)
{
	double days = days_per_bar(tf);

	return (struct params){ DAILY_VOL * sqrt(days), DAILY_PULL * days };
}

/* Symbol k's stream, start price (10..500) and volume level (1e5..1e7). */
static void
walk_init(struct walk *w, uint64_t seed, long k, int64_t tf)
{
	*w = (struct walk){ .rng = mix(mix(seed) + (uint64_t)k) };
	w->log0 = log(10) + uniform(w) * log(50);
	w->logc = w->log0;
	w->vol = exp(log(1e5) + uniform(w) * log(100)) * days_per_bar(tf);
}

static double
cents(double x)
{
	x = round(x * 100) / 100;
	return x < 0.01 ? 0.01 : x;
}

static void
walk_step(struct walk *w, const struct params *p, struct bar *b)
{
	double logo = w->logc + 0.1 * p->sigma * normal(w);
	double z = normal(w);
	double ret = -p->pull * (logo - w->log0) + p->sigma * z;
	double o = exp(logo), c = exp(logo + ret);
	double up = 0.5 * p->sigma * fabs(normal(w));
	double down = 0.5 * p->sigma * fabs(normal(w));

	w->logc = logo + ret;
	b->open = cents(o);
	b->close = cents(c);
	b->high = fmax(cents(fmax(o, c) * (1 + up)), fmax(b->open, b->close));
	b->low = fmin(cents(fmin(o, c) / (1 + down)), fmin(b->open, b->close));
	b->volume = round(w->vol * exp(0.5 * normal(w)) *
	    (0.6 + 0.5 * fabs(z)));
}

static char *
put_str(char *p, const char *s)
{
	size_t n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

static char *
put_num(char *p, double v)
{
	return p + pe_num_format(v, p);
}

/* "[SYM,]TIME,O,H,L,C,V\n" into line; sym may be NULL.  Returns the length. */
static size_t
format_csv(char *line, const char *sym, const char *time, const struct bar *b)
{
	char *p = line;

	if (sym != NULL) {
		p = put_str(p, sym);
		*p++ = ',';
	}
	p = put_str(p, time);
	*p++ = ',';
	p = put_num(p, b->open);
	*p++ = ',';
	p = put_num(p, b->high);
	*p++ = ',';
	p = put_num(p, b->low);
	*p++ = ',';
	p = put_num(p, b->close);
	*p++ = ',';
	p = put_num(p, b->volume);
	*p++ = '\n';
	return (size_t)(p - line);
}

static size_t
format_jsonl(char *line, const char *sym, const char *time,
    const struct bar *b)
{
	char *p = line;

	p = put_str(p, "{\"symbol\":\"");
	p = put_str(p, sym);
	p = put_str(p, "\",\"time\":\"");
	p = put_str(p, time);
	p = put_str(p, "\",\"open\":");
	p = put_num(p, b->open);
	p = put_str(p, ",\"high\":");
	p = put_num(p, b->high);
	p = put_str(p, ",\"low\":");
	p = put_num(p, b->low);
	p = put_str(p, ",\"close\":");
	p = put_num(p, b->close);
	p = put_str(p, ",\"volume\":");
	p = put_num(p, b->volume);
	p = put_str(p, "}\n");
	return (size_t)(p - line);
}

static void
symbol_name(char *buf, long k)
{
	snprintf(buf, SYM_LEN, "S%04ld", k + 1);
}

/* One symbol's series as CSV rows; sym NULL leaves the symbol column out. */
static void
write_series(FILE *f, const struct opts *o, long k, const char *sym)
{
	struct params p = params_of(o->tf);
	char line[LINE_MAX_LEN];
	struct clock c;
	struct walk w;
	struct bar b;
	long i;

	walk_init(&w, o->seed, k, o->tf);
	clock_init(&c, o->start, o->tf);
	for (i = 0; i < o->bars; i++) {
		walk_step(&w, &p, &b);
		fwrite(line, 1, format_csv(line, sym, c.text, &b), f);
		clock_next(&c);
	}
}

static void
die_io(const char *what)
{
	if (errno != EPIPE)
		fprintf(stderr, PROG ": %s: %s\n", what, strerror(errno));
	exit(1);
}

static void
run_csv(const struct opts *o)
{
	char sym[SYM_LEN];
	long k;

	fputs("symbol,time,open,high,low,close,volume\n", stdout);
	for (k = 0; k < o->symbols && !ferror(stdout); k++) {
		symbol_name(sym, k);
		write_series(stdout, o, k, sym);
	}
}

static void
run_jsonl(const struct opts *o)
{
	struct params p = params_of(o->tf);
	char line[LINE_MAX_LEN];
	char (*sym)[SYM_LEN];
	struct walk *w;
	struct clock c;
	struct bar b;
	long i, k;

	w = malloc((size_t)o->symbols * sizeof *w);
	sym = malloc((size_t)o->symbols * sizeof *sym);
	if (w == NULL || sym == NULL)
		die_io("malloc");
	for (k = 0; k < o->symbols; k++) {
		walk_init(&w[k], o->seed, k, o->tf);
		symbol_name(sym[k], k);
	}
	clock_init(&c, o->start, o->tf);
	for (i = 0; i < o->bars && !ferror(stdout); i++) {
		for (k = 0; k < o->symbols; k++) {
			walk_step(&w[k], &p, &b);
			fwrite(line, 1, format_jsonl(line, sym[k], c.text, &b),
			    stdout);
		}
		clock_next(&c);
	}
	free(w);
	free(sym);
}

/* mkdir -p: each missing component of path, which it edits and restores. */
static void
make_dir(char *path)
{
	struct stat st;
	char *s;

	for (s = path + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST)
			die_io(path);
		*s = '/';
	}
	if (mkdir(path, 0777) != 0 && errno != EEXIST)
		die_io(path);
	if (stat(path, &st) != 0)
		die_io(path);
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		die_io(path);
	}
}

static void
run_dir(const struct opts *o)
{
	static char buf[1 << 16];
	size_t n = strlen(o->dir) + 32;
	char *path, sym[SYM_LEN];
	FILE *f;
	long k;

	if ((path = malloc(n)) == NULL)
		die_io("malloc");
	strcpy(path, o->dir);
	make_dir(path);
	for (k = 0; k < o->symbols; k++) {
		symbol_name(sym, k);
		snprintf(path, n, "%s/%s.csv", o->dir, sym);
		if ((f = fopen(path, "w")) == NULL)
			die_io(path);
		setvbuf(f, buf, _IOFBF, sizeof buf);
		fputs("time,open,high,low,close,volume\n", f);
		write_series(f, o, k, NULL);
		if (ferror(f) | fclose(f))
			die_io(path);
	}
	free(path);
}

int
main(int argc, char **argv)
{
	static char buf[1 << 18];
	struct opts o;

	parse_args(argc, argv, &o);
	setvbuf(stdout, buf, _IOFBF, sizeof buf);
	if (o.jsonl)
		run_jsonl(&o);
	else if (o.dir != NULL)
		run_dir(&o);
	else
		run_csv(&o);
	if (fflush(stdout) != 0 || ferror(stdout))
		die_io("stdout");
	return 0;
}
