package jp.renkei.archfixture.cycle;

/** Root of a deliberately broken module layout: modules {@code a} and {@code b} depend on each other. */
@org.springframework.modulith.Modulithic
public final class CycleFixture {

    private CycleFixture() {
    }
}
