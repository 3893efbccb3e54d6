package jitbook.kernel.magic;

import java.util.ArrayList;
import java.util.List;

import jitbook.kernel.eval.CellResult;
import jitbook.kernel.eval.JShellEvaluator;
import jitbook.magics.Session;
import jitbook.magics.display.Display;
import jitbook.magics.display.MimeBundle;

/**
 * The magics' view of the kernel's session: code runs through the kernel's own JShell
 * evaluator (so streams, interrupts and cell-relative tracebacks behave as for any cell), and
 * output goes to the current cell's display.
 */
public final class KernelSession implements Session {
    private final JShellEvaluator ev;
    private final int executionCount;
    private final String cellText;

    /** A session for magics outside a cell (completion, inspection): errors show the code that ran. */
    public KernelSession(JShellEvaluator ev, int executionCount) {
        this(ev, executionCount, null);
    }

    /**
     * A session for the magics of one cell: code they run is numbered like the cell (see
     * {@link Session}), and its errors show the cell's lines, not the code the magic generated.
     */
    public KernelSession(JShellEvaluator ev, int executionCount, String cellText) {
        this.ev = ev;
        this.executionCount = executionCount;
        this.cellText = cellText;
    }

    @Override
    public Result eval(String code) {
        CellResult r = ev.execute(code, executionCount, cellText == null ? code : cellText);
        if (!r.ok()) return Result.error(r.error().ename(), r.error().evalue(), r.error().traceback());
        return r.hasValue() ? Result.value(r.value()) : Result.none();
    }

    @Override
    public List<Variable> variables() {
        List<Variable> out = new ArrayList<>();
        ev.jshell().variables().forEach(v -> {
            if (ev.jshell().status(v).isActive()) out.add(new Variable(v.name(), v.typeName()));
        });
        return out;
    }

    @Override
    public void display(MimeBundle bundle) {
        Display.sink().show(bundle, null, false);
    }

    @Override
    public String cellName() {
        return jitbook.magics.CellPositions.cellName(executionCount);
    }
}
