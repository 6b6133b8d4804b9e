package jp.renkei.archfixture.undeclared.c;

import jp.renkei.archfixture.undeclared.d.D;

/** Uses {@link D} although its module allows no dependencies. */
public class C {

    public D other() {
        return new D();
    }
}
