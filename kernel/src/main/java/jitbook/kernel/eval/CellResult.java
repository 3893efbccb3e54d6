package jitbook.kernel.eval;

import java.util.List;

/**
 * What running one cell produced: success with perhaps a value to show, or an error with the
 * Jupyter {@code ename}/{@code evalue}/{@code traceback} triple. {@code value} is the live
 * object of the cell's last expression (null both for "no value" and for a null value:
 * {@code hasValue} tells them apart); {@code valueText} is JShell's own rendering of it.
 */
public record CellResult(boolean ok, boolean hasValue, Object value, String valueText, CellError error) {

    public static CellResult success() {
        return new CellResult(true, false, null, null, null);
    }

    public static CellResult value(Object value, String valueText) {
        return new CellResult(true, true, value, valueText, null);
    }

    public static CellResult error(String ename, String evalue, List<String> traceback) {
        return new CellResult(false, false, null, null, new CellError(ename, evalue, traceback));
    }

    /** A failed cell, as Jupyter's error message and reply want it. */
    public record CellError(String ename, String evalue, List<String> traceback) {}
}
