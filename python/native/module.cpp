// coscan._native: the compiled half of the coscan Python package (python/coscan imports it).
#include "py_study.hpp"

#include <coscan/costmodel/error.hpp>
#include <coscan/engine/analyses/hypervolume.hpp>
#include <coscan/engine/evaluation/kernel_target.hpp>
#include <coscan/h5/version.hpp>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <span>

namespace py = pybind11;
using coscan::python::PyStudy;

PYBIND11_MODULE(_native, m) {
  m.doc() = "coscan's engine from Python: evaluate (architecture, accelerator) pairs through the "
            "sweep's kernel, decode and encode indices, and the exact ground truth";
  m.attr("version") = std::string(coscan::h5::coscan_version());
  m.def(
      "kernel_target",
      [] { return std::string(coscan::engine::to_string(coscan::engine::kernel_target())); },
      "The instruction set of the kernels in use (sse2, avx2 or avx512).");
  m.def(
      "hypervolume",
      [](const py::array_t<double, py::array::c_style | py::array::forcecast> &points,
         const py::array_t<double, py::array::c_style | py::array::forcecast> &reference) {
        if (points.ndim() != 2 || reference.ndim() != 1 || points.shape(1) != reference.shape(0))
          throw py::value_error("hypervolume: expected points n x d and a reference of d");
        const std::span<const double> p(points.data(), static_cast<std::size_t>(points.size()));
        const std::span<const double> r(reference.data(),
                                        static_cast<std::size_t>(reference.size()));
        const py::gil_scoped_release unlocked;
        return coscan::engine::hypervolume(p, r);
      },
      py::arg("points"), py::arg("reference"),
      "The exact hypervolume of the rows of POINTS (all objectives minimised) below REFERENCE "
      "(the engine's, as coscan verify computes it).");
  // A bad study, key or value: one line naming the file, key and reason (as coscan exits 2).
  static py::exception<coscan::InputError> study_error(m, "StudyError", PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr error) {
    try {
      if (error)
        std::rethrow_exception(error);
    } catch (const coscan::InputError &e) {
      study_error(e.what());
    }
  });

  py::class_<PyStudy>(m, "Study", "A study (docs/study.md) loaded once and evaluated from Python.")
      .def(py::init<const std::string &, int>(), py::arg("path") = std::string(),
           py::arg("threads") = 0,
           "Loads the study file PATH (the embedded default study when empty) and builds its "
           "spaces and cost model; THREADS 0 uses every core.")
      .def_property_readonly("name", [](const PyStudy &s) { return s.study().name; })
      .def_property_readonly(
          "text", [](const PyStudy &s) { return s.study().text; },
          "The study's TOML text (recorded in what is written from it).")
      .def_property_readonly("file", [](const PyStudy &s) { return s.study().file.string(); })
      .def_property_readonly(
          "arch_space", [](const PyStudy &s) { return std::string(s.problem().archs->kind()); })
      .def_property_readonly("num_archs",
                             [](const PyStudy &s) { return s.problem().archs->size(); })
      .def_property_readonly("num_accels",
                             [](const PyStudy &s) { return s.problem().accels->size(); })
      .def_property_readonly("threads", &PyStudy::threads)
      .def_property_readonly(
          "objectives",
          [](const PyStudy &s) {
            std::vector<std::pair<std::string, std::string>> out;
            for (const auto &o : s.problem().objectives)
              out.emplace_back(o.sense == coscan::engine::Sense::maximize ? "maximize" : "minimize",
                               std::string(coscan::engine::to_string(o.metric)));
            return out;
          },
          "[(sense, metric)], e.g. [('maximize', 'accuracy'), ('minimize', "
          "'latency')]")
      .def("evaluate", &PyStudy::evaluate, py::arg("archs"), py::arg("accels"),
           "Metrics of the pairs (archs[i], accels[i]) (indices in the spaces; a single index is "
           "repeated): dict of numpy arrays accuracy (%), latency_s, energy_j, edp_js, area_mm2, "
           "the bits `coscan run` computes.")
      .def("arch_str", &PyStudy::arch_str, py::arg("index"),
           "The architecture string of an index (a list for a list of indices).")
      .def("arch_index", &PyStudy::arch_index, py::arg("arch_str"),
           "The index of an architecture string (an array for a list of strings).")
      .def("accel", &PyStudy::accel, py::arg("index"),
           "An accelerator's parameters, as the study's [accel_space] keys ({'name': DEVICE} in a "
           "device space).")
      .def("accel_index", &PyStudy::accel_index, py::arg("fields"),
           "The index of the accelerator with these parameters; a field the space has one value "
           "of may be left out.")
      .def_property_readonly("accel_digits", &PyStudy::accel_digits,
                             "The accelerator index's mixed-radix digits, most significant first, "
                             "as [(field, radix)] (docs/spaces.md); empty unless the space is a "
                             "whole uniform grid.")
      .def_property_readonly("verify_targets", &PyStudy::verify_targets,
                             "The study's constrained [verify] targets, as dicts for optimum().")
      .def("pareto", &PyStudy::pareto,
           "The exact Pareto set of the study's objectives over its swept pairs: dict of numpy "
           "arrays arch, accel and every metric, sorted by pair. Computed once.")
      .def("optimum", &PyStudy::optimum, py::arg("target"),
           "The exact optimum of a constrained target, given as in [verify] targets: e.g. "
           "{'minimize': 'edp', 'accuracy_min': 93.0}. Returns feasible, value, arch, accel, "
           "optimal_archs and label.");
}
