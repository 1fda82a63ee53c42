// With a 5-second access token (as the original article demonstrates), an open session keeps
// working: REST calls refresh transparently and the chat socket re-authenticates after 4001.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  launchBrowser,
  logIn,
  messageBox,
  messageWithText,
  openChannel,
  openPage,
  startServer,
  uniqueSuffix,
  waitLive,
} from "./harness.mjs";

const LIFETIME_SECONDS = 5;

describe("access token expiry", () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer({ accessTokenLifetime: LIFETIME_SECONDS });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("is invisible to the user", async () => {
    const page = await openPage(browser, server.baseUrl);
    await logIn(page, "alice");
    // Counted from the login on: an anonymous visit's refresh attempt is rightly refused.
    const refreshes = [];
    page.on("response", (response) => {
      if (response.url().endsWith("/api/token/refresh/")) refreshes.push(response.status());
    });
    await openChannel(page, "Retro Arcade", "high-scores");
    await waitLive(page);

    await page.waitForTimeout((LIFETIME_SECONDS + 2) * 1000);
    // REST with an expired token: switching channels loads history and membership.
    await page
      .getByRole("navigation", { name: "Channels" })
      .getByRole("link", { name: "general" })
      .click();
    await waitLive(page);
    const text = `after expiry ${uniqueSuffix()}`;
    await messageBox(page, "general").fill(text);
    await messageBox(page, "general").press("Enter");
    await messageWithText(page, text).waitFor();

    await page.waitForTimeout((LIFETIME_SECONDS + 2) * 1000);
    // A reload with an expired access token still finds the session.
    await page.reload();
    await messageBox(page, "general").waitFor();
    await waitLive(page);
    assert.equal(
      new URL(page.url()).pathname.startsWith("/server/"),
      true,
      "never sent to the login page",
    );

    assert.ok(refreshes.length >= 1, "the client refreshed its token");
    assert.ok(
      refreshes.every((status) => status === 200),
      `every refresh succeeded: ${refreshes}`,
    );
    assert.equal(await page.getByRole("alert").count(), 0, "no error was shown");
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
