// Explore's filters (reference §8.3, "The SPA's Explore filters map as") turned into /events/search parameters.
import type { Query } from './api/http'

export interface Filters {
  query: string; sort: string; date: string; from: string; to: string; price: string; min: string; max: string
  tags: string[]; mode: string
}

export const SORTS = ['date_asc', 'date_desc', 'price_asc', 'price_desc'] as const
export const DATES = ['', 'today', 'this_week', 'this_month', 'custom'] as const
export const PRICES = ['', 'free', 'custom'] as const
export const MODES = ['', 'upcoming', 'popular', 'for_you', 'new', 'nearby'] as const

const day = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`

function dateRange(f: Filters, now: Date): [string, string] | null {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate())
  switch (f.date) {
    case 'today': return [day(start), day(start)]
    case 'this_week': { // Sunday to Saturday
      const sunday = new Date(start)
      sunday.setDate(start.getDate() - start.getDay())
      const saturday = new Date(sunday)
      saturday.setDate(sunday.getDate() + 6)
      return [day(sunday), day(saturday)]
    }
    case 'this_month':
      return [day(new Date(now.getFullYear(), now.getMonth(), 1)), day(new Date(now.getFullYear(), now.getMonth() + 1, 0))]
    case 'custom': return f.from || f.to ? [f.from, f.to] : null
    default: return null
  }
}

const cents = (value: string) => String(Math.round(Number(value || 0) * 100))

export function searchQuery(f: Filters, interests: string[], near: string | null, now = new Date()): Query {
  const [sortBy, sortOrder] = f.sort.split('_')
  const q: Query = { query: f.query.trim(), sortBy, sortOrder }
  const range = dateRange(f, now)
  if (range) {
    q.startDate = range[0]
    q.endDate = range[1]
    q.timezone = Intl.DateTimeFormat().resolvedOptions().timeZone
  }
  if (f.price === 'free') q.price = '0,0'
  else if (f.price === 'custom') q.price = `${cents(f.min)},${f.max ? cents(f.max) : '100000000'}`
  const tags = [...f.tags]
  switch (f.mode) {
    case 'upcoming': case 'popular': q.other = f.mode; break
    case 'new': q.other = 'recently_added'; break
    case 'for_you': q.other = 'feed'; tags.push(...interests.filter((i) => !tags.includes(i))); break
    case 'nearby': if (near) q.near = near; break
  }
  if (tags.length) q.tags = tags.join(',')
  return q
}

export function filtersFrom(query: Record<string, unknown>): Filters {
  const s = (k: string) => (typeof query[k] === 'string' ? (query[k] as string) : '')
  const pick = <T extends readonly string[]>(k: string, allowed: T) => (allowed.includes(s(k)) ? s(k) : allowed[0])
  return {
    query: s('query'), sort: pick('sort', SORTS), date: pick('date', DATES), from: s('from'), to: s('to'),
    price: pick('price', PRICES), min: s('min'), max: s('max'), mode: pick('mode', MODES),
    tags: s('tags').split(',').filter(Boolean),
  }
}

export function filtersToQuery(f: Filters): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(f)) {
    const value = Array.isArray(v) ? v.join(',') : v
    if (value && !(k === 'sort' && value === 'date_asc')) out[k] = value
  }
  return out
}
