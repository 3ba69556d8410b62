/*
 * pe_chart: a candlestick chart of one series as an SVG document, with
 * indicator overlays, oscillator panels, volume bars, signal markers,
 * trades, and an equity curve with its drawdown.
 *
 * The picture, top to bottom: the title; the price panel (candles, filled
 * or hollow, the last close tagged on the price axis; the
 * price-scaled indicators and formula lines drawn over them, the markers,
 * the trades); the volume panel (when the series has volume); one panel
 * per other indicator, with its customary guide lines; one per other
 * formula line; an equity curve and its drawdown (pe-backtest's), or
 * those alone; the time axis.  Bars are
 * placed by index, so a weekend or a holiday takes no room.  Every element kind carries a fixed
 * class attribute ("candle up", "candle down", "overlay sma", "panel rsi",
 * "overlay formula", "panel formula", "marker entry", "trade long won",
 * "volume", ...) that tests and style sheets can select.
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
#include <stdio.h>

#include "pe_buf.h"
#include "pe_error.h"
#include "pe_ind.h"
#include "pe_series.h"
#include "pe_trade.h"

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

/*
 * A formula drawn as a line (pe-chart's named numbers): its legend and the
 * series' n values (NaN where undefined), the caller's.  It goes over the
 * prices when it is in their scale (pe_chart_line_over), else into a
 * panel of its own under the indicators'.
 */
struct pe_chart_line {
	const char *label;
	const double *v;
};

/*
 * Whether line values v go over the prices of the bars [first, s->n) of
 * s: they have a finite value there, and every finite one lies within the
 * candles' range (the lowest low to the highest high of those bars)
 * widened by half its height above and below.  A moving average, a
 * Heikin-Ashi close or a stop is; an oscillator, a spread or a volume is
 * not.  Returns 1 or 0.
 */
int pe_chart_line_over(const struct pe_series *s, size_t first,
    const double *v);

/* A signal at bar index bar of the series (any bar: those outside the
 * drawn window are left out).  label: the name written under a hit's
 * marker (its formula's), or NULL for none; the caller's. */
struct pe_chart_marker {
	size_t bar;
	enum pe_chart_mark type;
	const char *label;
};

/*
 * A trade of pe-backtest at bars of the series: an entry marker at
 * (entry_bar, entry_price) and an exit marker at (exit_bar, exit_price),
 * joined by a line, green when it won, red when it lost.  The markers
 * are arrows in the direction of the order, their tips on the price: a
 * long's entry (a buy) an up arrow under its price and its exit (a sell)
 * a down arrow over it; a short's the other way round.  A trade outside
 * the drawn window is left out; one that crosses its edge is cut there.
 */
struct pe_chart_trade {
	size_t entry_bar, exit_bar;	/* entry_bar <= exit_bar */
	double entry_price, exit_price;
	int side;		/* 1 long, -1 short */
	int won;		/* its return > 0 */
};

/*
 * The trades t[0..n) (pe_trade_read's) at bars of s, in order, into out
 * (room for n), their number into *nout: by time, and by symbol too when
 * the trades name more than one symbol (when they name one, they are
 * s's whatever its name, as a file of one symbol charted under another
 * name).  Returns how many trades of s were left out because their
 * entry or exit time is no bar of s (trades of another timeframe).
 */
size_t pe_chart_trades_match(const struct pe_series *s,
    const struct pe_trade *t, size_t n, struct pe_chart_trade *out,
    size_t *nout);

/*
 * An equity curve (pe-backtest --equity FILE): its times, and the
 * equity as each price of a series (open, high, low and close alike; no
 * volume) whose symbol is the name it was read under; drawdown[i] is
 * 1 - equity / the highest equity up to row i (0 while that is 0), so
 * from 0 to 1.
 */
struct pe_chart_equity {
	struct pe_series *s;
	double *drawdown;
};

/*
 * Read an equity curve from fp: CSV whose header (its first line that is
 * not blank) names a time and an equity column, in any case, among any
 * others (pe-backtest writes time,equity,cash,positions); then one row a
 * time, times strictly increasing (any time pe_time_parse reads), the
 * equity a number >= 0.  Blank lines are skipped.  name is the series'
 * symbol and err's path.  Returns PE_OK with *eq a new curve of at least
 * one row (pe_chart_equity_free), or: PE_ERR_FORMAT for an empty input
 * or a header without those columns; PE_ERR_DATA naming the line for a
 * bad row ("missing equity", "bad time 'x': ...", "equity is not a
 * number: 'x'", "equity is negative: '-1'", "times not increasing at
 * 2024-01-03"), or no rows; PE_ERR_IO for a read error; PE_ERR_NOMEM.
 */
int pe_chart_equity_read(FILE *fp, const char *name,
    struct pe_chart_equity **eq, struct pe_error *err);
void pe_chart_equity_free(struct pe_chart_equity *eq);

struct pe_chart_opts {
	int width, height;	/* pixels, within the limits above */
	enum pe_chart_theme theme;
	const char *title;	/* NULL: the series' symbol */
	size_t tail;		/* the last tail bars are drawn; 0: every bar */
	int hollow;		/* up candles hollow, not filled */
};

/*
 * What a chart draws.  s: the candles, or, with equity_only, eq->s (or a
 * view of it: its first n rows) as the bars of the time axis, with no
 * price or volume panel.  ind[0..nind), mk[0..nmk) and tr[0..ntr) are
 * drawn on the candles (none with equity_only).  eq, when not NULL, adds
 * an equity panel and a drawdown panel under the others; its rows are
 * placed by time: on their bar, or between two bars in proportion, and
 * rows before the first drawn bar or after the last are left out.
 * line[0..nline) are formula lines (none with equity_only).  Everything
 * is the caller's.
 */
struct pe_chart_data {
	const struct pe_series *s;
	const struct pe_chart_ind *ind;
	size_t nind;
	const struct pe_chart_marker *mk;
	size_t nmk;
	const struct pe_chart_trade *tr;
	size_t ntr;
	const struct pe_chart_equity *eq;
	int equity_only;
	const struct pe_chart_line *line;
	size_t nline;
};

/*
 * Append the SVG document of d->s (its last o->tail bars) and all d
 * holds to out.  Indicators are computed by the caller over the whole
 * series, so their warm-up uses every bar, not only the drawn ones.
 * Returns PE_OK; PE_ERR_USAGE (err says why) for a size outside the
 * limits, a series of no bars, or equity_only without eq; PE_ERR_NOMEM
 * (out may then hold part of the document).
 */
int pe_chart_render(const struct pe_chart_data *d,
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
