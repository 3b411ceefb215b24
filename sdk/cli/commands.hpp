// The host CLI's subcommands.
#pragma once

#include <map>
#include <string>

namespace cli {

/// Parsed "--name value" options (and "--flag" as "1").
using Options = std::map<std::string, std::string>;

std::string option(const Options& o, const std::string& name, const std::string& fallback = {});

/// The library configuration JSON from --config or --db.
std::string config_json(const Options& o);

int run_call(const std::string& hook, const Options& o);
int run_lifecycle(const Options& o);
int run_batch(const Options& o);

}  // namespace cli
