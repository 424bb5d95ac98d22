/* lockdown.c: see lockdown.h. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "elf.h"
#include "lockdown.h"

#define TAG "baton-lockdown-build"
#define TAG_LEN (sizeof TAG - 1)

/* The programs a LOCKDOWN /init may run from its image: a LUKS, LVM or MD
 * root needs these (include/stack.h), and fsck.mode= a checker in one of
 * fsck_dirs named fsck.TYPE, e2fsck or fsck (init/fsck.c). None of them
 * is a shell. */
static const char *const tools[] = { "/sbin/cryptsetup", "/sbin/lvm", "/sbin/mdadm" };
static const char *const fsck_dirs[] = { "sbin/", "usr/sbin/", "bin/", "usr/bin/" };

/* path: canonical, without the leading '/'. */
static int is_checker(const char *path)
{
	for (size_t i = 0; i < sizeof fsck_dirs / sizeof fsck_dirs[0]; i++) {
		size_t n = strlen(fsck_dirs[i]);
		const char *base = path + n;

		if (strncmp(path, fsck_dirs[i], n) != 0 || strchr(base, '/'))
			continue;
		if (strcmp(base, "fsck") == 0 || strcmp(base, "e2fsck") == 0 ||
		    (strncmp(base, "fsck.", 5) == 0 && base[5]))
			return 1;
	}
	return 0;
}

void lockdown_scan_reset(struct inode *ino)
{
	ino->tagged = 0;
	ino->tail_len = 0;
}

void lockdown_scan(struct inode *ino, const uint8_t *p, size_t n)
{
	uint8_t win[2 * (TAG_LEN - 1)];
	size_t k = n < TAG_LEN - 1 ? n : TAG_LEN - 1, w;

	if (ino->tagged || n == 0)
		return;
	/* A tag cut by the chunk boundary: the bytes kept from before, then
	 * the first of these. */
	memcpy(win, ino->tail, ino->tail_len);
	memcpy(win + ino->tail_len, p, k);
	w = ino->tail_len + k;
	if (memmem(win, w, TAG, TAG_LEN) || memmem(p, n, TAG, TAG_LEN)) {
		ino->tagged = 1;
		return;
	}
	if (n >= TAG_LEN - 1) {
		memcpy(ino->tail, p + n - (TAG_LEN - 1), TAG_LEN - 1);
		ino->tail_len = TAG_LEN - 1;
	} else {
		size_t keep = w < TAG_LEN - 1 ? w : TAG_LEN - 1;

		memcpy(ino->tail, win + w - keep, keep);
		ino->tail_len = keep;
	}
}

static const struct inode *lookup_reg(struct fs *fs, const char *path)
{
	int err;
	struct dentry *d = fs_lookup(fs, path, 1, &err);

	return d && S_ISREG(d->ino->mode) ? d->ino : NULL;
}

/* Is ino the tool t, or the ELF interpreter it asks for? */
static int tool_or_interp(struct fs *fs, const struct inode *t, const struct inode *ino)
{
	struct elf_info e;

	return t == ino || (elf_parse(t->prefix, t->prefix_len, &e) == 0 && e.has_interp &&
			    lookup_reg(fs, e.interp) == ino);
}

/* One of the tools, or the ELF interpreter one of them asks for. */
static int allowed(struct fs *fs, const char **keys, size_t n, const struct inode *ino)
{
	for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++) {
		const struct inode *t = lookup_reg(fs, tools[i]);

		if (t && tool_or_interp(fs, t, ino))
			return 1;
	}
	for (size_t i = 0; i < n; i++) {
		const struct dentry *d = strmap_get(&fs->paths, keys[i]);

		if (is_checker(keys[i]) && S_ISREG(d->ino->mode) && tool_or_interp(fs, d->ino, ino))
			return 1;
	}
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int lockdown_check(struct fs *fs, const char *init)
{
	const struct inode *me = lookup_reg(fs, init);
	const char **keys;
	size_t n;

	if (!me || !me->tagged)
		return 0;
	keys = strmap_keys(&fs->paths, &n);
	if (!keys)
		return 1;
	qsort(keys, n, sizeof *keys, by_name);
	for (size_t i = 0; i < n; i++) {
		const struct dentry *d = strmap_get(&fs->paths, keys[i]);

		if (!S_ISREG(d->ino->mode) || !(d->ino->mode & 0111) || d->ino == me ||
		    allowed(fs, keys, n, d->ino))
			continue;
		report(SEV_ERROR, &d->at, "/%s is a program beside the LOCKDOWN=1 %s: rdinit=/%s "
		       "runs it without baton, whatever LOCKDOWN refuses (a shell there is a root "
		       "shell). Leave it out: such an image holds only %s and the tools it runs "
		       "(/sbin/cryptsetup, /sbin/lvm, /sbin/mdadm, fsck.TYPE, e2fsck or fsck in "
		       "/sbin, /usr/sbin, /bin, /usr/bin, with their ELF interpreter)",
		       keys[i], init, keys[i], init);
	}
	free(keys);
	return 1;
}
