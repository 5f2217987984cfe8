// Where the order is sent, in headless Chromium against a real topcoatd: the address typed in
// the buy sheet (non-ASCII included) is the address the server stores, a country picked by its
// name goes as its ISO code, a missing or refused field is explained next to it and sends no
// checkout, the server's own refusal is shown beside the form, the confirmation says where the
// order goes, and the next purchase on the device finds the address filled in.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { addressFields, addressShown, fillAddress } from './lib/address.mjs';
import { artifactPath, DESKTOP, openPage, PHONE } from './lib/browser.mjs';
import { useShop } from './lib/shop.mjs';
import { request } from './lib/topcoatd.mjs';

const shop = useShop();

const KOELN = {
  name: 'Jürgen Groß', line1: 'Straße des 17. Juni 5', line2: 'Hinterhaus, 3. OG',
  postal_code: '50667', city: 'Köln', country: 'DE',
};

// The waiting room is off on this server: its probe may be a 404.
const unexpected = (failedResponses) => failedResponses.filter((line) => line !== '404 /api/queue');

// A page for a browser whose language is `locale`, and every checkout request it sends.
async function openShop(locale, device = DESKTOP) {
  const opened = await openPage(shop.browser, { ...device, locale });
  const checkouts = [];
  opened.page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/checkout') checkouts.push(r);
  });
  await opened.page.goto(shop.server.url + '/');
  return { ...opened, checkouts, dialog: opened.page.locator('#buy-dialog') };
}

async function openBuySheet(page, sku) {
  await page.locator(`.card[data-sku="${sku}"]`).getByRole('button', { name: /^Buy / }).click();
  await page.locator('#buy-form').waitFor();
}

async function placeOrder(page) {
  await page.locator('#buy-dialog').getByRole('button', { name: 'Buy now' }).click();
  await page.locator('#confirmation').waitFor({ state: 'visible', timeout: 20000 });
  return (await page.locator('#confirmation-order').textContent()).trim();
}

async function storedShipping(orderId) {
  const answer = await request(`${shop.server.adminUrl}/admin/orders/${encodeURIComponent(orderId)}`,
    { token: shop.server.token });
  assert.equal(answer.status, 200, answer.text);
  return answer.body.order.shipping;
}

async function orderCount() {
  const answer = await request(`${shop.server.adminUrl}/admin/orders?limit=1000`, { token: shop.server.token });
  assert.equal(answer.status, 200, answer.text);
  assert.equal(answer.body.next, null, 'every order fits on one page');
  return answer.body.orders.length;
}

// The field's error as a screen reader reaches it: the text of what aria-describedby names.
async function describedError(locator) {
  assert.equal(await locator.getAttribute('aria-invalid'), 'true');
  const id = await locator.getAttribute('aria-describedby');
  return (await locator.page().locator(`[id="${id}"]`).textContent()).trim();
}

test('the address typed, Köln and all, is stored with the order; Germany is sent as DE', async () => {
  const { page, dialog, checkouts, context, problems, failedResponses } = await openShop('en-GB');
  await openBuySheet(page, 'NP-004');
  assert.equal(await addressFields(dialog).country.inputValue(), 'GB', 'the browser’s region is the first guess');
  await dialog.getByLabel('E-mail for your receipt').fill('juergen@example.com');
  await fillAddress(dialog, KOELN, { countryLabel: 'Germany' });
  assert.equal(await addressFields(dialog).country.inputValue(), 'DE');
  assert.equal(await dialog.locator('#buy-ship-country option:checked').textContent(), 'Germany');
  const orderId = await placeOrder(page);

  assert.equal(checkouts.length, 1);
  assert.deepEqual(checkouts[0].postDataJSON().shipping, KOELN, 'the page sends the address as typed');
  assert.deepEqual(await storedShipping(orderId), KOELN, 'the server stores the address as typed');
  assert.equal(await page.locator('#confirmation-shipping').isVisible(), true);
  assert.deepEqual((await page.locator('#confirmation-shipping').innerText()).split('\n'),
    ['Jürgen Groß', 'Straße des 17. Juni 5', 'Hinterhaus, 3. OG', '50667 Köln', 'Germany'],
    'the confirmation says where it goes');
  await page.screenshot({ path: artifactPath('shipping-confirmation.png') });
  assert.deepEqual(problems, []);
  assert.deepEqual(unexpected(failedResponses), []);
  await context.close();
});

test('a missing or refused field is explained next to it and no checkout is sent', async () => {
  const { page, dialog, checkouts, context, problems } = await openShop('fr');
  await openBuySheet(page, 'NP-014');
  const fields = addressFields(dialog);
  assert.equal(await fields.country.inputValue(), '', 'a language without a region guesses no country');
  const before = await orderCount();

  await dialog.getByLabel('E-mail for your receipt').fill('claire@example.com');
  await fillAddress(dialog, { ...KOELN, city: '', country: '' });
  await dialog.getByRole('button', { name: 'Buy now' }).click();
  assert.match(await describedError(fields.city), /enter the town or city/);
  assert.match(await describedError(fields.country), /choose the country/);
  assert.equal(await fields.city.evaluate((el) => el === document.activeElement), true,
    'focus goes to the first field to fix');
  for (const key of ['name', 'line1', 'line2', 'postal_code']) {
    assert.equal(await fields[key].getAttribute('aria-invalid'), null, `${key} is fine`);
  }
  assert.equal(await fields.country.getAttribute('required'), '', 'the country is required');

  // The server's rules beyond blanks: bytes, not characters; text that is only spaces; the
  // postal code's characters.
  await fields.name.fill('ö'.repeat(61));
  await fields.line1.fill('   ');
  await fields.postal_code.fill('50#667');
  await fields.city.fill('Köln');
  await fields.country.selectOption({ label: 'Germany' });
  await dialog.getByRole('button', { name: 'Buy now' }).click();
  assert.match(await describedError(fields.name), /too long .* 120 letters/);
  assert.match(await describedError(fields.line1), /enter the street/);
  assert.match(await describedError(fields.postal_code), /only letters, digits, spaces and hyphens/);
  assert.equal(await fields.city.getAttribute('aria-invalid'), null, 'a fixed field is no longer marked');
  assert.equal(await fields.country.getAttribute('aria-invalid'), null);
  await page.screenshot({ path: artifactPath('shipping-errors.png') });
  assert.equal(await orderCount(), before, 'no order was placed');

  // Once fixed, the one checkout that goes is this one: the refused tries sent nothing.
  await fillAddress(dialog, { ...KOELN, name: 'ö'.repeat(60) });
  const orderId = await placeOrder(page);
  assert.equal(checkouts.length, 1);
  assert.equal(await orderCount(), before + 1);
  assert.equal((await storedShipping(orderId)).name, 'ö'.repeat(60), '120 bytes is still allowed');
  assert.deepEqual(problems, []);
  await context.close();
});

test('an address the server still refuses shows its message next to the form', async () => {
  const { page, dialog, context } = await openShop('de-DE');
  // A rule the page does not know yet: the request is changed on its way, the server is real.
  await page.route('**/api/checkout', (route) => {
    const body = route.request().postDataJSON();
    body.shipping.postal_code = '50667/1';
    return route.continue({ postData: JSON.stringify(body) });
  });
  await openBuySheet(page, 'NP-016');
  assert.equal(await addressFields(dialog).country.inputValue(), 'DE');
  const before = await orderCount();
  await dialog.getByLabel('E-mail for your receipt').fill('refused@example.com');
  await fillAddress(dialog, KOELN);
  await dialog.getByRole('button', { name: 'Buy now' }).click();
  const said = 'shipping.postal_code must be at most 16 letters, digits, spaces and hyphens';
  await dialog.locator('#buy-message').getByText(said).waitFor({ timeout: 10000 });
  assert.equal(await describedError(addressFields(dialog).postal_code), said);
  assert.equal(await dialog.locator('#buy-form').isVisible(), true, 'the form stays for a fix');
  assert.equal(await dialog.getByRole('button', { name: 'Buy now' }).isEnabled(), true);
  assert.equal(await orderCount(), before);
  await context.close();
});

test('the next purchase on this device finds the address filled in', async () => {
  const { page, dialog, checkouts, context, problems } = await openShop('en-US', PHONE);
  await openBuySheet(page, 'NP-017');
  assert.equal(await addressFields(dialog).country.inputValue(), 'US');
  await dialog.getByLabel('E-mail for your receipt').fill('mia@example.com');
  await fillAddress(dialog, KOELN, { countryLabel: 'Germany' });
  await page.screenshot({ path: artifactPath('phone-shipping-form.png') });
  const first = await placeOrder(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);

  // Another visit on this device: nothing typed, the remembered address wins over the region.
  await page.reload();
  await openBuySheet(page, 'NP-018');
  assert.equal(await dialog.getByLabel('E-mail for your receipt').inputValue(), 'mia@example.com');
  assert.deepEqual(await addressShown(dialog), KOELN);
  const second = await placeOrder(page);
  assert.equal(checkouts.length, 2);
  assert.deepEqual(await storedShipping(second), await storedShipping(first));
  assert.deepEqual(await storedShipping(second), KOELN);
  assert.deepEqual(problems, []);
  await context.close();
});
