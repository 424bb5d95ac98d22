/* kinds.c: file type words and mode strings (see kinds.h). */
#include <stdio.h>
#include <sys/stat.h>

#include "kinds.h"

const char *kind_name(uint32_t mode)
{
	static char buf[48];

	switch (mode & S_IFMT) {
	case S_IFDIR: return "directory";
	case S_IFREG: return "regular file";
	case S_IFLNK: return "symlink";
	case S_IFCHR: return "character device";
	case S_IFBLK: return "block device";
	case S_IFIFO: return "FIFO";
	case S_IFSOCK: return "socket";
	}
	snprintf(buf, sizeof buf, "file of type 0%o", (unsigned)(mode & S_IFMT));
	return buf;
}

static char type_letter(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR: return 'd';
	case S_IFREG: return '-';
	case S_IFLNK: return 'l';
	case S_IFCHR: return 'c';
	case S_IFBLK: return 'b';
	case S_IFIFO: return 'p';
	case S_IFSOCK: return 's';
	}
	return '?';
}

/* One rwx triplet; special is the setuid/setgid/sticky bit of the triplet. */
static void triplet(char *out, uint32_t bits, int special, char on_x, char on_nox)
{
	out[0] = (bits & 4) ? 'r' : '-';
	out[1] = (bits & 2) ? 'w' : '-';
	if (special)
		out[2] = (bits & 1) ? on_x : on_nox;
	else
		out[2] = (bits & 1) ? 'x' : '-';
}

char *mode_string(uint32_t mode, char *buf)
{
	buf[0] = type_letter(mode);
	triplet(buf + 1, (mode >> 6) & 7, !!(mode & S_ISUID), 's', 'S');
	triplet(buf + 4, (mode >> 3) & 7, !!(mode & S_ISGID), 's', 'S');
	triplet(buf + 7, mode & 7, !!(mode & S_ISVTX), 't', 'T');
	buf[10] = '\0';
	return buf;
}
