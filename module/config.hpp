// The context configuration given to embyprov_open(), validated once.
#pragma once

#include <string>

namespace embyprov {

struct Config {
    std::string database = "sqlite:embyprov.db";
    std::string templates_dir;
    std::string lang_dir;
    int connect_timeout_ms = 5000;
    int timeout_ms = 15000;
    /// The most one hook call may take in all (requests and lock waits).
    int call_timeout_ms = 120000;
    /// The largest server answer read (the body cap); reading one takes a
    /// few times this in memory at most (json_budget.hpp).
    int max_answer_bytes = 32 * 1024 * 1024;
    int max_parallel = 16;
    /// Requests of the whole process in flight to one server at most.
    int server_connections = 16;
    /// How long an operation waits for another one on the same service.
    int lock_wait_ms = 60000;
    /// The audit trail keeps rows younger than this many days, and at most
    /// this many rows per service.
    int audit_keep_days = 365;
    int audit_keep_rows = 1000;
    bool tls_verify = true;
    std::string ca_file;
    std::string client_name = "embyprov";
    std::string device_id;  ///< filled from the DSN when not given

    /// Parses config JSON (NULL/empty = defaults). Throws Error(EINVALID).
    static Config parse(const char* json_text);
};

}  // namespace embyprov
