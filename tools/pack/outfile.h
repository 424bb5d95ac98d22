/* outfile.h: where the archive goes. With a path, the archive is written
 * to PATH.tmp.PID in the same directory and renamed over PATH only when it
 * is complete, so PATH is never a partial archive and a failed run leaves
 * no file behind (an interrupted one unlinks its temporary on SIGINT,
 * SIGTERM and SIGHUP). Without a path it is standard output. */
#ifndef BATON_PACK_OUTFILE_H
#define BATON_PACK_OUTFILE_H

struct outfile {
	int fd;
	const char *path;	/* NULL: standard output */
	char *tmp;		/* malloc'd temporary name while open */
};

/* Returns 0 or -errno; on failure nothing is left on disk. */
int outfile_open(struct outfile *o, const char *path);
/* Makes the archive visible at path. 0 or -errno (then as outfile_abort). */
int outfile_commit(struct outfile *o);
/* Discards everything written. */
void outfile_abort(struct outfile *o);
/* How messages name the output. */
const char *outfile_name(const struct outfile *o);

#endif
