#pragma once
// Python values as solver inputs, one input at a time (shared by _core.solve
// and the columnar sweep), and results back as Python objects. A wrong type
// is an InputTypeError (Python TypeError), a wrong value an InputError
// (ValueError); each message names the input and shows the value.
#include <nanobind/nanobind.h>

#include <string>
#include <vector>

#include "api/solver_spec.hpp"
#include "api/value.hpp"
#include "hardware/hardware_node.hpp"
#include "infra/datacenter.hpp"
#include "infra/grid_profile.hpp"
#include "models/workload.hpp"
#include "systems/fleet.hpp"

namespace mlsysim::python {

// repr() of a user's value for a message, cut to a sane length.
std::string shown(nanobind::handle value);
// A pint quantity (anything with a magnitude and units).
bool is_quantity(nanobind::handle value);

long long to_integer(nanobind::handle value, const api::InputSpec& in);
double to_number(nanobind::handle value, const api::InputSpec& in);  // SI
// The dimension a Quantity input's value came in (the input's own for a bare number).
Dimension dimension_of(nanobind::handle value, const api::InputSpec& in);
bool to_flag(nanobind::handle value, const api::InputSpec& in);
std::string to_text(nanobind::handle value, const api::InputSpec& in);
Precision to_precision(nanobind::handle value, const api::InputSpec& in);
// A registry entry object (from mlsysim or _core) or a registry name.
const Workload& to_model(nanobind::handle value, const api::InputSpec& in);
const HardwareNode& to_hardware(nanobind::handle value, const api::InputSpec& in);
const GridProfile& to_grid(nanobind::handle value, const api::InputSpec& in);
// A list or tuple of GridProfiles or grid names (not one text: its letters are no list); never empty.
GridList to_grid_list(nanobind::handle value, const api::InputSpec& in);
// A Datacenter, a GridProfile (a facility of its own) or either's registry name.
Datacenter to_datacenter(nanobind::handle value, const api::InputSpec& in);
const NetworkFabric& to_fabric(nanobind::handle value, const api::InputSpec& in);
const Node& to_node(nanobind::handle value, const api::InputSpec& in);
const Fleet& to_cluster(nanobind::handle value, const api::InputSpec& in);

nanobind::object to_python(const Value& value);

}  // namespace mlsysim::python
