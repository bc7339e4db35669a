// `mlsysim plot roofline MODEL HARDWARE [-b N] [--precision P] -o FILE.svg|png`: the roofline as a
// picture. The names are checked here, against the registry every command uses; the drawing is
// the Python package's (`python -m mlsysim.viz roofline ...`, matplotlib), run as a child process
// with an argv (no shell). The interpreter: $MLSYSIM_PYTHON, else a python3/python next to this
// executable (a pip-installed `mlsysim` sits in the venv's bin/ beside its python), else python3
// on PATH. The child's exit code is ours.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "commands.hpp"
#include "core/errors.hpp"
#include "core/precision.hpp"
#include "core/printable.hpp"

extern char** environ;

namespace mlsysim::cli {

namespace {

constexpr const char* kNeedsPython =
    "mlsysim plot needs the Python package with matplotlib: pip install 'mlsysim[viz]' (or set MLSYSIM_PYTHON to "
    "a python that has it)";

struct PlotOptions {
  std::string models, hardware, precision = "fp16", efficiency = "0.5", output;
  long long batch_size = 1;
};

std::string executable_dir() {
  char path[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return "";
  path[n] = '\0';
  const std::string exe(path);
  const size_t slash = exe.rfind('/');
  return slash == std::string::npos ? "" : exe.substr(0, slash);
}

std::string find_python() {
  if (const char* env = std::getenv("MLSYSIM_PYTHON"); env && *env) return env;
  const std::string dir = executable_dir();
  if (!dir.empty())
    for (const char* name : {"python3", "python"}) {
      const std::string candidate = dir + "/" + name;
      if (access(candidate.c_str(), X_OK) == 0) return candidate;
    }
  return "python3";  // looked up on PATH
}

// Runs argv[0] (a path, or a name looked up on PATH) and waits: its exit code, 128 + the signal
// that ended it, or -1 when it could not start (`error` says why).
int run_child(const std::vector<std::string>& args, bool quiet, std::string& error) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (quiet) {
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  }
  std::fflush(nullptr);  // our output first, in order
  std::cout.flush();
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    error = std::strerror(rc);
    return -1;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) {
      error = std::strerror(errno);
      return -1;
    }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

bool ends_with_ignoring_case(const std::string& text, const std::string& suffix) {
  if (text.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[text.size() - suffix.size() + i])) != suffix[i]) return false;
  return true;
}

int run_roofline(const PlotOptions& o, const Shared& shared) {
  // The names first, with the registry (and --registry files) every command uses.
  const Registry reg = load_registry(shared);
  for (const auto& model : split_list(o.models, "model")) reg.model(model);
  reg.hardware(o.hardware);
  parse_precision(o.precision);
  if (o.batch_size < 1) throw InputError("batch size must be a whole number >= 1, got " + std::to_string(o.batch_size));
  if (!ends_with_ignoring_case(o.output, ".svg") && !ends_with_ignoring_case(o.output, ".png"))
    throw InputError("-o: the plot file must end in .svg or .png, got " + in_quotes(o.output));

  const std::string python = find_python();
  std::string why;
  const int probe = run_child({python, "-c", "import mlsysim.viz, matplotlib"}, true, why);
  if (probe != 0)
    throw InputError(std::string(kNeedsPython) + "; tried " + python + (probe < 0 ? " (" + why + ")" : ""));

  std::vector<std::string> args = {python, "-m", "mlsysim.viz", "roofline", o.models, o.hardware,
                                   "-b", std::to_string(o.batch_size), "--precision", o.precision,
                                   "--efficiency", o.efficiency, "-o", o.output};
  for (const auto& file : shared.registry_files) {
    args.push_back("--registry");
    args.push_back(file);
  }
  const int rc = run_child(args, false, why);
  if (rc < 0) throw InputError(std::string(kNeedsPython) + "; tried " + python + " (" + why + ")");
  return rc;
}

}  // namespace

Command add_plot(CLI::App& app) {
  auto o = std::make_shared<PlotOptions>();
  auto* plot = app.add_subcommand("plot", "Plots as SVG or PNG files (drawn by the Python package, mlsysim[viz])");
  plot->require_subcommand(1);
  plot->footer(
      "Plots are drawn by the Python package's matplotlib code (python -m mlsysim.viz); the interpreter is\n"
      "$MLSYSIM_PYTHON, else a python3 next to this executable, else python3 on PATH.");
  auto* roofline = plot->add_subcommand(
      "roofline", "Roofline of one accelerator with models placed on it: memory and compute roofs, the ridge point, "
                  "each model's arithmetic intensity and attained FLOP/s, labelled Memory- or Compute-bound "
                  "(SingleNodeModel)");
  roofline->add_option("model", o->models, "Model name, or several separated by commas (see 'mlsysim zoo models')")
      ->required();
  roofline->add_option("hardware", o->hardware, "Accelerator name (see 'mlsysim zoo hardware')")->required();
  roofline->add_option("-b,--batch-size", o->batch_size, "Samples per step")->capture_default_str();
  roofline->add_option("-p,--precision", o->precision, "Precision: " + accepted_precisions())->capture_default_str();
  roofline->add_option("-e,--efficiency", o->efficiency, "Achieved fraction of peak compute, in (0, 1]")
      ->capture_default_str();
  roofline->add_option("-o,--output", o->output, "The plot file: .svg or .png")->required();
  roofline->footer(
      "Example: mlsysim plot roofline ResNet50,Llama3_8B A100 -o roofline.svg\n"
      "Needs Python with mlsysim and matplotlib (pip install 'mlsysim[viz]'); set MLSYSIM_PYTHON to choose the\n"
      "interpreter (default: a python3 next to this executable, else python3 on PATH).");
  return {plot, [o](const Shared& shared) { return run_roofline(*o, shared); }};
}

}  // namespace mlsysim::cli
