/*
 * pe-scan: one formula file over many symbol files, in a pool of forked
 * workers.  See man/pe-scan.1 and man/pe-formula.7.
 *
 * The parent parses and compiles the formulas (as pe-eval does), expands
 * the operands into a list of files (a directory: its *.csv files sorted
 * bytewise, dotfiles skipped; "-": a list of paths on stdin), forks -j
 * workers and feeds them file numbers over one pipe each.  A worker reads
 * the file whole (from the cache, pe_cache.h, or pe_load_path, sorted),
 * runs the plan over each symbol (its indicator columns, too, from the
 * cache when they are there: pe_plan_store) and sends back one message:
 * its counts and the text of its lines (signal JSONL and result lines).
 * The parent polls the result pipes, kills a worker that overruns
 * --timeout, notices one that dies, replaces either, and writes each
 * file's text in input order (or as it comes, --unordered), drawing the
 * progress as files complete.  At a normal end the workers are told to
 * finish (their command pipes closed), so that each publishes what it
 * wrote to the cache; then the cache is trimmed.
 *
 * Message, worker to parent: struct msg, then nformulas uint64 match
 * counts, then len bytes of text, then nret struct fret (the forward
 * returns of its signals, --forward-returns), then ndays int64 (the UTC
 * day of each match, --all).  The parent keeps every return, 8 bytes
 * each, so the median is exact, and a count per day.
 *
 * Bloat: a worker reads every file even when --shard keeps none of its
 * symbols; the cache keys a file by its identity, not its content (a file
 * rewritten with the same bytes is read again).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pe.h"
#include "cli.h"

struct opts {
	int last, edge, results, unordered, njobs;
	double timeout;
	int64_t since, until;	/* bars considered: since <= time <= until */
	int64_t tf;		/* --timeframe in ms, 0: none */
	long fwd;		/* --forward-returns N, 0: none */
	struct pe_shard shard;
	int shard_set;
	const char *summary;
	struct cli_formulas src;
	const char *cache_dir;	/* NULL: no cache */
	uint64_t cache_max;
	int cache_max_set, no_cache;
	int progress;		/* PROG_* */
};

enum { PROG_AUTO, PROG_NONE, PROG_BAR, PROG_JSONL };

struct msg {
	uint32_t job, ok, error, skipped;
	uint32_t hits, misses, corrupt, writes;	/* cache, this file */
	uint32_t unstored, pad;	/* entries not written: over --cache-max */
	uint64_t len, nret, ndays;
};

struct fret {			/* one signal's forward return */
	uint32_t formula, pad;
	double r;
};

struct rets {			/* the parent's forward returns of a formula */
	double *v;
	size_t n, cap;
};

struct file {			/* one input file and, once done, its text */
	char *path;
	char *text;
	size_t len;
	int done;
};

struct worker {
	pid_t pid;		/* 0: none */
	int cmd, res;		/* write end of its jobs, read end of its results */
	long job;		/* -1: idle */
	double start;
	struct pe_buf in;
};

struct day {			/* matches on one UTC day, --all */
	int64_t day;		/* days since 1970-01-01; INT64_MIN: empty */
	uint64_t n;
};

struct stats {
	unsigned long ok, error, timeout, skipped;
	uint64_t *matches;	/* per formula */
	struct rets *rets;	/* per formula, --forward-returns */
	struct day *days;	/* open addressing, ndays_cap slots */
	size_t ndays, ndays_cap;
	struct pe_cache_stats cache;
	uint64_t unstored;
};

const char *prog = "pe-scan";
static struct opts o = { .last = 1, .timeout = 60, .since = INT64_MIN,
    .until = INT64_MAX, .cache_max = (uint64_t)500 << 20 };
static char *cwd;		/* for the cache keys of relative paths */
static struct pe_cache *cache;	/* opened by the parent, inherited by
				 * every worker at its fork */
static uint64_t *stored;	/* bytes the run's workers have written to
				 * the cache: a page they share (MAP_SHARED) */
static struct pe_plan *plan;
static struct file *files;
static size_t nfiles;
static struct cli_paths paths;	/* owns the files' paths */
static struct worker *pool;
static int npool;
static volatile sig_atomic_t got_sig;

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

/* ---- options, formulas, files ---- */

static void
parse_args(int argc, char **argv)
{
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
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "e:f:j:h", longopts, NULL)) != -1)
		switch (c) {
		case 'e': case 'f':
			cli_formula_add(&o.src, optarg, c == 'f',
			    PE_PR_SIGNAL);
			break;
		case 'j':
			o.njobs = (int)cli_number("-j", optarg, 1, 1024, NULL);
			break;
		case O_ALL: o.last = 0; break;
		case O_LAST: o.last = 1; break;
		case O_EDGE: o.edge = 1; break;
		case O_RESULTS: o.results = 1; break;
		case O_SHARD:
			o.shard_set = 1;
			if (pe_shard_parse(optarg, &o.shard, NULL) != PE_OK)
				dief(2, "invalid --shard '%s' (expected K/N, "
				    "0 <= K < N)", optarg);
			break;
		case O_SUMMARY: o.summary = optarg; break;
		case O_FWD:
			o.fwd = cli_number("--forward-returns", optarg, 1,
			    1000000, "1 to 1000000 bars");
			break;
		case O_SINCE: o.since = cli_date("--since", optarg, 0); break;
		case O_UNTIL: o.until = cli_date("--until", optarg, 1); break;
		case O_TF: o.tf = cli_timeframe(optarg); break;
		case O_TIMEOUT:
			o.timeout = strtod(optarg, &end);
			if (end == optarg || *end || !(o.timeout > 0) ||
			    o.timeout > 1e6)
				dief(2, "invalid --timeout '%s' (expected a "
				    "positive number of seconds)", optarg);
			break;
		case O_UNORDERED: o.unordered = 1; break;
		case O_CACHE_DIR:
			if (*optarg == '\0')
				dief(2, "invalid --cache-dir '' (expected a "
				    "directory)");
			o.cache_dir = optarg;
			break;
		case O_NO_CACHE: o.no_cache = 1; break;
		case O_CACHE_MAX:
			if (pe_cache_size_parse(optarg, &o.cache_max) != PE_OK)
				dief(2, "invalid --cache-max '%s' (expected a "
				    "size such as 500M, 2G or 100000)", optarg);
			o.cache_max_set = 1;
			break;
		case O_PROGRESS:
			if (optarg == NULL || strcmp(optarg, "bar") == 0)
				o.progress = PROG_BAR;
			else if (strcmp(optarg, "jsonl") == 0)
				o.progress = PROG_JSONL;
			else
				dief(2, "invalid --progress '%s' (expected bar "
				    "or jsonl)", optarg);
			break;
		case O_NO_PROGRESS: o.progress = PROG_NONE; break;
		case 'h': usage(0);
		case O_VERSION:
			printf("pe-scan %s\n", PE_VERSION);
			exit(0);
		default: usage(2);
		}
	if (o.since > o.until)
		dief(2, "--since is later than --until");
}

/* Without --shard, the shard of a Slurm job array or a Kubernetes indexed
 * Job, said on stderr: a scan that silently sees a part of its universe
 * would be worse than one that says so. */
static void
shard_from_env(void)
{
	struct pe_error err;
	const char *from;

	if (o.shard_set)
		return;
	if (pe_shard_from_env(&o.shard, &from, &err) != PE_OK)
		dief(2, "%s (use --shard K/N)", err.msg);
	if (from != NULL)
		warnf("shard %lu/%lu from %s", o.shard.k, o.shard.n, from);
}

/* ---- a worker ---- */

/* A result line: ok (reason NULL) with bars, matches and ms, or a
 * problem with its reason. */
static void
put_result(struct pe_buf *b, const char *sym, const char *status,
    const char *reason, size_t bars, uint64_t matches, double ms)
{
	pe_buf_puts(b, "{\"symbol\":");
	pe_buf_json(b, sym);
	pe_buf_printf(b, ",\"status\":\"%s\"", status);
	if (reason != NULL) {
		pe_buf_puts(b, ",\"reason\":");
		pe_buf_json(b, reason);
	} else {
		pe_buf_printf(b, ",\"bars\":%zu,\"matches\":%llu,\"ms\":",
		    bars, (unsigned long long)matches);
		pe_buf_num(b, round(ms * 100) / 100, 1);
	}
	pe_buf_puts(b, "}\n");
}

#ifdef PE_TEST_HOOKS
/* Tests only: hang or abort on the symbol PE_SCAN_TEST_SLEEP or
 * PE_SCAN_TEST_ABORT names. */
static void
test_hook(const char *sym)
{
	struct rlimit no_core = { 0, 0 };
	const char *e;

	if ((e = getenv("PE_SCAN_TEST_SLEEP")) != NULL && strcmp(e, sym) == 0)
		for (;;)
			pause();
	if ((e = getenv("PE_SCAN_TEST_ABORT")) != NULL &&
	    strcmp(e, sym) == 0) {
		setrlimit(RLIMIT_CORE, &no_core);
		abort();
	}
}
#endif

struct wctx {
	struct pe_plan_vec *vec;
	struct pe_signal *sig;
	uint64_t *matches;	/* per formula, this file */
	struct pe_buf out;	/* struct msg, matches, text */
	struct pe_buf rets;	/* struct fret, this file */
	uint64_t nret;
	struct pe_buf days;	/* int64 day of each match, --all */
	uint64_t ndays;
	struct pe_cache *cache;	/* NULL: none */
	struct pe_buf key;	/* the cache key being built */
	size_t keybase;		/* its length up to the file's identity */
	struct pe_buf enc;	/* an entry being encoded */
	const char *sym;	/* the symbol being scanned */
	uint32_t unstored;	/* entries not written, this file */
};

/* ---- the cache ---- */

/* Start the cache keys of the file at path (stat st): pe's version, the
 * absolute path and the file's identity (device, inode, size, mtime in
 * ns), so that a changed, moved or replaced file is a miss.  The item
 * follows. */
static void
key_file(struct wctx *w, const char *path, const struct stat *st)
{
	w->key.len = 0;
	pe_buf_printf(&w->key, "pe-scan %s", PE_VERSION);
	pe_buf_put(&w->key, "", 1);
	if (path[0] != '/' && cwd != NULL) {
		pe_buf_puts(&w->key, cwd);
		pe_buf_puts(&w->key, "/");
	}
	pe_buf_puts(&w->key, path);
	pe_buf_put(&w->key, "", 1);
	pe_buf_printf(&w->key, "%llu:%llu:%lld:%lld.%09ld",
	    (unsigned long long)st->st_dev, (unsigned long long)st->st_ino,
	    (long long)st->st_size, (long long)st->st_mtim.tv_sec,
	    (long)st->st_mtim.tv_nsec);
	pe_buf_put(&w->key, "", 1);
	w->keybase = w->key.len;
}

/*
 * Store the entry built in w->key and w->enc, unless the run has written
 * --cache-max bytes already: a run that writes more than the cache holds
 * would pay for entries that the trim at its end throws away.
 */
static void
cache_put(struct wctx *w)
{
	uint64_t n = w->key.len + w->enc.len;

	if (__atomic_add_fetch(stored, n, __ATOMIC_RELAXED) > o.cache_max) {
		w->unstored++;
		return;
	}
	pe_cache_put(w->cache, w->key.p, w->key.len, w->enc.p, w->enc.len,
	    NULL);
}

/* The candles of the file (key_file done) from the cache, or NULL. */
static struct pe_set *
cache_get_set(struct wctx *w)
{
	struct pe_set *set;
	const void *d;
	size_t len;

	w->key.len = w->keybase;
	pe_buf_puts(&w->key, "candles");
	if (w->key.oom || !pe_cache_get(w->cache, w->key.p, w->key.len, &d,
	    &len))
		return NULL;
	if ((set = pe_set_new()) == NULL)
		dief(3, "out of memory");
	if (pe_cache_decode_set(d, len, set) != PE_OK) {
		pe_set_free(set);
		return NULL;
	}
	return set;
}

static void
cache_put_set(struct wctx *w, const struct pe_set *set)
{
	unsigned char *p = (unsigned char *)w->enc.p;

	w->enc.len = 0;
	if (pe_cache_encode_set(set, &p, &w->enc.len, &w->enc.cap) !=
	    PE_OK)
		dief(3, "out of memory");
	w->enc.p = (char *)p;
	w->key.len = w->keybase;
	pe_buf_puts(&w->key, "candles");
	if (!w->key.oom)
		cache_put(w);
}

/* The key of instance in over the current symbol, or 0 when its text was
 * cut (it does not name the instance then). */
static int
key_ind(struct wctx *w, const struct pe_plan_ind *in)
{
	if (strlen(in->text) >= PE_PLAN_TEXT_MAX)
		return 0;
	w->key.len = w->keybase;
	pe_buf_printf(&w->key, "ind %lld", (long long)o.tf);
	pe_buf_put(&w->key, "", 1);
	pe_buf_puts(&w->key, w->sym);
	pe_buf_put(&w->key, "", 1);
	pe_buf_puts(&w->key, in->text);
	return !w->key.oom;
}

static int
store_get(void *ctx, const struct pe_plan_ind *in, size_t n,
    double *const *out)
{
	struct wctx *w = ctx;
	const size_t col = n * sizeof(double);
	const void *d;
	size_t len;
	int k;

	if (!key_ind(w, in) || !pe_cache_get(w->cache, w->key.p, w->key.len,
	    &d, &len) || len != (size_t)in->info->nout * col)
		return 0;
	for (k = 0; k < in->info->nout; k++)
		memcpy(out[k], (const char *)d + (size_t)k * col, col);
	return 1;
}

static void
store_put(void *ctx, const struct pe_plan_ind *in, size_t n,
    const double *const *out)
{
	struct wctx *w = ctx;
	int k;

	if (!key_ind(w, in))
		return;
	w->enc.len = 0;
	for (k = 0; k < in->info->nout; k++)
		pe_buf_put(&w->enc, (const char *)out[k], n * sizeof(double));
	if (w->enc.oom)
		dief(3, "out of memory");
	cache_put(w);
}
/* The bars considered, [*lo, *hi): --since <= time <= --until.  --last
 * takes the last of them, the last bar at or before --until. */
static void
bars_between(const struct pe_series *s, size_t *lo, size_t *hi)
{
	*lo = pe_series_lower_bound(s, o.since);
	*hi = o.until == INT64_MAX ? s->n :
	    pe_series_lower_bound(s, o.until + 1);
	if (*hi < *lo)
		*hi = *lo;
}

/* The --forward-returns N return after a signal at bar i of formula fi:
 * close[i+N] / close[i] - 1, looking past --until when the data goes on.
 * None when the series ends first or the return is not finite. */
static void
forward_return(struct wctx *w, const struct pe_series *s, size_t i,
    size_t fi)
{
	struct fret f = { (uint32_t)fi, 0, 0 };

	if (s->n - i <= (size_t)o.fwd)
		return;
	f.r = s->close[i + (size_t)o.fwd] / s->close[i] - 1;
	if (!isfinite(f.r))
		return;
	pe_buf_put(&w->rets, (char *)&f, sizeof f);
	w->nret++;
}

/* The symbols of one series: its signal lines, or its skip. */
static void
scan_series(struct wctx *w, const struct pe_series *s, struct msg *m,
    double t0)
{
	const size_t nf = plan->nformulas;
	const struct pe_plan_formula *f;
	struct pe_error err;
	char sym[PE_SYMBOL_ENCMAX], why[128];
	uint64_t hits = 0;
	size_t i, fi, n, lo, hi;

	if (s->n < (size_t)plan->lookback + 1) {
		snprintf(why, sizeof why, "insufficient data (%zu bars, "
		    "formula needs %ld)", s->n, plan->lookback + 1);
		put_result(&w->out, s->symbol, "skipped", why, 0, 0, 0);
		m->skipped++;
		return;
	}
	w->sym = s->symbol;
	if (pe_plan_run(w->vec, s, &err) != PE_OK) {
		put_result(&w->out, s->symbol, "error", err.msg, 0, 0, 0);
		m->error++;
		return;
	}
	n = pe_symbol_encode(s->symbol, 1, sym);
	sym[n] = '\0';
	bars_between(s, &lo, &hi);
	for (i = o.last && hi > lo ? hi - 1 : lo; i < hi; i++)
		for (fi = 0; fi < nf; fi++) {
			f = &plan->formula[fi];
			if (pe_plan_col(w->vec, f->root)[i] != 1.0)
				continue;
			pe_signal_line(w->sig, w->vec, s, sym, i, fi, 1,
			    &w->out);
			w->matches[fi]++;
			hits++;
			if (!o.last) {
				int64_t day = s->time[i] / 86400000 -
				    (s->time[i] % 86400000 < 0);

				pe_buf_put(&w->days, (char *)&day, sizeof day);
				w->ndays++;
			}
			if (o.fwd > 0)
				forward_return(w, s, i, fi);
		}
	m->ok++;
	if (o.results)
		put_result(&w->out, s->symbol, "ok", NULL, s->n, hits,
		    (now() - t0) * 1000);
}

/* One file: every symbol in it (of this shard), or one problem. */
static void
scan_file(struct wctx *w, const char *path, struct msg *m)
{
	struct pe_read_opts ro = { 0 };
	struct pe_error err;
	struct pe_set *set;
	struct stat st;
	char base[256], why[PE_ERRMSG_MAX + PE_ERRPATH_MAX + 32];
	size_t bad[PE_BAD_NKINDS] = { 0 }, i, bars = 0;
	double t0 = now();
	int has;

	ro.symbol = pe_load_symbol_of(path, base, sizeof base);
	ro.sorted = 1;
#ifdef PE_TEST_HOOKS
	test_hook(base);
#endif
	if (stat(path, &st) != 0) {
		snprintf(why, sizeof why, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(why, sizeof why, "%s: not a regular file", path);
		goto fail;
	}
	set = NULL;
	if (w->cache != NULL) {
		key_file(w, path, &st);
		set = cache_get_set(w);
	}
	if (set == NULL) {
		if ((set = pe_set_new()) == NULL)
			dief(3, "out of memory");
		if (pe_load_path(path, &ro, set, 0, bad, &has, &err) !=
		    PE_OK) {
			pe_set_free(set);
			pe_error_format(&err, why, sizeof why);
			goto fail;
		}
		if (w->cache != NULL)
			cache_put_set(w, set);
	}
	for (i = 0; i < set->n; i++) {
		if (o.tf > 0)
			pe_series_resample(set->v[i], o.tf);
		bars += set->v[i]->n;
	}
	if (bars == 0) {
		pe_set_free(set);
		snprintf(why, sizeof why, "no data");
		goto fail;
	}
	for (i = 0; i < set->n; i++)
		if (set->v[i]->n > 0 && pe_shard_keep(&o.shard, set->v[i]->symbol))
			scan_series(w, set->v[i], m, i == 0 ? t0 : now());
	pe_set_free(set);
	return;
fail:
	if (pe_shard_keep(&o.shard, base)) {
		put_result(&w->out, base, "error", why, 0, 0, 0);
		m->error++;
	}
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t k;

	while (n > 0) {
		if ((k = write(fd, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

static void worker_exit(int) __attribute__((noreturn));

static void
worker_exit(int status)
{
#ifdef PE_COVERAGE
	extern void __gcov_dump(void);
	__gcov_dump();
#endif
	_exit(status);
}

/* A worker: job numbers in on cmd, messages out on res, until EOF. */
static void
worker_main(int cmd, int res)
{
	const size_t nf = plan->nformulas, head = sizeof(struct msg) +
	    nf * sizeof(uint64_t);
	struct wctx w = { 0 };
	struct pe_plan_store store = { store_get, store_put, &w };
	struct pe_cache_stats c0 = { 0 }, c1;
	struct pe_error err;
	struct msg m;
	uint32_t job;
	ssize_t k;

	if ((w.vec = pe_plan_vec_new(plan, &err)) == NULL ||
	    (w.sig = pe_signal_new(plan, &err)) == NULL ||
	    (w.matches = calloc(nf + 1, sizeof *w.matches)) == NULL)
		worker_exit(3);
	/* The parent's handle: its index is read once, not once a worker;
	 * what the parent's open counted is the parent's to report. */
	if ((w.cache = cache) != NULL) {
		c0 = *pe_cache_stats(cache);
		pe_plan_vec_store(w.vec, &store);
	}
	for (;;) {
		if ((k = read(cmd, &job, sizeof job)) != sizeof job) {
			if (k < 0 && errno == EINTR)
				continue;
			pe_cache_close(w.cache);	/* publish its entries */
			worker_exit(0);
		}
		memset(&m, 0, sizeof m);
		m.job = job;
		w.out.len = 0;
		w.rets.len = 0;
		w.nret = 0;
		w.days.len = 0;
		w.ndays = 0;
		memset(w.matches, 0, (nf + 1) * sizeof(uint64_t));
		pe_buf_put(&w.out, (char *)&m, sizeof m);	/* room for */
		pe_buf_put(&w.out, (char *)w.matches,		/* the head */
		    nf * sizeof(uint64_t));
		scan_file(&w, files[job].path, &m);
		m.len = w.out.len - head;
		m.nret = w.nret;
		m.ndays = w.ndays;
		if (w.cache != NULL) {
			c1 = *pe_cache_stats(w.cache);
			m.hits = (uint32_t)(c1.hits - c0.hits);
			m.misses = (uint32_t)(c1.misses - c0.misses);
			m.corrupt = (uint32_t)(c1.corrupt - c0.corrupt);
			m.writes = (uint32_t)(c1.writes - c0.writes);
			m.unstored = w.unstored;
			w.unstored = 0;
			c0 = c1;
		}
		pe_buf_put(&w.out, w.rets.p, w.rets.len);
		pe_buf_put(&w.out, w.days.p, w.days.len);
		if (w.out.oom || w.rets.oom || w.days.oom)
			worker_exit(3);
		memcpy(w.out.p, &m, sizeof m);
		memcpy(w.out.p + sizeof m, w.matches, nf * sizeof(uint64_t));
		if (write_all(res, w.out.p, w.out.len) != 0)
			worker_exit(0);
	}
}

/* ---- the pool ---- */

static void
spawn(struct worker *w)
{
	int cmd[2], res[2], i;
	sigset_t none;

	if (pipe2(cmd, O_CLOEXEC) != 0 || pipe2(res, O_CLOEXEC) != 0)
		dief(3, "pipe: %s", strerror(errno));
	fflush(NULL);
	if ((w->pid = fork()) < 0)
		dief(3, "fork: %s", strerror(errno));
	if (w->pid == 0) {
		for (i = 0; i < npool; i++)
			if (pool[i].pid > 0 && &pool[i] != w) {
				close(pool[i].cmd);
				close(pool[i].res);
			}
		close(cmd[1]);
		close(res[0]);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		worker_main(cmd[0], res[1]);
	}
	close(cmd[0]);
	close(res[1]);
	w->cmd = cmd[1];
	w->res = res[0];
	w->job = -1;
	w->in.len = 0;
}

/* Kill (when kill) and reap w; its slot is then empty.  Returns its
 * wait status. */
static int
reap(struct worker *w, int kill_it)
{
	int status = 0;

	if (w->pid <= 0)
		return 0;
	if (kill_it)
		kill(w->pid, SIGKILL);
	close(w->cmd);
	close(w->res);
	while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
		;
	w->pid = 0;
	return status;
}

/* Every worker: killed, or (kill_it 0) told to finish by the end of its
 * jobs, so that it publishes what it wrote to the cache. */
static void
reap_all(int kill_it)
{
	int i;

	for (i = 0; i < npool; i++)
		reap(&pool[i], kill_it);
}

/* ---- results ---- */

static struct stats st;
static size_t next_out;		/* ordered: the next file to write */
static int broken;		/* stdout is a closed pipe */

static void
emit(struct file *f)
{
	if (f->len > 0 && !broken && (fwrite(f->text, 1, f->len, stdout) !=
	    f->len || fflush(stdout) != 0)) {
		if (errno != EPIPE)
			dief(3, "write error on standard output: %s",
			    strerror(errno));
		broken = 1;
	}
	free(f->text);
	f->text = NULL;
}

/* File job is done: text (taken) holds its lines. */
static void
finish(long job, char *text, size_t len)
{
	struct file *f = &files[job];

	f->text = text;
	f->len = len;
	f->done = 1;
	if (o.unordered)
		emit(f);
	else
		while (next_out < nfiles && files[next_out].done)
			emit(&files[next_out++]);
}

/* A worker that timed out or died: one result line for its file. */
static void
lost(struct worker *w, const char *status, const char *reason)
{
	struct pe_buf b = { 0 };
	char base[256];

	pe_load_symbol_of(files[w->job].path, base, sizeof base);
	put_result(&b, base, status, reason, 0, 0, 0);
	if (b.oom)
		dief(3, "out of memory");
	*(strcmp(status, "timeout") == 0 ? &st.timeout : &st.error) += 1;
	finish(w->job, b.p, b.len);
	w->job = -1;
}

/* The slot of day in st.days: its own, or the empty one it would take. */
static size_t
day_slot(int64_t day)
{
	size_t m = st.ndays_cap - 1, i = (size_t)((uint64_t)day *
	    0x9e3779b97f4a7c15ULL >> 20) & m;

	while (st.days[i].day != INT64_MIN && st.days[i].day != day)
		i = (i + 1) & m;
	return i;
}

/* One more match on day (days since 1970-01-01). */
static void
add_day(int64_t day)
{
	struct day *old = st.days;
	size_t i, cap = st.ndays_cap;
	uint64_t h;

	if (2 * (st.ndays + 1) > st.ndays_cap) {	/* grow, rehash */
		st.ndays_cap = cap ? 2 * cap : 1024;
		st.days = xrealloc(NULL, st.ndays_cap, sizeof *st.days);
		for (i = 0; i < st.ndays_cap; i++)
			st.days[i].day = INT64_MIN;
		for (i = 0; i < cap; i++)
			if (old[i].day != INT64_MIN)
				st.days[day_slot(old[i].day)] = old[i];
		free(old);
	}
	h = day_slot(day);
	if (st.days[h].day == INT64_MIN) {
		st.days[h].day = day;
		st.days[h].n = 0;
		st.ndays++;
	}
	st.days[h].n++;
}

/* A complete message in w->in: take its counts and text. */
static int
take(struct worker *w)
{
	const size_t nf = plan->nformulas, head = sizeof(struct msg) +
	    nf * sizeof(uint64_t);
	struct msg m;
	struct fret f;
	struct rets *r;
	uint64_t c;
	size_t i;
	char *text;

	if (w->in.len < head)
		return 0;
	memcpy(&m, w->in.p, sizeof m);
	if (w->in.len < head + m.len + m.nret * sizeof f + m.ndays *
	    sizeof(int64_t))
		return 0;
	for (i = 0; i < nf; i++) {
		memcpy(&c, w->in.p + sizeof m + i * sizeof c, sizeof c);
		st.matches[i] += c;
	}
	for (i = 0; i < m.nret; i++) {
		memcpy(&f, w->in.p + head + m.len + i * sizeof f, sizeof f);
		if (f.formula >= nf)
			continue;
		r = &st.rets[f.formula];
		if (r->n == r->cap) {
			r->cap = r->cap ? 2 * r->cap : 64;
			r->v = xrealloc(r->v, r->cap, sizeof *r->v);
		}
		r->v[r->n++] = f.r;
	}
	for (i = 0; i < m.ndays; i++) {
		int64_t day;

		memcpy(&day, w->in.p + head + m.len + m.nret * sizeof f +
		    i * sizeof day, sizeof day);
		add_day(day);
	}
	st.ok += m.ok;
	st.error += m.error;
	st.skipped += m.skipped;
	st.cache.hits += m.hits;
	st.cache.misses += m.misses;
	st.cache.corrupt += m.corrupt;
	st.cache.writes += m.writes;
	st.unstored += m.unstored;
	text = xrealloc(NULL, m.len + 1, 1);
	memcpy(text, w->in.p + head, m.len);
	finish(w->job, text, m.len);
	w->job = -1;
	w->in.len = 0;
	return 1;
}

/* Read what w sent; a worker that is gone is a crash. */
static void
drain(struct worker *w)
{
	char buf[1 << 16], why[64];
	ssize_t k;
	int status;

	k = read(w->res, buf, sizeof buf);
	if (k < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (k > 0) {
		if (pe_buf_put(&w->in, buf, (size_t)k) != PE_OK)
			dief(3, "out of memory");
		take(w);
		return;
	}
	status = reap(w, 1);
	if (w->job < 0)
		return;
	if (WIFSIGNALED(status))
		snprintf(why, sizeof why, "worker crashed (signal %d)",
		    WTERMSIG(status));
	else
		snprintf(why, sizeof why, "worker exited (status %d)",
		    WEXITSTATUS(status));
	lost(w, "error", why);
}

static void
on_signal(int sig)
{
	got_sig = sig;
}

/* ---- progress ---- */

static struct {
	double t0, last;	/* start; last update */
	int tty;		/* the bar is drawn: erase it at the end */
} pg;

/* done of nfiles files: the bar at most 10 times a second, a JSONL
 * event at most once a second; always the last (end set). */
static void
progress(size_t done, int end)
{
	double t = now(), el = t - pg.t0, rate = el > 0 ? done / el : 0;
	double eta = rate > 0 ? (double)(nfiles - done) / rate : 0;
	int w = 24, fill = nfiles ? (int)(w * done / nfiles) : w;

	if (o.progress == PROG_BAR && (end || t - pg.last >= 0.1)) {
		if (end) {
			fputs("\r\033[K", stderr);
			return;
		}
		fprintf(stderr, "\r%s: [%.*s%*s] %zu/%zu %3.0f%% %.0f/s "
		    "ETA %d:%02d\033[K", prog, fill,
		    "========================", w - fill, "", done, nfiles,
		    nfiles ? 100.0 * done / nfiles : 100, rate,
		    (int)eta / 60, (int)eta % 60);
		pg.last = t;
	} else if (o.progress == PROG_JSONL && (end || t - pg.last >= 1)) {
		fprintf(stderr, "{\"event\":\"%s\",\"done\":%zu,"
		    "\"total\":%zu,\"elapsed\":%.3f,\"rate\":%.1f",
		    end ? "end" : "progress", done, nfiles, el, rate);
		if (end)
			fprintf(stderr, ",\"interrupted\":%s}\n",
			    got_sig ? "true" : "false");
		else
			fprintf(stderr, ",\"eta\":%.1f}\n", eta);
		pg.last = t;
	}
	fflush(stderr);
}

/* Run every file through the pool. */
static void
run_pool(void)
{
	struct pollfd *pfd = xrealloc(NULL, (size_t)npool, sizeof *pfd);
	size_t next = 0, ndone = 0;
	struct timespec ts;
	double t, wait;
	char why[64];
	sigset_t orig;
	uint32_t job;
	int i, n, busy;

	sigprocmask(SIG_SETMASK, NULL, &orig);
	sigdelset(&orig, SIGINT);
	sigdelset(&orig, SIGTERM);
	pg.t0 = now();
	pg.last = -1;		/* draw the first at once */
	if (o.progress == PROG_JSONL)
		fprintf(stderr, "{\"event\":\"start\",\"total\":%zu,"
		    "\"jobs\":%d}\n", nfiles, npool);
	while (ndone < nfiles && !broken && !got_sig) {
		progress(ndone, 0);
		for (i = 0; i < npool && next < nfiles; i++) {
			if (pool[i].pid <= 0)
				spawn(&pool[i]);
			if (pool[i].job >= 0)
				continue;
			job = (uint32_t)next;
			if (write_all(pool[i].cmd, (char *)&job, sizeof job))
				dief(3, "write to worker: %s",
				    strerror(errno));
			pool[i].job = (long)next++;
			pool[i].start = now();
		}
		wait = -1;
		t = now();
		for (i = n = 0; i < npool; i++) {
			pfd[i].fd = pool[i].pid > 0 ? pool[i].res : -1;
			pfd[i].events = POLLIN;
			pfd[i].revents = 0;
			if (pool[i].pid > 0 && pool[i].job >= 0 && (wait < 0 ||
			    pool[i].start + o.timeout - t < wait))
				wait = fmax(0, pool[i].start + o.timeout - t);
		}
		ts.tv_sec = (time_t)wait;
		ts.tv_nsec = (long)((wait - (double)ts.tv_sec) * 1e9);
		if (ppoll(pfd, (nfds_t)npool, wait < 0 ? NULL : &ts,
		    &orig) < 0 && errno != EINTR)
			dief(3, "poll: %s", strerror(errno));
		for (i = 0; i < npool; i++) {
			busy = pool[i].job >= 0;
			if (pool[i].pid > 0 && pfd[i].revents)
				drain(&pool[i]);
			if (busy && pool[i].job < 0)
				ndone++;
		}
		t = now();
		for (i = 0; i < npool; i++)
			if (pool[i].pid > 0 && pool[i].job >= 0 &&
			    t - pool[i].start >= o.timeout) {
				reap(&pool[i], 1);
				snprintf(why, sizeof why, "timed out after "
				    "%g s", o.timeout);
				lost(&pool[i], "timeout", why);
				ndone++;
			}
	}
	progress(ndone, 1);
	free(pfd);
}

/* ---- the summary ---- */

static const char *
fname(size_t i)
{
	return plan->formula[i].name ? plan->formula[i].name :
	    plan->formula[i].src;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

struct fwd_stats {
	size_t n;
	double mean, median, positive, worst, best;	/* NaN when n is 0 */
};

/* The statistics of formula fi's forward returns (sorted in place). */
static struct fwd_stats
fwd_stats(size_t fi)
{
	struct rets *r = &st.rets[fi];
	struct fwd_stats fs = { r->n, NAN, NAN, NAN, NAN, NAN };
	double sum = 0;
	size_t i, pos = 0;

	if (r->n == 0)
		return fs;
	qsort(r->v, r->n, sizeof *r->v, cmp_double);
	for (i = 0; i < r->n; i++) {
		sum += r->v[i];
		pos += r->v[i] > 0;
	}
	fs.mean = sum / (double)r->n;
	fs.median = r->n % 2 ? r->v[r->n / 2] :
	    (r->v[r->n / 2 - 1] + r->v[r->n / 2]) / 2;
	fs.positive = (double)pos / (double)r->n;
	fs.worst = r->v[0];
	fs.best = r->v[r->n - 1];
	return fs;
}

static void
fwd_json(struct pe_buf *b)
{
	static const char *key[] = { "mean", "median", "positive", "worst",
	    "best" };
	struct fwd_stats fs;
	double v[5];
	size_t i, k;

	pe_buf_printf(b, ",\"forward_returns\":{\"bars\":%ld,\"formulas\":[",
	    o.fwd);
	for (i = 0; i < plan->nformulas; i++) {
		fs = fwd_stats(i);
		v[0] = fs.mean, v[1] = fs.median, v[2] = fs.positive;
		v[3] = fs.worst, v[4] = fs.best;
		pe_buf_puts(b, i ? ",{\"formula\":" : "{\"formula\":");
		pe_buf_json(b, fname(i));
		pe_buf_printf(b, ",\"count\":%zu", fs.n);
		for (k = 0; k < 5; k++) {
			pe_buf_printf(b, ",\"%s\":", key[k]);
			pe_buf_num(b, v[k], 1);
		}
		pe_buf_puts(b, "}");
	}
	pe_buf_puts(b, "]}");
}

static int
cmp_day(const void *a, const void *b)
{
	const struct day *x = a, *y = b;

	return (x->day > y->day) - (x->day < y->day);
}

static int
cmp_busy(const void *a, const void *b)
{
	const struct day *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return cmp_day(a, b);
}

static char *
day_text(int64_t day, char *buf)
{
	time_t t = (time_t)(day * 86400);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 16, "%Y-%m-%d", &tm);
	return buf;
}

/* --all: the days with matches (st.days packed and sorted by date), on
 * stderr the busiest three, in the JSON every one. */
static void
days_report(struct pe_buf *b)
{
	struct day *d = st.days;
	size_t n = 0, i;
	char buf[16];

	for (i = 0; i < st.ndays_cap; i++)
		if (st.days[i].day != INT64_MIN)
			d[n++] = st.days[i];
	if (n > 0) {
		qsort(d, n, sizeof *d, cmp_busy);
		fprintf(stderr, "%s: matches on %zu date%s; busiest:", prog, n,
		    n == 1 ? "" : "s");
		for (i = 0; i < n && i < 3; i++)
			fprintf(stderr, "%s %s (%llu)", i ? "," : "",
			    day_text(d[i].day, buf),
			    (unsigned long long)d[i].n);
		fputc('\n', stderr);
	}
	if (n > 0)
		qsort(d, n, sizeof *d, cmp_day);
	pe_buf_puts(b, ",\"dates\":{");
	for (i = 0; i < n; i++)
		pe_buf_printf(b, "%s\"%s\":%llu", i ? "," : "",
		    day_text(d[i].day, buf), (unsigned long long)d[i].n);
	pe_buf_puts(b, "}");
	st.ndays_cap = n;	/* packed now */
}

/* The cache's line on stderr and its part of the JSON. */
static void
cache_report(struct pe_buf *b)
{
	const struct pe_cache_stats *c = &st.cache;
	uint64_t gets = c->hits + c->misses;
	double rate = gets ? (double)c->hits / (double)gets : 0;

	if (o.cache_dir == NULL) {
		pe_buf_puts(b, ",\"cache\":null");
		return;
	}
	fprintf(stderr, "%s: cache: %llu hits, %llu misses (%.1f%% hit "
	    "rate), %llu corrupt, %llu written, ", prog,
	    (unsigned long long)c->hits, (unsigned long long)c->misses,
	    rate * 100, (unsigned long long)c->corrupt,
	    (unsigned long long)c->writes);
	if (st.unstored > 0)
		fprintf(stderr, "%llu not written (over --cache-max), ",
		    (unsigned long long)st.unstored);
	fprintf(stderr, "%llu evicted; %s\n", (unsigned long long)c->evicted,
	    o.cache_dir);
	pe_buf_puts(b, ",\"cache\":{\"dir\":");
	pe_buf_json(b, o.cache_dir);
	pe_buf_printf(b, ",\"hits\":%llu,\"misses\":%llu,\"hit_rate\":",
	    (unsigned long long)c->hits, (unsigned long long)c->misses);
	pe_buf_num(b, round(rate * 10000) / 10000, 1);
	pe_buf_printf(b, ",\"corrupt\":%llu,\"written\":%llu,"
	    "\"unstored\":%llu,\"evicted\":%llu,\"evicted_bytes\":%llu,"
	    "\"bytes\":%llu}",
	    (unsigned long long)c->corrupt, (unsigned long long)c->writes,
	    (unsigned long long)st.unstored, (unsigned long long)c->evicted,
	    (unsigned long long)c->evicted_bytes,
	    (unsigned long long)c->kept_bytes);
}

static void
summary(double elapsed)
{
	unsigned long total = st.ok + st.error + st.timeout + st.skipped;
	double rate = elapsed > 0 ? total / elapsed : 0;
	struct pe_buf b = { 0 }, tail = { 0 };	/* tail: the JSON of the
						 * cache and dates */
	char *tmp, *slash;
	struct rusage self, kids;	/* peak memory: the parent's own, the
					 * largest worker's */
	size_t i;
	FILE *fp;
	int fd;

	fprintf(stderr, "%s: %lu symbols: %lu ok, %lu error, %lu timeout, "
	    "%lu skipped%s\n", prog, total, st.ok, st.error, st.timeout,
	    st.skipped, got_sig ? " (interrupted)" : "");
	for (i = 0; i < plan->nformulas; i++)
		fprintf(stderr, "%s: %llu matches: %s\n", prog,
		    (unsigned long long)st.matches[i], fname(i));
	for (i = 0; o.fwd > 0 && i < plan->nformulas; i++) {
		struct fwd_stats fs = fwd_stats(i);

		fprintf(stderr, "%s: %ld-bar forward returns: %s: %zu signal%s",
		    prog, o.fwd, fname(i), fs.n, fs.n == 1 ? "" : "s");
		if (fs.n > 0)
			fprintf(stderr, ", mean %+.2f%%, median %+.2f%%, "
			    "%.1f%% positive, worst %+.2f%%, best %+.2f%%",
			    fs.mean * 100, fs.median * 100, fs.positive * 100,
			    fs.worst * 100, fs.best * 100);
		fputc('\n', stderr);
	}
	cache_report(&tail);
	if (!o.last)
		days_report(&tail);
	fprintf(stderr, "%s: %.3f s, %.0f symbols/s\n", prog, elapsed, rate);
	if (o.summary == NULL) {
		free(tail.p);
		return;
	}
	pe_buf_printf(&b, "{\"symbols\":%lu,\"ok\":%lu,\"error\":%lu,"
	    "\"timeout\":%lu,\"skipped\":%lu,\"matches\":[", total, st.ok,
	    st.error, st.timeout, st.skipped);
	for (i = 0; i < plan->nformulas; i++) {
		pe_buf_puts(&b, i ? ",{\"formula\":" : "{\"formula\":");
		pe_buf_json(&b, fname(i));
		pe_buf_printf(&b, ",\"count\":%llu}",
		    (unsigned long long)st.matches[i]);
	}
	pe_buf_puts(&b, "]");
	if (o.fwd > 0)
		fwd_json(&b);
	if (tail.len > 0)
		pe_buf_put(&b, tail.p, tail.len);
	free(tail.p);
	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	pe_buf_printf(&b, ",\"elapsed\":%.6f,\"symbols_per_s\":%.1f,"
	    "\"max_rss_kb\":{\"parent\":%ld,\"worker\":%ld,\"jobs\":%d},"
	    "\"interrupted\":%s}\n", elapsed, rate, self.ru_maxrss,
	    kids.ru_maxrss, npool, got_sig ? "true" : "false");
	tmp = xrealloc(NULL, strlen(o.summary) + 16, 1);
	slash = strrchr(o.summary, '/');
	sprintf(tmp, "%.*s.%s.XXXXXX", slash ? (int)(slash - o.summary + 1) :
	    0, o.summary, slash ? slash + 1 : o.summary);
	if (b.oom || tail.oom || (fd = mkstemp(tmp)) < 0 || (fp = fdopen(fd, "w")) ==
	    NULL || fwrite(b.p, 1, b.len, fp) != b.len || fclose(fp) != 0 ||
	    rename(tmp, o.summary) != 0) {
		unlink(tmp);
		dief(3, "cannot write the summary");
	}
	free(tmp);
	free(b.p);
}

/*
 * The cache directory: --cache-dir, $PE_CACHE_DIR, $XDG_CACHE_HOME/pe (an
 * absolute one), ~/.cache/pe.  Opened here once, so that a cache that
 * cannot be used is said once and the scan goes on without it.
 */
static void
cache_setup(void)
{
	static char buf[4096];
	struct pe_error err;
	const char *e;
	char msg[PE_ERRMSG_MAX + PE_ERRPATH_MAX + 32];

	if (o.no_cache) {
		o.cache_dir = NULL;
		return;
	}
	if (o.cache_dir != NULL)
		;
	else if ((e = getenv("PE_CACHE_DIR")) != NULL && *e != '\0')
		o.cache_dir = e;
	else if ((e = getenv("XDG_CACHE_HOME")) != NULL && *e == '/' &&
	    (size_t)snprintf(buf, sizeof buf, "%s/pe", e) < sizeof buf)
		o.cache_dir = buf;
	else if ((e = getenv("HOME")) != NULL && *e == '/' &&
	    (size_t)snprintf(buf, sizeof buf, "%s/.cache/pe", e) < sizeof buf)
		o.cache_dir = buf;
	else {
		fprintf(stderr, "%s: no cache: set PE_CACHE_DIR or HOME, or "
		    "use --cache-dir\n", prog);
		return;
	}
	if ((cache = pe_cache_open(o.cache_dir, &err)) == NULL) {
		fprintf(stderr, "%s: no cache: %s\n", prog,
		    pe_error_format(&err, msg, sizeof msg));
		o.cache_dir = NULL;
		return;
	}
	st.cache.corrupt = pe_cache_stats(cache)->corrupt;	/* its index */
	cwd = getcwd(NULL, 0);
	stored = mmap(NULL, sizeof *stored, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (stored == MAP_FAILED)
		dief(3, "mmap: %s", strerror(errno));
}

/* After a run that wrote to the cache (or with --cache-max): the least
 * recently used entries out until it fits. */
static void
cache_trim(void)
{
	struct pe_cache_stats t = { 0 };
	struct pe_error err;
	char msg[PE_ERRMSG_MAX + PE_ERRPATH_MAX + 32];

	if (o.cache_dir == NULL || (st.cache.writes == 0 &&
	    !o.cache_max_set))
		return;
	if (pe_cache_trim(o.cache_dir, o.cache_max, &t, &err) != PE_OK)
		fprintf(stderr, "%s: cache not trimmed: %s\n", prog,
		    pe_error_format(&err, msg, sizeof msg));
	/* corrupt counts what the scan met; trim's finds are the same
	 * segments again */
	st.cache.evicted = t.evicted;
	st.cache.evicted_bytes = t.evicted_bytes;
	st.cache.kept_bytes = t.kept_bytes;
}

int
main(int argc, char **argv)
{
	static char obuf[1 << 16];
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t block;
	double t0 = now();
	int i;
	long cpus;

	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	parse_args(argc, argv);
	argc -= optind;
	argv += optind;
	cli_formula_operand(&o.src, &argc, &argv, NULL);
	shard_from_env();
	if (o.progress == PROG_AUTO)
		o.progress = isatty(STDERR_FILENO) ? PROG_BAR : PROG_NONE;
	plan = cli_compile(&o.src, o.edge ? PE_PLAN_EDGE : 0, 1);
	for (i = 0; i < argc; i++)
		cli_paths_add(&paths, argv[i]);
	if (paths.n == 0)
		dief(2, "no symbols provided");
	files = xcalloc(paths.n, sizeof *files);
	for (nfiles = 0; nfiles < paths.n; nfiles++)
		files[nfiles].path = paths.v[nfiles];
	cache_setup();
	cpus = sysconf(_SC_NPROCESSORS_ONLN);
	npool = o.njobs ? o.njobs : cpus > 0 ? (int)cpus : 1;
	npool = (size_t)npool > nfiles ? (int)nfiles : npool;
	pool = xrealloc(NULL, (size_t)npool, sizeof *pool);
	memset(pool, 0, (size_t)npool * sizeof *pool);
	st.matches = xrealloc(NULL, plan->nformulas, sizeof *st.matches);
	memset(st.matches, 0, plan->nformulas * sizeof *st.matches);
	st.rets = xrealloc(NULL, plan->nformulas, sizeof *st.rets);
	memset(st.rets, 0, plan->nformulas * sizeof *st.rets);
	signal(SIGPIPE, SIG_IGN);	/* a closed stdout: EPIPE, then quiet */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	run_pool();
	reap_all(broken || got_sig);
	if (broken) {		/* "| head": end as a filter killed by SIGPIPE */
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
		return 0;
	}
	if (!got_sig)
		cache_trim();
	summary(now() - t0);
	if (got_sig)
		return 128 + got_sig;
	if (ferror(stdout) || fclose(stdout) != 0)
		dief(3, "write error on standard output: %s",
		    strerror(errno));
	if (st.error + st.timeout > 0)
		return 3;
	for (i = 0; i < (int)plan->nformulas; i++)
		if (st.matches[i] > 0)
			return 0;
	return 1;
}
