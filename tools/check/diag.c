/* diag.c: the one place baton-check writes findings (see diag.h). Each
 * line is formatted in full and written with one call, so concurrent
 * jobs sharing a terminal do not interleave mid-line. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"

static const char *image_name = "-";
static unsigned counts[SEV_COUNT];
static int quiet, verbose;
static const char *const sev_word[SEV_COUNT] = { "note", "warning", "error" };

void diag_image(const char *name)
{
	image_name = name;
}

const char *diag_image_name(void)
{
	return image_name;
}

const char *loc_str(const struct loc *at, char *buf, unsigned len)
{
	const char *img = at && at->img ? at->img : image_name;

	if (!at)
		snprintf(buf, len, "%s", img);
	else if (at->in_comp)
		snprintf(buf, len, "%s:%" PRIu64 "+%" PRIu64, img, at->seg, at->off);
	else
		snprintf(buf, len, "%s:%" PRIu64, img, at->off);
	return buf;
}

void report(enum sev s, const struct loc *at, const char *fmt, ...)
{
	char where[512], msg[12288];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	counts[s]++;
	if (s == SEV_NOTE && !verbose)
		return;
	fprintf(stderr, "%s: %s: %s\n", loc_str(at, where, sizeof where), sev_word[s], msg);
}

unsigned diag_count(enum sev s)
{
	return counts[s];
}

void oops(const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s\n", PROG, msg);
}

void oops_err(int err, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s: %s\n", PROG, msg, strerror(-err));
}

void diag_verbose(int on)
{
	verbose = on;
}

void diag_quiet(int on)
{
	quiet = on;
}

void say(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}
