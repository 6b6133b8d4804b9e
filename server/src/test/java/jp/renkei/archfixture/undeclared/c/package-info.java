/** A module that declares no dependencies but uses one (see {@code ModularityTests}). */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package jp.renkei.archfixture.undeclared.c;
