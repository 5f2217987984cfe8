// Topcoat storefront: the shade grid with live stock, the sale countdown, the buy sheet with
// the shipping address and the waiting room, product details, search and a wishlist kept on
// this device. Plain JavaScript talking to the storefront API (server/API.md); everything
// server-sent is shown through textContent, never parsed as HTML.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);

  const STOCK_POLL_MS = 2000;       // how fresh live stock is while the page is open
  const QUEUE_POLL_MS = 2000;       // how often a customer in line asks for their turn
  const LOW_STOCK = 10;             // "only n left" below this
  const MAX_AUTO_RETRIES = 3;       // busy/rate-limited checkouts retried by themselves
  const MAX_QUEUE_REJOINS = 3;      // a pass refused this often in one attempt is an error
  const WISHLIST_KEY = 'topcoat.wishlist';
  const EMAIL_KEY = 'topcoat.email';
  const SHIPPING_KEY = 'topcoat.shipping';
  const FEATURES = ['reviews', 'recommendations', 'search', 'wishlists'];

  // Prices in the shop's currency (GET /api/shop); the page's own until that answers.
  let money = null;
  function useCurrency(code) {
    try {
      money = new Intl.NumberFormat(document.documentElement.lang || undefined, { style: 'currency', currency: code });
      document.documentElement.dataset.currency = code;
    } catch { /* a code this browser does not know: keep the last one */ }
  }
  useCurrency(document.documentElement.dataset.currency || 'USD');
  const formatCents = (cents) => money.format(cents / 100);

  const TITLE_TAIL = ' — nail polish flash sale';
  let pageTitle = document.title;

  const state = {
    products: new Map(),   // sku -> Product, in catalog order
    cards: new Map(),      // sku -> card element
    visible: null,         // skus of the search result, null for every product
    query: '',
    sales: [],
    degraded: new Set(),
    stockTag: null,
    catalogVersion: null,
    clockSkewMs: 0,        // server time minus this device's time
    wishlistOnly: false,
    queue: { enabled: false },
    passes: new Map(),     // customer e-mail -> waiting-room pass
  };

  // ---------------------------------------------------------------- talking to the API

  // One request; resolves with {status, data, code, headers} for any HTTP answer and rejects
  // only when the server could not be reached.
  async function api(method, path, { body, headers = {} } = {}) {
    const init = { method, cache: 'no-store', headers: { Accept: 'application/json', ...headers } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(path, init);
    noteServerDate(response);
    let data = null;
    if (response.status !== 204 && response.status !== 304) {
      try { data = await response.json(); } catch { data = null; }
    }
    const code = data && data.error && typeof data.error.code === 'string' ? data.error.code : '';
    return { status: response.status, data, code, headers: response.headers };
  }

  function noteServerDate(response) {
    const date = Date.parse(response.headers.get('Date') || '');
    if (!Number.isNaN(date)) state.clockSkewMs = date - Date.now();
  }
  const serverNow = () => Date.now() + state.clockSkewMs;

  // Seconds from Retry-After (delta or HTTP date), within reason.
  function retryAfterSeconds(headers, fallback = 2) {
    const value = headers && headers.get('Retry-After');
    let seconds = Number.parseInt(value, 10);
    if (Number.isNaN(seconds) && value) seconds = Math.ceil((Date.parse(value) - serverNow()) / 1000);
    if (!Number.isFinite(seconds)) seconds = fallback;
    return Math.min(Math.max(seconds, 1), 300);
  }

  const jittered = (ms) => ms * (0.75 + Math.random() * 0.5);

  // A fresh Idempotency-Key: 32 random hex digits (crypto.randomUUID needs a secure origin).
  function newIdempotencyKey() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function validShade(hex) {
    return typeof hex === 'string' && /^#[0-9a-fA-F]{6}$/.test(hex) ? hex : '#cccccc';
  }

  // ---------------------------------------------------------------- storage on this device

  function readStored(key, fallback) {
    try {
      const text = localStorage.getItem(key);
      return text === null ? fallback : JSON.parse(text);
    } catch { return fallback; }
  }
  function writeStored(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* private mode or full: keep it in memory */ }
  }
  const wishlist = new Set(Array.isArray(readStored(WISHLIST_KEY, [])) ? readStored(WISHLIST_KEY, []) : []);

  // ---------------------------------------------------------------- prices and stock text

  function saleFor(sku, states) {
    return state.sales.find((sale) => states.includes(sale.state) &&
      Array.isArray(sale.items) && sale.items.some((item) => item.sku === sku));
  }

  function fillPrice(element, product) {
    element.replaceChildren();
    if (product.sale_price_cents !== null && product.sale_price_cents !== undefined) {
      const was = document.createElement('del');
      was.append(visuallyHidden('Was '), formatCents(product.price_cents));
      const now = document.createElement('span');
      now.className = 'sale';
      now.append(visuallyHidden(', now '), formatCents(product.sale_price_cents));
      element.append(was, now);
      return;
    }
    element.append(formatCents(product.price_cents));
    const upcoming = saleFor(product.sku, ['scheduled']);
    if (upcoming) {
      const item = upcoming.items.find((i) => i.sku === product.sku);
      const soon = document.createElement('span');
      soon.className = 'soon';
      soon.textContent = `${formatCents(item.sale_price_cents)} in the sale from ${shortTime(upcoming.starts_at)}`;
      element.append(soon);
    }
  }

  function visuallyHidden(text) {
    const span = document.createElement('span');
    span.className = 'visually-hidden';
    span.textContent = text;
    return span;
  }

  function shortTime(rfc3339) {
    const date = new Date(rfc3339);
    const sameDay = date.toDateString() === new Date(serverNow()).toDateString();
    return date.toLocaleString(undefined, sameDay
      ? { hour: 'numeric', minute: '2-digit' }
      : { weekday: 'short', hour: 'numeric', minute: '2-digit' });
  }

  // Writes only a real change: some of these are live regions, which would repeat themselves.
  function fillStock(element, stock) {
    element.classList.toggle('out', stock <= 0);
    element.classList.toggle('low', stock > 0 && stock < LOW_STOCK);
    const text = stock <= 0 ? 'Sold out' : stock < LOW_STOCK ? `Only ${stock} left` : `${stock} in stock`;
    if (element.textContent !== text) element.textContent = text;
  }

  // ---------------------------------------------------------------- the grid

  function cardFor(product) {
    let card = state.cards.get(product.sku);
    if (!card) {
      card = $('card-template').content.firstElementChild.cloneNode(true);
      card.dataset.sku = product.sku;
      state.cards.set(product.sku, card);
    }
    const shade = validShade(product.shade_hex);
    const swatch = card.querySelector('.swatch');
    swatch.style.setProperty('--shade', shade);
    card.querySelectorAll('[data-field="name"]').forEach((el) => { el.textContent = product.name; });
    fillPrice(card.querySelector('[data-field="price"]'), product);
    updateCardStock(card, product);
    let tag = swatch.querySelector('.sale-tag');
    const live = product.sale_price_cents !== null && product.sale_price_cents !== undefined;
    const soon = !live && saleFor(product.sku, ['scheduled']);
    if (live || soon) {
      if (!tag) {
        tag = document.createElement('span');
        tag.setAttribute('aria-hidden', 'true');
        swatch.append(tag);
      }
      tag.className = soon ? 'sale-tag soon' : 'sale-tag';
      tag.textContent = soon ? 'Sale soon' : 'Sale';
    } else if (tag) {
      tag.remove();
    }
    const heart = card.querySelector('[data-action="wish"]');
    heart.hidden = state.degraded.has('wishlists');
    heart.setAttribute('aria-pressed', String(wishlist.has(product.sku)));
    heart.querySelector('.visually-hidden').textContent = `Wishlist ${product.name}`;
    card.querySelector('[data-action="buy"]').setAttribute('aria-label', `Buy ${product.name}`);
    return card;
  }

  function updateCardStock(card, product) {
    fillStock(card.querySelector('[data-field="stock"]'), product.stock);
    card.classList.toggle('sold-out', product.stock <= 0);
    const buy = card.querySelector('[data-action="buy"]');
    buy.disabled = product.stock <= 0;
    buy.textContent = product.stock <= 0 ? 'Sold out' : 'Buy';
  }

  function renderGrid() {
    const grid = $('shades');
    let skus = state.visible || [...state.products.keys()];
    if (state.wishlistOnly && !state.degraded.has('wishlists')) skus = skus.filter((sku) => wishlist.has(sku));
    const cards = skus.filter((sku) => state.products.has(sku)).map((sku) => cardFor(state.products.get(sku)));
    // replaceChildren detaches every card, which drops the focus of a button inside one.
    const focused = document.activeElement;
    grid.replaceChildren(...cards);
    if (focused && focused !== document.activeElement && grid.contains(focused)) focused.focus();
    grid.setAttribute('aria-busy', 'false');
    $('empty').hidden = cards.length > 0;
    $('empty').textContent = state.wishlistOnly ? 'Your wishlist is empty. Tap ♥ on a shade to keep it here.'
      : 'No shades match your search.';
    const total = state.products.size;
    $('shades-note').textContent = state.query && state.visible
      ? `${cards.length} of ${total} shades match “${state.query}”`
      : state.wishlistOnly ? `${cards.length} on your wishlist` : `${total} shades`;
  }

  function setProducts(list) {
    const previous = state.products;
    state.products = new Map();
    for (const product of list) {
      if (!product || typeof product.sku !== 'string') continue;
      state.products.set(product.sku, product);
    }
    for (const sku of previous.keys()) if (!state.products.has(sku)) state.cards.delete(sku);
  }

  // ---------------------------------------------------------------- the shop's identity

  // The name, currency, logo and contact address; the page keeps its own (Topcoat, USD) when
  // the shop cannot be asked, so prices still show.
  async function loadShop() {
    let shop = null;
    try {
      const result = await api('GET', '/api/shop');
      if (result.status === 200 && result.data && typeof result.data.name === 'string') shop = result.data;
    } catch { /* unreachable: the products' retry will tell the customer */ }
    if (shop) showShop(shop);
  }

  function showShop(shop) {
    $('brand-name').textContent = shop.name;
    $('brand').setAttribute('aria-label', `${shop.name}, home`);
    pageTitle = `${shop.name}${TITLE_TAIL}`;
    if (!document.hidden) document.title = pageTitle;
    if (typeof shop.currency === 'string') useCurrency(shop.currency);

    const logo = $('brand-logo');
    const logoUrl = typeof shop.logo_url === 'string' && shop.logo_url.startsWith('/api/shop/logo') ? shop.logo_url : '';
    if (logoUrl) logo.src = logoUrl;
    else logo.removeAttribute('src');
    logo.hidden = !logoUrl;
    $('brand-drop').hidden = Boolean(logoUrl);

    const email = typeof shop.contact_email === 'string' ? shop.contact_email : '';
    const link = $('shop-contact-link');
    link.textContent = email;
    if (email) link.href = `mailto:${encodeURIComponent(email).replace(/%40/g, '@')}`;
    else link.removeAttribute('href');
    $('shop-contact').hidden = !email;
  }

  let shopShown = null; // the first loadShop(), which start() begins

  async function loadProducts() {
    // Prices are drawn once the currency is known, so they never flash in the wrong one.
    await shopShown;
    try {
      const result = await api('GET', '/api/products');
      if (result.status !== 200 || !result.data || !Array.isArray(result.data.products)) {
        throw new Error(`products answered ${result.status}`);
      }
      setProducts(result.data.products);
      notice('');
      renderGrid();
      refreshOpenSheets();
      return true;
    } catch {
      notice('We can’t reach the shop right now. Retrying…', true);
      setTimeout(loadProducts, jittered(4000));
      return false;
    }
  }

  function notice(text, problem = false) {
    const el = $('page-notice');
    if (el.textContent !== text) el.textContent = text;
    el.classList.toggle('problem', problem);
  }

  // ---------------------------------------------------------------- live stock

  let stockTimer = null;
  let stockFailures = 0;

  function scheduleStock(ms) {
    clearTimeout(stockTimer);
    stockTimer = setTimeout(pollStock, jittered(ms));
  }

  // One cheap request every ~2 s: a 304 while nothing changed, the new counts when it did.
  async function pollStock() {
    if (document.hidden) return; // resumed by visibilitychange
    let next = STOCK_POLL_MS;
    try {
      const headers = state.stockTag ? { 'If-None-Match': state.stockTag } : {};
      const response = await fetch('/api/stock', { cache: 'no-store', headers });
      noteServerDate(response);
      if (response.status === 200) {
        const data = await response.json();
        state.stockTag = response.headers.get('ETag');
        applyStock(data);
      } else if (response.status === 429 || response.status === 503) {
        next = retryAfterSeconds(response.headers) * 1000;
      } else if (response.status !== 304) {
        next = 10000;
      }
      if (stockFailures > 0) notice('');
      stockFailures = 0;
    } catch {
      stockFailures += 1;
      next = Math.min(30000, STOCK_POLL_MS * 2 ** stockFailures);
      if (stockFailures >= 2) notice('Live stock paused: reconnecting…', true);
    }
    scheduleStock(next);
  }

  function applyStock(data) {
    if (!data || typeof data.stock !== 'object' || data.stock === null) return;
    applyDegraded(Array.isArray(data.degraded) ? data.degraded : []);
    let catalogChanged = state.catalogVersion !== null && data.catalog_version !== state.catalogVersion;
    state.catalogVersion = data.catalog_version;
    const soldOut = [];
    const back = [];
    for (const [sku, stock] of Object.entries(data.stock)) {
      const product = state.products.get(sku);
      if (!product) { catalogChanged = true; continue; }
      if (typeof stock !== 'number' || stock === product.stock) continue;
      if (stock <= 0 && product.stock > 0) soldOut.push(product.name);
      if (stock > 0 && product.stock <= 0) back.push(product.name);
      product.stock = stock;
      const card = state.cards.get(sku);
      if (card) updateCardStock(card, product);
    }
    if (state.products.size !== Object.keys(data.stock).length) catalogChanged = true;
    refreshOpenSheets();
    const parts = [];
    if (soldOut.length) parts.push(`Just sold out: ${soldOut.join(', ')}.`);
    if (back.length) parts.push(`Back in stock: ${back.join(', ')}.`);
    if (parts.length) $('stock-announcer').textContent = parts.join(' ');
    if (catalogChanged) loadProducts();
  }

  // Features the shop switched off under load disappear; the rest of the page carries on.
  function applyDegraded(list) {
    const next = new Set(list.filter((feature) => FEATURES.includes(feature)));
    const same = next.size === state.degraded.size && [...next].every((f) => state.degraded.has(f));
    if (same) return;
    state.degraded = next;
    const searchOff = next.has('search');
    $('search').hidden = searchOff;
    if (searchOff && state.visible) {
      state.visible = null;
      state.query = '';
      $('search-input').value = '';
    }
    const wishOff = next.has('wishlists');
    $('wishlist-toggle').hidden = wishOff;
    $('details-wish').hidden = wishOff;
    if (wishOff) {
      state.wishlistOnly = false;
      $('wishlist-toggle').setAttribute('aria-pressed', 'false');
    }
    renderGrid();
  }

  // ---------------------------------------------------------------- the sale countdown

  async function loadSales() {
    try {
      const result = await api('GET', '/api/sales/current');
      if (result.status === 200 && result.data && Array.isArray(result.data.sales)) {
        state.sales = result.data.sales;
        renderGrid();
        tickCountdown();
      }
    } catch { /* the banner waits for the next try */ }
  }

  function currentBannerSale() {
    const now = serverNow();
    const live = state.sales.filter((s) => s.state === 'live' && Date.parse(s.ends_at) > now)
      .sort((a, b) => Date.parse(a.ends_at) - Date.parse(b.ends_at));
    if (live.length) return { sale: live[0], phase: 'Ends in', at: Date.parse(live[0].ends_at) };
    const next = state.sales.filter((s) => s.state === 'scheduled' && Date.parse(s.starts_at) > now)
      .sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at));
    if (next.length) return { sale: next[0], phase: 'Starts in', at: Date.parse(next[0].starts_at) };
    return null;
  }

  function countdownText(ms) {
    const total = Math.max(0, Math.floor(ms / 1000));
    const days = Math.floor(total / 86400);
    const h = Math.floor((total % 86400) / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    const two = (n) => String(n).padStart(2, '0');
    if (days > 0) return `${days}d ${h}h ${two(m)}m`;
    if (h > 0) return `${h}h ${two(m)}m ${two(s)}s`;
    return `${two(m)}:${two(s)}`;
  }

  let boundaryReload = null;
  function tickCountdown() {
    const banner = $('sale-banner');
    const current = currentBannerSale();
    if (!current) { banner.hidden = true; return; }
    banner.hidden = false;
    const left = current.at - serverNow();
    $('sale-kicker').textContent = current.phase === 'Ends in' ? 'Flash sale — on now' : 'Flash sale — coming up';
    $('sale-name').textContent = current.sale.name;
    $('sale-phase').textContent = current.phase;
    const countdown = $('sale-countdown');
    countdown.textContent = countdownText(left);
    countdown.dateTime = `PT${Math.max(0, Math.floor(left / 1000))}S`;
    const names = (current.sale.items || []).map((i) => state.products.get(i.sku)?.name).filter(Boolean);
    const limit = current.sale.per_customer_limit;
    $('sale-limit').textContent = [names.length ? `On sale: ${names.join(', ')}.` : '',
      limit ? `Up to ${limit} of each shade per customer.` : ''].filter(Boolean).join(' ');
    // At the boundary prices change: fetch them, spread over a moment so every open page
    // does not ask in the same millisecond.
    if (left <= 0 && !boundaryReload) {
      boundaryReload = setTimeout(async () => {
        await Promise.all([loadSales(), loadProducts()]);
        boundaryReload = null;
      }, 300 + Math.random() * 1500);
    }
  }

  // ---------------------------------------------------------------- search and wishlist

  let searchTimer = null;
  let searchSeq = 0;
  function onSearchInput() {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, 250);
  }

  async function runSearch() {
    const query = $('search-input').value.trim();
    state.query = query;
    if (!query) { state.visible = null; renderGrid(); return; }
    const seq = ++searchSeq;
    try {
      const result = await api('GET', `/api/products?q=${encodeURIComponent(query)}`);
      if (seq !== searchSeq || result.status !== 200 || !result.data) return;
      const degraded = Array.isArray(result.data.degraded) ? result.data.degraded : [];
      if (degraded.includes('search')) {
        applyDegraded([...state.degraded, 'search']);
        notice('Search is resting while the sale is busy — here are all our shades.');
        return;
      }
      state.visible = (result.data.products || []).map((p) => p.sku);
      renderGrid();
    } catch {
      notice('Search could not reach the shop. Please try again.', true);
    }
  }

  function toggleWish(sku) {
    if (wishlist.has(sku)) wishlist.delete(sku); else wishlist.add(sku);
    writeStored(WISHLIST_KEY, [...wishlist]);
    $('wishlist-count').textContent = String(wishlist.size);
    const card = state.cards.get(sku);
    if (card) card.querySelector('[data-action="wish"]').setAttribute('aria-pressed', String(wishlist.has(sku)));
    if (details.sku === sku) fillDetailsWish();
    if (state.wishlistOnly) renderGrid();
  }

  // ---------------------------------------------------------------- sheets (dialogs)

  let opener = null;
  function openSheet(dialog, focusTarget) {
    opener = document.activeElement;
    if (!dialog.open) dialog.showModal();
    (focusTarget || dialog.querySelector('[data-close]')).focus();
  }
  function onSheetClosed() {
    if (opener && document.contains(opener)) opener.focus();
  }

  function refreshOpenSheets() {
    if ($('buy-dialog').open && buy.sku) fillBuyHeader();
    if ($('details-dialog').open && details.sku) fillDetailsHeader();
  }

  // ---------------------------------------------------------------- product details

  const details = { sku: null, seq: 0 };

  function fillDetailsHeader() {
    const product = state.products.get(details.sku);
    if (!product) return;
    $('details-title').textContent = product.name;
    $('details-swatch').style.setProperty('--shade', validShade(product.shade_hex));
    fillPrice($('details-price'), product);
    fillStock($('details-stock'), product.stock);
    const buyButton = $('details-buy');
    buyButton.disabled = product.stock <= 0;
    buyButton.textContent = product.stock <= 0 ? 'Sold out' : 'Buy now';
    buyButton.setAttribute('aria-label', product.stock <= 0 ? `${product.name} is sold out` : `Buy ${product.name}`);
    fillDetailsWish();
  }

  function fillDetailsWish() {
    const wish = $('details-wish');
    wish.hidden = state.degraded.has('wishlists');
    const on = wishlist.has(details.sku);
    wish.setAttribute('aria-pressed', String(on));
    wish.querySelector('.heart-label').textContent = on ? 'On your wishlist' : 'Add to wishlist';
  }

  async function openDetails(sku) {
    details.sku = sku;
    const seq = ++details.seq;
    fillDetailsHeader();
    $('reviews').hidden = true;
    $('recommendations').hidden = true;
    $('details-message').textContent = 'Loading…';
    const dialog = $('details-dialog');
    // From a recommendation the sheet is already open and the button pressed is about to go.
    if (dialog.open) $('details-title').focus();
    else openSheet(dialog, $('details-buy').disabled ? null : $('details-buy'));
    try {
      const result = await api('GET', `/api/products/${encodeURIComponent(sku)}`);
      if (seq !== details.seq) return;
      if (result.status === 404) {
        $('details-message').textContent = 'This shade is no longer in our shop.';
        return;
      }
      if (result.status !== 200 || !result.data) throw new Error(String(result.status));
      $('details-message').textContent = '';
      const data = result.data;
      const degraded = new Set(Array.isArray(data.degraded) ? data.degraded : []);
      renderReviews(degraded.has('reviews') ? null : data.reviews);
      renderRecommendations(degraded.has('recommendations') ? null : data.recommendations);
    } catch {
      if (seq === details.seq) $('details-message').textContent = 'Reviews couldn’t be loaded just now.';
    }
  }

  function renderReviews(reviews) {
    const section = $('reviews');
    if (!Array.isArray(reviews) || reviews.length === 0) { section.hidden = true; return; }
    const items = reviews.map((review) => {
      const li = document.createElement('li');
      const rating = Math.max(0, Math.min(5, Number(review.rating) || 0));
      const stars = document.createElement('span');
      stars.className = 'stars';
      stars.setAttribute('aria-label', `${rating} out of 5 stars`);
      stars.setAttribute('role', 'img');
      stars.textContent = '★'.repeat(rating) + '☆'.repeat(5 - rating);
      const author = document.createElement('span');
      author.className = 'author';
      author.textContent = String(review.author || '');
      const body = document.createElement('p');
      body.textContent = String(review.body || '');
      li.append(stars, author, body);
      return li;
    });
    $('reviews-list').replaceChildren(...items);
    section.hidden = false;
  }

  function renderRecommendations(list) {
    const section = $('recommendations');
    if (!Array.isArray(list) || list.length === 0) { section.hidden = true; return; }
    const items = list.filter((p) => p && typeof p.sku === 'string').map((product) => {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      const dot = document.createElement('span');
      dot.className = 'dot';
      dot.setAttribute('aria-hidden', 'true');
      dot.style.setProperty('--shade', validShade(product.shade_hex));
      const name = document.createElement('span');
      name.textContent = product.name;
      button.append(dot, name);
      button.addEventListener('click', () => {
        if (!state.products.has(product.sku)) state.products.set(product.sku, product);
        openDetails(product.sku);
      });
      li.append(button);
      return li;
    });
    $('recommendations-list').replaceChildren(...items);
    section.hidden = false;
  }

  // ---------------------------------------------------------------- the shipping address

  // ISO 3166-1 alpha-2, the officially assigned codes: exactly the ones the server accepts
  // (server/core/ShippingAddress.cpp). The browser names them, so the list costs no request.
  const COUNTRY_CODES = `
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR
    BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ
    EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW
    GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY
    KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV
    MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY
    QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG
    TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM
    ZW
  `.trim().split(/\s+/);
  const COUNTRIES = new Set(COUNTRY_CODES);

  // The address fields as server/API.md ("Additions to the storefront") has them: the key on
  // the wire, the most UTF-8 bytes the server takes, and what to say when a required one is
  // left empty (null: it may be).
  const SHIPPING_FIELDS = [
    { id: 'buy-ship-name', key: 'name', maxBytes: 120, missing: 'Please enter the name to send it to.' },
    { id: 'buy-ship-line1', key: 'line1', maxBytes: 200, missing: 'Please enter the street and house number.' },
    { id: 'buy-ship-line2', key: 'line2', maxBytes: 200, missing: null },
    { id: 'buy-ship-postal', key: 'postal_code', maxBytes: 16, missing: null },
    { id: 'buy-ship-city', key: 'city', maxBytes: 100, missing: 'Please enter the town or city.' },
    { id: 'buy-ship-country', key: 'country', maxBytes: 2, missing: 'Please choose the country.' },
  ];
  const SHIPPING_FIELD_IDS = SHIPPING_FIELDS.map((field) => field.id);

  // Control characters (C0, DEL, C1) and a lone half of a surrogate pair: the server refuses both.
  const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  const utf8 = new TextEncoder();

  const countryName = (() => {
    try {
      const names = new Intl.DisplayNames([document.documentElement.lang || 'en'], { type: 'region' });
      return (code) => names.of(code) || code;
    } catch { return (code) => code; }
  })();

  // The country of the browser's language when it names one ("de-DE", not "de" or "es-419").
  function browserCountry() {
    try {
      const region = new Intl.Locale(navigator.language || '').region;
      return region && COUNTRIES.has(region) ? region : '';
    } catch { return ''; }
  }

  // Every country by its readable name, in the page's language's order.
  function fillCountryOptions() {
    const select = $('buy-ship-country');
    const collator = new Intl.Collator(document.documentElement.lang || undefined);
    const options = COUNTRY_CODES.map((code) => ({ code, name: countryName(code) }))
      .sort((a, b) => collator.compare(a.name, b.name))
      .map(({ code, name }) => {
        const option = document.createElement('option');
        option.value = code;
        option.textContent = name;
        return option;
      });
    select.append(...options);
  }

  // The address remembered from the last purchase on this device, or the browser's country.
  function fillShipping() {
    const stored = readStored(SHIPPING_KEY, null);
    const remembered = stored && typeof stored === 'object' ? stored : {};
    for (const field of SHIPPING_FIELDS) {
      const value = remembered[field.key];
      $(field.id).value = typeof value === 'string' ? value : '';
    }
    if (!COUNTRIES.has($('buy-ship-country').value)) $('buy-ship-country').value = browserCountry();
  }

  // Why the server would refuse `value` for `field`, in the customer's words, or null.
  function shippingProblem(field, value) {
    if (value === '') return field.missing;
    if (field.key === 'country') return COUNTRIES.has(value) ? null : field.missing;
    if (field.key === 'postal_code') {
      if (!/^[A-Za-z0-9 -]*$/.test(value)) return 'A postal code has only letters, digits, spaces and hyphens.';
      return value.length > field.maxBytes ? `A postal code has at most ${field.maxBytes} characters.` : null;
    }
    if (UNPRINTABLE.test(value)) return 'Please take out the tabs or other special characters.';
    if (utf8.encode(value).length > field.maxBytes) {
      return `That’s too long for the parcel label: please keep it to ${field.maxBytes} letters ` +
        '(letters like ö or é count as two).';
    }
    return null;
  }

  // The address as the checkout sends it (blanks around each value dropped, empty optional
  // fields left out), marking every field that would be refused; `first` is the first of them.
  function readShipping() {
    const shipping = {};
    let first = null;
    for (const field of SHIPPING_FIELDS) {
      const value = $(field.id).value.trim();
      const problem = shippingProblem(field, value);
      if (problem) {
        fieldError(field.id, problem);
        first = first || field.id;
      } else if (value !== '') {
        shipping[field.key] = value;
      }
    }
    return { shipping, first };
  }

  // A refusal the page's own checks did not foresee ("shipping.city must be …"): the server's
  // words go next to the field they name and under the form. False when not about the address.
  function showShippingRefusal(data) {
    const said = data && data.error && typeof data.error.message === 'string' ? data.error.message : '';
    const named = /^shipping(?:\.(\w+))?/.exec(said);
    if (!named) return false;
    const text = said.slice(0, 300);
    const field = SHIPPING_FIELDS.find((f) => f.key === named[1]);
    if (field) {
      fieldError(field.id, text);
      $(field.id).focus();
    }
    showBuyMessage(`The shop couldn’t accept this address: ${text}`);
    return true;
  }

  // The address as lines for the confirmation: name, lines, postal code and city, country.
  function shippingLines(shipping) {
    const place = [shipping.postal_code, shipping.city].filter(Boolean).join(' ');
    return [shipping.name, shipping.line1, shipping.line2, place, shipping.country && countryName(shipping.country)]
      .filter((line) => typeof line === 'string' && line !== '');
  }

  // ---------------------------------------------------------------- buying

  // `attempt` is one purchase the customer asked for: its Idempotency-Key is reused for every
  // retry of it (network error, busy shop, waiting room) so it can never be bought twice.
  const buy = {
    sku: null, attempt: null, busy: false, retryTimer: null,
    ticket: null, queueTimer: null, queueStart: 0, rejoins: 0,
  };

  // A clear message for every outcome the API can give; `{n}`, `{name}`, `{limit}` filled in.
  const MESSAGES = {
    invalid_request: 'Please check your e-mail address, the quantity and where to send it, then try again.',
    unknown_sku: 'Sorry, {name} is no longer in our shop.',
    sold_out: 'So sorry — there isn’t enough {name} left for that quantity. {left}',
    purchase_limit_reached: 'This sale allows {limit} of each shade per customer, and this order would go over it.',
    rate_limited: 'That was a lot of tries in a short time. We’ll try again in {n} s — your order is kept.',
    overloaded: 'The shop is very busy right now. We’ll try again in {n} s — nothing has been charged.',
    not_ready: 'The shop is just opening its doors. We’ll try again in {n} s.',
    rate_limited_gave_up: 'Too many tries in a short time. Please wait a few seconds, then press “Try again”.',
    overloaded_gave_up: 'The shop is still very busy and nothing has been charged. Please press “Try again” in a moment.',
    not_ready_gave_up: 'The shop is still opening. Please press “Try again” in a moment.',
    queue_pass_required: 'The waiting room is on — joining the line for you…',
    unavailable: 'We couldn’t save your order just now, so nothing was taken or charged. Please try again in a moment.',
    payload_too_large: 'That order was too large to send. Please check your e-mail address and try again.',
    idempotency_key_reused: 'Your order details changed while it was being placed. Please press Buy again.',
    internal_error: 'Something went wrong on our side and nothing was charged. Please try again.',
    network: 'We couldn’t reach the shop — check your connection. Pressing “Try again” is safe: you will never be charged twice.',
    queue_failed: 'We couldn’t keep your place in line. Please press Buy again.',
    other: 'Something unexpected happened and nothing was charged. Please try again.',
  };

  function message(kind, values = {}) {
    const template = MESSAGES[kind] || MESSAGES.other;
    return template.replace(/\{(\w+)\}/g, (_, name) => (name in values ? String(values[name]) : ''));
  }

  function showBuyMessage(text, tone = 'error') {
    const box = $('buy-message');
    box.className = `message ${tone}`;
    box.textContent = text;
  }

  function fillBuyHeader() {
    const product = state.products.get(buy.sku);
    if (!product) return;
    $('buy-title').textContent = `Buy ${product.name}`;
    $('buy-swatch').style.setProperty('--shade', validShade(product.shade_hex));
    fillPrice($('buy-price'), product);
    fillStock($('buy-stock'), product.stock);
    $('buy-quantity').max = String(Math.max(1, Math.min(1000, product.stock)));
    if (!buy.busy && !$('buy-form').hidden) $('buy-submit').disabled = product.stock <= 0;
  }

  function showBuyPanel(panel) {
    $('buy-form').hidden = panel !== 'form';
    $('queue').hidden = panel !== 'queue';
    $('confirmation').hidden = panel !== 'confirmation';
  }

  function openBuy(sku) {
    const product = state.products.get(sku);
    if (!product) return;
    stopBuyTimers();
    buy.sku = sku;
    buy.attempt = null;
    buy.busy = false;
    $('buy-form').reset();
    $('buy-quantity').value = '1';
    const remembered = readStored(EMAIL_KEY, '');
    if (typeof remembered === 'string') $('buy-email').value = remembered;
    fillShipping();
    clearFieldErrors();
    showBuyMessage('', 'info');
    showBuyPanel('form');
    setSubmit('Buy now', product.stock <= 0);
    fillBuyHeader();
    refreshQueueState();
    openSheet($('buy-dialog'), $('buy-email').value ? $('buy-quantity') : $('buy-email'));
  }

  function setSubmit(text, disabled) {
    const submit = $('buy-submit');
    submit.textContent = text;
    submit.disabled = disabled;
  }

  function clearFieldErrors() {
    for (const id of ['buy-email', 'buy-quantity', ...SHIPPING_FIELD_IDS]) {
      $(id).removeAttribute('aria-invalid');
      $(`${id}-error`).textContent = '';
    }
  }

  function fieldError(id, text) {
    $(id).setAttribute('aria-invalid', 'true');
    $(`${id}-error`).textContent = text;
  }

  // The checks the server makes too (server/API.md, field rules), so most mistakes are caught
  // before anything is sent.
  function readForm() {
    clearFieldErrors();
    const email = $('buy-email').value.trim();
    const quantityText = $('buy-quantity').value.trim();
    const product = state.products.get(buy.sku);
    let first = null;
    if (!/^[\x21-\x7e]{1,}@[\x21-\x7e]{1,}$/.test(email) || email.length < 3 || email.length > 254 ||
        email.split('@').length !== 2) {
      fieldError('buy-email', 'Please enter your e-mail address, like ana@example.com.');
      first = first || 'buy-email';
    }
    const quantity = /^\d{1,4}$/.test(quantityText) ? Number(quantityText) : NaN;
    if (!(quantity >= 1 && quantity <= 1000)) {
      fieldError('buy-quantity', 'Please choose a quantity from 1 to 1000.');
      first = first || 'buy-quantity';
    } else if (product && product.stock > 0 && quantity > product.stock) {
      fieldError('buy-quantity', `Only ${product.stock} left — please choose ${product.stock} or fewer.`);
      first = first || 'buy-quantity';
    }
    const address = readShipping();
    first = first || address.first;
    if (first) { $(first).focus(); return null; }
    return { sku: buy.sku, quantity, customer: email, shipping: address.shipping };
  }

  function onBuySubmit(event) {
    event.preventDefault();
    if (buy.busy) return;
    const body = readForm();
    if (!body) return;
    writeStored(EMAIL_KEY, body.customer);
    writeStored(SHIPPING_KEY, body.shipping);
    const fingerprint = JSON.stringify(body);
    // The same details as the attempt that did not finish: the same attempt, the same key.
    if (!buy.attempt || buy.attempt.fingerprint !== fingerprint) {
      buy.attempt = { fingerprint, body, key: newIdempotencyKey(), autoRetries: 0 };
      buy.rejoins = 0;
    }
    placeOrder();
  }

  async function placeOrder() {
    const attempt = buy.attempt;
    if (!attempt) return;
    buy.busy = true;
    setSubmit('Placing your order…', true);
    const customer = attempt.body.customer.toLowerCase();
    if (state.queue.enabled && !state.passes.has(customer)) {
      joinQueue();
      return;
    }
    const headers = { 'Idempotency-Key': attempt.key };
    if (state.passes.has(customer)) headers['X-Queue-Pass'] = state.passes.get(customer);
    let result;
    try {
      result = await api('POST', '/api/checkout', { body: attempt.body, headers });
    } catch {
      if (attempt !== buy.attempt) return;
      buy.busy = false;
      showBuyPanel('form');
      setSubmit('Try again', false);
      showBuyMessage(message('network'));
      return;
    }
    if (attempt !== buy.attempt) {
      // The sheet was closed while the order was on its way: it still counts, so say so.
      if (result.status === 201 && result.data && result.data.order_id) {
        notice(`Your order ${result.data.order_id} is confirmed.`);
      }
      return;
    }
    onCheckoutAnswer(attempt, result);
  }

  function onCheckoutAnswer(attempt, result) {
    const product = state.products.get(attempt.body.sku);
    const name = product ? product.name : 'this shade';
    buy.busy = false;
    showBuyPanel('form');
    if (result.status === 201 && result.data && result.data.order_id) {
      buy.attempt = null;
      showConfirmation(result.data, name, attempt.body.shipping);
      return;
    }
    const code = result.code || (result.status >= 500 ? 'internal_error' : 'other');
    if (code === 'queue_pass_required') {
      state.passes.delete(attempt.body.customer.toLowerCase());
      state.queue.enabled = true;
      if (++buy.rejoins > MAX_QUEUE_REJOINS) {
        buy.attempt = null;
        setSubmit('Buy now', false);
        showBuyMessage(message('queue_failed'));
        return;
      }
      showBuyMessage(message('queue_pass_required'), 'info');
      buy.busy = true;
      joinQueue();
      return;
    }
    if (code === 'rate_limited' || code === 'overloaded' || code === 'not_ready') {
      const seconds = retryAfterSeconds(result.headers);
      if (attempt.autoRetries < MAX_AUTO_RETRIES) {
        attempt.autoRetries += 1;
        retryIn(seconds, code);
        return;
      }
      setSubmit('Try again', false);
      showBuyMessage(message(`${code}_gave_up`));
      return;
    }
    // Outcomes that retrying the same request cannot change start a fresh attempt next time.
    if (code !== 'unavailable' && code !== 'internal_error') buy.attempt = null;
    if (code === 'invalid_request' && showShippingRefusal(result.data)) {
      setSubmit('Buy now', false);
      return;
    }
    const limit = saleFor(attempt.body.sku, ['live'])?.per_customer_limit || 'a set number';
    const left = product && product.stock > 0 ? `Only ${product.stock} left.` : 'It’s sold out.';
    setSubmit(buy.attempt ? 'Try again' : 'Buy now', false);
    showBuyMessage(message(MESSAGES[code] ? code : 'other', { name, limit, left }));
    if (code === 'sold_out' || code === 'unknown_sku') pollStock();
  }

  // Waits out Retry-After with a visible countdown, then sends the same attempt again.
  function retryIn(seconds, code) {
    let left = seconds;
    buy.busy = true;
    const tick = () => {
      if (left <= 0) { buy.retryTimer = null; placeOrder(); return; }
      showBuyMessage(message(code, { n: left }), 'info');
      setSubmit(`Retrying in ${left} s…`, true);
      left -= 1;
      buy.retryTimer = setTimeout(tick, 1000);
    };
    tick();
  }

  // `sent` is the address the checkout sent, for a server whose answer does not repeat it.
  function showConfirmation(order, name, sent) {
    showBuyPanel('confirmation');
    showBuyMessage('', 'info');
    const quantity = Number(order.quantity) || 1;
    $('confirmation-text').textContent =
      `${quantity} × ${name} — confirmed for ${order.customer || 'you'}. Keep the order number to look it up later.`;
    $('confirmation-order').textContent = order.order_id;
    $('confirmation-total').textContent = formatCents(Number(order.total_cents) || 0);
    const shipping = order.shipping && typeof order.shipping === 'object' ? order.shipping : sent;
    const lines = shipping ? shippingLines(shipping) : [];
    $('confirmation-shipping').textContent = lines.join('\n');
    for (const element of document.querySelectorAll('.ships-to')) element.hidden = lines.length === 0;
    $('confirmation-title').focus();
    pollStock();
  }

  // ---------------------------------------------------------------- the waiting room

  async function refreshQueueState() {
    try {
      const result = await api('GET', '/api/queue');
      // No waiting room on this server (404) means it is off.
      state.queue = result.status === 200 && result.data ? { enabled: result.data.enabled === true } : { enabled: false };
    } catch { /* keep what we knew */ }
  }

  async function joinQueue() {
    const attempt = buy.attempt;
    showBuyPanel('queue');
    $('queue-status').textContent = 'Joining the line…';
    $('queue-bar').style.width = '4%';
    $('queue-title').focus();
    let result;
    try {
      result = await api('POST', '/api/queue', { body: { customer: attempt.body.customer } });
    } catch {
      if (attempt === buy.attempt) buy.queueTimer = setTimeout(joinQueue, jittered(3000));
      return;
    }
    if (attempt !== buy.attempt) return;
    if (result.status === 409 || result.status === 404) {
      // The room was switched off (or this server has none): just buy.
      state.queue.enabled = false;
      placeOrder();
      return;
    }
    if (result.status === 429 || result.status === 503) {
      buy.queueTimer = setTimeout(joinQueue, retryAfterSeconds(result.headers) * 1000);
      return;
    }
    if (result.status !== 200 || !result.data || typeof result.data.ticket !== 'string') {
      buy.busy = false;
      buy.attempt = null;
      showBuyPanel('form');
      setSubmit('Buy now', false);
      showBuyMessage(message('queue_failed'));
      return;
    }
    buy.ticket = result.data.ticket;
    buy.queueStart = Math.max(1, Number(result.data.position) || 1);
    onQueueStatus(attempt, result.data);
  }

  function onQueueStatus(attempt, data) {
    if (typeof data.pass === 'string' && data.pass) {
      state.passes.set(attempt.body.customer.toLowerCase(), data.pass);
      buy.ticket = null;
      if (document.hidden) document.title = `It’s your turn — ${pageTitle}`;
      $('queue-status').textContent = 'It’s your turn! Placing your order…';
      $('queue-bar').style.width = '100%';
      showBuyMessage('It’s your turn! Placing your order…', 'info');
      placeOrder();
      return;
    }
    const position = Math.max(1, Number(data.position) || 1);
    const eta = Math.max(0, Number(data.eta_seconds) || 0);
    const text = `You’re number ${position} in line · ${etaText(eta)}`;
    if ($('queue-status').textContent !== text) $('queue-status').textContent = text;
    const done = buy.queueStart > 1 ? (buy.queueStart - position) / buy.queueStart : 0;
    $('queue-bar').style.width = `${Math.max(4, Math.round(done * 100))}%`;
    buy.queueTimer = setTimeout(pollQueue, jittered(QUEUE_POLL_MS));
  }

  function etaText(seconds) {
    if (seconds < 10) return 'any moment now';
    if (seconds < 60) return `about ${Math.ceil(seconds / 10) * 10} seconds`;
    const minutes = Math.round(seconds / 60);
    return minutes === 1 ? 'about a minute' : `about ${minutes} minutes`;
  }

  async function pollQueue() {
    buy.queueTimer = null; // none pending while this one asks
    const attempt = buy.attempt;
    if (!attempt || !buy.ticket) return;
    let result;
    try {
      result = await api('GET', `/api/queue/${encodeURIComponent(buy.ticket)}`);
    } catch {
      if (attempt === buy.attempt) buy.queueTimer = setTimeout(pollQueue, jittered(QUEUE_POLL_MS * 2));
      return;
    }
    if (attempt !== buy.attempt) return;
    if (result.status === 200 && result.data) { onQueueStatus(attempt, result.data); return; }
    if (result.status === 404) {
      // The ticket expired: take a new place in line.
      buy.ticket = null;
      showBuyMessage('Your place in line expired, so we’ve rejoined for you.', 'info');
      joinQueue();
      return;
    }
    if (result.status === 409) { state.queue.enabled = false; placeOrder(); return; }
    const wait = result.status === 429 || result.status === 503 ? retryAfterSeconds(result.headers) * 1000 : QUEUE_POLL_MS * 2;
    buy.queueTimer = setTimeout(pollQueue, jittered(wait));
  }

  function leaveQueue() {
    stopBuyTimers();
    buy.attempt = null;
    buy.busy = false;
    buy.ticket = null;
    showBuyPanel('form');
    setSubmit('Buy now', false);
    showBuyMessage('You left the line. Press Buy now to join again.', 'info');
    $('buy-submit').focus();
  }

  function stopBuyTimers() {
    clearTimeout(buy.retryTimer);
    clearTimeout(buy.queueTimer);
    buy.retryTimer = null;
    buy.queueTimer = null;
  }

  // ---------------------------------------------------------------- wiring

  function onGridClick(event) {
    const button = event.target.closest('button[data-action]');
    const card = button && button.closest('.card');
    if (!card) return;
    const sku = card.dataset.sku;
    if (button.dataset.action === 'buy') openBuy(sku);
    else if (button.dataset.action === 'details') openDetails(sku);
    else if (button.dataset.action === 'wish') toggleWish(sku);
  }

  function start() {
    fillCountryOptions();
    $('shades').addEventListener('click', onGridClick);
    $('buy-form').addEventListener('submit', onBuySubmit);
    $('queue-leave').addEventListener('click', leaveQueue);
    $('search').addEventListener('submit', (event) => { event.preventDefault(); clearTimeout(searchTimer); runSearch(); });
    $('search-input').addEventListener('input', onSearchInput);
    $('wishlist-toggle').addEventListener('click', () => {
      state.wishlistOnly = !state.wishlistOnly;
      $('wishlist-toggle').setAttribute('aria-pressed', String(state.wishlistOnly));
      renderGrid();
      $('shades').focus();
    });
    $('details-buy').addEventListener('click', () => {
      const sku = details.sku;
      $('details-dialog').close();
      openBuy(sku);
    });
    $('details-wish').addEventListener('click', () => toggleWish(details.sku));
    for (const dialog of [$('buy-dialog'), $('details-dialog')]) {
      dialog.addEventListener('click', (event) => {
        if (event.target.closest('[data-close]')) { dialog.close(); return; }
        // A click on the backdrop targets the dialog itself, but so does one on its padding.
        const box = dialog.getBoundingClientRect();
        const outside = event.clientX < box.left || event.clientX > box.right ||
          event.clientY < box.top || event.clientY > box.bottom;
        if (event.target === dialog && outside && event.detail > 0) dialog.close();
      });
      dialog.addEventListener('close', onSheetClosed);
    }
    $('buy-dialog').addEventListener('close', () => {
      stopBuyTimers();
      buy.attempt = null;
      buy.busy = false;
      buy.ticket = null;
    });
    document.addEventListener('visibilitychange', () => {
      if (document.hidden) return;
      document.title = pageTitle;
      scheduleStock(0);
      // Timers of a hidden tab may have been slowed to one a minute: ask about the line now.
      if (buy.ticket && buy.queueTimer) { clearTimeout(buy.queueTimer); pollQueue(); }
    });

    $('wishlist-count').textContent = String(wishlist.size);
    $('search').hidden = false;
    $('wishlist-toggle').hidden = false;
    shopShown = loadShop();
    // The first stock answer also tells which features are switched off, so ask at once.
    loadProducts().then(() => scheduleStock(0));
    loadSales();
    refreshQueueState();
    setInterval(tickCountdown, 1000);
    setInterval(loadSales, 60000);
    setInterval(refreshQueueState, 30000);
  }

  start();
})();
