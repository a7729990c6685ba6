// Invented reference data for the generator: merchants, names, places. None of it
// describes a real person or company; every email address is under example.com.

import type { ExpenseCategory } from './enums.js';

export type Currency = 'USD' | 'EUR' | 'GBP' | 'JPY' | 'CAD';

/** Value of one minor unit of each currency in US cents (fixed, invented rates). JPY has no minor unit. */
export const CENTS_PER_MINOR_UNIT: Record<Currency, number> = {
  USD: 1,
  EUR: 1.08,
  GBP: 1.27,
  JPY: 0.67,
  CAD: 0.73,
};

export interface MerchantProfile {
  name: string;
  /** ISO 18245 merchant category code. */
  mcc: string;
  /** ISO 3166-1 alpha-3. */
  country: string;
  currency: Currency;
  category: ExpenseCategory;
  /** Typical purchase in minor units of `currency`. */
  typicalAmount: number;
}

// One merchant per expense category, in the order of the category enum, then a few extras.
// The generator relies on that order to give every category at least one expense.
export const MERCHANTS: readonly MerchantProfile[] = [
  { name: 'Brightline Ads', mcc: '7311', country: 'USA', currency: 'USD', category: 'ADVERTISING_AND_MARKETING', typicalAmount: 250_000 },
  { name: 'Greenleaf Grocers', mcc: '5411', country: 'USA', currency: 'USD', category: 'GROCERY', typicalAmount: 8_500 },
  { name: 'Northwind Telecom', mcc: '4814', country: 'USA', currency: 'USD', category: 'TELEPHONY', typicalAmount: 12_000 },
  { name: 'Paper & Pine Supply', mcc: '5943', country: 'USA', currency: 'USD', category: 'OFFICE_SUPPLIES', typicalAmount: 6_400 },
  { name: 'Skylark Charter', mcc: '4522', country: 'USA', currency: 'USD', category: 'PRIVATE_AIR_TRAVEL', typicalAmount: 1_800_000 },
  { name: 'Maple Outfitters', mcc: '5651', country: 'CAN', currency: 'CAD', category: 'CLOTHING', typicalAmount: 14_000 },
  { name: 'Roadrunner Car Hire', mcc: '7512', country: 'GBR', currency: 'GBP', category: 'CAR_RENTAL', typicalAmount: 32_000 },
  { name: 'Quickfix Auto', mcc: '7538', country: 'USA', currency: 'USD', category: 'VEHICLE_EXPENSES', typicalAmount: 45_000 },
  { name: 'Café Zürich', mcc: '5812', country: 'AUT', currency: 'EUR', category: 'RESTAURANTS', typicalAmount: 4_800 },
  { name: 'Lucky Pier Arcade', mcc: '7995', country: 'USA', currency: 'USD', category: 'GAMBLING', typicalAmount: 2_000 },
  { name: 'Petal & Stem', mcc: '5992', country: 'GBR', currency: 'GBP', category: 'FLOWERS', typicalAmount: 5_500 },
  { name: 'Voltbay Electronics', mcc: '5732', country: 'USA', currency: 'USD', category: 'ELECTRONICS', typicalAmount: 129_900 },
  { name: 'Harbor Legal LLP', mcc: '8111', country: 'USA', currency: 'USD', category: 'LEGAL_SERVICES', typicalAmount: 450_000 },
  { name: 'Cascade Power & Water', mcc: '4900', country: 'USA', currency: 'USD', category: 'UTILITIES', typicalAmount: 38_000 },
  { name: 'Oakline Furniture', mcc: '5712', country: 'CAN', currency: 'CAD', category: 'FURNITURE', typicalAmount: 89_000 },
  { name: 'The Copper Fox', mcc: '5813', country: 'GBR', currency: 'GBP', category: 'BARS_AND_NIGHTLIFE', typicalAmount: 6_200 },
  { name: 'Sparkle Laundry', mcc: '7211', country: 'USA', currency: 'USD', category: 'LAUNDRY', typicalAmount: 2_400 },
  { name: 'Gatherly Events', mcc: '7999', country: 'USA', currency: 'USD', category: 'EVENT_EXPENSES', typicalAmount: 320_000 },
  { name: 'Parcelpoint', mcc: '4215', country: 'USA', currency: 'USD', category: 'SHIPPING', typicalAmount: 3_900 },
  { name: 'Wayfarer Travel Desk', mcc: '4722', country: 'USA', currency: 'USD', category: 'OTHER_TRAVEL_EXPENSES', typicalAmount: 15_000 },
  { name: 'Open Trails Foundation', mcc: '8398', country: 'USA', currency: 'USD', category: 'CHARITY', typicalAmount: 50_000 },
  { name: 'Bytecraft Software', mcc: '5734', country: 'USA', currency: 'USD', category: 'SOFTWARE_NON_RECURRING', typicalAmount: 59_900 },
  { name: 'Hotel Sakura Shinjuku', mcc: '7011', country: 'JPN', currency: 'JPY', category: 'LODGING', typicalAmount: 28_000 },
  { name: 'Clearview Janitorial', mcc: '7349', country: 'USA', currency: 'USD', category: 'FACILITIES_EXPENSES', typicalAmount: 75_000 },
  { name: 'Stratus Cloud Hosting', mcc: '4816', country: 'USA', currency: 'USD', category: 'SERVERS', typicalAmount: 420_000 },
  { name: 'DevSummit Europe', mcc: '7399', country: 'DEU', currency: 'EUR', category: 'CONFERENCES', typicalAmount: 99_000 },
  { name: 'Rapid Bites Delivery', mcc: '5814', country: 'USA', currency: 'USD', category: 'FOOD_DELIVERY', typicalAmount: 3_600 },
  { name: 'Mission Street Properties', mcc: '6513', country: 'USA', currency: 'USD', category: 'RENT', typicalAmount: 1_250_000 },
  { name: 'Aurora Airways', mcc: '4511', country: 'USA', currency: 'USD', category: 'AIRLINE_EXPENSES', typicalAmount: 64_000 },
  { name: 'Misc Business Services', mcc: '7399', country: 'USA', currency: 'USD', category: 'OTHER_BUSINESS_EXPENSES', typicalAmount: 18_000 },
  { name: 'Keystone Bank Fees', mcc: '6012', country: 'USA', currency: 'USD', category: 'BANK_AND_FINANCIAL_FEES', typicalAmount: 2_500 },
  { name: 'Łódź Books', mcc: '5942', country: 'POL', currency: 'EUR', category: 'BOOKS_AND_NEWSPAPERS', typicalAmount: 3_200 },
  { name: 'Summit Advisory Group', mcc: '8742', country: 'USA', currency: 'USD', category: 'CONSULTANT_AND_CONTRACTOR', typicalAmount: 800_000 },
  { name: 'Bulwark Insurance', mcc: '6300', country: 'USA', currency: 'USD', category: 'CORPORATE_INSURANCE', typicalAmount: 240_000 },
  { name: 'Pixel Foundry', mcc: '5815', country: 'USA', currency: 'USD', category: 'DIGITAL_GOODS', typicalAmount: 1_999 },
  { name: 'City Permit Office', mcc: '9399', country: 'USA', currency: 'USD', category: 'FEES_AND_LICENSES_AND_TAXES', typicalAmount: 15_000 },
  { name: 'Prairie Fuel Stop', mcc: '5541', country: 'CAN', currency: 'CAD', category: 'GAS_AND_FUEL', typicalAmount: 7_200 },
  { name: 'Everyday Goods', mcc: '5399', country: 'USA', currency: 'USD', category: 'GENERAL_MERCHANDISE', typicalAmount: 4_300 },
  { name: 'Harbor Clinic', mcc: '8011', country: 'USA', currency: 'USD', category: 'MEDICAL', typicalAmount: 22_000 },
  { name: 'Founders Club', mcc: '7997', country: 'USA', currency: 'USD', category: 'MEMBERSHIPS_AND_CLUBS', typicalAmount: 30_000 },
  { name: 'ParkRight Garage', mcc: '7523', country: 'USA', currency: 'USD', category: 'PARKING_EXPENSES', typicalAmount: 2_800 },
  { name: 'Civic Action Fund', mcc: '8651', country: 'USA', currency: 'USD', category: 'POLITICAL_DONATIONS', typicalAmount: 10_000 },
  { name: 'Metro Transit Authority', mcc: '4111', country: 'USA', currency: 'USD', category: 'PUBLIC_TRANSPORTATION', typicalAmount: 275 },
  { name: 'Cloudnote Pro', mcc: '5734', country: 'USA', currency: 'USD', category: 'RECURRING_SOFTWARE_AND_SAAS', typicalAmount: 4_900 },
  { name: 'Zipride', mcc: '4121', country: 'USA', currency: 'USD', category: 'RIDESHARE_AND_TAXI', typicalAmount: 2_350 },
  { name: 'Bay Bridge Tolls', mcc: '4784', country: 'USA', currency: 'USD', category: 'TOLL_AND_BRIDGE_FEES', typicalAmount: 700 },
  { name: 'Learnwise Academy', mcc: '8299', country: 'GBR', currency: 'GBP', category: 'TRAINING_AND_EDUCATION', typicalAmount: 45_000 },
  { name: 'SkyLink Inflight Wi-Fi', mcc: '4899', country: 'USA', currency: 'USD', category: 'TRAVEL_WIFI', typicalAmount: 1_900 },
  { name: '東京ラーメン', mcc: '5812', country: 'JPN', currency: 'JPY', category: 'RESTAURANTS', typicalAmount: 1_200 },
  { name: 'Brasserie Lumière', mcc: '5812', country: 'FRA', currency: 'EUR', category: 'RESTAURANTS', typicalAmount: 6_900 },
  { name: 'Königsbau Hotel', mcc: '7011', country: 'DEU', currency: 'EUR', category: 'LODGING', typicalAmount: 21_000 },
  { name: 'Northwind Coffee Roasters', mcc: '5814', country: 'USA', currency: 'USD', category: 'RESTAURANTS', typicalAmount: 1_875 },
  { name: 'Timberline Coffee Co.', mcc: '5814', country: 'CAN', currency: 'CAD', category: 'RESTAURANTS', typicalAmount: 1_450 },
  { name: 'Stratus Cloud Hosting EU', mcc: '4816', country: 'IRL', currency: 'EUR', category: 'SERVERS', typicalAmount: 180_000 },
];

export const FIRST_NAMES = [
  'Avery', 'Jordan', 'Priya', 'Mateo', 'Zoë', 'Łukasz', 'Søren', 'Amara', 'Kenji', 'Fatima', 'Noah', 'Ingrid',
  'Chloé', 'Rafael', 'Yuki', 'Olumide', 'Sasha', 'Elif', 'Tomás', 'Mei', 'Dara', 'Hana', 'Idris', 'Lena',
];

export const LAST_NAMES = [
  'Alder', 'Brightwater', 'Castellanos', 'Duvall', 'Eriksen', 'Fairbanks', 'Gallagher', 'Hoshino', 'Ivanova',
  'Jabłońska', 'Kowalczyk', 'Lindqvist', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quintero', 'Rasmussen',
  'Sørensen', 'Tanaka', 'Underwood', 'Valdés', 'Whitcombe', 'Yilmaz',
];

export const DEPARTMENT_NAMES = [
  'Engineering', 'Sales', 'Marketing', 'Finance', 'Operations', 'People', 'Legal', 'Customer Success', 'Design',
  'Research', 'Security', 'Data', 'Partnerships', 'Procurement', 'IT', 'Facilities', 'Support', 'Product',
  'Growth', 'Executive', 'Quality', 'Compliance', 'Infrastructure', 'Communications', 'Strategy',
];

export const LOCATION_NAMES = [
  'San Francisco HQ', 'New York', 'London', 'Toronto', 'Tokyo', 'Remote - US', 'Remote - EU', 'Berlin', 'Kraków',
  'São Paulo', 'Zürich', 'Sydney', 'Austin', 'Dublin', 'Singapore', 'Montréal',
];

export const VENDOR_NAMES = [
  'Example Supplies LLC', 'Bluebird Logistics', 'Granite Office Interiors', 'Helix Data Services', 'Juniper Catering',
  'Kestrel Security', 'Lumen Print Works', 'Meridian Consulting', 'Nordlicht GmbH', 'Orchard Staffing',
  'Pinecone Janitorial', 'Quarry Legal Partners', 'Riverbend Freight', 'Sable Analytics', 'Tidewater Events',
  'Umbra Design Studio', 'Vireo Software', 'Willow Facilities', 'Xenon Labs', 'Yarrow Translation Services',
];

export const BUDGET_KINDS = ['Travel', 'Software', 'Team events', 'Hardware', 'Conferences', 'Meals', 'Training', 'Marketing programs'];

export const POLICY_NAMES = ['Standard spend policy', 'Travel policy', 'Executive policy', 'Contractor policy'];

export const STREETS = ['Market Street', 'Harbor Way', 'King Street West', 'Rue de Rivoli', 'Hauptstraße', 'Main Street'];
