#pragma once
// A study: one TOML file naming the spaces, the accuracy source, the objectives and the
// outputs. docs/study.md documents every key.
#include <coscan/costmodel/analytical_model.hpp>
#include <coscan/engine/analyses/verify.hpp>
#include <coscan/engine/evaluation/objective.hpp>
#include <coscan/search/accel_space.hpp>
#include <coscan/tables/atomic_file.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace coscan::study {

/// `[accuracy] kind`, `join` and `sweep`, parsed once here; to_string gives the study's names.
enum class AccuracyKind { proxy, table };
/// key: the `key` column holds architecture strings; columns: the table's architecture columns
/// in a shared layout (tables/arch_columns.hpp, e.g. AlphaNet's resolution, depth_*, ...).
enum class AccuracyJoin { key, columns };
/// space: every swept architecture must have a row; table: sweep the table's architectures
/// (docs/study.md).
enum class AccuracySweep { space, table };
std::string_view to_string(AccuracyKind kind);
std::string_view to_string(AccuracyJoin join);
std::string_view to_string(AccuracySweep sweep);

struct AccuracySpec {
  AccuracyKind kind = AccuracyKind::proxy;
  std::filesystem::path path;   ///< table file, resolved against the study's folder
  std::string key = "arch_str"; ///< table column joined with the architecture string
  std::string column;           ///< table column holding the accuracy in %
  std::string index_column;     ///< optional table column with the table's own arch index
  AccuracyJoin join = AccuracyJoin::key;
  AccuracySweep sweep = AccuracySweep::space;
};

/// `[costmodel] kind = "pair_table"`: whole-network costs per (architecture, device) from a
/// table; the devices (latency_columns, in order) are the accelerators.
struct PairTableSpec {
  std::filesystem::path path;   ///< resolved against the study's folder
  std::string key = "arch_str"; ///< column joined with the architecture strings
  std::vector<std::string> latency_columns;
  double latency_scale = 1e-3;             ///< seconds per table unit (latency_unit)
  std::vector<std::string> energy_columns; ///< empty: no energy (energy objectives refused)
  double energy_scale = 1e-3;              ///< joules per table unit (energy_unit)
};

/// `[costmodel] kind = "layer_table"`: per-layer costs per (layer shape, device) from a table;
/// the devices (the distinct values of accel_columns, in order of first appearance) are the
/// accelerators. docs/study.md documents the keys.
/// How a layer table writes a layer's shape: MAESTRO's convention (column `type`) or coscan's
/// (column `layer_type`); from_header: coscan's when the table has a `layer_type` column.
enum class ShapeFormat { from_header, maestro, coscan };

struct LayerTableSpec {
  std::filesystem::path path;                          ///< resolved against the study's folder
  ShapeFormat shape_format = ShapeFormat::from_header; ///< `shape_format`: "maestro", "coscan"
  std::vector<std::string> accel_columns;              ///< the device key, in order
  std::string latency_column;
  double latency_scale = 1;     ///< seconds per table unit; 1 with clock_mhz (cycles)
  double clock_mhz = 0;         ///< > 0: the latency column is in cycles at this clock
  std::string clock_column;     ///< or: each accelerator's clock (MHz) from this column
  std::string energy_column;    ///< empty: no energy (energy objectives refused)
  double energy_scale = 1;      ///< joules per table unit (energy_unit)
  std::string area_column;      ///< empty: no area (area objectives refused)
  bool skip_incomplete = false; ///< incomplete_accels = "skip": drop devices missing a shape
};

/// `[enumeration] mode`, parsed once here; to_string gives the study's name for it.
enum class EnumerationMode { exhaustive, sample };
std::string_view to_string(EnumerationMode mode);

/// `[costmodel] kind`, parsed once here; to_string gives the study's name for it.
enum class CostModelKind { analytical, pair_table, layer_table };
std::string_view to_string(CostModelKind kind);

/// `[enumeration]`: the whole pair space, the cross product of seeded samples of the
/// architectures and/or accelerators, or independent random pairs (draw i depends only on
/// (seed, i)).
struct EnumerationSpec {
  EnumerationMode mode = EnumerationMode::exhaustive;
  std::uint64_t archs = 0;  ///< architectures to draw; 0: all of them
  std::uint64_t accels = 0; ///< accelerators to draw; 0: all of them
  std::uint64_t pairs = 0;  ///< independent (arch, accel) pairs to draw instead; 0: none
  std::uint64_t seed = 0;
  bool replacement = false;
};

/// `[accel_space] subset`: a random or Latin-hypercube subset of the valid accelerators.
struct AccelSubsetSpec {
  search::AccelSubset kind = search::AccelSubset::none;
  std::uint64_t size = 0; ///< accelerators in the subset
  std::uint64_t seed = 0;
};

/// `[engine] prune`, parsed once here; to_string gives the study's name for it. certified: sweep
/// only the certified architectures (study/prune.hpp).
enum class PruneMode { none, certified };
std::string_view to_string(PruneMode mode);

struct EngineSpec {
  std::uint64_t arch_block = 1024; ///< architectures per tile
  std::uint64_t accel_block = 64;  ///< accelerators per tile (one cost table per block)
  PruneMode prune = PruneMode::none;
};

/// `[ranking]`: ranking similarity of every accelerator against a proxy (docs/study.md).
struct RankingSpec {
  bool enabled = false;                     ///< the section is present
  std::vector<engine::Metric> metrics;      ///< latency, energy and/or edp; the first is primary
  std::uint64_t proxy_accel = 0;            ///< position in the swept accelerator list
  std::uint64_t topk = 0;                   ///< 0: from topk_fraction, or the default 100
  double topk_fraction = 0;                 ///< in (0, 1]; 0: not given
  std::vector<std::uint64_t> matrix_accels; ///< positions for the pairwise matrix
};

/// One rule of `[verify]`: the engine rule, with a list's architectures as written (resolved
/// against the problem by study/verify.hpp).
struct VerifyRuleSpec {
  engine::ReductionRule rule;
  std::vector<std::string> archs;   ///< list: architecture strings or decimal indices
  std::filesystem::path archs_file; ///< list: a file of them, one per line
};

/// `[verify]`: reduced-space verification (docs/study.md), run by `coscan verify`.
struct VerifySpec {
  bool enabled = false; ///< the section is present
  std::vector<VerifyRuleSpec> rules;
  std::vector<engine::VerifyTarget> targets;
  engine::VerifyOptions::Proxies proxies = engine::VerifyOptions::Proxies::all;
  std::uint64_t proxy_count = 0;
  std::uint64_t proxy_seed = 0;
};

/// `[output] dataset`: the full metric tables (docs/results-format.md, `/dataset`).
struct DatasetSpec {
  bool enabled = false;
  double max_gib = 16;     ///< refuse up front when the tables would be larger (GiB)
  bool compression = true; ///< shuffle + deflate, chunked for reading (docs/results-format.md)
};

struct Study {
  std::filesystem::path file; ///< the study file; "<default>" for the embedded study
  std::string text;           ///< the study text, recorded in the results
  std::string name;           ///< [study] name, free text (may be empty)
  std::string description;    ///< [study] description, free text (may be empty)
  std::string arch_space = "nasbench201";
  /// kind = "networks": layer tables (.csv) and MAESTRO model files (.m), resolved against the
  /// study's folder; one architecture per network they hold.
  std::vector<std::filesystem::path> arch_files;
  AccuracySpec accuracy;
  search::AccelGrid accel_grid;
  search::AccelConstraints accel_constraints; ///< [accel_space.constraints]
  AccelSubsetSpec accel_subset;
  CostModelKind cost_model = CostModelKind::analytical; ///< [costmodel] kind
  costmodel::AnalyticalParams cost_params;
  PairTableSpec pair_table;   ///< kind = "pair_table" only
  LayerTableSpec layer_table; ///< kind = "layer_table" only
  std::vector<engine::Objective> objectives;
  EnumerationSpec enumeration;
  EngineSpec engine;
  RankingSpec ranking;
  VerifySpec verify;
  std::filesystem::path output_path = "results.h5"; ///< resolved against the study's folder
  DatasetSpec dataset;
};

/// The files a study reads: the study file itself and every table or network file it names.
std::vector<tables::NamedFile> study_inputs(const Study &study);

/// What a study is read for. A sweep (run, verify, validate, slurm) needs every required section;
/// listing architectures (coscan archs) needs only [arch_space] and [accuracy]: a study without
/// [accel_space] or [objectives] then gets the default study's, which the listing does not use.
enum class StudyUse { sweep, list_archs };

/// Parses and validates a study. `origin` names the file in error messages and is the base of
/// relative paths. Throws coscan::InputError ("FILE: key 'a.b': reason") on any bad input:
/// malformed TOML, an unknown key, a wrong type, an empty list, an out-of-range value.
Study parse_study(std::string_view text, const std::filesystem::path &origin,
                  StudyUse use = StudyUse::sweep);

/// Reads and parses a study file (a missing or unreadable file is an InputError).
Study load_study(const std::filesystem::path &file, StudyUse use = StudyUse::sweep);

/// One verification target written as in a study's `[verify] targets`, an inline table such as
/// `{ minimize = "edp", accuracy_min = 93.0 }` (coscan from Python). Throws coscan::InputError
/// naming `origin`, the key and the reason.
engine::VerifyTarget parse_verify_target(std::string_view text, const std::string &origin);

/// The embedded default study: NAS-Bench-201 with the proxy accuracy on a 1,620-accelerator
/// grid. Needs no file.
Study default_study();
std::string_view default_study_text();

} // namespace coscan::study
