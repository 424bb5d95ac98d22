/* rmtree.h: empties a directory tree without leaving its filesystem
 * (init/rmtree.c): switchroot.c's delete of the old initramfs. */
#ifndef BATON_RMTREE_H
#define BATON_RMTREE_H

#include <sys/stat.h>

/* What a delete removed (or, dry, would remove), what it left. */
struct rm_stats {
	unsigned long files, dirs;	/* removed */
	unsigned long mounts;		/* on another device: left alone */
	unsigned long failed;		/* could not be removed (or read) */
};

#define RM_DRY_RUN	1u	/* remove nothing, count what would go */

/* Empties the directory open on rootfd (closed here, which stays itself):
 * fd-relative, never follows a symlink, never enters or removes anything
 * on another st_dev, carries on past single failures (counted, the first
 * five logged). gone[ngone]: for RM_DRY_RUN, mounts inside that will have
 * left by the real delete, counted as removed directories. Returns 0, or
 * -errno if rootfd cannot be read, -ENOMEM, -EIO if the way back up was
 * lost (the delete stopped there; logged). */
int rmtree_contents(int rootfd, unsigned flags, const struct stat *gone, int ngone,
		    struct rm_stats *st);

#endif
