#include "sim_client.hpp"

#include <sstream>
#include <stdexcept>

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

namespace itest {

namespace {

Poco::Dynamic::Var parse(const std::string& text)
{
    return Poco::JSON::Parser().parse(text);
}

std::string quote(const std::string& s)
{
    std::ostringstream o;
    Poco::JSON::Stringifier::stringify(Poco::Dynamic::Var(s), o);
    return o.str();
}

}  // namespace

SimClient::SimClient(const std::string& base_url, const std::string& api_key, bool emby_prefix, bool jellyfin)
    : api_key_(api_key), emby_prefix_(emby_prefix), jellyfin_(jellyfin)
{
    Poco::URI uri(base_url);
    host_ = uri.getHost();
    port_ = uri.getPort();
}

int SimClient::send(const std::string& method, const std::string& path, const std::string& body,
                    std::string& out, const std::string& token, const std::string& device)
{
    Poco::Net::HTTPClientSession session(host_, port_);
    session.setTimeout(Poco::Timespan(20, 0));
    std::string target = path;
    if (!emby_prefix_ && target.compare(0, 6, "/emby/") == 0)
        target = target.substr(5);
    Poco::Net::HTTPRequest req(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
    // Emby reads X-Emby-Authorization first, Jellyfin Authorization (and
    // Jellyfin 12 nothing else, so the token goes there too).
    std::string fields;
    if (!device.empty())
        fields = "Client=\"itest\", Device=\"" + device + "\", DeviceId=\"" + device + "\", Version=\"1.0\"";
    if (!device.empty())
        req.set("X-Emby-Authorization", "Emby " + fields);
    if (!token.empty()) {
        req.set("X-Emby-Token", token);
        fields += std::string(fields.empty() ? "" : ", ") + "Token=\"" + token + "\"";
    }
    if (!fields.empty())
        req.set("Authorization", "MediaBrowser " + fields);
    req.setContentLength(static_cast<std::streamsize>(body.size()));
    if (!body.empty())
        req.setContentType("application/json");
    session.sendRequest(req) << body;
    Poco::Net::HTTPResponse resp;
    std::istream& in = session.receiveResponse(resp);
    out.clear();
    Poco::StreamCopier::copyToString(in, out);
    return static_cast<int>(resp.getStatus());
}

std::vector<LoggedRequest> SimClient::requests()
{
    std::string body;
    send("GET", "/__sim/requests", "", body);
    std::vector<LoggedRequest> out;
    auto list = parse(body).extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < list->size(); ++i) {
        auto o = list->getObject(static_cast<unsigned>(i));
        out.push_back({o->getValue<std::string>("method"), o->getValue<std::string>("path"),
                       o->getValue<int>("status"), o->getValue<int>("in_flight")});
    }
    return out;
}

void SimClient::clear_requests()
{
    std::string body;
    send("DELETE", "/__sim/requests", "", body);
}

void SimClient::set_faults(const std::string& json)
{
    std::string body;
    if (send("POST", "/__sim/faults", json, body) / 100 != 2)
        throw std::runtime_error("the simulator refused the faults: " + body);
}

void SimClient::clear_faults()
{
    std::string body;
    send("DELETE", "/__sim/faults", "", body);
}

void SimClient::set_playing(const std::string& device_id, const std::string& item)
{
    std::string body;
    const std::string what = item.empty() ? "null" : quote(item);
    if (send("POST", "/__sim/playing", "{\"device_id\":" + quote(device_id) + ",\"item_name\":" + what + "}", body) !=
        204)
        throw std::runtime_error("POST /__sim/playing: " + body);
}

Poco::JSON::Object::Ptr SimClient::state()
{
    std::string body;
    send("GET", "/__sim/state", "", body);
    return parse(body).extract<Poco::JSON::Object::Ptr>();
}

int SimClient::sign_in(const std::string& user, const std::string& password, const std::string& device,
                       std::string* token)
{
    std::string body;
    const int status = send("POST", "/emby/Users/AuthenticateByName",
                            "{\"Username\":" + quote(user) + ",\"Pw\":" + quote(password) + "}", body, "",
                            device);
    if (token)
        *token = status == 200 ? parse(body).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>(
                                     "AccessToken")
                               : std::string();
    return status;
}

int SimClient::token_status(const std::string& token)
{
    std::string body;
    return send("GET", "/emby/System/Info", "", body, token);
}

Poco::JSON::Array::Ptr SimClient::all_users()
{
    std::string body;
    const int status = send("GET", "/emby/Users/Query", "", body, api_key_);
    if (status == 404 || status == 400) {  // Jellyfin: no such route ("Query" is not a user id there)
        send("GET", "/Users", "", body, api_key_);
        return parse(body).extract<Poco::JSON::Array::Ptr>();
    }
    return parse(body).extract<Poco::JSON::Object::Ptr>()->getArray("Items");
}

Poco::JSON::Object::Ptr SimClient::find_user(const std::string& name)
{
    auto items = all_users();
    for (std::size_t i = 0; i < items->size(); ++i) {
        auto u = items->getObject(static_cast<unsigned>(i));
        if (Poco::icompare(u->getValue<std::string>("Name"), name) == 0)
            return u;
    }
    return nullptr;
}

std::vector<std::string> SimClient::user_names()
{
    auto items = all_users();
    std::vector<std::string> out;
    for (std::size_t i = 0; i < items->size(); ++i)
        out.push_back(items->getObject(static_cast<unsigned>(i))->getValue<std::string>("Name"));
    return out;
}

std::vector<std::string> SimClient::views(const std::string& user_id)
{
    std::string body;
    send("GET", "/emby/Users/" + user_id + "/Views", "", body, api_key_);
    auto items = parse(body).extract<Poco::JSON::Object::Ptr>()->getArray("Items");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < items->size(); ++i)
        out.push_back(items->getObject(static_cast<unsigned>(i))->getValue<std::string>("Name"));
    return out;
}

std::string SimClient::create_user(const std::string& name, const std::string& password)
{
    std::string body;
    if (send("POST", "/emby/Users/New", "{\"Name\":" + quote(name) + "}", body, api_key_) != 200)
        throw std::runtime_error("creating " + name + " failed: " + body);
    const std::string id = parse(body).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("Id");
    std::string ignored;
    send("POST", "/emby/Users/" + id + "/Password",
         "{\"Id\":" + quote(id) + ",\"CurrentPw\":\"\",\"NewPw\":" + quote(password) + "}", ignored, api_key_);
    return id;
}

void SimClient::set_disabled(const std::string& user_id, bool disabled)
{
    std::string body;
    send("GET", "/emby/Users/" + user_id, "", body, api_key_);
    auto policy = parse(body).extract<Poco::JSON::Object::Ptr>()->getObject("Policy");
    policy->set("IsDisabled", disabled);
    std::ostringstream text;
    policy->stringify(text);
    if (send("POST", "/emby/Users/" + user_id + "/Policy", text.str(), body, api_key_) / 100 != 2)
        throw std::runtime_error("setting the policy failed: " + body);
}

std::vector<Poco::JSON::Object::Ptr> SimClient::devices_of(const std::string& user_id)
{
    std::string body;
    send("GET", "/emby/Devices", "", body, api_key_);
    auto items = parse(body).extract<Poco::JSON::Object::Ptr>()->getArray("Items");
    std::vector<Poco::JSON::Object::Ptr> out;
    for (std::size_t i = 0; i < items->size(); ++i) {
        auto d = items->getObject(static_cast<unsigned>(i));
        if (d->optValue<std::string>("LastUserId", "") == user_id)
            out.push_back(d);
    }
    return out;
}

Poco::JSON::Array::Ptr SimClient::libraries()
{
    std::string body;
    if (!jellyfin_) {
        send("GET", "/emby/Library/VirtualFolders/Query", "", body, api_key_);
        return parse(body).extract<Poco::JSON::Object::Ptr>()->getArray("Items");
    }
    // Jellyfin: a plain array; its ItemId is what EnabledFolders holds, so
    // it is given as "Guid" like Emby's.
    send("GET", "/Library/VirtualFolders", "", body, api_key_);
    auto items = parse(body).extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < items->size(); ++i) {
        auto item = items->getObject(static_cast<unsigned>(i));
        item->set("Guid", item->getValue<std::string>("ItemId"));
    }
    return items;
}

}  // namespace itest
