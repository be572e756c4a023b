// Issue 15's ticketing tools: waiting lists and their offers, refund requests and the event's refund policy, and
// the organizer's promo codes.
import { del, get, post, put } from './http'
import type { Money } from './types'

export interface WaitEntry {
  ticketTypeId: string; eventId: string; attendeeName: string; status: 'WAITING' | 'OFFERED' | 'TAKEN' | 'PASSED'
  joinedAt: string; orderId?: string; offerExpiresAt?: string
}

export async function myWaitingList(userId: string): Promise<WaitEntry[]> {
  return (await get<{ items: WaitEntry[] }>(`/ticketing/users/${userId}/waiting-list`, { limit: 100 })).items
}

export const joinWaitingList = (ticketTypeId: string, attendeeName: string) =>
  post<WaitEntry>(`/ticketing/ticket-types/${ticketTypeId}/waiting-list`, { attendeeName })

export const leaveWaitingList = (ticketTypeId: string) => del(`/ticketing/ticket-types/${ticketTypeId}/waiting-list`)

/** The Stripe Checkout of an offer's order (the same page when asked again). */
export const payOffer = (orderId: string, successUrl: string) =>
  post<{ orderId: string; redirectUrl?: string }>(`/ticketing/orders/${orderId}/checkout`, { successUrl })

export interface RefundPolicy { eventId: string; allowed: boolean; untilDaysBefore: number; requestsCloseAt?: string }

export interface RefundRequest {
  ticketId: string; orderId: string; eventId: string; holderId: string; ticketTypeId: string; price: Money
  status: 'REQUESTED' | 'APPROVED' | 'DECLINED'; requestedAt: string; reason?: string; refunded: boolean
}

export const refundPolicy = (eventId: string) => get<RefundPolicy>(`/ticketing/events/${eventId}/refund-policy`)

export const setRefundPolicy = (eventId: string, allowed: boolean, untilDaysBefore: number) =>
  put<RefundPolicy>(`/ticketing/events/${eventId}/refund-policy`, { allowed, untilDaysBefore })

export const requestRefund = (ticketId: string) =>
  post<RefundRequest>(`/ticketing/tickets/${ticketId}/refund-request`, {})

export const refundRequestOf = (ticketId: string) =>
  get<RefundRequest>(`/ticketing/tickets/${ticketId}/refund-request`)

export async function refundRequests(eventId: string): Promise<RefundRequest[]> {
  return (await get<{ items: RefundRequest[] }>(`/ticketing/events/${eventId}/refund-requests`, { limit: 100 })).items
}

export const decideRefund = (ticketId: string, decision: 'APPROVED' | 'DECLINED') =>
  put<RefundRequest>(`/ticketing/tickets/${ticketId}/refund-request/decision`, { decision })

export interface PromoCode {
  code: string; kind: 'PERCENT' | 'FIXED'; value: number; currency?: string; ticketTypeIds: string[]
  maxUses: number; uses: number; validFrom?: string; validUntil?: string; disabled: boolean
}

export async function promoCodes(eventId: string): Promise<PromoCode[]> {
  return (await get<{ items: PromoCode[] }>(`/ticketing/events/${eventId}/promo-codes`, { limit: 100 })).items
}

export const createPromoCode = (eventId: string, body: { code: string; kind: string; value: number;
  currency?: string; maxUses: number; ticketTypeIds: string[]; validFrom?: string; validUntil?: string }) =>
  post<PromoCode>(`/ticketing/events/${eventId}/promo-codes`, body)

export const disablePromoCode = (eventId: string, code: string) =>
  post<PromoCode>(`/ticketing/events/${eventId}/promo-codes/${code}/disable`)
