/*
 * stream_in.c: a FILE over a live input for the candle reader, whose
 * reads hand over each line as soon as it has arrived.  See live.h.
 *
 * stdio's fread loops until it has every byte it asked for, so a reader
 * asking for 64 KiB would sit on a line that arrived alone until 64 KiB
 * more came.  The FILE here is a cookie: it reads the descriptor itself
 * and hands stdio only whole lines.  It counts the records (non-blank
 * lines) it has handed over, and pe_stream_in_next counts the reader's
 * calls, each of which takes one record (the first also a CSV header).
 * When the reader's current call has its record somewhere already (in
 * stdio's buffer or the reader's), a read that finds nothing waiting
 * ends that fread with EAGAIN instead of blocking; otherwise it blocks,
 * as it must.  The error flag EAGAIN leaves is cleared at end of input,
 * where the reader asks ferror(3) whether the end was an error.
 * pe-stream reads JSONL without stdio: pe_stream_in_line hands out the
 * lines of the same buffer directly.
 *
 * Bloat: Linux/glibc only (fopencookie, clearerr_unlocked), which is what
 * pe builds on; a quoted CSV field holding a line break is not supported
 * (its second line would count as a record of its own).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "live.h"

#define IN_CHUNK (1 << 16)
#define IN_MAX ((1 << 20) + IN_CHUNK)	/* past the reader's longest line */
#define IN_LINE_MAX (1 << 20)	/* the reader's longest line, its end included */

struct pe_stream_in {
	int fd;
	FILE *fp;
	char *buf;		/* read, not handed over yet: buf[off..len) */
	size_t off, len, cap;
	int eof;
	size_t given;		/* records handed over */
	size_t calls;		/* pe_stream_in_next calls returned */
	int seen;		/* a non-blank byte was handed over */
	int header;		/* the first record is a CSV header */
	int blank;		/* the line being handed over is blank so far */
	int bom;		/* bytes of a leading BOM still to skip */
	int (*on_intr)(void *ctx);
	void *ctx;
};

/* Whether fd has bytes (or its end) to read right now. */
static int
ready(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) > 0;
}

/* Read once more from fd (blocking).  0, or -1 on an error. */
static int
in_fill(struct pe_stream_in *in)
{
	ssize_t n;
	char *b;

	if (in->off > 0) {	/* lines handed out by pe_stream_in_line */
		memmove(in->buf, in->buf + in->off, in->len - in->off);
		in->len -= in->off;
		in->off = 0;
	}
	if (in->len == in->cap) {
		if ((b = realloc(in->buf, in->cap * 2)) == NULL)
			return -1;
		in->buf = b;
		in->cap *= 2;
	}
	while ((n = read(in->fd, in->buf + in->len, in->cap - in->len)) < 0 &&
	    errno == EINTR)
		if (in->on_intr != NULL && in->on_intr(in->ctx) != 0) {
			n = 0;
			break;
		}
	if (n < 0)
		return -1;
	in->eof = n == 0;
	in->len += (size_t)n;
	return 0;
}

/* Bytes that can go: up to the last line end (all of it at the end). */
static size_t
in_whole(const struct pe_stream_in *in)
{
	const char *nl;

	if (in->eof || in->len >= IN_MAX)
		return in->len;
	nl = memrchr(in->buf, '\n', in->len);
	return nl != NULL ? (size_t)(nl - in->buf) + 1 : 0;
}

/* Count the records in p[0..n) as they go, and spot a CSV header. */
static void
in_count(struct pe_stream_in *in, const char *p, size_t n)
{
	static const unsigned char bom[3] = { 0xef, 0xbb, 0xbf };
	size_t i;

	for (i = 0; i < n; i++) {
		/* The reader skips a UTF-8 BOM before its first line. */
		if (in->bom > 0 && (unsigned char)p[i] == bom[3 - in->bom]) {
			in->bom--;
			continue;
		}
		in->bom = 0;
		if (p[i] == '\n') {
			in->given += !in->blank;
			in->blank = 1;
		} else if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r') {
			if (!in->seen)
				in->header = p[i] != '{';
			in->seen = 1;
			in->blank = 0;
		}
	}
}

static ssize_t
in_read(void *cookie, char *dst, size_t size)
{
	struct pe_stream_in *in = cookie;
	size_t n, want = in->calls + 1 + (size_t)in->header;

	for (;;) {
		if ((n = in_whole(in)) > 0) {
			n = n < size ? n : size;
			memcpy(dst, in->buf, n);
			memmove(in->buf, in->buf + n, in->len - n);
			in->len -= n;
			in_count(in, dst, n);
			return (ssize_t)n;
		}
		if (in->eof) {
			clearerr_unlocked(in->fp);
			return 0;
		}
		/* The reader has what this call needs: do not wait. */
		if (in->seen && in->given >= want && !ready(in->fd)) {
			errno = EAGAIN;
			return -1;
		}
		if (in_fill(in) != 0)
			return -1;
	}
}

static int
in_close(void *cookie)
{
	struct pe_stream_in *in = cookie;

	free(in->buf);
	free(in);
	return 0;
}

struct pe_stream_in *
pe_stream_in_new(int fd, int (*on_intr)(void *ctx), void *ctx)
{
	cookie_io_functions_t io = { .read = in_read, .close = in_close };
	struct pe_stream_in *in;

	if ((in = calloc(1, sizeof *in)) == NULL ||
	    (in->buf = malloc(IN_CHUNK)) == NULL) {
		free(in);
		return NULL;
	}
	in->fd = fd;
	in->cap = IN_CHUNK;
	in->blank = 1;
	in->bom = 3;
	in->on_intr = on_intr;
	in->ctx = ctx;
	if ((in->fp = fopencookie(in, "r", io)) == NULL) {
		in_close(in);
		return NULL;
	}
	setvbuf(in->fp, NULL, _IOFBF, IN_CHUNK);
	return in;
}

FILE *
pe_stream_in_file(const struct pe_stream_in *in)
{
	return in->fp;
}

int
pe_stream_in_next(struct pe_stream_in *in, struct pe_reader *r,
    struct pe_row *row, enum pe_bad *bad, struct pe_error *err)
{
	int rc = pe_reader_next(r, row, bad, err);

	in->calls++;
	return rc;
}

int
pe_stream_in_jsonl(struct pe_stream_in *in)
{
	size_t i = 0;

	for (;;) {
		if (i == 0 && in->len >= 3 && memcmp(in->buf, "\xef\xbb\xbf",
		    3) == 0)
			i = 3;
		for (; i < in->len; i++)
			if (strchr(" \t\r\n", in->buf[i]) == NULL)
				return in->buf[i] == '{';
		if (in->eof || in_fill(in) != 0)
			return 0;
	}
}

/*
 * The rest of a line longer than IN_LINE_MAX, read and thrown away as it
 * comes (the buffer does not grow).  2 once its line feed (or the end) is
 * passed, -1 on a read error.
 */
static int
in_skip(struct pe_stream_in *in)
{
	const char *nl;

	for (;;) {
		nl = memchr(in->buf + in->off, '\n', in->len - in->off);
		if (nl != NULL) {
			in->off = (size_t)(nl - in->buf) + 1;
			return 2;
		}
		in->off = in->len;
		if (in->eof)
			return 2;
		if (in_fill(in) != 0)
			return -1;
	}
}

int
pe_stream_in_line(struct pe_stream_in *in, const char **p, size_t *n)
{
	const char *nl;

	for (;;) {
		nl = memchr(in->buf + in->off, '\n', in->len - in->off);
		if (nl == NULL && in->len - in->off > IN_LINE_MAX)
			return in_skip(in);
		if (nl == NULL && in->eof)
			nl = in->len > in->off ? in->buf + in->len - 1 : NULL;
		if (nl != NULL) {
			*p = in->buf + in->off;
			*n = (size_t)(nl - *p) + 1;
			in->off += *n;
			return *n > IN_LINE_MAX ? 2 : 1;
		}
		if (in->eof)
			return 0;
		if (in_fill(in) != 0)
			return -1;
	}
}

void
pe_stream_in_free(struct pe_stream_in *in)
{
	if (in != NULL)
		fclose(in->fp);	/* in_close frees in */
}
