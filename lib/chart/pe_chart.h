/*
 * pe_chart: a candlestick chart of one series as an SVG document, with
 * indicator overlays, oscillator panels, volume bars and signal markers.
 *
 * The picture, top to bottom: the title; the price panel (candles, the
 * price-scaled indicators drawn over them, the markers); the volume panel
 * (when the series has volume); one panel per other indicator, with its
 * customary guide lines; the time axis.  Bars are placed by index, so a
 * weekend or a holiday takes no room.  Every element kind carries a fixed
 * class attribute ("candle up", "candle down", "overlay sma", "panel rsi",
 * "marker entry", "volume", ...) that tests and style sheets can select.
 *
 * The output depends only on the arguments (no clock, no locale, no
 * random ids): the same chart gives the same bytes.  Nothing is printed
 * here; the document is appended to a caller's struct pe_buf.
 *
 * Bloat: no fonts or text measuring (label widths are estimated from
 * their length), no log scale, no interactive SVG, no raster output (the
 * command pipes the SVG through rsvg-convert for PNG), no drawing tools
 * (trend lines, annotations).
 */
#ifndef PE_CHART_H
#define PE_CHART_H

#include <stddef.h>
#include <stdint.h>

#include "pe_buf.h"
#include "pe_error.h"
#include "pe_ind.h"
#include "pe_series.h"

/* Limits of --size: smaller pictures cannot hold the axes and labels. */
#define PE_CHART_MINW 320
#define PE_CHART_MINH 240
#define PE_CHART_MAXW 10000
#define PE_CHART_MAXH 10000

enum pe_chart_theme {
	PE_CHART_LIGHT,
	PE_CHART_DARK
};

/* What a marker stands for: the signal types of DESIGN.md. */
enum pe_chart_mark {
	PE_CHART_HIT,		/* scan_hit: a diamond below the bar */
	PE_CHART_ENTRY,		/* an up arrow below the bar */
	PE_CHART_EXIT		/* a down arrow above the bar */
};

/*
 * One computed indicator: its spec, the text shown in the legend (the
 * spec as the user wrote it), and spec->info->nout columns of the
 * series' n values each (NaN where undefined), all owned by the caller.
 * Only output spec->out is drawn when the spec names one, else every
 * output.
 */
struct pe_chart_ind {
	const struct pe_ind_spec *spec;
	const char *label;
	const double *const *out;
};

/* A signal at bar index bar of the series (any bar: those outside the
 * drawn window are left out). */
struct pe_chart_marker {
	size_t bar;
	enum pe_chart_mark type;
};

struct pe_chart_opts {
	int width, height;	/* pixels, within the limits above */
	enum pe_chart_theme theme;
	const char *title;	/* NULL: the series' symbol */
	size_t tail;		/* the last tail bars are drawn; 0: every bar */
};

/*
 * Append the SVG document of s (its last o->tail bars) with ind[0..nind)
 * and the markers mk[0..nmk) to out.  Indicators are computed by the
 * caller over the whole series, so their warm-up uses every bar, not only
 * the drawn ones.  Returns PE_OK; PE_ERR_USAGE (err says why) for a size
 * outside the limits or a series of no bars; PE_ERR_NOMEM (out may then
 * hold part of the document).
 */
int pe_chart_render(const struct pe_series *s,
    const struct pe_chart_ind *ind, size_t nind,
    const struct pe_chart_marker *mk, size_t nmk,
    const struct pe_chart_opts *o, struct pe_buf *out,
    struct pe_error *err);

/* "WxH" (e.g. "1200x800") within the limits into *w, *h.  Returns 0, or
 * -1 with *why a static sentence. */
int pe_chart_size_parse(const char *s, int *w, int *h, const char **why);

/* "light" or "dark".  Returns 0 or -1. */
int pe_chart_theme_parse(const char *s, enum pe_chart_theme *t);

/*
 * The SVG document svg as a width x height PNG written to the file
 * descriptor out, by rsvg-convert (librsvg2-bin).  PE_OK, or PE_ERR_IO
 * with err saying whether rsvg-convert could not be started, could not be
 * run (not installed) or failed.  The caller removes a partial output.
 */
int pe_chart_png(const struct pe_buf *svg, int out, int width, int height,
    struct pe_error *err);

#endif
