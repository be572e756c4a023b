// The notifications WebSocket: opened while someone is logged in, closed on logout, reconnecting with backoff.
// Frames {type, data} become toasts and bump the unread count; other modules may listen (chat).
import { ref, watch } from 'vue'
import { i18n } from './i18n'
import { get } from './api/http'
import { currentToken, session } from './session'

export interface Frame { type: string; data: Record<string, unknown> }
export interface Toast { id: number; text: string }

export const toasts = ref<Toast[]>([])
export const unread = ref(0)
export const connected = ref(false)
const listeners = new Set<(frame: Frame) => void>()
let socket: WebSocket | null = null
let retry = 0
let timer: number | undefined
let nextToast = 1

export function onFrame(listener: (frame: Frame) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function toast(text: string): void {
  const id = nextToast++
  toasts.value.push({ id, text })
  window.setTimeout(() => (toasts.value = toasts.value.filter((t) => t.id !== id)), 6000)
}

async function websocketUrl(): Promise<string> {
  try {
    const config = (await (await fetch('/config.json')).json()) as { websocketUrl?: string }
    if (config.websocketUrl) return config.websocketUrl
  } catch {
    // no config: derive it below
  }
  const port = Number(location.port || (location.protocol === 'https:' ? 443 : 80)) + 1
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.hostname}:${port}/`
}

/** A notification's text: stored ones carry their facts in `metadata`, chat frames at the top level. Every type
 * the notifications context stores (its NoteType, snake_case) has a text `notifications.<type>` in each language;
 * a buyer's notification may lack the event's title (never seen published): "an event" then. */
export function describe(type: string, data: Record<string, unknown>): string | null {
  const d = { ...data, ...((data.metadata as Record<string, unknown> | undefined) ?? {}) }
  const name = String(d.userName ?? d.followerName ?? d.creatorName ?? d.senderName ?? '')
  const event = String(d.eventName ?? i18n.global.t('notifications.someEvent'))
  const key = `notifications.${type}`
  return /^[a-z_]+$/.test(type) && i18n.global.te(key) ? i18n.global.t(key, { name, event }) : null
}

export async function refreshUnread(): Promise<void> {
  const answer = await get<{ count: number }>('/notifications/unread-count').catch(() => null)
  if (answer) unread.value = answer.count
}

async function connect(): Promise<void> {
  const token = currentToken()
  if (!token || socket) return
  const url = new URL(await websocketUrl())
  url.searchParams.set('token', token)
  const ws = new WebSocket(url)
  socket = ws
  ws.onopen = () => {
    retry = 0
    connected.value = true
    void refreshUnread()  // what arrived while the socket was closed
  }
  ws.onmessage = (message) => {
    let frame: Frame
    try {
      frame = JSON.parse(String(message.data)) as Frame
    } catch {
      return
    }
    if (frame.type === 'pong') return
    if (frame.type === 'notifications-read') return void refreshUnread()  // read elsewhere (a chat conversation)
    listeners.forEach((l) => l(frame))
    const text = describe(frame.type, frame.data ?? {})
    if (frame.data?.id && frame.data?.metadata && !frame.data.read) unread.value += 1  // stored, not a chat frame
    if (text && frame.type !== 'chat_message') toast(text)  // the message's own frame toasts it already
  }
  ws.onclose = () => {
    connected.value = false
    socket = null
    if (session.user) timer = window.setTimeout(connect, Math.min(30000, 1000 * 2 ** retry++))
  }
}

function disconnect(): void {
  window.clearTimeout(timer)
  const ws = socket
  socket = null
  ws?.close()
  unread.value = 0
}

watch(connected, (on) => (document.documentElement.dataset.live = on ? 'connected' : 'closed'))
watch(() => session.user?.id, (id) => (id ? void connect() : disconnect()), { immediate: true })
window.setInterval(() => socket?.readyState === WebSocket.OPEN && socket.send('{"action":"ping"}'), 240000)
