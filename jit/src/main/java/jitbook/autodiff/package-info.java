/**
 * Reverse-mode differentiation of graphs, and the bridge that lets compiled functions and
 * modules train under eager autograd.
 *
 * <h2>One rule, two readers</h2>
 * Gradients come from the registry's rules ({@link jitbook.ops.GradRule}), the same ones eager
 * autograd applies to tensors. {@link jitbook.autodiff.IrGradContext} is the IR implementation of
 * {@link jitbook.ops.GradContext}: {@code op(name, args)} appends a node of that registry op to
 * the backward graph, typed by the op's shape rule. Rules receive a node's inputs and output as
 * the forward graph's values (a {@code prim::ListConstruct} input as a Java list of its elements;
 * omitted trailing arguments as the schema's defaults); when a rule uses one, it is mapped into
 * the backward graph: a constant is copied, anything else is <em>saved</em> (see below).
 * {@code isFloatingTensor} answers, for forward values, whether the value needs a gradient (a
 * forward data-flow analysis from the inputs that require grad, {@code NeedsGrad}), so rules
 * skip gradients nobody needs, as PyTorch does with {@code requires_grad}. Gradients are summed
 * where a value fans out (one {@code tensor::add} per extra use); broadcasting is undone by the
 * rules themselves ({@code tensor::sum_to_size}).
 *
 * <h2>Forward and backward graphs</h2>
 * {@link jitbook.autodiff.Autodiff#differentiate} returns a {@link jitbook.autodiff.Gradient}: the
 * forward graph is the original with extra outputs for saved values (the original outputs come
 * first), and the backward graph takes the differentiable outputs' gradients followed by the saved
 * values and returns the gradients of the inputs that require grad. Both are ordinary, verified
 * IR: they print, parse back, can be optimized and saved. Nothing is recomputed in the backward.
 *
 * <h2>Control flow: record the path taken</h2>
 * The design chosen is "save which path ran", not a symbolic backward per block:
 * <ul>
 *   <li>{@code prim::If}: the condition is saved; the backward is a {@code prim::If} on it whose
 *   branches are the backwards of the forward's branches. A value defined inside a branch that
 *   the backward needs becomes an extra optional output of the forward If (the value in its
 *   branch, None in the other), saved where the If is. Each backward branch returns the
 *   gradients of the outer values either branch used ({@code zeros_like} where a branch did not).
 *   <li>{@code prim::Loop}: the forward loop gains two carried values, its trip count and a cons
 *   list: each iteration builds a cell {@code prim::ListConstruct(previous, saved...)} with the
 *   values of that iteration the body's backward needs (carried values, intermediates, the
 *   iteration number, inner Ifs' conditions, inner loops' trip counts and lists). The backward is
 *   a {@code prim::Loop} over the saved trip count that pops one cell per iteration with
 *   {@code prim::ListUnpack}, so iterations are undone last to first with O(1) work per cell and
 *   no new ops. It carries the gradients of the loop-carried values and accumulates those of the
 *   outer values the body reads (weights of an RNN step). Zero trips give back the output
 *   gradients; while-loops with data-dependent conditions work the same way.
 * </ul>
 * Values a loop body reads from outside the loop are saved once, outside it.
 *
 * <h2>Calls from eager code</h2>
 * {@link jitbook.autodiff.GradExecutor} runs a function or method with autograd: when grad mode is
 * on and an input (or, for modules, a parameter) requires grad, it inlines calls to submodule
 * methods, lifts parameter reads ({@code prim::GetAttr} chains from {@code self}) to inputs,
 * differentiates once per pattern of "what requires grad" (cached), runs the forward graph and
 * attaches a {@link jitbook.tensor.BackwardFunction} to the outputs that runs the backward graph
 * on the saved values. Otherwise the plain forward runs.
 *
 * <h2>Tuples and lists</h2>
 * Before differentiating, {@link jitbook.autodiff.AggregateLowering} splits tuples (records) that
 * Ifs return and loops carry into their elements and reads elements of tuples and of lists that
 * nothing changes straight from where they were built. A tuple or list result built in the
 * graph takes one gradient per tensor element. A list made by {@code list::new} and appended to
 * (in a loop) has a gradient list (see {@code MutableLists}); an op reading it whole ({@code cat},
 * {@code stack}) gives a gradient per element as a function of its index
 * ({@link jitbook.ops.ElementGradients}), added into the gradient list by a loop. Limits: lists
 * carried by loops as values, list mutations other than appends, and unresolved calls raise an
 * {@link jitbook.autodiff.AutodiffException} naming the node rather than giving a wrong gradient.
 * Double backward (gradients of gradients) is not supported.
 */
package jitbook.autodiff;
