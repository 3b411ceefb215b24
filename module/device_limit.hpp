// Device limits. A product that enforces its limit keeps every account of a
// service (the main account and each media account alike) to that many
// signed-in devices: beyond it, the least recently used devices are signed
// out (deleting a device revokes every token issued to it, emby-api.md
// §6.3), the sign-outs are recorded, and the customer is shown which ones
// for kNoticeDays. The daily run (usage_update) and the opening of the
// client area both hold the limit, through hold_device_limit.
#pragma once

#include <string>
#include <vector>

#include "emby_types.hpp"
#include "store.hpp"

namespace embyprov {

class Call;
class EmbyClient;
struct PendingOperation;

namespace device_limit {

/// How long the client area names the devices signed out.
inline constexpr int kNoticeDays = 7;
/// How long the sign-outs are kept.
inline constexpr int kKeepDays = 30;

/// A device's last activity as a key that sorts as text, least recent
/// first: ISO 8601 to the second, then the fraction to 7 digits (Emby and
/// Jellyfin print the same instant with different fractions and offsets;
/// both report UTC). A device never active sorts before every other.
std::string activity_key(const std::string& iso);

/// Of `devices` (the server's whole list), those to sign out so that no
/// account of the service keeps more than `limit`: per account, every device
/// after the `limit` most recently active. A DeviceId listed more than once
/// for an account (Jellyfin lists a device once per token) counts once, at
/// its latest activity. Deterministic: ties go by device id.
std::vector<DeviceSignout> beyond_limit(const ServiceRecord& service, const std::vector<MediaAccountRecord>& media,
                                        const std::vector<DeviceInfo>& devices, int limit);

/// Signs out `doomed` as an Operation on the service (waiting for its
/// lock): records them in the journal, deletes them on the server, then
/// records the sign-outs and clears the journal in one transaction. An
/// interrupted run's devices are finished first, even when `doomed` is
/// empty (its answers lost after the server acted); with neither, it takes
/// no lock and returns nothing. Returns every device it signed out, the
/// resumed ones included.
std::vector<DeviceSignout> hold(Call& call, EmbyClient& client, const std::string& service_id,
                                const std::vector<DeviceSignout>& doomed);

/// Finishes what an interrupted hold() recorded (for an Operation of
/// another kind that meets it): signs the devices out and records them.
void finish(EmbyClient& client, Store& store, const PendingOperation& leftover);

}  // namespace device_limit
}  // namespace embyprov
