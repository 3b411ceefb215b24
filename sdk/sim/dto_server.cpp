// System info and library shapes.
#include "dto.h"

#include "sim_state.h"

namespace sim {

namespace {

void addPublicFields(JsonObject& dto, const SimState& state) {
    const auto& server = state.server;
    dto->set("LocalAddress", server.localAddress);
    if (state.flavor == Flavor::Emby) {
        dto->set("LocalAddresses", stringArray({server.localAddress}));
        dto->set("WanAddress", server.localAddress);
        dto->set("RemoteAddresses", makeArray());
    }
    dto->set("ServerName", server.name);
    dto->set("Version", server.version);
    if (state.flavor == Flavor::Jellyfin) {
        dto->set("ProductName", std::string("Jellyfin Server"));
        dto->set("OperatingSystem", std::string());  // obsolete, "no longer set"
    }
    dto->set("Id", server.id);
    if (state.flavor == Flavor::Jellyfin) dto->set("StartupWizardCompleted", true);
}

void addEmbySystemFields(JsonObject& dto, const SimState& state) {
    dto->set("SystemUpdateLevel", std::string("Release"));
    dto->set("OperatingSystemDisplayName", std::string("Linux"));
    dto->set("PackageName", std::string("embyprov-sim"));
    dto->set("HasPendingRestart", false);
    dto->set("IsShuttingDown", false);
    dto->set("HasImageEnhancers", false);
    dto->set("OperatingSystem", std::string("Linux"));
    dto->set("SupportsLibraryMonitor", true);
    dto->set("SupportsLocalPortConfiguration", true);
    dto->set("SupportsWakeServer", false);
    dto->set("WebSocketPortNumber", Poco::Int64(state.server.port));
    dto->set("CompletedInstallations", makeArray());
    dto->set("CanSelfRestart", false);
    dto->set("CanSelfUpdate", false);
    dto->set("CanLaunchWebBrowser", false);
    dto->set("ProgramDataPath", std::string("/var/lib/emby"));
    dto->set("ItemsByNamePath", std::string("/var/lib/emby/metadata"));
    dto->set("CachePath", std::string("/var/lib/emby/cache"));
    dto->set("LogPath", std::string("/var/lib/emby/logs"));
    dto->set("InternalMetadataPath", std::string("/var/lib/emby/metadata"));
    dto->set("TranscodingTempPath", std::string("/var/lib/emby/transcoding-temp"));
    dto->set("HttpServerPortNumber", Poco::Int64(state.server.port));
    dto->set("SupportsHttps", false);
    dto->set("HttpsPortNumber", Poco::Int64(8920));
    dto->set("HasUpdateAvailable", false);
    dto->set("SupportsAutoRunAtStartup", false);
    dto->set("HardwareAccelerationRequiresPremiere", true);
    dto->set("WakeOnLanInfo", makeArray());
}

void addJellyfinSystemFields(JsonObject& dto, const SimState& state) {
    dto->set("OperatingSystemDisplayName", std::string("Linux"));
    dto->set("PackageName", std::string("embyprov-sim"));
    dto->set("HasPendingRestart", false);
    dto->set("IsShuttingDown", false);
    dto->set("SupportsLibraryMonitor", true);
    dto->set("WebSocketPortNumber", Poco::Int64(state.server.port));
    dto->set("CompletedInstallations", makeArray());
    dto->set("CanSelfRestart", false);
    dto->set("CanLaunchWebBrowser", false);
    dto->set("ProgramDataPath", std::string("/var/lib/jellyfin"));
    dto->set("WebPath", std::string("/usr/share/jellyfin/web"));
    dto->set("ItemsByNamePath", std::string("/var/lib/jellyfin/metadata"));
    dto->set("CachePath", std::string("/var/cache/jellyfin"));
    dto->set("LogPath", std::string("/var/log/jellyfin"));
    dto->set("InternalMetadataPath", std::string("/var/lib/jellyfin/metadata"));
    dto->set("TranscodingTempPath", std::string("/var/lib/jellyfin/transcodes"));
    dto->set("CastReceiverApplications", makeArray());
    dto->set("HasUpdateAvailable", false);
    dto->set("EncoderLocation", std::string("System"));
    dto->set("SystemArchitecture", std::string("X64"));
}

}  // namespace

JsonObject publicSystemInfoDto(const SimState& state) {
    JsonObject dto = makeObject();
    addPublicFields(dto, state);
    return dto;
}

JsonObject systemInfoDto(const SimState& state) {
    JsonObject dto = makeObject();
    if (state.flavor == Flavor::Emby) {
        addEmbySystemFields(dto, state);
        addPublicFields(dto, state);
    } else {
        addPublicFields(dto, state);
        addJellyfinSystemFields(dto, state);
    }
    return dto;
}

JsonObject virtualFolderDto(const SimState& state, const Library& library) {
    JsonObject dto = makeObject();
    dto->set("Name", library.name);
    dto->set("Locations", stringArray({library.location}));
    if (!library.collectionType.empty()) dto->set("CollectionType", library.collectionType);
    dto->set("ItemId", library.itemId);
    if (state.flavor == Flavor::Emby) {
        dto->set("Id", library.id);
        dto->set("Guid", library.guid);
    }
    dto->set("RefreshStatus", std::string("Idle"));
    return dto;
}

JsonObject libraryItemDto(const SimState& state, const Library& library) {
    JsonObject dto = makeObject();
    dto->set("Name", library.name);
    dto->set("ServerId", state.server.id);
    dto->set("Id", library.itemId);
    if (state.flavor == Flavor::Emby) dto->set("Guid", library.guid);
    dto->set("DateCreated", isoDate(library.created, state.flavor));
    dto->set("IsFolder", true);
    dto->set("Type", std::string("CollectionFolder"));
    if (!library.collectionType.empty()) dto->set("CollectionType", library.collectionType);
    return dto;
}

JsonObject selectableFolderDto(const Library& library) {
    JsonObject sub = makeObject();
    sub->set("Name", library.name);
    sub->set("Id", std::to_string(1000 + std::stoi(library.id)));
    sub->set("Path", library.location);
    sub->set("IsUserAccessConfigurable", true);
    JsonArray subFolders = makeArray();
    subFolders->add(sub);

    JsonObject dto = makeObject();
    dto->set("Name", library.name);
    dto->set("Id", library.id);
    dto->set("Guid", library.guid);
    dto->set("SubFolders", subFolders);
    dto->set("IsUserAccessConfigurable", true);
    return dto;
}

}  // namespace sim
