/* list.h: the listing of members (baton-check -l), in the columns of
 * GNU cpio -itv --numeric-uid-gid, with dates as YYYY-MM-DD HH:MM UTC:
 *   MODE NLINK UID GID SIZE|MAJ, MIN DATE NAME[ -> TARGET]
 * Every member is listed as stored, in image order, across segments;
 * TRAILER!!! is not (as cpio does not). */
#ifndef BATON_CHECK_LIST_H
#define BATON_CHECK_LIST_H

#include <stdio.h>

#include "cpio.h"

void list_member(const struct centry *e, FILE *out);

#endif
