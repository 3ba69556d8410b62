/*
 * runs.c: what the commands that run files on the worker pool share: the
 * progress on stderr, the cache's options, the shard from a scheduler's
 * variables.  See cli.h.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

double
cli_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- progress ---- */

enum cli_progress_mode
cli_progress_mode(const char *arg)
{
	static const char *const words[] = { "bar", "jsonl", NULL };

	if (arg == NULL)
		return CLI_PROGRESS_BAR;
	return CLI_PROGRESS_BAR + cli_word("--progress", arg, words,
	    "bar or jsonl");
}

void
cli_progress_start(struct cli_progress *p, enum cli_progress_mode mode,
    size_t total, int jobs)
{
	if (mode == CLI_PROGRESS_AUTO)
		mode = isatty(STDERR_FILENO) ? CLI_PROGRESS_BAR :
		    CLI_PROGRESS_NONE;
	p->mode = mode;
	p->total = total;
	p->t0 = cli_now();
	p->drawn = -1;		/* draw the first at once */
	p->shown = 0;
	p->done = 0;
	p->t_done = p->t0;
	p->eta = 0;
	if (mode == CLI_PROGRESS_JSONL)
		fprintf(stderr, "{\"event\":\"start\",\"total\":%zu,"
		    "\"jobs\":%d}\n", total, jobs);
}

/* The terminal's width: stderr's window, else $COLUMNS, else 80. */
static int
columns(void)
{
	struct winsize ws;
	const char *e = getenv("COLUMNS");
	long n;
	char *end;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (e != NULL) {
		errno = 0;
		n = strtol(e, &end, 10);
		if (errno == 0 && end != e && *end == '\0' && n > 0 &&
		    n <= 10000)
			return (int)n;
	}
	return 80;
}

/*
 * The bar's line, at most cols - 1 characters, so that it never wraps
 * (a wrapped line would leave a stale row at each redraw): the bar
 * shrinks first, then goes, then the line is cut.
 */
static void
bar_line(const struct cli_progress *p, size_t done, double rate, double eta,
    int cols)
{
	static const char full[] = "========================";
	char tail[128], line[256];
	int w = (int)sizeof full - 1, room, fill, n;

	snprintf(tail, sizeof tail, " %zu/%zu %3.0f%% %.0f/s ETA %d:%02d",
	    done, p->total, p->total ? 100.0 * done / p->total : 100, rate,
	    (int)eta / 60, (int)eta % 60);
	room = cols - 1 - (int)strlen(prog) - 2 - (int)strlen(tail) - 2;
	if (room < w)
		w = room;
	if (w >= 4) {
		fill = p->total ? (int)(w * done / p->total) : w;
		n = snprintf(line, sizeof line, "%s: [%.*s%*s]%s", prog, fill,
		    full, w - fill, "", tail);
	} else
		n = snprintf(line, sizeof line, "%s:%s", prog, tail);
	if (n > cols - 1)
		n = cols - 1 > 0 ? cols - 1 : 0;
	if (n > (int)sizeof line - 1)
		n = (int)sizeof line - 1;
	fprintf(stderr, "\r%.*s\033[K", n, line);
}

/*
 * done of total, or the end (end 1: interrupted in end - 1).  The ETA is
 * the remaining files at the rate so far, taken when the last file ended
 * and counted down from there, so a long file does not stop the clock.
 */
static void
draw(struct cli_progress *p, size_t done, int end)
{
	double t = cli_now(), el = t - p->t0, rate = el > 0 ? done / el : 0;
	double eta;

	if (done != p->done) {
		p->done = done;
		p->t_done = t;
		p->eta = rate > 0 ? (double)(p->total - done) / rate : 0;
	}
	eta = p->eta - (t - p->t_done);
	if (eta < 0)
		eta = 0;
	if (p->mode == CLI_PROGRESS_BAR && (end || t - p->drawn >= 0.1)) {
		if (end)
			fputs("\r\033[K", stderr);
		else
			bar_line(p, done, rate, eta, columns());
		p->drawn = t;
		p->shown = !end;
	} else if (p->mode == CLI_PROGRESS_JSONL && (end || t - p->drawn >=
	    1)) {
		fprintf(stderr, "{\"event\":\"%s\",\"done\":%zu,"
		    "\"total\":%zu,\"elapsed\":%.3f,\"rate\":%.1f",
		    end ? "end" : "progress", done, p->total, el, rate);
		if (end)
			fprintf(stderr, ",\"interrupted\":%s}\n", end > 1 ?
			    "true" : "false");
		else
			fprintf(stderr, ",\"eta\":%.1f}\n", eta);
		p->drawn = t;
	}
	fflush(stderr);
}

void
cli_progress(struct cli_progress *p, size_t done)
{
	if (done < p->total)	/* the whole is cli_progress_end's to say */
		draw(p, done, 0);
}

void
cli_progress_end(struct cli_progress *p, size_t done, int interrupted)
{
	draw(p, done, 1 + (interrupted != 0));
}

void
cli_progress_clear(struct cli_progress *p)
{
	if (p->mode != CLI_PROGRESS_BAR || !p->shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	p->shown = 0;
}

/* ---- the cache ---- */

void
cli_cache_dir(struct cli_cache *c, const char *arg)
{
	if (*arg == '\0')
		dief(2, "invalid --cache-dir '' (expected a directory)");
	c->dir = arg;
}

void
cli_cache_max(struct cli_cache *c, const char *arg)
{
	if (pe_cache_size_parse(arg, &c->max) != PE_OK)
		dief(2, "invalid --cache-max '%s' (expected a size such as "
		    "500M, 2G or 100000)", arg);
	c->max_set = 1;
}

void
cli_cache_open(struct cli_cache *c)
{
	struct pe_error err;
	char msg[PE_ERRMSG_MAX + PE_ERRPATH_MAX + 32];
	uint64_t n;

	if (c->off) {
		c->dir = NULL;
		return;
	}
	if ((c->dir = pe_cache_locate(c->dir, c->buf, sizeof c->buf)) ==
	    NULL) {
		warnf("no cache: set PE_CACHE_DIR or HOME, or use --cache-dir");
		return;
	}
	if ((c->cache = pe_cache_open(c->dir, &err)) == NULL) {
		warnf("no cache: %s", pe_error_format(&err, msg, sizeof msg));
		c->dir = NULL;
		return;
	}
	if ((n = pe_cache_stats(c->cache)->stale) > 0)
		notef("cache: %s: removed %llu stale temporar%s (over a day "
		    "old)", c->dir, (unsigned long long)n, n == 1 ? "y" :
		    "ies");
	if (pe_cache_budget(c->cache, c->max, &err) != PE_OK)
		die(3, &err);
}

void
cli_cache_trim(struct cli_cache *c, struct pe_cache_stats *st)
{
	struct pe_cache_stats t = { 0 };
	struct pe_error err;
	char msg[PE_ERRMSG_MAX + PE_ERRPATH_MAX + 32];

	if (c->dir == NULL || (st->writes == 0 && !c->max_set))
		return;
	if (pe_cache_trim(c->dir, c->max, &t, &err) != PE_OK)
		warnf("cache not trimmed: %s", pe_error_format(&err, msg,
		    sizeof msg));
	/* corrupt counts what the run met; the trim's finds are the same
	 * segments again */
	st->evicted = t.evicted;
	st->evicted_bytes = t.evicted_bytes;
	st->kept_bytes = t.kept_bytes;
}

/* ---- shards ---- */

void
cli_shard_env(struct pe_shard *s, int given)
{
	struct pe_error err;
	const char *from;

	if (given)
		return;
	if (pe_shard_from_env(s, &from, &err) != PE_OK)
		dief(2, "%s (use --shard K/N)", err.msg);
	if (from != NULL)	/* a run that silently sees a part of its
				 * universe would be worse */
		warnf("shard %lu/%lu from %s", s->k, s->n, from);
}

/* ---- output and the summary ---- */

int
cli_jobs(int asked, size_t nfiles)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int n = asked ? asked : cpus > 0 ? (int)cpus : 1;

	return (size_t)n > nfiles ? (int)nfiles : n;
}

void
cli_fewer_note(struct cli_progress *p, int jobs, int workers, int err)
{
	cli_progress_clear(p);
	notef("-j %d: running %d worker%s (%s)", jobs, workers, workers == 1 ?
	    "" : "s", strerror(err));
}

int
cli_put(const char *p, size_t len, int *broken)
{
	if (len > 0 && !*broken && (fwrite(p, 1, len, stdout) != len ||
	    fflush(stdout) != 0)) {
		if (errno != EPIPE)
			dief(3, "write error on standard output: %s",
			    strerror(errno));
		*broken = 1;
	}
	return *broken;
}

void
cli_write_file(const char *path, const struct pe_buf *b, const char *what)
{
	struct pe_atomic *a;
	struct pe_error err;
	FILE *fp;

	if (b->oom)
		dief(3, "cannot write the %s %s: out of memory", what, path);
	if ((a = pe_atomic_open_path(path, &fp, &err)) == NULL)
		die(3, &err);
	fwrite(b->p, 1, b->len, fp);
	if (pe_atomic_commit(a, &err) != PE_OK)
		die(3, &err);
}

int
cli_pool_option(int c, struct cli_pool *p, struct pe_shard *shard)
{
	switch (c) {
	case 'j': p->njobs = (int)cli_number("-j", optarg, 1, 1024, 0); break;
	case CLI_O_SHARD:
		if (pe_shard_parse(optarg, shard, NULL) != PE_OK)
			dief(2, "invalid --shard '%s' (expected K/N, 0 <= K "
			    "< N)", optarg);
		p->shard_set = 1;
		break;
	case CLI_O_TIMEOUT: p->timeout = cli_seconds("--timeout", optarg); break;
	case CLI_O_UNORDERED: p->unordered = 1; break;
	case CLI_O_CACHE_DIR: cli_cache_dir(&p->cache, optarg); break;
	case CLI_O_NO_CACHE: p->cache.off = 1; break;
	case CLI_O_CACHE_MAX: cli_cache_max(&p->cache, optarg); break;
	case CLI_O_PROGRESS: p->progress = cli_progress_mode(optarg); break;
	case CLI_O_NO_PROGRESS: p->progress = CLI_PROGRESS_NONE; break;
	default: return 0;
	}
	return 1;
}

/* Why a symbol is not ok. */
static void
outcome_note(const struct pe_scan_outcome *o, int quiet)
{
	char base[256];

	if (o->status == PE_SCAN_SKIPPED && quiet)
		return;
	if (o->names_path)
		warnf("%s", o->reason);
	else if (strcmp(pe_load_symbol_of(o->path, base, sizeof base),
	    o->symbol) != 0)
		warnf("%s: %s: %s", o->path, o->symbol, o->reason);
	else
		warnf("%s: %s", o->path, o->reason);
}

void
cli_outcome_note(const struct pe_scan_outcome *o, int quiet)
{
	char base[256];

	if (strcmp(pe_load_symbol_of(o->path, base, sizeof base), o->symbol) ==
	    0)
		cli_symbol_of_note(o->path);
	if (o->status != PE_SCAN_OK)
		outcome_note(o, quiet);
}
