#ifndef RE2_SHIM_H
#define RE2_SHIM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A compiled RE2 pattern (UTF-8, leftmost-first, `.` does not match a newline). Immutable once compiled:
/// matching is safe from any number of threads at once.
typedef struct re2_shim_pattern re2_shim_pattern;

/// Compiles `length` bytes of `pattern` with at most `max_memory` bytes for the compiled program and its
/// automata. Returns NULL when the pattern does not compile; then, if `error` is not NULL, `*error` is a
/// NUL-terminated message that the caller releases with re2_shim_free_message.
re2_shim_pattern *re2_shim_compile(const char *pattern, size_t length, long long max_memory, char **error);

/// Whether the pattern matches anywhere in the `length` bytes at `text` (unanchored search). Runs in time
/// linear in `length`: RE2 never backtracks.
int re2_shim_partial_match(const re2_shim_pattern *compiled, const char *text, size_t length);

/// Frees a message returned by re2_shim_compile.
void re2_shim_free_message(char *message);

/// Frees a compiled pattern.
void re2_shim_free(re2_shim_pattern *compiled);

#ifdef __cplusplus
}
#endif

#endif
