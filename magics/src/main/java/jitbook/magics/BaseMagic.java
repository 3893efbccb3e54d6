package jitbook.magics;

import java.util.ArrayList;
import java.util.List;

/**
 * What every magic repeats, written once: its name, whether it is a line or a cell magic (or
 * both), its usage line and summary, the argument spec its magic line is parsed with, and the
 * completions that spec offers. A magic extends this, passes those facts to the constructor, and
 * writes {@link #run}; {@link #args} parses the magic line with the spec for the form used, and
 * {@link #body} fetches a cell body that must not be empty.
 */
public abstract class BaseMagic implements Magic {
    /** Which forms a magic has. */
    public enum Kind { LINE, CELL, LINE_AND_CELL }

    private final String name;
    private final Kind kind;
    private final String usage;
    private final String summary;
    private final MagicArgs.Spec lineSpec;
    private final MagicArgs.Spec cellSpec;

    /** A magic whose line and cell forms (whichever it has) take the same arguments. */
    protected BaseMagic(String name, Kind kind, String usage, String summary, MagicArgs.Spec spec) {
        this(name, kind, usage, summary, spec, spec);
    }

    protected BaseMagic(String name, Kind kind, String usage, String summary, MagicArgs.Spec lineSpec, MagicArgs.Spec cellSpec) {
        this.name = name;
        this.kind = kind;
        this.usage = usage;
        this.summary = summary;
        this.lineSpec = lineSpec;
        this.cellSpec = cellSpec;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean isLine() {
        return kind != Kind.CELL;
    }

    @Override
    public final boolean isCell() {
        return kind != Kind.LINE;
    }

    @Override
    public final String usage() {
        return usage;
    }

    @Override
    public final String summary() {
        return summary;
    }

    /** The magic line parsed with the spec of the form used. */
    protected final MagicArgs args(MagicCall call) {
        return call.args(call.cell() ? cellSpec : lineSpec);
    }

    /** The cell body; a usage error saying {@code what} belongs there when it is blank. */
    protected final String body(MagicCall call, MagicArgs args, String what) {
        if (call.body().isBlank()) throw args.usageError("the cell is empty: write " + what + " below the magic line");
        return call.body();
    }

    /**
     * Completions of the last word of a magic line: the spec's options for a word starting with
     * {@code -}, else {@link #valueCompletions}.
     */
    @Override
    public List<String> completions(String word, boolean cell, Session session) {
        List<String> out = new ArrayList<>();
        if (word.startsWith("-")) {
            MagicArgs.Spec spec = cell ? cellSpec : lineSpec;
            if (spec != null) for (String o : spec.optionNames()) if (o.startsWith(word)) out.add(o);
            return out;
        }
        for (String v : valueCompletions(session)) if (v.startsWith(word)) out.add(v);
        return out;
    }

    /** Words that may stand as a positional argument (e.g. names of compiled functions); none by default. */
    protected List<String> valueCompletions(Session session) {
        return List.of();
    }
}
