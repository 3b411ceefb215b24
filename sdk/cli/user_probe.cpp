#include "user_probe.hpp"

#include <sstream>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

namespace cli {

UserProbe::UserProbe(const std::string& base_url)
{
    Poco::URI uri(base_url);
    scheme_ = uri.getScheme();
    host_ = uri.getHost();
    port_ = uri.getPort();
    prefix_ = uri.getPath();
    while (!prefix_.empty() && prefix_.back() == '/')
        prefix_.pop_back();
    if (prefix_.empty())
        prefix_ = "/emby";
}

int UserProbe::send(const std::string& method, const std::string& path, const std::string& body,
                    const std::string& token, const std::string& device_id, std::string& response)
{
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (scheme_ == "https")
        session = std::make_unique<Poco::Net::HTTPSClientSession>(host_, port_);
    else
        session = std::make_unique<Poco::Net::HTTPClientSession>(host_, port_);
    session->setTimeout(Poco::Timespan(15, 0));
    Poco::Net::HTTPRequest req(method, prefix_ + path, Poco::Net::HTTPMessage::HTTP_1_1);
    req.set("X-Emby-Authorization", "Emby Client=\"embyprov-probe\", Device=\"" + device_id +
                                        "\", DeviceId=\"" + device_id + "\", Version=\"1.0\"");
    if (!token.empty())
        req.set("X-Emby-Token", token);
    if (!body.empty()) {
        req.setContentType("application/json");
        req.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    session->sendRequest(req) << body;
    Poco::Net::HTTPResponse resp;
    std::istream& in = session->receiveResponse(resp);
    response.clear();
    Poco::StreamCopier::copyToString(in, response);
    return static_cast<int>(resp.getStatus());
}

int UserProbe::sign_in(const std::string& user, const std::string& password,
                       const std::string& device_id, std::string& token)
{
    Poco::JSON::Object body;
    body.set("Username", user);
    body.set("Pw", password);
    std::ostringstream text;
    body.stringify(text);
    std::string response;
    const int status = send("POST", "/Users/AuthenticateByName", text.str(), "", device_id, response);
    token.clear();
    if (status == 200) {
        Poco::JSON::Parser parser;
        auto obj = parser.parse(response).extract<Poco::JSON::Object::Ptr>();
        token = obj->optValue<std::string>("AccessToken", "");
    }
    return status;
}

int UserProbe::token_status(const std::string& token)
{
    std::string response;
    return send("GET", "/System/Info", "", token, "embyprov-probe", response);
}

}  // namespace cli
