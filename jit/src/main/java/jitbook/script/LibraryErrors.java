package jitbook.script;

import java.util.function.Supplier;

import com.sun.source.tree.Tree;

/**
 * Errors met while compiling library code (an {@code nn} module, {@code F}) for a user's call are
 * reported at the user's call, not in the library's source: the user can change the call, not
 * the library. The library line is kept in the message for whoever maintains it.
 */
final class LibraryErrors {
    private LibraryErrors() {
    }

    static <T> T atCallSite(Lowering caller, Signature callee, Tree where, Supplier<T> work) {
        try {
            return work.get();
        } catch (ScriptCompileError e) {
            boolean fromLibrary = e.source() != null && caller.unit().isLibraryFile(e.source().file);
            if (!fromLibrary || caller.unit().isLibrarySource(caller.source())) throw e;
            throw caller.error(where, callee.qualifiedName() + " (library code) cannot be compiled for this call: " + e.problem()
                    + " (at " + e.source() + "); call it from plain Java instead (outside compiled code, or in an @Ignore method)");
        }
    }
}
