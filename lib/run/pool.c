/*
 * pool: forked workers, jobs over pipes, results framed back.  See
 * pe_pool.h.
 *
 * The parent loop: hand a job to every idle worker (forking one where a
 * slot is empty), wait in ppoll for a result pipe, the nearest deadline
 * or a signal, read what arrived, kill whoever overran.  A frame is a
 * uint64 length and that many bytes; a worker's pipe that ends before its
 * frame is whole is a lost job, whatever was read of it.
 *
 * Bloat: poll over every worker on each turn (a few dozen at most), one
 * slot per job for the ordering (16 bytes a job).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pe_file.h"
#include "pe_pool.h"

struct worker {
	pid_t pid;		/* 0: none */
	int off;		/* the slot given up: no worker to be had */
	int cmd, res;		/* its job pipe's write end, results' read */
	long job;		/* -1: idle */
	double start;		/* when it got its job */
	short revents;		/* what the last wait saw on res */
	struct pe_buf in;	/* what arrived of the frame */
};

/* A job that ended before its turn (ordered delivery). */
struct slot {
	char *p;		/* the result (owned), or NULL: lost */
	size_t len;
	int ended, code;
	enum pe_pool_loss why;
};

struct run {
	const struct pe_pool *pool;
	size_t njobs, next, next_out;	/* next to hand out, to deliver */
	struct worker *w;
	struct pollfd *pfd;	/* the live workers' (poll's nfds may not
				 * pass the descriptor limit) */
	int *who;		/* pfd[k] is w[who[k]]'s */
	struct slot *slot;	/* ordered: one a job */
	struct pe_pool_stats st;
	int spawn_errno;	/* why the last spawn failed */
	sigset_t wait_mask;	/* the caller's mask, INT and TERM open */
};

static volatile sig_atomic_t got_sig;	/* set by on_signal */

static void
on_signal(int sig)
{
	got_sig = sig;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- a worker ---- */

static void worker_exit(int) __attribute__((noreturn));

static void
worker_exit(int status)
{
#ifdef PE_COVERAGE
	extern void __gcov_dump(void);	/* _exit skips gcov's atexit */
	__gcov_dump();
#endif
	_exit(status);
}

/* Job numbers in on cmd, frames out on res, until the job pipe ends. */
static void worker_main(const struct pe_pool *, int, int)
    __attribute__((noreturn));

static void
worker_main(const struct pe_pool *pool, int cmd, int res)
{
	struct pe_buf out = { 0 };
	uint64_t job, len;
	ssize_t k;
	int rc;

	if (pool->start != NULL)
		pool->start(pool->ctx);
	for (;;) {
		if ((k = read(cmd, &job, sizeof job)) != sizeof job) {
			if (k < 0 && errno == EINTR)
				continue;
			if (pool->finish != NULL)
				pool->finish(pool->ctx);
			worker_exit(0);
		}
		out.len = 0;
		if ((rc = pool->job(pool->ctx, (size_t)job, &out)) != 0)
			worker_exit(rc);
		if (out.oom)
			worker_exit(3);
		len = out.len;
		if (pe_write_all(res, &len, sizeof len) != 0 ||
		    pe_write_all(res, out.p, out.len) != 0)
			worker_exit(0);	/* the parent is gone */
	}
}

/* ---- the parent's side of a worker ---- */

/*
 * A worker ignores SIGINT and SIGTERM: a terminal's Ctrl-C reaches the
 * whole process group, and a worker that died of it would look like a
 * crash of its file; the parent ends the workers.  It dies with the
 * parent, even one killed by SIGKILL, so none is ever orphaned.
 */
static void
worker_signals(void)
{
	sigset_t none;

	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGPIPE, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)	/* the parent died before the prctl */
		_exit(0);
}

static int
spawn(struct run *r, struct worker *w, struct pe_error *err)
{
	int cmd[2], res[2], i;

	if (pipe2(cmd, O_CLOEXEC) != 0) {
		r->spawn_errno = errno;
		return pe_error_set(err, PE_ERR_IO, NULL, 0, 0, "pipe: %s",
		    strerror(errno));
	}
	if (pipe2(res, O_CLOEXEC) != 0) {
		r->spawn_errno = errno;
		close(cmd[0]);
		close(cmd[1]);
		return pe_error_set(err, PE_ERR_IO, NULL, 0, 0, "pipe: %s",
		    strerror(r->spawn_errno));
	}
	fflush(NULL);
	if ((w->pid = fork()) < 0) {
		r->spawn_errno = errno;
		w->pid = 0;
		for (i = 0; i < 2; i++) {
			close(cmd[i]);
			close(res[i]);
		}
		return pe_error_set(err, PE_ERR_IO, NULL, 0, 0, "fork: %s",
		    strerror(r->spawn_errno));
	}
	if (w->pid == 0) {
		for (i = 0; i < r->pool->workers; i++)
			if (r->w[i].pid > 0) {
				close(r->w[i].cmd);
				close(r->w[i].res);
			}
		close(cmd[1]);
		close(res[0]);
		worker_signals();
		worker_main(r->pool, cmd[0], res[1]);
	}
	close(cmd[0]);
	close(res[1]);
	w->cmd = cmd[1];
	w->res = res[0];
	w->job = -1;
	w->in.len = 0;
	r->st.spawned++;
	return PE_OK;
}

/*
 * Kill (with kill_it) and reap w; its slot is then empty.  Returns its
 * wait status.  A worker that did not end through its finish (killed, or
 * dead of itself) is shown to the pool's gone once it is dead but before
 * it is reaped, while its pid cannot be anybody else's.
 */
static int
reap(struct run *r, struct worker *w, int kill_it)
{
	const struct pe_pool *pool = r->pool;
	siginfo_t si;
	int status = 0;

	if (w->pid <= 0)
		return 0;
	if (kill_it)
		kill(w->pid, SIGKILL);
	close(w->cmd);
	close(w->res);
	if (pool->gone != NULL) {
		memset(&si, 0, sizeof si);
		while (waitid(P_PID, (id_t)w->pid, &si, WEXITED | WNOWAIT) <
		    0 && errno == EINTR)
			;
		if (kill_it || si.si_code != CLD_EXITED || si.si_status != 0)
			pool->gone(pool->ctx, w->pid);
	}
	while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
		;
	w->pid = 0;
	return status;
}

/*
 * spawn failed: when for want of descriptors or processes and a worker
 * runs, every empty slot is given up (the limit holds for them all), the
 * run goes on with the workers it has, and the pool's fewer is told; 0
 * when the failure is the run's.
 */
static int
give_up(struct run *r)
{
	const struct pe_pool *pool = r->pool;
	int e = r->spawn_errno, i, alive = 0;

	if (e != EMFILE && e != ENFILE && e != EAGAIN && e != ENOMEM)
		return 0;
	for (i = 0; i < pool->workers; i++)
		alive += r->w[i].pid > 0;
	if (alive == 0)
		return 0;
	for (i = 0; i < pool->workers; i++)
		r->w[i].off = r->w[i].pid <= 0;
	r->st.workers = alive;
	if (pool->fewer != NULL)
		pool->fewer(pool->ctx, alive, e);
	return 1;
}

/* ---- delivery ---- */

static int
deliver(struct run *r, size_t job, struct slot *s)
{
	const struct pe_pool *pool = r->pool;

	if (s->p == NULL)
		return pool->lost(pool->ctx, job, s->why, s->code);
	return pool->result(pool->ctx, job, s->p, s->len);
}

/*
 * Job ended: with its result (p, len: taken when ordered delivery must
 * keep it) or lost (p NULL).  Returns non-zero when a callback ends the
 * run.
 */
static int
end_job(struct run *r, size_t job, const char *p, size_t len,
    enum pe_pool_loss why, int code)
{
	struct slot s = { NULL, len, 1, code, why }, *sl;
	int stop = 0;

	r->st.done++;
	r->st.lost += p == NULL;
	if (r->pool->unordered) {
		s.p = (char *)p;
		return deliver(r, job, &s);
	}
	sl = &r->slot[job];
	*sl = s;
	if (p != NULL) {
		if ((sl->p = malloc(len + 1)) == NULL)
			return -1;
		memcpy(sl->p, p, len);
	}
	while (!stop && r->next_out < r->njobs && r->slot[r->next_out].ended) {
		sl = &r->slot[r->next_out];
		stop = deliver(r, r->next_out++, sl);
		free(sl->p);
		sl->p = NULL;
	}
	return stop;
}

/* A whole frame in w->in: its job ends.  0 when the frame is not whole. */
static int
take_frame(struct run *r, struct worker *w, int *stop)
{
	uint64_t len;

	if (w->in.len < sizeof len)
		return 0;
	memcpy(&len, w->in.p, sizeof len);
	if (w->in.len - sizeof len < len)
		return 0;
	*stop = end_job(r, (size_t)w->job, w->in.p + sizeof len, (size_t)len,
	    PE_POOL_EXITED, 0);
	w->job = -1;
	w->in.len = 0;
	return 1;
}

/* A callback's verdict on the run: PE_OK (stop > 0 ends it) or
 * PE_ERR_NOMEM (stop < 0). */
static int
verdict(struct run *r, int stop, struct pe_error *err)
{
	if (stop < 0)
		return pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	if (stop > 0)
		r->st.stopped = 1;
	return PE_OK;
}

/* w is gone (its pipe ended, or a write to it failed): it is reaped, and
 * its job, if it had one, lost with how it ended.  end_job's verdict. */
static int
lose(struct run *r, struct worker *w)
{
	long job;
	int status = reap(r, w, 1);

	if ((job = w->job) < 0)
		return 0;
	w->job = -1;
	if (WIFSIGNALED(status))
		return end_job(r, (size_t)job, NULL, 0, PE_POOL_SIGNALED,
		    WTERMSIG(status));
	return end_job(r, (size_t)job, NULL, 0, PE_POOL_EXITED,
	    WEXITSTATUS(status));
}

/* Read what w sent; a pipe that ends is a worker gone, its job lost. */
static int
drain(struct run *r, struct worker *w)
{
	char buf[1 << 16];
	ssize_t k;
	int stop = 0;

	k = read(w->res, buf, sizeof buf);
	if (k < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (k > 0) {
		if (w->job < 0)		/* bytes nobody asked for */
			return 0;
		if (pe_buf_put(&w->in, buf, (size_t)k) != PE_OK)
			return -1;
		take_frame(r, w, &stop);
		return stop;
	}
	return lose(r, w);
}

/* ---- the loop ---- */

/*
 * Whether the run is interrupted: by a signal the wait caught, or by one
 * held since (taken now, so the next wait does not have to).  ppoll
 * reports a ready pipe rather than a signal that came with it, and a
 * worker's pipe often ends as the Ctrl-C arrives; once this is true,
 * nothing more is handed out, ended or blamed.
 */
static int
interrupted(void)
{
	static const struct timespec zero = { 0, 0 };
	sigset_t set;
	int sig;

	if (got_sig)
		return 1;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if ((sig = sigtimedwait(&set, NULL, &zero)) > 0)
		got_sig = sig;
	return got_sig != 0;
}


/*
 * Every idle worker gets the next job; an empty slot gets a worker.  A
 * write to a worker that died since its last job fails: with a signal
 * held, that is the interruption (the job goes back, the wait ends the
 * run); else the worker is lost, and the job with it, as any crash.
 */
static int
dispatch(struct run *r, struct pe_error *err)
{
	struct worker *w;
	uint64_t job;
	int i = 0, rc;

	if (interrupted())
		return PE_OK;
	while (i < r->pool->workers && r->next < r->njobs && !r->st.stopped) {
		w = &r->w[i];
		if (w->pid <= 0 && !w->off && (rc = spawn(r, w, err)) !=
		    PE_OK && !give_up(r))
			return rc;
		if (w->off || w->job >= 0) {
			i++;
			continue;
		}
		job = r->next++;
		w->job = (long)job;
		w->start = now();
		if (pe_write_all(w->cmd, &job, sizeof job) == 0) {
			i++;
			continue;
		}
		if (interrupted()) {
			w->job = -1;
			r->next--;
			return PE_OK;
		}
		/* the slot is empty again: filled on the next turn */
		if ((rc = verdict(r, lose(r, w), err)) != PE_OK)
			return rc;
	}
	return PE_OK;
}

/* Wait for a result, the nearest deadline or a signal. */
static int
wait_any(struct run *r, struct pe_error *err)
{
	const double limit = r->pool->timeout;
	struct timespec ts;
	double t = now(), wait = -1, left;
	int i, n = 0;

	for (i = 0; i < r->pool->workers; i++) {
		r->w[i].revents = 0;
		if (r->w[i].pid <= 0)
			continue;
		r->pfd[n].fd = r->w[i].res;
		r->pfd[n].events = POLLIN;
		r->pfd[n].revents = 0;
		r->who[n++] = i;
		if (limit > 0 && r->w[i].job >= 0) {
			left = fmax(0, r->w[i].start + limit - t);
			if (wait < 0 || left < wait)
				wait = left;
		}
	}
	if (r->pool->progress != NULL && (wait < 0 || wait > PE_POOL_TICK))
		wait = PE_POOL_TICK;
	ts.tv_sec = (time_t)wait;
	ts.tv_nsec = (long)((wait - (double)ts.tv_sec) * 1e9);
	if (ppoll(r->pfd, (nfds_t)n, wait < 0 ? NULL : &ts, &r->wait_mask) <
	    0 && errno != EINTR)
		return pe_error_set(err, PE_ERR_IO, NULL, 0, 0, "poll: %s",
		    strerror(errno));
	for (i = 0; i < n; i++)
		r->w[r->who[i]].revents = r->pfd[i].revents;
	return PE_OK;
}

/* Read every pipe that is ready, then kill whoever overran.  After a
 * signal, nothing: a cut run ends no job, and blames none. */
static int
collect(struct run *r, struct pe_error *err)
{
	const double limit = r->pool->timeout;
	struct worker *w;
	double t;
	long job;
	int i, stop = 0;

	if (interrupted())
		return PE_OK;
	for (i = 0; i < r->pool->workers && !stop; i++)
		if (r->w[i].pid > 0 && r->w[i].revents)
			stop = drain(r, &r->w[i]);
	t = now();
	for (i = 0; i < r->pool->workers && !stop && limit > 0; i++) {
		w = &r->w[i];
		if (w->pid > 0 && w->job >= 0 && t - w->start >= limit) {
			reap(r, w, 1);
			job = w->job;
			w->job = -1;
			stop = end_job(r, (size_t)job, NULL, 0, PE_POOL_TIMEOUT,
			    0);
		}
	}
	return verdict(r, stop, err);
}

static int
loop(struct run *r, struct pe_error *err)
{
	size_t seen = (size_t)-1;
	int rc;

	while (r->st.done < r->njobs && !r->st.stopped && !got_sig) {
		if (r->pool->progress != NULL)	/* it keeps its own pace */
			r->pool->progress(r->pool->ctx, seen = r->st.done);
		if ((rc = dispatch(r, err)) != PE_OK)
			return rc;
		if (r->st.done < r->njobs && !r->st.stopped && !got_sig &&
		    ((rc = wait_any(r, err)) != PE_OK ||
		    (rc = collect(r, err)) != PE_OK))
			return rc;
	}
	if (r->pool->progress != NULL && seen != r->st.done)
		r->pool->progress(r->pool->ctx, r->st.done);
	return PE_OK;
}

/* Signals as pe_pool.h says, saving what was there into old. */
static void
catch_signals(struct run *r, struct sigaction old[3], sigset_t *mask)
{
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, mask);
	r->wait_mask = *mask;
	sigdelset(&r->wait_mask, SIGINT);
	sigdelset(&r->wait_mask, SIGTERM);
	got_sig = 0;
	sigaction(SIGINT, &sa, &old[0]);
	sigaction(SIGTERM, &sa, &old[1]);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, &old[2]);
}

static void
restore_signals(const struct sigaction old[3], const sigset_t *mask)
{
	sigaction(SIGINT, &old[0], NULL);
	sigaction(SIGTERM, &old[1], NULL);
	sigaction(SIGPIPE, &old[2], NULL);
	sigprocmask(SIG_SETMASK, mask, NULL);
}

/* Every worker: killed, or at a normal end told to finish (its job pipe
 * closed) and waited for. */
static void
reap_all(struct run *r, int kill_it)
{
	int i;

	for (i = 0; i < r->pool->workers; i++) {
		reap(r, &r->w[i], kill_it);
		free(r->w[i].in.p);
	}
}

int
pe_pool_run(const struct pe_pool *pool, size_t njobs,
    struct pe_pool_stats *st, struct pe_error *err)
{
	struct run r = { .pool = pool, .njobs = njobs,
	    .st = { .workers = pool->workers } };
	struct sigaction old[3];
	sigset_t mask;
	size_t i;
	int rc;

	r.w = calloc((size_t)pool->workers, sizeof *r.w);
	r.pfd = calloc((size_t)pool->workers, sizeof *r.pfd);
	r.who = calloc((size_t)pool->workers, sizeof *r.who);
	r.slot = pool->unordered ? NULL : calloc(njobs + 1, sizeof *r.slot);
	if (r.w == NULL || r.pfd == NULL || r.who == NULL ||
	    (!pool->unordered && r.slot == NULL)) {
		rc = pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
		goto out;
	}
	catch_signals(&r, old, &mask);
	rc = loop(&r, err);
	r.st.interrupted = got_sig;
	reap_all(&r, rc != PE_OK || r.st.done < njobs);
	restore_signals(old, &mask);
out:
	for (i = 0; r.slot != NULL && i < njobs; i++)
		free(r.slot[i].p);
	free(r.slot);
	free(r.pfd);
	free(r.who);
	free(r.w);
	if (st != NULL)
		*st = r.st;
	return rc;
}

char *
pe_pool_loss_text(enum pe_pool_loss why, int code, double timeout,
    char *buf, size_t n)
{
	if (why == PE_POOL_TIMEOUT)
		snprintf(buf, n, "timed out after %g s", timeout);
	else if (why == PE_POOL_SIGNALED)
		snprintf(buf, n, "worker crashed (signal %d)", code);
	else
		snprintf(buf, n, "worker exited (status %d)", code);
	return buf;
}
