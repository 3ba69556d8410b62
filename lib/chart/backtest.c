/*
 * backtest.c: what pe-backtest's output looks like on a chart: trades
 * over the candles, and an equity curve with its drawdown in panels of
 * their own.  See canvas.h and pe_chart.h.
 *
 * A trade reads like an order ticket: an arrow in the order's direction
 * (up for a buy, down for a sell) with its tip on the fill price, blue
 * where the position opens and orange where it closes, as pe-chart's
 * signal markers are; a long so opens with a blue up arrow and a short
 * with a blue down arrow.  The line between the two fills is green for a
 * winner and red for a loser, so a run of red lines stands out at a
 * glance.  The drawdown is a red area hanging from zero, in percent.
 *
 * Bloat: no per-trade labels (return, reason): they would cover the
 * candles of a busy chart; the legend counts winners and losers instead.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "canvas.h"
#include "pe_num.h"

/* ---- trades ---- */

/* The bar of s at time t, or -1. */
static long
bar_at(const struct pe_series *s, int64_t t)
{
	size_t i = pe_series_lower_bound(s, t);

	return i < s->n && s->time[i] == t ? (long)i : -1;
}

size_t
pe_chart_trades_match(const struct pe_series *s, const struct pe_trade *t,
    size_t n, struct pe_chart_trade *out, size_t *nout)
{
	size_t i, lost = 0;
	long in, ex;
	int several = 0;

	for (i = 1; i < n && !several; i++)
		several = strcmp(t[0].symbol, t[i].symbol) != 0;
	*nout = 0;
	for (i = 0; i < n; i++) {
		if (several && strcmp(t[i].symbol, s->symbol) != 0)
			continue;
		in = bar_at(s, t[i].entry_time);
		ex = bar_at(s, t[i].exit_time);
		if (in < 0 || ex < 0) {
			lost++;
			continue;
		}
		out[(*nout)++] = (struct pe_chart_trade){ (size_t)in,
		    (size_t)ex, t[i].entry_price, t[i].exit_price, t[i].side,
		    t[i].ret > 0 };
	}
	return lost;
}

/* Half the width of an arrow: a little larger than a signal marker's,
 * as a trade's arrows sit on the candles rather than beside them. */
static double
marker_half(const struct chart *c)
{
	double w = c->slot * 0.5;

	return w < 6 ? 6 : w > 9 ? 9 : w;
}

/* An arrow with its tip at (x, y), pointing up (under y) or down. */
static void
arrow(struct chart *c, const char *cls, const char *side, const char *fill,
    double x, double y, int up)
{
	double w = marker_half(c), h = w * 1.7;

	pe_buf_printf(c->b, "<path class=\"%s %s\" fill=\"%s\" stroke=\"%s\" "
	    "d=\"", cls, side, fill, c->t->bg);
	pe_svg_xy(c->b, "M", x, y);
	pe_svg_xy(c->b, "L", x + w, up ? y + h : y - h);
	pe_svg_xy(c->b, "L", x - w, up ? y + h : y - h);
	pe_buf_puts(c->b, "Z\"/>\n");
}

/* Whether any of trade t is drawn: its exit at or after the first bar. */
static int
shown(const struct chart *c, const struct pe_chart_trade *t)
{
	return t->exit_bar >= c->first && t->exit_bar < c->s->n &&
	    t->entry_bar <= t->exit_bar;
}

static void
draw_trade(struct chart *c, const struct panel *p,
    const struct pe_chart_trade *t)
{
	const char *side = t->side > 0 ? "long" : "short";
	double x0 = xmid(c, t->entry_bar), x1 = xmid(c, t->exit_bar);
	double y0 = ymap(p, t->entry_price), y1 = ymap(p, t->exit_price);

	if (t->entry_bar < c->first)	/* cut at the frame (clipped) */
		x0 = c->left - c->slot * (double)(c->first - t->entry_bar) +
		    c->slot / 2;
	pe_buf_printf(c->b, "<path class=\"trade %s %s\" fill=\"none\" "
	    "stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\" "
	    "d=\"", side, t->won ? "won" : "lost", t->won ? c->t->up :
	    c->t->down);
	pe_svg_xy(c->b, "M", x0, y0);
	pe_svg_xy(c->b, "L", x1, y1);
	pe_buf_puts(c->b, "\"/>\n");
}

/* The legend: winners and losers drawn, then what the arrows mean. */
static void
trade_legend(struct chart *c, struct legend *l, size_t won, size_t lost,
    int sides)
{
	char text[64];

	snprintf(text, sizeof text, "trades: %zu won", won);
	pe_chart_legend_add(c, l, c->t->up, text);
	snprintf(text, sizeof text, "%zu lost", lost);
	pe_chart_legend_add(c, l, c->t->down, text);
	if (sides & 1)
		pe_chart_legend_add(c, l, c->t->entry, "\xe2\x96\xb2 long");
	if (sides & 2)
		pe_chart_legend_add(c, l, c->t->entry, "\xe2\x96\xbc short");
	if (sides)
		pe_chart_legend_add(c, l, c->t->exit, "exit");
}

void
pe_chart_trades(struct chart *c, const struct panel *p, struct legend *l)
{
	const struct pe_chart_trade *t;
	size_t i, won = 0, lost = 0;
	int sides = 0;

	for (i = 0; i < c->d->ntr; i++)	/* lines under the arrows */
		if (shown(c, &c->d->tr[i]))
			draw_trade(c, p, &c->d->tr[i]);
	for (i = 0; i < c->d->ntr; i++) {
		t = &c->d->tr[i];
		if (!shown(c, t))
			continue;
		*(t->won ? &won : &lost) += 1;
		sides |= t->side > 0 ? 1 : 2;
		if (t->entry_bar >= c->first)
			arrow(c, "trade-entry", t->side > 0 ? "long" : "short",
			    c->t->entry, xmid(c, t->entry_bar),
			    ymap(p, t->entry_price), t->side > 0);
		arrow(c, "trade-exit", t->side > 0 ? "long" : "short",
		    c->t->exit, xmid(c, t->exit_bar), ymap(p, t->exit_price),
		    t->side < 0);
	}
	if (c->d->ntr > 0)
		trade_legend(c, l, won, lost, sides);
}

/* ---- equity and drawdown ---- */

/*
 * The x of time t, from the first drawn bar's time to the last's: its
 * bar's, or between two bars in proportion to the time (an equity curve
 * may have rows on days the symbol has no bar).
 */
static double
time_x(const struct chart *c, int64_t t)
{
	const struct pe_series *s = c->s;
	size_t j = pe_series_lower_bound(s, t);

	if (j >= s->n)
		j = s->n - 1;
	if (s->time[j] == t || j <= c->first)
		return xmid(c, j);
	return xmid(c, j - 1) + c->slot * (double)(t - s->time[j - 1]) /
	    (double)(s->time[j] - s->time[j - 1]);
}

/* A path through the drawn rows' values v (the equity, or the drawdown
 * in percent); with area, closed along zero. */
static void
row_path(struct chart *c, const struct panel *p, int dd, int area)
{
	const struct pe_chart_equity *eq = c->d->eq;
	double x = 0;
	size_t i;

	for (i = c->elo; i < c->ehi; i++) {
		x = time_x(c, eq->s->time[i]);
		if (area && i == c->elo)
			pe_svg_xy(c->b, "M", x, ymap(p, 0));
		pe_svg_xy(c->b, area || i > c->elo ? "L" : "M", x, ymap(p,
		    dd ? -100 * eq->drawdown[i] : eq->s->close[i]));
	}
	if (area)
		pe_svg_xy(c->b, "L", x, ymap(p, 0));
	if (area)
		pe_buf_puts(c->b, "Z");
}

/* A number for a legend: at most 6 significant digits. */
static void
short_num(double v, char *buf, size_t n)
{
	snprintf(buf, n, "%.6g", v);
}

void
pe_chart_equity(struct chart *c, const struct panel *p, struct legend *l)
{
	const struct pe_chart_equity *eq = c->d->eq;
	char a[32], b[32], pct[PE_NUM_DIGITS_BUFSZ], text[PE_NUM_DIGITS_BUFSZ + 96];
	double v0, v1, start = eq->s->close[0];
	const char *col = c->t->line[0];

	if (start >= p->lo && start <= p->hi)	/* the starting capital */
		pe_chart_hline(c, p, start, "guide");
	if (c->ehi == c->elo) {
		pe_chart_legend_add(c, l, col, "equity: no rows here");
		return;
	}
	pe_buf_printf(c->b, "<path class=\"line equity\" fill=\"none\" "
	    "stroke=\"%s\" stroke-width=\"1.5\" d=\"", col);
	row_path(c, p, 0, 0);
	pe_buf_puts(c->b, "\"/>\n");
	v0 = eq->s->close[c->elo];
	v1 = eq->s->close[c->ehi - 1];
	short_num(v0, a, sizeof a);
	short_num(v1, b, sizeof b);
	if (v0 > 0) {
		pe_num_format_digits(100 * (v1 / v0 - 1), 1, pct);
		snprintf(text, sizeof text, "equity %s \xe2\x86\x92 %s (%s%s%%)",
		    a, b, v1 >= v0 ? "+" : "", pct);
	} else
		snprintf(text, sizeof text, "equity %s \xe2\x86\x92 %s", a, b);
	pe_chart_legend_add(c, l, col, text);
}

void
pe_chart_drawdown(struct chart *c, const struct panel *p, struct legend *l)
{
	char pct[PE_NUM_DIGITS_BUFSZ], text[PE_NUM_DIGITS_BUFSZ + 32];
	double worst = 0;
	size_t i;

	if (c->ehi == c->elo) {
		pe_chart_legend_add(c, l, c->t->down, "drawdown");
		return;
	}
	pe_buf_printf(c->b, "<path class=\"area drawdown\" fill=\"%s\" "
	    "fill-opacity=\"0.25\" stroke=\"none\" d=\"", c->t->down);
	row_path(c, p, 1, 1);
	pe_buf_puts(c->b, "\"/>\n");
	pe_buf_printf(c->b, "<path class=\"line drawdown\" fill=\"none\" "
	    "stroke=\"%s\" stroke-width=\"1.2\" d=\"", c->t->down);
	row_path(c, p, 1, 0);
	pe_buf_puts(c->b, "\"/>\n");
	for (i = c->elo; i < c->ehi; i++)
		worst = c->d->eq->drawdown[i] > worst ?
		    c->d->eq->drawdown[i] : worst;
	pe_num_format_digits(-100 * worst, 1, pct);
	snprintf(text, sizeof text, "drawdown, max %s%%", pct);
	pe_chart_legend_add(c, l, c->t->down, text);
}
