/*
 * symbol.c: what a symbol may be, and how it is spelled in CSV and JSON.
 * See pe_candle.h.
 *
 * The reader, pe-stream's fast path and the commands' --symbol take a
 * symbol only when pe_symbol_valid does; every writer of a symbol (candle
 * rows, signal lines) encodes it with pe_symbol_encode.
 *
 * Bloat: no normalisation (case, Unicode forms): a symbol is its bytes.
 */
#include <stdio.h>
#include <string.h>

#include "pe_candle.h"

/* Whether s[0..n) is UTF-8 (pure ASCII, the usual case, is one pass). */
static int
utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, k, len;
	unsigned cp;

	for (i = 0; i < n; i++) {
		if (p[i] < 0x80)
			continue;
		if (p[i] >= 0xc2 && p[i] <= 0xdf)
			len = 1, cp = p[i] & 0x1f;
		else if (p[i] >= 0xe0 && p[i] <= 0xef)
			len = 2, cp = p[i] & 0x0f;
		else if (p[i] >= 0xf0 && p[i] <= 0xf4)
			len = 3, cp = p[i] & 0x07;
		else
			return 0;
		if (i + len >= n)
			return 0;
		for (k = 1; k <= len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		if ((len == 2 && (cp < 0x800 || (cp >= 0xd800 &&
		    cp <= 0xdfff))) || (len == 3 && (cp < 0x10000 ||
		    cp > 0x10ffff)))
			return 0;
		i += len;
	}
	return 1;
}

int
pe_symbol_valid(const char *s, size_t n, const char **why)
{
	size_t i;

	if (n == 0)
		return *why = "empty symbol", -1;
	if (n > PE_SYMBOL_MAX)
		return *why = "symbol longer than 200 bytes", -1;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return *why = "symbol has a control character", -1;
	if (!utf8_valid(s, n))
		return *why = "symbol is not valid UTF-8", -1;
	return 0;
}

size_t
pe_symbol_encode(const char *s, int json, char *buf)
{
	size_t n = strnlen(s, PE_SYMBOL_MAX), i, j = 0;

	if (!json && strcspn(s, ",\"\r\n") >= n) {
		memcpy(buf, s, n);
		return n;
	}
	buf[j++] = '"';
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!json && c == '"')
			buf[j++] = '"';
		else if (json && (c == '"' || c == '\\'))
			buf[j++] = '\\';
		else if (json && c < 0x20) {
			j += (size_t)snprintf(buf + j, 7, "\\u%04x", c);
			continue;
		}
		buf[j++] = (char)c;
	}
	buf[j++] = '"';
	return j;
}
