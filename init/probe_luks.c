/* probe_luks.c: recognises a LUKS1 or LUKS2 header and reads the UUID it
 * holds as text (what cryptsetup luksUUID, blkid and /dev/disk/by-uuid show)
 * and a LUKS2 label. Nothing is decrypted or opened: the point is only that
 * root=UUID= can name the encrypted device, and that its header is not
 * mistaken for a filesystem, which is why probe.c tries this prober first
 * (libblkid too lets a LUKS header win over any filesystem signature).
 * When the primary header's magic is gone, LUKS2 keeps a second copy of the
 * header ("SKUL\xba\xbe") after the first's JSON area, whose size the
 * vanished header held; blkid then tries the offsets cryptsetup can use,
 * and so do we, as far as PROBE_READ_SIZE reaches: 16, 32 and 64 KiB. A
 * copy at 128 KiB or beyond (metadata of that size, set with cryptsetup's
 * --luks2-metadata-size) is not seen, and that device is unknown.
 * Pure code over a buffer; probe_impl.h describes the contract. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "probe_impl.h"

#define HDR_SIZE	512	/* LUKS2's binary header; LUKS1's fields end inside */
#define HDR_VERSION	0x06	/* be16: 1 or 2 */
#define HDR_LABEL	0x18	/* LUKS2: 48 bytes */
#define HDR_UUID	0xA8	/* both: 40 bytes of text, NUL-padded */

#define LABEL_LEN	48
#define UUID_LEN	40

static const unsigned char luks_magic[6] = { 'L', 'U', 'K', 'S', 0xba, 0xbe };
static const unsigned char luks2_copy_magic[6] = { 'S', 'K', 'U', 'L', 0xba, 0xbe };

/* Where cryptsetup may put LUKS2's second header, in the order blkid tries
 * them: right after a primary header of 16 KiB, 32 KiB, ... 4 MiB. */
static const uint32_t copy_offsets[] = {
	0x4000, 0x8000, 0x10000, 0x20000, 0x40000, 0x80000, 0x100000, 0x200000, 0x400000,
};

/* The header to read: the primary, else the first copy found, else NULL.
 * Like blkid, the scan stops at the first offset past the end of what can
 * be read, here the buffer. */
static const unsigned char *find_header(const unsigned char *buf, size_t len)
{
	size_t i;

	if (!probe_span(len, 0, HDR_SIZE))
		return NULL;
	if (memcmp(buf, luks_magic, sizeof(luks_magic)) == 0)
		return buf;
	for (i = 0; i < sizeof(copy_offsets) / sizeof(copy_offsets[0]); i++) {
		if (!probe_span(len, copy_offsets[i], HDR_SIZE))
			return NULL;
		if (memcmp(buf + copy_offsets[i], luks2_copy_magic,
			   sizeof(luks2_copy_magic)) == 0)
			return buf + copy_offsets[i];
	}
	return NULL;
}

/* The UUID is copied as text, as blkid prints it: cryptsetup writes it in
 * lower case, 36 characters and NULs. A corrupt field filling all 40 bytes
 * is cut to fsid.uuid's 39. A version other than 1 or 2 is still LUKS to
 * blkid, with no UUID or label, since their places are then unknown. */
int probe_luks(const unsigned char *buf, size_t len, struct fsid *id)
{
	const unsigned char *hdr = find_header(buf, len);
	uint16_t version;

	if (!hdr)
		return -ENOENT;
	probe_set_type(id, "crypto_LUKS");
	version = probe_be16(hdr + HDR_VERSION);
	if (version == 1 || version == 2)
		probe_set_uuid_str(id, hdr + HDR_UUID, UUID_LEN);
	if (version == 2)
		probe_set_label(id, hdr + HDR_LABEL, LABEL_LEN);
	return 0;
}
