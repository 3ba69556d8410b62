/*
 * pe_num: reading and writing doubles, fast and exactly.
 *
 * Reading: short decimals (at most 19 significant digits whose value fits
 * 2^53, and a power of ten of at most 22) are converted with one correctly
 * rounded multiplication or division (Clinger's fast path); everything else
 * goes through strtod.  Either way the result is the correctly rounded
 * double.  Writing: the shortest decimal that reads back to the same double;
 * fixed notation from a fast path where one exists, printf's %.15g, %.16g
 * and %.17g otherwise.
 *
 * Bloat: no locale (the decimal point is '.', or ',' when asked), no hex
 * floats, no "nan"/"inf" text: candles hold finite numbers.
 */
#ifndef PE_NUM_H
#define PE_NUM_H

#include <stddef.h>

/*
 * Parse s[0..n) as a decimal number: optional sign, digits with an optional
 * point (dec is '.' or ','), optional exponent.  Leading and trailing
 * blanks are ignored.  Returns 0 with *out set; -1 when the text is not a
 * number (empty, letters, "nan", hex); -2 when it is a number too large for
 * a double (1e400).
 */
int pe_num_parse(const char *s, size_t n, char dec, double *out);

/*
 * Write the shortest text that reads back to v into buf (PE_NUM_BUFSZ bytes)
 * and return its length, in %g's notation: fixed for 1e-4 <= |v| < 1e15
 * ("0.0001234", "123456789.125"), with an exponent otherwise ("1.5e-05").  -0 is written "0".  NaN writes nothing (length
 * 0): an empty CSV cell; JSON writers print null for it.  Infinities are
 * written "inf"/"-inf" (they never come from a valid candle).
 */
#define PE_NUM_BUFSZ 32
size_t pe_num_format(double v, char *buf);

#endif
