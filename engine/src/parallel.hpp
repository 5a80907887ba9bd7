#pragma once
// The engine's parallel loops and sorts, in one place so that ThreadSanitizer builds
// (COSCAN_SANITIZE=thread) see TBB's fork and join. Debian's libtbb is not instrumented: without
// these annotations every value written in a loop and read after it (or made before it and read
// inside) is reported as a race. Other builds call TBB directly.
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
extern "C" void __tsan_acquire(void *addr);
extern "C" void __tsan_release(void *addr);
#endif

namespace coscan::engine::detail {

/// tbb::parallel_for(first, last, body): body(i) for every i in [first, last), in parallel.
template <class Index, class Body> void parallel_for(Index first, Index last, const Body &body) {
#ifdef COSCAN_THREAD_SANITIZER
  // Sync objects: before the loop -> each body -> after the loop. The fork is released once
  // the closure is built, and is a global, so that a body acquires it before it reads anything
  // of the closure (a reference capture is a read of it).
  static char fork;
  char join = 0;
  const auto task = [&](Index i) {
    __tsan_acquire(&fork);
    body(i);
    __tsan_release(&join);
  };
  __tsan_release(&fork);
  tbb::parallel_for(first, last, task);
  __tsan_acquire(&join);
#else
  tbb::parallel_for(first, last, body);
#endif
}

/// tbb::parallel_sort; a serial sort under ThreadSanitizer (whose TBB internals it cannot see).
/// The comparisons define a total order wherever it is used, so the result is the same.
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

} // namespace coscan::engine::detail
