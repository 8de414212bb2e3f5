package org.parley.server.web;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through its chromedriver: one browser with a fresh profile. Tests
 * that need it are skipped, with a message saying how to install it, when it is not installed.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(15);

    final ChromeDriver driver;
    private final WebDriverWait wait;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, WAIT);
    }

    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "SKIPPED: no Chromium: " + CHROMIUM + " and " + DRIVER + " are needed for the web client's browser "
                        + "tests; run .ci/chromium as root (apt-get install chromium chromium-driver)");
    }

    static Browser open(Path profile, boolean ignoreCertificateErrors) throws IOException {
        assumeInstalled();
        Files.createDirectories(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1100,760");
        if (ignoreCertificateErrors) {
            options.addArguments("--ignore-certificate-errors");
            options.setAcceptInsecureCerts(true);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new Browser(new ChromeDriver(service, options));
    }

    WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    /** Opens the page and logs in with the keyboard only: typed into the focused field, Tab, Enter. */
    void login(String url, String user, String password) {
        driver.get("about:blank"); // a fresh load, not a reload that refills the form
        driver.get(url);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        wait.until(d -> "username".equals(d.switchTo().activeElement().getAttribute("id")));
        driver.switchTo().activeElement().sendKeys(user + Keys.TAB + password + Keys.ENTER);
    }

    void awaitChat() {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("line")));
    }

    /** Types a line into the input line and sends it with Enter. */
    void type(String line) {
        byId("line").sendKeys(line + Keys.ENTER);
    }

    /** Waits for a log line of this kind holding this text; returns its whole text. */
    String awaitLine(String kind, String text) {
        By lines = By.cssSelector("#log li[data-kind='" + kind + "']");
        return wait.until(d -> d.findElements(lines).stream()
                .map(WebElement::getText)
                .filter(t -> t.contains(text))
                .findFirst().orElse(null));
    }

    List<String> lines() {
        return driver.findElements(By.cssSelector("#log li")).stream().map(li -> li.getAttribute("textContent")).toList();
    }

    void awaitText(String id, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id(id), text));
    }

    void awaitUserOnline(String user) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#online button[data-user='" + user + "']")));
    }

    void clickUser(String user) {
        driver.findElement(By.cssSelector("#online button[data-user='" + user + "']")).click();
    }

    /** Waits until a conversation's accessible name is exactly this (it carries the unread count). */
    void awaitLabel(String key, String label) {
        By button = By.cssSelector("#conversations button[data-conv='" + key + "']");
        wait.until(ExpectedConditions.attributeToBe(button, "aria-label", label));
    }

    void selectConversation(String key) {
        driver.findElement(By.cssSelector("#conversations button[data-conv='" + key + "']")).click();
    }

    Object script(String js) {
        return ((JavascriptExecutor) driver).executeScript(js);
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    WebDriver.Window window() {
        return driver.manage().window();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
