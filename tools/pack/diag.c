/* diag.c: the one place baton-pack writes diagnostics (see diag.h). Each
 * message is built in full and written with one fprintf so that lines from
 * concurrent build jobs sharing a terminal do not interleave mid-line. */
#include <stdio.h>
#include <string.h>

#include "diag.h"

void diag_vat(const char *file, unsigned long line, const char *fmt, va_list ap)
{
	char msg[8192];

	vsnprintf(msg, sizeof msg, fmt, ap);
	if (line)
		fprintf(stderr, "%s: %s:%lu: %s\n", PROG, file, line, msg);
	else
		fprintf(stderr, "%s: %s: %s\n", PROG, file, msg);
}

void diag_at(const char *file, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vat(file, line, fmt, ap);
	va_end(ap);
}

void diag(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s\n", PROG, msg);
}

void diag_err(int err, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s: %s\n", PROG, msg, strerror(-err));
}
