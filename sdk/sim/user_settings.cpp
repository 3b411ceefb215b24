#include "user_settings.h"

#include "state_model.h"
#include "text_util.h"

#include <algorithm>

namespace sim {

namespace {

using K = FieldKind;

const std::vector<std::string> kUnratedItems = {"Movie", "Trailer", "Series", "Music", "Game",
                                                "Book", "LiveTvChannel", "LiveTvProgram",
                                                "ChannelContent", "Other"};

// Emby 4.8 UserPolicy in spec order. Defaults follow the 3.5 constructor;
// fields that class did not have get false / 0 / [] (see the README).
const FieldTable kEmbyPolicy = {
    {"IsAdministrator", K::Bool, "false"},
    {"IsHidden", K::Bool, "false"},
    {"IsHiddenRemotely", K::Bool, "false"},
    {"IsHiddenFromUnusedDevices", K::Bool, "false"},
    {"IsDisabled", K::Bool, "false"},
    {"LockedOutDate", K::Int, "0"},
    {"MaxParentalRating", K::Int, "null"},
    {"AllowTagOrRating", K::Bool, "false"},
    {"BlockedTags", K::StringList, "[]"},
    {"IsTagBlockingModeInclusive", K::Bool, "false"},
    {"IncludeTags", K::StringList, "[]"},
    {"EnableUserPreferenceAccess", K::Bool, "true"},
    {"AccessSchedules", K::ObjectList, "[]"},
    {"BlockUnratedItems", K::StringList, "[]", kUnratedItems},
    {"EnableRemoteControlOfOtherUsers", K::Bool, "false"},
    {"EnableSharedDeviceControl", K::Bool, "true"},
    {"EnableRemoteAccess", K::Bool, "true"},
    {"EnableLiveTvManagement", K::Bool, "true"},
    {"EnableLiveTvAccess", K::Bool, "true"},
    {"EnableMediaPlayback", K::Bool, "true"},
    {"EnableAudioPlaybackTranscoding", K::Bool, "true"},
    {"EnableVideoPlaybackTranscoding", K::Bool, "true"},
    {"EnablePlaybackRemuxing", K::Bool, "true"},
    {"EnableContentDeletion", K::Bool, "true"},
    {"RestrictedFeatures", K::StringList, "[]"},
    {"EnableContentDeletionFromFolders", K::StringList, "[]"},
    {"EnableContentDownloading", K::Bool, "true"},
    {"EnableSubtitleDownloading", K::Bool, "false"},
    {"EnableSubtitleManagement", K::Bool, "false"},
    {"EnableSyncTranscoding", K::Bool, "true"},
    {"EnableMediaConversion", K::Bool, "true"},
    {"EnabledChannels", K::StringList, "[]"},
    {"EnableAllChannels", K::Bool, "true"},
    {"EnabledFolders", K::StringList, "[]"},
    {"EnableAllFolders", K::Bool, "true"},
    {"InvalidLoginAttemptCount", K::Int, "0"},
    {"EnablePublicSharing", K::Bool, "true"},
    {"BlockedMediaFolders", K::StringList, "null"},
    {"RemoteClientBitrateLimit", K::Int, "0"},
    {"AuthenticationProviderId", K::String,
     "\"Emby.Server.Implementations.Library.DefaultAuthenticationProvider\""},
    {"ExcludedSubFolders", K::StringList, "[]"},
    {"SimultaneousStreamLimit", K::Int, "0"},
    {"EnabledDevices", K::StringList, "[]"},
    {"EnableAllDevices", K::Bool, "true"},
    {"AllowCameraUpload", K::Bool, "false"},
    {"AllowSharingPersonalItems", K::Bool, "false"},
};

// Jellyfin 10.11 UserPolicy (constructor defaults from its model class).
const FieldTable kJellyfinPolicy = {
    {"IsAdministrator", K::Bool, "false"},
    {"IsHidden", K::Bool, "true"},
    {"EnableCollectionManagement", K::Bool, "false"},
    {"EnableSubtitleManagement", K::Bool, "false"},
    {"EnableLyricManagement", K::Bool, "false"},
    {"IsDisabled", K::Bool, "false"},
    {"MaxParentalRating", K::Int, "null"},
    {"MaxParentalSubRating", K::Int, "null"},
    {"BlockedTags", K::StringList, "[]"},
    {"AllowedTags", K::StringList, "[]"},
    {"EnableUserPreferenceAccess", K::Bool, "true"},
    {"AccessSchedules", K::ObjectList, "[]"},
    {"BlockUnratedItems", K::StringList, "[]",
     {"Movie", "Trailer", "Series", "Music", "Book", "LiveTvChannel", "LiveTvProgram", "ChannelContent",
      "Other"}},
    {"EnableRemoteControlOfOtherUsers", K::Bool, "false"},
    {"EnableSharedDeviceControl", K::Bool, "true"},
    {"EnableRemoteAccess", K::Bool, "true"},
    {"EnableLiveTvManagement", K::Bool, "true"},
    {"EnableLiveTvAccess", K::Bool, "true"},
    {"EnableMediaPlayback", K::Bool, "true"},
    {"EnableAudioPlaybackTranscoding", K::Bool, "true"},
    {"EnableVideoPlaybackTranscoding", K::Bool, "true"},
    {"EnablePlaybackRemuxing", K::Bool, "true"},
    {"ForceRemoteSourceTranscoding", K::Bool, "false"},
    {"EnableContentDeletion", K::Bool, "false"},
    {"EnableContentDeletionFromFolders", K::StringList, "[]"},
    {"EnableContentDownloading", K::Bool, "true"},
    {"EnableSyncTranscoding", K::Bool, "true"},
    {"EnableMediaConversion", K::Bool, "true"},
    {"EnabledDevices", K::StringList, "[]"},
    {"EnableAllDevices", K::Bool, "true"},
    {"EnabledChannels", K::GuidList, "[]"},
    {"EnableAllChannels", K::Bool, "true"},
    {"EnabledFolders", K::GuidList, "[]"},
    {"EnableAllFolders", K::Bool, "true"},
    {"InvalidLoginAttemptCount", K::Int, "0"},
    {"LoginAttemptsBeforeLockout", K::Int, "-1"},
    {"MaxActiveSessions", K::Int, "0"},
    {"EnablePublicSharing", K::Bool, "true"},
    {"BlockedMediaFolders", K::GuidList, "[]"},
    {"BlockedChannels", K::GuidList, "[]"},
    {"RemoteClientBitrateLimit", K::Int, "0"},
    {"AuthenticationProviderId", K::String,
     "\"Jellyfin.Server.Implementations.Users.DefaultAuthenticationProvider\"", {}, true},
    {"PasswordResetProviderId", K::String,
     "\"Jellyfin.Server.Implementations.Users.DefaultPasswordResetProvider\"", {}, true},
    {"SyncPlayAccess", K::String, "\"CreateAndJoinGroups\"", {"CreateAndJoinGroups", "JoinGroups", "None"}},
};

const FieldTable kEmbyConfiguration = {
    {"AudioLanguagePreference", K::String, "null"},
    {"PlayDefaultAudioTrack", K::Bool, "true"},
    {"SubtitleLanguagePreference", K::String, "null"},
    {"ProfilePin", K::String, "null"},
    {"DisplayMissingEpisodes", K::Bool, "false"},
    {"SubtitleMode", K::String, "\"Default\"",
     {"Default", "Always", "OnlyForced", "None", "Smart", "HearingImpaired"}},
    {"OrderedViews", K::StringList, "[]"},
    {"LatestItemsExcludes", K::StringList, "[]"},
    {"MyMediaExcludes", K::StringList, "[]"},
    {"HidePlayedInLatest", K::Bool, "true"},
    {"HidePlayedInMoreLikeThis", K::Bool, "false"},
    {"HidePlayedInSuggestions", K::Bool, "false"},
    {"RememberAudioSelections", K::Bool, "true"},
    {"RememberSubtitleSelections", K::Bool, "true"},
    {"EnableNextEpisodeAutoPlay", K::Bool, "true"},
    {"ResumeRewindSeconds", K::Int, "0"},
    {"IntroSkipMode", K::String, "\"ShowButton\"", {"ShowButton", "AutoSkip", "None"}},
    {"EnableLocalPassword", K::Bool, "false"},
};

const FieldTable kJellyfinConfiguration = {
    {"AudioLanguagePreference", K::String, "null"},
    {"PlayDefaultAudioTrack", K::Bool, "true"},
    {"SubtitleLanguagePreference", K::String, "\"\""},
    {"DisplayMissingEpisodes", K::Bool, "false"},
    {"GroupedFolders", K::GuidList, "[]"},
    {"SubtitleMode", K::String, "\"Default\"", {"Default", "Always", "OnlyForced", "None", "Smart"}},
    {"DisplayCollectionsView", K::Bool, "false"},
    {"EnableLocalPassword", K::Bool, "false"},
    {"OrderedViews", K::GuidList, "[]"},
    {"LatestItemsExcludes", K::GuidList, "[]"},
    {"MyMediaExcludes", K::GuidList, "[]"},
    {"HidePlayedInLatest", K::Bool, "true"},
    {"RememberAudioSelections", K::Bool, "true"},
    {"RememberSubtitleSelections", K::Bool, "true"},
    {"EnableNextEpisodeAutoPlay", K::Bool, "true"},
    {"CastReceiverId", K::String, "null"},
};

bool containsIgnoringCase(const std::vector<std::string>& items, const std::string& wanted) {
    return std::any_of(items.begin(), items.end(),
                       [&](const std::string& item) { return iequals(item, wanted); });
}

bool containsGuid(const std::vector<std::string>& items, const std::string& guid) {
    return std::any_of(items.begin(), items.end(),
                       [&](const std::string& item) { return normalizeGuid(item) == guid; });
}

}  // namespace

const FieldTable& policyTable(Flavor flavor) {
    return flavor == Flavor::Emby ? kEmbyPolicy : kJellyfinPolicy;
}

const FieldTable& configurationTable(Flavor flavor) {
    return flavor == Flavor::Emby ? kEmbyConfiguration : kJellyfinConfiguration;
}

bool policyAllowsLibrary(const FieldBag& policy, const Library& library, Flavor flavor) {
    if (flavor == Flavor::Jellyfin) {
        const auto blocked = policy.getStrings("BlockedMediaFolders");
        if (!blocked.empty()) return !containsGuid(blocked, library.itemId);
        return policy.getBool("EnableAllFolders") ||
               containsGuid(policy.getStrings("EnabledFolders"), library.itemId);
    }
    if (!policy.isNull("BlockedMediaFolders")) {
        // 3.x legacy blocklist (by library name); it overrides EnabledFolders.
        const auto blocked = policy.getStrings("BlockedMediaFolders");
        return !containsIgnoringCase(blocked, library.name) && !containsGuid(blocked, library.guid);
    }
    return policy.getBool("EnableAllFolders") ||
           containsGuid(policy.getStrings("EnabledFolders"), library.guid);
}

void keepUnwrittenConfiguration(const FieldBag& old, FieldBag& next, Flavor flavor) {
    if (flavor == Flavor::Jellyfin) next.copyField(old, "CastReceiverId");
}

}  // namespace sim
