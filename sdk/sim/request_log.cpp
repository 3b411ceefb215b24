#include "request_log.h"

#include <algorithm>

namespace sim {

std::uint64_t RequestLog::begin(const SimRequest& request, const std::string& fault) {
    Entry entry;
    entry.seq = nextSeq_++;
    entry.fault = fault;
    entry.inFlight = unfinished_++;
    entry.method = request.method;
    entry.path = request.path;
    entry.query = request.rawQuery;
    if (keepBodies_) {
        entry.requestBody = request.body;
        entry.contentType = request.contentType();
        entry.authorization = request.headers.has("X-Emby-Authorization") ? request.header("X-Emby-Authorization")
                                                                          : request.header("Authorization");
    }
    entries_.push_back(entry);
    while (entries_.size() > maxEntries_) entries_.pop_front();  // bound memory under benchmarks
    return entry.seq;
}

RequestLog::Entry* RequestLog::find(std::uint64_t seq) {
    auto it = std::lower_bound(entries_.begin(), entries_.end(), seq,
                               [](const Entry& e, std::uint64_t s) { return e.seq < s; });
    if (it == entries_.end() || it->seq != seq) return nullptr;  // cleared meanwhile
    return &*it;
}

void RequestLog::markActed(std::uint64_t seq) {
    if (Entry* entry = find(seq)) entry->acted = true;
}

void RequestLog::finish(std::uint64_t seq, int status, const SimResponse* response) {
    if (unfinished_ > 0) --unfinished_;
    Entry* it = find(seq);
    if (!it) return;
    it->status = status;
    if (keepBodies_ && response) {
        it->responseBody = response->body;
        it->responseType = response->contentType;
    }
}

JsonArray RequestLog::toJson() const {
    JsonArray array = makeArray();
    for (const auto& entry : entries_) {
        JsonObject item = makeObject();
        item->set("seq", static_cast<Poco::UInt64>(entry.seq));
        item->set("method", entry.method);
        item->set("path", entry.path);
        item->set("query", entry.query);
        item->set("status", entry.status);
        item->set("fault", entry.fault.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(entry.fault));
        item->set("acted", entry.acted);
        item->set("in_flight", entry.inFlight);
        if (keepBodies_) {
            item->set("request_body", entry.requestBody);
            item->set("request_content_type", entry.contentType);
            item->set("request_authorization", entry.authorization);
            item->set("response_body", entry.responseBody);
            item->set("response_type", entry.responseType);
        }
        array->add(item);
    }
    return array;
}

}  // namespace sim
