#include "owned_user.hpp"

#include <openssl/rand.h>

#include "error.hpp"

namespace embyprov {

namespace {

constexpr const char* kPendingPrefix = "embyprov-";
constexpr std::size_t kPendingHexDigits = 24;  // 96 bits

/// The user the journal names: by id once known, else by its pending name.
std::optional<UserDto> recorded_user(EmbyClient& client, const PendingOperation& pending)
{
    if (const std::string id = pending.get("user_id"); !id.empty())
        return client.find_user(id);
    if (const std::string name = pending.get("pending_name"); !name.empty())
        return client.find_user_by_exact_name(name);
    return std::nullopt;
}

}  // namespace

std::string pending_user_name()
{
    unsigned char bytes[kPendingHexDigits / 2];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        throw Error(EMBYPROV_ERROR, "the system's random number generator failed");
    static const char* hex = "0123456789abcdef";
    std::string out = kPendingPrefix;
    for (unsigned char b : bytes) {
        out += hex[b >> 4];
        out += hex[b & 15];
    }
    return out;
}

UserDto create_owned_user(Call& call, EmbyClient& client, Operation& op, const NewUser& spec,
                          const std::function<void(const UserDto&)>& then,
                          const std::function<void(const UserDto&)>& records)
{
    std::map<std::string, std::string> data;
    std::optional<UserDto> user;
    if (op.leftover()) {
        data = op.leftover()->data;
        user = recorded_user(client, *op.leftover());
    }
    if (data["pending_name"].empty())
        data["pending_name"] = pending_user_name();
    data["username"] = spec.username;
    if (!user) {
        data.erase("user_id");  // recorded, but gone from the server
        op.record(data);        // the name is ours before the server hears it
        try {
            user = client.create_user(data["pending_name"]);
        } catch (const Error&) {
            // No answer is not "not created": the name tells.
            std::optional<UserDto> found;
            try {
                found = client.find_user_by_exact_name(data["pending_name"]);
            } catch (const Error&) {
            }
            if (!found)
                throw;  // the journal keeps the name for whoever comes next
            user = std::move(found);
        }
    }
    if (data["user_id"] != user->id) {
        data["user_id"] = user->id;
        op.record(data);
    }

    try {
        complete_user(call, client, *user, spec, !user->has_configured_password);
        if (user->name != spec.username) {
            client.rename_user(*user, spec.username);
            user->name = spec.username;
        }
        if (then)
            then(*user);
    } catch (const Error& e) {
        // Undo now if the server lets us; else the journal says what to undo.
        std::string note;
        try {
            client.delete_user(user->id);
            op.complete();
        } catch (const std::exception&) {
            note = "; the half-created user could not be removed yet, the next call for this service "
                   "will finish or remove it";
        }
        if (note.empty())
            throw;  // keep the error as it was (it may be written for the customer)
        throw Error(e.code(), std::string(e.what()) + note);
    }
    // A store failure here leaves the journal naming a complete user: the
    // next create finds it by id and converges.
    op.complete([&] {
        if (records)
            records(*user);
    });
    return *user;
}

bool undo_owned_user(EmbyClient& client, const PendingOperation& pending)
{
    const std::optional<UserDto> user = recorded_user(client, pending);
    return user && client.delete_user(user->id);
}

}  // namespace embyprov
