// The shop's own identity on the storefront page, in headless Chromium against a real topcoatd:
// with nothing set the page is Topcoat in US dollars; once the owner sets a name, currency,
// contact address and logo through /admin/shop, a fresh visit shows them in the brand, the
// title, every price and the footer.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { artifactPath, openPage } from './lib/browser.mjs';
import { useShop } from './lib/shop.mjs';
import { request } from './lib/topcoatd.mjs';

const shop = useShop();

const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="32" viewBox="0 0 64 32">'
  + '<rect width="64" height="32" rx="8" fill="#7a1f3d"/></svg>';

// The regular price of a product without a live sale, as the page formats it.
const price = (product, currency) => new Intl.NumberFormat('en', { style: 'currency', currency })
  .format(product.price_cents / 100);

async function firstProduct() {
  const products = (await request(`${shop.server.url}/api/products`)).body.products;
  return products.find((p) => p.sale_price_cents === null || p.sale_price_cents === undefined);
}

test('with nothing set the page is Topcoat in US dollars', async () => {
  const { page, context, problems } = await openPage(shop.browser);
  const product = await firstProduct();
  await page.goto(shop.server.url + '/');
  const card = page.locator(`.card[data-sku="${product.sku}"]`);
  await card.waitFor();
  assert.equal(await page.title(), 'Topcoat — nail polish flash sale');
  assert.equal((await page.locator('#brand-name').textContent()).trim(), 'Topcoat');
  const dollars = price(product, 'USD');
  assert.ok((await card.locator('.price').textContent()).includes(dollars), dollars);
  assert.equal(await page.locator('#brand-logo').isVisible(), false);
  assert.equal(await page.locator('#shop-contact').isVisible(), false);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a name, currency, contact address and logo set by the owner are what customers see', async () => {
  const changed = await request(`${shop.server.adminUrl}/admin/shop`, {
    method: 'PUT', token: shop.server.token,
    body: {
      name: 'Vernis Lumière', currency: 'EUR', contact_email: 'bonjour@vernis.example',
      logo: `data:image/svg+xml;base64,${Buffer.from(LOGO).toString('base64')}`,
    },
  });
  assert.equal(changed.status, 200, `PUT /admin/shop: ${changed.text}`);

  const { page, context, problems } = await openPage(shop.browser);
  const product = await firstProduct();
  await page.goto(shop.server.url + '/');
  const card = page.locator(`.card[data-sku="${product.sku}"]`);
  await card.waitFor();
  await page.locator('#brand-name', { hasText: 'Vernis Lumière' }).waitFor();
  assert.equal(await page.title(), 'Vernis Lumière — nail polish flash sale');
  assert.equal(await page.locator('#brand').getAttribute('aria-label'), 'Vernis Lumière, home');

  const euros = price(product, 'EUR');
  assert.ok(euros.includes('€'), euros);
  assert.ok((await card.locator('.price').textContent()).includes(euros),
    `the card's price is in euros: ${await card.locator('.price').textContent()}`);
  assert.ok(!(await card.locator('.price').textContent()).includes('$'));

  const logo = page.locator('#brand-logo');
  await logo.waitFor({ state: 'visible' });
  await page.waitForFunction(() => document.getElementById('brand-logo').naturalWidth > 0);
  assert.equal(await page.locator('#brand-drop').isVisible(), false);

  const contact = page.locator('#shop-contact-link');
  await contact.waitFor({ state: 'visible' });
  assert.equal((await contact.textContent()).trim(), 'bonjour@vernis.example');
  assert.equal(await contact.getAttribute('href'), 'mailto:bonjour@vernis.example');
  await page.screenshot({ path: artifactPath('shop-identity.png') });
  assert.deepEqual(problems, []);
  await context.close();
});
