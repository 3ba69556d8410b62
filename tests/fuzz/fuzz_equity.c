/*
 * fuzz_equity.c: libFuzzer target for pe_chart_equity_read
 * (lib/chart/equity.c), the reader of pe-chart --equity's curves.
 *
 * The input is the file.  It is read or refused with a known code and a
 * sentence (a data error naming a line of the file); a curve read has
 * at least one row, times strictly increasing, equities finite and
 * >= 0, and a drawdown from 0 to 1 that is 0 at every new high, exactly
 * 1 - equity / the running peak.  A curve read is then drawn alone and
 * under three candles of its own times: a whole document, every time.
 *
 * Bloat: no comparison with another CSV reader (the format is pe's own:
 * commas, no quoted commas).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "pe_chart.h"

static void
check_curve(const struct pe_chart_equity *eq)
{
	double peak = 0;
	size_t i;

	FUZZ_CHECK(eq->s != NULL && eq->s->n >= 1 && eq->drawdown != NULL);
	for (i = 0; i < eq->s->n; i++) {
		FUZZ_CHECK(isfinite(eq->s->close[i]) && eq->s->close[i] >= 0);
		FUZZ_CHECK(i == 0 || eq->s->time[i] > eq->s->time[i - 1]);
		FUZZ_CHECK(eq->drawdown[i] >= 0 && eq->drawdown[i] <= 1);
		if (eq->s->close[i] >= peak)
			FUZZ_CHECK(eq->drawdown[i] == 0);
		peak = eq->s->close[i] > peak ? eq->s->close[i] : peak;
		FUZZ_CHECK(peak == 0 ? eq->drawdown[i] == 0 :
		    eq->drawdown[i] == 1 - eq->s->close[i] / peak);
	}
}

/* A document that starts and ends as one. */
static void
check_render(const struct pe_chart_data *d)
{
	struct pe_chart_opts o = { 400, 300, PE_CHART_LIGHT, NULL, 0, 0 };
	struct pe_buf b = { 0 };
	struct pe_error err;

	if (pe_chart_render(d, &o, &b, &err) == PE_OK)
		FUZZ_CHECK(b.len > 13 && strncmp(b.p, "<?xml", 5) == 0 &&
		    strcmp(b.p + b.len - 7, "</svg>\n") == 0);
	free(b.p);
}

/* The curve alone, then under candles at its first, middle and last
 * times. */
static void
draw(const struct pe_chart_equity *eq)
{
	struct pe_chart_data d = { .s = eq->s, .eq = eq, .equity_only = 1 };
	struct pe_series *s = pe_series_new("S");
	struct pe_candle c = { 0, 1, 2, 0.5, 1.5, NAN };
	size_t k[3] = { 0, eq->s->n / 2, eq->s->n - 1 };
	int i;

	check_render(&d);
	for (i = 0; s != NULL && i < 3; i++) {
		c.time = eq->s->time[k[i]];
		if ((s->n == 0 || c.time > s->time[s->n - 1]) &&
		    pe_series_push(s, &c, 1) != PE_OK)
			break;
	}
	if (s != NULL && s->n > 0) {
		d = (struct pe_chart_data){ .s = s, .eq = eq };
		check_render(&d);
	}
	pe_series_free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pe_chart_equity *eq = NULL;
	struct pe_error err;
	long lines = 1;
	size_t i;
	FILE *fp;
	int rc;

	if (size == 0 || (fp = fmemopen((void *)data, size, "r")) == NULL)
		return 0;
	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	pe_error_clear(&err);
	rc = pe_chart_equity_read(fp, "eq.csv", &eq, &err);
	fclose(fp);
	if (rc != PE_OK) {
		FUZZ_CHECK(eq == NULL && err.code == rc && err.msg[0] != '\0');
		FUZZ_CHECK(rc == PE_ERR_FORMAT || rc == PE_ERR_DATA ||
		    rc == PE_ERR_NOMEM);
		FUZZ_CHECK(strcmp(err.path, "eq.csv") == 0);
		FUZZ_CHECK(err.line >= 0 && err.line <= lines);
		return 0;
	}
	check_curve(eq);
	draw(eq);
	pe_chart_equity_free(eq);
	return 0;
}
