package jp.renkei.archfixture.undeclared.d;

/** A module another one uses without declaring it. */
public class D {
}
