// The page frame every panel page shares: head with the stylesheet, the
// header with the area's navigation and log-out button, the flash message,
// and <main>.
#pragma once

#include <optional>
#include <string>

#include "sessions.hpp"

namespace panel {

enum class Area { Public, Admin, Client };

struct Chrome {
    std::string title;          ///< plain text
    Area area = Area::Public;
    std::string active;         ///< nav entry to mark as the current page
    std::string csrf;           ///< for the log-out form; empty when signed out
    std::string signed_in_as;   ///< plain text shown next to log out
    std::optional<Flash> flash;
};

/// A whole HTML document; `body` is markup built with html::*.
std::string render_page(const Chrome& chrome, const std::string& body);

/// The flash box (role=status on success, role=alert on failure).
std::string render_flash(const Flash& flash);

/// A notice box for errors shown inside a page (role=alert).
std::string error_notice(const std::string& id, const std::string& text);

}  // namespace panel
