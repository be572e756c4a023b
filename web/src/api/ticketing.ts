// The ticketing API (being built): ticket types of an event, orders, tickets, verification.
import { get } from './http'
import type { Money } from './types'

export interface TicketType {
  id: string; name: string; description?: string; price: Money; availableQuantity?: number; totalQuantity?: number
}

export async function ticketTypes(eventId: string): Promise<TicketType[]> {
  const page = await get<{ items: TicketType[] } | TicketType[]>(`/ticketing/events/${eventId}/ticket-types`)
  return Array.isArray(page) ? page : page.items
}
