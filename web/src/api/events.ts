import { get, pager, post, type Page, type Query } from './http'
import type { EventItem, TagCategory } from './types'

export const searchEvents = (query: Query) => get<Page<EventItem>>('/events/search', query)
export const eventPager = (query: Query, limit = 12) => pager<EventItem>('/events/search', query, limit)
export const getEvent = (id: string) => get<EventItem>(`/events/${id}`)

let tags: Promise<TagCategory[]> | null = null
export const tagCategories = () => (tags ??= get<TagCategory[]>('/events/tags').catch((e) => {
  tags = null
  throw e
}))

// Invitations to collaborate: an organization named on an event is a collaborator only once it accepts.
export const invitations = () => get<Page<EventItem>>('/events/invitations', { limit: 100 })
export const answerInvitation = (id: string, answer: 'accept' | 'decline') =>
  post<EventItem>(`/events/${id}/invitation/${answer}`)
export const leaveCollaboration = (id: string) => post<EventItem>(`/events/${id}/collaboration/leave`)
