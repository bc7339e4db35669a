#pragma once
// The registry: every hardware node, model, grid, datacenter, fabric, node and cluster,
// loaded from the data files embedded at build time, plus any entries a user
// loads from their own YAML/JSON file. Names resolve case-insensitively by
// short key ("A100"), by path ("Hardware.Cloud.A100") or by display name.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hardware/hardware_node.hpp"
#include "infra/datacenter.hpp"
#include "infra/grid_profile.hpp"
#include "models/workload.hpp"
#include "systems/fleet.hpp"

namespace mlsysim {

template <typename T>
class Collection {
 public:
  // Adds, or replaces an earlier user entry with the same key (a file loaded
  // again). Call conflict() first: add() does not check.
  void add(std::shared_ptr<const T> entry);
  // Why `entry` cannot be added, or "": its key is a built-in's (built-ins are
  // never replaced), or its display name is another entry's key or name (a
  // name must resolve to one entry).
  std::string conflict(const T& entry) const;
  // Marks every entry so far as built-in.
  void seal() { builtin_count_ = entries_.size(); }
  // Throws UnknownNameError (with suggestions) when nothing matches.
  const T& get(std::string_view name, const char* kind) const;
  const T* find(std::string_view name) const;
  const std::vector<std::shared_ptr<const T>>& all() const { return entries_; }

 private:
  std::vector<std::shared_ptr<const T>> entries_;
  // Entries a user file replaced: nodes and clusters may still point at them.
  std::vector<std::shared_ptr<const T>> replaced_;
  std::map<std::string, size_t, std::less<>> index_;  // lower-case key/path/name -> entry
  std::map<std::string, size_t, std::less<>> keys_;   // lower-case key -> entry
  size_t builtin_count_ = 0;                           // entries_[0, builtin_count_) are built-in
};

// A user registry file larger than this is refused before it is read.
inline constexpr size_t kMaxRegistryFileBytes = size_t{256} << 20;

class Registry {
 public:
  // The built-in entries, parsed once on first use.
  static const Registry& builtin();

  // Adds the entries of a user file (.yaml, .yml or .json). On error nothing
  // is added and an InputError names the file, the entry and the field.
  void load_file(const std::string& path);
  // Same, from text already in memory; `origin` names it in messages.
  void load_text(std::string_view text, const std::string& origin, bool yaml);

  const HardwareNode& hardware(std::string_view name) const { return hardware_.get(name, "hardware"); }
  const Workload& model(std::string_view name) const { return models_.get(name, "model"); }
  const GridProfile& grid(std::string_view name) const { return grids_.get(name, "grid"); }
  const Datacenter& datacenter(std::string_view name) const { return datacenters_.get(name, "datacenter"); }
  // A datacenter by name, or a grid as a facility of its own; UnknownNameError suggests from both.
  Datacenter site(std::string_view name) const;
  const NetworkFabric& fabric(std::string_view name) const { return fabrics_.get(name, "fabric"); }
  const Node& node(std::string_view name) const { return nodes_.get(name, "node"); }
  const Fleet& cluster(std::string_view name) const { return clusters_.get(name, "cluster"); }

  const Collection<HardwareNode>& hardware_entries() const { return hardware_; }
  const Collection<Workload>& model_entries() const { return models_; }
  const Collection<GridProfile>& grid_entries() const { return grids_; }
  const Collection<Datacenter>& datacenter_entries() const { return datacenters_; }
  const Collection<NetworkFabric>& fabric_entries() const { return fabrics_; }
  const Collection<Node>& node_entries() const { return nodes_; }
  const Collection<Fleet>& cluster_entries() const { return clusters_; }

  // Used by the loader.
  Collection<HardwareNode>& mutable_hardware() { return hardware_; }
  Collection<Workload>& mutable_models() { return models_; }
  Collection<GridProfile>& mutable_grids() { return grids_; }
  Collection<Datacenter>& mutable_datacenters() { return datacenters_; }
  Collection<NetworkFabric>& mutable_fabrics() { return fabrics_; }
  Collection<Node>& mutable_nodes() { return nodes_; }
  Collection<Fleet>& mutable_clusters() { return clusters_; }

 private:
  Collection<HardwareNode> hardware_;
  Collection<Workload> models_;
  Collection<GridProfile> grids_;
  Collection<Datacenter> datacenters_;
  Collection<NetworkFabric> fabrics_;
  Collection<Node> nodes_;
  Collection<Fleet> clusters_;
};

}  // namespace mlsysim
