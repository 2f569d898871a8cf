package io.aloft.runtime.web;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium through its chromedriver, with explicit paths so that Selenium Manager never
 * downloads anything. Without them the browser tests are skipped, unless {@code ALOFT_REQUIRE_BROWSER=1}
 * (CI) turns the skip into a failure.
 */
public final class Browser {

  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private Browser() {}

  public static WebDriver start() {
    boolean present = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
    if (!present) {
      if ("1".equals(System.getenv("ALOFT_REQUIRE_BROWSER"))) {
        fail("ALOFT_REQUIRE_BROWSER=1 but " + CHROMIUM + " or " + CHROMEDRIVER
            + " is missing: apt-get install -y chromium chromium-driver");
      }
      assumeTrue(false, "no " + CHROMIUM + " / " + CHROMEDRIVER + ": browser tests skipped");
    }
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    Path profile;
    try {
      profile = Files.createTempDirectory("aloft-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        "--window-size=1440,1000", "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  /**
   * Signs {@code user} in through the login page of the UI at {@code baseUrl} and waits for the DAG list (where the
   * login page sends a user without a {@code next}).
   */
  public static void login(WebDriver driver, String baseUrl, String user, String password) {
    driver.get(baseUrl + "/login");
    driver.findElement(By.id("username")).sendKeys(user);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.id("sign-in")).click();
    new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/home"));
  }

  public static void screenshot(WebDriver driver, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
      Files.copy(f.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
