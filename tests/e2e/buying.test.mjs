// How the storefront page handles every answer a checkout can get, in headless Chromium
// against a real topcoatd: answers the test wants to see are put in the page's way with
// Playwright routes, everything else goes to the server. Covers the message for each error
// code, retries that reuse the Idempotency-Key, and the waiting room as API.md describes it
// (join, poll, rejoin an expired ticket, buy with the pass, just buy when it closes).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { fillAddress } from './lib/address.mjs';
import { openPage } from './lib/browser.mjs';
import { useShop } from './lib/shop.mjs';
import { request } from './lib/topcoatd.mjs';

const shop = useShop();

const json = (status, body, headers = {}) => ({
  status, headers, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body),
});
const apiError = (status, code, headers = {}) =>
  json(status, { error: { code, message: `server says ${code}` } }, headers);

// A page with the buy sheet of `sku` open and filled in, ready to press Buy now.
async function readyToBuy(device, sku, email, routes = async () => {}) {
  const opened = await openPage(shop.browser, device);
  await routes(opened.page);
  await opened.page.goto(shop.server.url + '/');
  const card = opened.page.locator(`.card[data-sku="${sku}"]`);
  await card.getByRole('button', { name: /^Buy / }).click();
  const dialog = opened.page.locator('#buy-dialog');
  await dialog.getByLabel('E-mail for your receipt').fill(email);
  await fillAddress(dialog);
  return { ...opened, dialog, submit: () => dialog.locator('#buy-submit').click() };
}

test('a clear message for each refusal, and nothing the server said verbatim', async () => {
  const cases = [
    [400, 'invalid_request', /check your e-mail address, the quantity and where to send it/],
    [404, 'unknown_sku', /no longer in our shop/],
    [409, 'sold_out', /isn’t enough Lilac Haze left/],
    [429, 'purchase_limit_reached', /allows .* of each shade per customer/],
    [503, 'unavailable', /nothing was taken or charged/],
    [413, 'payload_too_large', /too large to send/],
    [422, 'idempotency_key_reused', /press Buy again/],
    [500, 'internal_error', /Something went wrong on our side/],
  ];
  let answer = null;
  const { page, dialog, submit, context } = await readyToBuy(undefined, 'NP-006', 'err@example.com',
    (p) => p.route('**/api/checkout', (route) => route.fulfill(answer)));
  for (const [status, code, expected] of cases) {
    answer = apiError(status, code);
    await submit();
    const text = dialog.locator('#buy-message');
    await text.getByText(expected).waitFor({ timeout: 5000 });
    assert.doesNotMatch(await text.textContent(), /server says/, code);
    assert.equal(await dialog.locator('#buy-submit').isEnabled(), true, `${code}: the customer can try again`);
  }
  assert.equal(await page.locator('#buy-message').getAttribute('role'), 'alert');
  await context.close();
});

test('busy and rate-limited answers are retried after Retry-After with the same key', async () => {
  const keys = [];
  const answers = [apiError(503, 'overloaded', { 'Retry-After': '1' }),
    apiError(429, 'rate_limited', { 'Retry-After': '1' })];
  const { page, dialog, submit, context } = await readyToBuy(undefined, 'NP-007', 'busy@example.com',
    (p) => p.route('**/api/checkout', (route) => {
      keys.push(route.request().headers()['idempotency-key']);
      const answer = answers.shift();
      return answer ? route.fulfill(answer) : route.continue();
    }));
  await submit();
  await dialog.locator('#buy-message').getByText(/very busy right now/).waitFor({ timeout: 5000 });
  await page.locator('#confirmation').waitFor({ state: 'visible', timeout: 15000 });
  assert.equal(keys.length, 3);
  assert.match(keys[0], /^[0-9a-f]{32}$/);
  assert.deepEqual(new Set(keys).size, 1, 'every retry of one attempt sends the same Idempotency-Key');
  const orderId = (await page.locator('#confirmation-order').textContent()).trim();
  assert.equal((await request(`${shop.server.url}/api/orders/${encodeURIComponent(orderId)}`)).status, 200);

  // The next purchase is a new attempt with a new key (the address is remembered).
  await dialog.getByRole('button', { name: 'Keep shopping' }).click();
  await page.locator('.card[data-sku="NP-007"]').getByRole('button', { name: /^Buy / }).click();
  await dialog.getByLabel('E-mail for your receipt').fill('busy@example.com');
  await submit();
  await page.locator('#confirmation').waitFor({ state: 'visible', timeout: 15000 });
  assert.equal(keys.length, 4);
  assert.notEqual(keys[3], keys[0]);
  await context.close();
});

test('a lost connection keeps the attempt: trying again sends the same key', async () => {
  const keys = [];
  let drop = true;
  const { page, dialog, submit, context } = await readyToBuy(undefined, 'NP-009', 'net@example.com',
    (p) => p.route('**/api/checkout', (route) => {
      keys.push(route.request().headers()['idempotency-key']);
      if (drop) { drop = false; return route.abort('connectionreset'); }
      return route.continue();
    }));
  await submit();
  await dialog.locator('#buy-message').getByText(/couldn’t reach the shop/).waitFor({ timeout: 5000 });
  await dialog.getByRole('button', { name: 'Try again' }).click();
  await page.locator('#confirmation').waitFor({ state: 'visible', timeout: 15000 });
  assert.equal(keys.length, 2);
  assert.equal(keys[0], keys[1]);
  await context.close();
});

test('the waiting room: join, see the position, rejoin an expired ticket, buy with the pass', async () => {
  const calls = [];
  let checkoutPass = null;
  const polls = [
    json(200, { position: 2, eta_seconds: 4 }),
    apiError(404, 'unknown_ticket'),
    json(200, { position: 1, eta_seconds: 1 }),
    json(200, { position: 0, eta_seconds: 0, pass: 'pass-for-q' }),
  ];
  const { page, dialog, submit, context } = await readyToBuy(undefined, 'NP-011', 'Q@example.com',
    async (p) => {
      await p.route('**/api/queue', (route) => {
        calls.push(`${route.request().method()} /api/queue`);
        if (route.request().method() === 'GET') return route.fulfill(json(200, { enabled: true, admit_per_minute: 60, length: 3 }));
        assert.deepEqual(route.request().postDataJSON(), { customer: 'Q@example.com' });
        const ticket = calls.filter((c) => c === 'POST /api/queue').length === 1 ? 'ticket-1' : 'ticket-2';
        return route.fulfill(json(200, { ticket, position: 3, eta_seconds: 6 }));
      });
      await p.route('**/api/queue/*', (route) => {
        calls.push(`GET ${new URL(route.request().url()).pathname}`);
        return route.fulfill(polls.shift() || apiError(404, 'unknown_ticket'));
      });
      await p.route('**/api/checkout', (route) => {
        checkoutPass = route.request().headers()['x-queue-pass'] || null;
        return route.continue();
      });
    });
  await submit();
  await page.locator('#queue').waitFor({ state: 'visible' });
  await page.locator('#queue-status').getByText('You’re number 3 in line').waitFor();
  assert.equal(await page.locator('#queue-status').getAttribute('aria-live'), 'polite');
  await page.locator('#queue-status').getByText('You’re number 2 in line').waitFor({ timeout: 6000 });
  await page.locator('#confirmation').waitFor({ state: 'visible', timeout: 20000 });
  assert.equal(checkoutPass, 'pass-for-q');
  const posts = calls.filter((c) => c === 'POST /api/queue').length;
  assert.equal(posts, 2, `an expired ticket is replaced by a new one: ${calls.join(', ')}`);
  assert.ok(calls.includes('GET /api/queue/ticket-1') && calls.includes('GET /api/queue/ticket-2'), calls.join(', '));
  await context.close();
});

test('403 queue_pass_required sends the customer into line; queue_closed means just buy', async () => {
  const passes = [];
  let refuse = true;
  const { page, submit, context } = await readyToBuy(undefined, 'NP-012', 'late@example.com',
    async (p) => {
      // The page starts out thinking the room is off (this server has no /api/queue).
      await p.route('**/api/queue', (route) => (route.request().method() === 'GET'
        ? route.fulfill(apiError(404, 'not_found'))
        : route.fulfill(apiError(409, 'queue_closed'))));
      await p.route('**/api/checkout', (route) => {
        passes.push(route.request().headers()['x-queue-pass'] || null);
        if (refuse) { refuse = false; return route.fulfill(apiError(403, 'queue_pass_required')); }
        return route.continue();
      });
    });
  await submit();
  await page.locator('#confirmation').waitFor({ state: 'visible', timeout: 15000 });
  assert.deepEqual(passes, [null, null], 'refused, tried to join, the room had closed, bought');
  await context.close();
});

test('keyboard only: reach a shade, open its sheet, fill in the address, buy, and focus comes back', async () => {
  const { page, context } = await openPage(shop.browser);
  await page.goto(shop.server.url + '/');
  await page.locator('.card').first().waitFor();
  const buyButton = page.locator('.card[data-sku="NP-013"]').getByRole('button', { name: /^Buy / });
  await buyButton.focus();
  await page.keyboard.press('Enter');
  const email = page.locator('#buy-email');
  assert.equal(await email.evaluate((el) => el === document.activeElement), true, 'focus moves into the sheet');
  await page.keyboard.type('keys@example.com');
  // Tab through the form in its order: quantity (1 stays), the address, the country by typing
  // its name, then the Buy now button.
  const typed = ['', 'Kim Park', '7 Elm Road', '', 'AB1 2CD', 'Leeds'];
  for (const text of typed) {
    await page.keyboard.press('Tab');
    if (text) await page.keyboard.type(text);
  }
  await page.keyboard.press('Tab');
  assert.equal(await page.locator('#buy-ship-country').evaluate((el) => el === document.activeElement), true);
  await page.keyboard.type('United Kingdom');
  assert.equal(await page.locator('#buy-ship-country').inputValue(), 'GB');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.locator('#confirmation').waitFor({ state: 'visible', timeout: 15000 });
  assert.match(await page.locator('#confirmation-shipping').innerText(), /Kim Park\n7 Elm Road\nAB1 2CD Leeds\nUnited Kingdom/);
  await page.keyboard.press('Escape');
  assert.equal(await buyButton.evaluate((el) => el === document.activeElement), true, 'focus returns to the Buy button');
  await context.close();
});
