package jp.renkei.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jp.renkei.archfixture.cycle.CycleFixture;
import jp.renkei.archfixture.undeclared.UndeclaredFixture;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.DependencyDepth;
import org.springframework.modulith.core.Violations;
import org.springframework.modulith.docs.Documenter;

/**
 * The server's floor plan: each top-level package under {@code jp.renkei.server} is a module whose
 * allowed dependencies are declared in its {@code package-info.java}. Verified here: no cycles between
 * modules, no dependency a module has not declared, and the module table in docs/architecture.md
 * says what the code declares.
 */
class ModularityTests {

    static final ApplicationModules MODULES = ApplicationModules.of(RenkeiApplication.class);

    /** The broken layouts live with the tests, which the default import leaves out. */
    private static final ImportOption WITH_TEST_CLASSES = location -> true;

    @Test
    void modulesHaveNoCyclesAndUseOnlyWhatTheyDeclare() {
        MODULES.verify();
    }

    @Test
    void aCycleBetweenModulesFailsTheCheck() {
        assertThatThrownBy(() -> ApplicationModules.of(CycleFixture.class, WITH_TEST_CLASSES).verify())
                .isInstanceOf(Violations.class)
                .hasMessageContaining("Cycle");
    }

    @Test
    void anUndeclaredDependencyFailsTheCheck() {
        assertThatThrownBy(() -> ApplicationModules.of(UndeclaredFixture.class, WITH_TEST_CLASSES).verify())
                .isInstanceOf(Violations.class)
                .hasMessageContaining("undeclared.d");
    }

    /** Rows of the module table: {@code | `name` | ... | `dep`, `dep` |}, last column the dependencies. */
    private static final Pattern ROW = Pattern.compile("^\\| `(\\w+)` \\|.*\\| ([^|]*) \\|\\s*$");

    @Test
    void theArchitectureDocumentListsEveryModuleWithItsDependencies() throws IOException {
        Map<String, Set<String>> declared = new TreeMap<>();
        for (ApplicationModule module : MODULES) {
            Set<String> deps = module.getDependencies(MODULES, DependencyDepth.IMMEDIATE).stream()
                    .map(d -> d.getTargetModule().getIdentifier().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
            declared.put(module.getIdentifier().toString(), deps);
        }
        Map<String, Set<String>> documented = new TreeMap<>();
        Path doc = Path.of("..", "docs", "architecture.md");
        boolean inTable = false;
        for (String line : Files.readAllLines(doc)) {
            if (line.startsWith("### Modules of `server`")) {
                inTable = true;
            } else if (inTable && line.startsWith("#")) {
                break;
            }
            Matcher m = ROW.matcher(line);
            if (inTable && m.matches()) {
                Set<String> deps = new TreeSet<>();
                for (String d : m.group(2).split(",")) {
                    String name = d.trim().replace("`", "");
                    if (!name.isEmpty() && !name.equals("—")) {
                        deps.add(name);
                    }
                }
                documented.put(m.group(1), deps);
            }
        }
        assertThat(documented).as("module table in docs/architecture.md (section 'Modules of `server`')")
                .isEqualTo(declared);
    }

    @Test
    void writesTheModuleDiagrams() {
        // target/spring-modulith-docs: PlantUML (C4) of all modules and of each one.
        new Documenter(MODULES).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
    }
}
