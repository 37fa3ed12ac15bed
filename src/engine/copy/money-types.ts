// The money catalogue (issue 13): visits, packages, deposits, sales, debt, points and rank. Staff lines brisk,
// customer lines warm (copy-vi.md); same keys in vi and en.
import type { PaymentMethod, Rank } from '../../domain/money-rules.js';
import type { Address } from './index.js';

export type NoPackageWhy = 'none' | 'expired' | 'used_up';

export interface MoneyStaffCopy {
  methodNames: Record<PaymentMethod, string>;
  rankNames: Record<Rank, string>;
  visitUsage: string;
  visitSaved(p: { name: string; service: string; amount: string; method: string; technician: string; debt: boolean }): string;
  visitFromPackage(p: { name: string; service: string; session: number; total: number; left: number; technician: string }): string;
  visitNeedsAmount(p: { service: string }): string;
  noPackage(p: { service: string; why: NoPackageWhy }): string;
  technicianInactive: string;
  technicianOtherBranch(p: { technician: string }): string;
  ambiguousTechnician(p: { names: string }): string;
  badAmount: string;
  depositShort(p: { balance: string }): string;
  busy: string;
  repeated: string;
  packageUsage: string;
  packageSold(p: { name: string; service: string; sessions: number; price: string; paid: string; debt: string; expires: string }): string;
  badPackage: string;
  depositUsage: string;
  depositAdded(p: { name: string; amount: string; balance: string }): string;
  saleUsage: string;
  saleSaved(p: { name: string; lines: string; total: string; method: string }): string;
  payUsage: string;
  paid(p: { name: string; amount: string; debt: string }): string;
  noDebt(p: { name: string }): string;
  overpay(p: { name: string; debt: string }): string;
  debtsTitle(p: { count: number; total: string }): string;
  debtLine(p: { name: string; phone: string; debt: string }): string;
  debtsNone: string;
  managersOnly: string;
  redeemUsage: string;
  redeemed(p: { name: string; points: number; left: number }): string;
  pointsShort(p: { points: number }): string;
  rankUp(p: { name: string; rank: string }): string;
  /** The card's money block. */
  cardMoney(p: { spent: string; debt: string; deposit: string; deposits: number; points: number; rank: string; visits: number; products: number; invoices: number }): string;
  rankLine(p: { rank: string; spent12m: string; next?: string; missing?: string }): string;
  cardPackage(p: { service: string; left: number; total: number; expires: string; state: 'ok' | 'expired' | 'used_up' }): string;
  /** Outbox messages to staff. */
  rankChanged(p: { customer: string; from: string; to: string; rankLine: string }): string;
  packageIdle(p: { customer: string; phone: string; service: string; left: number; total: number; days: number; expires: string }): string;
}

export interface MoneyCustomerCopy {
  packagesTitle(p: { you: Address }): string;
  packageLine(p: { service: string; left: number; total: number; expires: string }): string;
  noPackages: string;
  points(p: { points: number; rank: string }): string;
}
