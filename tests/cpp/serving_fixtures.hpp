#pragma once
// Shared helpers for the serving-family tests.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/errors.hpp"
#include "registry/registry.hpp"

namespace mlsysim::testing {

inline const Registry& reg() { return Registry::builtin(); }

inline void expect_rel(double actual, double expected, double rel) {
  EXPECT_NEAR(actual, expected, std::fabs(expected) * rel) << "expected " << expected;
}

// The message of the InputError `f` throws ("" when it does not throw).
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace mlsysim::testing
