#include "http_io.hpp"

#include <istream>
#include <sstream>

#include <Poco/Net/NameValueCollection.h>
#include <Poco/String.h>
#include <Poco/URI.h>

namespace panel {

namespace {

// The library refuses params over 1 MiB; nothing a person types comes near.
constexpr std::size_t kMaxBody = 1024 * 1024;
constexpr int kMaxFields = 1000;

std::string read_body(Poco::Net::HTTPServerRequest& request)
{
    if (request.hasContentLength() && request.getContentLength64() > static_cast<Poco::Int64>(kMaxBody))
        throw BadRequest{413, "The form is too large."};
    std::string body;
    char buf[8192];
    std::istream& in = request.stream();
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        body.append(buf, static_cast<std::size_t>(in.gcount()));
        if (body.size() > kMaxBody)
            throw BadRequest{413, "The form is too large."};
    }
    return body;
}

void security_headers(Poco::Net::HTTPServerResponse& response, const std::string& script_src = {})
{
    // No script runs on panel pages unless a page names it: the panel needs
    // none, and this keeps a markup slip (in the panel or in an embedded
    // template) from running code.
    response.set("Content-Security-Policy",
                 "default-src 'none'; " + (script_src.empty() ? std::string() : "script-src " + script_src + "; ") +
                     "style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
                     "frame-ancestors 'none'; base-uri 'none'");
    response.set("X-Content-Type-Options", "nosniff");
    response.set("X-Frame-Options", "DENY");
    response.set("Referrer-Policy", "no-referrer");
    response.set("Cache-Control", "no-store");
}

}  // namespace

Exchange::Exchange(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res)
    : request(req), response(res), method(req.getMethod())
{
    Poco::URI uri;
    try {
        uri = Poco::URI(req.getURI());
    } catch (const Poco::Exception&) {
        throw BadRequest{400, "The address is malformed."};
    }
    path = uri.getPath();
    form.setFieldLimit(kMaxFields);
    try {
        if (method == "POST") {
            const std::string body = read_body(req);
            std::istringstream in(body);
            form.load(req, in);
        } else {
            form.load(req);
        }
    } catch (const Poco::Exception&) {
        throw BadRequest{400, "The form could not be read."};
    }
}

std::string Exchange::field(const std::string& name) const
{
    return Poco::trim(form.get(name, ""));
}

std::string Exchange::raw_field(const std::string& name) const
{
    return form.get(name, "");
}

std::string Exchange::cookie(const std::string& name) const
{
    Poco::Net::NameValueCollection cookies;
    request.getCookies(cookies);
    return cookies.get(name, "");
}

std::string Exchange::client_address() const
{
    return request.clientAddress().host().toString();
}

void send_html(Poco::Net::HTTPServerResponse& response, int status, const std::string& page,
               const std::string& script_src)
{
    security_headers(response, script_src);
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentType("text/html; charset=utf-8");
    response.sendBuffer(page.data(), page.size());
}

void redirect(Poco::Net::HTTPServerResponse& response, const std::string& location)
{
    security_headers(response);
    response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_SEE_OTHER);
    response.set("Location", location);
    response.setContentLength(0);
    response.send();
}

}  // namespace panel
