package org.relais.gateway.opendata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The HSDS schemas vendored in src/test/resources/hsds-3.1 are the project's shared copy
 * ({@code ../shared/standards/hsds-3.1} beside the repository), byte for byte, when that folder exists; a clean clone
 * (CI) has only the vendored copy, and this check is skipped there.
 */
class VendoredSchemasTest {

    private static final Path VENDORED = Path.of("src/test/resources/hsds-3.1");

    @Test
    void theVendoredSchemasAreTheSharedOnes() throws IOException {
        Path shared = sharedCopy();
        assumeTrue(shared != null, "no ../shared/standards/hsds-3.1 beside the repository");
        List<Path> files;
        try (Stream<Path> listing = Files.list(shared)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(files.isEmpty());
        for (Path file : files) {
            Path copy = VENDORED.resolve(file.getFileName());
            assertTrue(Files.exists(copy), file.getFileName() + " is vendored");
            assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(copy), file.getFileName() + " is unchanged");
        }
    }

    /** From the module's directory (Maven runs tests there), up to the repository, then its sibling "shared". */
    private static Path sharedCopy() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".git")) || Files.isRegularFile(dir.resolve(".git"))) {
                Path shared = dir.resolveSibling("shared").resolve("standards").resolve("hsds-3.1");
                return Files.isDirectory(shared) ? shared : null;
            }
        }
        return null;
    }
}
