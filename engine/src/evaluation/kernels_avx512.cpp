// The engine's kernels for avx512 (kernels_target.hpp).
#define COSCAN_KERNEL_TARGET avx512
#define COSCAN_KERNEL_LANES 8
#include "evaluation/kernels_target.hpp"
