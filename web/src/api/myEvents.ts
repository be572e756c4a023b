// "My events" (the events a user holds tickets for, with those tickets) and an event's calendar file.
import { pager, post } from './http'
import type { Ticket } from './ticketing'

export interface HeldEvent {
  eventId: string; title?: string; status?: string; date?: string; endDate?: string; timezone?: string
  startsAt?: string; endsAt?: string; tickets: Ticket[]
}

export const myEvents = (userId: string, when: 'upcoming' | 'past') =>
  pager<HeldEvent>(`/ticketing/users/${userId}/events`, { when }, 10)

/** Gives the ticket to another registered user: the answer is their new ticket; this one stops passing the door. */
export const transferTicket = (ticketId: string, username: string, attendeeName?: string) =>
  post<Ticket>(`/ticketing/tickets/${ticketId}/transfer`, { username, ...(attendeeName ? { attendeeName } : {}) })

/** The event's iCalendar file (public for anything but a draft): a plain link downloads it. */
export const calendarFile = (eventId: string) => `/events/${eventId}/calendar.ics`
