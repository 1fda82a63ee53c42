// The main user journeys against a real `parley serve`: registration, exploring, joining,
// live chat between two browsers, reload, dark mode, phone layout, server restart and logout.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  openLiveChannel,
  launchBrowser,
  logIn,
  messageBox,
  messageWithText,
  openChannel,
  openPage,
  PHONE,
  shownMessageIds,
  startServer,
  uniqueSuffix,
  waitLive,
} from "./harness.mjs";

describe("Parley web client", () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("registers, explores, joins a server and chats live with a second browser", async () => {
    const username = `e2e_${uniqueSuffix()}`;
    const password = "e2e-password-123";

    // Carol (a member of C++ Lounge) is already in the channel, in another browser context.
    const carol = await openLiveChannel(browser, server.baseUrl, "carol", "C++ Lounge", "general");

    const page = await openPage(browser, server.baseUrl);
    await page.goto("/register");
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Register" }).click();
    await page.waitForURL((url) => url.pathname === "/");

    // Registering again with the same name is refused with the contract's message.
    const again = await openPage(browser, server.baseUrl);
    await again.goto("/register");
    await again.getByLabel("Username").fill(username.toUpperCase());
    await again.getByLabel("Password").fill(password);
    await again.getByRole("button", { name: "Register" }).click();
    await again.getByText("The username already exists").waitFor();
    await again.context().close();

    await page
      .getByRole("navigation", { name: "Categories" })
      .getByRole("link", { name: /programming/i })
      .click();
    await page.waitForURL(/\/explore\/programming$/i);
    await page.getByRole("heading", { name: /programming/i, level: 1 }).waitFor();
    await page
      .getByRole("link", { name: /C\+\+ Lounge/ })
      .first()
      .click();
    await page.getByRole("heading", { name: "Welcome to C++ Lounge" }).waitFor();
    await page.getByRole("button", { name: "Join server" }).click();
    await page.getByRole("button", { name: "Leave server" }).waitFor();
    // The joined server now shows in the user's own list.
    await page
      .getByRole("navigation", { name: "Your servers" })
      .getByRole("link", { name: /C\+\+ Lounge/ })
      .waitFor();

    await page
      .getByRole("navigation", { name: "Channels" })
      .getByRole("link", { name: "general" })
      .click();
    await waitLive(page);
    const text = `hello from ${username}`;
    const box = messageBox(page, "general");
    await box.fill(text);
    await box.press("Enter");
    await messageWithText(page, text).waitFor();
    assert.equal(
      await box.inputValue(),
      "",
      "the input is cleared once the server confirmed the message",
    );

    await messageWithText(carol, text).waitFor();
    assert.equal(await messageWithText(carol, text).count(), 1);

    // Shift+Enter makes a newline instead of sending; blank messages are not sent.
    await box.fill("line one");
    await box.press("Shift+Enter");
    await box.pressSequentially("line two");
    assert.equal(await box.inputValue(), "line one\nline two");
    await box.fill("   ");
    const before = (await shownMessageIds(page)).length;
    await box.press("Enter");
    await page.waitForTimeout(500);
    assert.equal((await shownMessageIds(page)).length, before);

    assert.deepEqual(page.errors, []);
    await carol.context().close();
    await page.context().close();
  });

  it("keeps the user logged in across a reload and deep link", async () => {
    const page = await openPage(browser, server.baseUrl);
    await logIn(page, "alice");
    await openChannel(page, "Retro Arcade", "high-scores");
    const url = page.url();
    await page.reload();
    await messageBox(page, "high-scores").waitFor();
    assert.equal(page.url(), url, "a deep link to a channel stays on that channel");
    await waitLive(page);
    await page.context().close();
  });

  it("shows a non-member why they cannot post, and keeps their text", async () => {
    const page = await openLiveChannel(browser, server.baseUrl, "dave", "Retro Arcade", "general");
    const box = messageBox(page, "general");
    await box.fill("can I post here?");
    await box.press("Enter");
    await page
      .getByRole("alert")
      .filter({ hasText: /^Join this server to post$/ })
      .waitFor();
    assert.equal(await box.inputValue(), "can I post here?");
    await page.context().close();
  });

  it("remembers dark mode", async () => {
    const page = await openPage(browser, server.baseUrl, { colorScheme: "light" });
    await page.goto("/");
    const scheme = () => page.evaluate(() => document.documentElement.style.colorScheme);
    assert.equal(await scheme(), "light");
    await page.getByRole("button", { name: "Account menu" }).click();
    await page.getByRole("menuitemcheckbox", { name: /Dark mode/ }).click();
    assert.equal(await scheme(), "dark");
    await page.reload();
    await page.getByRole("heading", { name: "Popular Channels" }).waitFor();
    assert.equal(await scheme(), "dark");
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.notEqual(background, "rgb(255, 255, 255)");
    await page.context().close();
  });

  it("follows the system dark preference until the user chooses", async () => {
    const page = await openPage(browser, server.baseUrl, { colorScheme: "dark" });
    await page.goto("/");
    assert.equal(await page.evaluate(() => document.documentElement.style.colorScheme), "dark");
    await page.context().close();
  });

  it("works on a phone-sized screen", async () => {
    const page = await openPage(browser, server.baseUrl, { viewport: PHONE });
    await logIn(page, "bob");
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok((await overflow()) <= 0, "no horizontal scrolling on the home page");
    await page.getByRole("button", { name: "Open navigation" }).click();
    await page
      .getByRole("link", { name: /Speedrunners/ })
      .first()
      .click();
    await page.getByRole("heading", { name: "Welcome to Speedrunners" }).waitFor();
    await page.getByRole("button", { name: "Open navigation" }).click();
    await page
      .getByRole("navigation", { name: "Channels" })
      .getByRole("link", { name: "glitches" })
      .click();
    await waitLive(page);
    const text = `phone ${uniqueSuffix()}`;
    const box = messageBox(page, "glitches");
    await box.fill(text);
    await page.getByRole("button", { name: "Send message" }).click();
    await messageWithText(page, text).waitFor();
    assert.ok(await box.isVisible());
    assert.ok((await overflow()) <= 0, "no horizontal scrolling in the conversation");
    await page.context().close();
  });

  it("resumes the conversation without duplicates after a server restart", async () => {
    const alice = await openLiveChannel(
      browser,
      server.baseUrl,
      "alice",
      "Retro Arcade",
      "general",
    );
    const first = `before restart ${uniqueSuffix()}`;
    await messageBox(alice, "general").fill(first);
    await messageBox(alice, "general").press("Enter");
    await messageWithText(alice, first).waitFor();

    // The interruption is visible while it lasts. The watch starts before the restart: the
    // server is back within a second, and the client may be live again by the time it returns.
    const interruptionShown = alice
      .getByText(/Reconnecting/)
      .first()
      .waitFor({ timeout: 15_000 });
    await server.restart();
    await interruptionShown;
    await waitLive(alice);

    // Bob posts after the restart; Alice's open conversation receives it live.
    const bob = await openLiveChannel(browser, server.baseUrl, "bob", "Retro Arcade", "general");
    const second = `after restart ${uniqueSuffix()}`;
    await messageBox(bob, "general").fill(second);
    await messageBox(bob, "general").press("Enter");
    await messageWithText(alice, second).waitFor();

    const ids = await shownMessageIds(alice);
    assert.equal(new Set(ids).size, ids.length, "no message is shown twice");
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a - b),
      "messages are in id order",
    );
    assert.equal(await messageWithText(alice, first).count(), 1);
    await alice.context().close();
    await bob.context().close();
  });

  it("logs out", async () => {
    const page = await openPage(browser, server.baseUrl);
    await logIn(page, "carol");
    await page.getByRole("button", { name: "Account menu" }).click();
    await page.getByRole("menuitem", { name: "Log out" }).click();
    await page.waitForURL((url) => url.pathname === "/login");
    await page.goto("/server/1");
    await page.waitForURL((url) => url.pathname === "/login");
    await page.reload();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    const me = await page.evaluate(() => fetch("/api/account/me/").then((r) => r.status));
    assert.equal(me, 401, "the server no longer knows this browser");
    await page.context().close();
  });

  it("says so when the credentials are wrong, and shows a 404 page", async () => {
    const page = await openPage(browser, server.baseUrl);
    await page.goto("/login");
    await page.getByLabel("Username").fill("alice");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByText("Invalid username or password").waitFor();
    assert.equal(new URL(page.url()).pathname, "/login");
    await page.goto("/no/such/page");
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    await page.context().close();
  });
});
