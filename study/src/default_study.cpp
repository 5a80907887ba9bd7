// The embedded default study: runs with no files at all (proxy accuracy, 1,620 accelerators).
#include <coscan/study/study.hpp>

namespace coscan::study {
namespace {

constexpr std::string_view kDefaultStudy = R"toml(# coscan's built-in default study.
[study]
name = "nb201-proxy-grid"
description = "NAS-Bench-201 (proxy accuracy) x a 1,620-accelerator grid"

[arch_space]
kind = "nasbench201"

[accuracy]
kind = "proxy"

[accel_space]
dataflow   = ["weight_stationary", "output_stationary", "row_stationary"]
num_pes    = [64, 128, 256, 512, 1024]
l1_bytes   = [64, 256, 1024]
l2_kib     = [64, 128, 256, 512]
noc_bw     = [32, 64, 128]
offchip_bw = [8, 16, 32]
clock_mhz  = [500]
data_bits  = [8]

[costmodel]
kind = "analytical"

[objectives]
maximize = ["accuracy"]
minimize = ["latency", "energy", "area"]

[engine]
arch_block = 1024
accel_block = 64

[output]
path = "coscan-results.h5"
)toml";

} // namespace

std::string_view default_study_text() { return kDefaultStudy; }

Study default_study() { return parse_study(default_study_text(), "<default>"); }

} // namespace coscan::study
