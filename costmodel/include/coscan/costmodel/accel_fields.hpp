#pragma once
// The numeric fields of an accelerator, listed once: each one's name (the study's
// [accel_space] key, the accelerator table's column, the results file's /accels dataset and
// the Python dict key), its unit in the results file, its AccelParams member, and which
// accelerators read it. The readers and writers of accelerator fields walk this list, so a new
// field is one line here (plus its grid list and its checks).
#include <coscan/costmodel/accel.hpp>

#include <cstdint>
#include <string_view>

namespace coscan::costmodel {

enum class AccelFieldKind {
  digital,    ///< read by every dataflow
  array_side, ///< array_rows, array_cols: derived from num_pes when not given
  crossbar,   ///< read by imc_crossbar only (the others keep the default)
};

template <typename T> struct AccelField {
  std::string_view name;
  std::string_view unit; ///< as the results file records it
  T AccelParams::*member;
  AccelFieldKind kind;
};

inline constexpr AccelField<std::int64_t> kIntegerAccelFields[] = {
    {"num_pes", "1", &AccelParams::num_pes, AccelFieldKind::digital},
    {"array_rows", "1", &AccelParams::array_rows, AccelFieldKind::array_side},
    {"array_cols", "1", &AccelParams::array_cols, AccelFieldKind::array_side},
    {"data_bits", "bit", &AccelParams::data_bits, AccelFieldKind::digital},
    {"xbar_rows", "1", &AccelParams::xbar_rows, AccelFieldKind::crossbar},
    {"xbar_cols", "1", &AccelParams::xbar_cols, AccelFieldKind::crossbar},
    {"xbars", "1", &AccelParams::xbars, AccelFieldKind::crossbar},
    {"cell_bits", "bit", &AccelParams::cell_bits, AccelFieldKind::crossbar},
    {"weight_bits", "bit", &AccelParams::weight_bits, AccelFieldKind::crossbar},
    {"adc_bits", "bit", &AccelParams::adc_bits, AccelFieldKind::crossbar},
    {"adcs_per_xbar", "1", &AccelParams::adcs_per_xbar, AccelFieldKind::crossbar}};

inline constexpr AccelField<double> kRealAccelFields[] = {
    {"l1_bytes", "B", &AccelParams::l1_bytes, AccelFieldKind::digital},
    {"l2_kib", "KiB", &AccelParams::l2_kib, AccelFieldKind::digital},
    {"noc_bw", "B/cycle", &AccelParams::noc_bw, AccelFieldKind::digital},
    {"offchip_bw", "B/cycle", &AccelParams::offchip_bw, AccelFieldKind::digital},
    {"clock_mhz", "MHz", &AccelParams::clock_mhz, AccelFieldKind::digital}};

/// Calls f(field) for every numeric field, the integer ones first.
template <class F> void for_each_accel_field(F &&f) {
  for (const auto &field : kIntegerAccelFields)
    f(field);
  for (const auto &field : kRealAccelFields)
    f(field);
}

} // namespace coscan::costmodel
