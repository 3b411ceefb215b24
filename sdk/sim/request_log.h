// The record of every non-control request, for /__sim/requests.
// Not thread-safe (Simulator's mutex).
#pragma once

#include "http_types.h"
#include "json_util.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>

namespace sim {

class RequestLog {
public:
    RequestLog(bool keepBodies, std::size_t maxEntries) : keepBodies_(keepBodies), maxEntries_(maxEntries) {}

    // Files the request on arrival (status -1 until finished); returns its seq.
    // `fault` is the applied fault kind's name, "" for none: it is known on
    // arrival, so a test polling the log sees it while the request is held.
    std::uint64_t begin(const SimRequest& request, const std::string& fault);
    // The real handler ran for this request (it may have changed state).
    void markActed(std::uint64_t seq);
    // Status 0 means the connection was closed without an answer. Called
    // once for every begin().
    void finish(std::uint64_t seq, int status, const SimResponse* response);
    void clear() { entries_.clear(); }
    JsonArray toJson() const;

private:
    struct Entry {
        std::uint64_t seq = 0;
        std::string method, path, query;
        int status = -1;
        std::string fault;
        bool acted = false;
        int inFlight = 0;  // other requests begun and not yet finished when this one arrived
        std::string requestBody, responseBody, responseType, authorization, contentType;
    };

    Entry* find(std::uint64_t seq);

    bool keepBodies_;
    std::size_t maxEntries_;
    std::uint64_t nextSeq_ = 1;
    int unfinished_ = 0;  // begun, not finished (cleared entries included)
    std::deque<Entry> entries_;  // ordered by seq
};

}  // namespace sim
