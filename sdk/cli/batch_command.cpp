// embyprov batch [--input FILE|-] [--jobs N]: JSON lines in, JSON lines out,
// in input order. Each line is {"hook": "...", "params": {...}}. Up to N
// hooks run at once, each worker with its own context (a context serves one
// thread at a time), all sharing one state database.
#include <atomic>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>
#include <vector>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "commands.hpp"
#include "host/library.hpp"

namespace cli {

using host::Context;
using host::Library;

namespace {

std::string stringify(const Poco::Dynamic::Var& v)
{
    std::ostringstream s;
    Poco::JSON::Stringifier::condense(v, s);
    return s.str();
}

/// Runs one input line; returns the output line and whether it succeeded.
std::string run_line(Context& ctx, const std::string& line, std::size_t number, bool& ok)
{
    ok = false;
    std::string hook, params;
    try {
        auto obj = Poco::JSON::Parser().parse(line).extract<Poco::JSON::Object::Ptr>();
        hook = obj->optValue<std::string>("hook", "");
        params = obj->has("params") ? stringify(obj->get("params")) : "{}";
    } catch (const Poco::Exception&) {
        return "{\"line\":" + std::to_string(number) + ",\"code\":-2,\"result\":{\"error\":\"not a JSON object\"}}";
    }
    std::string result;
    const int rc = ctx.call(hook, params, result);
    ok = rc == EMBYPROV_OK;
    return "{\"line\":" + std::to_string(number) + ",\"hook\":" + stringify(hook) +
           ",\"code\":" + std::to_string(rc) + ",\"result\":" + result + "}";
}

}  // namespace

int run_batch(const Options& o)
{
    const std::string input = option(o, "input", "-");
    std::ifstream file;
    if (input != "-") {
        file.open(input);
        if (!file) {
            std::cerr << "embyprov: cannot read " << input << std::endl;
            return 2;
        }
    }
    std::istream& in = input == "-" ? std::cin : file;
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        if (line.find_first_not_of(" \t\r") != std::string::npos)
            lines.push_back(line);

    const int jobs = std::max(1, std::min(64, std::atoi(option(o, "jobs", "4").c_str())));
    Library lib(option(o, "lib"));
    const std::string config = config_json(o);
    std::vector<std::string> out(lines.size());
    std::atomic<std::size_t> next{0};
    std::atomic<int> failed{0};
    // Contexts open here, so a bad config fails the command, not a thread.
    std::vector<std::unique_ptr<Context>> contexts;
    for (int t = 0; t < jobs; ++t)
        contexts.push_back(std::make_unique<Context>(lib, config));
    auto worker = [&](Context& ctx) {
        for (std::size_t i = next++; i < lines.size(); i = next++) {
            bool ok = false;
            out[i] = run_line(ctx, lines[i], i + 1, ok);
            failed += ok ? 0 : 1;
        }
    };
    std::vector<std::thread> pool;
    for (auto& ctx : contexts)
        pool.emplace_back(worker, std::ref(*ctx));
    for (auto& t : pool)
        t.join();
    for (const auto& line : out)
        std::cout << line << '\n';
    std::cerr << "embyprov: batch: " << lines.size() - static_cast<std::size_t>(failed.load())
              << " succeeded, " << failed.load() << " failed" << std::endl;
    return failed.load() == 0 ? 0 : 1;
}

}  // namespace cli
