#include "OpenFileLimit.h"

#include <fstream>
#include <sys/resource.h>

namespace topcoat {

OpenFileLimit raiseOpenFileLimit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return {};
    OpenFileLimit result{limit.rlim_cur, limit.rlim_cur};
    auto wanted = limit.rlim_max;
    if (wanted == RLIM_INFINITY) {
        std::uint64_t kernelMax = 1024 * 1024;
        std::ifstream("/proc/sys/fs/nr_open") >> kernelMax;
        wanted = kernelMax;
    }
    if (wanted <= limit.rlim_cur)
        return result;
    limit.rlim_cur = wanted;
    if (::setrlimit(RLIMIT_NOFILE, &limit) == 0)
        result.now = wanted;
    return result;
}

} // namespace topcoat
