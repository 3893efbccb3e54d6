/**
 * Save and load of compiled modules: {@code Jit.save} writes a {@code .jbm} file that a plain
 * Java service loads with {@code Jit.load} and only the jitbook-jit jar (no source, JShell,
 * compiler or notebook classes), and {@code jitbook.cli.Cli} runs from the command line. This
 * package reads and writes {@link jitbook.io.ModuleTree}s and never imports {@code jitbook.jit}:
 * the facade turns script modules into trees and back (arch.PackageCyclesTest keeps it so).
 *
 * <h2>The file (format 1.0)</h2>
 * A zip whose entries are all stored (not deflated) with the timestamp 1980-01-01 00:00, the
 * manifest first and the rest sorted by name, so saving the same module twice writes the same
 * bytes:
 * <pre>
 * manifest.json              format, format_version "1.0", opset_version, kind ("module" or
 *                            "function"), the module tree (class names, training flags,
 *                            attributes, methods with input/output signatures), the source
 *                            entry, extra file names, and the size and SHA-256 of every entry
 * code/forward.ir            each method's graph as IrPrinter text, self first; submodule
 * code/fc.forward.ir           methods under their dotted path
 * constants/forward.0.npy    tensor constants of the graphs, written in the IR as @forward.0
 * tensors/fc.weight.npy      tensor attributes (parameters, buffers) by dotted name; one
 *                            tensor held by two attributes is stored once and shared on load
 * source.java                the original source, for display only (never compiled)
 * extra/NAME                 the user's extra files, verbatim
 * </pre>
 * Plain attributes (numbers, booleans, strings, lists and tuples of those) live in the manifest
 * as {@code {"type": "double", "value": 0.5}}. Tensors are NumPy {@code .npy} 1.0 files
 * ({@code <f4}, {@code <f8}, {@code <i8}, {@code |b1}, C order).
 *
 * <h2>What is stored: the graph before optimization</h2>
 * Methods are saved as recorded by the tracer or produced by the script compiler, not as
 * optimized: the optimizer runs again after load, when the loaded module is first called, as it
 * does for a module built in the notebook. Files therefore do not depend on the pass pipeline
 * (fused kernels are generated code, not data), and a newer runtime applies its better passes to
 * old files.
 *
 * <h2>Refusals</h2>
 * Loading refuses, with a {@link jitbook.io.ModelFormatException} naming the file and the
 * entry: a file that is not a zip or is truncated (the entry where it stops), an entry name
 * outside the archive ({@code ../}, absolute, drive letters, backslashes), an entry missing, an
 * entry not listed in the manifest, an entry whose size, CRC or SHA-256 differs from the record,
 * a newer major format or a newer op set, IR that does not parse or verify, an unknown op or
 * primitive (naming the op and the method), a parameter whose stored dtype/shape disagrees with
 * the manifest or with the type a method's {@code prim::GetAttr} declares (or an attribute read
 * as the wrong kind), an entry name with an empty segment ({@code extra//etc/x}), entries that
 * inflate past {@link jitbook.io.LoadOptions}' total or compression-ratio limits (zip bombs; both
 * judged from the zip directory before inflating, and again on the bytes read), a manifest over
 * 64 MiB, class, attribute or method names that are empty, longer than 256 characters or hold a
 * control character (a refusal is always one line: what it quotes from the file is escaped and
 * cut at 2,000 characters, {@code ModelFormatException}), blocks nested more than {@code Verifier.MAX_BLOCK_NESTING} deep, types, constant lists,
 * attribute values or modules nested more than {@code Type.MAX_NESTING} deep, a tensor constant too
 * large for a Java array, type annotations that disagree with the op producing the value
 * (see {@code ir.TypeAnnotations}: op schemas, constants, conditions, loop-carried values, tuple
 * elements, casts, fusion-group blocks), and methods that disagree with the module tree
 * ({@code MethodChecks}: self of another class, attributes read or written as another kind,
 * calls to methods the file does not define or with other arguments, recursion, calls chained
 * more than {@code Verifier.MAX_BLOCK_NESTING} deep, {@code prim::CallFunction} and
 * {@code @Ignore} Java calls, which a file cannot carry; saving refuses the last two as well).
 *
 * <h2>Loaded for inference</h2>
 * {@code Jit.load(path)} returns the module in eval mode with no parameter requiring grad, as a
 * PyTorch service calls {@code eval()} under {@code inference_mode()};
 * {@code Jit.load(path, LoadOptions.training())} keeps the saved training flags and
 * {@code requires_grad} marks, to go on training. A call that may not return in time is bounded
 * with a {@link jitbook.exec.Deadline}. Nothing in a file is
 * run as code: class names are labels, IR is parsed and interpreted through the op registry, and
 * there is no Java deserialization.
 */
package jitbook.io;
