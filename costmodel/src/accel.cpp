#include <coscan/costmodel/accel.hpp>

namespace coscan::costmodel {

std::string_view to_string(Dataflow dataflow) {
  switch (dataflow) {
  case Dataflow::weight_stationary:
    return "weight_stationary";
  case Dataflow::output_stationary:
    return "output_stationary";
  case Dataflow::row_stationary:
    return "row_stationary";
  }
  return "?";
}

std::optional<Dataflow> parse_dataflow(std::string_view name) {
  for (Dataflow d :
       {Dataflow::weight_stationary, Dataflow::output_stationary, Dataflow::row_stationary})
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

void AccelBlock::clear() {
  dataflow.clear();
  for (auto *v :
       {&num_pes, &rows, &cols, &l1_bytes, &l2_kib, &noc_bw, &offchip_bw, &clock_mhz, &data_bits})
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
  return a;
}

} // namespace coscan::costmodel
