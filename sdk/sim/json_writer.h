// Compact JSON text for Poco::Dynamic::Var trees. Poco's own stringifier is
// quadratic on insertion-ordered objects, which made large user lists slow.
#pragma once

#include <Poco/Dynamic/Var.h>

#include <string>

namespace sim {

// Writes objects in insertion order (for ordered objects), arrays, strings,
// booleans, numbers; an empty Var is null.
void writeJson(const Poco::Dynamic::Var& value, std::string& out);

}  // namespace sim
