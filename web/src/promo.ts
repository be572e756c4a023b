// What a promo code takes off a ticket, as ticketing's domain reckons it (domain/promo_codes.py): a percentage
// rounded half up, a fixed amount at most the price and only in its own currency.
import type { Money } from './api/types'

export interface Discount { kind: 'PERCENT' | 'FIXED'; value: number; currency?: string }

/** The price after the code, or null when the code cannot apply to it (a fixed amount in another currency). */
export function discounted(price: Money, code: Discount): Money | null {
  if (code.kind === 'PERCENT') return { amount: price.amount - Math.floor((price.amount * code.value + 50) / 100), currency: price.currency }
  if (code.currency !== price.currency) return null
  return { amount: price.amount - Math.min(code.value, price.amount), currency: price.currency }
}

/** Minor units per major unit of a currency (100 for EUR, 1 for JPY). */
export function minorUnits(currency: string): number {
  return 10 ** (new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2)
}

/** A `datetime-local` value (the browser's zone) as the API's instant, or undefined when empty. */
export function instantOf(local: string): string | undefined {
  return local ? new Date(local).toISOString() : undefined
}
