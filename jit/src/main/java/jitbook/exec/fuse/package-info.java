/**
 * Fused kernels: each {@code prim::FusionGroup} (a chain of elementwise ops) becomes one
 * generated Java loop, compiled in memory with Janino at run time (it runs on a plain JRE),
 * specialized to the inputs' dtypes, 0-d-ness and broadcast layouts and cached by that signature.
 *
 * <ul>
 *   <li>{@link jitbook.exec.fuse.FusedGroup}: the runtime side of one group node; the interpreter
 *       asks it first and runs the group's block itself when it declines (with the reason kept).</li>
 *   <li>{@code GroupPlan} reads the group's block; {@code KernelSource} writes the Java;
 *       {@link jitbook.exec.fuse.FusedKernel} compiles, caches and runs it (in parallel chunks on
 *       the common fork/join pool for large tensors).</li>
 *   <li>The scalar functions kernels call are {@link jitbook.ops.FastMath}'s (the eager kernels'
 *       home of them too), named by the ops' {@link jitbook.ops.ScalarExpr}s: float
 *       approximations of tanh, sigmoid, erf and gelu that C2 can vectorize, and of exp (errors
 *       stated there).</li>
 *   <li>{@link jitbook.exec.fuse.VectorMath}: exp, log, sin and cos over tiles with the Vector API,
 *       when the JVM has the incubator module.</li>
 *   <li>{@link jitbook.exec.fuse.BufferPool}: arrays of outputs the interpreter proved private,
 *       reused across calls and loop iterations.</li>
 *   <li>{@link jitbook.exec.fuse.FusionReport}: the text {@code %ir name --fused} shows.</li>
 * </ul>
 */
package jitbook.exec.fuse;
