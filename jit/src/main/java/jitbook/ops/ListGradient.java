package jitbook.ops;

/**
 * How the IR autodiff carries gradients through a list op when the list holds values that need
 * them. The backward graph keeps a gradient list that mirrors the forward list and undoes the
 * forward's mutations in reverse, so only mutations it can undo are allowed on such a list
 * (read by {@code jitbook.autodiff}; declared with each {@code list::} op).
 */
public enum ListGradient {
    /** Makes a fresh empty list: its gradient list starts as zeros like the list's final contents. */
    CREATE,
    /** Appends its value argument ({@code list.add(v)}): undone by popping v's gradient off the gradient list. */
    APPEND,
    /** Returns the element at its index argument ({@code list.get(i)}): its gradient is added into element i. */
    ELEMENT,
    /** Reads only the list's length ({@code size()}, {@code isEmpty()}): no gradient flows. */
    LENGTH,
    /** Anything else (insert, set, remove, contains, copy): refused on a list holding values that need gradients. */
    REFUSED
}
