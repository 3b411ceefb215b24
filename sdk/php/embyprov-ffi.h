#define FFI_SCOPE "EMBYPROV"
#define FFI_LIB "libembyprov.so.1"
/*
 * embyprov-ffi.h - the part of embyprov.h that PHP FFI uses, for ffi.preload.
 *
 * Optional. With it, the library is loaded once per PHP process:
 *
 *     ; /etc/php/8.2/fpm/conf.d/99-embyprov.ini
 *     opcache.preload = /usr/share/embyprov/php/Embyprov.php
 *     opcache.preload_user = www-data
 *     ffi.preload = /usr/share/embyprov/php/embyprov-ffi.h
 *
 * Embyprov.php then uses the scope EMBYPROV. FFI_LIB is the SONAME, found
 * through the dynamic loader's cache (the package runs ldconfig).
 * Keep the declarations in step with Library::CDEF in Embyprov.php. The two
 * #define lines must stay first in the file: PHP reads them only there.
 */
typedef struct embyprov_ctx embyprov_ctx;
typedef void (*embyprov_log_fn)(void *userdata, const char *action, const char *request, const char *response);
const char *embyprov_version(void);
uint32_t embyprov_abi_version(void);
const char *embyprov_strerror(int code);
int embyprov_open(const char *config_json, embyprov_ctx **out);
int embyprov_open_v2(const char *config_json, embyprov_ctx **out, char **error);
void embyprov_close(embyprov_ctx *ctx);
int embyprov_set_log_callback(embyprov_ctx *ctx, embyprov_log_fn fn, void *userdata);
const char *embyprov_last_error(const embyprov_ctx *ctx);
void embyprov_free(void *ptr);
int embyprov_call(embyprov_ctx *ctx, const char *hook, const char *params_json, const char *request_json, char **result_json);
