/* expand.h: ${VAR} expansion of one spec field from the environment.
 * Only the braced form is recognised (a lone '$' is literal, as in
 * gen_init_cpio), expansion is not recursive, and an unset variable is an
 * error rather than an empty string: a missing $BUILD must not quietly turn
 * "${BUILD}/init" into "/init" from the host. */
#ifndef BATON_PACK_EXPAND_H
#define BATON_PACK_EXPAND_H

/* Expands every ${NAME} in `in`. On success returns 0 and a malloc'd
 * string in *out. On failure *out is NULL and returns
 *   -ENOENT  variable not set; *var is its malloc'd name,
 *   -EINVAL  "${" not closed, or NAME not [A-Za-z_][A-Za-z0-9_]*;
 *            *var is the malloc'd offending text from "${" on,
 *   -ENOMEM. */
int expand_vars(const char *in, char **out, char **var);

#endif
