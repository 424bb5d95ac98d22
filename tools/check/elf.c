/* elf.c: ELF headers, just enough for execve's view (see elf.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "elf.h"

#define PT_INTERP 3
#define ET_EXEC 2
#define ET_DYN 3

static uint64_t get(const uint8_t *p, unsigned n, int be)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < n; i++)
		v |= (uint64_t)p[be ? n - 1 - i : i] << (8 * i);
	return v;
}

/* The program header table: offset, entry size, count. */
static void ph_table(const uint8_t *p, const struct elf_info *e, uint64_t *off, unsigned *size,
		     unsigned *num)
{
	int be = e->big_endian;

	if (e->bits == 64) {
		*off = get(p + 32, 8, be);
		*size = (unsigned)get(p + 54, 2, be);
		*num = (unsigned)get(p + 56, 2, be);
	} else {
		*off = get(p + 28, 4, be);
		*size = (unsigned)get(p + 42, 2, be);
		*num = (unsigned)get(p + 44, 2, be);
	}
}

static int read_interp(const uint8_t *p, size_t n, const uint8_t *ph, struct elf_info *e)
{
	int be = e->big_endian;
	uint64_t off = e->bits == 64 ? get(ph + 8, 8, be) : get(ph + 4, 4, be);
	uint64_t len = e->bits == 64 ? get(ph + 32, 8, be) : get(ph + 16, 4, be);

	if (len < 2 || len > sizeof e->interp)
		return -EINVAL;
	if (off > n || len > n - off)
		return -ENODATA;
	memcpy(e->interp, p + off, len);
	e->interp[len - 1] = '\0';
	e->has_interp = 1;
	return 0;
}

int elf_parse(const uint8_t *p, size_t n, struct elf_info *e)
{
	uint64_t phoff;
	unsigned phsize, phnum, i;

	memset(e, 0, sizeof *e);
	if (n < 52 || memcmp(p, "\177ELF", 4) != 0 || (p[4] != 1 && p[4] != 2) ||
	    (p[5] != 1 && p[5] != 2))
		return -EINVAL;
	e->bits = p[4] == 2 ? 64 : 32;
	e->big_endian = p[5] == 2;
	if (e->bits == 64 && n < 64)
		return -ENODATA;
	e->type = (uint16_t)get(p + 16, 2, e->big_endian);
	e->machine = (uint16_t)get(p + 18, 2, e->big_endian);
	if (e->type != ET_EXEC && e->type != ET_DYN)
		return -EINVAL;
	ph_table(p, e, &phoff, &phsize, &phnum);
	if (phsize < (e->bits == 64 ? 56u : 32u))
		return -EINVAL;
	if (phoff > n || (uint64_t)phsize * phnum > n - phoff)
		return -ENODATA;
	for (i = 0; i < phnum; i++) {
		const uint8_t *ph = p + phoff + (uint64_t)i * phsize;

		if (get(ph, 4, e->big_endian) == PT_INTERP)
			return read_interp(p, n, ph, e);
	}
	return 0;
}

const char *elf_machine(uint16_t machine)
{
	static char buf[32];

	switch (machine) {
	case 3: return "i386";
	case 8: return "mips";
	case 20: return "ppc";
	case 21: return "ppc64";
	case 22: return "s390";
	case 40: return "arm";
	case 62: return "x86-64";
	case 183: return "aarch64";
	case 243: return "riscv";
	case 258: return "loongarch";
	}
	snprintf(buf, sizeof buf, "machine %u", machine);
	return buf;
}
