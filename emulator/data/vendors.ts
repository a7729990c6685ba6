// Vendors as served by GET /v1/vendors (Brex's VendorResponse schema).

import { STREETS, VENDOR_NAMES } from './catalog.js';
import { PAYMENT_DETAILS_TYPES } from './enums.js';
import type { IdFactory } from './ids.js';
import type { Random } from '../random.js';

export interface VendorRow {
  id: string;
  company_name: string | null;
  email: string | null;
  phone: string | null;
  payment_accounts: { details: Record<string, unknown> }[] | null;
}

export function makeVendors(count: number, random: Random, ids: IdFactory): VendorRow[] {
  return Array.from({ length: count }, (_, index) => {
    const name = VENDOR_NAMES[index % VENDOR_NAMES.length] + (index >= VENDOR_NAMES.length ? ` ${Math.floor(index / VENDOR_NAMES.length) + 1}` : '');
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '');
    return {
      id: ids.next('vendor_'),
      // One vendor in seven has no company name (the field is nullable).
      company_name: index % 7 === 6 ? null : name,
      email: index % 4 === 3 ? null : `ap@${slug}.example.com`,
      phone: index % 3 === 2 ? null : `+1-555-01${String(index % 100).padStart(2, '0')}`,
      payment_accounts: makePaymentAccounts(index, random, ids),
    };
  });
}

// The first vendors carry one account of each details type, and two ACH accounts cover
// both account types and classes. Later vendors vary, including null and an empty list.
function makePaymentAccounts(index: number, random: Random, ids: IdFactory): VendorRow['payment_accounts'] {
  if (index < PAYMENT_DETAILS_TYPES.length) {
    return [{ details: makeDetails(PAYMENT_DETAILS_TYPES[index], index, random, ids) }];
  }
  if (index === PAYMENT_DETAILS_TYPES.length) {
    return [{ details: makeDetails('ACH', 1, random, ids) }];
  }
  if (index % 6 === 5) {
    return null;
  }
  if (index % 6 === 0) {
    return [];
  }
  const count = random.int(1, 2);
  return Array.from({ length: count }, () => ({ details: makeDetails(random.pick(PAYMENT_DETAILS_TYPES), index, random, ids) }));
}

function makeDetails(type: string, index: number, random: Random, ids: IdFactory): Record<string, unknown> {
  const instrument = ids.next('pi_');
  const accountNumber = `0000${random.int(100_000, 999_999)}`;
  switch (type) {
    case 'ACH': {
      // Index 0 is a checking business account, index 1 a saving personal one, others unset.
      const kinds: [string | null, string | null][] = [['CHECKING', 'BUSINESS'], ['SAVING', 'PERSONAL']];
      const [accountType, accountClass] = kinds[index % 4] ?? [null, null];
      return {
        type,
        payment_instrument_id: instrument,
        routing_number: '000000000',
        account_number: accountNumber,
        account_type: accountType,
        account_class: accountClass,
      };
    }
    case 'DOMESTIC_WIRE':
      return { type, payment_instrument_id: instrument, routing_number: '000000000', account_number: accountNumber, address: makeAddress(random, 'US') };
    case 'CHEQUE':
      return { type, payment_instrument_id: instrument, mailing_address: makeAddress(random, 'US'), recipient_name: 'Accounts Receivable' };
    default:
      return {
        type,
        payment_instrument_id: instrument,
        swift_code: 'EXAMDEFFXXX',
        iban: `DE00${random.int(1000_0000, 9999_9999)}${random.int(1000_0000, 9999_9999)}00`,
        beneficiary_bank_name: index % 2 === 0 ? 'Example Bank AG' : null,
        address: makeAddress(random, 'DE'),
      };
  }
}

function makeAddress(random: Random, country: string): Record<string, string | null> {
  return {
    line1: `${random.int(1, 999)} ${random.pick(STREETS)}`,
    line2: random.chance(0.5) ? null : `Floor ${random.int(1, 30)}`,
    city: country === 'US' ? 'Springfield' : 'Berlin',
    state: country === 'US' ? 'IL' : null,
    country,
    postal_code: String(random.int(10000, 99999)),
    phone_number: random.chance(0.5) ? null : `+1-555-01${String(random.int(0, 99)).padStart(2, '0')}`,
  };
}
