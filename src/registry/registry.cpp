#include "registry/registry.hpp"

#include <fstream>
#include <sstream>

#include "core/errors.hpp"
#include "registry/embedded_data.hpp"
#include "registry/loader.hpp"
#include "registry/suggest.hpp"

namespace mlsysim {

template <typename T>
void Collection<T>::add(std::shared_ptr<const T> entry) {
  auto existing = index_.find(to_lower(entry->key));
  size_t slot;
  if (existing != index_.end()) {
    slot = existing->second;
    replaced_.push_back(entries_[slot]);
    entries_[slot] = entry;
  } else {
    slot = entries_.size();
    entries_.push_back(entry);
  }
  for (const std::string* alias : {&entry->key, &entry->path, &entry->name})
    if (!alias->empty()) index_[to_lower(*alias)] = slot;
  index_[to_lower(entry->key)] = slot;  // a key always beats another entry's display name
}

template <typename T>
const T* Collection<T>::find(std::string_view name) const {
  auto it = index_.find(to_lower(name));
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
template class Collection<NetworkFabric>;
template class Collection<Node>;
template class Collection<Fleet>;

const Registry& Registry::builtin() {
  static const Registry registry = [] {
    Registry r;
    registry::load_embedded(r, registry::embedded_files());
    return r;
  }();
  return registry;
}

void Registry::load_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError("registry file '" + path + "' cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  bool yaml = path.size() >= 5 && (path.ends_with(".yaml") || path.ends_with(".yml"));
  if (!yaml && !path.ends_with(".json"))
    throw InputError("registry file '" + path + "': expected a .yaml, .yml or .json file");
  load_text(text.str(), path, yaml);
}

void Registry::load_text(std::string_view text, const std::string& origin, bool yaml) {
  Registry staged = *this;  // nothing is added unless the whole file is valid
  registry::load_user_text(staged, text, origin, yaml);
  *this = std::move(staged);
}

}  // namespace mlsysim
