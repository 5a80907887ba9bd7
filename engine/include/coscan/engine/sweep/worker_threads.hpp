#pragma once
// The number of threads a sweep's parallel loops (and the dataset's compression) can use: the
// task arena's concurrency, capped by a tbb::global_control limit (`coscan run --threads N`),
// which max_concurrency() does not see.
#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cstddef>

namespace coscan::engine {

inline int worker_threads() {
  const std::size_t limit =
      tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism);
  const int arena = std::max(1, tbb::this_task_arena::max_concurrency());
  return static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(arena), limit));
}

} // namespace coscan::engine
