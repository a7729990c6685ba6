// Team data: departments, locations, users, and the cards, legal entities and policies
// that other tables point at.

import { DEPARTMENT_NAMES, FIRST_NAMES, LAST_NAMES, LOCATION_NAMES, POLICY_NAMES, STREETS } from './catalog.js';
import { LEGAL_ENTITY_STATUSES, USER_STATUSES } from './enums.js';
import type { IdFactory } from './ids.js';
import type { Random } from '../random.js';
import { epochToDateTime, dateToEpoch, addDays } from '../dates.js';

export interface DepartmentRow {
  id: string;
  name: string;
  description: string | null;
}

export interface LocationRow {
  id: string;
  name: string;
  description: string | null;
}

export interface UserRow {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  status: string | null;
  manager_id: string | null;
  department_id: string | null;
  location_id: string | null;
  title_id: string | null;
  metadata: Record<string, string> | null;
  remote_display_id: string | null;
}

export interface Card {
  id: string;
  ownerUserId: string;
}

export interface LegalEntityRow {
  id: string;
  display_name: string;
  billing_address: Record<string, string | null>;
  created_at: string;
  status: string;
  is_default: boolean;
}

export interface PolicyRow {
  id: string;
  name: string;
}

export function makeDepartments(count: number, random: Random, ids: IdFactory): DepartmentRow[] {
  return DEPARTMENT_NAMES.slice(0, count).map((name, index) => ({
    id: ids.next('dept_'),
    name,
    description: index % 3 === 2 ? null : `${name} team budget owner and cost center`,
  }));
}

export function makeLocations(count: number, ids: IdFactory): LocationRow[] {
  return LOCATION_NAMES.slice(0, count).map((name, index) => ({
    id: ids.next('loc_'),
    name,
    description: index % 2 === 1 ? null : `Office: ${name}`,
  }));
}

/** Everything a new user row may point at. */
export interface UserContext {
  departments: DepartmentRow[];
  locations: LocationRow[];
  titleIds: string[];
  existingUsers: UserRow[];
  usedEmails: Set<string>;
}

/** Rare statuses given to specific users so that every UserStatus value appears. */
const RARE_STATUSES: (string | null)[] = USER_STATUSES.filter((status) => status !== 'ACTIVE');

export function makeUsers(count: number, random: Random, ids: IdFactory, context: UserContext): UserRow[] {
  const users: UserRow[] = [];
  // Rare statuses and one null status go to the last users, so the first users (who own
  // the cards and most expenses) stay active.
  const rareStart = Math.max(1, count - RARE_STATUSES.length - 1);

  for (let index = 0; index < count; index++) {
    let status: string | null = 'ACTIVE';
    if (index >= rareStart) {
      status = index - rareStart < RARE_STATUSES.length ? RARE_STATUSES[index - rareStart] : null;
    } else if (index > 0 && random.chance(0.03)) {
      status = 'INACTIVE';
    }
    const user = makeUser(random, ids, context, status, index === 0);
    users.push(user);
    context.existingUsers.push(user);
  }
  return users;
}

/** Creates one user; `isOwner` marks the token owner, who has no manager. */
export function makeUser(random: Random, ids: IdFactory, context: UserContext, status: string | null, isOwner: boolean): UserRow {
  const firstName = random.pick(FIRST_NAMES);
  const lastName = random.pick(LAST_NAMES);
  const activeManagers = context.existingUsers.filter((user) => user.status === 'ACTIVE');
  const department = random.chance(0.9) ? random.pick(context.departments) : null;
  const location = random.chance(0.9) ? random.pick(context.locations) : null;

  return {
    id: ids.next('cuuser_'),
    first_name: firstName,
    last_name: lastName,
    email: uniqueEmail(firstName, lastName, context.usedEmails),
    status,
    manager_id: isOwner || activeManagers.length === 0 ? null : random.pick(activeManagers).id,
    department_id: department ? department.id : null,
    location_id: location ? location.id : null,
    title_id: random.chance(0.7) ? random.pick(context.titleIds) : null,
    metadata: random.chance(0.4) ? { employee_number: `E-${random.int(1000, 9999)}` } : null,
    remote_display_id: random.chance(0.5) ? `${asciiSlug(firstName)}.${asciiSlug(lastName)}.${random.int(10, 99)}` : null,
  };
}

function uniqueEmail(firstName: string, lastName: string, used: Set<string>): string {
  const base = `${asciiSlug(firstName)}.${asciiSlug(lastName)}`;
  let email = `${base}@example.com`;
  for (let suffix = 2; used.has(email); suffix++) {
    email = `${base}${suffix}@example.com`;
  }
  used.add(email);
  return email;
}

/** Lower-case ASCII form of a name for email addresses ('Łukasz' -> 'lukasz', 'Søren' -> 'soren'). */
function asciiSlug(name: string): string {
  return name
    .replace(/[Łł]/g, 'l')
    .replace(/[Øø]/g, 'o')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export function makeTitleIds(ids: IdFactory): string[] {
  return Array.from({ length: 6 }, () => ids.next('title_'));
}

/** Issues cards to active users, round robin, so every card has an owner who can spend. */
export function makeCards(count: number, users: UserRow[], ids: IdFactory): Card[] {
  const owners = users.filter((user) => user.status === 'ACTIVE');
  return Array.from({ length: count }, (_, index) => ({
    id: ids.next('card_'),
    ownerUserId: owners[index % owners.length].id,
  }));
}

export function makeLegalEntities(count: number, random: Random, ids: IdFactory, today: string): LegalEntityRow[] {
  const countries = ['US', 'GB', 'DE', 'CA', 'JP'];
  const names = ['Example Holdings Inc.', 'Example Europe Ltd', 'Example GmbH', 'Example Canada ULC', 'Example KK'];

  return Array.from({ length: count }, (_, index) => ({
    id: ids.next('le_'),
    display_name: names[index % names.length],
    billing_address: {
      line1: `${random.int(1, 999)} ${random.pick(STREETS)}`,
      line2: index % 2 === 0 ? null : `Suite ${random.int(100, 900)}`,
      city: ['San Francisco', 'London', 'Berlin', 'Toronto', 'Tokyo'][index % 5],
      state: index % 5 === 0 ? 'CA' : null,
      country: countries[index % countries.length],
      postal_code: String(random.int(10000, 99999)),
      phone_number: index % 3 === 0 ? null : `+1-555-01${String(random.int(0, 99)).padStart(2, '0')}`,
    },
    created_at: epochToDateTime(dateToEpoch(addDays(today, -900 - index * 30)) + random.int(0, 86_399) * 1000),
    status: LEGAL_ENTITY_STATUSES[(index + 3) % LEGAL_ENTITY_STATUSES.length],
    is_default: index === 0,
  }));
}

export function makePolicies(ids: IdFactory): PolicyRow[] {
  return POLICY_NAMES.map((name) => ({ id: ids.next('policy_'), name }));
}
