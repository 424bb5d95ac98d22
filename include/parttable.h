/* parttable.h: reads a disk's partition table (GPT or MBR/"dos") so /init can
 * resolve root=PARTUUID=...[/PARTNROFF=n] and root=PARTLABEL=... itself: the
 * kernel's partition uevents carry PARTN and PARTNAME but no PARTUUID.
 *
 * Pure code over a read callback supplied by the caller: no I/O, no
 * allocation. Every read asks for at most PT_READ_MAX bytes lying inside
 * [0, disk_bytes), so a truncated or lying table cannot make it read past the
 * end of the disk or loop for long.
 *
 * Partitions are numbered as the kernel numbers them (sdaN, nvme0n1pN):
 * GPT entry index + 1 (empty entries leave gaps), MBR primaries 1-4 by slot,
 * logical partitions 5, 6, ... in chain order. PARTUUID and PARTLABEL are
 * spelled as blkid prints them (and udev's /dev/disk/by-part* use them). */
#ifndef BATON_PARTTABLE_H
#define BATON_PARTTABLE_H

#include <stddef.h>
#include <stdint.h>

#define PT_MAX_PARTS	256	/* partitions kept (the kernel makes 255 at most); more sets ->truncated */
#define PT_MAX_NUMBER	255	/* the kernel makes no partition above this */
#define PT_READ_MAX	4096	/* the most one pt_read_fn call asks for */
#define PT_LABEL_SIZE	112	/* 36 UTF-16 units as UTF-8: <= 108 bytes + NUL */

/* Reads len bytes at byte offset off of the disk into buf. Returns 0 when all
 * len bytes were read, -errno otherwise (a short read is an error: -EIO).
 * parttable_read only asks for bytes inside the disk_bytes it was given. */
typedef int (*pt_read_fn)(void *ctx, unsigned long long off, void *buf, size_t len);

/* partinfo.flags */
#define PT_EXTENDED	1	/* an MBR extended partition: a container of logicals */

struct partinfo {
	int number;			/* kernel partition number, >= 1 */
	int flags;			/* PT_EXTENDED or 0 */
	unsigned long long start_lba;	/* in sectors of the size given */
	unsigned long long nr_lba;	/* as the table says (the kernel trims
					   what runs past the disk's end) */
	char partuuid[40];		/* GPT: lower-case GUID; MBR: "xxxxxxxx-NN" */
	char partlabel[PT_LABEL_SIZE];	/* GPT name as UTF-8, trailing blanks
					   dropped as blkid does; "" for MBR */
	char type_guid[40];		/* GPT: lower-case type GUID; MBR: "0x83" */
};

/* About 56 KiB: give it static storage rather than a small stack. */
struct parttable {
	char kind[8];		/* "gpt" or "dos" */
	char disk_id[40];	/* GPT disk GUID; MBR "xxxxxxxx" (as blkid's PTUUID) */
	int n;			/* entries used in part[], in table order */
	int from_backup;	/* GPT read from the backup header at the last
				   sector: the primary is corrupt, and the kernel
				   then creates no partitions unless booted with
				   "gpt" on its command line */
	int truncated;		/* more partitions than PT_MAX_PARTS, or an MBR
				   chain cut by the loop guard: some are missing */
	struct partinfo part[PT_MAX_PARTS];
};

/* Reads the partition table of a disk of disk_bytes bytes with logical
 * sectors of sector_size bytes (BLKSSZGET; a power of two, 512 to 65536):
 * GPT LBAs and MBR sector numbers count in that unit, and a GPT written for
 * 4096-byte sectors is not found when read as 512 (nor the reverse), just as
 * the kernel does not find it.
 * Returns 0 with *out filled (out->n may be 0: an empty table);
 *   -ENOENT when there is no table: no 55 AA signature, a boot sector that
 *           is not a partition table, or a protective MBR with no "EFI PART"
 *           header at LBA 1 nor at the last LBA (a GPT for another sector
 *           size);
 *   -EINVAL when the table is corrupt (GPT headers present but neither valid
 *           with its entries), or sector_size is not acceptable;
 *   the callback's -errno when a read fails.
 * On failure *out is left with n = 0 and kind "". */
int parttable_read(pt_read_fn rd, void *ctx, unsigned sector_size,
		   unsigned long long disk_bytes, struct parttable *out);

/* CRC-32 as GPT uses it (the zlib/Ethernet one): pass 0 to start, and the
 * previous result to continue. pt_crc32(0, "123456789", 9) == 0xcbf43926. */
uint32_t pt_crc32(uint32_t crc, const void *buf, size_t len);

#endif
