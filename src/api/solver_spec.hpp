#pragma once
// The description of a solver, written once in src/api/specs/<name>.cpp: its
// inputs (the reference's keyword names; their defaults live only in the
// solver's Inputs struct), its result fields (SI key, the reference's
// attribute, display unit) and how to run it. Every front end is generated
// from it: `mlsysim solve NAME k=v`, `solve --list/--describe`, the JSON record
// and text rendering, the Python classes, and the reference harness's field map.
// Nothing here depends on a particular solver; see spec_builder.hpp for how a
// spec file fills these in from member pointers.
#include <functional>
#include <memory>
#include <string>
#include <typeinfo>
#include <vector>

#include "api/value.hpp"
#include "core/errors.hpp"
#include "core/precision.hpp"
#include "core/units.hpp"

namespace mlsysim {

struct Workload;
struct HardwareNode;
struct GridProfile;
struct Datacenter;
struct GridList;
struct NetworkFabric;
struct Node;
struct Fleet;

namespace api {

enum class InputKind { Model, Hardware, Grid, Datacenter, Fabric, Node, Cluster, Integer, Number, Quantity, Bool, Precision, Choice, Text, GridList };

// "model", "hardware", "integer", "number", "quantity", "bool", "precision", "choice", "text", ...
const char* input_kind_name(InputKind kind);

struct InputSpec;

// Where an input's value comes from: CLI text, a Python object. Each method
// converts the given value or throws InputError (a wrong type: InputTypeError)
// naming the input and what it accepts.
class InputSource {
 public:
  virtual ~InputSource() = default;
  // Whether the caller gave this input; when not, the Inputs default stays.
  virtual bool given(const InputSpec& input) = 0;
  // An explicit "none" for a nullable input (decode_hardware=None).
  virtual bool is_none(const InputSpec& input) = 0;
  virtual long long integer(const InputSpec& input) = 0;
  virtual double number(const InputSpec& input) = 0;  // SI; Quantity inputs check the dimension
  // The dimension of a Quantity input's value as given (its dimension for a bare number).
  virtual Dimension dimension_of(const InputSpec& input) = 0;
  virtual bool flag(const InputSpec& input) = 0;
  virtual std::string text(const InputSpec& input) = 0;  // Text and Choice
  // Grids by name: comma-separated on the command line, a list in Python; never empty.
  virtual GridList grid_list(const InputSpec& input) = 0;
  virtual Precision precision(const InputSpec& input) = 0;
  virtual const Workload& model(const InputSpec& input) = 0;
  virtual const HardwareNode& hardware(const InputSpec& input) = 0;
  virtual const GridProfile& grid(const InputSpec& input) = 0;
  // A datacenter, or a grid as a facility of its own (Registry::site).
  virtual Datacenter datacenter(const InputSpec& input) = 0;
  virtual const NetworkFabric& fabric(const InputSpec& input) = 0;
  virtual const Node& node(const InputSpec& input) = 0;
  virtual const Fleet& cluster(const InputSpec& input) = 0;
};

struct InputSpec {
  std::string name;  // the reference's keyword: "batch_size"
  InputKind kind = InputKind::Text;
  std::string help;
  bool required = false;
  bool nullable = false;  // None is a value (an optional entity or number)
  bool extra = false;     // ours only: the reference's solve has no such keyword
  // Quantity inputs: the dimension, and the unit a bare number is in (the
  // reference's name says it: duration_days takes days). Empty = SI base unit.
  Dimension dimension = Dimension::Dimensionless;
  // A second dimension the input also takes (ScalingModel's budget: FLOPs, or accelerator time);
  // Dimensionless when there is none. The member is then a Quantity that keeps which it was.
  Dimension alt_dimension = Dimension::Dimensionless;
  std::string bare_unit;
  double bare_unit_factor = 1.0;  // SI per bare unit
  std::vector<std::string> choices;  // Choice: the accepted names
  std::string example;               // required inputs: a value that works (docs, generic tests)
  Value default_value;               // as a default-constructed Inputs holds it
  // Reads this input (`self`) from `source` into the type-erased Inputs object.
  std::function<void(void* inputs, const InputSpec& self, InputSource& source)> assign;
  // Copies this input's member from one Inputs object to another (a search's axis value).
  std::function<void(void* to, const void* from)> copy;
};

// What an input accepts, for help and errors: "a whole number", "one of fp32, ...".
std::string accepted_values(const InputSpec& input);

// The error for quantity text `text` that parse_quantity rejected: an unknown unit lists the
// units this input takes, not every unit there is.
InputError quantity_text_error(const InputSpec& input, const std::string& text, const InputError& cause);

enum class OutputKind { Bool, Integer, Number, Text, TextList, Map, Result, ResultList };

// "bool", "integer", "number", "text", "text_list", "map", "result", "result_list"
const char* output_kind_name(OutputKind kind);

struct ResultSpec;

struct OutputSpec {
  std::string key;   // JSON key with the SI unit suffix: "latency_s"
  std::string attr;  // the reference's attribute: "latency"
  OutputKind kind = OutputKind::Number;
  std::string help;
  // The unit Python shows the quantity in ("ms"); empty for plain values.
  std::string display_unit;
  // The unit of the reference's value when it is a plain float that carries
  // one (PlacementOptimizer's carbon_footprint in tonnes); for the harness.
  std::string ref_unit;
  bool dimensionless = false;  // a Number that is a ratio or a count: no unit suffix
  bool extra = false;          // ours only: the reference's result has no such attribute
  bool infinite_ok = false;    // an infinity is a legitimate answer (an unstable queue's wait)
  bool nullable = false;       // may be None (JSON null)
  const ResultSpec* nested = nullptr;  // Result and ResultList
  std::function<Value(const void* result)> value;         // every kind but Result and ResultList
  std::function<const void*(const void* result)> child;   // Result; nullptr is None
  std::function<size_t(const void* result)> size;         // ResultList
  std::function<const void*(const void* result, size_t i)> item;
};

struct ResultSpec {
  std::string name;  // the reference's result class: "PerformanceProfile"
  std::string summary;
  const std::type_info* type = nullptr;  // the C++ result struct
  std::vector<OutputSpec> outputs;
  int warnings_output = -1;  // index of the "warnings" text list, if any
};

// A run of many points of one solver (a design-space search): for each i in [begin, end) a copy
// of `base` is made, `prepare` sets that point's inputs in it, the solver runs, and `visit` reads
// the result; a point whose inputs do not go together (InputError, a model that does not fit when
// errors are asked for) goes to `invalid` instead.
struct PointRange {
  const void* base = nullptr;
  size_t begin = 0, end = 0;
  const std::function<void(void* inputs, size_t i)>* prepare = nullptr;
  const std::function<void(const void* result, size_t i)>* visit = nullptr;
  const std::function<void(size_t i, const char* message)>* invalid = nullptr;
};

struct SolverSpec {
  std::string name;                  // "SingleNodeModel"
  std::vector<std::string> aliases;  // "Engine.solve", ...
  std::string summary;
  std::vector<int> walls;            // the reference's wall numbers it answers
  std::vector<InputSpec> inputs;     // required ones first, in the reference's order
  const ResultSpec* result = nullptr;
  std::function<std::shared_ptr<void>()> make_inputs;  // a default-constructed Inputs
  std::function<std::shared_ptr<const void>(const void* inputs)> solve;
  // Solves a range of points with the result on the stack (no allocation per point).
  std::function<void(const PointRange& range)> solve_range;

  // The input called `name`; std::logic_error if there is none (a programming error).
  const InputSpec& input(std::string_view name) const;
};

// The SI unit a key's suffix names, as pint spells it ("s", "byte/s"), or
// nullptr when the key carries none. Longest suffix wins (_bytes_per_s before _s).
const char* si_unit_of_key(const std::string& key);

}  // namespace api
}  // namespace mlsysim
