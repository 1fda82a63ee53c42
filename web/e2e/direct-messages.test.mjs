// SPEC §9 in the browser, against a real `parley serve`: two users start a DM from the home
// page and talk live (one on a desktop with the keyboard, one on a phone in dark mode), then a
// group is made, renamed and left.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import {
  PHONE,
  launchBrowser,
  logIn,
  messageWithText,
  openPage,
  startServer,
  uniqueSuffix,
  waitLive,
} from "./harness.mjs";

/** A DM's message box names its people: "Message @bob", "Message alice, dave". */
const dmBox = (page, label) => page.getByRole("textbox", { name: `Message ${label}` });

async function sendDm(page, label, text) {
  const box = dmBox(page, label);
  await box.fill(text);
  await box.press("Enter");
  await messageWithText(page, text).waitFor();
}

describe("direct messages (SPEC §9)", () => {
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

  const opened = [];
  afterEach(() => {
    for (const page of opened.splice(0)) assert.deepEqual(page.errors, [], "no page errors");
  });

  async function open(username, options) {
    const page = await openPage(browser, server.baseUrl, options);
    opened.push(page);
    await logIn(page, username);
    return page;
  }

  /** Picks people in the open "New message" dialog by typing the start of their names. */
  async function pick(dialog, names) {
    for (const name of names) {
      const box = dialog.getByRole("textbox", { name: "Find a user" });
      await box.fill(name.slice(0, 3).toUpperCase());
      await dialog
        .getByRole("list", { name: "Search results" })
        .getByRole("button", { name, exact: true })
        .click();
      await box.fill("");
    }
  }

  it("two users start a DM from the home page and talk", async () => {
    const alice = await open("alice");
    const bob = await open("bob", { viewport: PHONE, colorScheme: "dark" });

    // Alice, on a desktop, from the home page and mostly with the keyboard.
    await alice.getByRole("link", { name: "Direct messages" }).click();
    await alice.waitForURL((url) => url.pathname === "/dms");
    await alice.getByRole("button", { name: "New message" }).focus();
    await alice.keyboard.press("Enter");
    const dialog = alice.getByRole("dialog", { name: "New message" });
    const find = dialog.getByRole("textbox", { name: "Find a user" });
    await find.waitFor();
    assert.ok(await find.evaluate((node) => node === document.activeElement), "focus in search");
    await alice.keyboard.type("BO");
    const bobResult = dialog
      .getByRole("list", { name: "Search results" })
      .getByRole("button", { name: "bob", exact: true });
    await bobResult.waitFor();
    await bobResult.focus();
    await alice.keyboard.press("Enter");
    assert.equal(await bobResult.getAttribute("aria-pressed"), "true");
    await dialog.getByRole("button", { name: "Remove bob" }).waitFor();
    await dialog.getByRole("button", { name: "Open conversation" }).click();
    await alice.waitForURL((url) => /^\/dms\/\d+$/.test(url.pathname));
    await alice.getByRole("heading", { name: "bob" }).waitFor();
    await waitLive(alice);
    await alice.getByText("No messages yet. Say hello to bob.").waitFor();
    const first = `hello bob ${uniqueSuffix()}`;
    await sendDm(alice, "@bob", first);

    // Bob, on a phone in dark mode: the DM is in the navigation drawer, live.
    await bob.getByRole("button", { name: "Open navigation" }).click();
    await bob.getByRole("link", { name: "Direct messages" }).click();
    await bob.waitForURL((url) => url.pathname === "/dms");
    await bob.getByRole("button", { name: "Open navigation" }).click();
    await bob
      .getByRole("navigation", { name: "Direct messages" })
      .getByRole("link", { name: /^alice/ })
      .click();
    await messageWithText(bob, first).waitFor();
    const background = await bob.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.notEqual(background, "rgb(255, 255, 255)", "dark mode");
    const width = await bob.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= PHONE.width, `no horizontal scroll on a phone (${width}px)`);
    await waitLive(bob);
    const answer = `hi alice ${uniqueSuffix()}`;
    await sendDm(bob, "@alice", answer);
    await messageWithText(alice, answer).waitFor();

    // §7 in a DM: Alice reacts to Bob's answer, Bob sees the chip.
    const row = alice.locator("[data-message-row]").filter({ has: messageWithText(alice, answer) });
    await row.hover();
    await row.getByRole("button", { name: "Add reaction" }).click();
    await alice
      .getByRole("dialog", { name: "Choose an emoji" })
      .getByRole("group", { name: "Emoji" })
      .getByRole("button")
      .first()
      .click();
    await bob
      .locator("[data-message-row]")
      .filter({ has: messageWithText(bob, answer) })
      .getByRole("button", { name: / 1/ })
      .waitFor();
  });

  it("a group is created, shows up live for its people, is renamed and left", async () => {
    const carol = await open("carol");
    const dave = await open("dave");
    await dave.goto("/dms");
    await dave.getByRole("heading", { name: "Direct messages" }).waitFor();

    await carol.goto("/dms");
    await carol.getByRole("button", { name: "New message" }).click();
    const dialog = carol.getByRole("dialog", { name: "New message" });
    await pick(dialog, ["alice", "dave"]);
    await dialog.getByRole("button", { name: "Create group" }).click();
    await carol.getByRole("heading", { name: "alice, dave" }).waitFor();

    // dm.create reaches Dave's open page: the group appears without a reload.
    const davesList = dave.getByRole("navigation", { name: "Direct messages" });
    await davesList.getByRole("link", { name: /^alice, carol/ }).click();
    await dmBox(dave, "alice, carol").waitFor();

    await carol.getByRole("button", { name: "Group settings" }).click();
    const settings = carol.getByRole("dialog", { name: "Group settings" });
    await settings.getByRole("textbox", { name: "Group name" }).fill("Weekend plans");
    await settings.getByRole("button", { name: "Save name" }).click();
    await settings.getByRole("button", { name: "Done" }).click();
    await carol.getByRole("heading", { name: "Weekend plans" }).waitFor();
    await dave.getByRole("heading", { name: "Weekend plans" }).waitFor();

    await dave.getByRole("button", { name: "Group settings" }).click();
    const daveSettings = dave.getByRole("dialog", { name: "Group settings" });
    assert.equal(
      await daveSettings.getByRole("textbox", { name: "Group name" }).count(),
      0,
      "only the owner renames",
    );
    await daveSettings.getByRole("button", { name: "Leave group" }).click();
    await dave.waitForURL((url) => url.pathname === "/dms");
    // dm.delete reaches Dave's gateway: the group leaves his list.
    await davesList.getByRole("link", { name: /Weekend plans/ }).waitFor({ state: "detached" });
  });
});
