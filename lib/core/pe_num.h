/*
 * pe_num: reading and writing doubles, fast and exactly.
 *
 * Reading: short decimals (at most 19 significant digits whose value fits
 * 2^53, and a power of ten of at most 22) are converted with one correctly
 * rounded multiplication or division (Clinger's fast path); everything else
 * goes through strtod.  Either way the result is the correctly rounded
 * double.  Writing: the text printf's %.15g, %.16g or %.17g would give,
 * the shortest of them that reads back to the same double, computed in
 * integer arithmetic without printf; or, to a number of places, the text
 * of printf's %.Nf with its trailing zeros dropped, computed the same way.
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
 * Write v into buf (PE_NUM_BUFSZ bytes) as printf's %.15g would if strtod
 * reads that back as v, else as %.16g would, else as %.17g (which always
 * reads back), and return the length; only the text and its NUL are
 * written.  For normal doubles this is the shortest text that reads back
 * (of several as short, the nearest to v); powers of two and subnormals
 * can take more digits ("4.94065645841247e-324" for the least double).
 * The notation is %g's: fixed when the leading digit's exponent is -4 or
 * more and below the precision ("0.0001234", "123456789.125",
 * "1234567890123456"), else with an exponent of two digits or more
 * ("1.5e-05", "1e+15").  -0 is written "0".  NaN writes nothing (length
 * 0): an empty CSV cell; JSON writers print null for it.  Infinities are
 * written "inf"/"-inf" (they never come from a valid candle).
 */
#define PE_NUM_BUFSZ 32
size_t pe_num_format(double v, char *buf);

/*
 * Write v into buf (PE_NUM_DIGITS_BUFSZ bytes) rounded to digits places
 * after the point, and return the length: the correctly rounded decimal
 * printf's %.*f gives (halfway cases to even: 0.125 to 2 places is
 * "0.12", and 2.675, stored a little below, is "2.67"), with trailing
 * zeros dropped ("26.264", not "26.2640") and then a trailing point ("3",
 * not "3.").  A negative value that rounds to zero is "0", never "-0".
 * The notation is always fixed: 1e300 is written with all its 301
 * integer digits, as %.2f writes them.  digits above PE_NUM_DIGITS_MAX
 * are taken as it; PE_NUM_SHORTEST (any negative digits) is
 * pe_num_format.  NaN and the infinities are written as pe_num_format
 * writes them.
 */
#define PE_NUM_SHORTEST		(-1)
#define PE_NUM_DIGITS_MAX	17
#define PE_NUM_DIGITS_BUFSZ	312	/* "-", DBL_MAX's 309 digits, NUL */
size_t pe_num_format_digits(double v, int digits, char *buf);

#endif
