/*
 * png.c: the PNG reader of png.h.  The file is read chunk by chunk; the
 * IDAT chunks' data goes through zlib's inflate straight into the row
 * being built, and each finished row is unfiltered (None, Sub, Up,
 * Average, Paeth: PNG specification, section 9) against the one above it.
 *
 * Bloat: see png.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "png.h"

#define MAX_CHUNK	0x7fffffffUL	/* PNG's largest chunk length */
#define PIECE		65536		/* a chunk is read this much at a time */

static const unsigned char signature[8] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'
};

struct dec {
	FILE *f;
	struct png *img;
	char *msg;
	size_t msgsize;
	unsigned long long off;	/* bytes read so far */
	z_stream z;
	int zready, zdone;	/* inflateInit done; the stream's end seen */
	unsigned char *row;	/* the filter byte, then stride bytes */
	const unsigned char *prev;	/* the row above, unfiltered */
	unsigned char *zeros;	/* the row above the first */
	size_t stride, have;	/* a row's bytes; of row, those inflated */
	uint32_t y;		/* rows done */
};

static int __attribute__((format(printf, 2, 3)))
fail(struct dec *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->msg, d->msgsize, fmt, ap);
	va_end(ap);
	return -1;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* n bytes, or how many there were before the end of the file. */
static size_t
get(struct dec *d, unsigned char *p, size_t n)
{
	size_t got = fread(p, 1, n, d->f);

	d->off += got;
	return got;
}

static int
is_letter(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* The predictor of the Paeth filter: of left, up and up-left, the one
 * nearest to left + up - upleft, in that order on ties. */
static int
paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);

	if (pa <= pb && pa <= pc)
		return a;
	return pb <= pc ? b : c;
}

/* Undo the filter of the row just inflated and store it as row y. */
static int
unfilter(struct dec *d)
{
	unsigned char *r = d->row + 1;
	const unsigned char *p = d->prev;
	size_t i, bpp = (size_t)d->img->channels;
	int a, c;

	for (i = 0; i < d->stride; i++) {
		a = i >= bpp ? r[i - bpp] : 0;
		c = i >= bpp ? p[i - bpp] : 0;
		switch (d->row[0]) {
		case 0: break;
		case 1: r[i] = (unsigned char)(r[i] + a); break;
		case 2: r[i] = (unsigned char)(r[i] + p[i]); break;
		case 3: r[i] = (unsigned char)(r[i] + (a + p[i]) / 2); break;
		case 4: r[i] = (unsigned char)(r[i] + paeth(a, p[i], c)); break;
		default:
			return fail(d, "bad filter type %d in row %lu",
			    d->row[0], (unsigned long)d->y + 1);
		}
	}
	memcpy(d->img->px + (size_t)d->y * d->stride, r, d->stride);
	d->prev = d->img->px + (size_t)d->y * d->stride;
	d->y++;
	d->have = 0;
	return 0;
}

/* Inflate n bytes of IDAT data into the rows; past the last row, only
 * the stream's end (its checksum) may come. */
static int
inflate_idat(struct dec *d, unsigned char *in, size_t n)
{
	unsigned char spare;
	int rc;

	d->z.next_in = in;
	d->z.avail_in = (uInt)n;
	while (d->z.avail_in > 0) {
		if (d->zdone)
			return fail(d, "data after the end of the compressed "
			    "image");
		if (d->y < d->img->height) {
			d->z.next_out = d->row + d->have;
			d->z.avail_out = (uInt)(d->stride + 1 - d->have);
		} else {
			d->z.next_out = &spare;
			d->z.avail_out = 1;
		}
		rc = inflate(&d->z, Z_NO_FLUSH);
		if (rc == Z_STREAM_END)
			d->zdone = 1;
		else if (rc == Z_MEM_ERROR)
			return fail(d, "out of memory");
		else if (rc != Z_OK)
			return fail(d, "bad compressed data: %s", d->z.msg ?
			    d->z.msg : zError(rc));
		if (d->y == d->img->height) {
			if (d->z.avail_out == 0)
				return fail(d, "more image data than %ux%u "
				    "pixels", d->img->width, d->img->height);
			continue;
		}
		d->have = d->stride + 1 - d->z.avail_out;
		if (d->have == d->stride + 1 && unfilter(d) != 0)
			return -1;
	}
	return 0;
}

static int
header(struct dec *d, const unsigned char *h)
{
	static const char *const kinds[] = { " (greyscale)", "", "",
	    " (palette)", " (greyscale with alpha)", "", "" };
	struct png *img = d->img;
	size_t row;

	img->width = be32(h);
	img->height = be32(h + 4);
	if (img->width == 0 || img->height == 0 || img->width > MAX_CHUNK ||
	    img->height > MAX_CHUNK)
		return fail(d, "bad size %lux%lu", (unsigned long)img->width,
		    (unsigned long)img->height);
	if (img->width > PNG_MAX_SIDE || img->height > PNG_MAX_SIDE)
		return fail(d, "%ux%u pixels: png-probe reads %d pixels a "
		    "side at most", img->width, img->height, PNG_MAX_SIDE);
	if (h[9] != 2 && h[9] != 6)
		return fail(d, "colour type %d%s: png-probe reads 8-bit RGB and "
		    "RGBA only", h[9], h[9] <= 6 ? kinds[h[9]] : "");
	if (h[8] != 8)
		return fail(d, "bit depth %d: png-probe reads 8-bit RGB and "
		    "RGBA only", h[8]);
	if (h[10] != 0)
		return fail(d, "unknown compression method %d", h[10]);
	if (h[11] != 0)
		return fail(d, "unknown filter method %d", h[11]);
	if (h[12] == 1)
		return fail(d, "interlaced (Adam7): png-probe reads "
		    "non-interlaced images only");
	if (h[12] != 0)
		return fail(d, "unknown interlace method %d", h[12]);
	img->channels = h[9] == 6 ? 4 : 3;
	d->stride = (size_t)img->width * (size_t)img->channels;
	row = d->stride + 1;
	if ((img->px = malloc(d->stride * img->height)) == NULL ||
	    (d->row = malloc(row)) == NULL ||
	    (d->prev = d->zeros = calloc(1, d->stride)) == NULL)
		return fail(d, "out of memory");
	if (inflateInit(&d->z) != Z_OK)
		return fail(d, "out of memory");
	d->zready = 1;
	return 0;
}

/* The data of a chunk of n bytes starting at byte start, read piece by
 * piece (so a length the file does not hold costs no memory), into *buf
 * of *cap bytes, grown as needed; its CRC checked. */
static int
chunk_data(struct dec *d, const unsigned char *type, uint32_t n,
    unsigned long long start, unsigned char **buf, size_t *cap)
{
	unsigned char crc[4], *p;
	size_t have = 0, want, got;
	uLong sum = crc32(0L, type, 4);

	while (have < n) {
		want = n - have < PIECE ? n - have : PIECE;
		if (have + want > *cap) {
			if ((p = realloc(*buf, have + want)) == NULL)
				return fail(d, "out of memory");
			*buf = p;
			*cap = have + want;
		}
		got = get(d, *buf + have, want);
		have += got;
		if (got < want)
			break;
	}
	if (have < n || get(d, crc, 4) < 4)
		return fail(d, "truncated in chunk '%.4s' at byte %llu", type,
		    start);
	if (n > 0)
		sum = crc32(sum, *buf, n);
	if (be32(crc) != sum)
		return fail(d, "bad CRC in chunk '%.4s' at byte %llu", type,
		    start);
	return 0;
}

/* Chunk after chunk, to IEND. */
static int
chunks(struct dec *d)
{
	unsigned char h[8], *buf = NULL;
	unsigned long long start;
	size_t cap = 0, got;
	uint32_t n;
	int idat = 0, rc = -1;	/* idat: 0 none yet, 1 in them, 2 past */

	for (;;) {
		start = d->off;
		if ((got = get(d, h, 8)) < 8) {
			if (got == 0)
				fail(d, "truncated: no IEND chunk");
			else
				fail(d, "truncated in a chunk's header at "
				    "byte %llu", start);
			break;
		}
		n = be32(h);
		if (n > MAX_CHUNK) {
			fail(d, "chunk at byte %llu: length %lu too large",
			    start, (unsigned long)n);
			break;
		}
		if (!is_letter(h[4]) || !is_letter(h[5]) ||
		    !is_letter(h[6]) || !is_letter(h[7])) {
			fail(d, "chunk at byte %llu: bad chunk type", start);
			break;
		}
		if (chunk_data(d, h + 4, n, start, &buf, &cap) != 0)
			break;
		if (start == 8 && memcmp(h + 4, "IHDR", 4) != 0) {
			fail(d, "the first chunk is '%.4s', not IHDR", h + 4);
			break;
		}
		if (start > 8 && memcmp(h + 4, "IHDR", 4) == 0) {
			fail(d, "a second IHDR chunk at byte %llu", start);
			break;
		}
		if (memcmp(h + 4, "IHDR", 4) == 0) {
			if (n != 13) {
				fail(d, "IHDR chunk of %lu bytes, not 13",
				    (unsigned long)n);
				break;
			}
			if (header(d, buf) != 0)
				break;
		} else if (memcmp(h + 4, "IDAT", 4) == 0) {
			if (idat == 2) {
				fail(d, "IDAT chunks not one after another "
				    "(one at byte %llu)", start);
				break;
			}
			idat = 1;
			if (inflate_idat(d, buf, n) != 0)
				break;
		} else if (memcmp(h + 4, "IEND", 4) == 0) {
			if (idat == 0)
				fail(d, "no image data (no IDAT chunk)");
			else if (d->y < d->img->height)
				fail(d, "image data ends after %u of %u rows",
				    d->y, d->img->height);
			else if (!d->zdone)
				fail(d, "the compressed image is not ended");
			else if (fgetc(d->f) != EOF)
				fail(d, "data after the IEND chunk");
			else
				rc = 0;
			break;
		} else if (h[4] >= 'A' && h[4] <= 'Z' &&
		    memcmp(h + 4, "PLTE", 4) != 0) {
			fail(d, "unknown critical chunk '%.4s' at byte %llu",
			    h + 4, start);
			break;
		} else if (idat == 1)
			idat = 2;
	}
	free(buf);
	return rc;
}

int
png_read(FILE *f, struct png *img, char *msg, size_t size)
{
	struct dec d = { .f = f, .img = img, .msg = msg, .msgsize = size };
	unsigned char sig[8];
	int rc;

	memset(img, 0, sizeof *img);
	if (get(&d, sig, 8) < 8 || memcmp(sig, signature, 8) != 0)
		rc = fail(&d, "not a PNG file (no PNG signature)");
	else
		rc = chunks(&d);
	if (ferror(f))	/* not truncated: unreadable */
		rc = fail(&d, "read error: %s", strerror(errno));
	if (d.zready)
		inflateEnd(&d.z);
	free(d.row);
	free(d.zeros);
	if (rc != 0)
		png_free(img);
	return rc;
}

void
png_free(struct png *img)
{
	free(img->px);
	memset(img, 0, sizeof *img);
}
