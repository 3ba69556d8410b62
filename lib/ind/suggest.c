/*
 * suggest.c: "did you mean" for an indicator name that is not one: the
 * registered name that differs only in case, the name pe gives to what
 * other tools call otherwise (the table below), or the nearest by edit
 * distance.  See pe_ind.h.
 *
 * The other names are the ones traders bring from Pine (TradingView),
 * AmiBroker's AFL, pandas-ta and Tulip, with their definitions checked
 * against pe's: a name whose nearest pe name is a different indicator
 * (swma is not wma, cti not cci) is listed with no counterpart, so that
 * nothing is suggested rather than something wrong.
 *
 * Bloat: no phonetic matching, no suggestion of several names, no alias
 * that is accepted as a name (pe's names stay one spelling each).
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "ind.h"

/*
 * Other tools' names (lower case) and pe's for them; NULL where pe has
 * none.  To add one: a line here, its target a registry name, and a case
 * in tests/unit/test_ind.c if it is not obvious.  No name here is a
 * registry name (test_ind checks).
 */
static const struct {
	const char *name, *to;
} aliases[] = {
	{ "accdist", "ad" },		/* Pine ta.accdist, AFL AccDist */
	{ "bb", "bbands" },		/* Pine ta.bb */
	{ "bbandbot", "bbands" },	/* AFL */
	{ "bbandtop", "bbands" },	/* AFL */
	{ "chandelierexit", "chandelier" },	/* trading-signals */
	{ "choppiness", "chop" },	/* TradingView's "Choppiness Index" */
	{ "correlation", "correl" },	/* Pine, AFL */
	{ "efi", "force" },		/* pandas-ta: Elder's force index */
	{ "heikinashi", "ha" },		/* technicalindicators */
	{ "hhv", "max" },		/* AFL: the rolling highest */
	{ "highest", "max" },		/* the formulas' name, in a spec */
	{ "kc", "keltner" },		/* Pine ta.kc, pandas-ta */
	{ "linreg", "linearreg" },	/* Pine, pandas-ta, Tulip */
	{ "linregintercept", "linearreg_intercept" },	/* Tulip */
	{ "linregslope", "linearreg_slope" },	/* AFL, Tulip */
	{ "llv", "min" },		/* AFL */
	{ "lowest", "min" },
	{ "mad", "avgdev" },		/* pandas-ta: mean absolute deviation */
	{ "md", "avgdev" },		/* Tulip: mean deviation */
	{ "mdi", "minus_di" },		/* AFL */
	{ "momentum", "mom" },
	{ "pdi", "plus_di" },		/* AFL */
	{ "psar", "sar" },		/* pandas-ta, Tulip */
	{ "rma", "wilders" },		/* Pine ta.rma: SMA-seeded, k = 1/n */
	{ "stdev", "stddev" },		/* Pine, AFL, pandas-ta */
	{ "stochk", "stoch" },		/* AFL StochK, StochD */
	{ "stochd", "stoch" },
	{ "tr", "trange" },		/* Pine ta.tr, Tulip */
	{ "true_range", "trange" },	/* pandas-ta */
	{ "ultimate", "ultosc" },	/* AFL */
	{ "ui", "ulcer" },		/* pandas-ta ui */
	{ "uo", "ultosc" },		/* pandas-ta */
	{ "variance", "var" },		/* Pine, pandas-ta */
	{ "wcp", "wclprice" },		/* pandas-ta */
	{ "wpr", "willr" },		/* Pine ta.wpr */
	{ "zlma", "zlema" },		/* pandas-ta: the same, SMA-seeded */
	/* Not in pe, and near a pe name that is something else. */
	{ "cti", NULL },		/* correlation trend, not cci */
	{ "swma", NULL },		/* symmetric weighted, not wma */
};

#define NALIASES (sizeof aliases / sizeof aliases[0])

/* Levenshtein distance of a and b, letters compared without case
 * (short names: a row of 64 suffices). */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, prev, cur, row[64];

	if (la >= 63 || lb >= 63)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			cur = row[j];
			row[j] = prev + (tolower((unsigned char)a[i - 1]) !=
			    tolower((unsigned char)b[j - 1]));
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			if (cur + 1 < row[j])
				row[j] = cur + 1;
			prev = cur;
		}
	}
	return row[lb];
}

size_t
pe_ind_distance(const char *a, const char *b)
{
	return distance(a, b);
}

int
pe_ind_alias(const char *name, const char **to)
{
	const struct pe_ind_info *info;
	char cdl[64];
	size_t i;

	for (i = 0; i < NALIASES; i++)
		if (strcasecmp(aliases[i].name, name) == 0) {
			*to = aliases[i].to;
			return 1;
		}
	/* A candlestick pattern without TA-Lib's prefix: "doji". */
	if (strlen(name) + 4 <= sizeof cdl) {
		for (i = 0; name[i] != '\0'; i++)
			cdl[i + 3] = (char)tolower((unsigned char)name[i]);
		memcpy(cdl, "cdl", 3);
		cdl[i + 3] = '\0';
		if ((info = pe_ind_find(cdl)) != NULL) {
			*to = info->name;
			return 1;
		}
	}
	return 0;
}

const char *
pe_ind_suggest(const char *name)
{
	size_t i, d, best = (size_t)-1, limit = strlen(name) / 3;
	const char *found = NULL, *to;

	for (i = 0; i < pe_ind_count(); i++) {
		d = distance(name, pe_ind_at(i)->name);
		if (d < best) {
			best = d;
			found = pe_ind_at(i)->name;
		}
	}
	if (best == 0)		/* the same letters in another case */
		return found;
	if (pe_ind_alias(name, &to))
		return to;
	return best <= (limit < 1 ? 1 : limit) ? found : NULL;
}
