// Screenshots of the main pages, light and dark, desktop and phone, into docs/screenshots/.
// Each is also a smoke test: the page must render its main content without errors or
// horizontal overflow.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  apiCall,
  currentChannel,
  DESKTOP,
  launchBrowser,
  logIn,
  messageBox,
  messageWithText,
  openChannel,
  openPage,
  PHONE,
  screenshotPath,
  startServer,
  waitLive,
} from "./harness.mjs";

const PAGES = [
  {
    name: "home",
    open: (page) => page.goto("/"),
    ready: (page) => page.getByRole("heading", { name: "Popular Channels" }),
  },
  {
    name: "explore",
    open: (page) => page.goto("/explore/gaming"),
    ready: (page) => page.getByRole("heading", { name: "gaming", level: 1 }),
  },
  {
    name: "login",
    open: (page) => page.goto("/login"),
    ready: (page) => page.getByRole("heading", { name: "Sign in" }),
  },
];

describe("screenshots", () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // A short conversation so the chat screenshots show grouping and several authors.
    const bob = await openPage(browser, server.baseUrl);
    await logIn(bob, "bob");
    await openChannel(bob, "Retro Arcade", "general");
    await waitLive(bob);
    for (const text of [
      "Anyone up for a Pac-Man tournament tonight?",
      "I'll bring the arcade stick.\nAnd snacks.",
    ]) {
      await messageBox(bob, "general").fill(text);
      await messageBox(bob, "general").press("Enter");
      await messageWithText(bob, text.split("\n")[0]).waitFor();
    }
    // A reply and a reaction, so the chat screenshots show SPEC §7's message parts.
    const { channelId } = currentChannel(bob);
    const history = await apiCall(bob, `/api/channels/${channelId}/messages/?limit=10`);
    const tournament = history.body.find((m) => m.content.startsWith("Anyone up"));
    const welcome = history.body.find((m) => m.content.startsWith("Welcome"));
    await apiCall(
      bob,
      `/api/channels/${channelId}/messages/${tournament.id}/reactions/${encodeURIComponent("🎮")}/@me/`,
      {
        method: "PUT",
      },
    );
    await bob.context().close();
    const carol = await openPage(browser, server.baseUrl);
    await logIn(carol, "carol");
    await openChannel(carol, "Retro Arcade", "general");
    await waitLive(carol);
    const reply = await apiCall(carol, `/api/channels/${channelId}/messages/`, {
      method: "POST",
      body: {
        content: `Count me in! <@${welcome.sender_id}>, is the Galaga cabinet free?`,
        reply_to: tournament.id,
      },
    });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    await carol.context().close();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const [device, viewport] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ]) {
    for (const scheme of ["light", "dark"]) {
      it(`captures the main pages (${scheme}, ${device})`, async () => {
        const page = await openPage(browser, server.baseUrl, { viewport, colorScheme: scheme });
        for (const { name, open, ready } of PAGES) {
          await open(page);
          await ready(page).waitFor();
          await page.waitForLoadState("networkidle");
          await page.screenshot({ path: screenshotPath(`${name}-${scheme}-${device}`) });
          await assertNoOverflow(page, name);
        }
        await logIn(page, "alice");
        if (device === "phone") await page.getByRole("button", { name: "Open navigation" }).click();
        await page
          .getByRole("link", { name: /Retro Arcade/ })
          .first()
          .click();
        await page.getByRole("heading", { name: "Welcome to Retro Arcade" }).waitFor();
        await settle(page);
        await page.screenshot({ path: screenshotPath(`server-${scheme}-${device}`) });
        if (device === "phone") await page.getByRole("button", { name: "Open navigation" }).click();
        await page
          .getByRole("navigation", { name: "Channels" })
          .getByRole("link", { name: "general" })
          .click();
        await waitLive(page);
        await messageWithText(page, "Count me in").waitFor();
        await settle(page);
        await page.screenshot({ path: screenshotPath(`chat-${scheme}-${device}`) });
        await assertNoOverflow(page, "chat");
        // A message's actions on hover, then the emoji picker they open.
        const row = page
          .locator("[data-message-row]")
          .filter({ has: messageWithText(page, "Anyone up") });
        await row.hover();
        await page.waitForTimeout(300);
        await page.screenshot({ path: screenshotPath(`chat-actions-${scheme}-${device}`) });
        await row.getByRole("button", { name: "Add reaction" }).click();
        await page.getByRole("dialog", { name: "Choose an emoji" }).waitFor();
        await settle(page);
        await page.screenshot({ path: screenshotPath(`emoji-picker-${scheme}-${device}`) });
        await page.keyboard.press("Escape");
        // Server settings (SPEC §10): the roles tab with @everyone's permission editor.
        if (device === "phone") await page.getByRole("button", { name: "Open navigation" }).click();
        await page.getByRole("button", { name: "Server menu" }).click();
        await page.getByRole("menuitem", { name: "Server settings" }).click();
        const settings = page.getByRole("dialog", { name: /Server settings/ });
        await settings.getByRole("tab", { name: "Roles" }).click();
        await settings.getByRole("button", { name: /@everyone/ }).click();
        await settings.getByRole("switch", { name: /^View channels/ }).waitFor();
        await settle(page);
        await page.screenshot({ path: screenshotPath(`settings-roles-${scheme}-${device}`) });
        await assertNoOverflow(page, "server settings");
        await settings.getByRole("button", { name: "Close settings" }).click();
        assert.deepEqual(page.errors, []);
        await page.context().close();
      });
    }
  }
});

async function assertNoOverflow(page, name) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  assert.ok(overflow <= 0, `${name} scrolls sideways by ${overflow}px`);
}

/** Lets click ripples and drawer transitions finish, so screenshots show the page at rest. */
async function settle(page) {
  await page.mouse.move(0, 0);
  await page.waitForTimeout(700);
}
