#ifndef CLAME_SHIM_H
#define CLAME_SHIM_H
// libmp3lame's entry points, resolved at run time (dlopen/dlsym): the engine binary has no link-time dependency on
// libmp3lame, so it starts where the library is missing and says so only when recordings need it. The prototypes
// are those of LAME 3.100's lame.h; the encoder state is opaque here.
#include <dlfcn.h>
#include <stddef.h>

typedef struct clame_api {
    void *handle;
    void *(*create)(void);
    int (*set_in_samplerate)(void *, int);
    int (*set_out_samplerate)(void *, int);
    int (*set_num_channels)(void *, int);
    int (*set_brate)(void *, int);
    int (*set_mode)(void *, int);
    int (*set_quality)(void *, int);
    int (*set_bWriteVbrTag)(void *, int);
    int (*init_params)(void *);
    int (*encode_buffer)(void *, const short *, const short *, int, unsigned char *, int);
    int (*encode_buffer_interleaved)(void *, short *, int, unsigned char *, int);
    int (*encode_flush)(void *, unsigned char *, int);
    int (*destroy)(void *);
} clame_api;

/// LAME's MPEG_mode values.
enum { CLAME_JOINT_STEREO = 1, CLAME_MONO = 3 };

/// Opens the library at `path` and resolves every entry point: 0 on success, -1 when the library cannot be opened,
/// -2 when an entry point is missing (dlerror() tells which).
static inline int clame_open(clame_api *api, const char *path) {
    api->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!api->handle) return -1;
#define CLAME_RESOLVE(field, symbol)                                                                                  \
    api->field = (__typeof__(api->field))dlsym(api->handle, symbol);                                                 \
    if (!api->field) return -2;
    CLAME_RESOLVE(create, "lame_init")
    CLAME_RESOLVE(set_in_samplerate, "lame_set_in_samplerate")
    CLAME_RESOLVE(set_out_samplerate, "lame_set_out_samplerate")
    CLAME_RESOLVE(set_num_channels, "lame_set_num_channels")
    CLAME_RESOLVE(set_brate, "lame_set_brate")
    CLAME_RESOLVE(set_mode, "lame_set_mode")
    CLAME_RESOLVE(set_quality, "lame_set_quality")
    CLAME_RESOLVE(set_bWriteVbrTag, "lame_set_bWriteVbrTag")
    CLAME_RESOLVE(init_params, "lame_init_params")
    CLAME_RESOLVE(encode_buffer, "lame_encode_buffer")
    CLAME_RESOLVE(encode_buffer_interleaved, "lame_encode_buffer_interleaved")
    CLAME_RESOLVE(encode_flush, "lame_encode_flush")
    CLAME_RESOLVE(destroy, "lame_close")
#undef CLAME_RESOLVE
    return 0;
}

/// The last dlopen/dlsym error, or "".
static inline const char *clame_error(void) {
    const char *text = dlerror();
    return text ? text : "";
}
#endif
