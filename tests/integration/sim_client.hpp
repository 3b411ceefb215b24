// Talks to the simulator the way the test's independent judge needs: its
// control API (request log, faults, state) and the customer's side of the
// Emby API (sign in, what a token can see). Shares nothing with module/.
#pragma once

#include <string>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

namespace itest {

struct LoggedRequest {
    std::string method;
    std::string path;
    int status = 0;
    int in_flight = 0;  ///< other requests unanswered when it arrived
};

class SimClient {
public:
    /// `emby_prefix` false: a server without the /emby path prefix
    /// (Jellyfin 12); paths written "/emby/..." are sent without it.
    SimClient(const std::string& base_url, const std::string& api_key, bool emby_prefix = true,
              bool jellyfin = false);

    // control API
    std::vector<LoggedRequest> requests();
    void clear_requests();
    void set_faults(const std::string& json);
    void clear_faults();
    /// What the session of `device_id` is playing ("" stops it).
    void set_playing(const std::string& device_id, const std::string& item);
    Poco::JSON::Object::Ptr state();

    // the customer's side
    int sign_in(const std::string& user, const std::string& password, const std::string& device,
                std::string* token = nullptr);
    int token_status(const std::string& token);  ///< GET /System/Info with it

    // the admin's side (API key), to set up and to inspect
    Poco::JSON::Array::Ptr all_users();
    Poco::JSON::Object::Ptr find_user(const std::string& name);  ///< null when absent
    std::vector<std::string> user_names();
    std::vector<std::string> views(const std::string& user_id);
    std::string create_user(const std::string& name, const std::string& password);
    void set_disabled(const std::string& user_id, bool disabled);
    std::vector<Poco::JSON::Object::Ptr> devices_of(const std::string& user_id);
    Poco::JSON::Array::Ptr libraries();

    /// Raw request; returns status, body in `out`.
    int send(const std::string& method, const std::string& path, const std::string& body,
             std::string& out, const std::string& token = "", const std::string& device = "");

private:
    std::string host_;
    unsigned short port_;
    std::string api_key_;
    bool emby_prefix_ = true;
    bool jellyfin_ = false;
};

}  // namespace itest
