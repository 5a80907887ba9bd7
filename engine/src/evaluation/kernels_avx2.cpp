// The engine's kernels for avx2 (kernels_target.hpp).
#define COSCAN_KERNEL_TARGET avx2
#define COSCAN_KERNEL_LANES 4
#include "evaluation/kernels_target.hpp"
