// The buy sheet's shipping address as a customer fills it in: the fields found by their
// labels, the country picked from its list by code or by the name the customer reads.

// An address with nothing unusual in it, for tests whose subject is something else.
export const ADDRESS = {
  name: 'Ana Lima', line1: '12 Rose Street', line2: '', postal_code: 'SW1A 1AA', city: 'London', country: 'GB',
};

// Each field of the form by its label (exact: "Address" is also in "Address line 2").
export function addressFields(dialog) {
  return {
    name: dialog.getByLabel('Full name'),
    line1: dialog.getByLabel('Address', { exact: true }),
    line2: dialog.getByLabel('Address line 2 (optional)'),
    postal_code: dialog.getByLabel('Postal code (optional)'),
    city: dialog.getByLabel('City'),
    country: dialog.getByLabel('Country'),
  };
}

// Types every text field of `address` and picks its country: `countryLabel`, when given, is the
// option's readable name ("Germany"), otherwise `address.country` is picked by its code.
export async function fillAddress(dialog, address = ADDRESS, { countryLabel } = {}) {
  const fields = addressFields(dialog);
  for (const key of ['name', 'line1', 'line2', 'postal_code', 'city']) await fields[key].fill(address[key] ?? '');
  await fields.country.selectOption(countryLabel ? { label: countryLabel } : address.country ?? '');
}

// What the form shows now, keyed as on the wire.
export async function addressShown(dialog) {
  const fields = addressFields(dialog);
  const shown = {};
  for (const [key, locator] of Object.entries(fields)) shown[key] = await locator.inputValue();
  return shown;
}
