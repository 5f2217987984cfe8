// The fixture every browser test file shares: one real topcoatd and one headless Chromium,
// started before its first test and stopped after its last (topcoatd must exit 0).

import assert from 'node:assert/strict';
import { after, before } from 'node:test';

import { launchBrowser } from './browser.mjs';
import { startTopcoatd } from './topcoatd.mjs';

// Call at the top of a test file; `server` and `browser` are set once the tests run.
export function useShop() {
  const shop = { server: null, browser: null };
  before(async () => {
    shop.server = await startTopcoatd();
    shop.browser = await launchBrowser();
  });
  after(async () => {
    await shop.browser?.close();
    if (shop.server) assert.equal(await shop.server.stop(), 0, 'topcoatd stops cleanly');
  });
  return shop;
}
