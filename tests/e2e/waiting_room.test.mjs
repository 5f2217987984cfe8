// The waiting room in the storefront page, in headless Chromium against a real topcoatd: with
// the room switched on, a customer who buys is put in line, sees their position, is admitted
// and then buys with the pass the room gave them.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ADDRESS, fillAddress } from './lib/address.mjs';
import { artifactPath, openPage } from './lib/browser.mjs';
import { useShop } from './lib/shop.mjs';
import { request } from './lib/topcoatd.mjs';

const shop = useShop();

test('a customer waits in line, sees their position, is admitted and buys', async () => {
  const protection = await request(`${shop.server.adminUrl}/admin/protection`, {
    method: 'PUT', token: shop.server.token,
    // The demo sale has not opened yet: without this, places would be drawn when it opens.
    body: { waiting_room: { enabled: true, admit_per_minute: 60, randomize_before_open: false } },
  });
  assert.equal(protection.status, 200, `PUT /admin/protection: ${protection.text}`);
  const room = await request(`${shop.server.url}/api/queue`);
  assert.equal(room.status, 200, `GET /api/queue: ${room.text}`);
  assert.equal(room.body.enabled, true);
  // Without a pass, checkout is refused while the room is on.
  const refused = await request(`${shop.server.url}/api/checkout`, {
    method: 'POST', body: { sku: 'NP-002', quantity: 1, customer: 'nopass@example.com' },
  });
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error.code, 'queue_pass_required');

  // Others are in line first, so the page's customer has a position to wait through.
  for (let i = 0; i < 8; i += 1) {
    const ahead = await request(`${shop.server.url}/api/queue`, {
      method: 'POST', body: { customer: `ahead-${i}@example.com` },
    });
    assert.equal(ahead.status, 200, `POST /api/queue: ${ahead.text}`);
  }

  const { page, problems, failedResponses } = await openPage(shop.browser);
  await page.goto(shop.server.url + '/');
  const card = page.locator('.card[data-sku="NP-002"]');
  await card.getByRole('button', { name: /^Buy / }).click();
  const dialog = page.locator('#buy-dialog');
  await dialog.getByLabel('E-mail for your receipt').fill('queued@example.com');
  await fillAddress(dialog);
  await dialog.getByRole('button', { name: 'Buy now' }).click();

  await page.locator('#queue-status').getByText(/You’re number \d+ in line/).waitFor({ timeout: 10000 });
  await page.screenshot({ path: artifactPath('waiting-room.png') });
  await page.locator('#confirmation').waitFor({ state: 'visible', timeout: 60000 });
  const orderId = (await page.locator('#confirmation-order').textContent()).trim();
  const order = await request(`${shop.server.url}/api/orders/${encodeURIComponent(orderId)}`);
  assert.equal(order.status, 200);
  assert.equal(order.body.sku, 'NP-002');
  assert.equal(order.body.customer, 'queued@example.com');
  assert.deepEqual(order.body.shipping, ADDRESS, 'the address waited in line with the order');
  assert.deepEqual(problems, []);
  assert.deepEqual(failedResponses, []);
  await page.context().close();
});
