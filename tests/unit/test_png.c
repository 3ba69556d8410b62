/*
 * test_png: png-probe's reader (tools/png.c) on PNGs made here: every
 * filter, RGB and RGBA, the image data split over many IDAT chunks,
 * ancillary chunks skipped; and on broken ones, each refused with its
 * exact message: no signature, truncated anywhere, a byte changed
 * anywhere, bad CRCs, lengths and types, the formats png.c does not read,
 * too much or too little image data, chunks out of order.
 *
 * The PNGs are written by an encoder of this file's own (zlib's
 * compress2 and crc32, filters applied as the specification's section 9
 * defines them), so the reader is checked against a second reading of
 * the specification, not against itself.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "harness.h"
#include "../../tools/png.h"

struct bytes {
	unsigned char p[1 << 16];
	size_t n;
};

static void
put(struct bytes *b, const void *p, size_t n)
{
	if (b->n + n > sizeof b->p) {
		fprintf(stderr, "test_png: a test PNG too large\n");
		exit(2);
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

static void
put32(struct bytes *b, uint32_t v)
{
	unsigned char q[4] = { v >> 24, v >> 16 & 0xff, v >> 8 & 0xff,
	    v & 0xff };

	put(b, q, 4);
}

static void
chunk(struct bytes *b, const char *type, const void *data, size_t n)
{
	uLong crc = crc32(crc32(0L, (const Bytef *)type, 4), data, (uInt)n);

	put32(b, (uint32_t)n);
	put(b, type, 4);
	put(b, data, n);
	put32(b, (uint32_t)crc);
}

static void
signature(struct bytes *b)
{
	put(b, "\x89PNG\r\n\x1a\n", 8);
}

static void
ihdr(struct bytes *b, uint32_t w, uint32_t h, int depth, int type,
    int interlace)
{
	unsigned char d[13] = { w >> 24, w >> 16 & 0xff, w >> 8 & 0xff,
	    w & 0xff, h >> 24, h >> 16 & 0xff, h >> 8 & 0xff, h & 0xff,
	    (unsigned char)depth, (unsigned char)type, 0, 0,
	    (unsigned char)interlace };

	chunk(b, "IHDR", d, sizeof d);
}

/* The filter of section 9.2: what is stored for byte x of a row. */
static int
predict(int type, const unsigned char *row, const unsigned char *up,
    size_t i, size_t bpp)
{
	int a = i >= bpp ? row[i - bpp] : 0, b = up ? up[i] : 0;
	int c = i >= bpp && up ? up[i - bpp] : 0;
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);

	switch (type) {
	case 1: return a;
	case 2: return b;
	case 3: return (a + b) >> 1;
	case 4: return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
	default: return 0;
	}
}

/* The filtered image data of px (w x h, ch channels): row y filtered with
 * filter[y % nf]. */
static size_t
filtered(unsigned char *out, const unsigned char *px, uint32_t w,
    uint32_t h, int ch, const int *filter, int nf)
{
	size_t stride = (size_t)w * (size_t)ch, i, n = 0;
	uint32_t y;
	int f;

	for (y = 0; y < h; y++) {
		f = filter[y % (uint32_t)nf];
		out[n++] = (unsigned char)f;
		for (i = 0; i < stride; i++)
			out[n++] = (unsigned char)(px[y * stride + i] -
			    predict(f, px + y * stride, y ? px + (y - 1) *
			    stride : NULL, i, (size_t)ch));
	}
	return n;
}

/* A whole PNG of px, its compressed data in IDAT chunks of split bytes
 * (0: one chunk); a tEXt chunk before them. */
static void
encode(struct bytes *b, const unsigned char *px, uint32_t w, uint32_t h,
    int ch, const int *filter, int nf, size_t split)
{
	static unsigned char raw[1 << 16], z[1 << 16];
	uLongf zn = sizeof z;
	size_t n = filtered(raw, px, w, h, ch, filter, nf), k;

	if (compress2(z, &zn, raw, n, 9) != Z_OK) {
		fprintf(stderr, "test_png: compress2 failed\n");
		exit(2);
	}
	b->n = 0;
	signature(b);
	ihdr(b, w, h, 8, ch == 4 ? 6 : 2, 0);
	chunk(b, "tEXt", "Software\0test_png", 17);
	for (k = 0; k < zn; k += split ? split : zn)
		chunk(b, "IDAT", z + k, split && zn - k > split ? split :
		    zn - k);
	chunk(b, "IEND", "", 0);
}

/* Read b's bytes; the message on failure, "ok" and img filled on
 * success. */
static const char *
decode(const struct bytes *b, struct png *img)
{
	static char msg[256];
	FILE *f;

	if (b->n == 0)
		f = fopen("/dev/null", "rb");
	else
		f = fmemopen((void *)b->p, b->n, "rb");
	if (f == NULL) {
		perror("test_png: fmemopen");
		exit(2);
	}
	if (png_read(f, img, msg, sizeof msg) == 0)
		strcpy(msg, "ok");
	fclose(f);
	return msg;
}

static const char *
decode_only(const struct bytes *b)
{
	struct png img;
	const char *m = decode(b, &img);

	png_free(&img);
	return m;
}

static void
random_pixels(unsigned char *px, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		px[i] = (unsigned char)rng();
}

static void
test_filters(void)
{
	static const int all[] = { 0, 1, 2, 3, 4 };
	static unsigned char px[40 * 30 * 4];
	static struct bytes b;
	struct png img;
	struct agg a = { 0 };
	int ch, f, one[1], trial;
	uint32_t w, h;

	for (ch = 3; ch <= 4; ch++) {
		for (f = 0; f < 5; f++) {
			one[0] = f;
			random_pixels(px, 7 * 5 * (size_t)ch);
			encode(&b, px, 7, 5, ch, one, 1, 0);
			CHECK_STR(decode(&b, &img), "ok", "%d channels, "
			    "filter %d: read", ch, f);
			CHECK(img.width == 7 && img.height == 5 &&
			    img.channels == ch && memcmp(img.px, px,
			    7 * 5 * (size_t)ch) == 0, "%d channels, filter "
			    "%d: the pixels written", ch, f);
			png_free(&img);
		}
	}
	/* Random sizes, every filter in turn, IDAT chunks of 1 to 9 bytes. */
	for (trial = 0; trial < 200; trial++) {
		w = 1 + (uint32_t)(rng() % 40);
		h = 1 + (uint32_t)(rng() % 30);
		ch = rng() % 2 ? 4 : 3;
		random_pixels(px, (size_t)w * h * (size_t)ch);
		if (trial % 2)	/* runs of one colour, as in charts */
			memset(px, 0xff, (size_t)w * h * (size_t)ch / 2);
		encode(&b, px, w, h, ch, all + trial % 5, 5 - trial % 5,
		    (size_t)(trial % 10));
		a.total++;
		if (strcmp(decode(&b, &img), "ok") != 0 || img.width != w ||
		    img.height != h || img.channels != ch ||
		    memcmp(img.px, px, (size_t)w * h * (size_t)ch) != 0)
			agg_fail(&a, "trial %d: %ux%u, %d channels", trial, w,
			    h, ch);
		png_free(&img);
	}
	CHECK_AGG(a, "200 random images, every filter, IDAT split");
	/* The largest side: one row of PNG_MAX_SIDE pixels. */
	memset(px, 0x80, sizeof px);
	{
		static unsigned char wide[PNG_MAX_SIDE * 3];

		memset(wide, 0x80, sizeof wide);
		encode(&b, wide, PNG_MAX_SIDE, 1, 3, all + 1, 1, 0);
		CHECK_STR(decode(&b, &img), "ok", "%d pixels a side",
		    PNG_MAX_SIDE);
		png_free(&img);
	}
}

/* A 7x5 RGB PNG whose IDAT holds raw (n bytes) compressed, or z itself
 * when raw is NULL. */
static void
with_data(struct bytes *b, const unsigned char *raw, size_t n,
    const void *z, size_t zn)
{
	static unsigned char buf[1 << 12];
	uLongf bn = sizeof buf;

	b->n = 0;
	signature(b);
	ihdr(b, 7, 5, 8, 2, 0);
	if (raw != NULL) {
		compress2(buf, &bn, raw, n, 9);
		chunk(b, "IDAT", buf, bn);
	} else
		chunk(b, "IDAT", z, zn);
	chunk(b, "IEND", "", 0);
}

static void
test_formats(void)
{
	static const struct {
		int depth, type, interlace;
		const char *msg;
	} bad[] = {
		{ 8, 3, 0, "colour type 3 (palette): png-probe reads 8-bit "
		    "RGB and RGBA only" },
		{ 8, 0, 0, "colour type 0 (greyscale): png-probe reads 8-bit "
		    "RGB and RGBA only" },
		{ 8, 4, 0, "colour type 4 (greyscale with alpha): png-probe "
		    "reads 8-bit RGB and RGBA only" },
		{ 8, 7, 0, "colour type 7: png-probe reads 8-bit RGB and "
		    "RGBA only" },
		{ 16, 2, 0, "bit depth 16: png-probe reads 8-bit RGB and "
		    "RGBA only" },
		{ 4, 6, 0, "bit depth 4: png-probe reads 8-bit RGB and RGBA "
		    "only" },
		{ 8, 2, 1, "interlaced (Adam7): png-probe reads "
		    "non-interlaced images only" },
		{ 8, 2, 2, "unknown interlace method 2" },
	};
	static struct bytes b;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		b.n = 0;
		signature(&b);
		ihdr(&b, 7, 5, bad[i].depth, bad[i].type, bad[i].interlace);
		chunk(&b, "IEND", "", 0);
		CHECK_STR(decode_only(&b), bad[i].msg, "depth %d, colour "
		    "type %d, interlace %d", bad[i].depth, bad[i].type,
		    bad[i].interlace);
	}
	b.n = 0;
	signature(&b);
	ihdr(&b, 0, 5, 8, 2, 0);
	CHECK_STR(decode_only(&b), "bad size 0x5", "a width of 0");
	b.n = 0;
	signature(&b);
	ihdr(&b, 7, 0x80000000u, 8, 2, 0);
	CHECK_STR(decode_only(&b), "bad size 7x2147483648",
	    "a height of 2^31");
	b.n = 0;
	signature(&b);
	ihdr(&b, PNG_MAX_SIDE + 1, 5, 8, 6, 0);
	CHECK_STR(decode_only(&b), "10001x5 pixels: png-probe reads 10000 "
	    "pixels a side at most", "a width over PNG_MAX_SIDE");
}

static void
test_broken(void)
{
	static unsigned char px[7 * 5 * 3], raw[1024];
	static struct bytes good, b;
	static const int paeth[] = { 4 };
	struct agg a = { 0 };
	size_t n, at;
	const char *m;

	random_pixels(px, sizeof px);
	encode(&good, px, 7, 5, 3, paeth, 1, 0);

	b.n = 0;
	CHECK_STR(decode_only(&b), "not a PNG file (no PNG signature)",
	    "an empty file");
	put(&b, "GIF89a\0\0\0\0", 10);
	CHECK_STR(decode_only(&b), "not a PNG file (no PNG signature)",
	    "a GIF");
	b.n = 0;
	signature(&b);
	CHECK_STR(decode_only(&b), "truncated: no IEND chunk",
	    "the signature alone");

	/* Cut anywhere: an error, the one of the place cut. */
	for (n = 0; n < good.n; n++) {
		memcpy(b.p, good.p, n);
		b.n = n;
		m = decode_only(&b);
		a.total++;
		if (strncmp(m, n < 8 ? "not a PNG" : "truncated", 9) != 0)
			agg_fail(&a, "cut at %zu: %s", n, m);
	}
	CHECK_AGG(a, "a PNG cut at each of its %zu bytes", good.n);
	b.n = 33 + 5;
	CHECK_STR(decode_only(&b), "truncated in a chunk's header at byte 33",
	    "cut in the second chunk's header");
	b.n = 33 + 12;
	CHECK_STR(decode_only(&b), "truncated in chunk 'tEXt' at byte 33",
	    "cut in the second chunk's data");

	/* Any byte changed: an error (a CRC, a length, a type). */
	memset(&a, 0, sizeof a);
	for (at = 0; at < good.n; at++) {
		memcpy(&b, &good, sizeof b);
		b.p[at] ^= 0x20;
		m = decode_only(&b);
		a.total++;
		if (strcmp(m, "ok") == 0)
			agg_fail(&a, "byte %zu changed, read as ok", at);
	}
	CHECK_AGG(a, "a PNG with one of its %zu bytes changed", good.n);
	memcpy(&b, &good, sizeof b);
	b.p[8 + 8 + 9] = 6;	/* IHDR's colour type, its CRC unchanged */
	CHECK_STR(decode_only(&b), "bad CRC in chunk 'IHDR' at byte 8",
	    "a changed IHDR");
	memcpy(&b, &good, sizeof b);
	b.p[b.n - 1] ^= 1;
	CHECK_STR(decode_only(&b), H_DESC("bad CRC in chunk 'IEND' at byte "
	    "%zu", b.n - 12), "IEND's CRC changed");
	memcpy(&b, &good, sizeof b);
	memcpy(b.p + 33, "\xff\xff\xff\xf0", 4);
	CHECK_STR(decode_only(&b), "chunk at byte 33: length 4294967280 too "
	    "large", "a length over 2^31 - 1");
	memcpy(&b, &good, sizeof b);
	memcpy(b.p + 33, "\x7f\xff\xff\xff", 4);
	CHECK_STR(decode_only(&b), "truncated in chunk 'tEXt' at byte 33",
	    "a length of 2^31 - 1 in a small file");
	memcpy(&b, &good, sizeof b);
	b.p[33 + 5] = '1';
	CHECK_STR(decode_only(&b), "chunk at byte 33: bad chunk type",
	    "a digit in a chunk type");
	memcpy(&b, &good, sizeof b);
	put(&b, "x", 1);
	CHECK_STR(decode_only(&b), "data after the IEND chunk",
	    "a byte after IEND");

	/* Chunks out of order, missing, unknown. */
	b.n = 0;
	signature(&b);
	chunk(&b, "tEXt", "a\0b", 3);
	CHECK_STR(decode_only(&b), "the first chunk is 'tEXt', not IHDR",
	    "IHDR not first");
	b.n = 0;
	signature(&b);
	ihdr(&b, 7, 5, 8, 2, 0);
	chunk(&b, "IEND", "", 0);
	CHECK_STR(decode_only(&b), "no image data (no IDAT chunk)",
	    "no IDAT");
	b.n = 0;
	signature(&b);
	ihdr(&b, 7, 5, 8, 2, 0);
	ihdr(&b, 7, 5, 8, 2, 0);
	CHECK_STR(decode_only(&b), "a second IHDR chunk at byte 33",
	    "two IHDR");
	b.n = 0;
	signature(&b);
	ihdr(&b, 7, 5, 8, 2, 0);
	chunk(&b, "ABCD", "", 0);
	CHECK_STR(decode_only(&b), "unknown critical chunk 'ABCD' at byte 33",
	    "an unknown critical chunk");
	b.n = 0;
	signature(&b);
	ihdr(&b, 7, 5, 8, 2, 0);
	chunk(&b, "IHDR", "", 0);
	CHECK_STR(decode_only(&b), "a second IHDR chunk at byte 33",
	    "a second, empty IHDR");
	b.n = 0;
	signature(&b);
	chunk(&b, "IHDR", "\0\0\0\7\0\0\0\5\10\2\0\0", 12);
	CHECK_STR(decode_only(&b), "IHDR chunk of 12 bytes, not 13",
	    "a short IHDR");
	/* IDAT, another chunk, IDAT: the image data is one stream. */
	n = filtered(raw, px, 7, 5, 3, paeth, 1);
	{
		static unsigned char z[1024];
		uLongf zn = sizeof z;

		compress2(z, &zn, raw, n, 9);
		b.n = 0;
		signature(&b);
		ihdr(&b, 7, 5, 8, 2, 0);
		chunk(&b, "IDAT", z, 10);
		chunk(&b, "tEXt", "a\0b", 3);
		chunk(&b, "IDAT", z + 10, zn - 10);
		chunk(&b, "IEND", "", 0);
		CHECK_STR(decode_only(&b), "IDAT chunks not one after another "
		    "(one at byte 70)", "IDAT, tEXt, IDAT");
		/* The stream cut before its checksum. */
		with_data(&b, NULL, 0, z, zn - 4);
		CHECK_STR(decode_only(&b), "the compressed image is not "
		    "ended", "no Adler-32 at the end");
		/* The stream's checksum wrong. */
		z[zn - 1] ^= 1;
		with_data(&b, NULL, 0, z, zn);
		CHECK_STR(decode_only(&b), "bad compressed data: incorrect "
		    "data check", "a wrong Adler-32");
		z[zn - 1] ^= 1;
		/* Bytes after the stream's end. */
		memcpy(z + zn, "zz", 2);
		with_data(&b, NULL, 0, z, zn + 2);
		CHECK_STR(decode_only(&b), "data after the end of the "
		    "compressed image", "bytes after the zlib stream");
	}
	with_data(&b, NULL, 0, "\x12\x34\x56", 3);
	CHECK_STR(decode_only(&b), "bad compressed data: incorrect header "
	    "check", "IDAT not zlib");

	/* Too little, too much, a bad filter. */
	with_data(&b, raw, n - 22, NULL, 0);
	CHECK_STR(decode_only(&b), "image data ends after 4 of 5 rows",
	    "a row short");
	raw[n] = 0;
	with_data(&b, raw, n + 1, NULL, 0);
	CHECK_STR(decode_only(&b), "more image data than 7x5 pixels",
	    "a byte too many");
	raw[2 * 22] = 5;
	with_data(&b, raw, n, NULL, 0);
	CHECK_STR(decode_only(&b), "bad filter type 5 in row 3",
	    "filter type 5");
}

/* Decompressed size is checked as it comes: a stream inflating to far
 * more than the image stops at the first byte too many. */
static void
test_bomb(void)
{
	static unsigned char raw[1 << 20], z[1 << 14];
	static struct bytes b;
	uLongf zn = sizeof z;

	memset(raw, 0, sizeof raw);
	compress2(z, &zn, raw, sizeof raw, 9);
	with_data(&b, NULL, 0, z, zn);
	CHECK_STR(decode_only(&b), "more image data than 7x5 pixels",
	    "1 MiB of zeros in a 7x5 image (%lu bytes compressed)",
	    (unsigned long)zn);
}

int
main(void)
{
	test_filters();
	test_formats();
	test_broken();
	test_bomb();
	return done();
}
