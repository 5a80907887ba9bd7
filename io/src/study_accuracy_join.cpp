// [accuracy] join and sweep: a table keyed by architecture string or by the architecture columns
// of the shared tables, covering the swept architectures or defining them.
#include "study_readers.hpp"

namespace coscan::io::detail {

void read_accuracy_join(const Section &accuracy, AccuracySpec &spec) {
  spec.join = accuracy.name("join").value_or("key");
  if (spec.join != "key" && spec.join != "columns")
    accuracy.fail("join", "unknown join '" + spec.join + "' (known: key, columns)");
  if (spec.join == "columns" && accuracy.has("key"))
    accuracy.fail("key", "only with join = \"key\" (join = \"columns\" reads the architecture "
                         "columns)");
  spec.sweep = accuracy.name("sweep").value_or("space");
  if (spec.sweep != "space" && spec.sweep != "table")
    accuracy.fail("sweep", "unknown sweep '" + spec.sweep + "' (known: space, table)");
  if (!spec.index_column.empty() && (spec.join != "key" || spec.sweep != "space"))
    accuracy.fail("index_column", "only with join = \"key\" and sweep = \"space\"");
}

} // namespace coscan::io::detail
