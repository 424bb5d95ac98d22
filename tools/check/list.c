/* list.c: cpio -tv style member lines (see list.h). */
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "kinds.h"
#include "list.h"

void list_member(const struct centry *e, FILE *out)
{
	char mode[11], date[32];
	time_t t = (time_t)e->mtime;
	struct tm tm;

	if (strcmp(e->name, TRAILER_NAME) == 0 && !S_ISLNK(e->mode))
		return;
	gmtime_r(&t, &tm);
	strftime(date, sizeof date, "%Y-%m-%d %H:%M", &tm);
	fprintf(out, "%s %3" PRIu32 " %-8" PRIu32 " %-8" PRIu32 " ", mode_string(e->mode, mode),
		e->nlink, e->uid, e->gid);
	if (S_ISCHR(e->mode) || S_ISBLK(e->mode))
		fprintf(out, "%3" PRIu32 ", %3" PRIu32 " ", e->rdevmajor, e->rdevminor);
	else
		fprintf(out, "%8" PRIu32 " ", e->filesize);
	fprintf(out, "%s %s", date, e->name);
	if (S_ISLNK(e->mode) && e->target)
		fprintf(out, " -> %s", e->target);
	fputc('\n', out);
}
