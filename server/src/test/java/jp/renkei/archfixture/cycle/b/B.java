package jp.renkei.archfixture.cycle.b;

import jp.renkei.archfixture.cycle.a.A;

/** The other half of a deliberate cycle (see {@code ModularityTests}). */
public class B {

    public A partner() {
        return new A();
    }
}
