/* fuzz_probe.c: libFuzzer harness for what /init reads off a block device
 * before trusting it: the superblock probers (probe_fs, init/probe*.c) and
 * the partition table reader (parttable_read, init/parttable.c) at 512 and
 * 4096-byte sectors, the input being the device, or the readable start
 * of one twice its size; and the names read beside a device (mdadm's map,
 * device-mapper names), the input as their text.
 *
 * probe_fs takes a buffer shorter than PROBE_READ_SIZE as the whole device,
 * which shuts out the probers that want a bigger one (btrfs, swap); so the
 * input is probed a second time as the start of a big device, zero-filled up
 * to PROBE_READ_SIZE, as /init reads it from a disk larger than the input. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blockdev.h"
#include "parttable.h"
#include "probe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A device of `bytes` bytes whose first `len` are the input; reading the
 * rest fails, as on a disk with bad sectors or one that lies about its
 * size, so the reader's error paths are taken too. */
struct disk {
	const uint8_t *p;
	size_t len;
	unsigned long long bytes;
};

/* The reader /init gives parttable_read, over memory. A request past the
 * disk's end would be the reader's own bug: it dies loudly. */
static int mem_read(void *ctx, unsigned long long off, void *buf, size_t len)
{
	const struct disk *d = ctx;

	if (len > PT_READ_MAX || off > d->bytes || len > d->bytes - off)
		abort();	/* parttable.h promises never to ask for this */
	if (off > d->len || len > d->len - off)
		return -EIO;
	memcpy(buf, d->p + off, len);
	return 0;
}

/* Looks each partition up by its own PARTUUID (with a PARTNROFF) and
 * PARTLABEL, as /init does for root=: the table's partitions become the
 * device list of one disk, as identify.c fills it. */
static void match_all(const struct parttable *t)
{
	static struct devlist l;	/* grows; emptied for each input */
	struct root_spec spec = { 0 };
	int i;

	l.n = 0;
	for (i = 0; i < t->n && i < MAX_BLOCKDEVS; i++) {
		char name[16];
		int k;

		snprintf(name, sizeof(name), "d%d", i);
		k = devlist_add(&l, name, (dev_t)i, 0);
		if (k < 0)
			break;
		struct blockdev *d = &l.dev[k];

		strcpy(d->disk, "d");
		d->partn = t->part[i].number;
		strcpy(d->partuuid, t->part[i].partuuid);
		strcpy(d->partlabel, t->part[i].partlabel);
		d->pt_extended = (t->part[i].flags & PT_EXTENDED) != 0;
	}
	for (i = 0; i < l.n; i++) {
		spec.kind = ROOT_PARTUUID;
		spec.value = l.dev[i].partuuid;
		spec.partnroff = 0;
		root_find(&spec, &l);
		spec.partnroff = i - 1;
		root_find(&spec, &l);
		spec.partnroff = i & 1 ? INT_MAX : INT_MIN;
		root_find(&spec, &l);
		spec.kind = ROOT_PARTLABEL;
		spec.value = l.dev[i].partlabel;
		root_find(&spec, &l);
	}
}

static void read_table(const uint8_t *data, size_t size, unsigned ssz,
		       unsigned long long bytes)
{
	static struct parttable t;	/* 28 KiB: static, as parttable.h asks */
	struct disk d = { data, size, bytes };

	if (parttable_read(mem_read, &d, ssz, bytes, &t) == 0)
		match_all(&t);
}

static void probe(const uint8_t *data, size_t size)
{
	static uint8_t big[PROBE_READ_SIZE];
	struct fsid id;

	/* uuid_equal walks both strings: each must be terminated. */
	if (probe_fs(data, size, &id) == 0)
		uuid_equal(id.uuid, id.label);
	/* The input as the end of a larger device too: MD 0.90 and 1.0
	 * superblocks at every alignment the device size can give. */
	for (unsigned long long extra = 0; extra < 0x20000; extra += 0x5200)
		if (probe_dev(data, size, data, size, size + extra, &id) == 0)
			uuid_equal(id.uuid, id.label);
	if (size >= PROBE_READ_SIZE)
		return;
	memcpy(big, data, size);
	memset(big + size, 0, sizeof big - size);
	if (probe_fs(big, sizeof big, &id) == 0 && id.uuid[0])
		uuid_equal(id.uuid, id.uuid);
}

/* The names /init reads beside a device (blockdev.c): the input as
 * mdadm's map text (root=/dev/md/NAME) and as a device-mapper name
 * (root=/dev/VG/LV), into outputs of every small size. */
static void names(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), out[64];

	if (!text)
		return;
	memcpy(text, data, size);
	text[size] = '\0';
	for (size_t n = 1; n <= sizeof(out); n += 7) {
		md_map_name(text, "md127", out, n);
		md_map_name(text, "", out, n);
		lvm_dm_devname(text, out, n);
	}
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* libFuzzer hands over a heap copy of exactly size bytes, so ASan
	 * sees any read past the end of the device. */
	probe(data, size);
	names(data, size);
	read_table(data, size, 512, size);
	read_table(data, size, 4096, size);
	read_table(data, size, 512, 2ull * size);
	return 0;
}
