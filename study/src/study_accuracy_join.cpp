// [accuracy] join and sweep: a table keyed by architecture string or by the architecture columns
// of the shared tables, covering the swept architectures or defining them.
#include "study_readers.hpp"

namespace coscan::study::detail {

void read_accuracy_join(const Section &accuracy, AccuracySpec &spec) {
  const std::string join = accuracy.name("join").value_or("key");
  if (join != "key" && join != "columns")
    accuracy.fail("join", "unknown join '" + join + "' (known: key, columns)");
  spec.join = join == "columns" ? AccuracyJoin::columns : AccuracyJoin::key;
  if (spec.join == AccuracyJoin::columns && accuracy.has("key"))
    accuracy.fail("key", "only with join = \"key\" (join = \"columns\" reads the architecture "
                         "columns)");
  const std::string sweep = accuracy.name("sweep").value_or("space");
  if (sweep != "space" && sweep != "table")
    accuracy.fail("sweep", "unknown sweep '" + sweep + "' (known: space, table)");
  spec.sweep = sweep == "table" ? AccuracySweep::table : AccuracySweep::space;
  if (!spec.index_column.empty() &&
      (spec.join != AccuracyJoin::key || spec.sweep != AccuracySweep::space))
    accuracy.fail("index_column", "only with join = \"key\" and sweep = \"space\"");
}

} // namespace coscan::study::detail
