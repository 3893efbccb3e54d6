/**
 * The command line of the runtime jar ({@code java -jar jitbook-jit-VERSION-runtime.jar run|info}):
 * an application of the facade, above {@code jitbook.jit} and {@code jitbook.io}, which neither
 * imports.
 */
package jitbook.cli;
