// Who is logged in. The access token lives in memory only; the refresh token and the user's id survive a
// reload in sessionStorage (closed with the tab), so a reload restores the session with one refresh call.
import { reactive } from 'vue'
import { api, ApiError, useTokens } from './api/http'
import type { Tokens, User } from './api/types'

const KEY = 'eventonight-session'
const state = reactive({ user: null as User | null, restored: false })
let accessToken: string | null = null
let refreshing: Promise<boolean> | null = null

interface Saved { userId: string; refreshToken: string }

function saved(): Saved | null {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Saved | null
  } catch {
    return null
  }
}

async function refresh(): Promise<boolean> {
  const s = saved()
  if (!s) return false
  refreshing ??= api<Tokens>('POST', '/users/refresh', { refreshToken: s.refreshToken }, false)
    .then((t) => {
      accessToken = t.accessToken
      if (t.refreshToken) sessionStorage.setItem(KEY, JSON.stringify({ ...s, refreshToken: t.refreshToken }))
      return true
    })
    .catch((e) => {
      // Only a refused token ends the session; a slow or failing server does not log anyone out.
      if (e instanceof ApiError && [400, 401, 403].includes(e.status)) forget()
      return false
    })
    .finally(() => {
      refreshing = null
    })
  return refreshing
}

function forget(): void {
  accessToken = null
  state.user = null
  sessionStorage.removeItem(KEY)
}

useTokens({ token: () => accessToken, refresh })

export const session: { readonly user: User | null; readonly restored: boolean } = state

export function isOrganization(): boolean {
  return state.user?.role === 'organization'
}

export function start(login: User & Tokens): void {
  const { accessToken: token, refreshToken, expiresIn: _e, ...user } = login
  accessToken = token
  state.user = user as User
  sessionStorage.setItem(KEY, JSON.stringify({ userId: user.id, refreshToken }))
}

/** A new access token now (after verifying the e-mail address: the new one says so). */
export function renewToken(): Promise<boolean> {
  return refresh()
}

export function setUser(user: User): void {
  state.user = user
}

/** On page load: a saved session comes back (refresh + own view), or is forgotten. */
export async function restore(): Promise<void> {
  const s = saved()
  if (s && ((await refresh()) || (saved() && (await refresh())))) {
    try {
      state.user = await api<User>('GET', `/users/${s.userId}`)
    } catch {
      forget()
    }
  }
  state.restored = true
}

export async function logout(): Promise<void> {
  const s = saved()
  if (s) await api('POST', '/users/logout', { refreshToken: s.refreshToken }).catch(() => undefined)
  forget()
}

export function currentToken(): string | null {
  return accessToken
}
