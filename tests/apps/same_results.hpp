#pragma once
// Two results files hold the same answer: /pareto and /accels bit for bit, the same pair
// count and study. For runs that must agree however they were split (shards, ranks, jobs).
#include <coscan/h5/reader.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>

namespace coscan::testing {

inline void expect_same_results(const std::filesystem::path &a, const std::filesystem::path &b) {
  const h5::Reader x(a), y(b);
  for (const char *name : {"/pareto/arch_index", "/pareto/accel_index", "/accels/accel_index"})
    EXPECT_EQ(x.read<std::uint64_t>(name), y.read<std::uint64_t>(name)) << name;
  for (const char *name : {"/accels/num_pes", "/accels/data_bits"})
    EXPECT_EQ(x.read<std::int64_t>(name), y.read<std::int64_t>(name)) << name;
  for (const char *name :
       {"/pareto/accuracy", "/pareto/latency_s", "/pareto/energy_j", "/pareto/edp_js",
        "/pareto/area_mm2", "/accels/area_mm2", "/accels/l1_bytes", "/accels/clock_mhz"})
    EXPECT_EQ(x.read<double>(name), y.read<double>(name)) << name;
  EXPECT_EQ(x.read<std::string>("/pareto/arch_str"), y.read<std::string>("/pareto/arch_str"));
  EXPECT_EQ(x.read<std::string>("/accels/dataflow"), y.read<std::string>("/accels/dataflow"));
  EXPECT_FALSE(x.read<double>("/pareto/latency_s").empty()) << a;
  EXPECT_EQ(x.attribute<std::uint64_t>("/", "pairs_evaluated"),
            y.attribute<std::uint64_t>("/", "pairs_evaluated"));
  EXPECT_EQ(x.attribute<std::string>("/", "study"), y.attribute<std::string>("/", "study"));
}

} // namespace coscan::testing
