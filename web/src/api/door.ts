// The door of an event (ticketing): who may scan its tickets, its attendees (and their CSV) and check-in figures.
import { del, get, pager, put, type Page } from './http'
import type { User } from './types'

export interface DoorRight {
  eventId: string; eventTitle?: string; startsAt?: string; userId: string; username?: string
  role: 'member' | 'organization'; grantedAt: string
}

export interface Attendee {
  ticketId: string; attendeeName: string; holderId: string; holderUsername?: string; type: string
  ticketTypeId: string; status: 'ACTIVE' | 'USED' | 'REFUNDED'; purchaseDate: string; admittedAt?: string
}

export interface Checkins {
  eventId: string; sold: number; admitted: number
  types: { ticketTypeId: string; type: string; sold: number; admitted: number }[]
}

export const checkins = (eventId: string) => get<Checkins>(`/ticketing/events/${eventId}/checkins`)

export const attendeePager = (eventId: string, q: string) =>
  pager<Attendee>(`/ticketing/events/${eventId}/attendees`, { q }, 25)

export async function doorStaff(eventId: string): Promise<DoorRight[]> {
  return (await get<Page<DoorRight>>(`/ticketing/events/${eventId}/door-staff`, { limit: 100 })).items
}

export const grantDoor = (eventId: string, userId: string) =>
  put<DoorRight>(`/ticketing/events/${eventId}/door-staff/${userId}`, {})

export const revokeDoor = (eventId: string, userId: string) => del(`/ticketing/events/${eventId}/door-staff/${userId}`)

export async function myDoors(userId: string): Promise<DoorRight[]> {
  return (await get<Page<DoorRight>>(`/ticketing/users/${userId}/door-events`, { limit: 100 })).items
}

/** The user of exactly this username (any case), from the users context's search; null when there is none. */
export async function userNamed(username: string): Promise<User | null> {
  const wanted = username.trim().replace(/^@/, '').toLowerCase()
  if (!wanted) return null
  const found = await get<Page<User>>('/users/search', { prefix: wanted, limit: 20 })
  return found.items.find((u) => u.account.username.toLowerCase() === wanted) ?? null
}

/** The whole attendee list as one CSV file: the export comes in parts (a `X-Next-Cursor` header names the next),
 * fetched one after the other behind the bearer token, then handed to the browser as one download. */
export async function downloadAttendees(eventId: string, q: string, token: string | null): Promise<void> {
  const parts: Blob[] = []
  let cursor: string | null = null
  do {
    const query = new URLSearchParams({ ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) }).toString()
    const response = await fetch(`/ticketing/events/${eventId}/attendees/export${query ? `?${query}` : ''}`,
      { headers: token ? { Authorization: `Bearer ${token}` } : {} })
    if (!response.ok) throw new Error(response.statusText)
    parts.push(await response.blob())
    cursor = response.headers.get('X-Next-Cursor')
  } while (cursor)
  const url = URL.createObjectURL(new Blob(parts, { type: 'text/csv' }))
  const a = Object.assign(document.createElement('a'), { href: url, download: `attendees-${eventId}.csv` })
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10000)
}

/** The event a phone at the door scans for: chosen on its door page, kept for the QR codes' links (/verify/...). */
const DOOR_EVENT = 'eventonight.doorEvent'
export const doorEvent = {
  get: (): { id: string; title?: string } | null => {
    try { return JSON.parse(localStorage.getItem(DOOR_EVENT) ?? 'null') } catch { return null }
  },
  set: (id: string, title?: string) => localStorage.setItem(DOOR_EVENT, JSON.stringify({ id, title })),
}
