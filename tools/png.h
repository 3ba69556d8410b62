/*
 * png.h: a PNG reader for the tests (tools/png-probe, tests/unit/test_png):
 * enough to look at what rsvg-convert writes, 8-bit RGB and RGBA without
 * interlacing, and to refuse anything else with a message saying why.
 *
 * The file is read as hostile: every chunk's length is checked against
 * 2^31 - 1 and against what the file holds (a chunk's data is read before
 * any memory is set aside for more of it), every chunk's CRC is checked
 * before its data is used, the size against PNG_MAX_SIDE, and the
 * inflated data against the exact length the size asks for.
 *
 * Bloat: no palette, greyscale, 16-bit or interlaced images, no gamma or
 * colour profiles, no ancillary chunk read (bKGD, tEXt, ... are skipped
 * after their CRC is checked), no writing.
 */
#ifndef PE_TOOLS_PNG_H
#define PE_TOOLS_PNG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* pe-chart's largest --size: the most pixels a side png_read takes. */
#define PNG_MAX_SIDE	10000

struct png {
	uint32_t width, height;
	int channels;		/* 3 (RGB) or 4 (RGBA) */
	unsigned char *px;	/* height rows of width * channels bytes */
};

/*
 * Read a PNG from f to its end, into img (its pixels unfiltered, row by
 * row, top first).  Returns 0, or -1 with a message (no file name, no
 * newline) in msg, of at most size bytes, and img left empty.  Data after
 * the IEND chunk is an error.  The caller frees img with png_free.
 */
int png_read(FILE *f, struct png *img, char *msg, size_t size);

/* Free img's pixels and empty it; img may be empty already. */
void png_free(struct png *img);

#endif
