// Small rules about text that several inputs share.
#pragma once

#include <algorithm>
#include <string>

namespace embyprov {

/// Whether `text` holds a C0 control character or DEL (line breaks, tabs,
/// NUL ...), which no name, password, address or header value may carry.
inline bool has_control_characters(const std::string& text)
{
    return std::any_of(text.begin(), text.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

}  // namespace embyprov
