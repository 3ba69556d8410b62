/*
 * replay.c: run a fuzz target over saved inputs, without libFuzzer.
 *
 *	replay_NAME DIR|FILE ...
 *
 * Links with one fuzz_NAME.o (make check builds build/tests/replay_NAME
 * with gcc) and calls its LLVMFuzzerTestOneInput once on every regular file
 * of each directory, names sorted bytewise, dotfiles skipped; a file
 * argument is one input.  A missing argument is skipped silently (a
 * corpus directory exists only once `make fuzz` has run).  Each argument
 * prints one line in the harness protocol:
 *
 *	ok N - replay DIR (K inputs)
 *	ok N - replay DIR (0 inputs) # skip empty
 *	not ok N - replay DIR: cannot read NAME: reason
 *
 * and the plan "1..N" ends the output.  A broken invariant traps: the
 * signal handler prints "not ok N - replay DIR: crashed on NAME (signal
 * S)" and the process dies of the signal (under a sanitizer, its report
 * follows), which scripts/run-tests counts as a failure either way.  A
 * sanitizer's own report (a heap overflow) ends with the same line, from
 * its death callback.  Exit status 1 when an input could not be read.
 *
 * Inputs are copied into a buffer of exactly their size, as libFuzzer
 * does, so a sanitizer build catches a read past the end.
 *
 * Bloat: no recursion into subdirectories, no timing, no -runs.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

static long ntests;
static char current[4096];	/* the input being run, for the handler */
static char current_arg[4096];

static void
put(const char *s)
{
	ssize_t w;
	size_t n = strlen(s);

	while (n > 0 && (w = write(STDOUT_FILENO, s, n)) > 0)
		s += w, n -= (size_t)w;
}

static const int crash_sigs[] = { SIGILL, SIGSEGV, SIGBUS, SIGFPE, SIGABRT,
    SIGTRAP };
static struct sigaction old_action[sizeof crash_sigs / sizeof crash_sigs[0]];

static void
put_long(long v)
{
	char num[24], *p = num + sizeof num;

	*--p = '\0';
	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	put(p);
}

/*
 * Async-signal-safe: write(2) only.  Then the handler that was there
 * before (a sanitizer's, or the default) is put back and the handler
 * returns: a fault or a trap happens again at the same instruction, and
 * abort(3) raises again by itself, so the process dies as it would have.
 */
static void
on_crash(int sig)
{
	static volatile sig_atomic_t reported;
	size_t i;

	if (reported++)
		goto restore;
	put("not ok ");
	put_long(ntests + 1);
	put(" - replay ");
	put(current_arg);
	put(": crashed on ");
	put(current);
	if (sig != 0) {
		put(" (signal ");
		put_long(sig);
		put(")");
	}
	put("\n");
restore:
	for (i = 0; i < sizeof crash_sigs / sizeof crash_sigs[0]; i++)
		if (crash_sigs[i] == sig)
			sigaction(sig, &old_action[i], NULL);
}

/*
 * Under a sanitizer, its death callback names the input too (a heap
 * overflow report is not a signal).  Weak: absent from a plain build.
 */
void __sanitizer_set_death_callback(void (*cb)(void))
    __attribute__((weak));

static void
on_sanitizer_death(void)
{
	on_crash(0);
}

static void
catch_crashes(void)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_crash;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof crash_sigs / sizeof crash_sigs[0]; i++)
		sigaction(crash_sigs[i], &sa, &old_action[i]);
	if (__sanitizer_set_death_callback != NULL)
		__sanitizer_set_death_callback(on_sanitizer_death);
}

/* Read path whole into an exact-size buffer (*buf NULL for 0 bytes). */
static int
slurp(const char *path, uint8_t **buf, size_t *n)
{
	FILE *fp;
	struct stat st;
	uint8_t *b = NULL;
	size_t got;

	*buf = NULL;
	*n = 0;
	if ((fp = fopen(path, "rb")) == NULL)
		return -1;
	if (fstat(fileno(fp), &st) != 0) {
		fclose(fp);
		return -1;
	}
	if (st.st_size > 0) {
		if ((b = malloc((size_t)st.st_size)) == NULL) {
			fclose(fp);
			errno = ENOMEM;
			return -1;
		}
		got = fread(b, 1, (size_t)st.st_size, fp);
		if (got != (size_t)st.st_size) {
			free(b);
			fclose(fp);
			errno = EIO;
			return -1;
		}
	}
	fclose(fp);
	*buf = b;
	*n = (size_t)st.st_size;
	return 0;
}

/* Run one file; 0 or -1 (a message printed) when it cannot be read. */
static int
run_file(const char *arg, const char *path, const char *name)
{
	uint8_t *buf;
	size_t n;

	snprintf(current, sizeof current, "%s", name);
	if (slurp(path, &buf, &n) != 0) {
		printf("not ok %ld - replay %s: cannot read %s: %s\n",
		    ++ntests, arg, name, strerror(errno));
		fflush(stdout);
		return -1;
	}
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names of the non-dot entries of dir; NULL on error. */
static char **
list_dir(const char *dir, size_t *count)
{
	DIR *d;
	struct dirent *e;
	char **v = NULL, **nv;
	size_t n = 0, cap = 0;

	if ((d = opendir(dir)) == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((nv = realloc(v, cap * sizeof *v)) == NULL)
				goto fail;
			v = nv;
		}
		if ((v[n] = strdup(e->d_name)) == NULL)
			goto fail;
		n++;
	}
	closedir(d);
	qsort(v, n, sizeof *v, cmp_names);
	*count = n;
	if (v == NULL)
		v = calloc(1, sizeof *v);	/* an empty list, not an error */
	return v;
fail:
	while (n > 0)
		free(v[--n]);
	free(v);
	closedir(d);
	return NULL;
}

/* Replay one argument; returns 0 or -1. */
static int
replay_arg(const char *arg)
{
	struct stat st;
	char **names, path[8192];
	size_t n = 0, i, runs = 0;
	int rc = 0;

	if (stat(arg, &st) != 0)
		return 0;	/* missing: nothing to replay */
	snprintf(current_arg, sizeof current_arg, "%s", arg);
	if (S_ISREG(st.st_mode)) {
		if (run_file(arg, arg, arg) != 0)
			return -1;
		printf("ok %ld - replay %s (1 inputs)\n", ++ntests, arg);
		fflush(stdout);
		return 0;
	}
	if (!S_ISDIR(st.st_mode))
		return 0;
	if ((names = list_dir(arg, &n)) == NULL) {
		printf("not ok %ld - replay %s: cannot list it: %s\n",
		    ++ntests, arg, strerror(errno));
		fflush(stdout);
		return -1;
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", arg, names[i]);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (run_file(arg, path, names[i]) != 0) {
			rc = -1;
			break;
		}
		runs++;
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (rc != 0)
		return rc;
	if (runs == 0)
		printf("ok %ld - replay %s (0 inputs) # skip empty\n",
		    ++ntests, arg);
	else
		printf("ok %ld - replay %s (%zu inputs)\n", ++ntests, arg,
		    runs);
	fflush(stdout);
	return 0;
}

int
main(int argc, char **argv)
{
	int i, status = 0;

	catch_crashes();
	for (i = 1; i < argc; i++)
		if (replay_arg(argv[i]) != 0)
			status = 1;
	printf("1..%ld\n", ntests);
	return status;
}
