package jitbook.magics;

/**
 * One magic: a line magic ({@code %name args}), a cell magic ({@code %%name args} then the cell
 * body), or both under one name (as {@code %time}/{@code %%time}). Implementations are listed in
 * {@code META-INF/services/jitbook.magics.Magic} and found by {@link MagicRegistry}; a host may
 * add its own with {@link MagicRegistry#register}. Most extend {@link BaseMagic}. A magic reports problems by throwing
 * {@link MagicException}; whatever it returns (other than null) is the cell's result value.
 */
public interface Magic {
    /** The name without percent signs, e.g. {@code trace}. */
    String name();

    default boolean isLine() {
        return false;
    }

    default boolean isCell() {
        return false;
    }

    /** One usage line, e.g. {@code %%trace name(x, w) [--check a,b] [--strict] [--no-opt] [--runs N]}. */
    String usage();

    /** One sentence saying what it does (for {@code %lsmagic}). */
    String summary();

    /** Runs the magic; returns the value to show as the cell's result, or null. */
    Object run(MagicCall call, Session session);

    /**
     * Where the Java code starts in this magic's line-form arguments ({@code args}, the text after
     * the name), as {@code %time statement} has it, or -1 when they are not Java: the kernel
     * completes and inspects the Java there as it does a cell's.
     */
    default int lineJavaStart(String args) {
        return -1;
    }

    /**
     * Completions for {@code word}, the last (unfinished) word of this magic's line, in the line
     * ({@code cell} false) or cell form; none by default. {@link BaseMagic} offers its options.
     */
    default java.util.List<String> completions(String word, boolean cell, Session session) {
        return java.util.List.of();
    }
}
