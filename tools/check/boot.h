/* boot.h: what the kernel does with the unpacked tree next, replayed on
 * the model: kernel_init runs rdinit (default /init) if it exists (else it
 * mounts the root= device itself: prepare_namespace); if executing it
 * fails it prints "Failed to execute /init (error -N)" and tries init=,
 * /sbin/init, /etc/init, /bin/init and /bin/sh, and panics ("No working
 * init found.") if none runs. execve fails with -EACCES for a non-regular
 * file or one without an execute bit, -ENOENT when an ELF's PT_INTERP (or
 * a script's #! interpreter) is missing, -ENOEXEC for anything else but
 * ELF and #!. And before init runs, the kernel opens /dev/console for its
 * stdin, stdout and stderr ("Warning: unable to open an initial
 * console." if it cannot). */
#ifndef BATON_CHECK_BOOT_H
#define BATON_CHECK_BOOT_H

#include <stddef.h>

#include "fs.h"

struct boot_opts {
	const char *init;	/* the kernel's rdinit=, default "/init" */
	int part;		/* a part to be concatenated: skip these checks */
	int builtin_default;	/* the default built-in image was applied */
};

/* Reports what would stop the boot; describes the init in line. */
void boot_check(struct fs *fs, const struct boot_opts *o, char *line, size_t len);

#endif
