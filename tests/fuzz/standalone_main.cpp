// Runs the fuzz target without libFuzzer (for the regular gcc build and
// ctest): every seed file given on the command line, then a bounded number
// of deterministic mutations of them. Prints "N passed, 0 failed"; any
// contract violation aborts the process.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

void run(const std::string& input)
{
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
}

std::string mutate(std::string s, std::mt19937& rng)
{
    const char alphabet[] = "{}[]\":,0123456789-.eE \\u\x1e\xff\xc3tnfalsrue";
    const int edits = 1 + static_cast<int>(rng() % 8);
    for (int i = 0; i < edits; ++i) {
        const std::size_t pos = s.empty() ? 0 : rng() % s.size();
        switch (rng() % 4) {
        case 0: if (!s.empty()) s.erase(pos, 1 + rng() % 4); break;
        case 1: s.insert(pos, 1, alphabet[rng() % (sizeof alphabet - 1)]); break;
        case 2: if (!s.empty()) s[pos] = static_cast<char>(rng() % 256); break;
        default: s.insert(pos, s.substr(pos, rng() % 16)); break;
        }
    }
    return s;
}

}  // namespace

int main(int argc, char** argv)
{
    std::vector<std::string> seeds;
    int iterations = 2000;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("--iterations=", 0) == 0) {
            iterations = std::atoi(arg.c_str() + 13);
            continue;
        }
        std::ifstream in(arg, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        seeds.push_back(s.str());
    }
    if (seeds.empty())
        seeds.push_back(std::string(1, '\3') + "{\"serviceid\":\"1\",\"username\":\"u\"}");
    int count = 0;
    for (const auto& s : seeds) {
        run(s);
        ++count;
    }
    std::mt19937 rng(12345);
    for (int i = 0; i < iterations; ++i) {
        std::string input = mutate(seeds[static_cast<std::size_t>(i) % seeds.size()], rng);
        if (!input.empty())
            input[0] = static_cast<char>(i % 15);  // every hook gets its share
        run(input);
        ++count;
    }
    std::printf("%d passed, 0 failed\n", count);
    return 0;
}
