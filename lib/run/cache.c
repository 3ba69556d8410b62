/* pe_cache: see pe_cache.h for the layout, the guarantees and the memory. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pe_cache.h"
#include "pe_file.h"

#define SEG_MAGIC "pecseg1\n"
#define ENT_MAGIC "pecache\n"
#define IDX_MAGIC "pecidx1\n"
#define SEG_MAX ((uint64_t)16 << 20)	/* publish a segment past this */
#define TMP_AGE_S 86400		/* an unfinished segment older is dead */

struct seg_head {		/* the first bytes of a segment */
	char magic[8];
	uint32_t format, pad;
	uint64_t created;	/* ns since 1970 */
};

struct ent_head {		/* the first bytes of an entry */
	char magic[8];
	uint32_t format, keylen;
	uint64_t datalen, sum;
};

struct idx_rec {		/* the index: one per entry */
	uint64_t h1, h2;	/* the key's hash */
	uint64_t off, len;	/* the entry in the segment */
};

struct trailer {		/* the last bytes of a segment */
	uint64_t n, sum;	/* index records before it; their checksum */
	char magic[8];
};

struct seg {
	char *name;		/* in dir; NULL: unusable */
	int fd;			/* -1 until read */
	int touched;		/* recency set by this process */
};

struct slot {			/* the table: key hash -> entry */
	uint64_t h1, h2, off, len;
	int seg;		/* -1: empty */
};

struct pe_cache {
	char *dir;
	struct seg *seg;
	size_t nseg, segcap;
	struct slot *tab;
	size_t nslots, nused;
	unsigned char *buf;	/* the last entry read */
	size_t cap;
	int wseg;		/* the segment being written, -1: none */
	uint64_t woff;
	struct idx_rec *widx;
	size_t nwidx, widxcap;
	int wfailed;
	unsigned long seq;	/* segments of this process */
	struct pe_cache_stats st;
	uint64_t *spent;	/* the run's bytes written, shared; or NULL */
	uint64_t budget;
};

static size_t
pad8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

static uint64_t
rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

/*
 * A 64-bit hash of p[0..n) from seed, for checksums and file names: four
 * independent multiply-rotate lanes over 8-byte words (several GB/s, so
 * checking an entry costs little next to reading it), then the tail.  Not
 * cryptographic: it finds damage, and the stored key settles collisions.
 */
#define M1 0x9e3779b97f4a7c15ULL
#define M2 0xc2b2ae3d27d4eb4fULL

static void
lanes_start(uint64_t seed, uint64_t v[4])
{
	v[0] = seed + M1;
	v[1] = seed ^ M2;
	v[2] = seed - M1;
	v[3] = ~seed;
}

/* The hash of lanes v and the tail b[0..n) (fewer than 32 bytes). */
static uint64_t
lanes_end(const uint64_t v[4], const unsigned char *b, size_t n)
{
	uint64_t h;
	size_t i;

	h = rotl(v[0], 1) + rotl(v[1], 7) + rotl(v[2], 12) + rotl(v[3], 18);
	for (i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	h ^= h >> 33;
	h *= M2;
	h ^= h >> 29;
	return h * M1 ^ (h >> 32);
}

static uint64_t
hash64(uint64_t seed, const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t v[4], w;
	int k;

	lanes_start(seed, v);
	for (; n >= 32; n -= 32, b += 32)
		for (k = 0; k < 4; k++) {
			memcpy(&w, b + 8 * k, 8);
			v[k] = rotl(v[k] + w * M2, 31) * M1;
		}
	return lanes_end(v, b, n);
}

/* Two sets of hash64's lanes, mixed differently, in one pass. */
void
pe_cache_hash128(const void *p, size_t n, uint64_t out[2])
{
	const unsigned char *b = p;
	uint64_t v[4], u[4], w;
	int k;

	lanes_start(1, v);
	lanes_start(2, u);
	for (; n >= 32; n -= 32, b += 32)
		for (k = 0; k < 4; k++) {
			memcpy(&w, b + 8 * k, 8);
			v[k] = rotl(v[k] + w * M2, 31) * M1;
			u[k] = rotl(u[k] + w * M1, 27) * M2;
		}
	out[0] = lanes_end(v, b, n);
	out[1] = lanes_end(u, b, n);
}

static uint64_t
checksum(const void *key, size_t keylen, const void *data, size_t len)
{
	return hash64(hash64(0x70652063616368ULL, key, keylen), data, len);
}

/* mkdir -p, each missing level 0700; *made: whether the last level was
 * made here.  path is restored. */
static int
mkdirs(char *path, int *made)
{
	char *s;

	for (s = path + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST) {
			*s = '/';
			return -1;
		}
		*s = '/';
	}
	if (mkdir(path, 0700) == 0)
		*made = 1;
	else if (errno != EEXIST)
		return -1;
	return 0;
}

static int
read_at(int fd, void *p, size_t n, uint64_t off)
{
	ssize_t k;

	while (n > 0) {
		if ((k = pread(fd, p, n, (off_t)off)) <= 0) {
			if (k < 0 && errno == EINTR)
				continue;
			return -1;
		}
		p = (char *)p + k;
		n -= (size_t)k;
		off += (uint64_t)k;
	}
	return 0;
}

/*
 * Open a segment for reading (name relative to dfd, or a path with
 * AT_FDCWD): never through a symlink, never blocking (a FIFO named like a
 * segment would block a plain open for ever), and only a regular file.
 * The descriptor; -1 when it cannot be opened (gone: trimmed by another
 * run, say); -2 when it is not a regular file, a symlink included.
 */
static int
open_seg(int dfd, const char *name)
{
	struct stat st;
	int fd;

	if ((fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW |
	    O_NONBLOCK)) < 0)
		return errno == ELOOP ? -2 : -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -2;
	}
	return fd;
}

/* ---- the table ---- */

static size_t
find(const struct pe_cache *c, uint64_t h1, uint64_t h2)
{
	size_t m = c->nslots - 1, i = (size_t)h1 & m;

	while (c->tab[i].seg >= 0 && (c->tab[i].h1 != h1 ||
	    c->tab[i].h2 != h2))
		i = (i + 1) & m;
	return i;
}

/* Record (or replace) an entry; -1 when out of memory. */
static int
insert(struct pe_cache *c, const struct idx_rec *r, int seg)
{
	struct slot *old = c->tab;
	size_t i, n = c->nslots;

	if (2 * (c->nused + 1) > c->nslots) {
		c->nslots = n ? 2 * n : 1024;
		if ((c->tab = malloc(c->nslots * sizeof *c->tab)) == NULL) {
			c->tab = old;
			c->nslots = n;
			return -1;
		}
		for (i = 0; i < c->nslots; i++)
			c->tab[i].seg = -1;
		for (i = 0; i < n; i++)
			if (old[i].seg >= 0)
				c->tab[find(c, old[i].h1, old[i].h2)] = old[i];
		free(old);
	}
	i = find(c, r->h1, r->h2);
	c->nused += c->tab[i].seg < 0;
	c->tab[i] = (struct slot){ r->h1, r->h2, r->off, r->len, seg };
	return 0;
}

static int
add_seg(struct pe_cache *c, const char *name)
{
	struct seg *v;

	if (c->nseg == c->segcap) {
		c->segcap = c->segcap ? 2 * c->segcap : 16;
		if ((v = realloc(c->seg, c->segcap * sizeof *v)) == NULL)
			return -1;
		c->seg = v;
	}
	if ((c->seg[c->nseg].name = strdup(name)) == NULL)
		return -1;
	c->seg[c->nseg].fd = -1;
	c->seg[c->nseg].touched = 0;
	return (int)c->nseg++;
}

/* ---- reading segments ---- */

/*
 * The index of the segment open on fd, checked: into *idx (malloc'd) and
 * *n.  0, or -1 when the segment does not check (or memory ran out).
 */
static int
read_index(int fd, struct idx_rec **idx, size_t *n)
{
	struct trailer t;
	struct stat st;
	uint64_t size, i, end;

	*idx = NULL;
	if (fstat(fd, &st) != 0)
		return -1;
	size = (uint64_t)st.st_size;
	if (size < sizeof(struct seg_head) + sizeof t ||
	    read_at(fd, &t, sizeof t, size - sizeof t) != 0 ||
	    memcmp(t.magic, IDX_MAGIC, 8) != 0 ||
	    t.n > (size - sizeof(struct seg_head) - sizeof t) /
	    sizeof(struct idx_rec))
		return -1;
	end = size - sizeof t - t.n * sizeof(struct idx_rec);
	if ((*idx = malloc((size_t)t.n * sizeof **idx + 1)) == NULL ||
	    read_at(fd, *idx, (size_t)t.n * sizeof **idx, end) != 0 ||
	    hash64(3, *idx, (size_t)t.n * sizeof **idx) != t.sum)
		goto bad;
	for (i = 0; i < t.n; i++)
		if ((*idx)[i].off < sizeof(struct seg_head) ||
		    (*idx)[i].off > end || (*idx)[i].len > end - (*idx)[i].off)
			goto bad;
	*n = (size_t)t.n;
	return 0;
bad:
	free(*idx);
	*idx = NULL;
	return -1;
}

/* Segment i's entries into the table; a segment that does not check is
 * counted and left out. */
static int
load_seg(struct pe_cache *c, int i)
{
	struct idx_rec *idx;
	char path[PATH_MAX];
	size_t n, k;
	int fd, rc = 0;

	snprintf(path, sizeof path, "%s/%s", c->dir, c->seg[i].name);
	if ((fd = open_seg(AT_FDCWD, path)) == -1)
		return 0;	/* trimmed by another run meanwhile */
	if (fd < 0 || read_index(fd, &idx, &n) != 0) {
		c->st.corrupt++;
		free(c->seg[i].name);
		c->seg[i].name = NULL;
		if (fd >= 0)
			close(fd);
		return 0;
	}
	for (k = 0; k < n && rc == 0; k++)
		rc = insert(c, &idx[k], i);
	free(idx);
	close(fd);
	return rc;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether name is a published segment's: seg-...pec. */
static int
is_seg(const char *name)
{
	size_t n = strlen(name);

	return n > 8 && strncmp(name, "seg-", 4) == 0 &&
	    strcmp(name + n - 4, ".pec") == 0;
}

/* Whether name is an unfinished segment's, .tmp-PID-N: its PID in *pid.
 * Nothing else is ever removed as one. */
static int
is_tmp(const char *name, long *pid)
{
	const char *s = name + 5;
	char *end;
	long p;

	if (strncmp(name, ".tmp-", 5) != 0 || *s < '0' || *s > '9')
		return 0;
	errno = 0;
	p = strtol(s, &end, 10);
	if (errno != 0 || *end != '-' || end[1] < '0' || end[1] > '9')
		return 0;
	for (s = end + 1; *s >= '0' && *s <= '9'; s++)
		;
	if (*s != '\0')
		return 0;
	*pid = p;
	return 1;
}

/* Remove the unfinished segment name of dfd when it is a regular file
 * last written over TMP_AGE_S ago (its writer is dead: a live one writes
 * or publishes long before).  1 when removed. */
static int
remove_stale(int dfd, const char *name, time_t now)
{
	struct stat sb;

	return fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(sb.st_mode) && sb.st_mtime < now - TMP_AGE_S &&
	    unlinkat(dfd, name, 0) == 0;
}

/* Every published segment, oldest name (so oldest write) first; stale
 * unfinished ones removed on the way. */
static int
load_all(struct pe_cache *c)
{
	struct dirent *e;
	char **names = NULL, **v;
	size_t n = 0, cap = 0, i;
	int rc = 0, k;
	time_t now;
	long pid;
	DIR *d;

	if ((d = opendir(c->dir)) == NULL)
		return 0;
	now = time(NULL);
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (is_tmp(e->d_name, &pid)) {
			c->st.stale += (uint64_t)remove_stale(dirfd(d),
			    e->d_name, now);
			continue;
		}
		if (!is_seg(e->d_name))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			if ((v = realloc(names, cap * sizeof *v)) == NULL) {
				rc = -1;
				break;
			}
			names = v;
		}
		if ((names[n] = strdup(e->d_name)) == NULL)
			rc = -1;
		else
			n++;
	}
	closedir(d);
	if (rc == 0 && n > 0)
		qsort(names, n, sizeof *names, cmp_str);
	for (i = 0; i < n; i++) {
		if (rc == 0 && ((k = add_seg(c, names[i])) < 0 ||
		    load_seg(c, k) != 0))
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

struct pe_cache *
pe_cache_open(const char *dir, struct pe_error *err)
{
	struct pe_cache *c;
	struct stat st;
	const char *why = NULL;
	char owner[64];
	int made = 0;

	if ((c = calloc(1, sizeof *c)) == NULL ||
	    (c->dir = strdup(dir)) == NULL) {
		free(c);
		pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0, "out of memory");
		return NULL;
	}
	c->wseg = -1;
	/* made here: private whatever a default ACL of its parent says */
	if (mkdirs(c->dir, &made) != 0 || (made && chmod(dir, 0700) != 0) ||
	    stat(dir, &st) != 0)
		why = strerror(errno);
	else if (!S_ISDIR(st.st_mode))
		why = "not a directory";
	else if (st.st_uid != geteuid()) {
		snprintf(owner, sizeof owner, "owned by another user (uid %ld)",
		    (long)st.st_uid);
		why = owner;
	} else if (st.st_mode & S_IWOTH)
		why = "writable by others";
	else if (st.st_mode & S_IWGRP)
		why = "writable by its group";
	else if (access(dir, W_OK | X_OK) != 0)
		why = strerror(errno);
	if (why != NULL) {
		pe_error_set(err, PE_ERR_IO, dir, 0, 0, "%s", why);
		pe_cache_close(c);
		return NULL;
	}
	if (load_all(c) != 0) {
		pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0, "out of memory");
		pe_cache_close(c);
		return NULL;
	}
	return c;
}

const struct pe_cache_stats *
pe_cache_stats(const struct pe_cache *c)
{
	return &c->st;
}

/* Whether buf[0..size) is a sound entry for the key. */
static int
sound(const unsigned char *buf, size_t size, const void *key, size_t keylen)
{
	struct ent_head h;
	size_t at = sizeof h + pad8(keylen);

	if (size < at)
		return 0;
	memcpy(&h, buf, sizeof h);
	return memcmp(h.magic, ENT_MAGIC, 8) == 0 &&
	    h.format == PE_CACHE_FORMAT && h.keylen == keylen &&
	    h.datalen <= size - at && pad8(h.datalen) == size - at &&
	    memcmp(buf + sizeof h, key, keylen) == 0 &&
	    h.sum == checksum(key, keylen, buf + at, h.datalen);
}

/* The descriptor of segment i, opened on first use; -1 when gone.  A
 * name that is no longer a regular file (replaced since the open read
 * it) is counted corrupt and never tried again. */
static int
seg_fd(struct pe_cache *c, int i)
{
	char path[PATH_MAX];
	int fd;

	if (c->seg[i].fd < 0 && c->seg[i].name != NULL) {
		snprintf(path, sizeof path, "%s/%s", c->dir, c->seg[i].name);
		if ((fd = open_seg(AT_FDCWD, path)) == -2) {
			c->st.corrupt++;
			free(c->seg[i].name);
			c->seg[i].name = NULL;
		}
		c->seg[i].fd = fd < 0 ? -1 : fd;
	}
	return c->seg[i].fd;
}

int
pe_cache_get(struct pe_cache *c, const void *key, size_t keylen,
    const void **data, size_t *len)
{
	const struct slot *sl;
	struct ent_head h;
	unsigned char *b;
	int fd;

	if (c->nslots == 0 || (sl = &c->tab[find(c, hash64(1, key, keylen),
	    hash64(2, key, keylen))])->seg < 0 || (fd = seg_fd(c, sl->seg)) <
	    0) {
		c->st.misses++;
		return 0;
	}
	if (sl->len > c->cap) {
		if ((b = realloc(c->buf, (size_t)sl->len)) == NULL) {
			c->st.misses++;
			return 0;
		}
		c->buf = b;
		c->cap = (size_t)sl->len;
	}
	if (read_at(fd, c->buf, (size_t)sl->len, sl->off) != 0 ||
	    !sound(c->buf, (size_t)sl->len, key, keylen)) {
		c->st.misses++;
		c->st.corrupt++;
		return 0;
	}
	if (!c->seg[sl->seg].touched && sl->seg != c->wseg) {
		futimens(fd, NULL);	/* recently used */
		c->seg[sl->seg].touched = 1;
	}
	memcpy(&h, c->buf, sizeof h);
	*data = c->buf + sizeof h + pad8(keylen);
	*len = (size_t)h.datalen;
	c->st.hits++;
	return 1;
}

/* ---- writing ---- */

/* Start this process's segment: .tmp-PID-N. */
static int
start_seg(struct pe_cache *c)
{
	struct seg_head h = { SEG_MAGIC, PE_CACHE_FORMAT, 0, 0 };
	struct timespec ts;
	char name[64], path[PATH_MAX];
	int fd, i;

	snprintf(name, sizeof name, ".tmp-%ld-%lu", (long)getpid(), c->seq++);
	snprintf(path, sizeof path, "%s/%s", c->dir, name);
	if ((fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) <
	    0)
		return -1;
	clock_gettime(CLOCK_REALTIME, &ts);
	h.created = (uint64_t)ts.tv_sec * 1000000000 + (uint64_t)ts.tv_nsec;
	if (pe_write_all(fd, &h, sizeof h) != 0 || (i = add_seg(c, name)) < 0) {
		close(fd);
		unlink(path);
		return -1;
	}
	c->seg[i].fd = fd;
	c->wseg = i;
	c->woff = sizeof h;
	c->nwidx = 0;
	return 0;
}

/* Give up this process's segment: its entries become misses. */
static void
drop_seg(struct pe_cache *c)
{
	struct seg *s = &c->seg[c->wseg];
	char path[PATH_MAX];

	snprintf(path, sizeof path, "%s/%s", c->dir, s->name);
	unlink(path);
	close(s->fd);
	s->fd = -1;
	free(s->name);
	s->name = NULL;
	c->wseg = -1;
}

/* Write the index and trailer, then give the segment its final name. */
static int
finish_seg(struct pe_cache *c)
{
	struct seg *s = &c->seg[c->wseg];
	struct trailer t = { c->nwidx, 0, IDX_MAGIC };
	struct timespec ts;
	char name[96], from[PATH_MAX], to[PATH_MAX];
	char *nm;

	t.sum = hash64(3, c->widx, c->nwidx * sizeof *c->widx);
	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(name, sizeof name, "seg-%016llx-%ld-%lu.pec",
	    (unsigned long long)ts.tv_sec * 1000000000ULL +
	    (unsigned long long)ts.tv_nsec, (long)getpid(), c->seq);
	snprintf(from, sizeof from, "%s/%s", c->dir, s->name);
	snprintf(to, sizeof to, "%s/%s", c->dir, name);
	if (pe_write_all(s->fd, c->widx, c->nwidx * sizeof *c->widx) != 0 ||
	    pe_write_all(s->fd, &t, sizeof t) != 0 || rename(from, to) != 0 ||
	    (nm = strdup(name)) == NULL) {
		drop_seg(c);
		return -1;
	}
	free(s->name);
	s->name = nm;
	c->wseg = -1;
	return 0;
}

int
pe_cache_put(struct pe_cache *c, const void *key, size_t keylen,
    const void *data, size_t len, struct pe_error *err)
{
	static const char zero[8];
	struct ent_head h = { ENT_MAGIC, PE_CACHE_FORMAT, (uint32_t)keylen,
	    len, 0 };
	struct idx_rec r;
	struct idx_rec *v;
	int fd;

	if (c->spent != NULL && __atomic_add_fetch(c->spent, keylen + len,
	    __ATOMIC_RELAXED) > c->budget) {
		c->st.unstored++;
		return PE_OK;
	}
	if (c->wseg < 0 && start_seg(c) != 0)
		goto fail;
	if (c->nwidx == c->widxcap) {
		c->widxcap = c->widxcap ? 2 * c->widxcap : 1024;
		if ((v = realloc(c->widx, c->widxcap * sizeof *v)) == NULL) {
			errno = ENOMEM;
			drop_seg(c);
			goto fail;
		}
		c->widx = v;
	}
	h.sum = checksum(key, keylen, data, len);
	r = (struct idx_rec){ hash64(1, key, keylen), hash64(2, key, keylen),
	    c->woff, sizeof h + pad8(keylen) + pad8(len) };
	fd = c->seg[c->wseg].fd;
	if (pe_write_all(fd, &h, sizeof h) != 0 ||
	    pe_write_all(fd, key, keylen) != 0 ||
	    pe_write_all(fd, zero, pad8(keylen) - keylen) != 0 ||
	    pe_write_all(fd, data, len) != 0 ||
	    pe_write_all(fd, zero, pad8(len) - len) != 0) {
		drop_seg(c);
		goto fail;
	}
	if (insert(c, &r, c->wseg) != 0) {
		errno = ENOMEM;
		drop_seg(c);
		goto fail;
	}
	c->widx[c->nwidx++] = r;
	c->woff += r.len;
	c->st.writes++;
	c->st.bytes += r.len;
	if (c->woff >= SEG_MAX && finish_seg(c) != 0)
		goto fail;
	return PE_OK;
fail:
	c->st.write_errors++;
	return pe_error_set(err, PE_ERR_IO, c->dir, 0, 0, "%s",
	    strerror(errno));
}

int
pe_cache_close(struct pe_cache *c)
{
	size_t i;
	int rc = PE_OK;

	if (c == NULL)
		return PE_OK;
	if (c->wseg >= 0 && finish_seg(c) != 0)
		rc = PE_ERR_IO;
	for (i = 0; i < c->nseg; i++) {
		if (c->seg[i].fd >= 0)
			close(c->seg[i].fd);
		free(c->seg[i].name);
	}
	free(c->seg);
	free(c->tab);
	free(c->widx);
	free(c->dir);
	free(c->buf);
	if (c->spent != NULL)
		munmap(c->spent, sizeof *c->spent);
	free(c);
	return rc;
}

int
pe_cache_budget(struct pe_cache *c, uint64_t max, struct pe_error *err)
{
	void *p = mmap(NULL, sizeof *c->spent, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return pe_error_set(err, PE_ERR_NOMEM, NULL, 0, 0, "mmap: %s",
		    strerror(errno));
	if (c->spent != NULL)
		munmap(c->spent, sizeof *c->spent);
	c->spent = p;	/* a fresh anonymous page is zero */
	c->budget = max;
	return PE_OK;
}

int
pe_cache_discard(struct pe_cache *c, pid_t pid)
{
	struct dirent *e;
	long p;
	int n = 0;
	DIR *d;

	if (c == NULL || (d = opendir(c->dir)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		if (is_tmp(e->d_name, &p) && p == (long)pid &&
		    unlinkat(dirfd(d), e->d_name, 0) == 0)
			n++;
	closedir(d);
	return n;
}

const char *
pe_cache_locate(const char *given, char *buf, size_t n)
{
	const char *e;

	if (given != NULL)
		return given;
	if ((e = getenv("PE_CACHE_DIR")) != NULL && *e != '\0')
		return e;
	if ((e = getenv("XDG_CACHE_HOME")) != NULL && *e == '/' &&
	    (size_t)snprintf(buf, n, "%s/pe", e) < n)
		return buf;
	if ((e = getenv("HOME")) != NULL && *e == '/' &&
	    (size_t)snprintf(buf, n, "%s/.cache/pe", e) < n)
		return buf;
	return NULL;
}

/* ---- trimming ---- */

struct ent {
	int64_t mtime;		/* ns */
	uint64_t size;
	char *name;
};

static int
cmp_ent(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;

	if (x->mtime != y->mtime)
		return (x->mtime > y->mtime) - (x->mtime < y->mtime);
	return strcmp(x->name, y->name);
}

/* Whether the published segment name in dfd checks (index and trailer). */
static int
seg_ok(int dfd, const char *name)
{
	struct idx_rec *idx;
	size_t n;
	int fd, ok;

	if ((fd = open_seg(dfd, name)) < 0)
		return 1;	/* gone, or not a file: nothing to remove */
	ok = read_index(fd, &idx, &n) == 0;
	free(idx);
	close(fd);
	return ok;
}

int
pe_cache_trim(const char *dir, uint64_t max, struct pe_cache_stats *st,
    struct pe_error *err)
{
	struct ent *v = NULL, *nv;
	struct dirent *e;
	struct stat sb;
	size_t n = 0, cap = 0, i;
	uint64_t total = 0;
	DIR *d;
	long pid;
	int rc = PE_OK, dfd;

	if ((d = opendir(dir)) == NULL)
		return pe_error_set(err, PE_ERR_IO, dir, 0, 0, "%s",
		    strerror(errno));
	dfd = dirfd(d);
	while ((e = readdir(d)) != NULL) {
		if (fstatat(dfd, e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(sb.st_mode))
			continue;
		if (is_tmp(e->d_name, &pid)) {
			st->stale += (uint64_t)remove_stale(dfd, e->d_name,
			    time(NULL));
			continue;
		}
		if (!is_seg(e->d_name))
			continue;
		if (!seg_ok(dfd, e->d_name)) {
			unlinkat(dfd, e->d_name, 0);
			st->corrupt++;
			continue;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			if ((nv = realloc(v, cap * sizeof *v)) == NULL) {
				rc = PE_ERR_NOMEM;
				break;
			}
			v = nv;
		}
		if ((v[n].name = strdup(e->d_name)) == NULL) {
			rc = PE_ERR_NOMEM;
			break;
		}
		v[n].mtime = (int64_t)sb.st_mtim.tv_sec * 1000000000 +
		    sb.st_mtim.tv_nsec;
		v[n].size = (uint64_t)sb.st_size;
		total += v[n++].size;
	}
	if (rc == PE_OK && total > max) {
		qsort(v, n, sizeof *v, cmp_ent);
		for (i = 0; i < n && total > max; i++)
			if (unlinkat(dfd, v[i].name, 0) == 0 ||
			    errno == ENOENT) {	/* another run took it */
				total -= v[i].size;
				st->evicted++;
				st->evicted_bytes += v[i].size;
			}
	}
	for (i = 0; i < n; i++)
		free(v[i].name);
	st->kept_bytes = total;
	closedir(d);
	free(v);
	if (rc != PE_OK)
		return pe_error_set(err, rc, NULL, 0, 0, "out of memory");
	return PE_OK;
}

int
pe_cache_size_parse(const char *s, uint64_t *bytes)
{
	static const char units[] = "KMGT";
	const char *u;
	uint64_t v = 0;
	int shift = 0;

	if (*s < '0' || *s > '9')
		return PE_ERR_USAGE;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return PE_ERR_USAGE;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (*s != '\0' && (u = strchr(units, *s & ~0x20)) != NULL) {
		shift = 10 * (int)(u - units + 1);
		s++;
		if (*s == 'i')
			s++;
	}
	if (*s == 'B' || *s == 'b')
		s++;
	if (*s != '\0' || (shift && v > UINT64_MAX >> shift))
		return PE_ERR_USAGE;
	*bytes = v << shift;
	return PE_OK;
}

/* ---- candles as cache data ---- */

struct set_head {		/* then the symbol, padded to 8, and columns */
	uint32_t symlen, flags;	/* flags: 1 has_volume, 2 date_only */
	uint64_t n;
};

/* The price columns of s in the order they are stored: open high low
 * close volume (time goes first, apart: it is int64). */
static void
price_cols(const struct pe_series *s, double *col[5])
{
	col[0] = s->open;
	col[1] = s->high;
	col[2] = s->low;
	col[3] = s->close;
	col[4] = s->volume;
}

static int
grow(unsigned char **buf, size_t *cap, size_t need)
{
	unsigned char *b;
	size_t c = *cap ? *cap : 4096;

	while (c < need)
		c *= 2;
	if (c == *cap)
		return 0;
	if ((b = realloc(*buf, c)) == NULL)
		return -1;
	*buf = b;
	*cap = c;
	return 0;
}

int
pe_cache_encode_set(const struct pe_set *set, unsigned char **buf,
    size_t *len, size_t *cap)
{
	double *col[5];
	struct set_head h;
	size_t i, k, sl, colsz;
	unsigned char *p;

	for (i = 0; i < set->n; i++) {
		const struct pe_series *s = set->v[i];

		sl = strlen(s->symbol);
		colsz = s->n * 8;
		if (grow(buf, cap, *len + sizeof h + pad8(sl) + 6 * colsz))
			return PE_ERR_NOMEM;
		h.symlen = (uint32_t)sl;
		h.flags = (s->has_volume ? 1u : 0u) | (s->date_only ? 2u : 0u);
		h.n = s->n;
		p = *buf + *len;
		memcpy(p, &h, sizeof h);
		p += sizeof h;
		memset(p, 0, pad8(sl));
		memcpy(p, s->symbol, sl);
		p += pad8(sl);
		if (s->n > 0) {		/* an empty series may have no columns */
			memcpy(p, s->time, colsz);
			p += colsz;
			price_cols(s, col);
			for (k = 0; k < 5; k++, p += colsz)
				memcpy(p, col[k], colsz);
		}
		*len = (size_t)(p - *buf);
	}
	return PE_OK;
}

int
pe_cache_decode_set(const void *data, size_t len, struct pe_set *set)
{
	const unsigned char *p = data, *end = p + len;
	double *col[5];
	struct pe_series *s;
	struct set_head h;
	size_t k, colsz;

	while (p < end) {
		if ((size_t)(end - p) < sizeof h)
			return PE_ERR_FORMAT;
		memcpy(&h, p, sizeof h);
		p += sizeof h;
		if (h.n > SIZE_MAX / 48 || (size_t)(end - p) <
		    pad8(h.symlen) || (size_t)(end - p) - pad8(h.symlen) <
		    h.n * 48 || h.symlen == 0 || memchr(p, 0, h.symlen))
			return PE_ERR_FORMAT;
		if ((s = pe_set_get(set, (const char *)p, h.symlen)) == NULL)
			return PE_ERR_NOMEM;
		if (s->n > 0)
			return PE_ERR_FORMAT;	/* a symbol twice */
		p += pad8(h.symlen);
		if (h.n == 0)	/* pe_set_get made it, empty: done */
			continue;
		colsz = (size_t)h.n * 8;
		if (pe_series_reserve(s, (size_t)h.n) != PE_OK)
			return PE_ERR_NOMEM;
		memcpy(s->time, p, colsz);
		p += colsz;
		price_cols(s, col);
		for (k = 0; k < 5; k++, p += colsz)
			memcpy(col[k], p, colsz);
		s->n = (size_t)h.n;
		s->has_volume = (h.flags & 1) != 0;
		s->date_only = (h.flags & 2) != 0;
	}
	return PE_OK;
}
