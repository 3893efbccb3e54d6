package jitbook.ops;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Everything about one op, declared once and side by side: its stable wire name and schema, its
 * eager kernel, its shape/dtype rule, its gradient rule (or an explicit "not differentiable"),
 * its traits and, for elementwise ops, the scalar Java expression that fused kernels inline.
 * Every stage (dispatcher, tracer, interpreter, optimizer, autodiff, fuser, printer, loader)
 * reads these; none switches over op names.
 */
public final class OpDef {
    private final String name;
    private final Schema schema;
    private final Kernel kernel;
    private final ShapeRule shapeRule;
    private final GradRule gradRule;
    private final String notDifferentiableReason;
    private final Set<OpTrait> traits;
    private final ScalarExpr fusedExpression;
    private final ListGradient listGradient;
    private final String doc;

    private OpDef(Builder b) {
        this.name = b.name;
        this.schema = b.schema;
        this.kernel = b.kernel;
        this.shapeRule = b.shapeRule;
        this.gradRule = b.gradRule;
        this.notDifferentiableReason = b.notDifferentiableReason;
        this.traits = Collections.unmodifiableSet(b.traits);
        this.fusedExpression = b.fusedExpression;
        this.listGradient = b.listGradient;
        this.doc = b.doc;
    }

    public static Builder builder(String name, String schema) {
        return new Builder(name, schema);
    }

    /** The wire name, e.g. {@code tensor::add}. Stable: saved files depend on it. */
    public String name() {
        return name;
    }

    public Schema schema() {
        return schema;
    }

    public Kernel kernel() {
        return kernel;
    }

    /** Null for ops whose result is not a tensor (their type comes from the schema). */
    public ShapeRule shapeRule() {
        return shapeRule;
    }

    /** Null when the op is not differentiable; see {@link #notDifferentiableReason()}. */
    public GradRule gradRule() {
        return gradRule;
    }

    public boolean isDifferentiable() {
        return gradRule != null;
    }

    public String notDifferentiableReason() {
        return notDifferentiableReason;
    }

    /**
     * The one answer to "is this op pure": its result depends only on its inputs and it has no
     * effect, so it may be folded, merged with an equal node and run in any order (whether an
     * unused one may be removed also depends on {@link OpTrait#MAY_THROW}).
     */
    public boolean isPure() {
        return traits.contains(OpTrait.PURE);
    }

    /** The index of the input this op changes in place (its schema's {@code (a!)} parameter), or -1. */
    public int mutatedInput() {
        return schema.mutatedParam();
    }

    /** How the IR autodiff carries gradients through this op on a list; null for ops that are not list ops. */
    public ListGradient listGradient() {
        return listGradient;
    }

    public boolean has(OpTrait t) {
        return traits.contains(t);
    }

    public Set<OpTrait> traits() {
        return traits;
    }

    /**
     * For elementwise ops: what one element computes, over operands {@code a}, {@code b}, {@code c}
     * (e.g. {@code add(A, B)}), which fused kernels generate code from; null if the op cannot be fused.
     */
    public ScalarExpr fusedExpression() {
        return fusedExpression;
    }

    public String doc() {
        return doc;
    }

    public Object run(Object... args) {
        return kernel.run(args);
    }

    @Override
    public String toString() {
        return name + " : " + schema;
    }

    /** Declares an op; {@link #register(OpRegistry)} checks that nothing is missing. */
    public static final class Builder {
        private final String name;
        private final Schema schema;
        private Kernel kernel;
        private ShapeRule shapeRule;
        private GradRule gradRule;
        private String notDifferentiableReason;
        private final Set<OpTrait> traits = EnumSet.noneOf(OpTrait.class);
        private ScalarExpr fusedExpression;
        private ListGradient listGradient;
        private String doc = "";

        private Builder(String name, String schema) {
            this.name = name;
            this.schema = Schema.parse(schema);
        }

        public Builder kernel(Kernel k) {
            this.kernel = k;
            return this;
        }

        public Builder shape(ShapeRule r) {
            this.shapeRule = r;
            return this;
        }

        public Builder grad(GradRule r) {
            this.gradRule = r;
            return this;
        }

        /** States why the op has no gradient (integer results, sampling, comparisons ...). */
        public Builder notDifferentiable(String reason) {
            this.notDifferentiableReason = reason;
            return this;
        }

        public Builder traits(OpTrait... ts) {
            Collections.addAll(traits, ts);
            return this;
        }

        public Builder fused(ScalarExpr expression) {
            this.fusedExpression = expression;
            return this;
        }

        /** For list ops: how the IR autodiff carries gradients through it (see {@link ListGradient}). */
        public Builder listGradient(ListGradient g) {
            this.listGradient = g;
            return this;
        }

        public Builder doc(String d) {
            this.doc = d;
            return this;
        }

        public OpDef register(OpRegistry registry) {
            if (kernel == null) {
                throw new IllegalStateException(name + " has no kernel");
            }
            if (gradRule == null && notDifferentiableReason == null) {
                throw new IllegalStateException(name + " has neither a gradient rule nor a reason why it has none");
            }
            if (fusedExpression != null && fusedExpression.arity() > schema.arity()) {
                throw new IllegalStateException(name + "'s fused expression " + fusedExpression + " reads more operands than the op has");
            }
            int effects = 0;
            for (OpTrait t : new OpTrait[] {OpTrait.PURE, OpTrait.RANDOM, OpTrait.FRESH, OpTrait.SIDE_EFFECT}) {
                if (traits.contains(t)) effects++;
            }
            if (effects != 1) {
                throw new IllegalStateException(name + " must have exactly one of the traits PURE, RANDOM, FRESH, SIDE_EFFECT; it has " + traits);
            }
            if (schema.mutatedParam() >= 0 && !traits.contains(OpTrait.SIDE_EFFECT)) {
                throw new IllegalStateException(name + " changes its input " + schema.params().get(schema.mutatedParam()).name
                        + " in place (a!) but is not marked SIDE_EFFECT");
            }
            int mutated = 0;
            for (Schema.Param p : schema.params()) {
                if (p.mutated) mutated++;
            }
            if (mutated > 1) throw new IllegalStateException(name + " marks more than one input (a!): passes track one");
            if (schema.result() == ArgType.TENSOR && shapeRule == null) {
                throw new IllegalStateException(name + " returns a tensor but has no shape rule");
            }
            OpDef def = new OpDef(this);
            registry.add(def);
            return def;
        }
    }
}
