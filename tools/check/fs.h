/* fs.h: the rootfs the kernel builds from the image, replayed in memory.
 * Every member is applied with the kernel's own operations and their
 * failure modes: a name whose parent does not exist (yet) is not created,
 * a later member replaces an earlier one of another type (an empty
 * directory only), mkdir/mknod over an existing name keep the old node but
 * take the new owner and mode, a regular file over another truncates it
 * (through every hard link), and members with nlink >= 2 and the same
 * (c_devmajor, c_devminor, c_ino, type) become hard links of the first one
 * until the next TRAILER!!!. Names are resolved as the kernel does, from
 * "/", following symlinks in directory components. */
#ifndef BATON_CHECK_FS_H
#define BATON_CHECK_FS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cpio.h"
#include "diag.h"
#include "strmap.h"

/* Bytes of an executable's data kept for the /init checks (ELF program
 * headers and PT_INTERP, or a #! line, sit at the start). */
#define PREFIX_MAX 4096
/* Bytes kept of the few text files the checks read (fs_keeps_text). */
#define TEXT_MAX (256 * 1024)

struct inode {
	uint32_t mode;		/* type | permissions */
	uint32_t uid, gid;
	uint32_t rmajor, rminor;
	uint64_t size;
	char *target;		/* symlinks */
	unsigned nlink;		/* names in the tree */
	unsigned id;		/* creation order */
	uint8_t *prefix;	/* executables: first bytes of data; the
				 * text files the checks read: all of it */
	size_t prefix_len;
	size_t prefix_cap;	/* bytes allocated at prefix */
	int text;		/* a text file the checks read (fs_keeps_text) */
	int prefix_off;		/* stopped keeping data (not ELF, not #!) */
	int tagged;		/* executables: a LOCKDOWN baton (lockdown.h) */
	uint8_t tail[24];	/* the data's last bytes, for a tag cut in two */
	size_t tail_len;
};

struct dentry {
	struct inode *ino;
	unsigned children;	/* directories: names directly inside */
	struct loc at;		/* the member that made this name */
	struct loc last;	/* the last member that named it (mkdir/mknod may fail) */
};

/* A member the kernel could not create. */
struct lost {
	struct loc at;
	char *name;
	char *missing;		/* -ENOENT: the first directory not there, or NULL */
	uint32_t mode;
	int err;		/* -ENOENT: a parent is missing; -ENOTDIR, -ELOOP */
};

struct link_rec {		/* the kernel's hard-link table entry */
	char *name;		/* the member's name, as the kernel keeps it */
	struct loc at;
	unsigned seg;
	uint32_t nlink;
};

struct fs {
	struct strmap paths;	/* canonical path ("" is /) -> struct dentry */
	struct strmap links;	/* "major:minor:ino:type" -> struct link_rec */
	struct lost *lost;
	size_t nlost, caplost;
	unsigned next_id;
	unsigned seg;		/* segment being applied, for link messages */
	const char *builtin;	/* image name of the built-in initramfs */
	struct inode *writing;	/* regular file receiving data */
	uint64_t wpos;
	int oom;		/* ran out of memory: results incomplete */
};

/* Where the root directory comes from, in messages. */
#define FS_ROOTFS "(rootfs)"

/* Returns 0 or -ENOMEM; the tree starts with "/" (01777, root: the
 * rootfs is a tmpfs with its default mode). */
int fs_init(struct fs *fs);
void fs_free(struct fs *fs);

/* The cpio_ops callbacks (ctx is the struct fs). */
int fs_entry(void *fs, const struct centry *e);
void fs_data(void *fs, const uint8_t *p, size_t n);
void fs_data_end(void *fs, const struct centry *e, int complete);
void fs_trailer(void *fs, const struct centry *e);

/* After the last image: notes on lost members whose parent came later. */
void fs_finish(struct fs *fs);

/* Resolves path (from "/") into its canonical form in *canon (malloc'd;
 * "" is /); follow: also follow a symlink in the last component. Returns 0
 * (the name may or may not exist), -ENOENT/-ENOTDIR/-ELOOP for a directory
 * component, -ENAMETOOLONG or -ENOMEM. */
int fs_resolve(struct fs *fs, const char *path, int follow, char **canon);
/* The entry at a canonical path, or NULL. */
struct dentry *fs_get(struct fs *fs, const char *canon);
/* Entry at path (resolved with follow), or NULL with *err set. */
struct dentry *fs_lookup(struct fs *fs, const char *path, int follow, int *err);

/* baton's list of the kernel's built-in modules (baton-mkinitramfs),
 * canonical: rootfs.c reads it. */
#define BATON_BUILTIN "etc/baton/modules.builtin"

/* 1 if the checks read the file at canonical path canon (its data is
 * kept up to TEXT_MAX bytes): BATON_BUILTIN. */
int fs_keeps_text(const char *canon);

/* Every path of the tree, sorted, one line each (see list.h). */
void fs_dump(struct fs *fs, FILE *out);

/* Internal to fs*.c: the kernel's primitive operations on canonical paths. */
int fs_add(struct fs *fs, const char *canon, struct inode *ino, const struct loc *at);
int fs_remove(struct fs *fs, const char *canon);
/* Empties the hard-link table (at a TRAILER!!!). */
void fs_forget_links(struct fs *fs);
struct inode *fs_new_inode(struct fs *fs, uint32_t mode, uint32_t uid, uint32_t gid);

#endif
