package jitbook.jit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a module method that stays plain Java, as {@code @torch.jit.ignore}: compiled code calls
 * it opaquely on the live module ({@code prim::JavaCall}); it is not compiled, so it may use
 * anything Java has, and a saved module cannot call it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Ignore {
}
