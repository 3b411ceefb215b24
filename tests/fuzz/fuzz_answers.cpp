// Fuzz target for what a server answers: any bytes as a response body, fed
// through the readers the client uses (a whole answer within its budget, a
// list one item at a time) into every record type, and through the masker
// that every log line and message passes. Errors are fine; crashes, hangs
// and sanitizer reports are not.
//
// Input: byte 0 picks the reader and the record; the rest is the body.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "emby_types.hpp"
#include "error.hpp"
#include "json_budget.hpp"
#include "secrets.hpp"

namespace {

using embyprov::json::Object;

void as_record(int kind, const Object& o)
{
    switch (kind % 5) {
    case 0: embyprov::UserDto::from(o); break;
    case 1: embyprov::DeviceInfo::from(o); break;
    case 2: embyprov::SessionInfo::from(o); break;
    case 3: embyprov::VirtualFolderInfo::from(o); break;
    default: embyprov::PublicSystemInfo::from(o); break;
    }
}

const embyprov::SecretSet& secrets()
{
    static const embyprov::SecretSet* s = [] {
        auto* set = new embyprov::SecretSet;
        for (const std::string& v : {std::string("0123456789abcdef"), std::string("P@ss w/\"\xc3\xb6<&>'z"),
                                     std::string(20, '\\')})
            set->add(v);
        return set;
    }();
    return *s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
        return 0;
    const int pick = data[0];
    const std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
    embyprov::json::ReadLimits limits = embyprov::json::ReadLimits::for_body(64 * 1024);
    try {
        if (pick & 0x80) {
            embyprov::json::for_each_remote_item(body, "a list", limits,
                                                 [&](const Object& o) { as_record(pick, o); });
        } else {
            Poco::Dynamic::Var v = embyprov::json::parse_remote(body, "an answer", limits);
            if (v.type() == typeid(embyprov::json::ObjectPtr))
                as_record(pick, *v.extract<embyprov::json::ObjectPtr>());
        }
    } catch (const embyprov::Error&) {
    } catch (const Poco::Exception&) {
    }
    // The masker must leave no secret and never grow a text beyond reason.
    const std::string masked = embyprov::mask_all(secrets(), body);
    if (masked.find("0123456789abcdef") != std::string::npos || masked.size() > body.size() * 9 + 16)
        std::abort();
    return 0;
}
