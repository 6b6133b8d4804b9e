/**
 * Kernel. {@code DomainException}: how any feature refuses a request, with the protocol's error
 * code; the edges ({@code web}, {@code live}) translate it.
 *
 * <p>Its allowed dependencies on other modules are declared below and verified by {@code ModularityTests}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "error", allowedDependencies = {})
package jp.renkei.server.error;
