#pragma once
// Solver inputs written as text, `name=value` (the CLI's `solve NAME k=v`):
// quantities may carry units ("2 GB/s"), registry names resolve in `registry`,
// and "none" is the None of a nullable input.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "api/solver_spec.hpp"
#include "registry/registry.hpp"

namespace mlsysim::api {

class TextSource : public InputSource {
 public:
  // Rejects malformed arguments, unknown names (with "did you mean") and
  // duplicates. `context` names the command in messages ("SingleNodeModel", "eval").
  TextSource(const SolverSpec& spec, const std::vector<std::string>& args, const Registry& registry,
             std::string_view context);

  bool given(const InputSpec& in) override;
  bool is_none(const InputSpec& in) override;
  long long integer(const InputSpec& in) override;
  double number(const InputSpec& in) override;
  Dimension dimension_of(const InputSpec& in) override;
  bool flag(const InputSpec& in) override;
  std::string text(const InputSpec& in) override;
  Precision precision(const InputSpec& in) override;
  const Workload& model(const InputSpec& in) override;
  const HardwareNode& hardware(const InputSpec& in) override;
  const GridProfile& grid(const InputSpec& in) override;
  Datacenter datacenter(const InputSpec& in) override;
  GridList grid_list(const InputSpec& in) override;
  const NetworkFabric& fabric(const InputSpec& in) override;
  const Node& node(const InputSpec& in) override;
  const Fleet& cluster(const InputSpec& in) override;

 private:
  const std::string& raw(const InputSpec& in) const;
  std::map<std::string, std::string, std::less<>> values_;
  const Registry& registry_;
};

}  // namespace mlsysim::api
