// Shared machinery of the browser tests: starts the real Parley server on a temporary data
// directory and a free loopback port, and drives Debian's Chromium through playwright-core
// (never a downloaded browser).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const repoDir = path.resolve(webDir, "..");
export const screenshotDir = path.join(repoDir, "docs", "screenshots");
const parleyBin = path.resolve(webDir, process.env.PARLEY_BIN ?? "../build/parley");
const demoData = path.join(repoDir, "data", "demo.json");
const webRoot = path.join(webDir, "dist");

export const DEMO = {
  alice: "alice-demo-pass-1",
  bob: "bob-demo-pass-1",
  carol: "carol-demo-pass-1",
  dave: "dave-demo-pass-1",
};

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A `parley serve` process on its own data directory (loaded with data/demo.json). `restart()`
 * stops it and starts it again on the same directory and port, as an operator would.
 */
export async function startServer({ accessTokenLifetime, extraArgs = [] } = {}) {
  if (!existsSync(parleyBin))
    throw new Error(`Parley binary not found at ${parleyBin} (set PARLEY_BIN)`);
  if (!existsSync(path.join(webRoot, "index.html")))
    throw new Error("web/dist is missing: run `npm run build` first");
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "parley-e2e-"));
  const load = spawnSync(parleyBin, ["load", "--data-dir", dataDir, demoData], {
    encoding: "utf8",
  });
  if (load.status !== 0) throw new Error(`parley load failed: ${load.stderr || load.stdout}`);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const args = [
    "serve",
    "--data-dir",
    dataDir,
    "--listen",
    `127.0.0.1:${port}`,
    "--web-root",
    webRoot,
  ];
  if (accessTokenLifetime) args.push("--access-token-lifetime", String(accessTokenLifetime));
  args.push(...extraArgs);

  let child = null;
  let log = "";

  async function start() {
    child = spawn(parleyBin, args, { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (chunk) => (log = (log + chunk).slice(-20_000)));
    child.stderr.on("data", (chunk) => (log = (log + chunk).slice(-20_000)));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`parley serve exited early:\n${log}`);
      try {
        const response = await fetch(`${baseUrl}/readyz`);
        if (response.status === 200) return;
      } catch {
        // Not listening yet.
      }
      await sleep(100);
    }
    throw new Error(`parley serve did not become ready:\n${log}`);
  }

  async function stop() {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timeout = sleep(10_000).then(() => "timeout");
    if ((await Promise.race([exited, timeout])) === "timeout") {
      child.kill("SIGKILL");
      await exited;
    }
  }

  await start();
  return {
    baseUrl,
    log: () => log,
    restart: async () => {
      await stop();
      await start();
    },
    stop: async () => {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Headless Debian Chromium; playwright gives each launch a fresh temporary profile. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * A new browser context (its own cookies and storage) with one page, recording page errors
 * and every Content-Security-Policy violation (Chromium's console message and the DOM's
 * securitypolicyviolation event) in `page.errors`, so that a test asserting no errors also
 * asserts that the app works under the server's policy.
 */
export async function openPage(
  browser,
  baseUrl,
  { viewport = DESKTOP, colorScheme = "light" } = {},
) {
  const context = await browser.newContext({ baseURL: baseUrl, viewport, colorScheme });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.errors = [];
  page.on("pageerror", (error) => page.errors.push(error.message));
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) page.errors.push(message.text());
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(
        `Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`,
      );
    });
  });
  return page;
}

export async function logIn(page, username, password = DEMO[username]) {
  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((url) => url.pathname === "/");
}

/** A new page of `username`, logged in and on the channel, its socket live. */
export async function openLiveChannel(browser, baseUrl, username, serverName, channelName) {
  const page = await openPage(browser, baseUrl);
  await logIn(page, username);
  await openChannel(page, serverName, channelName);
  await waitLive(page);
  return page;
}

/** Opens a server from the explore page's cards, then one of its channels. */
export async function openChannel(page, serverName, channelName) {
  await page
    .getByRole("link", { name: new RegExp(escapeRegExp(serverName)) })
    .first()
    .click();
  await page.getByRole("heading", { name: `Welcome to ${serverName}` }).waitFor();
  await page
    .getByRole("navigation", { name: "Channels" })
    .getByRole("link", { name: channelName })
    .click();
  await messageBox(page, channelName).waitFor();
}

export function messageBox(page, channelName) {
  return page.getByRole("textbox", { name: `Message #${channelName}` });
}

/** Ids of the messages on screen, in display order. */
export function shownMessageIds(page) {
  return page.$$eval("[data-message-id]", (nodes) =>
    nodes.map((node) => Number(node.getAttribute("data-message-id"))),
  );
}

export function messageWithText(page, text) {
  return page.locator("[data-message-id]", { hasText: text });
}

export async function waitLive(page) {
  await page.getByText("Live", { exact: true }).waitFor({ timeout: 30_000 });
}

export function screenshotPath(name) {
  mkdirSync(screenshotDir, { recursive: true });
  return path.join(screenshotDir, `${name}.png`);
}

export const uniqueSuffix = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

export function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The whole row of the message whose text contains `text` (actions, quote, reactions). */
export function messageRow(page, text) {
  return page.locator("[data-message-row]").filter({ has: messageWithText(page, text) });
}

/** Ids of the server and channel the page shows (`/server/:serverId/:channelId`). */
export function currentChannel(page) {
  const [, , serverId, channelId] = new URL(page.url()).pathname.split("/");
  return { serverId: Number(serverId), channelId: Number(channelId) };
}

/** A REST call made by the page itself, with its cookies: `{status, body}`. */
export function apiCall(page, path, { method = "GET", body } = {}) {
  return page.evaluate(
    async ({ path, method, body }) => {
      const response = await fetch(path, {
        method,
        credentials: "include",
        headers: body === undefined ? {} : { "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // Not JSON: keep the text.
      }
      return { status: response.status, body: parsed };
    },
    { path, method, body },
  );
}

/** Types and sends a message through the composer and waits until it shows. */
export async function sendMessage(page, channelName, text) {
  const box = messageBox(page, channelName);
  await box.fill(text);
  await box.press("Enter");
  await messageWithText(page, text).waitFor();
}
