// JSON shapes of the server's answers (UserDto, SessionInfo, DeviceInfo, ...),
// per flavor. Null properties are simply never set.
#pragma once

#include "json_util.h"
#include "ids.h"
#include "state_model.h"

#include <string>

namespace sim {

class SimState;

JsonObject queryResult(const JsonArray& items, std::size_t total, Flavor flavor);

JsonObject userDto(const SimState& state, const User& user);
JsonObject sessionDto(SimState& state, const Session& session);
JsonObject deviceDto(SimState& state, const AccessToken& token);
JsonObject authenticationResult(SimState& state, const User& user, const Session& session,
                                const std::string& accessToken);

JsonObject virtualFolderDto(const SimState& state, const Library& library);
JsonObject libraryItemDto(const SimState& state, const Library& library);
JsonObject selectableFolderDto(const Library& library);

JsonObject publicSystemInfoDto(const SimState& state);
JsonObject systemInfoDto(const SimState& state);

}  // namespace sim
