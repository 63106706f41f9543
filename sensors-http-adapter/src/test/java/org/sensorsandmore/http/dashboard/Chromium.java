package org.sensorsandmore.http.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium driven by its chromedriver, headless, with a fresh profile under {@code
 * target/}. Without them the browser tests are skipped with a message, except under CI ({@code CI}
 * set), where {@code .ci/run} installs them and their absence is a failure.
 */
final class Chromium {
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path BROWSER = Path.of("/usr/bin/chromium");

    /**
     * Selenium warns that it has no CDP classes for this Chromium; the tests use WebDriver only. Held
     * in a field: java.util.logging forgets the level of a logger nobody references.
     */
    private static final java.util.logging.Logger DEVTOOLS_LOG =
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

    static {
        DEVTOOLS_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    private Chromium() {}

    static ChromeDriver start(Path downloads) {
        if (!Files.isExecutable(DRIVER) || !Files.isExecutable(BROWSER)) {
            String message =
                    "Browser tests need " + BROWSER + " and " + DRIVER + " (apt-get install chromium chromium-driver)";
            if (System.getenv("CI") != null) {
                Assertions.fail(message);
            }
            Assumptions.abort(message + "; skipped");
        }
        Path profile;
        try {
            Path target = Path.of("target");
            Files.createDirectories(target);
            profile = Files.createTempDirectory(target.toAbsolutePath(), "chromium-profile-");
            Files.createDirectories(downloads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1400,950",
                "--user-data-dir=" + profile.toAbsolutePath());
        options.setExperimentalOption(
                "prefs",
                Map.of(
                        "download.default_directory",
                        downloads.toAbsolutePath().toString(),
                        "download.prompt_for_download",
                        false));
        options.setExperimentalOption("excludeSwitches", List.of("enable-automation"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    /**
     * Quits the browser, then closes what it was shown, in order; a null (a start that failed part
     * way) is passed over.
     */
    static void stop(ChromeDriver driver, AutoCloseable... shown) throws Exception {
        if (driver != null) {
            driver.quit();
        }
        for (AutoCloseable closeable : shown) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }
}
