/* hex.h: hex digits, for /init (cmdline.c's root=, \x escapes; verity.c's
 * roothash=; netcfg.c's BOOTIF=) and the image tools (baton-check's cpio
 * header fields, baton-gpt's GUIDs). Pure, header-only, so the tools take
 * it without linking /init's objects. */
#ifndef BATON_HEX_H
#define BATON_HEX_H

/* The value of one hex digit (either case), -1 for any other byte. Takes
 * an int so char (signed or not) and uint8_t callers pass bytes as-is. */
static inline int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The byte two hex digits at s spell, 0..255, or -1. s[1] is not read
 * when s[0] is no digit, so a string's NUL ends it safely. */
static inline int hex_byte(const char *s)
{
	int hi = hex_value(s[0]), lo;

	if (hi < 0)
		return -1;
	lo = hex_value(s[1]);
	return lo < 0 ? -1 : hi << 4 | lo;
}

#endif
