// mlsysim._core: the C++ engine as seen from Python. Everything here is raw SI
// numbers; the mlsysim package turns them into pint quantities.
#include <nanobind/nanobind.h>

#include "bindings.hpp"
#include "core/errors.hpp"
#include "core/printable.hpp"

namespace nb = nanobind;

NB_MODULE(_core, m) {
  m.doc() = "C++ core of mlsysim (SI units); use the mlsysim package instead.";

  // Bad input is a ValueError, a wrong type (InputTypeError) a TypeError.
  // Out-of-memory becomes mlsysim.OOMError, defined in Python so it can
  // carry pint quantities.
  nb::register_exception_translator([](const std::exception_ptr& p, void*) {
    try {
      std::rethrow_exception(p);
    } catch (const mlsysim::InputTypeError& e) {
      PyErr_SetString(PyExc_TypeError, mlsysim::one_line(e.what()).c_str());
    } catch (const mlsysim::InputError& e) {
      // One printable line of valid UTF-8, whatever the input echoed in it.
      PyErr_SetString(PyExc_ValueError, mlsysim::one_line(e.what()).c_str());
    } catch (const mlsysim::OutOfMemoryError& e) {
      nb::object cls = nb::module_::import_("mlsysim.errors").attr("OOMError");
      nb::object exc = cls(e.what(), e.required_bytes, e.available_bytes);
      PyErr_SetObject(cls.ptr(), exc.ptr());
    }
  });

  mlsysim::python::bind_entities(m);
  mlsysim::python::bind_registry(m);
  mlsysim::python::bind_solvers(m);
  mlsysim::python::bind_sweep(m);
  mlsysim::python::bind_search(m);
  mlsysim::python::bind_walls(m);
  mlsysim::python::bind_plan(m);
}
