// The engine's kernels for sse2 (kernels_target.hpp).
#define COSCAN_KERNEL_TARGET sse2
#define COSCAN_KERNEL_LANES 2
#include "evaluation/kernels_target.hpp"
