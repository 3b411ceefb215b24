/* The public header alone must compile cleanly as C99 (and, built from
 * headertest.cpp, as C++) with every warning an error. */
#include "embyprov/embyprov.h"

int main(void)
{
    embyprov_log_fn fn = 0;
    (void)fn;
    return EMBYPROV_ABI_VERSION == 1 && EMBYPROV_OK == 0 ? 0 : 1;
}
