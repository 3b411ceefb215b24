#include "script_hashes.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <vector>

namespace panel {

namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string sha256_base64(const std::string& text)
{
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
    std::vector<unsigned char> b64(4 * ((sizeof digest + 2) / 3) + 1);
    const int n = EVP_EncodeBlock(b64.data(), digest, static_cast<int>(sizeof digest));
    return std::string(reinterpret_cast<const char*>(b64.data()), static_cast<std::size_t>(n));
}

}  // namespace

std::string inline_script_hashes(const std::string& html)
{
    const std::string folded = lower(html);  // same offsets: ASCII folding only
    std::string out;
    std::size_t at = 0;
    while ((at = folded.find("<script", at)) != std::string::npos) {
        const std::size_t tag_end = folded.find('>', at);
        if (tag_end == std::string::npos)
            break;
        const std::size_t close = folded.find("</script", tag_end);
        if (close == std::string::npos)
            break;
        // A src= script loads nothing here (no source is allowed); hash inline ones only.
        if (folded.substr(at, tag_end - at).find(" src") == std::string::npos)
            out += (out.empty() ? "'sha256-" : " 'sha256-") +
                   sha256_base64(html.substr(tag_end + 1, close - tag_end - 1)) + "'";
        at = close + 1;
    }
    return out;
}

}  // namespace panel
