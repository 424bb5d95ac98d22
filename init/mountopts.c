/* mountopts.c: the generic mount options the VFS handles as flags. The
 * kernel passes rootflags= to the filesystem as data; baton also honours the
 * generic words (noatime, nosuid, ...) that no filesystem would accept. */
#include <errno.h>
#include <string.h>
#include "compat.h"
#include "mountopts.h"

struct flagword {
	const char *word;
	unsigned long set;
	unsigned long clear;
};

static const struct flagword flagwords[] = {
	{ "ro",          MS_RDONLY,      0 },
	{ "rw",          0,              MS_RDONLY },
	{ "nosuid",      MS_NOSUID,      0 },
	{ "suid",        0,              MS_NOSUID },
	{ "nodev",       MS_NODEV,       0 },
	{ "dev",         0,              MS_NODEV },
	{ "noexec",      MS_NOEXEC,      0 },
	{ "exec",        0,              MS_NOEXEC },
	{ "sync",        MS_SYNCHRONOUS, 0 },
	{ "async",       0,              MS_SYNCHRONOUS },
	{ "dirsync",     MS_DIRSYNC,     0 },
	{ "noatime",     MS_NOATIME,     0 },
	{ "atime",       0,              MS_NOATIME },
	{ "nodiratime",  MS_NODIRATIME,  0 },
	{ "diratime",    0,              MS_NODIRATIME },
	{ "relatime",    MS_RELATIME,    0 },
	{ "norelatime",  0,              MS_RELATIME },
	{ "strictatime", MS_STRICTATIME, 0 },
	{ "lazytime",    MS_LAZYTIME,    0 },
	{ "nolazytime",  0,              MS_LAZYTIME },
	{ "silent",      MS_SILENT,      0 },
	{ "loud",        0,              MS_SILENT },
};

static const struct flagword *lookup(const char *w, size_t len)
{
	for (size_t i = 0; i < sizeof(flagwords) / sizeof(flagwords[0]); i++)
		if (strlen(flagwords[i].word) == len && memcmp(flagwords[i].word, w, len) == 0)
			return &flagwords[i];
	return NULL;
}

int mountopts_split(const char *opts, unsigned long *flags, char *data, size_t n)
{
	size_t used = 0;

	if (n)
		data[0] = '\0';
	while (opts && *opts) {
		size_t len = strcspn(opts, ",");
		const struct flagword *f = lookup(opts, len);

		if (f) {
			*flags = (*flags | f->set) & ~f->clear;
		} else if (len) {
			if (used + len + (used ? 1 : 0) + 1 > n)
				return -E2BIG;
			if (used)
				data[used++] = ',';
			memcpy(data + used, opts, len);
			used += len;
			data[used] = '\0';
		}
		opts += len;
		if (*opts == ',')
			opts++;
	}
	return 0;
}
