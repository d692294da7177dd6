#include "re2_shim.h"

#include <re2/re2.h>

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

struct re2_shim_pattern {
    re2::RE2 regex;
    re2_shim_pattern(const re2::StringPiece &pattern, const re2::RE2::Options &options) : regex(pattern, options) {}
};

static char *copy_message(const std::string &message) {
    char *copy = static_cast<char *>(std::malloc(message.size() + 1));
    if (copy != nullptr) {
        std::memcpy(copy, message.data(), message.size());
        copy[message.size()] = '\0';
    }
    return copy;
}

extern "C" re2_shim_pattern *re2_shim_compile(const char *pattern, size_t length, long long max_memory, char **error) {
    if (error != nullptr) *error = nullptr;
    re2::RE2::Options options;
    options.set_encoding(re2::RE2::Options::EncodingUTF8);
    options.set_log_errors(false);
    options.set_max_mem(max_memory);
    re2_shim_pattern *compiled = new (std::nothrow) re2_shim_pattern(re2::StringPiece(pattern, length), options);
    if (compiled == nullptr) {
        if (error != nullptr) *error = copy_message("out of memory");
        return nullptr;
    }
    if (!compiled->regex.ok()) {
        if (error != nullptr) *error = copy_message(compiled->regex.error());
        delete compiled;
        return nullptr;
    }
    return compiled;
}

extern "C" int re2_shim_partial_match(const re2_shim_pattern *compiled, const char *text, size_t length) {
    return re2::RE2::PartialMatch(re2::StringPiece(text, length), compiled->regex) ? 1 : 0;
}

extern "C" void re2_shim_free_message(char *message) {
    std::free(message);
}

extern "C" void re2_shim_free(re2_shim_pattern *compiled) {
    delete compiled;
}
