package jp.renkei.archfixture.cycle.a;

import jp.renkei.archfixture.cycle.b.B;

/** Half of a deliberate cycle (see {@code ModularityTests}). */
public class A {

    public B partner() {
        return new B();
    }
}
