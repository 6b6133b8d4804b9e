package jp.renkei.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

import jp.renkei.server.directory.ContactWindowService;
import jp.renkei.server.directory.DirectorySearch;
import jp.renkei.server.directory.ProviderEntry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The demo region's directory as the README describes it: eleven providers, みどり訪問看護ステーション stale
 * (midori-admin's banner), the physicians' ケアマネタイム; and the consultation desk's interface finds them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"renkei.demo.enabled=true", "renkei.embedded.fsync=false"})
class DirectoryDemoDataTest {

    @Autowired
    DirectorySearch search;
    @Autowired
    ContactWindowService windows;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("renkei-demo-dir").resolve("data").toString();
        registry.add("renkei.embedded.data-dir", () -> dir);
    }

    @Test
    void theDemoRegionHasItsDirectory() {
        List<ProviderEntry> all = search.search(new DirectorySearch.Query(null, null, null, false, null));
        assertThat(all).hasSize(11);
        ProviderEntry midori = all.stream().filter(e -> e.name().equals("みどり訪問看護ステーション")).findFirst().orElseThrow();
        assertThat(midori.organizationId()).isEqualTo("o-midori-vns");
        assertThat(midori.confirmedAt()).isBefore(Instant.now().minusSeconds(35L * 86400));
        // The desk's question: a station for a child on a ventilator in 中央小学校区, taking patients now.
        List<ProviderEntry> ventilatorChild = search.search(new DirectorySearch.Query(java.util.Set.of("ventilator", "pediatric"),
                "岡山市北区", "中央小学校区", false, null));
        assertThat(ventilatorChild).extracting(ProviderEntry::name).containsExactly("みどり訪問看護ステーション");
        // …but its 可 is 40 days old: not "accepting now".
        assertThat(search.search(new DirectorySearch.Query(java.util.Set.of("ventilator", "pediatric"), "岡山市北区", null, true, null)))
                .isEmpty();
        assertThat(search.search(java.util.Set.of("narcotics"), "岡山市北区", true)).extracting(ProviderEntry::name)
                .containsExactlyInAnyOrder("さくら薬局 北店", "ほしの有床診療所");
                assertThat(windows.of("u-sato").orElseThrow().slots()).hasSize(2);
        assertThat(windows.of("u-tanaka").orElseThrow().slots()).hasSize(5);
    }
}
