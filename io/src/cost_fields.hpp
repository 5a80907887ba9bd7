#pragma once
// Internal: the analytical model's constants by their study keys (`[costmodel.energy]`,
// `[costmodel.area]`), read by the study parser and recorded in every results file
// (`/cost_model`): adding a field is one line here.
#include <coscan/costmodel/analytical_model.hpp>

#include <string_view>

namespace coscan::io::detail {

template <class Table> struct CostField {
  std::string_view key;
  double Table::*member;
};

inline constexpr CostField<costmodel::EnergyTable> kEnergyFields[] = {
    {"mac_pj", &costmodel::EnergyTable::mac_pj},
    {"alu_op_pj", &costmodel::EnergyTable::alu_op_pj},
    {"l1_pj_per_byte", &costmodel::EnergyTable::l1_pj_per_byte},
    {"noc_pj_per_byte", &costmodel::EnergyTable::noc_pj_per_byte},
    {"l2_pj_per_byte", &costmodel::EnergyTable::l2_pj_per_byte},
    {"dram_pj_per_byte", &costmodel::EnergyTable::dram_pj_per_byte},
    {"adc_pj", &costmodel::EnergyTable::adc_pj},
    {"xbar_read_pj", &costmodel::EnergyTable::xbar_read_pj},
};

inline constexpr CostField<costmodel::AreaTable> kAreaFields[] = {
    {"pe_mm2", &costmodel::AreaTable::pe_mm2},
    {"sram_mm2_per_kib", &costmodel::AreaTable::sram_mm2_per_kib},
    {"l1_mm2_per_kib", &costmodel::AreaTable::l1_mm2_per_kib},
    {"noc_mm2_per_pe", &costmodel::AreaTable::noc_mm2_per_pe},
    {"noc_mm2_per_byte_bw", &costmodel::AreaTable::noc_mm2_per_byte_bw},
    {"offchip_mm2_per_byte_bw", &costmodel::AreaTable::offchip_mm2_per_byte_bw},
    {"fixed_mm2", &costmodel::AreaTable::fixed_mm2},
    {"adc_mm2", &costmodel::AreaTable::adc_mm2},
    {"xbar_mm2", &costmodel::AreaTable::xbar_mm2},
};

} // namespace coscan::io::detail
