/*
 * time.c: parsing and formatting candle times.  See pe_time.h.
 *
 * The calendar arithmetic is Howard Hinnant's days_from_civil and
 * civil_from_days ("chrono-Compatible Low-Level Date Algorithms"),
 * rewritten here: exact for every proleptic Gregorian date, no tables, no
 * dependence on the process's time zone.  Only pe_tz_to_utc and
 * pe_tz_local ask the C library (mktime, localtime_r) about a zone.
 *
 * Bloat: no leap seconds, no week or ordinal dates, no month names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "pe_time.h"

/* Years 0000..9999: the range every accepted text form can reach. */
#define MS_MIN (-62167219200000LL)	/* 0000-01-01T00:00:00Z */
#define MS_MAX (253402300799999LL)	/* 9999-12-31T23:59:59.999Z */

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t
pe_time_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
pe_time_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int
days_in_month(int64_t y, unsigned m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 ? 28 + leap : dim[m - 1];
}

/* n decimal digits at p into *v; 0 if they are all digits. */
static int
digits(const char *p, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		*v = *v * 10 + (p[i] - '0');
	}
	return 0;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
check_date(int y, int m, int d, const char **why)
{
	if (m < 1 || m > 12)
		return *why = "month out of range", -1;
	if (d < 1 || d > days_in_month(y, (unsigned)m))
		return *why = "day out of range", -1;
	return 0;
}

/* "+09:00", "-0500", "+09", "Z" at p..end into *off_ms (to subtract). */
static int
parse_offset(const char *p, const char *end, int64_t *off_ms,
    const char **why)
{
	int hh, mm = 0, sign;
	size_t n = (size_t)(end - p);

	if (n == 1 && (*p == 'Z' || *p == 'z')) {
		*off_ms = 0;
		return 0;
	}
	*why = "bad offset (expected Z, +HH:MM or -HH:MM)";
	if (n < 3 || (*p != '+' && *p != '-'))
		return -1;
	sign = *p == '-' ? -1 : 1;
	if (digits(p + 1, 2, &hh) != 0)
		return -1;
	if (n == 6 && p[3] == ':') {
		if (digits(p + 4, 2, &mm) != 0)
			return -1;
	} else if (n == 5) {
		if (digits(p + 3, 2, &mm) != 0)
			return -1;
	} else if (n != 3)
		return -1;
	if (hh > 23 || mm > 59)
		return *why = "offset out of range", -1;
	*off_ms = sign * ((int64_t)hh * 3600000 + (int64_t)mm * 60000);
	return 0;
}

/* The part after "YYYY-MM-DD" and 'T' or ' ': "HH:MM[:SS[.fff]][offset]". */
static int
parse_tod(const char *p, const char *end, int64_t *tod_ms, int64_t *off_ms,
    int *has_offset, const char **why)
{
	int hh, mi, ss = 0, ms = 0, scale = 100;

	if (end - p < 5 || digits(p, 2, &hh) != 0 || p[2] != ':' ||
	    digits(p + 3, 2, &mi) != 0)
		return *why = "expected HH:MM after the date", -1;
	p += 5;
	if (p < end && *p == ':') {
		if (end - p < 3 || digits(p + 1, 2, &ss) != 0)
			return *why = "expected two digits of seconds", -1;
		p += 3;
		if (p < end && (*p == '.' || *p == ',')) {
			if (++p == end || !is_digit(*p))
				return *why = "bad fraction of a second", -1;
			for (; p < end && is_digit(*p); p++, scale /= 10)
				ms += (*p - '0') * scale;
		}
	}
	if (hh > 23)
		return *why = "hour out of range", -1;
	if (mi > 59)
		return *why = "minute out of range", -1;
	if (ss > 59)
		return *why = "second out of range", -1;
	*tod_ms = (int64_t)hh * 3600000 + mi * 60000 + ss * 1000 + ms;
	*off_ms = 0;
	*has_offset = p < end;
	if (p < end)
		return parse_offset(p, end, off_ms, why);
	return 0;
}

static int
parse_iso(const char *p, const char *end, int64_t *out,
    struct pe_time_info *info, const char **why)
{
	int y, m, d;
	int64_t tod = 0, off = 0;

	if (end - p < 10 || digits(p, 4, &y) != 0 || p[4] != '-' ||
	    digits(p + 5, 2, &m) != 0 || p[7] != '-' ||
	    digits(p + 8, 2, &d) != 0)
		return *why = "expected YYYY-MM-DD", -1;
	if (check_date(y, m, d, why) != 0)
		return -1;
	p += 10;
	info->has_tod = p < end;
	if (p < end) {
		if (*p != 'T' && *p != 't' && *p != ' ')
			return *why = "trailing characters after the date", -1;
		if (parse_tod(p + 1, end, &tod, &off, &info->has_offset,
		    why) != 0)
			return -1;
	}
	*out = pe_time_days_from_civil(y, (unsigned)m, (unsigned)d) *
	    PE_MS_PER_DAY + tod - off;
	if (*out < MS_MIN || *out > MS_MAX)
		return *why = "time out of range (years 0000 to 9999)", -1;
	return 0;
}

/*
 * The unit of an epoch number, from the magnitude of its whole part: each
 * unit covers the dates 1973 to 2286 (seconds from 1970 on), and between
 * two units is a decade of values that could be either (an early date in
 * the finer unit, a date after 2286 in the coarser): those are refused.
 *   [0, 1e10)     seconds        [1e10, 1e11)  seconds or milliseconds?
 *   [1e11, 1e13)  milliseconds   [1e13, 1e14)  milliseconds or microseconds?
 *   [1e14, 1e16)  microseconds   [1e16, 1e17)  microseconds or nanoseconds?
 *   [1e17, 1e19)  nanoseconds
 * Returns the number of units in a millisecond as a negative power of ten
 * (0 for ms, -3 for seconds, 3 for microseconds, 6 for nanoseconds), or
 * 100 with *why set.
 */
static int
epoch_unit(uint64_t v, const char **why)
{
	static const struct {
		uint64_t below;
		int unit;
		const char *why;
	} units[] = {
		{ 10000000000ULL, -3, NULL },
		{ 100000000000ULL, 100, "ambiguous epoch number (seconds after "
		    "2286 or milliseconds before 1973?)" },
		{ 10000000000000ULL, 0, NULL },
		{ 100000000000000ULL, 100, "ambiguous epoch number "
		    "(milliseconds after 2286 or microseconds before 1973?)" },
		{ 10000000000000000ULL, 3, NULL },
		{ 100000000000000000ULL, 100, "ambiguous epoch number "
		    "(microseconds after 2286 or nanoseconds before 1973?)" },
		{ 10000000000000000000ULL, 6, NULL },
	};
	size_t i;

	for (i = 0; i < sizeof units / sizeof units[0]; i++)
		if (v < units[i].below) {
			if (units[i].why != NULL)
				*why = units[i].why;
			return units[i].unit;
		}
	*why = "epoch number out of range";
	return 100;
}

/*
 * An epoch number in seconds, milliseconds, microseconds or nanoseconds
 * (epoch_unit), possibly negative, possibly fractional.  Digits finer
 * than a millisecond are dropped toward the earlier time.
 */
static int
parse_epoch(const char *p, const char *end, int64_t *out, const char **why)
{
	int neg = 0, nd = 0, dropped = 0, unit, i;
	uint64_t ip = 0;
	int64_t fp = 0, scale, place, v;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	for (; p < end && is_digit(*p); p++, nd++) {
		if (nd >= 19)
			return *why = "epoch number out of range", -1;
		ip = ip * 10 + (uint64_t)(*p - '0');
	}
	if (nd == 0)
		return *why = "not a date, time or epoch number", -1;
	if ((unit = epoch_unit(ip, why)) == 100)
		return -1;
	/* ms = ip * scale, or ip / scale for the finer units */
	for (scale = 1, i = unit < 0 ? -unit : unit; i > 0; i--)
		scale *= 10;
	if (unit < 0)
		v = (int64_t)ip * scale;
	else {
		v = (int64_t)(ip / (uint64_t)scale);
		dropped = ip % (uint64_t)scale != 0;
	}
	if (p < end && *p == '.') {
		if (++p == end || !is_digit(*p))
			return *why = "not a date, time or epoch number", -1;
		for (place = unit < 0 ? scale / 10 : 0; p < end &&
		    is_digit(*p); p++) {
			if (place > 0)
				fp += (*p - '0') * place;
			else if (*p != '0')
				dropped = 1;
			place /= 10;
		}
	}
	if (p != end)
		return *why = "not a date, time or epoch number", -1;
	v += fp;
	*out = neg ? -v - dropped : v;
	if (*out < MS_MIN || *out > MS_MAX)
		return *why = "epoch number out of range", -1;
	return 0;
}

int
pe_time_parse(const char *s, size_t n, int64_t *ms,
    struct pe_time_info *info, const char **why)
{
	struct pe_time_info tmp;
	const char *end, *p;
	const char *dummy;
	int y, m, d;

	if (info == NULL)
		info = &tmp;
	if (why == NULL)
		why = &dummy;
	info->has_tod = info->has_offset = 0;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	if (n == 0)
		return *why = "empty time", -1;
	end = s + n;
	if (n >= 5 && is_digit(s[0]) && s[4] == '-')
		return parse_iso(s, end, ms, info, why);
	if (n == 8 && digits(s, 8, &y) == 0) {
		y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 +
		    (s[2] - '0') * 10 + (s[3] - '0');
		digits(s + 4, 2, &m);
		digits(s + 6, 2, &d);
		if (check_date(y, m, d, why) != 0)
			return -1;
		*ms = pe_time_days_from_civil(y, (unsigned)m, (unsigned)d) *
		    PE_MS_PER_DAY;
		return 0;
	}
	for (p = s; p < end; p++)
		if (!is_digit(*p) && *p != '.' && *p != '-' && *p != '+')
			return *why = "not a date, time or epoch number", -1;
	info->has_tod = info->has_offset = 1;
	return parse_epoch(s, end, ms, why);
}

/* Does a strptime format read a time of day? */
static int
fmt_has_tod(const char *fmt)
{
	const char *p;

	for (p = fmt; (p = strchr(p, '%')) != NULL && p[1] != '\0'; p += 2)
		if (strchr("HIklMSTRrcspX", p[1]) != NULL)
			return 1;
	return 0;
}

int
pe_time_parse_fmt(const char *s, size_t n, const char *fmt, int64_t *ms,
    struct pe_time_info *info, const char **why)
{
	struct pe_time_info tmp;
	const char *dummy;
	char buf[128];
	struct tm tm;
	char *rest;
	int64_t v;

	if (info == NULL)
		info = &tmp;
	if (why == NULL)
		why = &dummy;
	info->has_tod = fmt_has_tod(fmt);
	/* %z gives an offset, %s an epoch that strptime turns into local
	 * time: both leave the offset from UTC in tm_gmtoff. */
	info->has_offset = strstr(fmt, "%z") != NULL ||
	    strstr(fmt, "%s") != NULL;
	if (n == 0)
		return *why = "empty time", -1;
	if (n >= sizeof buf)
		return *why = "time too long", -1;
	if (memchr(s, '\0', n) != NULL)	/* strptime would stop there */
		return *why = "a NUL byte in the time", -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	memset(&tm, 0, sizeof tm);
	tm.tm_mday = 1;
	rest = strptime(buf, fmt, &tm);
	if (rest == NULL)
		return *why = "does not match the date format", -1;
	while (*rest == ' ' || *rest == '\t')
		rest++;
	if (*rest != '\0')
		return *why = "trailing characters after the date format", -1;
	if (check_date(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	    why) != 0)
		return -1;
	if (tm.tm_sec > 59)	/* strptime allows leap seconds; we do not */
		return *why = "second out of range", -1;
	v = pe_time_days_from_civil(tm.tm_year + 1900,
	    (unsigned)tm.tm_mon + 1, (unsigned)tm.tm_mday) * PE_MS_PER_DAY;
	v += (int64_t)tm.tm_hour * 3600000 + tm.tm_min * 60000 +
	    tm.tm_sec * 1000;
	if (info->has_offset)
		v -= (int64_t)tm.tm_gmtoff * 1000;
	if (v < MS_MIN || v > MS_MAX)
		return *why = "time out of range (years 0000 to 9999)", -1;
	*ms = v;
	return 0;
}

static char *
put2(char *p, unsigned v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
	return p + 2;
}

/* ms + off_s seconds formatted, with Z when utc, else the offset. */
static size_t
format_at(int64_t ms, int date_only, int utc, int64_t off_s, char *buf)
{
	int64_t days, rem, y;
	unsigned m, d, msec, secs, aoff;
	char *p = buf;

	ms += off_s * 1000;
	days = floor_div(ms, PE_MS_PER_DAY);
	rem = ms - days * PE_MS_PER_DAY;
	msec = (unsigned)(rem % 1000);
	secs = (unsigned)(rem / 1000);
	pe_time_civil_from_days(days, &y, &m, &d);
	if (y >= 0 && y <= 9999) {
		p = put2(p, (unsigned)(y / 100));
		p = put2(p, (unsigned)(y % 100));
	} else
		p += snprintf(p, 24, "%lld", (long long)y);
	*p++ = '-';
	p = put2(p, m);
	*p++ = '-';
	p = put2(p, d);
	if (date_only) {
		*p = '\0';
		return (size_t)(p - buf);
	}
	*p++ = 'T';
	p = put2(p, secs / 3600);
	*p++ = ':';
	p = put2(p, secs / 60 % 60);
	*p++ = ':';
	p = put2(p, secs % 60);
	if (msec != 0) {
		*p++ = '.';
		*p++ = (char)('0' + msec / 100);
		p = put2(p, msec % 100);
	}
	if (utc)
		*p++ = 'Z';
	else {
		*p++ = off_s < 0 ? '-' : '+';
		aoff = (unsigned)(off_s < 0 ? -off_s : off_s) / 60;
		p = put2(p, aoff / 60);
		*p++ = ':';
		p = put2(p, aoff % 60);
	}
	*p = '\0';
	return (size_t)(p - buf);
}

size_t
pe_time_format_utc(int64_t ms, int date_only, char *buf)
{
	return format_at(ms, date_only, 1, 0, buf);
}

/* The local minute whose offset was last looked up, and that offset. */
static int64_t tz_key = INT64_MIN;
static int64_t tz_off;
static char tz_zone[256];		/* "" until pe_tz_set */
static int64_t loc_key = INT64_MIN;	/* pe_tz_local's minute, offset */
static int64_t loc_off;

/* pe_timeframe_bucket's last intraday bucket: tf, the offset in force at
 * the bar, the bucket's local start and its start in UTC (tf 0: none). */
static struct {
	int64_t tf, off, local, start;
} memo;

int
pe_tz_set(const char *zone)
{
	const char *dir = getenv("TZDIR");
	char path[512];
	struct stat st;

	if (zone == NULL || zone[0] == '\0' || zone[0] == '/' ||
	    strstr(zone, "..") != NULL)
		return -1;
	if (dir == NULL || dir[0] == '\0')
		dir = "/usr/share/zoneinfo";
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, zone) >=
	    sizeof path || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return -1;
	if (strlen(zone) >= sizeof tz_zone || setenv("TZ", zone, 1) != 0)
		return -1;
	tzset();
	tz_key = loc_key = INT64_MIN;
	memo.tf = 0;
	strcpy(tz_zone, zone);
	return 0;
}

void
pe_tz_unset(void)
{
	if (tz_zone[0] == '\0')
		return;
	unsetenv("TZ");
	tzset();
	tz_key = loc_key = INT64_MIN;
	tz_zone[0] = '\0';
}

const char *
pe_tz_name(void)
{
	return tz_zone[0] != '\0' ? tz_zone : NULL;
}

int64_t
pe_tz_local(int64_t utc_ms)
{
	int64_t minute;
	struct tm tm;
	time_t t;

	if (tz_zone[0] == '\0')
		return utc_ms;
	/* offsets change on whole minutes: one lookup per minute */
	minute = floor_div(utc_ms, 60000);
	if (minute != loc_key) {
		t = (time_t)(minute * 60);
		if (localtime_r(&t, &tm) == NULL)
			return utc_ms;
		loc_off = tm.tm_gmtoff;
		loc_key = minute;
	}
	return utc_ms + loc_off * 1000;
}

size_t
pe_time_format(int64_t ms, int date_only, char *buf)
{
	int64_t off;

	if (date_only || tz_zone[0] == '\0')
		return format_at(ms, date_only, 1, 0, buf);
	off = pe_tz_local(ms) - ms;
	if (off % 60000 != 0)	/* RFC 3339 offsets are whole minutes */
		return format_at(ms, 0, 1, 0, buf);
	return format_at(ms, 0, 0, off / 1000, buf);
}

int64_t
pe_tz_to_utc(int64_t local_ms)
{
	int64_t minute = floor_div(local_ms, 60000);
	int64_t days, rem, y;
	unsigned m, d;
	struct tm tm;
	time_t t;

	if (minute != tz_key) {
		days = floor_div(minute, 1440);
		rem = minute - days * 1440;
		pe_time_civil_from_days(days, &y, &m, &d);
		memset(&tm, 0, sizeof tm);
		tm.tm_year = (int)(y - 1900);
		tm.tm_mon = (int)m - 1;
		tm.tm_mday = (int)d;
		tm.tm_hour = (int)(rem / 60);
		tm.tm_min = (int)(rem % 60);
		tm.tm_isdst = -1;
		t = mktime(&tm);
		tz_off = minute * 60 - (int64_t)t;	/* seconds east */
		tz_key = minute;
	}
	return local_ms - tz_off * 1000;
}

/* To add a timeframe: a row here, its name in PE_TIMEFRAMES, and in
 * pe_timeframe_bucket a rule when it is neither a divisor of a day nor a
 * number of months. */
static const struct {
	const char *name;
	int64_t tf;
} timeframes[] = {
	{ "1m", 60000LL }, { "5m", 300000LL }, { "15m", 900000LL },
	{ "30m", 1800000LL }, { "1h", 3600000LL }, { "4h", 14400000LL },
	{ "1d", PE_MS_PER_DAY }, { "1w", 7 * PE_MS_PER_DAY },
	{ "1M", PE_TF_MONTHS(1) }, { "1q", PE_TF_MONTHS(3) },
	{ "1y", PE_TF_MONTHS(12) },
};

#define NTIMEFRAMES (sizeof timeframes / sizeof timeframes[0])

int64_t
pe_timeframe_parse(const char *name)
{
	size_t i;

	for (i = 0; i < NTIMEFRAMES; i++)
		if (strcmp(name, timeframes[i].name) == 0)
			return timeframes[i].tf;
	return 0;
}

const char *
pe_timeframe_name(int64_t tf)
{
	size_t i;

	for (i = 0; i < NTIMEFRAMES; i++)
		if (timeframes[i].tf == tf)
			return timeframes[i].name;
	return "?";
}

int64_t
pe_timeframe_min_ms(int64_t tf)
{
	return tf < 0 ? -tf * 28 * PE_MS_PER_DAY : tf;
}

int
pe_timeframe_dates(int64_t tf)
{
	return tf < 0 || tf >= PE_MS_PER_DAY;
}

/* "HH:MM" at p into minutes after midnight; 24:00 only when end. */
static int
session_time(const char *p, int end, int *min, const char **why)
{
	int hh, mm;

	if (digits(p, 2, &hh) != 0 || p[2] != ':' || digits(p + 3, 2, &mm)
	    != 0)
		return *why = "expected HH:MM-HH:MM", -1;
	if (hh > 24 || (hh == 24 && (!end || mm != 0)))
		return *why = "hour out of range", -1;
	if (mm > 59)
		return *why = "minute out of range", -1;
	*min = hh * 60 + mm;
	return 0;
}

int
pe_session_parse(const char *text, struct pe_session *s, const char **why)
{
	const char *dummy;

	if (why == NULL)
		why = &dummy;
	if (strlen(text) != 11 || text[5] != '-')
		return *why = "expected HH:MM-HH:MM", -1;
	if (session_time(text, 0, &s->start, why) != 0 ||
	    session_time(text + 6, 1, &s->end, why) != 0)
		return -1;
	if (s->end == 0)
		s->end = 1440;	/* "22:00-00:00" ends at that day's end */
	if (s->end == s->start)
		return *why = "the session starts where it ends", -1;
	s->on = 1;
	return 0;
}

void
pe_session_format(const struct pe_session *s, char *buf)
{
	if (s == NULL || !s->on) {
		strcpy(buf, "-");
		return;
	}
	buf = put2(buf, (unsigned)s->start / 60);
	*buf++ = ':';
	buf = put2(buf, (unsigned)s->start % 60);
	*buf++ = '-';
	buf = put2(buf, (unsigned)s->end / 60);
	*buf++ = ':';
	buf = put2(buf, (unsigned)s->end % 60);
	*buf = '\0';
}

/* Minutes after local midnight of the bar starting at t. */
static int
local_minute(int64_t t)
{
	int64_t l = pe_tz_local(t);

	return (int)((l - floor_div(l, PE_MS_PER_DAY) * PE_MS_PER_DAY) /
	    60000);
}

int
pe_session_has(const struct pe_session *s, int64_t t, int is_date)
{
	int m;

	if (s == NULL || !s->on || is_date)
		return 1;
	m = local_minute(t);
	if (s->start < s->end)
		return m >= s->start && m < s->end;
	return m >= s->start || m < s->end;
}

/* The first day (days since 1970) of the bucket of tf holding day. */
static int64_t
day_bucket(int64_t day, int64_t tf)
{
	int64_t y, wd, n = -tf;
	unsigned m, d;

	if (tf == PE_MS_PER_DAY)
		return day;
	if (tf == 7 * PE_MS_PER_DAY) {
		/* 1970-01-01 was a Thursday: day is (day + 3) mod 7 days
		 * after Monday. */
		wd = (day + 3) - floor_div(day + 3, 7) * 7;
		return day - wd;
	}
	pe_time_civil_from_days(day, &y, &m, &d);
	return pe_time_days_from_civil(y, (unsigned)((m - 1) / n * n + 1), 1);
}

/* The UTC offset in ms at instant t. */
static int64_t
offset_at(int64_t t)
{
	return pe_tz_local(t) - t;
}

/*
 * The instant the intraday bucket of local start b began, for the bar at
 * t (offset off): b on the clock of off, else (a change between) b on the
 * clock in force there, else (the change skipped b) the change itself,
 * searched minute by minute between.
 */
static int64_t
bucket_start(int64_t t, int64_t off, int64_t b)
{
	int64_t s = b - off, off2, lo, hi, mid;

	if (offset_at(s) == off)
		return s;
	off2 = offset_at(s);
	if (b - off2 <= t && offset_at(b - off2) == off2)
		return b - off2;
	/* pe_tz_local(lo) < b <= pe_tz_local(hi), on whole minutes */
	lo = floor_div(s < b - off2 ? s : b - off2, 60000);
	hi = floor_div(t, 60000);
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (pe_tz_local(mid * 60000) < b)
			lo = mid;
		else
			hi = mid;
	}
	return hi * 60000 > t ? t : hi * 60000;
}

int64_t
pe_timeframe_bucket(int64_t t, int64_t tf, int is_date,
    const struct pe_session *s)
{
	int64_t l = is_date ? t : pe_tz_local(t), day, b, off, origin;

	if (pe_timeframe_dates(tf)) {
		day = floor_div(l, PE_MS_PER_DAY);
		if (s != NULL && s->on && s->end < s->start && !is_date &&
		    (l - day * PE_MS_PER_DAY) / 60000 >= s->start)
			day++;	/* the evening that opens tomorrow's session */
		return day_bucket(day, tf) * PE_MS_PER_DAY;
	}
	/* from the session's open, as a trading platform counts its bars
	 * (a 1h RTH bar at 09:30, 10:30 ...); else from local midnight */
	origin = s != NULL && s->on ? (int64_t)s->start * 60000 : 0;
	b = origin + floor_div(l - origin, tf) * tf;
	if (is_date || tz_zone[0] == '\0')
		return b;
	off = l - t;
	if (memo.tf != tf || memo.off != off || memo.local != b) {
		memo.tf = tf;
		memo.off = off;
		memo.local = b;
		memo.start = bucket_start(t, off, b);
	}
	return memo.start;
}
