#pragma once
// The numeric fields of an accelerator, listed once: each one's name (the study's
// [accel_space] key, the accelerator table's column, the results file's /accels dataset and
// the Python dict key), its unit in the results file, its AccelParams member, which
// accelerators read it, its valid range and whether a study or table must give it. The study
// parser, the accelerator-table reader, the crossbar checks and the results writer walk this
// list, so a new field is one line here (plus its grid list, search::grid_values).
#include <coscan/costmodel/accel.hpp>

#include <cstdint>
#include <limits>
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
  T lo, hi;              ///< valid values lo..hi (real fields: positive and finite)
  bool required = false; ///< a study's [accel_space] and an accelerator table must give it
};

inline constexpr std::int64_t kMaxPes = std::int64_t{1} << 20;
inline constexpr double kMaxReal = std::numeric_limits<double>::max();
inline constexpr double kMinReal = std::numeric_limits<double>::min(); ///< > 0

inline constexpr AccelField<std::int64_t> kIntegerAccelFields[] = {
    {"num_pes", "1", &AccelParams::num_pes, AccelFieldKind::digital, 1, kMaxPes, true},
    {"array_rows", "1", &AccelParams::array_rows, AccelFieldKind::array_side, 1, kMaxPes},
    {"array_cols", "1", &AccelParams::array_cols, AccelFieldKind::array_side, 1, kMaxPes},
    // within 4..32, one of the widths is_data_bits names
    {"data_bits", "bit", &AccelParams::data_bits, AccelFieldKind::digital, 4, 32},
    {"xbar_rows", "1", &AccelParams::xbar_rows, AccelFieldKind::crossbar, 1, 65536},
    {"xbar_cols", "1", &AccelParams::xbar_cols, AccelFieldKind::crossbar, 1, 65536},
    {"xbars", "1", &AccelParams::xbars, AccelFieldKind::crossbar, 1, std::int64_t{1} << 40},
    {"cell_bits", "bit", &AccelParams::cell_bits, AccelFieldKind::crossbar, 1, 8},
    {"weight_bits", "bit", &AccelParams::weight_bits, AccelFieldKind::crossbar, 1, 32},
    {"adc_bits", "bit", &AccelParams::adc_bits, AccelFieldKind::crossbar, 1, 16},
    // also at most xbar_cols (crossbar_field_error)
    {"adcs_per_xbar", "1", &AccelParams::adcs_per_xbar, AccelFieldKind::crossbar, 1, 65536}};

inline constexpr AccelField<double> kRealAccelFields[] = {
    {"l1_bytes", "B", &AccelParams::l1_bytes, AccelFieldKind::digital, kMinReal, kMaxReal, true},
    {"l2_kib", "KiB", &AccelParams::l2_kib, AccelFieldKind::digital, kMinReal, kMaxReal, true},
    {"noc_bw", "B/cycle", &AccelParams::noc_bw, AccelFieldKind::digital, kMinReal, kMaxReal, true},
    {"offchip_bw", "B/cycle", &AccelParams::offchip_bw, AccelFieldKind::digital, kMinReal, kMaxReal,
     true},
    {"clock_mhz", "MHz", &AccelParams::clock_mhz, AccelFieldKind::digital, kMinReal, kMaxReal}};

/// True for the data widths the cost models know: 4, 8, 16 or 32 bits.
constexpr bool is_data_bits(std::int64_t bits) {
  return bits == 4 || bits == 8 || bits == 16 || bits == 32;
}

/// Calls f(field) for every numeric field, the integer ones first.
template <class F> void for_each_accel_field(F &&f) {
  for (const auto &field : kIntegerAccelFields)
    f(field);
  for (const auto &field : kRealAccelFields)
    f(field);
}

} // namespace coscan::costmodel
