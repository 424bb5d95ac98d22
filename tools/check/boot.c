/* boot.c: the checks after unpacking (see boot.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "boot.h"
#include "elf.h"
#include "kinds.h"

#define MAX_INTERP_DEPTH 4	/* the kernel's binfmt recursion limit */

struct xres {
	int err;		/* what execve returns: 0 or -errno */
	int unknown;		/* the data was not seen: cannot tell */
	char what[600];		/* what the file is, or what is wrong */
};

static const char *const fallbacks[] = { "/sbin/init", "/etc/init", "/bin/init", "/bin/sh" };

static void check_exec(struct fs *fs, const char *path, struct xres *x, int depth);

static void set(struct xres *x, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void set(struct xres *x, int err, const char *fmt, ...)
{
	va_list ap;

	x->err = err;
	va_start(ap, fmt);
	vsnprintf(x->what, sizeof x->what, fmt, ap);
	va_end(ap);
}

static const char *host_machine(void)
{
	static struct utsname u;

	if (!u.machine[0] && uname(&u) < 0)
		return "";
	return strcmp(u.machine, "x86_64") == 0 ? "x86-64" : u.machine;
}

/* A program an ELF or a script names: present and executable? */
static void check_helper(struct fs *fs, const char *path, const char *kind, const char *helper,
			 struct xres *x, int depth)
{
	struct xres h = { 0 };

	if (depth >= MAX_INTERP_DEPTH) {
		set(x, -ELOOP, "%s: too many levels of interpreters", path);
		return;
	}
	check_exec(fs, helper, &h, depth + 1);
	if (h.err == -ENOENT)
		set(x, -ENOENT, "%s needs the %s %s, which is not in the image", path, kind, helper);
	else if (h.err)
		set(x, h.err, "%s needs the %s %s: %s", path, kind, helper, h.what);
	x->unknown = h.unknown;
}

static void check_elf(struct fs *fs, const char *path, const struct inode *ino, struct xres *x,
		      int depth)
{
	struct elf_info e;
	int rc = elf_parse(ino->prefix, ino->prefix_len, &e);

	if (rc == -ENODATA) {
		x->unknown = 1;
		set(x, 0, "%s: its ELF program headers lie beyond the first %d bytes", path, PREFIX_MAX);
		return;
	}
	if (rc < 0) {
		set(x, -ENOEXEC, "%s is an ELF file but not an executable", path);
		return;
	}
	if (e.has_interp) {
		check_helper(fs, path, "ELF interpreter", e.interp, x, depth);
		if (x->err)
			return;
	}
	set(x, 0, "%s: ELF %d-bit %s, %s%s%s", path, e.bits, elf_machine(e.machine),
	    e.has_interp ? "dynamic, interpreter " : "static", e.has_interp ? e.interp : "",
	    strcmp(elf_machine(e.machine), host_machine()) ? " (not this host's machine: "
	    "make sure the kernel is for it)" : "");
}

static void check_script(struct fs *fs, const char *path, const struct inode *ino,
			 struct xres *x, int depth)
{
	char interp[256];
	size_t i = 2, k = 0;

	while (i < ino->prefix_len && (ino->prefix[i] == ' ' || ino->prefix[i] == '\t'))
		i++;
	while (i < ino->prefix_len && k + 1 < sizeof interp && ino->prefix[i] != ' ' &&
	       ino->prefix[i] != '\t' && ino->prefix[i] != '\n' && ino->prefix[i] != '\0')
		interp[k++] = (char)ino->prefix[i++];
	interp[k] = '\0';
	if (!k) {
		set(x, -ENOEXEC, "%s starts with #! but names no interpreter", path);
		return;
	}
	check_helper(fs, path, "script interpreter", interp, x, depth);
	if (!x->err && !x->unknown)
		set(x, 0, "%s: #! script for %s", path, interp);
}

static void check_exec(struct fs *fs, const char *path, struct xres *x, int depth)
{
	int err;
	struct dentry *d = fs_lookup(fs, path, 1, &err);
	const struct inode *ino;

	memset(x, 0, sizeof *x);
	if (!d) {
		set(x, err, "%s %s", path, err == -ENOENT ? "is not in the image" :
		    "has a path component that is not a directory, or too many symlinks");
		return;
	}
	ino = d->ino;
	if (!S_ISREG(ino->mode))
		set(x, -EACCES, "%s is a %s", path, kind_name(ino->mode));
	else if (!(ino->mode & 0111))
		set(x, -EACCES, "%s has mode 0%03o: no execute bit", path, (unsigned)(ino->mode & 07777));
	else if (ino->size == 0)
		set(x, -ENOEXEC, "%s is empty", path);
	else if (ino->prefix_off)
		set(x, -ENOEXEC, "%s is neither an ELF binary nor a #! script", path);
	else if (!ino->prefix) {
		x->unknown = 1;
		set(x, 0, "%s: its data was not seen", path);
	} else if (ino->prefix[0] == 0x7f)
		check_elf(fs, path, ino, x, depth);
	else
		check_script(fs, path, ino, x, depth);
}

static void check_console(struct fs *fs, const struct boot_opts *o)
{
	int err;
	struct dentry *d = fs_lookup(fs, "/dev/console", 1, &err);
	const char *effect = "the kernel says \"Warning: unable to open an initial console.\" and "
			     "/init starts without stdin, stdout and stderr";

	if (!d && o->builtin_default)
		return;	/* the image removed it: said where it happened */
	if (!d)
		report(SEV_WARN, NULL, "no /dev/console: %s; add `nod /dev/console 0600 0 0 c 5 1`",
		       effect);
	else if (!S_ISCHR(d->ino->mode))
		report(SEV_WARN, NULL, "/dev/console is a %s, not a character device: %s",
		       kind_name(d->ino->mode), effect);
	else if (d->ino->rmajor != 5 || d->ino->rminor != 1)
		report(SEV_WARN, NULL, "/dev/console is the device %" PRIu32 ":%" PRIu32 ", not 5:1: "
		       "the kernel opens that device as the initial console", d->ino->rmajor,
		       d->ino->rminor);
	else if (d->last.img && d->last.img == fs->builtin)
		/* A note, not a warning: the modelled built-in image supplies it
		 * and the image boots (initramfs-tools and tiny-initramfs
		 * images all rely on it). */
		report(SEV_NOTE, NULL, "no /dev/console in the image: it comes from the "
		       "kernel's built-in initramfs (usr/default_cpio_list, in every kernel built "
		       "with CONFIG_INITRAMFS_SOURCE=\"\"); with a kernel whose built-in image lacks "
		       "it, %s. Add `nod /dev/console 0600 0 0 c 5 1` to depend on no kernel", effect);
}

/* The kernel's fallbacks after rdinit failed: the first that runs. */
static const char *fallback(struct fs *fs)
{
	size_t i;

	for (i = 0; i < sizeof fallbacks / sizeof fallbacks[0]; i++) {
		struct xres x;

		check_exec(fs, fallbacks[i], &x, 0);
		if (!x.err && !x.unknown)
			return fallbacks[i];
	}
	return NULL;
}

static void no_init(struct fs *fs, const char *init)
{
	char link[KPATH_MAX + 64] = "";
	int err;
	struct dentry *l = fs_lookup(fs, init, 0, &err);

	if (l && S_ISLNK(l->ino->mode))
		snprintf(link, sizeof link, " (it is a symlink to %s)", l->ino->target);
	report(SEV_ERROR, NULL, "no %s in the image%s: the kernel runs nothing from it and mounts "
	       "the root= device itself; without one it panics (\"VFS: Unable to mount root fs on "
	       "unknown-block(0,0)\"). Add %s, or boot with rdinit= naming the init", init, link,
	       init);
}

void boot_check(struct fs *fs, const struct boot_opts *o, char *line, size_t len)
{
	struct xres x;
	const char *alt;
	int err;

	snprintf(line, len, "init not checked (a part)");
	if (o->part)
		return;
	check_console(fs, o);
	if (!fs_lookup(fs, o->init, 1, &err)) {
		no_init(fs, o->init);
		snprintf(line, len, "no %s", o->init);
		return;
	}
	check_exec(fs, o->init, &x, 0);
	snprintf(line, len, "%s", x.what);
	if (x.unknown) {
		report(SEV_WARN, NULL, "%s; cannot tell whether the kernel can run %s", x.what, o->init);
		return;
	}
	if (!x.err)
		return;
	alt = fallback(fs);
	report(SEV_ERROR, NULL, "%s cannot be run: %s. The kernel says \"Failed to execute %s "
	       "(error %d)\", then tries init=, /sbin/init, /etc/init, /bin/init and /bin/sh: %s%s",
	       o->init, x.what, o->init, x.err, alt ? alt : "none of them runs here, so it panics: "
	       "\"Kernel panic - not syncing: No working init found.\"", alt ? " runs instead" : "");
}
