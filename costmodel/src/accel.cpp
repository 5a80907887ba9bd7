#include <coscan/costmodel/accel.hpp>
#include <coscan/costmodel/accel_fields.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace coscan::costmodel {

std::string_view to_string(Dataflow dataflow) {
  switch (dataflow) {
  case Dataflow::weight_stationary:
    return "weight_stationary";
  case Dataflow::output_stationary:
    return "output_stationary";
  case Dataflow::row_stationary:
    return "row_stationary";
  case Dataflow::imc_crossbar:
    return "imc_crossbar";
  }
  return "?";
}

std::optional<Dataflow> parse_dataflow(std::string_view name) {
  for (Dataflow d : {Dataflow::weight_stationary, Dataflow::output_stationary,
                     Dataflow::row_stationary, Dataflow::imc_crossbar})
    if (to_string(d) == name)
      return d;
  return std::nullopt;
}

std::pair<std::int64_t, std::int64_t> default_array_shape(std::int64_t num_pes) {
  std::int64_t rows = 1;
  for (std::int64_t d = 1; d * d <= num_pes; ++d)
    if (num_pes % d == 0)
      rows = d;
  return {rows, num_pes / rows};
}

std::optional<std::pair<std::string_view, std::string>> crossbar_field_error(const AccelParams &a) {
  for (const auto &field : kIntegerAccelFields) {
    if (field.kind != AccelFieldKind::crossbar)
      continue;
    const bool per_column = field.member == &AccelParams::adcs_per_xbar;
    const std::int64_t value = a.*field.member;
    const std::int64_t hi = per_column ? std::min(field.hi, a.xbar_cols) : field.hi;
    if (value < field.lo || value > hi)
      return std::pair{field.name, fmt::format("{} is out of range {}..{}{}", value, field.lo, hi,
                                               per_column ? " (xbar_cols)" : "")};
  }
  return std::nullopt;
}

void AccelBlock::clear() {
  dataflow.clear();
  for (auto *v : {&num_pes, &rows, &cols, &l1_bytes, &l2_kib, &noc_bw, &offchip_bw, &clock_mhz,
                  &data_bits, &xbar_rows, &xbar_cols, &xbars, &cell_bits, &weight_bits, &adc_bits,
                  &adcs_per_xbar, &adc_levels, &cell_levels})
    v->clear();
}

void AccelBlock::push_back(const AccelParams &a) {
  dataflow.push_back(a.dataflow);
  num_pes.push_back(static_cast<double>(a.num_pes));
  rows.push_back(static_cast<double>(a.array_rows));
  cols.push_back(static_cast<double>(a.array_cols));
  l1_bytes.push_back(a.l1_bytes);
  l2_kib.push_back(a.l2_kib);
  noc_bw.push_back(a.noc_bw);
  offchip_bw.push_back(a.offchip_bw);
  clock_mhz.push_back(a.clock_mhz);
  data_bits.push_back(static_cast<double>(a.data_bits));
  xbar_rows.push_back(static_cast<double>(a.xbar_rows));
  xbar_cols.push_back(static_cast<double>(a.xbar_cols));
  xbars.push_back(static_cast<double>(a.xbars));
  cell_bits.push_back(static_cast<double>(a.cell_bits));
  weight_bits.push_back(static_cast<double>(a.weight_bits));
  adc_bits.push_back(static_cast<double>(a.adc_bits));
  adcs_per_xbar.push_back(static_cast<double>(a.adcs_per_xbar));
  adc_levels.push_back(std::ldexp(1.0, static_cast<int>(a.adc_bits)));
  cell_levels.push_back(std::ldexp(1.0, static_cast<int>(a.cell_bits)));
}

AccelParams AccelBlock::at(std::size_t i) const {
  AccelParams a;
  a.dataflow = dataflow[i];
  a.num_pes = static_cast<std::int64_t>(num_pes[i]);
  a.array_rows = static_cast<std::int64_t>(rows[i]);
  a.array_cols = static_cast<std::int64_t>(cols[i]);
  a.l1_bytes = l1_bytes[i];
  a.l2_kib = l2_kib[i];
  a.noc_bw = noc_bw[i];
  a.offchip_bw = offchip_bw[i];
  a.clock_mhz = clock_mhz[i];
  a.data_bits = static_cast<std::int64_t>(data_bits[i]);
  a.xbar_rows = static_cast<std::int64_t>(xbar_rows[i]);
  a.xbar_cols = static_cast<std::int64_t>(xbar_cols[i]);
  a.xbars = static_cast<std::int64_t>(xbars[i]);
  a.cell_bits = static_cast<std::int64_t>(cell_bits[i]);
  a.weight_bits = static_cast<std::int64_t>(weight_bits[i]);
  a.adc_bits = static_cast<std::int64_t>(adc_bits[i]);
  a.adcs_per_xbar = static_cast<std::int64_t>(adcs_per_xbar[i]);
  return a;
}

} // namespace coscan::costmodel
