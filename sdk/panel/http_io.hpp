// One HTTP exchange as the page code sees it: the decoded path, the form
// fields (a POST body or a GET query, size-capped), cookies, and replies
// that always carry the panel's security headers.
#pragma once

#include <string>
#include <vector>

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

namespace panel {

/// Thrown while reading a request the panel refuses (too large, malformed).
struct BadRequest {
    int status;
    std::string message;
};

struct Exchange {
    Poco::Net::HTTPServerRequest& request;
    Poco::Net::HTTPServerResponse& response;
    std::string method;
    std::string path;                  ///< without the query
    Poco::Net::HTMLForm form;          ///< POST body fields, or the GET query
    std::vector<std::string> captures; ///< the route's regex groups

    Exchange(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res);

    bool is_post() const { return method == "POST"; }
    /// A form field, trimmed of surrounding white space ("" when absent).
    std::string field(const std::string& name) const;
    /// A form field exactly as posted (passwords are not trimmed).
    std::string raw_field(const std::string& name) const;
    std::string cookie(const std::string& name) const;
    /// The TCP peer's address, for sign-in throttling. Forwarded headers
    /// (X-Forwarded-For, ...) are not trusted: anyone can send them.
    std::string client_address() const;
};

/// Sends a complete HTML page. `script_src` lists the CSP sources allowed to
/// run scripts on it (default: none).
void send_html(Poco::Net::HTTPServerResponse& response, int status, const std::string& page,
               const std::string& script_src = {});

/// 303 See Other to a path on this panel (after a POST, so reload is safe).
void redirect(Poco::Net::HTTPServerResponse& response, const std::string& location);

}  // namespace panel
