package org.relais.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dependencies point one way in the main code of every module: no two packages reach each other (directly or round a
 * longer loop), and inside a service {@code rest/} and the inbound consumers ({@code listener/}) are
 * above {@code service/}, which is above the outbound publishers ({@code publishing/}) and {@code domain/}. Read from the
 * sources (imports and qualified names), so it needs no build of the other modules.
 */
class PackageDependenciesTest {

    /** Layers a package named like the key must not use: what sits above it. */
    private static final Map<String, Set<String>> ABOVE = Map.of(
            "service", Set.of("rest", "listener"),
            "publishing", Set.of("rest", "listener", "service"),
            "domain", Set.of("rest", "listener", "service", "publishing"));

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\b(org\\.relais(?:\\.[a-z]\\w*)+)\\.[A-Z]");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    @Test
    void theMainCodeHasNoLoopAndNoUpwardLayer() {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertTrue(Files.exists(root.resolve("pom.xml")) && Files.isDirectory(root.resolve("events")),
                "run from a module of the repository: " + root);
        Map<String, Set<String>> graph = graph(root);
        assertTrue(graph.size() > 30, "too few packages found under " + root + ": " + graph.keySet());
        assertEquals(List.of(), loops(graph), "packages that reach each other");
        assertEquals(List.of(), upward(graph), "a layer that uses one above it");
    }

    @Test
    void aLoopAndAnUpwardImportAreFound(@TempDir Path root) throws IOException {
        write(root, "a/src/main/java/org/relais/shop/rest/Page.java",
                "package org.relais.shop.rest;\nimport org.relais.shop.service.Cart;\nclass Page {}\n");
        write(root, "a/src/main/java/org/relais/shop/service/Cart.java",
                "package org.relais.shop.service;\n// org.relais.shop.domain.Item in a comment is no use\n"
                        + "class Cart { org.relais.shop.rest.Page page; }\n");
        write(root, "a/src/main/java/org/relais/shop/domain/Item.java", "package org.relais.shop.domain;\nclass Item {}\n");
        Map<String, Set<String>> graph = graph(root);
        assertFalse(graph.get("org.relais.shop.service").contains("org.relais.shop.domain"), "a comment is no use");
        assertEquals(List.of("org.relais.shop.rest <-> org.relais.shop.service"), loops(graph));
        assertEquals(List.of("org.relais.shop.service -> org.relais.shop.rest"), upward(graph));
    }

    /** Each package of every module's main code with the other packages its sources name. */
    static Map<String, Set<String>> graph(Path root) {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")
                    && !p.toString().contains("/target/")).forEach(file -> {
                        String source = COMMENT.matcher(read(file)).replaceAll("");
                        Matcher pkg = PACKAGE.matcher(source);
                        if (!pkg.find()) {
                            return;
                        }
                        Set<String> used = graph.computeIfAbsent(pkg.group(1), k -> new TreeSet<>());
                        Matcher ref = REFERENCE.matcher(source);
                        while (ref.find()) {
                            if (!ref.group(1).equals(pkg.group(1))) {
                                used.add(ref.group(1));
                            }
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // A name like org.relais.x.Outer.Inner gives org.relais.x's class Outer: keep only known packages.
        graph.values().forEach(used -> used.retainAll(graph.keySet()));
        return graph;
    }

    /** Groups of packages that reach each other (Tarjan's strongly connected components), each as "a <-> b <-> c". */
    static List<String> loops(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<String> loops = new ArrayList<>();
        for (String start : graph.keySet()) {
            if (!index.containsKey(start)) {
                connect(start, graph, index, low, stack, loops);
            }
        }
        return loops;
    }

    private static void connect(String pkg, Map<String, Set<String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, List<String> loops) {
        index.put(pkg, index.size());
        low.put(pkg, index.get(pkg));
        stack.push(pkg);
        for (String next : graph.getOrDefault(pkg, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, loops);
                low.put(pkg, Math.min(low.get(pkg), low.get(next)));
            } else if (stack.contains(next)) {
                low.put(pkg, Math.min(low.get(pkg), index.get(next)));
            }
        }
        if (low.get(pkg).equals(index.get(pkg))) {
            Set<String> group = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                group.add(member);
            } while (!member.equals(pkg));
            if (group.size() > 1) {
                loops.add(String.join(" <-> ", group));
            }
        }
    }

    /** Uses of a layer above, inside one service (org.relais.SERVICE.LAYER). */
    static List<String> upward(Map<String, Set<String>> graph) {
        List<String> found = new ArrayList<>();
        graph.forEach((pkg, used) -> {
            String layer = pkg.substring(pkg.lastIndexOf('.') + 1);
            String service = pkg.substring(0, pkg.lastIndexOf('.'));
            for (String other : used) {
                String otherLayer = other.substring(other.lastIndexOf('.') + 1);
                if (other.startsWith(service + ".") && ABOVE.getOrDefault(layer, Set.of()).contains(otherLayer)) {
                    found.add(pkg + " -> " + other);
                }
            }
        });
        return found;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path root, String path, String content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
