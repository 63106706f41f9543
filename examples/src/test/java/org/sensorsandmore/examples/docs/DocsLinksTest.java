package org.sensorsandmore.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README, BENCHMARKS.md and every page of {@code docs/} build only on files in the repository:
 * each relative link names a file (and heading) that exists, and nothing points outside the clone.
 */
class DocsLinksTest {
    /** {@code [text](target)}, the target without spaces; images too. */
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");

    private static final Pattern HEADING = Pattern.compile("^#{1,6} +(.+?) *$");

    private static List<Path> pages() throws IOException {
        Path root = RepositoryFiles.root();
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md"), root.resolve("BENCHMARKS.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The page's text outside fenced code blocks, where a link is only text. */
    private static List<String> prose(Path page) throws IOException {
        List<String> lines = new ArrayList<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** The anchors GitHub gives a page's headings, a repeated one numbered. */
    private static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose(page)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String anchor = CliReference.anchor(heading.group(1));
                int count = seen.merge(anchor, 1, Integer::sum);
                anchors.add(count == 1 ? anchor : anchor + "-" + (count - 1));
            }
        }
        return anchors;
    }

    @Test
    void everyRelativeLinkResolvesInsideTheRepository() throws IOException {
        Path root = RepositoryFiles.root();
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            String name = root.relativize(page).toString();
            for (String line : prose(page)) {
                Matcher link = LINK.matcher(line);
                while (link.find()) {
                    String target = link.group(1);
                    if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
                        continue; // https:, mailto:: not a file of the repository
                    }
                    checked++;
                    int hash = target.indexOf('#');
                    String file = hash < 0 ? target : target.substring(0, hash);
                    String fragment = hash < 0 ? "" : target.substring(hash + 1);
                    Path resolved = file.isEmpty()
                            ? page
                            : page.getParent().resolve(file).normalize();
                    if (!resolved.startsWith(root)) {
                        broken.add(name + ": " + target + " points outside the repository");
                    } else if (!Files.exists(resolved)) {
                        broken.add(name + ": " + target + " names no file");
                    } else if (!fragment.isEmpty()
                            && resolved.toString().endsWith(".md")
                            && !anchors(resolved).contains(fragment)) {
                        broken.add(name + ": " + target + " names no heading of " + root.relativize(resolved));
                    }
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
        assertThat(checked).as("relative links checked").isGreaterThan(20);
    }

    @Test
    void nothingPointsOutsideTheRepository() throws IOException {
        List<String> outside = new ArrayList<>();
        for (Path page : pages()) {
            List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.contains("../shared") || line.contains("/work/") || line.contains("file:/")) {
                    outside.add(page.getFileName() + ":" + (i + 1) + ": " + line.strip());
                }
            }
        }
        assertThat(outside).isEmpty();
    }
}
