// Attachments from the composer (SPEC §12) against a real `parley serve`: attach by the button
// (with upload progress, a preview and a cancel), drop a file onto the conversation, send it,
// and a second browser sees the images; refused files (by the server's limit, learnt from the
// gateway's ready frame, and by the server's content check) show why and send nothing; and with
// a short access token an idle tab still uploads and shows images (renewed, then retried).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { deflateSync } from "node:zlib";
import { after, before, describe, it } from "node:test";
import {
  openLiveChannel,
  apiCall,
  currentChannel,
  launchBrowser,
  logIn,
  messageBox,
  messageRow,
  messageWithText,
  openChannel,
  openPage,
  PHONE,
  startServer,
  uniqueSuffix,
  waitLive,
} from "./harness.mjs";

const UPLOAD_LIMIT = 200_000;
const NOTES = "high score: 999,999\n";

// ---------------------------------------------------------------- a PNG made here

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGB PNG; `noise` fills it with random pixels so that it does not compress (big, slow). */
function png(width, height, { noise = false } = {}) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, no filter method, no interlace
  const rows = [];
  for (let y = 0; y < height; y++) {
    const pixels = noise
      ? randomBytes(width * 3)
      : Buffer.alloc(width * 3).map((_, i) => [40, 130 + (y % 100), 220][i % 3]);
    rows.push(Buffer.from([0]), pixels);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------- helpers

async function chooseFiles(page, files) {
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Attach files" }).click();
  await (await chooser).setFiles(files);
}

function trayCard(page, name) {
  return page.getByRole("list", { name: "Files to send" }).getByRole("listitem", { name });
}

/** Resolves once the <img> has really decoded (a broken image has naturalWidth 0). */
async function imageLoaded(locator) {
  await locator.waitFor();
  await locator.evaluate(
    (img) =>
      new Promise((resolve, reject) => {
        if (img.complete && img.naturalWidth > 0) return resolve();
        const timer = setTimeout(() => reject(new Error(`image never loaded: ${img.src}`)), 15_000);
        img.addEventListener("load", () => {
          clearTimeout(timer);
          resolve();
        });
      }),
  );
}

/** Throttles the page's uploads (Chrome DevTools' network emulation), so progress can be seen. */
async function throttleUploads(page, bytesPerSecond) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: bytesPerSecond,
  });
  return async () => {
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await cdp.detach();
  };
}

async function messageCount(page) {
  const { channelId } = currentChannel(page);
  const { status, body } = await apiCall(page, `/api/channels/${channelId}/messages/?limit=100`);
  assert.equal(status, 200);
  return body.length;
}

describe("attachments from the composer", () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer({ extraArgs: ["--max-upload-bytes", String(UPLOAD_LIMIT)] });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("attaches an image by the button with progress and preview; another user sees it", async () => {
    const bob = await openLiveChannel(browser, server.baseUrl, "bob", "Retro Arcade", "general");

    const alice = await openLiveChannel(
      browser,
      server.baseUrl,
      "alice",
      "Retro Arcade",
      "general",
    );

    const picture = png(150, 150, { noise: true }); // ~68 KB: a few seconds at 24 KB/s
    assert.ok(picture.length > 60_000 && picture.length < UPLOAD_LIMIT);
    const unthrottle = await throttleUploads(alice, 24 * 1024);
    await chooseFiles(alice, [{ name: "pixels.png", mimeType: "image/png", buffer: picture }]);
    const card = trayCard(alice, "pixels.png");
    await card.waitFor();
    // The local preview shows at once, from an object URL, before the upload is done.
    const preview = card.getByRole("img", { name: "Preview of pixels.png" });
    await imageLoaded(preview);
    assert.match(await preview.getAttribute("src"), /^blob:/);
    const bar = alice.getByRole("progressbar", { name: "Uploading pixels.png" });
    await bar.waitFor();
    // The send button waits for the upload.
    assert.equal(await alice.getByRole("button", { name: "Send message" }).isDisabled(), true);

    // A second file, cancelled while it uploads, never reaches the message.
    await chooseFiles(alice, [
      { name: "cancel-me.txt", mimeType: "text/plain", buffer: Buffer.alloc(60_000, "x") },
    ]);
    await alice.getByRole("button", { name: "Cancel upload of cancel-me.txt" }).click();
    await trayCard(alice, "cancel-me.txt").waitFor({ state: "detached" });

    // Progress moves while the bytes go.
    await alice.waitForFunction(() => {
      const node = document.querySelector('[aria-label="Uploading pixels.png"]');
      const value = Number(node?.getAttribute("aria-valuenow") ?? 0);
      return value > 0 && value < 100;
    });
    await card.getByText(/· ready$/).waitFor({ timeout: 30_000 });
    await unthrottle();

    const caption = `pixels for you ${uniqueSuffix()}`;
    await messageBox(alice, "general").fill(caption);
    await messageBox(alice, "general").press("Enter");
    await messageWithText(alice, caption).waitFor();
    await alice.getByRole("list", { name: "Files to send" }).waitFor({ state: "detached" });

    const theirs = messageRow(bob, caption);
    await imageLoaded(theirs.getByRole("img", { name: "pixels.png" }));
    assert.equal(await theirs.getByRole("img").count(), 1, "only the image that was not cancelled");
    await theirs.getByRole("button", { name: "Open image pixels.png" }).click();
    await imageLoaded(bob.getByRole("dialog").getByRole("img", { name: "pixels.png" }));
    await bob.keyboard.press("Escape");

    assert.deepEqual(alice.errors, []);
    assert.deepEqual(bob.errors, []);
    await alice.context().close();
    await bob.context().close();
  });

  it("sends an image dropped onto the conversation, without text, on a phone in dark mode", async () => {
    const bob = await openLiveChannel(browser, server.baseUrl, "bob", "Retro Arcade", "general");

    const alice = await openPage(browser, server.baseUrl, { viewport: PHONE, colorScheme: "dark" });
    await logIn(alice, "alice");
    await alice.goto(new URL(bob.url()).pathname);
    await messageBox(alice, "general").waitFor();
    await waitLive(alice);

    const name = `dropped-${uniqueSuffix()}.png`;
    const bytes = [...png(40, 30)];
    const transfer = await alice.evaluateHandle(
      ({ name, bytes }) => {
        const data = new DataTransfer();
        data.items.add(new File([new Uint8Array(bytes)], name, { type: "image/png" }));
        return data;
      },
      { name, bytes },
    );
    const target = alice.getByRole("log").first();
    await target.dispatchEvent("dragenter", { dataTransfer: transfer });
    await alice.getByText("Drop files to send to #general").waitFor();
    await target.dispatchEvent("drop", { dataTransfer: transfer });
    await alice.getByText("Drop files to send to #general").waitFor({ state: "detached" });
    await trayCard(alice, name)
      .getByText(/· ready$/)
      .waitFor();
    await messageBox(alice, "general").press("Enter");
    await alice.getByRole("list", { name: "Files to send" }).waitFor({ state: "detached" });

    await imageLoaded(bob.getByRole("img", { name }));
    assert.deepEqual(alice.errors, []);
    await alice.context().close();
    await bob.context().close();
  });

  it("offers no attach button where the channel denies ATTACH_FILES", async () => {
    const alice = await openPage(browser, server.baseUrl);
    await logIn(alice, "alice");
    await openChannel(alice, "Retro Arcade", "high-scores");
    const { serverId, channelId } = currentChannel(alice);
    // The owner denies @everyone (role id = server id) files in #high-scores only.
    const denied = await apiCall(alice, `/api/channels/${channelId}/permissions/${serverId}/`, {
      method: "PUT",
      body: { type: "role", deny: String(1 << 15) },
    });
    assert.equal(denied.status, 204, JSON.stringify(denied.body));

    const bob = await openLiveChannel(
      browser,
      server.baseUrl,
      "bob",
      "Retro Arcade",
      "high-scores",
    );
    assert.equal(await bob.getByRole("button", { name: "Attach files" }).count(), 0);
    await bob
      .getByRole("navigation", { name: "Channels" })
      .getByRole("link", { name: "general" })
      .click();
    await bob.getByRole("button", { name: "Attach files" }).waitFor();
    await apiCall(alice, `/api/channels/${channelId}/permissions/${serverId}/`, {
      method: "DELETE",
    });
    await alice.context().close();
    await bob.context().close();
  });

  it("a file over the server's limit or refused by it shows why, and nothing is sent", async () => {
    const alice = await openLiveChannel(
      browser,
      server.baseUrl,
      "alice",
      "Retro Arcade",
      "general",
    );
    const before = await messageCount(alice);
    const uploads = [];
    alice.on("request", (request) => {
      if (request.url().endsWith("/attachments/")) uploads.push(request.url());
    });

    // The limit comes from the ready frame: the big file is refused before a byte is sent.
    await chooseFiles(alice, [
      { name: "huge.bin", mimeType: "application/octet-stream", buffer: randomBytes(300_000) },
    ]);
    await trayCard(alice, "huge.bin")
      .getByText("This file is 293.0 KB; the limit is 195.3 KB.")
      .waitFor();
    assert.deepEqual(uploads, [], "no upload was attempted");

    // An HTML page named .png: the server reads the bytes and refuses it (400 {"file": [...]}).
    await chooseFiles(alice, [
      {
        name: "page.png",
        mimeType: "image/png",
        buffer: Buffer.from("<!doctype html><html><script>alert(1)</script></html>"),
      },
    ]);
    await trayCard(alice, "page.png")
      .getByText(/does not match/)
      .waitFor();
    assert.equal(uploads.length, 1);

    const box = messageBox(alice, "general");
    await box.fill("this must not be sent");
    assert.equal(await alice.getByRole("button", { name: "Send message" }).isDisabled(), true);
    await box.press("Enter");
    await alice
      .getByRole("alert")
      .getByText(/Remove the files that couldn't be uploaded/)
      .waitFor();
    assert.equal(await messageCount(alice), before, "nothing was posted");

    // Taking them out lets the text go on its own.
    await alice.getByRole("button", { name: "Remove huge.bin" }).click();
    await alice.getByRole("button", { name: "Remove page.png" }).click();
    await box.press("Enter");
    await messageWithText(alice, "this must not be sent").waitFor();
    assert.equal(await messageCount(alice), before + 1);
    assert.deepEqual(alice.errors, []);
    await alice.context().close();
  });
});

describe("attachments with a short-lived access token", () => {
  const LIFETIME_SECONDS = 5;
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

  it("an idle tab still uploads, opens images and downloads files after its cookie expired", async () => {
    const bob = await openLiveChannel(browser, server.baseUrl, "bob", "Retro Arcade", "general");
    const alice = await openLiveChannel(
      browser,
      server.baseUrl,
      "alice",
      "Retro Arcade",
      "general",
    );

    const caption = `before expiry ${uniqueSuffix()}`;
    await chooseFiles(alice, [
      { name: "early.png", mimeType: "image/png", buffer: png(64, 48) },
      { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from(NOTES) },
    ]);
    await trayCard(alice, "early.png")
      .getByText(/· ready$/)
      .waitFor();
    await trayCard(alice, "notes.txt")
      .getByText(/· ready$/)
      .waitFor();
    await messageBox(alice, "general").fill(caption);
    await messageBox(alice, "general").press("Enter");
    await imageLoaded(messageRow(bob, caption).getByRole("img", { name: "early.png" }));

    // Both tabs sit idle until their access cookies are gone.
    await bob.waitForTimeout((LIFETIME_SECONDS + 2) * 1000);
    const fullImage = [];
    bob.on("response", (response) => {
      if (/\/api\/attachments\/\d+\/[^/]+\/early\.png(\?|$)/.test(response.url()))
        fullImage.push(`${response.status()} ${new URL(response.url()).search}`);
    });
    // The lightbox loads the full image: refused without a cookie, loaded after the renewal.
    await messageRow(bob, caption).getByRole("button", { name: "Open image early.png" }).click();
    await imageLoaded(bob.getByRole("dialog").getByRole("img", { name: "early.png" }));
    assert.ok(fullImage.length === 2, `one refusal, one retry: ${fullImage}`);
    assert.notEqual(fullImage[0].split(" ")[0], "200", `the first try had no cookie: ${fullImage}`);
    assert.match(fullImage[1], /^200 \?renewed=\d+$/);
    await bob.keyboard.press("Escape");

    // Alice's upload meets a 401, renews the session and sends the file again.
    const later = `after expiry ${uniqueSuffix()}`;
    await chooseFiles(alice, [{ name: "late.png", mimeType: "image/png", buffer: png(30, 30) }]);
    await trayCard(alice, "late.png")
      .getByText(/· ready$/)
      .waitFor();
    await messageBox(alice, "general").fill(later);
    await messageBox(alice, "general").press("Enter");
    await imageLoaded(messageRow(bob, later).getByRole("img", { name: "late.png" }));

    // Idle again: a download link asks first, renews, and downloads the file, not a refusal.
    await bob.waitForTimeout((LIFETIME_SECONDS + 2) * 1000);
    const downloading = bob.waitForEvent("download");
    await messageRow(bob, caption).getByRole("link", { name: "Download notes.txt" }).click();
    const download = await downloading;
    assert.equal(download.suggestedFilename(), "notes.txt");
    assert.equal(await download.failure(), null);
    assert.equal(readFileSync(await download.path(), "utf8"), NOTES);
    assert.deepEqual(alice.errors, []);
    assert.deepEqual(bob.errors, []);
    await alice.context().close();
    await bob.context().close();
  });
});
