#include "registry/registry.hpp"

#include "core/user_file.hpp"

#include "core/errors.hpp"
#include "core/printable.hpp"
#include "registry/embedded_data.hpp"
#include "registry/loader.hpp"
#include "core/suggest.hpp"

namespace mlsysim {

template <typename T>
std::string Collection<T>::conflict(const T& entry) const {
  auto describe = [&](size_t slot) {
    const T& other = *entries_[slot];
    return other.name + " (" + other.path + (slot < builtin_count_ ? ", built in)" : ")");
  };
  const std::string key = to_lower(entry.key);
  if (auto it = keys_.find(key); it != keys_.end() && it->second < builtin_count_)
    return "its key is that of " + describe(it->second) + ", which user entries do not replace; give yours a key "
           "of its own";
  if (entry.name.empty()) return "";
  const std::string name = to_lower(entry.name);
  if (auto it = keys_.find(name); it != keys_.end() && to_lower(entries_[it->second]->key) != key)
    return "its name " + in_quotes(entry.name) + " is the key of " + describe(it->second) +
           "; names and keys must each pick out one entry";
  if (auto it = index_.find(name); it != index_.end() && to_lower(entries_[it->second]->key) != key)
    return "its name " + in_quotes(entry.name) + " is already the name of " + describe(it->second) +
           "; names must each pick out one entry";
  return "";
}

template <typename T>
void Collection<T>::add(std::shared_ptr<const T> entry) {
  const std::string key = to_lower(entry->key);
  size_t slot;
  if (auto existing = keys_.find(key); existing != keys_.end()) {
    slot = existing->second;
    replaced_.push_back(entries_[slot]);
    entries_[slot] = entry;
  } else {
    slot = entries_.size();
    entries_.push_back(entry);
  }
  keys_[key] = slot;
  // A name or path never takes over another entry's key.
  for (const std::string* alias : {&entry->path, &entry->name})
    if (!alias->empty() && !keys_.count(to_lower(*alias))) index_[to_lower(*alias)] = slot;
  index_[key] = slot;
}

template <typename T>
const T* Collection<T>::find(std::string_view name) const {
  const std::string wanted = to_lower(name);
  if (auto it = keys_.find(wanted); it != keys_.end()) return entries_[it->second].get();
  auto it = index_.find(wanted);
  return it == index_.end() ? nullptr : entries_[it->second].get();
}

template <typename T>
const T& Collection<T>::get(std::string_view name, const char* kind) const {
  if (const T* entry = find(name)) return *entry;
  std::vector<std::string> keys;
  for (const auto& e : entries_) keys.push_back(e->key);
  throw UnknownNameError(kind, std::string(name), closest_names(name, keys));
}

template class Collection<HardwareNode>;
template class Collection<Workload>;
template class Collection<GridProfile>;
template class Collection<Datacenter>;
template class Collection<NetworkFabric>;
template class Collection<Node>;
template class Collection<Fleet>;

Datacenter Registry::site(std::string_view name) const {
  if (const Datacenter* d = datacenters_.find(name)) return *d;
  if (const GridProfile* g = grids_.find(name)) return Datacenter::of_grid(*g);
  std::vector<std::string> keys;
  for (const auto& e : datacenters_.all()) keys.push_back(e->key);
  for (const auto& e : grids_.all()) keys.push_back(e->key);
  throw UnknownNameError("datacenter or grid", std::string(name), closest_names(name, keys));
}

const Registry& Registry::builtin() {
  static const Registry registry = [] {
    Registry r;
    registry::load_embedded(r, registry::embedded_files());
    r.hardware_.seal();
    r.models_.seal();
    r.grids_.seal();
    r.datacenters_.seal();
    r.fabrics_.seal();
    r.nodes_.seal();
    r.clusters_.seal();
    return r;
  }();
  return registry;
}

void Registry::load_file(const std::string& path) {
  const std::string file = "registry file " + in_quotes(path, 200);
  const bool yaml = path.ends_with(".yaml") || path.ends_with(".yml");
  if (!yaml && !path.ends_with(".json")) throw InputError(file + ": expected a .yaml, .yml or .json file");
  const std::string text = read_user_file(path, file, kMaxRegistryFileBytes);
  load_text(text, path, yaml);
}

void Registry::load_text(std::string_view text, const std::string& origin, bool yaml) {
  Registry staged = *this;  // nothing is added unless the whole file is valid
  registry::load_user_text(staged, text, origin, yaml);
  *this = std::move(staged);
}

}  // namespace mlsysim
