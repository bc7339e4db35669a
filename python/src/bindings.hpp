#pragma once
// One function per topic; module.cpp calls them in order.
#include <nanobind/nanobind.h>

#include "registry/registry.hpp"

namespace mlsysim::python {

void bind_entities(nanobind::module_& m);
void bind_registry(nanobind::module_& m);
void bind_solvers(nanobind::module_& m);
void bind_sweep(nanobind::module_& m);
void bind_search(nanobind::module_& m);
void bind_walls(nanobind::module_& m);
void bind_plan(nanobind::module_& m);

// The process-wide registry: the built-ins plus what load_registry_file added.
const Registry& current_registry();

}  // namespace mlsysim::python
