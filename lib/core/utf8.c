/*
 * utf8.c: well-formed UTF-8, replaced and shown.  See pe_utf8.h.
 *
 * Bloat: a byte at a time (text here is symbols, names and titles, not
 * megabytes); one U+FFFD per bad byte, not per maximal bad subpart.
 */
#include <stdio.h>
#include <string.h>

#include "pe_utf8.h"

size_t
pe_utf8_len(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long cp;
	size_t len, k;

	if (n == 0)
		return 0;
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4, cp = p[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (k = 1; k < len; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[k] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

int
pe_utf8_valid(const char *s, size_t n)
{
	size_t i, m;

	for (i = 0; i < n; i += m)
		if ((m = pe_utf8_len(s + i, n - i)) == 0)
			return 0;
	return 1;
}

size_t
pe_utf8_fix(const char *s, char *buf, size_t n)
{
	size_t len = strlen(s), i = 0, j = 0, m, bad = 0;
	const char *add;

	while (i < len) {
		m = pe_utf8_len(s + i, len - i);
		add = m ? s + i : PE_UTF8_REPLACEMENT;
		if (j + (m ? m : 3) >= n)
			break;
		bad += m == 0;
		memcpy(buf + j, add, m ? m : 3);
		j += m ? m : 3;
		i += m ? m : 1;
	}
	buf[j] = '\0';
	return bad;
}

char *
pe_utf8_shown(const char *s, char *buf, size_t n)
{
	size_t len = strlen(s), i = 0, j = 0, m, k;
	char esc[8];
	const char *add;

	while (i < len) {
		m = pe_utf8_len(s + i, len - i);
		if (m == 0 || (m == 1 && ((unsigned char)s[i] < 0x20 ||
		    s[i] == 0x7f))) {
			snprintf(esc, sizeof esc, "\\x%02x",
			    (unsigned char)s[i]);
			add = esc, k = 4, m = 1;
		} else if (m == 3 && memcmp(s + i, PE_UTF8_REPLACEMENT, 3) ==
		    0)
			add = "\\uFFFD", k = 6;
		else
			add = s + i, k = m;
		if (j + k >= n)
			break;
		memcpy(buf + j, add, k);
		j += k;
		i += m;
	}
	buf[j] = '\0';
	return buf;
}
