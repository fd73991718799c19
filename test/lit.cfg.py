# lit configuration for the zkvm tool suites.
import os

import lit.formats

config.name = "zkvm"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".masm", ".test", ".inputs-test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.zkvm_obj_root, "test")

# FileCheck, not and count come from LLVM 14; our tools come first on PATH.
path = os.pathsep.join([config.zkvm_tools_dir, config.llvm_tools_dir, "/usr/lib/llvm-14/bin",
                        config.environment.get("PATH", os.environ.get("PATH", ""))])
config.environment["PATH"] = path
# Deterministic output: no color, no terminal progress.
config.environment["TERM"] = "dumb"

for tool in ["zkasm", "zkrun", "zkprove", "zkverify", "isa-docgen"]:
    config.substitutions.append(("%" + tool, os.path.join(config.zkvm_tools_dir, tool)))
config.substitutions.append(("%stdlib", config.zkvm_stdlib_dir))
config.substitutions.append(("%srcroot", config.zkvm_src_root))
# The prebuilt core library (stdlib/CMakeLists.txt).
config.substitutions.append(("%corelib", os.path.join(config.zkvm_obj_root, "lib", "miden-core.masl")))
