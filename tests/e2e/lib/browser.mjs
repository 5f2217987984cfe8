// Headless Chromium from Debian (/usr/bin/chromium) driven by playwright-core, with a fresh
// profile per launch and the flags that keep it from reaching for the network on its own.

import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

// playwright-core lives in the build tree (tests/e2e/install.sh), not beside these files.
function playwright() {
  const modules = process.env.E2E_NODE_MODULES;
  if (!modules) throw new Error('E2E_NODE_MODULES must name the folder holding node_modules');
  return createRequire(path.join(modules, 'package.json'))('playwright-core');
}

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const DESKTOP = { viewport: { width: 1280, height: 900 } };

// Playwright's launch() gives every browser a fresh temporary profile of its own.
export async function launchBrowser() {
  return playwright().chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A page in its own context (cookies, storage) for `device`. `problems` collects script errors
// and `failedResponses` every 4xx/5xx the page received, for the test to judge.
export async function openPage(browser, device = DESKTOP) {
  const context = await browser.newContext(device);
  const page = await context.newPage();
  const problems = [];
  const failedResponses = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // Failed loads are judged from failedResponses, which knows their URLs.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400) failedResponses.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  return { page, context, problems, failedResponses };
}

// Where screenshots go: $E2E_ARTIFACTS (the build tree under CTest), created on demand.
export function artifactPath(name) {
  const dir = process.env.E2E_ARTIFACTS || path.join(tmpdir(), 'topcoat-e2e-artifacts');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
