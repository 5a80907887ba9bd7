#pragma once
// Two results files hold the same answer: /pareto and /accels bit for bit, the same pair
// count and study. For runs that must agree however they were split (shards, ranks, jobs).
#include "apps/h5_reader.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>

namespace coscan::testing {

inline void expect_same_results(const std::filesystem::path &a, const std::filesystem::path &b) {
  const H5Reader x(a), y(b);
  ASSERT_TRUE(x.ok()) << a;
  ASSERT_TRUE(y.ok()) << b;
  for (const char *name : {"/pareto/arch_index", "/pareto/accel_index", "/accels/accel_index"})
    EXPECT_EQ(x.numbers<std::uint64_t>(name), y.numbers<std::uint64_t>(name)) << name;
  for (const char *name : {"/accels/num_pes", "/accels/data_bits"})
    EXPECT_EQ(x.numbers<std::int64_t>(name), y.numbers<std::int64_t>(name)) << name;
  for (const char *name :
       {"/pareto/accuracy", "/pareto/latency_s", "/pareto/energy_j", "/pareto/edp_js",
        "/pareto/area_mm2", "/accels/area_mm2", "/accels/l1_bytes", "/accels/clock_mhz"})
    EXPECT_EQ(x.numbers<double>(name), y.numbers<double>(name)) << name;
  EXPECT_EQ(x.strings("/pareto/arch_str"), y.strings("/pareto/arch_str"));
  EXPECT_EQ(x.strings("/accels/dataflow"), y.strings("/accels/dataflow"));
  EXPECT_FALSE(x.numbers<double>("/pareto/latency_s").empty()) << a;
  EXPECT_EQ(x.number_attribute<std::uint64_t>("/", "pairs_evaluated"),
            y.number_attribute<std::uint64_t>("/", "pairs_evaluated"));
  EXPECT_EQ(x.string_attribute("/", "study"), y.string_attribute("/", "study"));
}

} // namespace coscan::testing
