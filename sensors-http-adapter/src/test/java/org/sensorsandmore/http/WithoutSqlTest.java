package org.sensorsandmore.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.sensorsandmore.core.StoreNetwork;
import org.sensorsandmore.http.api.TrafficApiServer;

/**
 * sensors-sql is an optional dependency of this module: only the dashboard reads a warehouse. The
 * API server and the HTTP clients must load and work on a class path without sensors-sql and what
 * only it brings (DuckDB, Arrow, parquet, Hadoop), as a project that depends on them alone has it.
 * The consumer project ({@code examples/consumer}) checks the same from Maven's side.
 */
class WithoutSqlTest {
    /** A class path entry holding one of these is left out: sensors-sql and its storage libraries. */
    private static final List<String> SQL_ONLY_PACKAGES = List.of(
            "org/sensorsandmore/sql/", "org/duckdb/", "org/apache/arrow/", "org/apache/parquet/", "org/apache/hadoop/");

    /** The packages a user of the server and the clients loads; the dashboard is not one of them. */
    private static final List<String> CLIENT_PACKAGES =
            List.of("org/sensorsandmore/http/api/", "org/sensorsandmore/http/client/");

    @Test
    void theApiServerAndBothHttpClientsWorkWithoutSensorsSql() throws Exception {
        try (URLClassLoader loader = withoutSql()) {
            assertThatThrownBy(() -> loader.loadClass("org.sensorsandmore.sql.Warehouse"))
                    .isInstanceOf(ClassNotFoundException.class);
            assertThatThrownBy(() -> loader.loadClass("org.duckdb.DuckDBDriver"))
                    .isInstanceOf(ClassNotFoundException.class);

            List<String> loaded = new ArrayList<>();
            for (String name : clientClassNames()) {
                loaded.add(Class.forName(name, true, loader).getName());
            }
            assertThat(loaded)
                    .contains(
                            "org.sensorsandmore.http.HostCheck",
                            "org.sensorsandmore.http.api.TrafficApiServer",
                            "org.sensorsandmore.http.client.HttpTrafficClient",
                            "org.sensorsandmore.http.client.LegacyHttpTrafficClient");

            Method fetch = loader.loadClass(ClientOnly.class.getName()).getDeclaredMethod("fetchADay");
            fetch.setAccessible(true);
            @SuppressWarnings("unchecked")
            List<List<String>> readings = (List<List<String>>) fetch.invoke(null);
            List<String> simulated = readings.get(0);
            assertThat(simulated).hasSize(24 * StoreNetwork.original().sensorCount());
            assertThat(readings.get(1)).as("HttpTrafficClient").isEqualTo(simulated);
            assertThat(readings.get(2)).as("LegacyHttpTrafficClient").isEqualTo(simulated);
        }
    }

    /** This test's class path without the entries that hold sensors-sql or its storage libraries. */
    private static URLClassLoader withoutSql() throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> kept = new ArrayList<>();
        List<String> left = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path path = Path.of(entry);
            if (holdsAny(path, SQL_ONLY_PACKAGES)) {
                left.add(path.getFileName().toString());
            } else {
                kept.add(url(path));
            }
        }
        // Else the filter found nothing to leave out and the test would prove nothing.
        assertThat(left).as("class path entries left out").anyMatch(name -> name.startsWith("duckdb"));
        return new URLClassLoader(kept.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    private static boolean holdsAny(Path entry, List<String> packages) throws IOException {
        if (Files.isDirectory(entry)) {
            return packages.stream().anyMatch(name -> Files.isDirectory(entry.resolve(name)));
        }
        if (!Files.isRegularFile(entry)) {
            return false;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            return jar.stream().anyMatch(e -> packages.stream().anyMatch(e.getName()::startsWith));
        }
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every class of the api and client packages and of the shared package, from this module's classes. */
    private static List<String> clientClassNames() throws URISyntaxException {
        Path classes = Path.of(TrafficApiServer.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            files.map(file -> classes.relativize(file).toString().replace(File.separatorChar, '/'))
                    .filter(name -> name.endsWith(".class") && !name.endsWith("package-info.class"))
                    .filter(name -> CLIENT_PACKAGES.stream().anyMatch(name::startsWith)
                            || name.matches("org/sensorsandmore/http/[^/]+\\.class"))
                    .map(name ->
                            name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .sorted()
                    .forEach(names::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
