#pragma once
// coscan's parallel loops and sorts (the engine's, the dataset compression's), in one place. Other
// builds call TBB. A ThreadSanitizer build (COSCAN_SANITIZE=thread) runs the loops on std::threads
// instead: Debian's libtbb is not instrumented, so TSan cannot see the synchronisation inside TBB's
// scheduler and reports its task bookkeeping (and everything a loop body writes) as races. Threads
// it can see (their creation and join) leave it only coscan's own code to judge. The loop bodies,
// their order freedom and the per-thread state (tbb::enumerable_thread_specific, keyed by thread
// id) are the same in both.
#include <coscan/engine/sweep/worker_threads.hpp>

#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <functional>

#if defined(__SANITIZE_THREAD__)
#define COSCAN_THREAD_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define COSCAN_THREAD_SANITIZER 1
#endif
#endif

#ifdef COSCAN_THREAD_SANITIZER
#include <atomic>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>
#endif

namespace coscan::engine {

#ifdef COSCAN_THREAD_SANITIZER
/// A thread's id can be reused once it has exited and been joined, and with the id its
/// tbb::enumerable_thread_specific state, by a thread of another loop of the same nest. glibc
/// orders the two through its own lock, which TSan does not see; each thread releases this
/// counter as it ends and acquires it as it starts, which shows TSan that order.
inline std::atomic<std::uint64_t> thread_handovers{0};
#endif

/// tbb::parallel_for(first, last, body): body(i) for every i in [first, last), in parallel.
/// An exception from a body ends the loop (bodies not yet started do not run) and is rethrown.
template <class Index, class Body> void parallel_for(Index first, Index last, const Body &body) {
#ifdef COSCAN_THREAD_SANITIZER
  if (!(first < last))
    return;
  const auto n = static_cast<std::uint64_t>(last - first);
  const auto threads = std::min<std::uint64_t>(n, static_cast<std::uint64_t>(worker_threads()));
  std::atomic<std::uint64_t> next{0};
  std::mutex error_mutex;
  std::exception_ptr error;
  const auto work = [&] {
    for (std::uint64_t i; (i = next.fetch_add(1)) < n;) {
      try {
        body(static_cast<Index>(first + static_cast<Index>(i)));
      } catch (...) {
        const std::scoped_lock lock(error_mutex);
        if (!error)
          error = std::current_exception();
        next.store(n);
      }
    }
  };
  std::vector<std::thread> pool;
  for (std::uint64_t t = 1; t < threads; ++t)
    pool.emplace_back([&] {
      thread_handovers.load(std::memory_order_acquire);
      work();
      thread_handovers.fetch_add(1, std::memory_order_release);
    });
  work();
  for (std::thread &thread : pool)
    thread.join();
  if (error)
    std::rethrow_exception(error);
#else
  tbb::parallel_for(first, last, body);
#endif
}

/// tbb::parallel_sort; a serial sort under ThreadSanitizer. The comparisons define a total order
/// wherever it is used, so the result is the same.
template <class Iterator, class Less> void parallel_sort(Iterator first, Iterator last, Less less) {
#ifdef COSCAN_THREAD_SANITIZER
  std::sort(first, last, less);
#else
  tbb::parallel_sort(first, last, less);
#endif
}

template <class Iterator> void parallel_sort(Iterator first, Iterator last) {
  parallel_sort(first, last, std::less<>());
}

} // namespace coscan::engine
