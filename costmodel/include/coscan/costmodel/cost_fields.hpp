#pragma once
// The analytical model's constants by their study keys (`[costmodel.energy]`,
// `[costmodel.area]`), read by the study parser and recorded in every results file
// (`/cost_model`): adding a field is one line here.
#include <coscan/costmodel/analytical_model.hpp>

#include <string_view>

namespace coscan::costmodel {

template <class Table> struct CostField {
  std::string_view key;
  double Table::*member;
};

inline constexpr CostField<EnergyTable> kEnergyFields[] = {
    {"mac_pj", &EnergyTable::mac_pj},
    {"alu_op_pj", &EnergyTable::alu_op_pj},
    {"l1_pj_per_byte", &EnergyTable::l1_pj_per_byte},
    {"noc_pj_per_byte", &EnergyTable::noc_pj_per_byte},
    {"l2_pj_per_byte", &EnergyTable::l2_pj_per_byte},
    {"dram_pj_per_byte", &EnergyTable::dram_pj_per_byte},
    {"adc_pj", &EnergyTable::adc_pj},
    {"xbar_read_pj", &EnergyTable::xbar_read_pj},
};

inline constexpr CostField<AreaTable> kAreaFields[] = {
    {"pe_mm2", &AreaTable::pe_mm2},
    {"sram_mm2_per_kib", &AreaTable::sram_mm2_per_kib},
    {"l1_mm2_per_kib", &AreaTable::l1_mm2_per_kib},
    {"noc_mm2_per_pe", &AreaTable::noc_mm2_per_pe},
    {"noc_mm2_per_byte_bw", &AreaTable::noc_mm2_per_byte_bw},
    {"noc_mm2_per_pe_byte_bw", &AreaTable::noc_mm2_per_pe_byte_bw},
    {"offchip_mm2_per_byte_bw", &AreaTable::offchip_mm2_per_byte_bw},
    {"fixed_mm2", &AreaTable::fixed_mm2},
    {"adc_mm2", &AreaTable::adc_mm2},
    {"xbar_mm2", &AreaTable::xbar_mm2},
};

} // namespace coscan::costmodel
