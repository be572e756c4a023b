// The ticketing API: ticket types of an event, checkout (Stripe), a holder's tickets, verification at the door
// (the door staff, attendees and check-in figures: ./door.ts).
import { api, del, get, post, put } from './http'
import type { Money } from './types'

export interface TicketType {
  id: string; eventId: string; type: 'STANDARD' | 'VIP'; description?: string; price: Money
  availableQuantity: number; soldQuantity: number; totalQuantity: number; isSoldOut: boolean; maxPerOrder?: number
}

export interface Ticket {
  id: string; orderId: string; eventId: string; type: string; attendeeName: string; price: Money
  purchaseDate?: string; status: string
}

export interface Checkout { orderId: string; redirectUrl: string; expiresAt: string }

export interface Order { id: string; eventId: string; status: string; expiresAt: string; amount: Money }

export const getOrder = (orderId: string) => get<Order>(`/ticketing/orders/${orderId}`)

export async function ticketTypes(eventId: string): Promise<TicketType[]> {
  return (await get<{ items: TicketType[] }>(`/ticketing/events/${eventId}/ticket-types`, { limit: 100 })).items
}

export const createTicketType = (eventId: string, body: { type: string; price: Money; quantity: number }) =>
  post<TicketType>(`/ticketing/events/${eventId}/ticket-types`, body)

export const updateTicketType = (id: string, body: { price: Money; quantity: number; description?: string; maxPerOrder?: number }) =>
  put<TicketType>(`/ticketing/ticket-types/${id}`, body)

/** Only a type with no sold ticket can go (a 409 otherwise: its tickets keep it). */
export const deleteTicketType = (id: string) => del(`/ticketing/ticket-types/${id}`)

/** `idempotencyKey`: one per purchase attempt, so a double submit or a retry after a lost answer is one order. */
export const checkout = (items: { ticketTypeId: string; attendeeName: string }[], successUrl: string, cancelUrl: string,
  idempotencyKey: string, promoCode?: string) =>
  api<Checkout>('POST', '/ticketing/checkout-sessions', { items, successUrl, cancelUrl, promoCode: promoCode || undefined },
    true, { 'Idempotency-Key': idempotencyKey })

export interface Scan {
  result: 'admitted' | 'already_used'; ticketId: string; eventId: string; type: string; attendeeName: string
  status: string; usedAt?: string; eventTitle?: string
}

/** A scan at the door of `eventId`: only that event's tickets pass there, and only on its day. */
export const verifyTicket = (eventId: string, ticketId: string) =>
  put<Scan>(`/ticketing/events/${eventId}/tickets/${ticketId}/verify`, {})

export async function myTickets(userId: string): Promise<Ticket[]> {
  return (await get<{ items: Ticket[] }>(`/ticketing/users/${userId}/tickets`, { limit: 100 })).items
}

/** A PDF behind the bearer token: fetched, then handed to the browser as a download. */
export async function downloadPdf(path: string, filename: string, token: string | null): Promise<void> {
  const response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} })
  if (!response.ok) throw new Error(response.statusText)
  const url = URL.createObjectURL(await response.blob())
  const a = Object.assign(document.createElement('a'), { href: url, download: filename })
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10000)
}
