// One fetch wrapper for every context's API: same origin, JSON both ways, problem+json errors, bearer token
// with one silent refresh on 401.

export interface FieldProblem { field: string; message: string }

export class ApiError extends Error {
  constructor(public status: number, message: string, public errors: FieldProblem[] = []) {
    super(message)
  }
  fieldMessage(field: string): string | undefined {
    return this.errors.find((e) => e.field === field || e.field.startsWith(field + '.'))?.message
  }
}

export interface Page<T> { items: T[]; nextCursor: string | null }

type TokenSource = { token: () => string | null; refresh: () => Promise<boolean> }
let tokens: TokenSource = { token: () => null, refresh: async () => false }

export function useTokens(source: TokenSource): void {
  tokens = source
}

export type Query = Record<string, string | number | undefined | null>

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v))
  const s = params.toString()
  return s ? `${path}?${s}` : path
}

export async function api<T = unknown>(method: string, path: string, body?: unknown, retry = true,
  extra: Record<string, string> = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...extra }
  const token = tokens.token()
  if (token) headers.Authorization = `Bearer ${token}`
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  let response: Response
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  } catch {
    throw new ApiError(0, 'network')
  }
  if (response.status === 401 && token && retry && (await tokens.refresh())) return api<T>(method, path, body, false, extra)
  if (response.status === 204) return undefined as T
  const text = await response.text()
  let data: unknown = undefined
  try {
    data = text ? JSON.parse(text) : undefined
  } catch {
    data = undefined
  }
  if (!response.ok) {
    const problem = (data ?? {}) as { detail?: string; title?: string; message?: string; errors?: FieldProblem[] }
    throw new ApiError(response.status, problem.detail ?? problem.title ?? problem.message ?? response.statusText,
      problem.errors ?? [])
  }
  return data as T
}

export const get = <T>(path: string, query?: Query) => api<T>('GET', withQuery(path, query))
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {})
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body)
export const del = <T = void>(path: string) => api<T>('DELETE', path)

export interface Chunk<T> { items: T[]; more: boolean }

/** Reads a cursor-paginated list one page per call. */
export function pager<T>(path: string, query: Query = {}, limit = 12) {
  let cursor: string | undefined = undefined
  return async (): Promise<Chunk<T>> => {
    const page = await get<Page<T>>(path, { ...query, limit, cursor })
    cursor = page.nextCursor ?? undefined
    return { items: page.items, more: !!page.nextCursor }
  }
}
