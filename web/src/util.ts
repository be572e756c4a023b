import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import type { EventItem, Money } from './api/types'

/** `lp('/explore')` -> `/it/explore` in the current locale. */
export function useLocalePath() {
  const { locale } = useI18n()
  return (path = '') => `/${locale.value}${path}`
}

export function formatMoney(money: Money, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).format(money.amount / 100)
}

/** An event's span (start to end) in its own time zone, in the reader's language. */
export function formatEventDate(event: Pick<EventItem, 'startsAt' | 'date' | 'endsAt' | 'timezone'>, locale: string): string {
  if (!event.startsAt && !event.date) return ''
  const instant = new Date(event.startsAt ?? `${event.date}Z`)
  const format = new Intl.DateTimeFormat(locale, {
    weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit',
    timeZone: event.startsAt ? event.timezone ?? 'UTC' : 'UTC',
  })
  return event.startsAt && event.endsAt ? format.formatRange(instant, new Date(event.endsAt)) : format.format(instant)
}

export function formatDate(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(iso))
}

export function placeOf(event: EventItem): string {
  const l = event.location
  return l ? [l.name, l.city].filter(Boolean).join(', ') : ''
}

/** The URL if it is an absolute http(s) one, else null: user-supplied links never become `javascript:` or
 * `data:` hrefs, whatever the API let through (Vue does not sanitize URLs). */
export function webUrl(value: string | undefined | null): string | null {
  if (!value) return null
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null
  } catch {
    return null
  }
}

export function mapLink(event: EventItem): string | null {
  const l = event.location
  if (!l) return null
  if (l.link) return webUrl(l.link)
  if (l.lat !== undefined && l.lon !== undefined) {
    return `https://www.openstreetmap.org/?mlat=${l.lat}&mlon=${l.lon}#map=16/${l.lat}/${l.lon}`
  }
  return null
}

export const useLocale = () => {
  const { locale } = useI18n()
  return computed(() => locale.value)
}
