package org.openrom.cli.browser;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The system Chromium and chromedriver (Debian {@code chromium}, {@code chromium-driver}; {@code .ci/run} installs
 * them), headless, for the browser tests. Without them a test is skipped, except under CI (environment variable
 * {@code CI} set), where it fails: CI installs them.
 */
final class Chromium implements AutoCloseable {
    private static final Path BINARY = Paths.get("/usr/bin/chromium");
    private static final Path DRIVER = Paths.get("/usr/bin/chromedriver");

    final ChromeDriver driver;

    private Chromium(ChromeDriver driver) {
        this.driver = driver;
    }

    /** @return a headless browser, or the test is skipped (outside CI) when there is none */
    static Chromium start() {
        boolean present = Files.isExecutable(BINARY) && Files.isExecutable(DRIVER);
        if (!present && System.getenv("CI") != null) {
            throw new AssertionError("CI must install chromium and chromium-driver (.ci/run does)");
        }
        Assumptions.assumeTrue(present, "no system Chromium: browser tests skipped");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(BINARY.toFile());
        // the closed network of a build machine: no background connections, no first-run, no sandbox as root
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new Chromium(new ChromeDriver(service, o));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Opens the page with a viewport of exactly width × height. */
    void open(Path page, int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        driver.get(page.toUri().toString());
        long innerW = (Long) js("return window.innerWidth;");
        long innerH = (Long) js("return window.innerHeight;");
        if (innerW != width || innerH != height) {
            driver.manage().window().setSize(new Dimension(width + (int) (width - innerW), height + (int) (height - innerH)));
            driver.get(page.toUri().toString());
        }
    }

    /** @return the serious and critical axe-core violations of the open page, one line each */
    List<String> axe(String name) {
        List<String> problems = new ArrayList<>();
        Results results = new AxeBuilder().analyze(driver);
        for (Rule v : results.getViolations()) {
            if ("serious".equals(v.getImpact()) || "critical".equals(v.getImpact())) {
                problems.add(name + ": " + v.getId() + " (" + v.getImpact() + ", " + v.getNodes().size() + " node(s)): "
                        + v.getHelp());
            }
        }
        return problems;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
