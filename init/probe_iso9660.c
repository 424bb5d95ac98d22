/* probe_iso9660.c: recognises an ISO 9660 filesystem (a CD, DVD or live
 * image) and names it the way libblkid does, the reference the tests compare
 * with:
 *   UUID   iso9660 has none; blkid makes one from the primary volume
 *          descriptor's modification date (else its creation date) as
 *          "YYYY-MM-DD-HH-MM-SS-cc", the string live systems pass as
 *          root=UUID= (or live-media-uuid=)
 *   LABEL  the volume identifier; when a Joliet descriptor is present its
 *          UTF-16 name is preferred, merged with the primary's up to 32
 *          characters where Joliet's 16 cut it short
 * The older High Sierra format ("CDROM" at 0x8009) is iso9660 to blkid too,
 * with its label and no UUID. Descriptors are looked for in the first 16
 * sectors after the 32 KiB system area, which PROBE_READ_SIZE covers. A
 * multi-session disc's later sessions are not looked at (blkid does so only
 * when told the session's offset).
 * Pure code over a buffer; probe_impl.h describes the contract. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "probe_impl.h"

#define VD_FIRST	0x8000	/* volume descriptors start after 16 sectors */
#define VD_SECTOR	0x800
#define VD_MAX		16	/* blkid looks at no more descriptors */
#define VD_READ		847	/* what blkid reads of each: up to the dates */

/* Volume descriptor fields. */
#define VD_TYPE		0	/* 0 boot record, 1 primary, 2 supplementary, 255 end */
#define VD_ID		1	/* "CD001" */
#define VD_VOLUME_ID	40	/* 32 bytes: d-characters, space-padded; Joliet: UTF-16BE */
#define VD_ESCAPES	88	/* supplementary: "%/@", "%/C" or "%/E" marks Joliet */
#define VD_CREATED	813	/* 17 bytes: 16 digits and a time-zone byte */
#define VD_MODIFIED	830
#define VD_ID_LEN	32

#define VD_PRIMARY	1
#define VD_SUPPLEMENTARY 2
#define VD_END		255

/* High Sierra: the same sector, fields shifted by an 8-byte block number. */
#define HS_ID		9	/* "CDROM" */
#define HS_VOLUME_ID	48

/* libblkid reads the 1 KiB block holding the magic before anything else. */
#define NEED		(VD_FIRST + 1024)

_Static_assert(VD_FIRST + (VD_MAX - 1) * VD_SECTOR + VD_READ <= PROBE_READ_SIZE,
	       "PROBE_READ_SIZE covers every descriptor blkid reads");
_Static_assert(VD_MODIFIED + 17 <= VD_READ, "dates inside what blkid reads");

/* blkid's probe_iso9660_set_uuid: 0 when the date is unset (all sixteen
 * digits '0' and no time zone), so the caller tries the other date; 1
 * otherwise, even when the date's bytes are all NUL, which blkid then takes
 * as no UUID without trying the other date. */
static int set_date_uuid(struct fsid *id, const unsigned char *date)
{
	unsigned char s[22];
	size_t i, o = 0, zeros = 0;

	for (i = 0; i < 16; i++) {
		zeros += date[i] == '0';
		/* YYYY-MM-DD-HH-MM-SS-cc: a dash after the year, then after
		 * every pair. */
		if (i == 4 || (i > 4 && i % 2 == 0))
			s[o++] = '-';
		s[o++] = date[i];
	}
	if (zeros == 16 && date[16] == 0)
		return 0;
	/* Digits in a sane image; whatever bytes a corrupt one holds are
	 * copied up to the first NUL, as blkid's "%c" formatting yields. */
	probe_set_uuid_str(id, s, sizeof(s));
	return 1;
}

/* blkid's merge_utf16be_ascii: Joliet keeps 16 UTF-16 characters of the
 * label, the primary descriptor up to 32 in a subset of ASCII ('_' standing
 * for what it cannot hold). When Joliet's is a prefix of the primary's
 * (case aside), out gets Joliet's characters followed by the rest of the
 * primary's, as UTF-16BE; returns its length, or 0 when they disagree. out
 * needs 2 * VD_ID_LEN bytes, plus 2 for each surrogate pair Joliet holds. */
static size_t merge_labels(unsigned char *out, const unsigned char *utf16,
			   const unsigned char *ascii)
{
	size_t o = 0, a = 0, u = 0;

	for (; u + 1 < VD_ID_LEN && a < VD_ID_LEN; o += 2, a++, u += 2) {
		unsigned char hi, lo, c = ascii[a];

		/* A surrogate pair is one character of the primary's. */
		if (utf16[u] >= 0xD8 && utf16[u] <= 0xDB && u + 3 < VD_ID_LEN &&
		    utf16[u + 2] >= 0xDC && utf16[u + 2] <= 0xDF) {
			out[o++] = utf16[u++];
			out[o++] = utf16[u++];
		}
		hi = utf16[u];
		lo = utf16[u + 1];
		if (c == '_') {
			/* the primary could not hold this one: Joliet's */
		} else if (hi == 0 && lo == '_') {
			lo = c;
		} else if (hi == 0 && (c | 0x20) >= 'a' && (c | 0x20) <= 'z' &&
			   (c | 0x20) == (lo | 0x20)) {
			/* Same letter: Joliet's case where the primary's is
			 * upper case (its only case), else the primary's. */
			if (c >= 'a')
				lo = c;
		} else if (hi == 0 && c == lo) {
			/* the same non-letter */
		} else {
			return 0;
		}
		out[o] = hi;
		out[o + 1] = lo;
	}
	for (; a < VD_ID_LEN; o += 2, a++) {
		out[o] = 0;
		out[o + 1] = ascii[a];
	}
	return o;
}

static void set_joliet_label(struct fsid *id, const unsigned char *pvd,
			     const unsigned char *joliet)
{
	unsigned char merged[2 * VD_ID_LEN + VD_ID_LEN];
	size_t n = merge_labels(merged, joliet + VD_VOLUME_ID, pvd + VD_VOLUME_ID);

	if (n)
		probe_set_label_utf16(id, merged, n, 1);
	else
		probe_set_label_utf16(id, joliet + VD_VOLUME_ID, VD_ID_LEN, 1);
}

static int is_joliet(const unsigned char *vd)
{
	const unsigned char *e = vd + VD_ESCAPES;

	return e[0] == '%' && e[1] == '/' && (e[2] == '@' || e[2] == 'C' || e[2] == 'E');
}

int probe_iso9660(const unsigned char *buf, size_t len, struct fsid *id)
{
	const unsigned char *pvd = NULL, *joliet = NULL;
	size_t i, off;

	if (!probe_span(len, 0, NEED))
		return -ENOENT;
	if (memcmp(buf + VD_FIRST + HS_ID, "CDROM", 5) == 0 &&
	    memcmp(buf + VD_FIRST + VD_ID, "CD001", 5) != 0) {
		probe_set_type(id, "iso9660");
		probe_set_label(id, buf + VD_FIRST + HS_VOLUME_ID, VD_ID_LEN);
		return 0;
	}
	if (memcmp(buf + VD_FIRST + VD_ID, "CD001", 5) != 0)
		return -ENOENT;
	/* Only the first descriptor's identifier is checked, as blkid does;
	 * the first primary and the first Joliet descriptor count. A read past
	 * the end of the device ends the walk, as a terminator does. */
	for (i = 0, off = VD_FIRST; i < VD_MAX && !(pvd && joliet); i++, off += VD_SECTOR) {
		const unsigned char *vd;

		if (!probe_span(len, off, VD_READ))
			break;
		vd = buf + off;
		if (vd[VD_TYPE] == VD_END)
			break;
		if (!pvd && vd[VD_TYPE] == VD_PRIMARY)
			pvd = vd;
		else if (!joliet && vd[VD_TYPE] == VD_SUPPLEMENTARY && is_joliet(vd))
			joliet = vd;
	}
	if (!pvd)
		return -ENOENT;
	probe_set_type(id, "iso9660");
	if (!set_date_uuid(id, pvd + VD_MODIFIED))
		set_date_uuid(id, pvd + VD_CREATED);
	if (joliet)
		set_joliet_label(id, pvd, joliet);
	else
		probe_set_label(id, pvd + VD_VOLUME_ID, VD_ID_LEN);
	return 0;
}
