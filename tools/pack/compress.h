/* compress.h: compressing the archive through a standard tool, with the
 * settings the kernel's own build uses for initramfs (usr/Makefile and
 * scripts/Makefile.lib): gzip -n -9, xz --check=crc32 --lzma2=dict=1MiB
 * (the kernel's xz decoder takes no CRC64, and a small dictionary keeps
 * its memory low), zstd -19, lz4 -l (the legacy format, the only one the
 * kernel reads). The tool writes straight into the output file; a level
 * may be given as FORMAT:LEVEL. */
#ifndef BATON_PACK_COMPRESS_H
#define BATON_PACK_COMPRESS_H

#include <sys/types.h>

struct compress {
	const char *name;	/* NULL: no compression */
	const char *argv[8];
	char level[32];
};

/* Parses "gzip", "xz:9", "none", ... Returns 0, or -EINVAL with a
 * sentence for the user in *why. */
int compress_parse(const char *arg, struct compress *z, const char **why);

/* Starts the tool with out as its standard output; *in is where the
 * archive goes. Returns 0, -ENOENT (tool not installed) or -errno. */
int compress_start(const struct compress *z, int out, int *in, pid_t *pid);

/* Closes in and waits for the tool. Returns 0, or -EIO with its exit
 * status (128 + signal) in *status. */
int compress_finish(int in, pid_t pid, int *status);

#endif
