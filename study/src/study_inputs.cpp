// The files a study reads, so that no output of a run can overwrite one of them.
#include <coscan/study/study.hpp>

namespace coscan::study {

std::vector<tables::NamedFile> study_inputs(const Study &study) {
  std::vector<tables::NamedFile> inputs;
  if (study.file != "<default>")
    inputs.push_back({"the study", study.file});
  if (study.accuracy.kind == AccuracyKind::table)
    inputs.push_back({"the accuracy table", study.accuracy.path});
  if (study.cost_model == CostModelKind::pair_table)
    inputs.push_back({"the pair table", study.pair_table.path});
  if (study.cost_model == CostModelKind::layer_table)
    inputs.push_back({"the layer table", study.layer_table.path});
  for (const auto &file : study.arch_files)
    inputs.push_back({"a network file", file});
  for (const VerifyRuleSpec &rule : study.verify.rules)
    if (!rule.archs_file.empty())
      inputs.push_back({"a [verify] architecture list", rule.archs_file});
  return inputs;
}

} // namespace coscan::study
