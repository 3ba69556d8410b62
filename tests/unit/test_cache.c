/*
 * test_cache.c: pe_cache against lib/run/pe_cache.h: entries kept and found
 * again across opens, segments published only whole, damage detected and
 * never trusted, names that are not regular files never opened through or
 * waited on, a newer entry winning, least-recently-used trimming,
 * unfinished segments of dead writers removed, sizes, and candles encoded
 * and decoded.
 *
 * Every test works in its own directory under $TMPDIR (or /tmp), removed
 * at the end.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "pe_cache.h"

static char root[256];

/* The names in dir starting with prefix, counted. */
static int
count(const char *dir, const char *prefix)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	closedir(d);
	return n;
}

/* The path of the first name in dir starting with prefix. */
static int
first(const char *dir, const char *prefix, char *path, size_t n)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	int found = 0;

	while (d != NULL && !found && (e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) {
			snprintf(path, n, "%s/%s", dir, e->d_name);
			found = 1;
		}
	if (d != NULL)
		closedir(d);
	return found;
}

static int
get_str(struct pe_cache *c, const char *key, char *out, size_t n)
{
	const void *d;
	size_t len;

	if (!pe_cache_get(c, key, strlen(key), &d, &len) || len >= n)
		return 0;
	memcpy(out, d, len);
	out[len] = '\0';
	return 1;
}

static int
put_str(struct pe_cache *c, const char *key, const char *val)
{
	return pe_cache_put(c, key, strlen(key), val, strlen(val), NULL);
}

static void
test_sizes(void)
{
	static const struct { const char *s; uint64_t v; } ok[] = {
		{ "0", 0 }, { "100000", 100000 }, { "500M", 500ULL << 20 },
		{ "2G", 2ULL << 30 }, { "1k", 1024 }, { "1KiB", 1024 },
		{ "3MB", 3ULL << 20 }, { "1T", 1ULL << 40 }, { "7b", 7 },
		{ "18446744073709551615", UINT64_MAX },
	};
	static const char *bad[] = { "", "M", "-1", "1.5G", "10X", "1 G",
	    "18446744073709551616", "16777216T", "5MiBs" };
	uint64_t v;
	size_t i;

	for (i = 0; i < sizeof ok / sizeof *ok; i++)
		CHECK(pe_cache_size_parse(ok[i].s, &v) == PE_OK &&
		    v == ok[i].v, "size '%s'", ok[i].s);
	for (i = 0; i < sizeof bad / sizeof *bad; i++)
		CHECK(pe_cache_size_parse(bad[i], &v) == PE_ERR_USAGE,
		    "size '%s' refused", bad[i]);
}

static void
test_roundtrip(void)
{
	char dir[300], buf[300];
	struct pe_cache *c;
	struct pe_error err;
	struct stat st;

	snprintf(dir, sizeof dir, "%s/a/b/cache", root);
	c = pe_cache_open(dir, &err);
	CHECK(c != NULL, "open makes the directory and its parents");
	CHECK(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700,
	    "mode 0700: %o", (unsigned)(st.st_mode & 0777));
	CHECK(!get_str(c, "k1", buf, sizeof buf), "a missing key is a miss");
	CHECK(put_str(c, "k1", "one") == PE_OK && put_str(c, "k2", "two") ==
	    PE_OK && put_str(c, "k1", "uno") == PE_OK, "puts");
	CHECK(get_str(c, "k1", buf, sizeof buf) && strcmp(buf, "uno") == 0,
	    "the process sees its own latest put: %s", buf);
	CHECK(count(dir, "seg-") == 0 && count(dir, ".tmp-") == 1,
	    "nothing published before close");
	CHECK(pe_cache_stats(c)->hits == 1 && pe_cache_stats(c)->misses == 1 &&
	    pe_cache_stats(c)->writes == 3, "counts");
	CHECK(pe_cache_close(c) == PE_OK, "close");
	CHECK(count(dir, "seg-") == 1 && count(dir, ".tmp-") == 0,
	    "close publishes one segment, no temporary left");
	c = pe_cache_open(dir, &err);
	CHECK(c != NULL && get_str(c, "k1", buf, sizeof buf) &&
	    strcmp(buf, "uno") == 0, "another open finds k1: %s", buf);
	CHECK(get_str(c, "k2", buf, sizeof buf) && strcmp(buf, "two") == 0,
	    "and k2");
	CHECK(!get_str(c, "k3", buf, sizeof buf), "not k3");
	pe_cache_close(c);
	snprintf(buf, sizeof buf, "%s/file", root);
	close(open(buf, O_CREAT | O_WRONLY, 0600));
	CHECK(pe_cache_open(buf, &err) == NULL && err.code == PE_ERR_IO,
	    "a file is not a cache directory");
}

/* Open dir after chmod mode (and chown uid when uid >= 0): the message of
 * its refusal, or "" when it opens. */
static const char *
refusal(const char *dir, mode_t mode, long uid)
{
	static struct pe_error err;
	struct pe_cache *c;

	mkdir(dir, 0700);
	chmod(dir, mode);
	if (uid >= 0)
		(void)!chown(dir, (uid_t)uid, (gid_t)-1);
	memset(&err, 0, sizeof err);
	if ((c = pe_cache_open(dir, &err)) != NULL) {
		pe_cache_close(c);
		return "";
	}
	return err.code == PE_ERR_IO && strcmp(err.path, dir) == 0 ?
	    err.msg : "(another error)";
}

/*
 * A directory others may write (or that another user owns) is refused:
 * whoever writes there plants what the scan trusts.  (One pe makes is
 * 0700: test_roundtrip.)
 */
static void
test_trust(void)
{
	char dir[300];

	snprintf(dir, sizeof dir, "%s/trust", root);
	CHECK_STR(refusal(dir, 0700, -1), "", "0700: used");
	CHECK_STR(refusal(dir, 0755, -1), "", "0755: used");
	CHECK_STR(refusal(dir, 0777, -1), "writable by others", "0777");
	CHECK_STR(refusal(dir, 01777, -1), "writable by others",
	    "1777 (sticky, as /tmp)");
	CHECK_STR(refusal(dir, 0770, -1), "writable by its group", "0770");
	if (geteuid() == 0)	/* only root can give a directory away */
		CHECK_STR(refusal(dir, 0700, 12345),
		    "owned by another user (uid 12345)", "another owner");
}

/* Flip the byte at off (from the end when negative) of path. */
static void
flip(const char *path, long off)
{
	int fd = open(path, O_RDWR);
	unsigned char b;

	if (off < 0)
		off += lseek(fd, 0, SEEK_END);
	pread(fd, &b, 1, off);
	b ^= 0x40;
	pwrite(fd, &b, 1, off);
	close(fd);
}

static void
test_damage(void)
{
	char dir[300], seg[600], buf[64];
	struct pe_cache *c;
	struct pe_cache_stats st = { 0 };
	struct pe_error err;

	snprintf(dir, sizeof dir, "%s/damage", root);
	c = pe_cache_open(dir, &err);
	put_str(c, "key", "a value of some length");
	pe_cache_close(c);
	CHECK(first(dir, "seg-", seg, sizeof seg), "a segment");
	flip(seg, 24 + 32 + 8 + 3);	/* segment, entry head, key: data */
	c = pe_cache_open(dir, &err);
	CHECK(!get_str(c, "key", buf, sizeof buf) &&
	    pe_cache_stats(c)->corrupt == 1, "damaged data: a corrupt miss");
	put_str(c, "key", "written again");
	pe_cache_close(c);
	c = pe_cache_open(dir, &err);
	CHECK(get_str(c, "key", buf, sizeof buf) &&
	    strcmp(buf, "written again") == 0, "the newer segment wins: %s",
	    buf);
	pe_cache_close(c);
	CHECK(truncate(seg, 40) == 0, "truncate the old segment");
	c = pe_cache_open(dir, &err);
	CHECK(pe_cache_stats(c)->corrupt == 1, "a truncated segment is "
	    "found at open");
	CHECK(get_str(c, "key", buf, sizeof buf), "the good one still serves");
	pe_cache_close(c);
	flip(seg, 0);
	CHECK(pe_cache_trim(dir, UINT64_MAX, &st, &err) == PE_OK &&
	    st.corrupt == 1 && count(dir, "seg-") == 1,
	    "trim removes the segment that does not check");
	/* the index damaged: the segment is ignored whole */
	CHECK(first(dir, "seg-", seg, sizeof seg), "the good segment");
	flip(seg, -30);
	c = pe_cache_open(dir, &err);
	CHECK(!get_str(c, "key", buf, sizeof buf) &&
	    pe_cache_stats(c)->corrupt == 1, "a damaged index: ignored");
	pe_cache_close(c);
}

/*
 * Names of segments that are not regular files: a FIFO (a plain open
 * would wait for a writer for ever), a symlink to a good segment kept
 * elsewhere, a directory.  Each is skipped and counted corrupt, at once;
 * the real segment still serves; trim leaves them.  An alarm turns a
 * block into a failure.
 */
static void
test_not_files(void)
{
	char dir[300], path[600], good[600], buf[64];
	struct pe_cache *c;
	struct pe_cache_stats st = { 0 };
	struct pe_error err;

	snprintf(dir, sizeof dir, "%s/notfiles", root);
	c = pe_cache_open(dir, &err);
	put_str(c, "key", "the value");
	pe_cache_close(c);
	CHECK(first(dir, "seg-", good, sizeof good), "a segment");
	snprintf(path, sizeof path, "%s/elsewhere.pec", root);
	link(good, path);
	snprintf(path, sizeof path, "%s/seg-0000000000000001-1-0.pec", dir);
	mkfifo(path, 0600);
	snprintf(path, sizeof path, "%s/seg-0000000000000002-1-0.pec", dir);
	(void)!symlink("../elsewhere.pec", path);
	snprintf(path, sizeof path, "%s/seg-0000000000000003-1-0.pec", dir);
	mkdir(path, 0700);
	alarm(20);
	c = pe_cache_open(dir, &err);
	CHECK(c != NULL && pe_cache_stats(c)->corrupt == 3, "open: a FIFO, a "
	    "symlink and a directory skipped as corrupt (%llu)", c != NULL ?
	    (unsigned long long)pe_cache_stats(c)->corrupt : 0ULL);
	CHECK(get_str(c, "key", buf, sizeof buf) && strcmp(buf,
	    "the value") == 0, "the real segment serves");
	pe_cache_close(c);
	CHECK(pe_cache_trim(dir, UINT64_MAX, &st, &err) == PE_OK &&
	    count(dir, "seg-") == 4, "trim neither blocks nor removes them");
	alarm(0);
}

static void
set_age(const char *path, long seconds_ago)
{
	struct timespec t[2];

	clock_gettime(CLOCK_REALTIME, &t[0]);
	t[0].tv_sec -= seconds_ago;
	t[1] = t[0];
	utimensat(AT_FDCWD, path, t, 0);
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The three segments of dir, by name, into seg[]. */
static int
sorted_segs(const char dir[300], char seg[3][600])
{
	struct dirent *e;
	char name[3][256];
	DIR *d = opendir(dir);
	int n = 0, i;

	while (d != NULL && (e = readdir(d)) != NULL)
		if (strncmp(e->d_name, "seg-", 4) == 0 && n < 3)
			snprintf(name[n++], sizeof name[0], "%s", e->d_name);
	if (d != NULL)
		closedir(d);
	qsort(name, (size_t)n, sizeof name[0], cmp_name);
	for (i = 0; i < n; i++)
		snprintf(seg[i], 600, "%.299s/%.255s", dir, name[i]);
	return n == 3;
}

static void
test_trim(void)
{
	char dir[300], seg[3][600], path[400], buf[64], key[16];
	struct pe_cache *c;
	struct pe_cache_stats st = { 0 };
	struct pe_error err;
	struct stat sb;
	int i;

	snprintf(dir, sizeof dir, "%s/trim", root);
	for (i = 0; i < 3; i++) {	/* segments A, B, C: oldest first */
		c = pe_cache_open(dir, &err);
		snprintf(key, sizeof key, "k%d", i);
		put_str(c, key, "0123456789abcdef");
		pe_cache_close(c);
	}
	/* Names start seg-TIME: sorted, they are A, B, C. */
	CHECK(sorted_segs(dir, seg), "three segments");
	set_age(seg[0], 300);
	set_age(seg[1], 200);
	set_age(seg[2], 100);
	c = pe_cache_open(dir, &err);	/* a hit makes A the most recent */
	CHECK(get_str(c, "k0", buf, sizeof buf), "A hit");
	pe_cache_close(c);
	stat(seg[0], &sb);
	CHECK(pe_cache_trim(dir, 2 * (uint64_t)sb.st_size, &st, &err) == PE_OK,
	    "trim to two segments");
	CHECK(access(seg[1], F_OK) != 0 && access(seg[0], F_OK) == 0 &&
	    access(seg[2], F_OK) == 0, "B, least recently used, is gone");
	CHECK(st.evicted == 1 && st.evicted_bytes == (uint64_t)sb.st_size &&
	    st.kept_bytes == 2 * (uint64_t)sb.st_size, "counted");
	snprintf(path, sizeof path, "%s/.tmp-1-1", dir);
	close(open(path, O_CREAT | O_WRONLY, 0600));
	set_age(path, 2 * 86400);
	snprintf(path, sizeof path, "%s/.tmp-1-2", dir);
	close(open(path, O_CREAT | O_WRONLY, 0600));
	set_age(path, 7200);
	pe_cache_trim(dir, UINT64_MAX, &st, &err);
	CHECK(count(dir, ".tmp-") == 1 && access(path, F_OK) == 0 &&
	    st.stale == 1, "a temporary two days old is removed, one two "
	    "hours old kept");
	CHECK(pe_cache_trim(dir, 0, &st, &err) == PE_OK &&
	    count(dir, "seg-") == 0 && st.kept_bytes == 0, "trim to 0");
}

/* path made (a file, or a directory with is_dir) and aged. */
static void
plant(const char *dir, const char *name, int is_dir, long age)
{
	char path[600];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (is_dir)
		mkdir(path, 0700);
	else
		close(open(path, O_CREAT | O_WRONLY, 0600));
	set_age(path, age);
}

/*
 * Unfinished segments: a worker that dies before its close leaves its
 * .tmp-PID-N, which the process that forked it removes; one over a day
 * old (its writer long dead) goes at the next open.  Only pe's names, and
 * only regular files.
 */
static void
test_unfinished(void)
{
	char dir[300], name[400];
	struct pe_cache *c;
	struct pe_error err;
	siginfo_t si;
	pid_t pid;

	snprintf(dir, sizeof dir, "%s/unfinished", root);
	c = pe_cache_open(dir, &err);
	fflush(NULL);
	if ((pid = fork()) == 0) {	/* a worker killed mid-run */
		put_str(c, "child", "never published");
		_exit(0);
	}
	waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT);
	put_str(c, "mine", "the parent's own, unfinished");
	snprintf(name, sizeof name, ".tmp-%ld-0x", (long)pid);
	plant(dir, name, 0, 0);
	snprintf(name, sizeof name, ".tmp-%ld0-0", (long)pid);
	plant(dir, name, 0, 0);
	CHECK(count(dir, ".tmp-") == 4, "four temporaries");
	CHECK(pe_cache_discard(c, pid) == 1, "discard removes the dead "
	    "worker's segment");
	waitpid(pid, NULL, 0);
	CHECK(count(dir, ".tmp-") == 3, "the parent's own and the names not "
	    "of that pid stay");
	CHECK(pe_cache_discard(NULL, pid) == 0, "NULL: nothing");
	pe_cache_close(c);
	plant(dir, ".tmp-7-0", 0, 2 * 86400);
	plant(dir, ".tmp-7-1", 0, 86400 - 600);
	plant(dir, ".tmp-8-0", 1, 2 * 86400);
	plant(dir, ".tmp-old", 0, 2 * 86400);
	plant(dir, ".tmp-9-0.bak", 0, 2 * 86400);
	c = pe_cache_open(dir, &err);
	CHECK(c != NULL && pe_cache_stats(c)->stale == 1, "open removes one "
	    "stale temporary (%llu)", c != NULL ?
	    (unsigned long long)pe_cache_stats(c)->stale : 0ULL);
	snprintf(name, sizeof name, "%s/.tmp-7-0", dir);
	CHECK(access(name, F_OK) != 0 && count(dir, ".tmp-") == 6,
	    "the one over a day old, a regular file of pe's naming: not the "
	    "younger, the directory, the other names");
	pe_cache_close(c);
}

static void
test_rollover(void)
{
	char dir[300], key[16];
	static char big[1 << 20];
	struct pe_cache *c;
	struct pe_error err;
	int i;

	snprintf(dir, sizeof dir, "%s/roll", root);
	c = pe_cache_open(dir, &err);
	for (i = 0; i < 17; i++) {
		snprintf(key, sizeof key, "big%d", i);
		pe_cache_put(c, key, strlen(key), big, sizeof big, NULL);
	}
	CHECK(count(dir, "seg-") == 1, "a segment is published at 16 MB");
	pe_cache_close(c);
	CHECK(count(dir, "seg-") == 2 && count(dir, ".tmp-") == 0,
	    "and the rest at close");
}

static void
test_set(void)
{
	struct pe_set *a = pe_set_new(), *b = pe_set_new();
	struct pe_candle k = { 86400000, 1, 2, 0.5, 1.5, 100 };
	struct pe_series *s;
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0, i;
	int same = 1;

	s = pe_set_get(a, "AAA", 3);
	for (i = 0; i < 100; i++, k.time += 86400000, k.close += 0.25)
		pe_series_push(s, &k, 0);
	s = pe_set_get(a, "B", 1);
	k.volume = NAN;
	pe_series_push(s, &k, 1);
	s->has_volume = 0;
	CHECK(pe_cache_encode_set(a, &buf, &len, &cap) == PE_OK, "encode");
	CHECK(pe_cache_decode_set(buf, len, b) == PE_OK && b->n == 2,
	    "decode: 2 series");
	for (i = 0; i < 2 && b->n == 2; i++) {
		struct pe_series *x = a->v[i], *y = b->v[i];

		same &= strcmp(x->symbol, y->symbol) == 0 && x->n == y->n &&
		    x->has_volume == y->has_volume &&
		    x->date_only == y->date_only &&
		    memcmp(x->time, y->time, x->n * 8) == 0 &&
		    memcmp(x->close, y->close, x->n * 8) == 0 &&
		    memcmp(x->volume, y->volume, x->n * 8) == 0;
	}
	CHECK(same, "the same series, bit for bit, flags included");
	pe_set_free(b);
	b = pe_set_new();
	CHECK(pe_cache_decode_set(buf, len - 8, b) == PE_ERR_FORMAT,
	    "short data refused");
	pe_set_free(b);
	b = pe_set_new();
	CHECK(pe_cache_decode_set(buf, 10, b) == PE_ERR_FORMAT,
	    "a torn head refused");
	pe_set_free(a);
	pe_set_free(b);
	free(buf);
}

/* pe_cache_hash128: the same bytes the same bits; any one byte changed,
 * at any place (the 32-byte blocks and the tail), both halves changed. */
static void
test_hash128(void)
{
	unsigned char b[100];
	uint64_t h0[2], h1[2], again[2];
	size_t i, n;
	int same = 1, differ = 1;

	for (i = 0; i < sizeof b; i++)
		b[i] = (unsigned char)(i * 37);
	for (n = 0; n <= sizeof b; n += 33) {
		pe_cache_hash128(b, n, h0);
		pe_cache_hash128(b, n, again);
		same &= h0[0] == again[0] && h0[1] == again[1];
		for (i = 0; i < n; i++) {
			b[i] ^= 1;
			pe_cache_hash128(b, n, h1);
			b[i] ^= 1;
			differ &= h1[0] != h0[0] && h1[1] != h0[1];
		}
	}
	pe_cache_hash128(b, 0, h0);
	pe_cache_hash128(b, 1, h1);
	CHECK(same, "hash128: the same bytes, the same 128 bits");
	CHECK(differ && h0[0] != h1[0],
	    "hash128: a byte changed anywhere changes both halves");
}

int
main(void)
{
	const char *t = getenv("TMPDIR");
	char cmd[300];

	snprintf(root, sizeof root, "%s/pe-test-cache.XXXXXX",
	    t != NULL && *t ? t : "/tmp");
	if (mkdtemp(root) == NULL)
		return 1;
	test_sizes();
	test_roundtrip();
	test_trust();
	test_damage();
	test_not_files();
	test_trim();
	test_unfinished();
	test_rollover();
	test_set();
	test_hash128();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	if (system(cmd) != 0)
		return 1;
	return done();
}
