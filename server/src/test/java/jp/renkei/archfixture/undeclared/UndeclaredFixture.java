package jp.renkei.archfixture.undeclared;

/** Root of a deliberately broken module layout: module {@code c} uses {@code d} without declaring it. */
@org.springframework.modulith.Modulithic
public final class UndeclaredFixture {

    private UndeclaredFixture() {
    }
}
