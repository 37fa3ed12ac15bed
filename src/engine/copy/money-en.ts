// Money copy in English, a faithful second language to money-vi.ts.
import type { MoneyCustomerCopy, MoneyStaffCopy } from './money-types.js';

export const moneyStaffEn: MoneyStaffCopy = {
  methodNames: { cash: 'cash', transfer: 'transfer', card: 'card', deposit: 'from deposit', package: 'from package', unpaid: 'unpaid' },
  rankNames: { dong: 'Bronze', bac: 'Silver', vang: 'Gold', kim_cuong: 'Diamond' },
  visitUsage: 'Type /visit, the service, the amount and how it was paid, e.g. /visit acne 350k transfer; /visit massage 500k unpaid Hoa; /visit massage (uses a package session).',
  visitSaved: ({ name, service, amount, method, technician, debt }) => `Saved: ${name} — ${service}, ${amount} (${method}), technician ${technician}.${debt ? ' Added to the debt.' : ''}`,
  visitFromPackage: ({ name, service, session, total, left, technician }) => `Saved: ${name} — ${service}, package session ${session}/${total}, technician ${technician}. ${left}/${total} sessions left.`,
  visitNeedsAmount: ({ service }) => `The customer has no ${service} package with sessions left. Type the amount, e.g. /visit ${service} 350k.`,
  noPackage: ({ service, why }) =>
    ({
      none: `The customer has no ${service} package. Type an amount instead of "from package", e.g. /visit ${service} 350k.`,
      expired: `The customer's ${service} package has expired and cannot be used. Type an amount, e.g. /visit ${service} 350k.`,
      used_up: `The customer's ${service} package is used up. Type an amount or sell a new package (/package).`,
    })[why],
  technicianInactive: 'That staff member no longer works here: pick another technician.',
  technicianOtherBranch: ({ technician }) => `${technician} is in another branch: only your branch's technicians can be recorded.`,
  ambiguousTechnician: ({ names }) => `Several technicians share that name: ${names}. Type the full name.`,
  badAmount: 'That amount is not right: above 0 and below 1 billion, e.g. 350k, 1tr5.',
  depositShort: ({ balance }) => `The deposit has ${balance} left, not enough. Choose another way to pay.`,
  busy: 'Another operation is running on this customer. Please try again.',
  repeated: '(This was already recorded; nothing added.)',
  packageUsage: 'Type /package, the service, sessions, price and payment, e.g. /package acne 10 sessions 5tr transfer expires 6 months; /package massage 5 sessions 2tr deposit 500k.',
  packageSold: ({ name, service, sessions, price, paid, debt, expires }) => `🎫 Package sold: ${name} — ${service} ${sessions} sessions, ${price}. Paid ${paid}, owing ${debt}. Valid until ${expires}.`,
  badPackage: 'That package is not right: 1 to 100 sessions, expiring after today. E.g. /package acne 10 sessions 5tr expires 6 months.',
  depositUsage: 'Type /deposit, the amount and how it was paid, e.g. /deposit 1tr transfer.',
  depositAdded: ({ name, amount, balance }) => `Deposit of ${amount} from ${name} received. Deposit balance: ${balance}.`,
  saleUsage: 'Type /sell, the product, quantity and price, e.g. /sell sunscreen 2 x 250k; serum 450k cash.',
  saleSaved: ({ name, lines, total, method }) => `Sold to ${name}:\n${lines}\nTotal ${total} (${method}).`,
  payUsage: 'Type /pay, the amount and how it was paid, e.g. /pay 500k transfer.',
  paid: ({ name, amount, debt }) => `Received ${amount} from ${name}. Still owing: ${debt}.`,
  noDebt: ({ name }) => `${name} owes nothing.`,
  overpay: ({ name, debt }) => `${name} only owes ${debt}: no more than the debt is taken. Type it again, e.g. /pay ${debt.replace(/\s₫$/, '')}.`,
  debtsTitle: ({ count, total }) => `💸 Debts: ${count} customers, ${total} in all`,
  debtLine: ({ name, phone, debt }) => `• ${name} (${phone}): ${debt}`,
  debtsNone: 'No customer owes anything.',
  managersOnly: 'Only managers and the owner can see the debts.',
  redeemUsage: 'Type /redeem and the points, e.g. /redeem 100.',
  redeemed: ({ name, points, left }) => `Redeemed ${points} points for ${name}. ${left} points left.`,
  pointsShort: ({ points }) => `The customer has only ${points} points: no more than that can be redeemed.`,
  rankUp: ({ name, rank }) => `⭐ ${name} is now ${rank}.`,
  cardMoney: ({ spent, debt, deposit, deposits, points, rank, visits, products, invoices }) =>
    [`💰 Spent: ${spent} · Debt: ${debt} · Deposit: ${deposit} (${deposits} times)`, `⭐ ${rank} · ${points} points`, `Visits: ${visits} · Products: ${products} · Invoices: ${invoices}`].join('\n'),
  rankLine: ({ rank, spent12m, next, missing }) => `${rank}: ${spent12m} in 12 months${next ? `; ${missing} more to ${next}` : ''}`,
  cardPackage: ({ service, left, total, expires, state }) => `🎫 ${service}: ${left}/${total} sessions left, until ${expires}${state === 'expired' ? ' (expired)' : state === 'used_up' ? ' (used up)' : ''}`,
  rankChanged: ({ customer, from, to, rankLine }) => `⭐ ${customer} changed rank: ${from} → ${to}. ${rankLine}.`,
  packageIdle: ({ customer, phone, service, left, total, days, expires }) => `🎫 ${customer} (${phone}) has ${left}/${total} ${service} sessions left but no visit for ${days} days (valid until ${expires}). Please call to book.`,
};

export const moneyCustomerEn: MoneyCustomerCopy = {
  packagesTitle: ({ you }) => `Your treatment packages, ${you.named}:`,
  packageLine: ({ service, left, total, expires }) => `• ${service}: ${left}/${total} sessions left (until ${expires})`,
  noPackages: '• No treatment packages yet.',
  points: ({ points, rank }) => `• Points: ${points} · Member rank: ${rank}`,
};
