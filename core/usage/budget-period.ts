import { calendarPeriod } from '../quota/calendar-period.js';

/** Budgets count spend per UTC calendar day and UTC calendar month. */
export const BUDGET_PERIODS = ['daily', 'monthly'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

/** Unix ms when the period containing `now` began. */
export function periodStart(period: BudgetPeriod, now: number): number {
  return calendarPeriod(period, now).start;
}

/** Unix ms when the period containing `now` ends (the next one begins). */
export function periodEnd(period: BudgetPeriod, now: number): number {
  return calendarPeriod(period, now).end;
}

/**
 * US dollars as a person reads them: cents for ordinary amounts, and enough digits for the
 * tiny budgets used to cap trial keys ($0.002 must not read as "$0.00").
 */
export function formatUsd(value: number): string {
  if (!Number.isFinite(value)) return `$${value}`;
  const abs = Math.abs(value);
  const decimals = abs === 0 || abs >= 0.01 ? 2 : Math.min(10, 2 - Math.floor(Math.log10(abs)));
  let text = value.toFixed(decimals);
  // The digit chosen by magnitude is non-zero, so at least two decimals remain.
  if (decimals > 2) text = text.replace(/0+$/, '');
  return `$${text}`;
}
