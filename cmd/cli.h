/*
 * cli.h: the command-line layer every pe binary shares (cmd/cli.c, linked
 * into each): its name in messages, dying and warning, allocations that
 * cannot fail, the checks of option values, the formulas of -e, -f and
 * the first operand, the operand list of files and directories, and
 * reading one candle file whole.  Each binary defines prog.
 *
 * Every message is a printf format with its arguments, never a string
 * built at run time: a value from the command line is an argument, so a
 * '%' in it is printed as it is.
 *
 * Exit statuses are the ones of README's table: 2 for a usage error, 3
 * for a data error or when memory runs out.
 */
#ifndef PE_CMD_CLI_H
#define PE_CMD_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "pe.h"

extern const char *prog;	/* "pe-load", ...: the binary's own name */
extern const char *usage_text;	/* its synopsis, as the man page's */
extern const char *help_text;	/* every option, a line each, grouped;
				 * then the exit statuses and man pages */

/* With status 0 (--help): the synopsis and the help on stdout, exit 0.
 * Else the synopsis alone on stderr, exit status. */
void usage(int status) __attribute__((noreturn));

/* "PROG VERSION" on stdout, exit 0 (--version). */
void cli_version(void) __attribute__((noreturn));

#define CLI_FMT(f, a) __attribute__((format(printf, f, a)))

/* "PROG: " and err as pe_error_format writes it, on stderr; exit status. */
void die(int status, const struct pe_error *err) __attribute__((noreturn));

/* "PROG: " and the message, on stderr; exit status. */
void dief(int status, const char *fmt, ...)
    __attribute__((noreturn)) CLI_FMT(2, 3);

/* "PROG: " and the message, on stderr; the run goes on. */
void warnf(const char *fmt, ...) CLI_FMT(1, 2);

/* The same for a note (what happened, not an error): nothing with -q,
 * which a tool says by setting cli_quiet. */
extern int cli_quiet;
void notef(const char *fmt, ...) CLI_FMT(1, 2);

/* Close the standard output: 0, or exit 3 on a write error. */
int cli_close_stdout(void);

/* realloc and calloc that end the run (exit 3, "out of memory") when they
 * fail or n * size overflows; a size of 0 still gives a pointer. */
void *xrealloc(void *p, size_t n, size_t size);
void *xcalloc(size_t n, size_t size);
char *xstrdup(const char *s);

/*
 * For a command that writes files atomically (pe_file.h): SIGINT, SIGTERM
 * and SIGHUP remove a named temporary, then end the run as the signal
 * would; SIGPIPE at its default ("| head" ends the run quietly).
 */
void cli_atomic_signals(void);

/* ---- option values: each exits 2 naming the option and the value ---- */

/* --tz ZONE, the option's getopt value in every tool that has it: the
 * zone of local time (pe_tz_set); exit 2 "unknown time zone" when the
 * system has no such zone. */
#define CLI_O_TZ 0x2000	/* above the pool's CLI_O_* (0x1000 on) */
void cli_tz(const char *zone);

/* --tz taken before the other options (a getopt pass that takes only
 * it), so that a time of --since, --until or --as-of without an offset,
 * wherever it stands, is read on the zone's clock. */
struct option;
void cli_tz_first(int argc, char **argv, const char *opts,
    const struct option *longopts);

/*
 * --ref DIR: where sym("SPY", x) reads SPY.csv (NULL: each input's own
 * directory).  cli_ref_dir: DIR itself, or exit 2 when it is not a
 * directory.  cli_refs_init makes the refs to set on a vec
 * (pe_plan_vec_refs); cli_refs_base names the input evaluated next ("-"
 * for the standard input: the current directory).
 */
#define CLI_O_REF 0x2001
struct cli_refs {
	struct pe_refs *refs;
	struct pe_plan_refs pr;
};
const char *cli_ref_dir(const char *dir);
void cli_refs_init(struct cli_refs *r, const char *dir);
void cli_refs_base(struct cli_refs *r, const char *path);
void cli_refs_free(struct cli_refs *r);

/*
 * arg as a whole number from lo to hi (decimal digits only: no sign, no
 * space).  Otherwise "invalid OPT 'ARG' (expected EXPECT)", where a NULL
 * expect says "LO to HI".
 */
long cli_number(const char *opt, const char *arg, long lo, long hi,
    const char *expect);

/*
 * arg as a number of seconds, from 0.001 to 1000000 (fractions allowed);
 * else exit 2 saying that range, arg cut to 40 bytes in the message.
 */
double cli_seconds(const char *opt, const char *arg);

/* arg as one of words (NULL-ended): its index.  Otherwise "invalid OPT
 * 'ARG' (expected EXPECT)". */
int cli_word(const char *opt, const char *arg, const char *const *words,
    const char *expect);

/* arg as any time pe_time_parse takes; a date without a time of day is
 * the whole day: its first millisecond, or its last with end_of_day. */
int64_t cli_date(const char *opt, const char *arg, int end_of_day);

/* --symbol: arg when pe_symbol_valid takes it. */
const char *cli_symbol(const char *arg);

/* Text for an output (--title): arg when it is UTF-8, else exit 2,
 * "invalid --title 'caf\xe9': not valid UTF-8" (pe_utf8_shown). */
const char *cli_text(const char *opt, const char *arg);

/* --format csv|jsonl of the candle tools. */
enum pe_format cli_format(const char *arg);

/* --digits: places of numbers, 0 to PE_NUM_DIGITS_MAX. */
int cli_digits(const char *arg);

/* --timeframe: a timeframe of pe_timeframe_parse. */
int64_t cli_timeframe(const char *arg);

/* --session HH:MM-HH:MM into *s, the getopt value CLI_O_SESSION; exit 2
 * "invalid --session '25:00-17:00' (hour out of range)". */
#define CLI_O_SESSION 0x2002
void cli_session(const char *arg, struct pe_session *s);

/* ---- formulas (cmd/inputs.c) ---- */

/* The formula sources of a command line, in order.  Owns v, not the
 * texts (they are argv's). */
struct cli_formulas {
	struct pe_plan_arg *v;
	size_t n;
};

/* One more source: an expression, or (is_file) a formula file. */
void cli_formula_add(struct cli_formulas *f, const char *text, int is_file,
    enum pe_prole role);

/*
 * Like grep, the first operand is the formula when no -e or -f gave a
 * signal formula: it goes first among the sources, and argc and argv move
 * past it.  With no formula at all: "no formula given", then the synopsis
 * with show_usage, and exit 2.
 */
void cli_formula_operand(struct cli_formulas *f, int *argc, char ***argv,
    int show_usage);

/*
 * Every source parsed and compiled into one plan (flags: pe_plan_build's),
 * every diagnostic shown.  A bad formula exits 2 (an unreadable file 2,
 * memory 3); with fatal 0 (a reload) it returns NULL instead, after the
 * diagnostics.
 */
struct pe_plan *cli_compile(const struct cli_formulas *f, unsigned flags,
    int fatal);

/*
 * The same for formulas as columns or lines (pe_columns_build: flags,
 * and the columns taken[0..ntaken) already there): every diagnostic
 * shown, and a bad formula exits 2 (an unreadable file 2, memory 3).
 */
struct pe_plan *cli_compile_columns(const struct cli_formulas *f,
    unsigned flags, const struct pe_column_taken *taken, size_t ntaken);

void cli_formulas_free(struct cli_formulas *f);

/*
 * --rank EXPR of pe-scan and pe-backtest: a value formula of the plan
 * (any type; its diagnostics say "rank:LINE:COL"), added last; and, once
 * compiled, the plan's one value formula: --rank's, or NULL.
 */
void cli_rank_add(struct cli_formulas *f, const char *text);
const struct pe_plan_formula *cli_rank_formula(const struct pe_plan *plan);

/* An input operand that is no file but reads as a formula (a second
 * formula given as an operand): exit 2, saying how to give several. */
void cli_inputs_check(int argc, char **argv);

/* ---- operands ---- */

/* Input paths, in order.  Owns v and every string in it.  empty: the
 * first directory operand that held no candle file, or NULL (owned).
 * sym: NULL while every path is a file; else, per path, the symbol of a
 * database (cli_db_paths_add) or NULL (owned, as its strings). */
struct cli_paths {
	char **v;
	size_t n;
	char *empty;
	char **sym;
};

/*
 * One operand: a file; a directory, as its *.csv and *.jsonl files sorted
 * bytewise, dotfiles skipped (one that cannot be read is kept as a path, whose
 * reader says why); "-", as a list of paths on stdin, one a line; a
 * SQLite database (pe_db_name), as one path a symbol (cli_db_paths_add).
 */
void cli_paths_add(struct cli_paths *p, const char *operand);
void cli_paths_free(struct cli_paths *p);

/* ---- candles ---- */

/* "pe-eval: a.csv: skipped 3 bad rows (2 bad time, 1 bad number)" on
 * stderr, when bad (PE_BAD_NKINDS counts) holds any. */
void report_skipped(const char *path, const size_t *bad);

/*
 * The note when a file without a symbol column is named by bytes that
 * are not UTF-8, so that its symbol (pe_load_symbol_of) has U+FFFD in
 * their place:
 *   pe-eval: caf\xe9.csv: the file name is not UTF-8: symbol 'caf\uFFFD'
 * (both shown by pe_utf8_shown).  Nothing when the name is UTF-8.
 */
void cli_symbol_of_note(const char *path);

/*
 * The candles of path ("-": stdin) in a new set the caller frees, read
 * with ro, sorted (times must increase), the symbol path's base name
 * unless ro names one (with cli_symbol_of_note when it was used).  Bad
 * rows: skipped and reported with skip_bad; else the first ends the
 * program (exit 3; a file that cannot be opened, 2).  *has: whether the
 * input had a symbol column.
 */
struct pe_set *load_file(const char *path, struct pe_read_opts ro,
    int skip_bad, int *has);

/* ---- SQLite databases (cmd/db.c) ---- */

/*
 * The candles of the database at path for a reader of one input
 * (pe-eval, pe-indicators, pe-chart): the symbols --symbol named
 * (cli_symbols_given), else symbol (a tool's one --symbol) when not NULL,
 * else the database's one symbol; a database of several without
 * --symbol exits 2 saying how to choose.  Its errors exit as
 * load_file's.  *has is 1 (a symbol column).
 */
struct pe_set *cli_db_load(const char *path, const char *symbol, int *has);

/*
 * When operand names a database (an input: pe_db_name), one path a symbol
 * into p, in bytewise order of the symbols, and 1; else 0.  A database
 * that cannot be read exits (2: it cannot be opened; 3: not pe's table).
 */
int cli_db_paths_add(struct cli_paths *p, const char *operand);

/*
 * pe-load -o DB: the series v[0..n) written into the database at path
 * (pe_db_name's), in one transaction: each symbol's rows replaced, or
 * with merge folded in (then a note of what changed).  Exits 2 when the
 * database cannot be opened, 3 on any other error (the database is then
 * as it was).
 */
void cli_db_write(const char *path, struct pe_series *const *v, size_t n,
    int merge);

/* ---- the shared vocabulary (cmd/vocab.c) ---- */

/*
 * --symbol NAME, repeatable: the only symbols kept from input with
 * several, and (when one is given) the name of input without a symbol
 * column.  cli_symbol_add checks the name (exit 2); cli_symbol_keep says
 * whether symbol is kept (every symbol when none was given) and marks a
 * name asked for as seen; cli_symbol_name is the name for input without
 * a symbol column, or NULL.  cli_symbols_end notes each name never seen
 * ("--symbol X: not in the input": why nothing came out) and frees.
 * Owns v and seen, not the names (argv's).
 */
struct cli_symbols {
	const char **v;
	unsigned char *seen;
	size_t n;
};

void cli_symbol_add(struct cli_symbols *s, const char *arg);
/* The names of this run's --symbol (the struct cli_symbols last added
 * to), or NULL when none was given. */
const struct cli_symbols *cli_symbols_given(void);
int cli_symbol_keep(struct cli_symbols *s, const char *symbol);
const char *cli_symbol_name(const struct cli_symbols *s);
void cli_symbols_end(struct cli_symbols *s);

/*
 * The bars a tool writes of each symbol: --since and --until (times,
 * INT64_MIN and INT64_MAX when not given), --tail N (the last N of
 * them; -1: all), --last (--tail 1).  Indicators and formulas still run
 * over every bar, so they warm up before --since.
 */
struct cli_window {
	int64_t since, until;
	long tail;
};

#define CLI_WINDOW_ALL { INT64_MIN, INT64_MAX, -1 }

/* The bars of s in the window: [*lo, *hi). */
void cli_window_range(const struct cli_window *w, const struct pe_series *s,
    size_t *lo, size_t *hi);
/* Exit 2 when --since is later than --until. */
void cli_window_check(const struct cli_window *w);

/*
 * -o FILE of a tool that writes one file: the standard output goes to a
 * temporary that becomes FILE, whole, at cli_output_commit (pe_file.h);
 * a run that fails or is killed leaves no FILE.  "-" or NULL: the
 * standard output itself.
 */
struct cli_output {
	struct pe_atomic *a;
};

void cli_output_open(struct cli_output *o, const char *path);
void cli_output_commit(struct cli_output *o);

/* -o PATH naming one of the n inputs in[] (the same file: device and
 * inode; "-" and NULL skipped) would replace an input with the output:
 * exit 2, before anything is read. */
void cli_output_check(const char *path, const char *const *in, size_t n);

/* A cut run: the -o file is given up (nothing appears). */
void cli_output_abort(struct cli_output *o);

/* ---- what the pool commands share (cmd/runs.c) ---- */

/* Progress of a run over files, on stderr. */
enum cli_progress_mode { CLI_PROGRESS_AUTO, CLI_PROGRESS_NONE,
	CLI_PROGRESS_BAR, CLI_PROGRESS_JSONL };

struct cli_progress {
	enum cli_progress_mode mode;
	size_t total;
	double t0, drawn;	/* the start; the last drawn */
	int shown;		/* a bar is on the screen */
	size_t done;		/* files ended at t_done, */
	double t_done, eta;	/* and the ETA then, in seconds */
};

/* --progress[=bar|jsonl] (arg NULL: bar). */
enum cli_progress_mode cli_progress_mode(const char *arg);

/*
 * Start: auto is a bar on a terminal, else nothing; JSONL says "start"
 * with the total and the workers.  Then cli_progress as files end and
 * while they run (the bar at most 10 times a second, as wide as the
 * terminal; an event at most once a second), and
 * cli_progress_end (erases the bar; JSONL says "end", interrupted or not).
 */
void cli_progress_start(struct cli_progress *p, enum cli_progress_mode mode,
    size_t total, int jobs);
void cli_progress(struct cli_progress *p, size_t done);
void cli_progress_end(struct cli_progress *p, size_t done, int interrupted);

/* Erase the bar, if one shows, before a line is written under it (a note
 * on stderr, or a line of stdout on the same terminal), so that the line
 * does not follow the bar's text; the next cli_progress draws it again. */
void cli_progress_clear(struct cli_progress *p);

/* The cache of --cache-dir DIR, --no-cache, --cache-max SIZE. */
struct cli_cache {
	const char *dir;	/* given, then the one in use; NULL: none */
	int off, max_set;
	uint64_t max;		/* default 500M */
	struct pe_cache *cache;	/* open, or NULL */
	char buf[4096];		/* a dir pe_cache_locate makes */
};

/* --cache-dir DIR (not empty) and --cache-max SIZE (pe_cache_size_parse). */
void cli_cache_dir(struct cli_cache *c, const char *arg);
void cli_cache_max(struct cli_cache *c, const char *arg);

/*
 * Open it once in the parent, so that a cache that cannot be used is said
 * once ("no cache: ...") and the run goes on without it; the workers
 * inherit the handle and the byte budget of max.
 */
void cli_cache_open(struct cli_cache *c);

/* After a run that wrote (or with --cache-max): the least recently used
 * out until it fits; the trim's figures into st. */
void cli_cache_trim(struct cli_cache *c, struct pe_cache_stats *st);

/* Seconds on a monotonic clock. */
double cli_now(void);

/* Workers: -j's asked (0: one a CPU), never more than the files. */
int cli_jobs(int asked, size_t nfiles);

/* The pool runs fewer workers than jobs asked, for want of descriptors or
 * processes (err): "-j 64: running 12 workers (Too many open files)", a
 * note under the bar p. */
void cli_fewer_note(struct cli_progress *p, int jobs, int workers, int err);

/* len bytes to stdout, flushed; a closed pipe sets *broken (and then
 * nothing more is written).  Returns *broken.  Other errors: exit 3. */
int cli_put(const char *p, size_t len, int *broken);

/* b (the WHAT: "summary", ...) written to path whole or not at all;
 * else exit 3, the message naming path and why. */
void cli_write_file(const char *path, const struct pe_buf *b,
    const char *what);

/* Without --shard (given 0): the shard of a Slurm array or Kubernetes
 * indexed Job, said on stderr; exit 2 when its variables are bad. */
void cli_shard_env(struct pe_shard *s, int given);

/*
 * The options of a run of files on the pool, the same in pe-scan and
 * pe-backtest: -j, --shard, --timeout, --unordered, the cache's and the
 * progress's.  CLI_POOL_LONGOPTS goes in a command's struct option list;
 * cli_pool_option takes one getopt code, into *p (its shard into
 * *shard), and returns 0 for a code that is not one of these.
 */
enum { CLI_O_SHARD = 0x1000, CLI_O_TIMEOUT, CLI_O_UNORDERED,
    CLI_O_CACHE_DIR, CLI_O_NO_CACHE, CLI_O_CACHE_MAX, CLI_O_PROGRESS,
    CLI_O_NO_PROGRESS };

#define CLI_POOL_LONGOPTS \
	{ "jobs", required_argument, NULL, 'j' }, \
	{ "shard", required_argument, NULL, CLI_O_SHARD }, \
	{ "timeout", required_argument, NULL, CLI_O_TIMEOUT }, \
	{ "unordered", no_argument, NULL, CLI_O_UNORDERED }, \
	{ "cache-dir", required_argument, NULL, CLI_O_CACHE_DIR }, \
	{ "no-cache", no_argument, NULL, CLI_O_NO_CACHE }, \
	{ "cache-max", required_argument, NULL, CLI_O_CACHE_MAX }, \
	{ "progress", optional_argument, NULL, CLI_O_PROGRESS }, \
	{ "no-progress", no_argument, NULL, CLI_O_NO_PROGRESS }

struct cli_pool {
	int njobs;		/* -j; 0: one a CPU */
	int shard_set;		/* --shard given */
	int unordered;
	double timeout;		/* seconds a file may take (default 60) */
	struct cli_cache cache;
	enum cli_progress_mode progress;
};

int cli_pool_option(int c, struct cli_pool *p, struct pe_shard *shard);

/* A symbol's outcome, on stderr: when its symbol is its file's name,
 * cli_symbol_of_note; when it is not ok, why: its file, its symbol when
 * the file is named otherwise, the reason.  quiet keeps skips to itself. */
void cli_outcome_note(const struct pe_scan_outcome *o, int quiet);

#endif
