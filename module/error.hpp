// The one exception type the engine throws: a stable code from the public
// header plus a message that is safe to show (it never holds a secret).
#pragma once

#include <stdexcept>
#include <string>

#include "embyprov/embyprov.h"

namespace embyprov {

class Error : public std::runtime_error {
public:
    Error(embyprov_error code, const std::string& message)
        : std::runtime_error(message), code_(code) {}

    embyprov_error code() const noexcept { return code_; }

private:
    embyprov_error code_;
};

/// Bad input from the host (params, request or config).
[[noreturn]] inline void throw_invalid(const std::string& message)
{
    throw Error(EMBYPROV_EINVALID, message);
}

}  // namespace embyprov
